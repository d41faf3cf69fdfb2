import Testing

extension Tag {
    /// Tests that run a sandbox over loopback HTTP.
    @Tag static var medium: Self
}

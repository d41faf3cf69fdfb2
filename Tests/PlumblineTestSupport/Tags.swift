import Testing

extension Tag {
    /// Pure, in-memory tests of the core.
    @Tag public static var small: Self
    /// Tests that talk to a sandbox over loopback.
    @Tag public static var medium: Self
    /// In-process runs of whole commands.
    @Tag public static var large: Self
}

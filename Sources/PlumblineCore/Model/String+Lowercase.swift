extension String {
    /// `lowercased()`, but the string itself when it has no capital letter to lower. Most e-mail
    /// addresses have none, and `lowercased()` copies every one of the tens of thousands a large
    /// plan compares.
    public var lowercasedIfNeeded: String {
        utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || $0 >= 0x80 } ? lowercased() : self
    }
}

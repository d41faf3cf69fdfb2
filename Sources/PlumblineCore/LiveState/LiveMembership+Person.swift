extension LiveMembership {
    /// The membership's person as DESIGN §3 keys them: the lower-cased e-mail its user reference
    /// carries, else plumbline's marker (the same e-mail), else the user reference itself.
    public var personKey: String { email ?? managedKey ?? userReference }
}

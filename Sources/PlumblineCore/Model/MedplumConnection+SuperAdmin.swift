extension MedplumConnection {
    /// The same project reached as the environment's super-admin client, or nil when
    /// `medplum.superAdmin` is not configured. Only a super admin may read or write `Login`
    /// (contract 4.6), which a session audit of Medplum needs.
    public var asSuperAdmin: MedplumConnection? {
        superAdmin.map { credentials in
            MedplumConnection(baseURL: baseURL, projectId: projectId, client: credentials, superAdmin: superAdmin, sendInviteEmail: sendInviteEmail)
        }
    }
}

/// The live objects the manifests declare, keyed as DESIGN §3 keys them, for the rules that check
/// what an acknowledgement or an adoption names. Objects whose keys only exist once an environment
/// is resolved (CORS origins, the frontend SDK) cannot be checked offline.
struct DeclaredObjects {
    let keys: Set<ResourceKey>

    init(_ manifests: ManifestSet) {
        var keys: Set<ResourceKey> = []
        keys.formUnion(manifests.accessPolicies.map { ResourceKey(.medplum, .accessPolicy, $0.name.value) })
        keys.formUnion(manifests.clients.map { ResourceKey(.medplum, .clientApplication, $0.name.value) })
        keys.formUnion(manifests.organizations.map { ResourceKey(.stytch, .organization, $0.slug.value) })
        for user in manifests.users {
            keys.insert(ResourceKey(.medplum, .projectMembership, user.key))
            keys.formUnion(user.organizations.map { ResourceKey(.stytch, .member, "\($0.value)/\(user.key)") })
        }
        self.keys = keys
    }

    /// Whether offline validation can tell if an object of this kind is declared.
    static func isCheckable(_ kind: ResourceKind) -> Bool {
        kind != .allowedOrigin && kind != .frontendSDK
    }

    func declares(_ key: ResourceKey) -> Bool { keys.contains(key) }
}

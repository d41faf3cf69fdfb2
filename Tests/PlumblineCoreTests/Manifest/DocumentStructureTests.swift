import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Documents, kinds and keys", .tags(.small))
struct DocumentStructureTests {
    let allKinds = "Environment, AccessPolicy, Role, Organization, User, Client, SessionPolicy, Job, DriftAcknowledgement, Adoption"

    @Test func unknownKindGetsASuggestion() {
        expectDiagnostics("kind: 1️⃣Rol\nname: clinician\n", [DiagnosticSpec("1️⃣", "unknown kind 'Rol'; did you mean 'Role'?")])
    }

    @Test func unknownKindWithoutNearMatchListsTheKinds() {
        expectDiagnostics("kind: 1️⃣Widget\nname: x\n", [DiagnosticSpec("1️⃣", "unknown kind 'Widget'; expected one of \(allKinds)")])
    }

    @Test func documentWithoutKind() {
        expectDiagnostics("1️⃣name: clinician\n", [DiagnosticSpec("1️⃣", "document has no 'kind'; add one of \(allKinds)")])
    }

    @Test func kindThatIsNotAString() {
        expectDiagnostics("kind: 1️⃣[Role]\n", [DiagnosticSpec("1️⃣", "'kind' in document must be a string, found a list")])
    }

    @Test func documentThatIsNotAMapping() {
        expectDiagnostics("1️⃣- kind: Role\n", [DiagnosticSpec("1️⃣", "a manifest document must be a mapping with a 'kind' key, found a list")])
    }

    @Test func unknownKeyCloseToANestedKeySuggestsItsPath() {
        expectDiagnostics("""
            kind: Role
            name: clinician
            stytch: { roles: [clinician] }
            medplum: { profileType: Practitioner, accessPolicies: [clinician] }
            1️⃣acessPolicy: clinician
            ---
            kind: AccessPolicy
            name: clinician
            resources: [{ resourceType: Patient, interactions: [read] }]
            """, [DiagnosticSpec("1️⃣", "unknown key 'acessPolicy' in Role 'clinician'; did you mean 'medplum.accessPolicies'?")])
    }

    @Test func unknownKeyWithNoNearMatchListsTheValidKeys() {
        expectDiagnostics("""
            kind: Role
            name: clinician
            stytch: { roles: [clinician] }
            1️⃣colour: blue
            """, [DiagnosticSpec("1️⃣", "unknown key 'colour' in Role 'clinician'; valid keys are kind, name, description, stytch, medplum")])
    }

    @Test func unknownKeyWithANearMatchIsSuggested() {
        expectDiagnostics("""
            kind: Client
            name: panels-web
            accessPolicy: web
            1️⃣alowedOrigins: [https://panels.example.org]
            ---
            kind: AccessPolicy
            name: web
            resources: [{ resourceType: Patient, interactions: [read] }]
            """, [DiagnosticSpec("1️⃣", "unknown key 'alowedOrigins' in Client 'panels-web'; did you mean 'allowedOrigins'?")])
    }

    @Test func unknownNestedKeyNamesItsParent() {
        expectDiagnostics("""
            kind: Role
            name: clinician
            stytch: { roles: [clinician], 1️⃣role: [x] }
            """, [DiagnosticSpec("1️⃣", "unknown key 'role' in 'stytch' of Role 'clinician'; did you mean 'roles'?")])
    }

    @Test func emptyDocumentsAreSkippedAndLaterDocumentsKeepTheirLines() {
        expectDiagnostics("""
            ---
            # nothing here
            ---
            kind: SessionPolicy
            name: default
            maxAge: 12h
            ---
            kind: SessionPolicy
            name: 1️⃣default
            maxAge: 1h
            """, [DiagnosticSpec("1️⃣", "duplicate SessionPolicy 'default'; the first is defined at test.yaml:5:7; rename or remove one of them")])
    }

    @Test func syntaxErrorsCarryTheParsersPosition() {
        expectDiagnostics("kind: Role\nname: clinician\nstytch: { roles: [clinician 1️⃣}\n", [
            DiagnosticSpec("1️⃣", "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 3)"),
        ])
    }

    @Test func tabsInIndentationGetAHint() {
        expectDiagnostics("kind: Role\nname: x\nstytch:\n1️⃣\troles: [a]\n", [
            DiagnosticSpec("1️⃣", "invalid YAML: found character that cannot start any token (while scanning for the next token at line 4); YAML does not allow tabs for indentation, use spaces"),
        ])
    }

    @Test func repeatedKeysAreASyntaxError() {
        expectDiagnostics("kind: Role\n1️⃣name: x\nname: y\nstytch: { roles: [a] }\n", [
            DiagnosticSpec("1️⃣", "key 'name' appears more than once in the same mapping; keep only one"),
        ])
    }

    @Test func repeatedKeysInALargeMappingAreListedSmallestFirst() {
        let filler = (1...20).map { "k\($0): v" }.joined(separator: "\n")
        expectDiagnostics("kind: Role\nname: x\nb: 1\n\(filler)\nb: 2\n2️⃣a: 1\na: 2\n", [
            DiagnosticSpec("2️⃣", "key 'a', 'b' appears more than once in the same mapping; keep only one"),
        ])
    }

    @Test func documentsBeforeASyntaxErrorAreStillChecked() {
        expectDiagnostics("""
            kind: Role
            name: x
            stytch: { roles: [a] }
            medplum: { profileType: 1️⃣Doctor }
            ---
            kind: Role
            name: [
            2️⃣
            """, [
                DiagnosticSpec("1️⃣", "'medplum.profileType' in Role 'x' has unknown value 'Doctor'; expected one of Practitioner, Patient, RelatedPerson"),
                DiagnosticSpec("2️⃣", "invalid YAML: did not find expected node content (while parsing a flow node at line 8)"),
            ])
    }

    @Test func unquotedReferencesInFlowCollectionsGetAHint() {
        expectDiagnostics("kind: Environment\nname: x\nmedplum: {baseUrl: $1️⃣{env:A}}\n", [
            DiagnosticSpec("1️⃣", "invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 3); inside [ ] or { } a value holding ${...} must be quoted"),
        ])
    }

    @Test func columnsCountUnicodeScalars() {
        expectDiagnostics("""
            kind: User
            email: irene@riverside.example.org
            firstName: Irène
            lastName: Rössi
            roles: [1️⃣nürse, 2️⃣nürse]
            """, [
                DiagnosticSpec("1️⃣", "User 'irene@riverside.example.org' refers to role 'nürse', but no Role has that name; declare a Role named 'nürse' or fix the name"),
                DiagnosticSpec("2️⃣", .warning, "'nürse' is listed twice in User 'irene@riverside.example.org'; remove the repetition"),
            ])
    }
}

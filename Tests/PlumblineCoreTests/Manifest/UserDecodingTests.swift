import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("User documents", .tags(.small))
struct UserDecodingTests {
    let roles = """
        ---
        kind: Role
        name: clinician
        stytch: { roles: [clinician] }
        medplum: { profileType: Practitioner, accessPolicies: [p] }
        ---
        kind: Role
        name: carer
        medplum: { profileType: RelatedPerson, accessPolicies: [p] }
        ---
        kind: AccessPolicy
        name: p
        resources: [{ resourceType: Patient, interactions: [read] }]
        ---
        kind: Organization
        name: Northside Clinic
        slug: northside
        """

    @Test func fieldsAreTypedAndRequired() {
        expectDiagnostics("""
            1️⃣kind: User
            email: 2️⃣alice@
            firstName: 3️⃣1
            roles: 4️⃣clinician
            active: 5️⃣maybe
            expires: 6️⃣2027-02-30
            \(roles)
            """, [
                DiagnosticSpec("1️⃣", "missing required key 'lastName' in User 'alice@'; add it"),
                DiagnosticSpec("2️⃣", "'alice@' is not a valid e-mail address; write it as name@domain, e.g. alice@northside.example.org"),
                DiagnosticSpec("3️⃣", "'firstName' in User 'alice@' must be a string, found an integer; quote the value to make it a string"),
                DiagnosticSpec("4️⃣", "'roles' in User 'alice@' must be a list, found a string; write it as a list: [clinician]"),
                DiagnosticSpec("5️⃣", "'active' in User 'alice@' must be true or false, found a string"),
                DiagnosticSpec("6️⃣", "'expires' in User 'alice@' must be a date written YYYY-MM-DD, e.g. 2027-03-31, found '2027-02-30'"),
            ])
    }

    @Test func expiresMustBeADate() {
        expectDiagnostics("""
            kind: User
            email: a@northside.example.org
            firstName: A
            lastName: B
            roles: [clinician]
            organizations: [northside]
            expires: 1️⃣20270331
            \(roles)
            """, [DiagnosticSpec("1️⃣", "'expires' in User 'a@northside.example.org' must be a date, found an integer; write it as YYYY-MM-DD, e.g. 2027-03-31")])
    }

    @Test func emailsAreComparedCaseInsensitively() {
        expectDiagnostics("""
            kind: User
            email: Alice@Northside.example.org
            firstName: Alice
            lastName: Doe
            roles: [clinician]
            organizations: [northside]
            ---
            kind: User
            email: 1️⃣alice@northside.example.org
            firstName: Alice
            lastName: Doe
            roles: [clinician]
            organizations: [northside]
            \(roles)
            """, [
                DiagnosticSpec("1️⃣", "duplicate User 'alice@northside.example.org'; the same e-mail (compared case-insensitively) is first defined at test.yaml:2:8; keep one of them"),
            ])
    }

    @Test func rolesAndOrganizationsMustResolve() {
        expectDiagnostics("""
            kind: User
            email: a@northside.example.org
            firstName: A
            lastName: B
            roles: [1️⃣clinican]
            organizations: [2️⃣Northside Clinic, 3️⃣northsid, 4️⃣elsewhere]
            \(roles)
            """, [
                DiagnosticSpec("1️⃣", "User 'a@northside.example.org' refers to role 'clinican', but no Role has that name; did you mean 'clinician'?"),
                DiagnosticSpec("2️⃣", "User 'a@northside.example.org' refers to organization 'Northside Clinic', but no Organization has that slug; organizations are referred to by slug; write 'northside'"),
                DiagnosticSpec("3️⃣", "User 'a@northside.example.org' refers to organization 'northsid', but no Organization has that slug; did you mean 'northside'?"),
                DiagnosticSpec("4️⃣", "User 'a@northside.example.org' refers to organization 'elsewhere', but no Organization has that slug; declare an Organization with slug 'elsewhere' or fix the slug"),
            ])
    }

    @Test func rolesMustAgreeOnTheProfileType() {
        expectDiagnostics("""
            kind: User
            email: a@northside.example.org
            firstName: A
            lastName: B
            organizations: [northside]
            roles: [1️⃣clinician, carer]
            \(roles)
            """, [
                DiagnosticSpec("1️⃣", "User 'a@northside.example.org' has roles with different Medplum profile types (clinician: Practitioner, carer: RelatedPerson); a membership has one profile, so give the person roles that agree"),
            ])
    }

    @Test func stytchRolesNeedAnOrganizationAndEmptyRolesGrantNothing() {
        expectDiagnostics("""
            1️⃣kind: User
            email: a@northside.example.org
            firstName: A
            lastName: B
            roles: [clinician]
            ---
            kind: User
            email: b@northside.example.org
            firstName: B
            lastName: C
            roles: 2️⃣[]
            \(roles)
            """, [
                DiagnosticSpec("1️⃣", .warning, "User 'a@northside.example.org' gets Stytch roles from 'clinician' but belongs to no organization, so those roles are never granted; add 'organizations'"),
                DiagnosticSpec("2️⃣", .warning, "User 'b@northside.example.org' has no roles, so they get no access; add a role or remove the user"),
            ])
    }
}

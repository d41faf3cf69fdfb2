import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Client, SessionPolicy and Job documents", .tags(.small))
struct ClientSessionJobDecodingTests {
    @Test func clientOriginsAndRedirectsAreChecked() {
        expectDiagnostics("""
            1️⃣kind: Client
            name: web
            allowedOrigins: [http://localhost:3000, 2️⃣https://panels.example.org/login, 3️⃣"*"]
            redirectUris: [https://panels.example.org/callback, 4️⃣panels.example.org/callback, 5️⃣"https://panels.example.org/cb#x"]
            """, [
                DiagnosticSpec("1️⃣", .warning, "Client 'web' has no 'accessPolicy', so its membership can reach every resource; name a policy"),
                DiagnosticSpec("2️⃣", "origin 'https://panels.example.org/login' has a path, query or fragment, which a browser never sends in an origin; write 'https://panels.example.org' (in Client 'web')"),
                DiagnosticSpec("3️⃣", "origin '*' is a wildcard; list each origin the app is served from (in Client 'web')"),
                DiagnosticSpec("4️⃣", "redirect URI 'panels.example.org/callback' in Client 'web' must be an absolute http(s) URL without a fragment, e.g. https://app.example.org/callback"),
                DiagnosticSpec("5️⃣", "redirect URI 'https://panels.example.org/cb#x' in Client 'web' must be an absolute http(s) URL without a fragment, e.g. https://app.example.org/callback"),
            ])
    }

    @Test func plainHTTPClientOriginsFollowTheProductionRule() {
        let client = """
            kind: Client
            name: web
            accessPolicy: p
            allowedOrigins: [1️⃣http://panels.example.org]
            ---
            kind: AccessPolicy
            name: p
            resources: [{ resourceType: Patient, interactions: [read] }]
            """
        expectDiagnostics(client, [
            DiagnosticSpec("1️⃣", .warning, "origin 'http://panels.example.org' in Client 'web' uses http outside loopback; serve the app over https"),
        ])
        expectDiagnostics(client + "\n---\nkind: Environment\nname: production\nstytch: { projectId: \"${env:P}\", secret: \"${env:S}\" }\n", [
            DiagnosticSpec("1️⃣", "origin 'http://panels.example.org' in Client 'web' uses http outside loopback; clients are applied to Environment 'production'; serve the app over https"),
        ])
    }

    @Test func clientPolicyMustExist() {
        expectDiagnostics("kind: Client\nname: web\naccessPolicy: 1️⃣backend\n", [
            DiagnosticSpec("1️⃣", "Client 'web' refers to access policy 'backend', but no AccessPolicy has that name; declare an AccessPolicy named 'backend' or fix the name"),
        ])
    }

    @Test func sessionPolicyValuesAreChecked() {
        expectDiagnostics("""
            kind: SessionPolicy
            name: strict
            maxAge: 1️⃣12 hours
            idleTimeout: 2️⃣30
            maxConcurrent: 3️⃣0
            onViolation: 4️⃣revok
            """, [
                DiagnosticSpec("1️⃣", "'maxAge' in SessionPolicy 'strict' must be a duration such as 30m, 12h or 14d, found '12 hours'"),
                DiagnosticSpec("2️⃣", "'idleTimeout' in SessionPolicy 'strict' must be a duration such as 30m, 12h or 14d, found an integer; add a unit, e.g. 30m"),
                DiagnosticSpec("3️⃣", "'maxConcurrent' in SessionPolicy 'strict' must be at least 1, found 0"),
                DiagnosticSpec("4️⃣", "'onViolation' in SessionPolicy 'strict' has unknown value 'revok'; did you mean 'revoke'?"),
            ])
    }

    @Test func ineffectiveSessionLimitsAreWarned() {
        expectDiagnostics("""
            kind: SessionPolicy
            name: odd
            maxAge: 1h
            idleTimeout: 1️⃣2h
            ---
            2️⃣kind: SessionPolicy
            name: none
            onViolation: revoke
            """, [
                DiagnosticSpec("1️⃣", .warning, "'idleTimeout' (2h) in SessionPolicy 'odd' is longer than 'maxAge' (1h), so it never applies; shorten it"),
                DiagnosticSpec("2️⃣", .warning, "SessionPolicy 'none' sets no limit; add maxAge, idleTimeout or maxConcurrent"),
            ])
    }

    @Test func jobStepsAndLimitsAreChecked() {
        expectDiagnostics("""
            kind: Job
            name: nightly
            environment: production
            steps: [plan, 1️⃣aply, apply, 2️⃣plan]
            apply: { maxChanges: 3️⃣-1, concurrency: 4️⃣0 }
            report: { 5️⃣directory: reports }
            ---
            6️⃣kind: Job
            name: empty
            steps: 7️⃣[]
            """, [
                DiagnosticSpec("1️⃣", "'steps[1]' in Job 'nightly' has unknown value 'aply'; did you mean 'apply'?"),
                DiagnosticSpec("2️⃣", "step 'plan' appears twice in Job 'nightly'; list each step once"),
                DiagnosticSpec("3️⃣", "'apply.maxChanges' in Job 'nightly' must be at least 0, found -1"),
                DiagnosticSpec("4️⃣", "'apply.concurrency' in Job 'nightly' must be at least 1, found 0"),
                DiagnosticSpec("5️⃣", "unknown key 'directory' in 'report' of Job 'nightly'; valid keys are dir, markdown, metricsFile"),
                DiagnosticSpec("6️⃣", "missing required key 'environment' in Job 'empty'; add it"),
                DiagnosticSpec("7️⃣", "'steps' in Job 'empty' is empty; list the steps to run, e.g. [plan, apply]"),
            ])
    }
}

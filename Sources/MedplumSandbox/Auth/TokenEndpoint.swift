import Foundation

/// `POST /oauth2/token` (contract 2.1), the client-credentials grant in full and the other grants'
/// refusals. Errors are `{error, error_description}` with 400, never OperationOutcomes.
struct TokenRequest: Sendable {
    var form: [(name: String, value: String)]
    var authorization: String?
    var remoteAddress: String
    var userAgent: String?

    func field(_ name: String) -> String? {
        form.first(where: { $0.name == name })?.value
    }
}

extension StoreState {
    mutating func token(_ request: TokenRequest, key: SigningKey, baseURL: String, now: Int64) -> Reply {
        guard let grantType = request.field("grant_type"), !grantType.isEmpty else {
            return Self.tokenError("invalid_request", "Missing grant_type")
        }
        switch grantType {
        case "client_credentials":
            return clientCredentials(request, key: key, baseURL: baseURL, now: now)
        case "authorization_code":
            guard let code = request.field("code"), !code.isEmpty else {
                return Self.tokenError("invalid_request", "Missing code")
            }
            return Self.tokenError("invalid_request", "Invalid code")
        case "refresh_token":
            return Self.tokenError("invalid_request", "Invalid refresh token")
        case "urn:ietf:params:oauth:grant-type:token-exchange":
            guard let client = request.field("client_id"), !client.isEmpty else {
                return Self.tokenError("invalid_request", "Invalid client")
            }
            guard let subject = request.field("subject_token"), !subject.isEmpty else {
                return Self.tokenError("invalid_request", "Invalid subject_token")
            }
            guard request.field("subject_token_type") == "urn:ietf:params:oauth:token-type:access_token" else {
                return Self.tokenError("invalid_request", "Invalid subject_token_type")
            }
            return Self.tokenError("invalid_request", "Invalid client")
        default:
            return Self.tokenError("invalid_request", "Unsupported grant_type")
        }
    }

    private mutating func clientCredentials(_ request: TokenRequest, key: SigningKey, baseURL: String, now: Int64)
        -> Reply
    {
        let clientID: String?
        let secret: String?
        switch clientIDAndSecret(request, baseURL: baseURL) {
        case .failure(let failure): return Self.tokenError("invalid_request", failure.message)
        case .success(let pair): (clientID, secret) = pair
        }
        guard let clientID, !clientID.isEmpty else { return Self.tokenError("invalid_request", "Missing client_id") }
        guard let secret, !secret.isEmpty else { return Self.tokenError("invalid_request", "Missing client_secret") }
        guard let client = resource("ClientApplication", clientID) else {
            return Self.tokenError("invalid_request", "Invalid client")
        }
        if let status = client["status"]?.stringValue, status != "active" {
            return Self.tokenError("invalid_request", "Invalid client")
        }
        guard let current = client["secret"]?.stringValue, !current.isEmpty else {
            return Self.tokenError("invalid_request", "Invalid client")
        }
        let retiring = client["retiringSecret"]?.stringValue ?? current
        guard Self.constantTimeEquals(current, secret) || Self.constantTimeEquals(retiring, secret) else {
            return Self.tokenError("invalid_request", "Invalid secret")
        }
        guard let membership = clientMembership(clientID), let membershipJSON = membership.current.resource,
            let projectID = Self.split(membershipJSON["project"]?.referenceString)?.1,
            let project = resource("Project", projectID)
        else {
            return Self.tokenError("invalid_request", "Invalid client")
        }
        let scope = request.field("scope").flatMap { $0.isEmpty ? nil : $0 } ?? "openid"
        let login = LoginRecord(
            id: MedplumID.generate(), clientID: clientID, membershipID: membership.id, scope: scope, authTime: now,
            remoteAddress: request.remoteAddress, userAgent: request.userAgent, revoked: false)
        putClientLogin(login)

        let policy: AccessPolicyRules
        do {
            policy = try accessPolicy(membership: membershipJSON, project: project)
        } catch {
            return Self.tokenError("invalid_request", error.text)
        }
        if !Self.ipAllowed(request.remoteAddress, rules: policy.json["ipAccessRule"]?.arrayValue ?? []) {
            return Self.tokenError("invalid_request", "IP address not allowed")
        }
        guard let lifetime = TokenLifetime.seconds(client["accessTokenLifetime"]?.stringValue ?? "1h") else {
            return ExpressPages.internalServerError
        }
        return tokenResponse(
            login: login, client: client, membership: membershipJSON, lifetime: lifetime, key: key, baseURL: baseURL,
            now: now)
    }

    /// The credential sources in Medplum's order: client assertion, `Authorization` (which wins
    /// over the form), then the form fields.
    private func clientIDAndSecret(_ request: TokenRequest, baseURL: String) -> Result<(String?, String?), TokenFailure> {
        if let assertionType = request.field("client_assertion_type"), !assertionType.isEmpty {
            guard assertionType == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
                return .failure(TokenFailure("Unsupported client assertion type"))
            }
            let parts = (request.field("client_assertion") ?? "").split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let payload = Base64URL.decode(parts[1]),
                let claims = try? JSONParser.parse([UInt8](payload))
            else {
                return .failure(TokenFailure("Invalid client assertion"))
            }
            guard claims["aud"]?.stringValue == baseURL + "oauth2/token" else {
                return .failure(TokenFailure("Invalid client assertion audience"))
            }
            guard let issuer = claims["iss"]?.stringValue, issuer == claims["sub"]?.stringValue else {
                return .failure(TokenFailure("Invalid client assertion issuer"))
            }
            guard let client = resource("ClientApplication", issuer) else {
                return .failure(TokenFailure("Client not found"))
            }
            guard client["jwksUri"] != nil else { return .failure(TokenFailure("Client must have a JWK Set URL")) }
            // The sandbox cannot fetch a client's JWKS, so no assertion signature can be checked.
            return .failure(TokenFailure("Invalid client assertion signature"))
        }
        if let header = request.authorization {
            guard header.hasPrefix("Basic ") else { return .failure(TokenFailure("Invalid authorization header")) }
            let value = header.split(separator: " ", omittingEmptySubsequences: false).dropFirst().first ?? ""
            let decoded = Data(base64Encoded: String(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let pieces = decoded.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            return .success((pieces.first, pieces.count > 1 ? pieces[1] : nil))
        }
        return .success((request.field("client_id"), request.field("client_secret")))
    }

    private func tokenResponse(
        login: LoginRecord, client: JSON, membership: JSON, lifetime: Int64, key: SigningKey, baseURL: String,
        now: Int64
    ) -> Reply {
        let issuedAt = now / 1000
        let clientID = login.clientID
        let profile = membership["profile"]?.referenceString ?? "ClientApplication/\(clientID)"
        let accessToken = key.sign([
            "client_id": .string(clientID), "login_id": .string(login.id), "sub": .string(clientID),
            "username": .string(clientID), "scope": .string(login.scope), "profile": .string(profile),
            "iat": .number(Double(issuedAt)), "iss": .string(baseURL), "aud": .string(clientID),
            "nbf": .number(Double(issuedAt)), "exp": .number(Double(issuedAt + lifetime)),
        ])
        let idToken = key.sign([
            "client_id": .string(clientID), "login_id": .string(login.id), "fhirUser": .string(profile),
            "sub": .string(clientID), "nonce": .string(MedplumID.generate()), "auth_time": .number(Double(issuedAt)),
            "iat": .number(Double(issuedAt)), "iss": .string(baseURL), "aud": .string(clientID),
            "exp": .number(Double(issuedAt + 3600)),
        ])
        var body: JSONObject = [
            "token_type": "Bearer",
            "expires_in": .number(Double(lifetime)),
            "scope": .string(login.scope),
            "id_token": .string(idToken),
            "access_token": .string(accessToken),
        ]
        body["project"] = membership["project"]
        body["profile"] = membership["profile"]
        body["smart_style_url"] = .string(baseURL + "fhir/R4/.well-known/smart-styles.json")
        body["need_patient_banner"] = false
        return .json(.object(body))
    }

    static func tokenError(_ error: String, _ description: String) -> Reply {
        .json(["error": .string(error), "error_description": .string(description)], status: 400)
    }

    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }

    /// `AccessPolicy.ipAccessRule`: the first rule whose value is `*`, the address or a prefix of
    /// it decides; no match allows.
    private static func ipAllowed(_ address: String, rules: [JSON]) -> Bool {
        for rule in rules {
            guard let value = rule["value"]?.stringValue else { continue }
            if value == "*" || address == value || address.hasPrefix(value) {
                return rule["action"]?.stringValue != "block"
            }
        }
        return true
    }
}

/// An error description for the token endpoint.
struct TokenFailure: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Token lifetimes as `ClientApplication.accessTokenLifetime` writes them (`30m`, `8h`, `2w`).
enum TokenLifetime {
    /// Seconds, or nil for a malformed value (Medplum then fails the token request with a 500).
    static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let amount = Int64(text.dropLast()), text.dropLast().allSatisfy(\.isNumber) else {
            return nil
        }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86_400
        case "w": return amount * 604_800
        case "y": return amount * 31_557_600
        default: return nil
        }
    }
}

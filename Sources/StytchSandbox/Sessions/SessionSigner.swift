import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Signs session JWTs with RS256 and publishes the key as the JWKS of contract §6.6 — including
/// the `x5c` certificate chain and `x5tS256` thumbprint that the SDK's JWK model requires.
struct SessionSigner: Sendable {
    let privateKey: _RSA.Signing.PrivateKey
    /// `jwk-test-<uuid>`, derived from the public key so that it survives a `--state` restart.
    let keyId: String
    /// The JWKS entry for the key.
    let jwk: JWKWire

    /// One 2048-bit key per process, generated on first use. Key generation costs a noticeable
    /// fraction of a second, and test suites start a fresh sandbox per test; sandboxes in one
    /// process therefore share it unless their `--state` directory holds a key of its own.
    static let processKey: _RSA.Signing.PrivateKey? = try? _RSA.Signing.PrivateKey(keySize: .bits2048)

    /// Wraps an existing key (from `--state`), or the process key.
    init(privateKey: _RSA.Signing.PrivateKey? = nil) throws {
        let key = try privateKey ?? Self.processKey ?? _RSA.Signing.PrivateKey(keySize: .bits2048)
        self.privateKey = key
        let publicDER = key.publicKey.derRepresentation
        let digest = Array(SHA256.hash(data: publicDER))
        let uuid = UUID(uuid: (
            digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
            digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
        keyId = "jwk-test-\(uuid.uuidString.lowercased())"

        let certificateKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName { CommonName("Stytch Sandbox session JWT signing key") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: certificateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-86_400), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions(), issuerPrivateKey: certificateKey)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let certificateDER = Data(serializer.serializedBytes)
        let primitives = try key.publicKey.getKeyPrimitives()
        jwk = JWKWire(
            kty: "RSA", use: "sig", keyOps: ["verify"], alg: "RS256", kid: keyId,
            x5c: [certificateDER.base64EncodedString()],
            x5tS256: Base64URL.encode(Data(SHA256.hash(data: certificateDER))),
            n: Base64URL.encode(Self.stripLeadingZeros(primitives.modulus)),
            e: Base64URL.encode(Self.stripLeadingZeros(primitives.publicExponent)))
    }

    /// A compact JWS of `claims`.
    func sign(_ claims: JSONObject) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let header = try encoder.encode(["alg": "RS256", "kid": keyId, "typ": "JWT"])
        let payload = try encoder.encode(claims)
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// The claims of a JWT this signer issued, or nil when it is malformed or not signed by this
    /// key. Expiry is the caller's business: an expired JWT of a live session is still honoured.
    func verify(_ jwt: String) -> JSONObject? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(String(parts[0])),
            let header = try? JSONDecoder().decode([String: JSONValue].self, from: headerData),
            header["alg"] == .string("RS256"), header["kid"] == .string(keyId),
            let signature = Base64URL.decode(String(parts[2])), let payload = Base64URL.decode(String(parts[1]))
        else { return nil }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard privateKey.publicKey.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: signature), for: signingInput, padding: .insecurePKCS1v1_5)
        else { return nil }
        return try? JSONDecoder().decode(JSONObject.self, from: payload)
    }

    private static func stripLeadingZeros(_ data: Data) -> Data {
        let trimmed = data.drop { $0 == 0 }
        return trimmed.isEmpty ? Data([0]) : Data(trimmed)
    }
}

/// One key of the JWKS response; every field is required by the SDK's `JWK` model.
struct JWKWire: Encodable, Sendable {
    let kty: String
    let use: String
    let keyOps: [String]
    let alg: String
    let kid: String
    let x5c: [String]
    let x5tS256: String
    let n: String
    let e: String

    enum CodingKeys: String, CodingKey {
        case kty, use, keyOps = "key_ops", alg, kid, x5c, x5tS256, n, e
    }
}

/// `{keys}`: `GET /v1/b2b/sessions/jwks/{project_id}`.
struct JWKSPayload: Encodable {
    let keys: [JWKWire]
}

/// Unpadded base64url (RFC 4648 §5), as JOSE uses it.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

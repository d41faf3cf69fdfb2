import Crypto
import Foundation

/// The server's ES256 signing key (Medplum generates one on first start and publishes it at
/// `/.well-known/jwks.json` under its JsonWebKey id).
struct SigningKey: Sendable {
    let kid: String
    let privateKey: P256.Signing.PrivateKey

    init(kid: String = MedplumID.generate(), privateKey: P256.Signing.PrivateKey = P256.Signing.PrivateKey()) {
        self.kid = kid
        self.privateKey = privateKey
    }

    /// The public half as a JWK (`kty EC`, `crv P-256`).
    var publicJWK: JSON {
        let point = privateKey.publicKey.x963Representation
        let x = point.dropFirst().prefix(32)
        let y = point.dropFirst(33).prefix(32)
        return [
            "kid": .string(kid), "alg": "ES256", "kty": "EC", "use": "sig", "crv": "P-256",
            "x": .string(Base64URL.encode(Data(x))), "y": .string(Base64URL.encode(Data(y))),
        ]
    }

    /// A compact JWS over `claims`, header `{"alg":"ES256","kid":...,"typ":"JWT"}`.
    func sign(_ claims: JSON) -> String {
        let header: JSON = ["alg": "ES256", "kid": .string(kid), "typ": "JWT"]
        let signingInput =
            Base64URL.encode(Data(JSONWriter.serialize(header))) + "."
            + Base64URL.encode(Data(JSONWriter.serialize(claims)))
        let signature = (try? privateKey.signature(for: Data(signingInput.utf8)))?.rawRepresentation ?? Data()
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// The claims of a token this key signed, or nil when the token is malformed, names another
    /// key or carries a bad signature (Medplum then treats the request as anonymous).
    func verify(_ token: String) -> JSON? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerData = Base64URL.decode(parts[0]),
            let header = try? JSONParser.parse([UInt8](headerData)),
            header["alg"]?.stringValue == "ES256", header["kid"]?.stringValue == kid,
            let payloadData = Base64URL.decode(parts[1]),
            let signatureData = Base64URL.decode(parts[2]),
            let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureData)
        else { return nil }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard privateKey.publicKey.isValidSignature(signature, for: signingInput) else { return nil }
        return try? JSONParser.parse([UInt8](payloadData))
    }

    // MARK: - Persistence (`--state`)

    var persisted: JSON {
        ["kid": .string(kid), "d": .string(Base64URL.encode(privateKey.rawRepresentation))]
    }

    init?(persisted json: JSON) {
        guard let kid = json["kid"]?.stringValue, let d = json["d"]?.stringValue, let raw = Base64URL.decode(d[...]),
            let key = try? P256.Signing.PrivateKey(rawRepresentation: raw)
        else { return nil }
        self.init(kid: kid, privateKey: key)
    }
}

/// Base64url without padding (RFC 7515).
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

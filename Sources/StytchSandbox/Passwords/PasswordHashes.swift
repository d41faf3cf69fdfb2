import Crypto
import Foundation
import _CryptoExtras

/// Migrated password hashes (contract §15.2): checked for shape on migrate, verified on
/// authenticate.
///
/// md_5 / sha_1 / sha_512: the hex digest of `prepend_salt + password + append_salt`, salts taken
/// as literal UTF-8 text, compared case-insensitively. pbkdf_2 / scrypt: base64 derived keys with
/// base64 salts. bcrypt: the standard `$2a$`/`$2b$`/`$2y$` string. argon_2i, argon_2id and phpass
/// cannot be verified here and are refused with `invalid_hash_type` (see CONTRACT-NOTES.md).
enum PasswordHashes {
    static let knownTypes: Set<String> = [
        "bcrypt", "md_5", "argon_2i", "argon_2id", "sha_1", "sha_512", "scrypt", "phpass", "pbkdf_2",
    ]

    /// A validated password record for a migrate request.
    static func record(_ body: PasswordMigrateBody, hash: String, type: String) throws(StytchError) -> PasswordRecord {
        guard knownTypes.contains(type) else { throw .invalidHashType }
        var record = PasswordRecord(id: "member-password-test-\(UUID().uuidString.lowercased())", hashType: type, hash: hash)
        switch type {
        case "md_5", "sha_1", "sha_512":
            let length = ["md_5": 32, "sha_1": 40, "sha_512": 128][type] ?? 0
            guard hash.count == length, hash.allSatisfy(\.isHexDigit) else { throw .invalidHash(type) }
            let salts = [
                "md_5": body.md5Config, "sha_1": body.sha1Config, "sha_512": body.sha512Config,
            ][type] ?? nil
            record.prependSalt = salts?.prependSalt ?? ""
            record.appendSalt = salts?.appendSalt ?? ""
        case "bcrypt":
            guard Bcrypt.parse(hash) != nil else { throw .invalidHash(type) }
        case "pbkdf_2":
            guard Data(base64Encoded: hash) != nil else { throw .invalidHash(type) }
            guard let config = body.pbkdf2Config, let salt = config["salt"]?.stringValue, Data(base64Encoded: salt) != nil
            else { throw .invalidHashParameter("invalid_pbkdf_2_salt", "pbkdf_2_config.salt must be base64.") }
            guard case .int(let rounds)? = config["iteration_amount"], rounds > 0 else {
                throw .invalidHashParameter(
                    "invalid_pbkdf_2_iteration_amount", "pbkdf_2_config.iteration_amount must be positive.")
            }
            record.parameters = config
        case "scrypt":
            guard Data(base64Encoded: hash) != nil else {
                throw .invalidHashParameter("invalid_base64_scrypt_hash", "The scrypt hash must be base64.")
            }
            guard let config = body.scryptConfig, let salt = config["salt"]?.stringValue, Data(base64Encoded: salt) != nil
            else { throw .invalidHashParameter("invalid_base64_scrypt_salt", "scrypt_config.salt must be base64.") }
            guard case .int(let n)? = config["n_parameter"], n > 1, n & (n - 1) == 0 else {
                throw .invalidHashParameter(
                    "invalid_scrypt_n_parameter", "scrypt_config.n_parameter must be a power of two.")
            }
            record.parameters = config
        default:
            throw .unsupportedHashType(type)
        }
        return record
    }

    /// Whether `password` matches the stored hash.
    static func verify(_ password: String, against record: PasswordRecord) -> Bool {
        switch record.hashType {
        case "md_5", "sha_1", "sha_512":
            let input = Data((record.prependSalt + password + record.appendSalt).utf8)
            let digest: [UInt8]
            switch record.hashType {
            case "md_5": digest = Array(Insecure.MD5.hash(data: input))
            case "sha_1": digest = Array(Insecure.SHA1.hash(data: input))
            default: digest = Array(SHA512.hash(data: input))
            }
            return hex(digest) == record.hash.lowercased()
        case "bcrypt":
            return Bcrypt.verify(password, hash: record.hash)
        case "pbkdf_2":
            return verifyPBKDF2(password, record)
        case "scrypt":
            return verifyScrypt(password, record)
        default:
            return false
        }
    }

    /// Lower-case hex of bytes.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func verifyPBKDF2(_ password: String, _ record: PasswordRecord) -> Bool {
        let config = record.parameters
        guard let salt = config["salt"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            case .int(let rounds)? = config["iteration_amount"], let expected = Data(base64Encoded: record.hash)
        else { return false }
        let length: Int
        if case .int(let configured)? = config["key_length"], configured > 0 { length = configured } else { length = expected.count }
        let function: KDF.Insecure.PBKDF2.HashFunction = config["algorithm"]?.stringValue == "sha512" ? .sha512 : .sha256
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8), salt: salt, using: function, outputByteCount: length, unsafeUncheckedRounds: rounds)
        else { return false }
        return key.withUnsafeBytes { Data($0) } == expected
    }

    private static func verifyScrypt(_ password: String, _ record: PasswordRecord) -> Bool {
        let config = record.parameters
        guard let salt = config["salt"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            case .int(let n)? = config["n_parameter"], let expected = Data(base64Encoded: record.hash)
        else { return false }
        let r: Int
        if case .int(let value)? = config["r_parameter"] { r = value } else { r = 8 }
        let p: Int
        if case .int(let value)? = config["p_parameter"] { p = value } else { p = 1 }
        let length: Int
        if case .int(let configured)? = config["key_length"], configured > 0 { length = configured } else { length = expected.count }
        guard let key = try? KDF.Scrypt.deriveKey(
            from: Data(password.utf8), salt: salt, outputByteCount: length, rounds: n, blockSize: r, parallelism: p,
            maxMemory: 1 << 30)
        else { return false }
        return key.withUnsafeBytes { Data($0) } == expected
    }
}

import Crypto
import Foundation

/// SHA-256 of some bytes, as `sha256:<hex>`: a version for objects whose server keeps none (the
/// Stytch frontend SDK's configuration), compared when a saved plan is applied.
public enum Fingerprint {
    public static func sha256(_ data: Data) -> String {
        "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

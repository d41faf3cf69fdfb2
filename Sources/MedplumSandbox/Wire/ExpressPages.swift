import Foundation

/// The answers Express itself gives when no Medplum handler does.
enum ExpressPages {
    /// `finalhandler`'s 404 page for a path no router handles: `Cannot GET /x`, with its own
    /// `Content-Security-Policy`, which replaces Medplum's.
    static func notFound(method: String, path: String) -> Reply {
        let message = "Cannot \(method) \(escapeHTML(path))"
        let body =
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n"
            + "<body>\n<pre>\(message)</pre>\n</body>\n</html>\n"
        var reply = Reply.html(body, status: 404)
        reply.setHeader("Content-Security-Policy", "default-src 'none'")
        reply.setHeader("X-Content-Type-Options", "nosniff")
        return reply
    }

    /// Medplum's global error handler for anything unexpected.
    static let internalServerError = Reply.json(["msg": "Internal Server Error"], status: 500)

    private static func escapeHTML(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// Medplum's resource and version ids: random v4 UUIDs in lower case.
enum MedplumID {
    static func generate() -> String {
        UUID().uuidString.lowercased()
    }

    /// Whether `text` is a UUID as Medplum's `isUUID` checks (any version, either case).
    static func isUUID(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (offset, byte) in bytes.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let isHex =
                    (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70)
                guard isHex else { return false }
            }
        }
        return true
    }

    /// 32 random bytes as 64 lower-case hex characters (`generateSecret(32)`).
    static func secret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

import Foundation

/// bcrypt (Provos & Mazières, 1999) for migrated `$2a$`/`$2b$`/`$2y$` hashes: EksBlowfish key
/// setup with the salt and password, then 64 encryptions of "OrpheanBeholderScryDoubt".
/// Written from the published algorithm because no dependency of the sandbox offers it.
enum Bcrypt {
    /// The parts of a modular-crypt bcrypt string.
    struct Parsed: Equatable {
        let version: String
        let cost: Int
        let salt: [UInt8]
        let checksum: Substring
    }

    /// Parses `$2b$10$<22 salt chars><31 hash chars>`, or nil when malformed.
    static func parse(_ hash: String) -> Parsed? {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard hash.count == 60, parts.count == 4, parts[0].isEmpty, ["2a", "2b", "2y"].contains(parts[1]),
            let cost = Int(parts[2]), parts[2].count == 2, (4...31).contains(cost), parts[3].count == 53,
            let salt = Radix64.decode(parts[3].prefix(22), byteCount: 16),
            Radix64.decode(parts[3].suffix(31), byteCount: 23) != nil
        else { return nil }
        return Parsed(version: String(parts[1]), cost: cost, salt: salt, checksum: parts[3].suffix(31))
    }

    static func verify(_ password: String, hash: String) -> Bool {
        guard let parsed = parse(hash) else { return false }
        return self.hash(password, cost: parsed.cost, salt: parsed.salt, version: parsed.version) == hash
    }

    /// The bcrypt string of `password` (at most its first 72 bytes count, NUL-terminated).
    static func hash(_ password: String, cost: Int, salt: [UInt8], version: String = "2b") -> String {
        var key = Array(password.utf8.prefix(72))
        if key.count < 72 { key.append(0) }
        var cipher = Blowfish()
        cipher.expensiveKeySetup(cost: cost, salt: salt, key: key)
        var words: [UInt32] = [0x4f72_7068, 0x6561_6e42, 0x6568_6f6c, 0x6465_7253, 0x6372_7944, 0x6f75_6274]
        for _ in 0..<64 {
            for index in stride(from: 0, to: 6, by: 2) {
                (words[index], words[index + 1]) = cipher.encrypt(words[index], words[index + 1])
            }
        }
        let bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$\(version)$\(costText)$" + Radix64.encode(salt) + Radix64.encode(Array(bytes.prefix(23)))
    }
}

/// Blowfish with the expensive key schedule bcrypt adds.
struct Blowfish {
    private var p: [UInt32]
    private var s: [UInt32]

    init() {
        let words = BlowfishConstants.words
        p = Array(words[0..<18])
        s = Array(words[18...])
    }

    mutating func expensiveKeySetup(cost: Int, salt: [UInt8], key: [UInt8]) {
        expand(key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            expand(key: key, salt: nil)
            expand(key: salt, salt: nil)
        }
    }

    /// XORs the key into the P-array, then re-derives every subkey by encrypting the running
    /// block, mixed with the salt when there is one.
    private mutating func expand(key: [UInt8], salt: [UInt8]?) {
        var keyPosition = 0
        for index in 0..<18 { p[index] ^= Self.nextWord(key, &keyPosition) }
        var saltPosition = 0
        var left: UInt32 = 0
        var right: UInt32 = 0
        func nextBlock() {
            if let salt {
                left ^= Self.nextWord(salt, &saltPosition)
                right ^= Self.nextWord(salt, &saltPosition)
            }
            (left, right) = encrypt(left, right)
        }
        for index in stride(from: 0, to: 18, by: 2) {
            nextBlock()
            p[index] = left
            p[index + 1] = right
        }
        for index in stride(from: 0, to: 1024, by: 2) {
            nextBlock()
            s[index] = left
            s[index + 1] = right
        }
    }

    func encrypt(_ left: UInt32, _ right: UInt32) -> (UInt32, UInt32) {
        var l = left
        var r = right
        s.withUnsafeBufferPointer { s in
            func f(_ x: UInt32) -> UInt32 {
                ((s[Int(x >> 24)] &+ s[256 + Int((x >> 16) & 0xff)]) ^ s[512 + Int((x >> 8) & 0xff)]) &+ s[768 + Int(x & 0xff)]
            }
            for round in 0..<16 {
                l ^= p[round]
                r ^= f(l)
                swap(&l, &r)
            }
        }
        swap(&l, &r)
        r ^= p[16]
        l ^= p[17]
        return (l, r)
    }

    /// The next four bytes of `data`, cycling, as a big-endian word.
    private static func nextWord(_ data: [UInt8], _ position: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = (word << 8) | UInt32(data[position])
            position = (position + 1) % data.count
        }
        return word
    }
}

extension BlowfishConstants {
    /// The 1042 initial words.
    static let words: [UInt32] = {
        let hex = Array(piHex.utf8)
        return stride(from: 0, to: hex.count, by: 8).map { start in
            hex[start..<start + 8].reduce(UInt32(0)) { word, digit in
                (word << 4) | UInt32(digit <= 0x39 ? digit - 0x30 : digit - 0x57)
            }
        }
    }()
}

/// bcrypt's base64 variant: alphabet `./A–Za–z0–9`, no padding.
enum Radix64 {
    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let b0 = chunk[chunk.startIndex]
            let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
            let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int(((b0 & 0x03) << 4) | (b1 >> 4))])
            if chunk.count > 1 { output.append(alphabet[Int(((b1 & 0x0f) << 2) | (b2 >> 6))]) }
            if chunk.count > 2 { output.append(alphabet[Int(b2 & 0x3f)]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: Substring, byteCount: Int) -> [UInt8]? {
        var values: [UInt8] = []
        for character in text.utf8 {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            values.append(UInt8(value))
        }
        var bytes: [UInt8] = []
        var index = 0
        while index < values.count {
            let group = values[index..<min(index + 4, values.count)]
            let v = group.map { UInt32($0) } + Array(repeating: 0, count: 4 - group.count)
            let combined = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3]
            let available = group.count - 1
            for shift in [16, 8, 0].prefix(available) { bytes.append(UInt8((combined >> UInt32(shift)) & 0xff)) }
            index += 4
        }
        return bytes.count >= byteCount ? Array(bytes.prefix(byteCount)) : nil
    }
}

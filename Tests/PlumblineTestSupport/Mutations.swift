import Foundation
import PlumblineCore

/// Deterministic damage for fuzz-style tests: byte mutations of a text, and value mutations of a
/// JSON tree (a value replaced by one of another type, an element dropped), from a seeded
/// SplitMix64 generator so a failure always reproduces.
public struct Mutator {
    public struct Generator: RandomNumberGenerator {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    public var random: Generator

    public init(seed: UInt64) {
        random = Generator(seed: seed)
    }

    static let fragments: [[UInt8]] = ["{", "}", "[", "]", "\"", ",", ":", "null", "true", "1e999", "-", "\\u0000", "\\ud800", "é", "\u{0}"].map { Array($0.utf8) }

    /// `data` with a few bytes deleted, inserted or swapped.
    public mutating func bytes(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        for _ in 0..<Int.random(in: 1...5, using: &random) where !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(contentsOf: Self.fragments.randomElement(using: &random) ?? [], at: position)
            default: bytes.swapAt(position, Int.random(in: 0..<bytes.count, using: &random))
            }
        }
        return Data(bytes)
    }

    /// `value` with one value somewhere inside replaced by a value of another type.
    public mutating func json(_ value: JSONValue) -> JSONValue {
        let replacements: [JSONValue] = [.null, .bool(true), .int(-1), .double(1e300), .string(""), .string("x"), .array([]), .object([:]), .array([.null])]
        func mutate(_ value: JSONValue, depth: Int) -> JSONValue {
            switch value {
            case .object(var object) where !object.isEmpty && Int.random(in: 0..<4, using: &random) > 0:
                let keys = object.keys.sorted()
                let key = keys[Int.random(in: 0..<keys.count, using: &random)]
                object[key] = mutate(object[key] ?? .null, depth: depth + 1)
                return .object(object)
            case .array(var array) where !array.isEmpty && Int.random(in: 0..<4, using: &random) > 0:
                let index = Int.random(in: 0..<array.count, using: &random)
                if Int.random(in: 0..<5, using: &random) == 0 { array.remove(at: index) } else { array[index] = mutate(array[index], depth: depth + 1) }
                return .array(array)
            default:
                return replacements[Int.random(in: 0..<replacements.count, using: &random)]
            }
        }
        return mutate(value, depth: 0)
    }
}

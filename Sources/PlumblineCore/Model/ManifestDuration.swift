/// A duration as manifests write it: `30m`, `12h`, `14d`, or compound such as `1h30m`.
/// Units: `s` seconds, `m` minutes, `h` hours, `d` days, `w` weeks, largest first.
public struct ManifestDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int
    /// The text as written, kept for messages and renderers.
    public let written: String

    private static let units: [(symbol: Character, seconds: Int)] = [
        ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Parses a duration, or returns nil for anything else (including zero and overflow).
    public init?(_ text: String) {
        var total = 0
        var number = ""
        var lastUnitIndex = -1
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let unitIndex = Self.units.firstIndex(where: { $0.symbol == character }),
                  unitIndex > lastUnitIndex, let value = Int(number), value <= 1_000_000
            else { return nil }
            total += value * Self.units[unitIndex].seconds
            number = ""
            lastUnitIndex = unitIndex
        }
        guard number.isEmpty, lastUnitIndex >= 0, total > 0 else { return nil }
        seconds = total
        written = text
    }

    public var description: String { written }

    public static func < (lhs: ManifestDuration, rhs: ManifestDuration) -> Bool { lhs.seconds < rhs.seconds }
}

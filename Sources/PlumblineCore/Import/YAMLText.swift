import Foundation

/// Writes manifest YAML by hand, so every value comes out in the form the loader reads back to the
/// same value: plain where that is unambiguous, double-quoted otherwise (a JSON string is a valid
/// YAML double-quoted scalar).
enum YAMLText {
    /// Words YAML 1.1 reads as booleans or null when plain.
    private static let special: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]

    /// A scalar: plain when it starts with a letter, holds only letters, digits, spaces and
    /// `_ @ . / -`, does not end in a space and is no YAML keyword; quoted otherwise.
    static func scalar(_ text: String) -> String {
        let plainCharacters = text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || " _@./-".unicodeScalars.contains($0) }
        let startsWithLetter = text.unicodeScalars.first?.properties.isAlphabetic ?? false
        if startsWithLetter, plainCharacters, !text.hasSuffix(" "), !text.contains("  "), !special.contains(text.lowercased()) {
            return text
        }
        return JSONValue.string(text).description
    }

    /// `[a, "b:c"]`.
    static func list(_ values: [String]) -> String {
        "[" + values.map(scalar).joined(separator: ", ") + "]"
    }

    /// `# text` lines, one per line of `text`.
    static func comment(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }
    }

    /// Documents separated by `---`, the file's header comment first.
    static func file(header: [String], documents: [[String]]) -> String {
        (header.map { "# \($0)" } + [documents.map { $0.joined(separator: "\n") }.joined(separator: "\n---\n")]).joined(separator: "\n") + "\n"
    }
}

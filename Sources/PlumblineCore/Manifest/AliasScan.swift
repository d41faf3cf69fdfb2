import Foundation

/// Finds YAML anchors (`&name`) and aliases (`*name`) before the document is composed. Manifests
/// may not use them: an alias used as a mapping key makes composing exponential (a "billion
/// laughs" file stalls any YAML loader), and in a reviewed repository a value written out is
/// clearer than one pulled in from elsewhere.
enum AliasScan {
    /// The line and column (Unicode scalars) of the first anchor or alias, if any.
    static func firstAnchorOrAlias(in text: String) -> (line: Int, column: Int, character: Character)? {
        // Most files hold neither character: nothing to scan line by line.
        guard contains(UInt8(ascii: "&"), in: text) || contains(UInt8(ascii: "*"), in: text) else { return nil }
        var blockIndent: Int?
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            if let block = blockIndent {
                if scalars.count == indent || indent > block { continue }  // inside a block scalar
                blockIndent = nil
            }
            if let hit = scan(scalars) { return (lineIndex + 1, hit.column, hit.character) }
            if scalars.contains(where: { $0 == "|" || $0 == ">" }), opensBlockScalar(scalars) { blockIndent = indent }
        }
        return nil
    }

    /// Whether `byte` occurs in `text`, found by `memchr` a word at a time: a loop over each byte
    /// of a file of 50,000 people takes milliseconds.
    private static func contains(_ byte: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(start, Int32(byte), bytes.count) != nil
        }
    }

    /// Scans one line outside quotes and comments.
    private static func scan(_ scalars: [Unicode.Scalar]) -> (column: Int, character: Character)? {
        var quote: Unicode.Scalar?
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\" && open == "\"" { index += 2; continue }
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                if index == 0 || " [{,:-?".unicodeScalars.contains(scalars[index - 1]) { quote = scalar }
            } else if scalar == "#" && (index == 0 || scalars[index - 1] == " ") {
                return nil
            } else if (scalar == "&" || scalar == "*"), index == 0 || " [{,-?:".unicodeScalars.contains(scalars[index - 1]),
                      index + 1 < scalars.count, isNameCharacter(scalars[index + 1]) {
                return (index + 1, Character(scalar))
            }
            index += 1
        }
        return nil
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        !" ,[]{}\t".unicodeScalars.contains(scalar)
    }

    /// `key: |`, `- >-` and the like: the following, more indented lines are literal text.
    private static func opensBlockScalar(_ scalars: [Unicode.Scalar]) -> Bool {
        let text = String(String.UnicodeScalarView(scalars)).trimmingWhitespace
        guard let indicator = text.split(separator: " ").last, let first = indicator.first, first == "|" || first == ">",
              indicator.dropFirst().allSatisfy({ $0 == "-" || $0 == "+" || $0.isNumber })
        else { return false }
        let before = text.dropLast(indicator.count)
        return before.isEmpty || before.hasSuffix(": ") || before.hasSuffix("- ")
    }
}

import PlumblineCore

/// Text with location markers (1️⃣ … 9️⃣) that tests strip out, remembering where each stood, so
/// an expected diagnostic is written at the very spot it should point to (swift-format's
/// `MarkedText`).
public struct MarkedText {
    public static let markers: [String] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The text without its markers.
    public let text: String
    /// Each marker's line and column (1-based, columns in Unicode scalars, as libyaml counts).
    public let markerLocations: [String: (line: Int, column: Int)]

    public init(_ marked: String) {
        var text = ""
        var locations: [String: (line: Int, column: Int)] = [:]
        var line = 1, column = 1
        var index = marked.startIndex
        outer: while index < marked.endIndex {
            for marker in Self.markers where marked[index...].hasPrefix(marker) {
                locations[marker] = (line, column)
                index = marked.index(index, offsetBy: marker.count)
                continue outer
            }
            let character = marked[index]
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
            index = marked.index(after: index)
        }
        self.text = text
        self.markerLocations = locations
    }
}

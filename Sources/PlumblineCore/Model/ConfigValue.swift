import Foundation

/// A manifest string that may contain `${env:NAME}` and `${file:PATH}` references.
///
/// References stay unresolved in the model; they are resolved only when an environment is used
/// (see `EnvironmentResolver`), so validation never reads the environment or secret files.
public struct ConfigValue: Sendable, Hashable {
    /// A piece of the value: literal text or a reference.
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case reference(Reference)
    }

    /// Where a referenced value comes from.
    public enum Reference: Sendable, Hashable, CustomStringConvertible {
        case environment(String)
        case file(String)

        /// The reference as written, e.g. `${env:MEDPLUM_CLIENT_SECRET}`; never the value.
        public var description: String {
            switch self {
            case .environment(let name): "${env:\(name)}"
            case .file(let path): "${file:\(path)}"
            }
        }
    }

    public let segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// A value with no reference in it.
    public static func literal(_ text: String) -> ConfigValue {
        ConfigValue(segments: [.literal(text)])
    }

    /// The text when the value holds no reference.
    public var literalValue: String? {
        var text = ""
        for segment in segments {
            guard case .literal(let piece) = segment else { return nil }
            text += piece
        }
        return text
    }

    /// Every reference the value contains, in order.
    public var references: [Reference] {
        segments.compactMap { if case .reference(let reference) = $0 { reference } else { nil } }
    }

    /// The value as written in the manifest (references shown as references).
    public var written: String {
        segments.map {
            switch $0 {
            case .literal(let text): text
            case .reference(let reference): reference.description
            }
        }.joined()
    }
}

extension ConfigValue {
    /// Why a `${...}` in a manifest string is not a valid reference.
    public struct SyntaxError: Error, Sendable, Equatable {
        public let message: String
    }

    /// Parses `text`, finding every `${env:NAME}` and `${file:PATH}`. Any other `${...}` is an error.
    public static func parse(_ text: String) -> Result<ConfigValue, SyntaxError> {
        var segments: [Segment] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            if start.lowerBound > rest.startIndex { segments.append(.literal(String(rest[..<start.lowerBound]))) }
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                return .failure(SyntaxError(message: "'${' is not closed; write ${env:NAME} or ${file:PATH}"))
            }
            let body = rest[start.upperBound..<end]
            switch reference(from: body) {
            case .success(let reference): segments.append(.reference(reference))
            case .failure(let error): return .failure(error)
            }
            rest = rest[rest.index(after: end)...]
        }
        if !rest.isEmpty || segments.isEmpty { segments.append(.literal(String(rest))) }
        return .success(ConfigValue(segments: segments))
    }

    private static func reference(from body: Substring) -> Result<Reference, SyntaxError> {
        if body.hasPrefix("env:") {
            let name = body.dropFirst(4)
            guard let first = name.first, first == "_" || (first.isASCII && first.isLetter),
                  name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
            else {
                return .failure(SyntaxError(
                    message: "'${\(body)}' does not name an environment variable; names are letters, digits and '_', not starting with a digit"
                ))
            }
            return .success(.environment(String(name)))
        }
        if body.hasPrefix("file:") {
            let path = body.dropFirst(5)
            guard !path.trimmingWhitespace.isEmpty else {
                return .failure(SyntaxError(message: "'${\(body)}' names no file; write ${file:PATH}"))
            }
            return .success(.file(String(path)))
        }
        return .failure(SyntaxError(
            message: "'${\(body)}' is not a reference plumbline knows; write ${env:NAME} or ${file:PATH}"
        ))
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

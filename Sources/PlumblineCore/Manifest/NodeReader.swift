import Foundation

/// Collects the diagnostics of one load, in the order they were found.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []

    func error(_ code: Diagnostic.Code, at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, code, at: location, message))
    }

    func warning(_ code: Diagnostic.Code, at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, code, at: location, message))
    }

    func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }
}

extension Diagnostic.Code {
    static let unknownKey = Self("unknown-key")
    static let missingKey = Self("missing-key")
    static let wrongType = Self("wrong-type")
    static let emptyValue = Self("empty-value")
    static let invalidValue = Self("invalid-value")
    static let invalidReference = Self("invalid-reference")
}

/// A YAML node with the file it came from, the dotted path it sits at (`medplum.clientId`,
/// `resources[2].criteria`) and the document it belongs to (`Role 'clinician'`), so that every
/// message can say exactly what is wrong and where.
struct NodeReader {
    /// The longest string value a manifest may hold: generous for descriptions and criteria,
    /// small enough that a hostile file cannot make every later step handle megabytes per value.
    static let maximumLength = 4_096

    let node: YAMLNode
    let file: String
    let path: String
    let subject: String
    let sink: DiagnosticSink

    var location: SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    /// `'path' in Subject`, or just `Subject` at the document root.
    var described: String { path.isEmpty ? subject : "'\(path)' in \(subject)" }

    func child(_ node: YAMLNode, path childPath: String) -> NodeReader {
        NodeReader(node: node, file: file, path: childPath, subject: subject, sink: sink)
    }

    // MARK: Scalars

    /// The node as a non-empty string, or nil after reporting why it is not one.
    func string(allowEmpty: Bool = false) -> Located<String>? {
        guard let text = node.scalar, node.scalarType == .string else {
            reportWrongType(expected: "a string")
            return nil
        }
        // Almost every value is short printable ASCII: one pass over its bytes settles the
        // checks below (a fifth of loading 50,000 people otherwise). Of printable ASCII, only
        // spaces are whitespace.
        let utf8 = text.utf8
        if utf8.count <= Self.maximumLength, utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) {
            guard allowEmpty || utf8.contains(where: { $0 != UInt8(ascii: " ") }) else { return reportEmpty() }
            return Located(text, at: location)
        }
        if !allowEmpty && text.trimmingWhitespace.isEmpty { return reportEmpty() }
        if text.count > Self.maximumLength {
            sink.error(.invalidValue, at: location, "\(described) is \(text.count) characters long; values are limited to \(Self.maximumLength)")
            return nil
        }
        if let control = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            sink.error(.invalidValue, at: location, "\(described) contains the control character U+\(String(format: "%04X", control.value)); remove it")
            return nil
        }
        return Located(text, at: location)
    }

    private func reportEmpty() -> Located<String>? {
        sink.error(.emptyValue, at: location, "\(described) is empty; give it a value")
        return nil
    }

    func bool() -> Located<Bool>? {
        guard node.scalarType == .bool, let value = node.bool else {
            reportWrongType(expected: "true or false")
            return nil
        }
        return Located(value, at: location)
    }

    func integer(minimum: Int) -> Located<Int>? {
        guard node.scalarType == .int, let value = node.int else {
            reportWrongType(expected: "a whole number")
            return nil
        }
        guard value >= minimum else {
            sink.error(.invalidValue, at: location, "\(described) must be at least \(minimum), found \(value)")
            return nil
        }
        return Located(value, at: location)
    }

    /// A string that may hold `${env:…}`/`${file:…}` references.
    func configValue() -> Located<ConfigValue>? {
        guard let text = string() else { return nil }
        switch ConfigValue.parse(text.value) {
        case .success(let value):
            return Located(value, at: text.location)
        case .failure(let error):
            sink.error(.invalidReference, at: text.location, "\(described): \(error.message)")
            return nil
        }
    }

    /// A string that must be one of `allowed`, matched exactly; near misses get a suggestion.
    func choice(of allowed: [String]) -> Located<String>? {
        guard let text = string() else { return nil }
        guard allowed.contains(text.value) else {
            let hint = Suggestion.didYouMean(text.value, in: allowed, maxDistance: 1)
                ?? "expected one of \(allowed.joined(separator: ", "))"
            sink.error(.invalidValue, at: text.location, "\(described) has unknown value '\(text.value)'; \(hint)")
            return nil
        }
        return text
    }

    // MARK: Collections

    /// The items of a sequence, each with its indexed path, or nil after reporting a wrong type.
    func items() -> [NodeReader]? {
        guard case .sequence(let sequence) = node.content else {
            let fix = node.scalar.map { "; write it as a list: [\($0)]" } ?? ""
            reportWrongType(expected: "a list", fix: fix)
            return nil
        }
        return sequence.enumerated().map { index, item in child(item, path: "\(path)[\(index)]") }
    }

    /// A list of strings; items of the wrong type are reported and skipped.
    func strings() -> [Located<String>]? {
        items()?.compactMap { $0.string() }
    }

    func reportWrongType(expected: String, fix: String = "") {
        var message = "\(described) must be \(expected), found \(node.kindDescription)"
        if fix.isEmpty, expected == "a string", node.isScalar, node.scalarType != .null {
            message += "; quote the value to make it a string"
        } else {
            message += fix
        }
        sink.error(.wrongType, at: location, message)
    }
}

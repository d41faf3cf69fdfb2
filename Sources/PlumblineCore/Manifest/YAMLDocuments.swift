import Yams

/// One YAML document of a manifest file, composed into a node tree that keeps every position.
struct YAMLDocument {
    let root: Node
    let file: String
}

extension Diagnostic.Code {
    static let yamlSyntax = Self("yaml-syntax")
    static let invalidEncoding = Self("invalid-encoding")
}

/// Splits a manifest file into its documents (`---`), reporting a syntax error at the parser's
/// position. Documents before the error are kept, so their own problems are reported too.
enum YAMLDocuments {
    static func parse(_ file: SourceFile) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        var documents: [YAMLDocument] = []
        if let hit = AliasScan.firstAnchorOrAlias(in: file.text) {
            let what = hit.character == "&" ? "an anchor" : "an alias"
            return ([], [Diagnostic(
                .error, .yamlSyntax, at: SourceLocation(file: file.path, line: hit.line, column: hit.column),
                "\(what) ('\(hit.character)…'): manifests may not use YAML anchors or aliases; write the value out"
            )])
        }
        do {
            // Tags are resolved by `Node.tagName`, only where they matter (see there).
            let parser = try Parser(yaml: file.text, resolver: .basic)
            while let root = try parser.nextRoot() {
                if root.isScalar, root.tagName == .null { continue }  // empty `---`
                documents.append(YAMLDocument(root: root, file: file.path))
            }
            return (documents, [])
        } catch let error as YamlError {
            return (documents, [diagnostic(for: error, in: file)])
        } catch {
            let start = SourceLocation(file: file.path, line: 1, column: 1)
            return (documents, [Diagnostic(.error, .yamlSyntax, at: start, "invalid YAML: \(error)")])
        }
    }

    private static func diagnostic(for error: YamlError, in file: SourceFile) -> Diagnostic {
        func located(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file.path, line: max(1, mark.line), column: max(1, mark.column))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            if character(in: file.text, at: mark) == "\t" {
                message += "; YAML does not allow tabs for indentation, use spaces"
            } else if line(in: file.text, at: mark)?.contains("${") == true {
                message += "; inside [ ] or { } a value holding ${...} must be quoted"
            }
            return Diagnostic(.error, .yamlSyntax, at: located(mark), message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                .error, .yamlSyntax, at: located(context.mark),
                "key \(keys) appears more than once in the same mapping; keep only one"
            )
        case .reader(let problem, let offset, _, _):
            let location = offset.map { Self.location(ofCharacterOffset: $0, in: file) }
                ?? SourceLocation(file: file.path, line: 1, column: 1)
            return Diagnostic(.error, .invalidEncoding, at: location, "cannot read YAML: \(problem); remove the character")
        default:
            return Diagnostic(
                .error, .yamlSyntax, at: SourceLocation(file: file.path, line: 1, column: 1), "invalid YAML: \(error)"
            )
        }
    }

    private static func line(in text: String, at mark: Mark) -> Substring? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        return lines[mark.line - 1]
    }

    /// The character a libyaml mark points at (columns count Unicode scalars).
    private static func character(in text: String, at mark: Mark) -> Unicode.Scalar? {
        guard let line = line(in: text, at: mark) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return scalars[mark.column - 1]
    }

    /// Line and column of the `offset`-th character of the file.
    private static func location(ofCharacterOffset offset: Int, in file: SourceFile) -> SourceLocation {
        var line = 1, column = 1
        for (index, scalar) in file.text.unicodeScalars.enumerated() {
            if index == offset { break }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: file.path, line: line, column: column)
    }
}

/// One YAML document of a manifest file, composed into a node tree that keeps every position.
struct YAMLDocument {
    let root: YAMLNode
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
        if let hit = AliasScan.firstAnchorOrAlias(in: file.text) {
            return ([], [anchorOrAlias(hit.character, at: SourceLocation(file: file.path, line: hit.line, column: hit.column))])
        }
        guard !file.text.isEmpty else { return ([], []) }
        var text = file.text
        return text.withUTF8 { bytes in
            var composer = YAMLComposer(bytes)
            var documents: [YAMLDocument] = []
            do throws(YAMLSyntaxError) {
                while let root = try composer.nextDocument() {
                    if root.isScalar, root.scalarType == .null { continue }  // empty `---`
                    documents.append(YAMLDocument(root: root, file: file.path))
                }
                return (documents, [])
            } catch {
                return (documents, [diagnostic(for: error, in: file)])
            }
        }
    }

    private static func anchorOrAlias(_ character: Character, at location: SourceLocation) -> Diagnostic {
        let what = character == "&" ? "an anchor" : "an alias"
        return Diagnostic(
            .error, .yamlSyntax, at: location,
            "\(what) ('\(character)…'): manifests may not use YAML anchors or aliases; write the value out"
        )
    }

    private static func diagnostic(for error: YAMLSyntaxError, in file: SourceFile) -> Diagnostic {
        let location = SourceLocation(file: file.path, line: max(1, error.line), column: max(1, error.column))
        switch error.kind {
        case .syntax(let problem, _) where problem.hasPrefix("Maximum nesting level reached"):
            // libyaml's own words name its C function.
            return Diagnostic(.error, .yamlSyntax, at: location, "invalid YAML: nested more than 1000 levels deep; a manifest needs a handful")
        case .syntax(let problem, let context):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.line))" }
            if character(in: file.text, line: error.line, column: error.column) == "\t" {
                message += "; YAML does not allow tabs for indentation, use spaces"
            } else if line(in: file.text, error.line)?.contains("${") == true {
                message += "; inside [ ] or { } a value holding ${...} must be quoted"
            }
            return Diagnostic(.error, .yamlSyntax, at: location, message)
        case .repeatedKeys(let keys):
            let list = keys.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(.error, .yamlSyntax, at: location, "key \(list) appears more than once in the same mapping; keep only one")
        case .unreadable(let problem):
            return Diagnostic(.error, .invalidEncoding, at: location, "cannot read YAML: \(problem); remove the character")
        case .anchorOrAlias(let character):
            return anchorOrAlias(character, at: location)
        }
    }

    private static func line(in text: String, _ number: Int) -> Substring? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }

    /// The character at a libyaml position (columns count Unicode scalars).
    private static func character(in text: String, line number: Int, column: Int) -> Unicode.Scalar? {
        guard let line = line(in: text, number) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard column >= 1, column <= scalars.count else { return nil }
        return scalars[column - 1]
    }
}

// libyaml, as Yams vendors and links it: its event stream is composed into `YAMLNode`s here,
// because Yams' own composer builds a tag object per node and compares whole nodes to find
// repeated keys, which was most of the time of loading 10,000 people. `CYaml` is a target of
// the Yams package rather than a product, importable by whatever depends on Yams; should a
// Yams release rename it, this import is the one line to change.
import CYaml

/// What stopped a file from being composed, at a 1-based line and column.
struct YAMLSyntaxError: Error {
    enum Kind {
        /// libyaml's scanner or parser: its problem, and what it was in the middle of.
        case syntax(problem: String, context: (text: String, line: Int)?)
        /// The same key twice in one mapping (the smallest first, as listed).
        case repeatedKeys([String])
        /// A character libyaml refuses to read (a control character, say).
        case unreadable(problem: String)
        /// An anchor or alias `AliasScan` did not see: refused here all the same.
        case anchorOrAlias(Character)
    }

    let kind: Kind
    let line: Int
    let column: Int
}

/// Composes libyaml's events into `YAMLNode`s, one document at a time. libyaml refuses nesting
/// deeper than 1000 levels with a located error, which bounds the recursion here.
struct YAMLComposer: ~Copyable {
    /// One event's fields, copied out so that libyaml's copy can be freed at once.
    private struct Event {
        let type: yaml_event_type_t
        let line: Int
        let column: Int
        let hasAnchor: Bool
        let text: String
        let tag: String?
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let bytes: UnsafeBufferPointer<UInt8>

    /// `bytes` must outlive the composer.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// The next document's root, or nil at the end of the stream.
    mutating func nextDocument() throws(YAMLSyntaxError) -> YAMLNode? {
        var event = try next()
        if event.type == YAML_STREAM_START_EVENT { event = try next() }
        guard event.type == YAML_DOCUMENT_START_EVENT else { return nil }
        let root = try node(from: try next())
        _ = try next()  // YAML_DOCUMENT_END_EVENT
        return root
    }

    private mutating func node(from event: Event) throws(YAMLSyntaxError) -> YAMLNode {
        if event.hasAnchor || event.type == YAML_ALIAS_EVENT {
            throw YAMLSyntaxError(kind: .anchorOrAlias(event.type == YAML_ALIAS_EVENT ? "*" : "&"), line: event.line, column: event.column)
        }
        switch event.type {
        case YAML_SEQUENCE_START_EVENT:
            var items: [YAMLNode] = []
            var item = try next()
            while item.type != YAML_SEQUENCE_END_EVENT {
                items.append(try node(from: item))
                item = try next()
            }
            return YAMLNode(content: .sequence(items), line: event.line, column: event.column)
        case YAML_MAPPING_START_EVENT:
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var key = try next()
            while key.type != YAML_MAPPING_END_EVENT {
                pairs.append((try node(from: key), try node(from: try next())))
                key = try next()
            }
            try checkRepeatedKeys(pairs)
            return YAMLNode(content: .mapping(pairs), line: event.line, column: event.column)
        default:
            return YAMLNode(content: .scalar(event.text, tag: event.tag), line: event.line, column: event.column)
        }
    }

    /// Every repeated scalar key, reported at the first occurrence of the smallest. Keys that
    /// are not scalars are reported by the schema, which wants strings.
    private func checkRepeatedKeys(_ pairs: [(key: YAMLNode, value: YAMLNode)]) throws(YAMLSyntaxError) {
        let keys = pairs.map(\.key)
        let repeated = keys.count <= 16 ? Self.repeatedByScan(keys) : Self.repeatedByHash(keys)
        guard let smallest = repeated.min(by: { $0.key < $1.key }) else { return }
        throw YAMLSyntaxError(kind: .repeatedKeys(repeated.map(\.key).sorted()), line: smallest.first.line, column: smallest.first.column)
    }

    /// A manifest mapping has a handful of keys: comparing each with those before it costs less
    /// than hashing them.
    private static func repeatedByScan(_ keys: [YAMLNode]) -> [(key: String, first: YAMLNode)] {
        var repeated: [(key: String, first: YAMLNode)] = []
        for index in keys.indices.dropFirst() {
            guard let key = keys[index].scalar, !repeated.contains(where: { $0.key == key }),
                  let first = keys[..<index].first(where: { $0.scalar == key })
            else { continue }
            repeated.append((key, first))
        }
        return repeated
    }

    /// Large mappings (a hostile file's) are checked in linear time.
    private static func repeatedByHash(_ keys: [YAMLNode]) -> [(key: String, first: YAMLNode)] {
        var firsts: [String: YAMLNode] = [:]
        var repeated: Set<String> = []
        for node in keys {
            guard let key = node.scalar else { continue }
            if firsts[key] == nil { firsts[key] = node } else { repeated.insert(key) }
        }
        return repeated.compactMap { key in firsts[key].map { (key, $0) } }
    }

    private func next() throws(YAMLSyntaxError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let mark = event.start_mark
        var hasAnchor = false
        var text = ""
        var tag: String?
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            hasAnchor = scalar.anchor != nil
            // libyaml hands out valid UTF-8 (it has checked the input).
            text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            tag = scalar.quoted_implicit == 1 ? "tag:yaml.org,2002:str" : scalar.tag.map { String(cString: $0) }
        case YAML_SEQUENCE_START_EVENT:
            hasAnchor = event.data.sequence_start.anchor != nil
        case YAML_MAPPING_START_EVENT:
            hasAnchor = event.data.mapping_start.anchor != nil
        default:
            break
        }
        return Event(type: event.type, line: Int(mark.line) + 1, column: Int(mark.column) + 1, hasAnchor: hasAnchor, text: text, tag: tag)
    }

    /// libyaml's error, at its position.
    private func failure() -> YAMLSyntaxError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        if state.error == YAML_READER_ERROR {
            let (line, column) = position(ofByte: state.problem_offset)
            return YAMLSyntaxError(kind: .unreadable(problem: problem), line: line, column: column)
        }
        let context = state.context.map { (text: String(cString: $0), line: Int(state.context_mark.line) + 1) }
        return YAMLSyntaxError(
            kind: .syntax(problem: problem, context: context),
            line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1
        )
    }

    /// Line and column (Unicode scalars) of the byte at `offset`.
    private func position(ofByte offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}

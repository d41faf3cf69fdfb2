import Foundation

/// RFC 6902 JSON Patch, as Medplum applies it (`rfc6902` package) to a resource before saving the
/// result as an ordinary update.
enum JSONPatch {
    /// Applies every operation in order; the first failure aborts with a 400.
    static func apply(_ operations: JSON, to document: JSON) throws(Outcome) -> JSON {
        guard case .array(let list) = operations else { throw Outcome.badRequest("Patch body must be an array") }
        var result = document
        for operation in list {
            result = try applyOne(operation, to: result)
        }
        return result
    }

    private static func applyOne(_ operation: JSON, to document: JSON) throws(Outcome) -> JSON {
        guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
            throw Outcome.badRequest("Invalid patch operation")
        }
        let pointer = try parsePointer(path)
        switch op {
        case "add":
            guard let value = operation["value"] else { throw Outcome.badRequest("Missing value for add operation") }
            return try add(value, at: pointer[...], in: document)
        case "remove":
            _ = try get(pointer[...], in: document)
            return try remove(pointer[...], in: document)
        case "replace":
            guard let value = operation["value"] else { throw Outcome.badRequest("Missing value for replace operation") }
            _ = try get(pointer[...], in: document)
            return try replace(value, at: pointer[...], in: document)
        case "move", "copy":
            guard let from = operation["from"]?.stringValue else { throw Outcome.badRequest("Missing from for \(op)") }
            let source = try parsePointer(from)
            let value = try get(source[...], in: document)
            let base = op == "move" ? try remove(source[...], in: document) : document
            return try add(value, at: pointer[...], in: base)
        case "test":
            let expected = operation["value"] ?? .null
            let actual = try get(pointer[...], in: document)
            guard actual == expected else {
                throw Outcome.badRequest("Test failed: \(JSONWriter.string(actual)) != \(JSONWriter.string(expected))")
            }
            return document
        default:
            throw Outcome.badRequest("Invalid operation: \(op)")
        }
    }

    private static func parsePointer(_ path: String) throws(Outcome) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw Outcome.badRequest("Invalid JSON Pointer: \(path)") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { token in
            token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func get(_ pointer: ArraySlice<String>, in document: JSON) throws(Outcome) -> JSON {
        guard let key = pointer.first else { return document }
        switch document {
        case .object(let object):
            guard let child = object[key] else { throw missing(pointer) }
            return try get(pointer.dropFirst(), in: child)
        case .array(let elements):
            guard let index = Int(key), elements.indices.contains(index) else { throw missing(pointer) }
            return try get(pointer.dropFirst(), in: elements[index])
        default:
            throw missing(pointer)
        }
    }

    private static func add(_ value: JSON, at pointer: ArraySlice<String>, in document: JSON) throws(Outcome) -> JSON {
        guard let key = pointer.first else { return value }
        let rest = pointer.dropFirst()
        switch document {
        case .object(var object):
            if rest.isEmpty {
                object[key] = value
            } else {
                guard let child = object[key] else { throw missing(pointer) }
                object[key] = try add(value, at: rest, in: child)
            }
            return .object(object)
        case .array(var elements):
            if rest.isEmpty {
                if key == "-" {
                    elements.append(value)
                } else {
                    guard let index = Int(key), index >= 0, index <= elements.count else { throw missing(pointer) }
                    elements.insert(value, at: index)
                }
            } else {
                guard let index = Int(key), elements.indices.contains(index) else { throw missing(pointer) }
                elements[index] = try add(value, at: rest, in: elements[index])
            }
            return .array(elements)
        default:
            throw missing(pointer)
        }
    }

    private static func replace(_ value: JSON, at pointer: ArraySlice<String>, in document: JSON) throws(Outcome) -> JSON {
        guard let key = pointer.first else { return value }
        let rest = pointer.dropFirst()
        switch document {
        case .object(var object):
            guard let child = object[key] else { throw missing(pointer) }
            object[key] = rest.isEmpty ? value : try replace(value, at: rest, in: child)
            return .object(object)
        case .array(var elements):
            guard let index = Int(key), elements.indices.contains(index) else { throw missing(pointer) }
            elements[index] = rest.isEmpty ? value : try replace(value, at: rest, in: elements[index])
            return .array(elements)
        default:
            throw missing(pointer)
        }
    }

    private static func remove(_ pointer: ArraySlice<String>, in document: JSON) throws(Outcome) -> JSON {
        guard let key = pointer.first else { return .null }
        let rest = pointer.dropFirst()
        switch document {
        case .object(var object):
            guard let child = object[key] else { throw missing(pointer) }
            object[key] = rest.isEmpty ? nil : try remove(rest, in: child)
            return .object(object)
        case .array(var elements):
            guard let index = Int(key), elements.indices.contains(index) else { throw missing(pointer) }
            if rest.isEmpty {
                elements.remove(at: index)
            } else {
                elements[index] = try remove(rest, in: elements[index])
            }
            return .array(elements)
        default:
            throw missing(pointer)
        }
    }

    private static func missing(_ pointer: ArraySlice<String>) -> Outcome {
        Outcome.badRequest("Invalid path: /\(pointer.joined(separator: "/"))")
    }
}

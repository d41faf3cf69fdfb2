/// A value that must never be printed, logged or written to a plan file.
///
/// Its descriptions are `(sensitive value)`; only `reveal()` gives the value, and only code that
/// sends it to a server should call it.
public struct Secret<Value: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// The secret itself, for the one place that must send it.
    public func reveal() -> Value { value }

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }
    public var customMirror: Mirror { Mirror(self, children: []) }

    /// What every renderer shows instead of a secret.
    public static var redacted: String { "(sensitive value)" }
}

extension Secret: Equatable where Value: Equatable {}

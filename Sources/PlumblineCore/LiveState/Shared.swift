/// The fields of a live object read in bulk, behind one reference. A plan copies each of up to
/// 50,000 memberships and members from page to snapshot to planner; copying one reference is one
/// retain where the fields' own are a dozen. The fields are never changed in place: setting them
/// makes new storage, so the objects stay values like any other. Equal (and hashed) by fields.
@propertyWrapper
struct Shared<Fields: Sendable & Hashable>: Sendable, Hashable {
    private final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    init(wrappedValue: Fields) { storage = Storage(wrappedValue) }

    var wrappedValue: Fields {
        get { storage.fields }
        set { storage = Storage(newValue) }
    }

    static func == (left: Shared, right: Shared) -> Bool {
        left.storage === right.storage || left.storage.fields == right.storage.fields
    }

    func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }
}

/// The fields of an object plumbline holds one of per person, behind one reference. A plan copies
/// each of up to 50,000 people, memberships and members from one step to the next; copying one
/// reference is one retain where the fields' own are a dozen. The fields are never changed in
/// place: setting them makes new storage, so the objects stay values like any other. Equal and
/// hashed by the fields, when they are.
@propertyWrapper
struct Shared<Fields: Sendable>: Sendable {
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
}

extension Shared: Equatable where Fields: Equatable {
    static func == (left: Shared, right: Shared) -> Bool {
        left.storage === right.storage || left.wrappedValue == right.wrappedValue
    }
}

extension Shared: Hashable where Fields: Hashable {
    func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }
}

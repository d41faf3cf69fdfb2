/// `kind: DriftAcknowledgement` — a known difference between the servers and the manifests that
/// `drift` stops reporting until a date, with the reason a reviewer accepted it.
public struct DriftAcknowledgementManifest: Sendable {
    public var name: Located<String>
    /// The object whose drift is acknowledged, keyed as DESIGN §3 keys it.
    public var object: Located<ResourceKey>
    /// Which drift it covers; nil covers any.
    public var type: Located<DriftType>?
    /// Why the drift is accepted: required, so a reviewer knows what was decided.
    public var reason: Located<String>
    /// The last day it suppresses the finding (inclusive); afterwards the drift is reported again.
    public var until: Located<CalendarDate>
    public var location: SourceLocation

    /// Whether it still suppresses drift on `today`.
    public func isActive(on today: CalendarDate) -> Bool { !(until.value < today) }

    /// Whether it covers a finding of `type` on `resource`.
    public func covers(_ resource: ResourceKey, _ findingType: DriftType) -> Bool {
        object.value == resource && (type.map { $0.value == findingType } ?? true)
    }
}

/// `kind: Adoption` — unmanaged live objects a plan may take over: apply updates each to what the
/// manifests declare and writes plumbline's marker on it (Terraform's import blocks). Written by
/// `plumbline import --adopt`; once applied it has nothing left to adopt and can be deleted.
public struct AdoptionManifest: Sendable {
    public var name: Located<String>
    public var reason: Located<String>?
    public var objects: [Located<ResourceKey>]
    public var location: SourceLocation
}

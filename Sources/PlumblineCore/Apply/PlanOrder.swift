/// How the changes of a plan spanning both systems are ordered and what they wait for: one wave
/// numbering for Medplum and Stytch, so a person's changes land together and removals come last.
public enum PlanOrder {
    public static func wave(of change: Change) -> Int {
        switch change.resource.system {
        case .medplum: MedplumPlanner.wave(of: change)
        case .stytch: StytchPlanner.wave(of: change)
        }
    }

    public static func dependencies(of change: Change) -> [ResourceKey] {
        switch change.resource.system {
        case .medplum: MedplumPlanner.dependencies(of: change)
        case .stytch: StytchPlanner.dependencies(of: change)
        }
    }

    /// Sorts changes by wave, then by key, so plans are deterministic.
    public static func sorted(_ changes: [Change]) -> [Change] {
        changes.sorted { (wave(of: $0), $0.resource) < (wave(of: $1), $1.resource) }
    }
}

/// Routes each change to the applier of its system.
public struct CompositeApplier: ChangeApplier {
    let appliers: [ManagedSystem: any ChangeApplier]

    public init(_ appliers: [ManagedSystem: any ChangeApplier]) {
        self.appliers = appliers
    }

    public func batchGroup(for change: Change) -> String? {
        appliers[change.resource.system]?.batchGroup(for: change).map { "\(change.resource.system.rawValue):\($0)" }
    }

    public func apply(_ changes: [Change]) async -> [ChangeOutcome] {
        guard let system = changes.first?.resource.system, let applier = appliers[system] else {
            return changes.map { .failed(category: .rejected, message: "no server is configured for \($0.resource.system.rawValue)") }
        }
        return await applier.apply(changes)
    }
}

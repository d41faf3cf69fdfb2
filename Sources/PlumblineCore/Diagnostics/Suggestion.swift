/// "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough to be
/// a plausible typo.
public enum Suggestion {
    /// The candidate closest to `word`, or nil when none is within a plausible typo distance.
    /// A candidate that differs only in letter case always wins.
    /// `maxDistance` caps the tolerance: short closed value sets use 1, so that a valid value of
    /// another setting is not "corrected" into an unrelated one.
    public static func closest(to word: String, in candidates: some Sequence<String>, maxDistance: Int = 3) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, name: String, distance: Int)?
        for candidate in candidates where candidate != word {
            if candidate.lowercased() == lowered { return candidate }
            // A dotted candidate (`medplum.accessPolicies`) is compared by its last part.
            let name = candidate.split(separator: ".").last.map { String($0).lowercased() } ?? candidate.lowercased()
            let distance = min(editDistance(lowered, name), editDistance(singular(lowered), singular(name)))
            if distance < (best?.distance ?? .max) { best = (candidate, name, distance) }
        }
        guard let best else { return nil }
        let tolerance = max(1, min(maxDistance, max(word.count, best.name.count) / 3))
        return best.distance <= tolerance ? best.candidate : nil
    }

    /// `policies` → `policy`, `roles` → `role`: plurals are a common slip in key names.
    private static func singular(_ word: String) -> String {
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("s") { return String(word.dropLast()) }
        return word
    }

    /// `"; did you mean 'x'?"` or the empty string.
    static func didYouMean(_ word: String, in candidates: some Sequence<String>, maxDistance: Int = 3) -> String? {
        closest(to: word, in: candidates, maxDistance: maxDistance).map { "did you mean '\($0)'?" }
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}

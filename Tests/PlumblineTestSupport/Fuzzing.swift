import Foundation

/// How many seeds each fuzz test tries. `swift test` (and so CI) tries a bounded number, a few
/// seconds' worth; `PLUMBLINE_FUZZ_SCALE=N` tries N times as many, for a longer search (the
/// README's Tests section). Seeds count up from 0, so the ones CI tries come first, and a failure
/// names a seed that reproduces it.
public enum Fuzzing {
    public static func seeds(_ standard: Int) -> Range<Int> {
        0..<(standard * scale)
    }

    static let scale: Int = {
        guard let text = ProcessInfo.processInfo.environment["PLUMBLINE_FUZZ_SCALE"] else { return 1 }
        guard let scale = Int(text), scale >= 1 else {
            preconditionFailure("PLUMBLINE_FUZZ_SCALE must be a whole number of at least 1, not '\(text)'")
        }
        return scale
    }()
}

/// A small deterministic generator for tests that compare two implementations on many inputs:
/// the same inputs on every run, so a failure can be replayed.
public struct SeededGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    /// Up to `maxCount` pieces chosen at random, joined.
    public mutating func string(from pieces: [String], maxCount: Int) -> String {
        (0..<next(maxCount + 1)).map { _ in pieces[next(pieces.count)] }.joined()
    }
}

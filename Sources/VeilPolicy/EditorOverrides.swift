import VeilModel

/// An editor's decisions over policy's (`veil review`): spans to publish as written, and
/// wording of their own for some replacements. Applied by `PolicyEngine.decide(...overrides:)`
/// before the risk is assessed, so the risk reflects what the editor chose.
public struct EditorOverrides: Sendable, Hashable {
    /// Every finding lying wholly inside one of these byte ranges is kept as written (its action
    /// becomes `keep`, reason "rejected by the editor"). A kept finding weighs in the risk like
    /// any other surviving detail.
    public var keep: [Range<Int>]
    /// Replacement text chosen by the editor for the removing decision whose (final, widened or
    /// merged) span is exactly the key.
    public var wording: [Range<Int>: String]

    public init(keep: [Range<Int>] = [], wording: [Range<Int>: String] = [:]) {
        self.keep = keep
        self.wording = wording
    }

    /// No override: policy's decisions stand.
    public static let none = EditorOverrides()

    public var isEmpty: Bool { keep.isEmpty && wording.isEmpty }

    /// The reason given to a finding the editor kept.
    public static let keptReason = "rejected by the editor: published as written"

    /// Whether `range` lies inside one of the kept spans (binary search over the sorted,
    /// merged spans: linear in the findings overall).
    func keeps(_ range: Range<Int>, sortedKeep: [Range<Int>]) -> Bool {
        var lo = 0, hi = sortedKeep.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedKeep[mid].upperBound < range.upperBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < sortedKeep.count && sortedKeep[lo].lowerBound <= range.lowerBound
    }

    /// The kept spans sorted and merged where they overlap.
    var mergedKeep: [Range<Int>] {
        var out: [Range<Int>] = []
        for r in keep.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}

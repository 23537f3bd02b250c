import VeilModel
import VeilPolicy

/// One span of the draft that the published text replaces.
public struct Replacement: Sendable, Hashable {
    /// UTF-8 byte range of the original in the draft.
    public var range: Range<Int>
    /// The text written in its place.
    public var text: String
    /// The decision's action (redact, generalize, pseudonymize).
    public var action: Action
    /// The category of the finding replaced.
    public var category: Category
}

/// Writes the published text from a draft and policy's decisions.
public enum Redaction {
    /// The replacements policy asks for, sorted and non-overlapping. Decisions covered by
    /// another decision are skipped; should two top-level removals overlap (a policy bug), the
    /// union is replaced once with the stronger decision's text, so nothing is left half-removed.
    public static func replacements(for outcome: PolicyOutcome) -> [Replacement] {
        let removing = outcome.decisions
            .filter { $0.action.removesOriginal && $0.coveredBy == nil }
            .sorted { $0.finding.range.lowerBound < $1.finding.range.lowerBound }
        var out: [Replacement] = []
        for d in removing {
            let text = d.replacement ?? "[redacted]"
            if let last = out.last, d.finding.range.lowerBound < last.range.upperBound {
                let union = last.range.lowerBound..<max(last.range.upperBound, d.finding.range.upperBound)
                let stronger = d.action > last.action
                    ? Replacement(range: union, text: text, action: d.action, category: d.finding.category)
                    : Replacement(range: union, text: last.text, action: last.action, category: last.category)
                out[out.count - 1] = stronger
            } else {
                out.append(Replacement(range: d.finding.range, text: text, action: d.action, category: d.finding.category))
            }
        }
        return out
    }

    /// The draft's bytes with every replacement applied.
    public static func apply(_ replacements: [Replacement], to document: Document) -> [UInt8] {
        applyTracking(replacements, to: document).bytes
    }

    /// As `apply`, also returning where each replacement's text lies in the output.
    public static func applyTracking(_ replacements: [Replacement], to document: Document) -> (bytes: [UInt8], placed: [Range<Int>]) {
        var out: [UInt8] = []
        out.reserveCapacity(document.bytes.count)
        var placed: [Range<Int>] = []
        placed.reserveCapacity(replacements.count)
        var cursor = 0
        for r in replacements {
            out.append(contentsOf: document.bytes[cursor..<r.range.lowerBound])
            let start = out.count
            out.append(contentsOf: Array(r.text.utf8))
            placed.append(start..<out.count)
            cursor = r.range.upperBound
        }
        out.append(contentsOf: document.bytes[cursor...])
        return (out, placed)
    }
}

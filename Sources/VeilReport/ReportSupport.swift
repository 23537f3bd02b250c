import VeilModel
import VeilPolicy

/// Maps byte offsets of a document to 1-based line and column (in Unicode scalars) in
/// O(log lines) plus the document's scalar-offset lookup (O(256) bytes), so reports stay linear
/// on large drafts with many findings, also when the draft is one long line (the column was
/// counted from the line's start per finding: 20,000 findings on one line were quadratic).
struct LineIndex {
    let document: Document
    /// Byte offset where each line starts.
    let starts: [Int]

    init(_ document: Document) {
        self.document = document
        var s = [0]
        document.bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i] == 0x0A { s.append(i + 1) }
        }
        starts = s
    }

    /// 1-based line and column (scalars) of byte offset `byte`.
    func position(ofByte byte: Int) -> (line: Int, column: Int) {
        let byte = Swift.min(Swift.max(byte, 0), document.bytes.count)
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= byte { lo = mid } else { hi = mid - 1 }
        }
        let column = document.scalarOffset(ofByte: byte) - document.scalarOffset(ofByte: starts[lo]) + 1
        return (lo + 1, column)
    }
}

/// One decision placed in its document: positions precomputed for every format.
struct PlacedDecision {
    /// Index of the decision in `PolicyOutcome.decisions`.
    let index: Int
    let decision: Decision
    let start: (line: Int, column: Int)
    let end: (line: Int, column: Int)
    var finding: Finding { decision.finding }
}

/// An anonymous source with the findings inside its phrase and its risk, if assessed.
struct SourceGroup {
    /// 1-based number of the source in the document ("Source 2").
    let number: Int
    let source: PlacedDecision
    let attached: [PlacedDecision]
    let risk: SourceRisk?
}

/// The grouping shared by the text and HTML reporters.
struct DocumentLayout {
    let audited: AuditedDocument
    let lines: LineIndex
    let placed: [PlacedDecision]
    let sources: [SourceGroup]
    /// Findings outside every source phrase, by category in `Category` order.
    let byCategory: [(category: Category, items: [PlacedDecision])]
    /// Risk assessments whose source finding is not among the decisions.
    let unmatchedRisks: [SourceRisk]

    init(_ audited: AuditedDocument) {
        self.audited = audited
        let lines = LineIndex(audited.document)
        self.lines = lines
        let placed = audited.outcome.decisions.enumerated().map { i, d in
            PlacedDecision(index: i, decision: d,
                           start: lines.position(ofByte: d.finding.range.lowerBound),
                           end: lines.position(ofByte: d.finding.range.upperBound))
        }
        self.placed = placed
        let risks = audited.outcome.risk.sources
        var usedRisk = Set<Int>()
        var risksByRange: [Range<Int>: [Int]] = [:]
        for (i, r) in risks.enumerated() { risksByRange[r.source.range, default: []].append(i) }
        var attachedIndices = Set<Int>()
        var groups: [SourceGroup] = []
        // Findings by start, so each source finds the details inside its phrase by binary search.
        let byStart = placed.sorted { ($0.finding.range.lowerBound, $0.index) < ($1.finding.range.lowerBound, $1.index) }
        for p in placed where p.finding.category == .source {
            let r = p.finding.range
            var lo = 0, hi = byStart.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if byStart[mid].finding.range.lowerBound < r.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            var inside: [PlacedDecision] = []
            var k = lo
            while k < byStart.count && byStart[k].finding.range.lowerBound < r.upperBound {
                let q = byStart[k]
                if q.index != p.index && q.finding.category != .source && q.finding.range.upperBound <= r.upperBound { inside.append(q) }
                k += 1
            }
            inside.sort { $0.index < $1.index }
            for a in inside { attachedIndices.insert(a.index) }
            var riskIndex: Int?
            if var queue = risksByRange[r], !queue.isEmpty {
                riskIndex = queue.removeFirst()
                risksByRange[r] = queue
                usedRisk.insert(riskIndex!)
            }
            groups.append(SourceGroup(number: groups.count + 1, source: p, attached: inside,
                                      risk: riskIndex.map { risks[$0] }))
        }
        sources = groups
        var buckets: [Category: [PlacedDecision]] = [:]
        for p in placed where p.finding.category != .source && !attachedIndices.contains(p.index) {
            buckets[p.finding.category, default: []].append(p)
        }
        byCategory = Category.allCases.compactMap { c in buckets[c].map { (c, $0) } }
        unmatchedRisks = risks.indices.filter { !usedRisk.contains($0) }.map { risks[$0] }
    }
}

/// Counts of decisions by what they do to the published text.
public struct DecisionCounts: Sendable, Equatable {
    /// Findings whose decision removes the original (redact, generalize, pseudonymize).
    public var removed = 0
    /// Findings left in place but reported to the editor.
    public var flagged = 0
    /// Findings left in place silently (public entities, allow-listed terms).
    public var kept = 0
    /// Watch-list and command-line terms, which block publication whatever the policy says.
    public var blocked = 0
    /// All findings.
    public var total: Int { removed + flagged + kept }

    /// Counts over `decisions`.
    public init(_ decisions: [Decision]) {
        for d in decisions {
            if d.action.removesOriginal { removed += 1 } else if d.action == .flag { flagged += 1 } else { kept += 1 }
            if AuditGate.alwaysBlocks(d.finding.category) { blocked += 1 }
        }
    }

    /// Adds `other` to these counts.
    public mutating func add(_ other: DecisionCounts) {
        removed += other.removed; flagged += other.flagged; kept += other.kept; blocked += other.blocked
    }
}

/// Shared wording of actions for people.
enum Wording {
    /// "redact", or "generalize → “a city in Ryanggang Province”".
    static func action(_ d: Decision) -> String {
        if let r = d.replacement, d.action.removesOriginal { return "\(d.action.rawValue) → “\(r)”" }
        if d.action.removesOriginal, d.coveredBy != nil { return "\(d.action.rawValue) (inside a larger replaced span)" }
        return d.action.rawValue
    }

    /// A score with two decimals ("0.62").
    static func score(_ x: Double) -> String {
        guard x.isFinite else { return "0.00" }
        let hundredths = Int((x * 100).rounded())
        let frac = abs(hundredths % 100)
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// "1 finding", "3 findings".
    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}

/// The triage order of a report's drafts: highest risk first.
struct Triage {
    /// One draft in the ranking.
    struct Row {
        /// Position of the draft in `AuditReport.documents`.
        let index: Int
        let audited: AuditedDocument
        let counts: DecisionCounts
        /// The draft's score, and its highest source score (the tie-breaker).
        let score: Double
        let worstSource: Double
    }

    let rows: [Row]

    /// Drafts by risk, highest first: the draft's score, then its riskiest source, then how
    /// much would be removed or flagged; on a tie, the order they were named in.
    init(_ report: AuditReport) {
        let rows = report.documents.enumerated().map { i, a in
            Row(index: i, audited: a, counts: DecisionCounts(a.outcome.decisions),
                score: a.outcome.risk.documentScore.isFinite ? a.outcome.risk.documentScore : 0,
                worstSource: a.outcome.risk.sources.map(\.score).filter(\.isFinite).max() ?? 0)
        }
        self.rows = rows.sorted { x, y in
            if x.score != y.score { return x.score > y.score }
            if x.worstSource != y.worstSource { return x.worstSource > y.worstSource }
            let xa = x.counts.removed + x.counts.flagged, ya = y.counts.removed + y.counts.flagged
            if xa != ya { return xa > ya }
            return x.index < y.index
        }
    }
}

extension Wording {
    /// A decision's reason in plain words (`PlainReason`), under the report's policy (or the
    /// standard policy's levels when the report carries none).
    static func plain(_ p: PlacedDecision, in outcome: PolicyOutcome, policy: Policy?) -> String {
        let outer = p.decision.coveredBy.flatMap { $0 >= 0 && $0 < outcome.decisions.count ? outcome.decisions[$0] : nil }
        return PlainReason.text(for: p.decision, policy: policy ?? Policy.standard, outer: outer)
    }

    /// "2 on the allow list": how many kept findings one rule kept.
    static func keptBasis(_ b: DecisionBasis, count n: Int) -> String {
        switch b {
        case .allowList: return "\(n) on the allow list"
        case .publicEntity: return "\(n) public \(n == 1 ? "entity" : "entities")"
        case .belowConfidence: return "\(n) too uncertain to act on"
        case .ownWording: return "\(n) already in the policy's wording"
        default: return "\(n) kept by the policy's category rules"
        }
    }

    /// Whether a finding is listed among the kept ones (folded away): kept by policy, and not
    /// a watch-list or `--term` finding (which always blocks).
    static func isFoldedKeep(_ d: Decision) -> Bool {
        d.action == .keep && !AuditGate.alwaysBlocks(d.finding.category)
    }
}

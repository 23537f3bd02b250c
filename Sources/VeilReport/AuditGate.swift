import VeilModel
import VeilPolicy

/// When `veil audit` exits 1. Each level includes the ones below it:
/// `flag` ⊃ `remove` ⊃ `risk`; `never` only reports.
public enum FailOn: String, CaseIterable, Sendable {
    /// Fail when anything the policy flags or would remove remains, or risk exceeds the threshold.
    case flag
    /// Fail when anything the policy would remove (or a watch-list term) remains, or risk
    /// exceeds the threshold. The default.
    case remove
    /// Fail only when the risk of a draft or of a source exceeds the policy's threshold.
    case risk
    /// Never fail on findings: report only (usage and input errors still exit 2).
    case never

    /// One line per level for `--help` and docs.
    public var help: String {
        switch self {
        case .flag: return "anything flagged or removable remains, or risk is over the threshold"
        case .remove: return "anything the policy would remove or block remains, or risk is over the threshold (default)"
        case .risk: return "only the risk of a draft or a source is over the policy's threshold"
        case .never: return "never: report only"
        }
    }
}

/// Why the gate failed or passed, for the summary line and the exit code.
public struct GateVerdict: Sendable, Equatable {
    /// Whether `veil audit` must exit 1.
    public var failed: Bool
    /// Drafts that trip the gate, by path (`-` for standard input).
    public var failingPaths: [String]
    /// Decision counts over every draft.
    public var counts: DecisionCounts
    /// Highest document or source risk score over all drafts.
    public var highestRisk: Double
    /// Drafts whose risk exceeds the policy's threshold.
    public var draftsOverThreshold: Int
    /// Number of drafts audited.
    public var documents: Int
}

/// The audit gate: decides from a report whether the drafts may go on.
public struct AuditGate: Sendable {
    /// The level chosen with `--fail-on`.
    public var level: FailOn

    /// A gate at `level`.
    public init(level: FailOn = .remove) { self.level = level }

    /// Watch-list and command-line terms must never appear in published text, so they block at
    /// `remove` and `flag` whatever action the policy gave them.
    public static func alwaysBlocks(_ category: Category) -> Bool {
        category == .watchlist || category == .term
    }

    /// Whether one draft trips the gate.
    public func fails(_ audited: AuditedDocument) -> Bool {
        let riskOver = audited.outcome.risk.exceedsThreshold
        switch level {
        case .never: return false
        case .risk: return riskOver
        case .remove:
            return riskOver || audited.outcome.decisions.contains {
                $0.action.removesOriginal || AuditGate.alwaysBlocks($0.finding.category)
            }
        case .flag:
            return riskOver || audited.outcome.decisions.contains {
                $0.action != .keep || AuditGate.alwaysBlocks($0.finding.category)
            }
        }
    }

    /// The verdict over a whole report.
    public func verdict(_ report: AuditReport) -> GateVerdict {
        var counts = DecisionCounts([])
        var failing: [String] = []
        var highest = 0.0
        var over = 0
        for d in report.documents {
            counts.add(DecisionCounts(d.outcome.decisions))
            let risk = d.outcome.risk
            highest = max(highest, risk.documentScore, risk.sources.map(\.score).max() ?? 0)
            if risk.exceedsThreshold { over += 1 }
            if fails(d) { failing.append(d.document.path ?? "-") }
        }
        return GateVerdict(failed: !failing.isEmpty, failingPaths: failing, counts: counts,
                           highestRisk: highest, draftsOverThreshold: over, documents: report.documents.count)
    }

    /// The one summary line `veil audit` prints at the end of a run.
    public func summaryLine(_ report: AuditReport) -> String {
        let v = verdict(report)
        let c = v.counts
        var s = "veil audit: \(Wording.plural(v.documents, "draft")), \(Wording.plural(c.total, "finding"))"
        s += " (\(c.removed) to remove, \(c.flagged) flagged, \(c.kept) kept"
        if c.blocked > 0 { s += ", \(c.blocked) watch-list" }
        s += "), highest risk \(Wording.score(v.highestRisk))"
        if v.draftsOverThreshold > 0 { s += " (\(v.draftsOverThreshold) over the threshold)" }
        s += "; policy \(report.policyName); "
        if level == .never {
            s += "gate off (--fail-on never)"
        } else if v.failed {
            s += "gate FAILED (--fail-on \(level.rawValue)): \(Wording.plural(v.failingPaths.count, "draft")) not ready"
        } else {
            s += "gate passed (--fail-on \(level.rawValue))"
        }
        return s
    }
}

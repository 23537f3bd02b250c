import VeilModel
import VeilPolicy

/// The report an editor reads in a terminal: per draft, each anonymous source with the details
/// inside its phrase and its risk, then the other findings by category, each with line:column,
/// the decision and its reason, then the draft's risk. Colour (ANSI) only when asked for: the
/// command line turns it on for a terminal with `NO_COLOR` unset.
public struct TextReporter: Reporter {
    /// `text`.
    public static let formatName = "text"
    /// Whether to emit ANSI colour escapes.
    public var colour: Bool

    /// A text reporter, coloured or not.
    public init(colour: Bool = false) { self.colour = colour }

    /// Whether a report written to standard output should be coloured: only on a terminal, and
    /// never when `NO_COLOR` is set to a non-empty value (https://no-color.org) or `TERM` is `dumb`.
    public static func wantsColour(outputIsTerminal: Bool, environment: [String: String]) -> Bool {
        guard outputIsTerminal else { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The whole report.
    public func render(_ report: AuditReport) -> String {
        var out = ""
        for (i, audited) in report.documents.enumerated() {
            if i > 0 { out += "\n" }
            out += renderDocument(audited, policy: report.policyName)
        }
        return out
    }

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    private func actionColour(_ a: Action) -> String {
        switch a {
        case .keep: return "2"
        case .flag: return "33"
        case .redact, .generalize, .pseudonymize: return "31"
        }
    }

    private func line(_ p: PlacedDecision, indent: String, showCategory: Bool) -> String {
        let d = p.decision
        let f = d.finding
        var s = indent + "\(p.start.line):\(p.start.column)  "
        if showCategory { s += paint(f.category.rawValue, "36") + "  " }
        s += "“\(f.text)”  " + paint(Wording.action(d), actionColour(d.action))
        s += "\n" + indent + "    " + paint("\(d.reason) [\(f.recognizer), confidence \(Wording.score(f.confidence))]", "2")
        if AuditGate.alwaysBlocks(f.category) { s += "\n" + indent + "    " + paint("blocks publication", "1;31") }
        return s + "\n"
    }

    /// Kept findings, one line per text and reason: “North Korea” ×5 at 1:1, 3:108, … keep — reason.
    private func keptLines(_ kept: [PlacedDecision]) -> String {
        var order: [String] = []
        var groups: [String: [PlacedDecision]] = [:]
        for p in kept {
            let key = p.finding.text + "\u{0}" + p.decision.reason
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(p)
        }
        var out = ""
        for key in order {
            let g = groups[key]!
            let places = g.map { "\($0.start.line):\($0.start.column)" }.joined(separator: ", ")
            out += "    \(places)  “\(g[0].finding.text)”" + (g.count > 1 ? " ×\(g.count)" : "") + "  " + paint("keep", actionColour(.keep))
            out += "\n        " + paint(g[0].decision.reason, "2") + "\n"
        }
        return out
    }

    private func riskLine(_ r: SourceRisk, threshold: Double) -> String {
        var s = "risk " + paint(Wording.score(r.score), r.score > threshold ? "1;31" : "32")
        s += ": " + (r.survivingDetails.isEmpty ? "nothing identifying survives" : "surviving " + r.survivingDetails.joined(separator: ", "))
        if !r.explanation.isEmpty { s += " — " + r.explanation }
        return s
    }

    private func renderDocument(_ audited: AuditedDocument, policy: String) -> String {
        let layout = DocumentLayout(audited)
        let risk = audited.outcome.risk
        let counts = DecisionCounts(audited.outcome.decisions)
        var out = paint(audited.document.path ?? "(standard input)", "1") + "  (policy \(policy))\n"
        out += "  \(Wording.plural(counts.total, "finding")): \(counts.removed) to remove, \(counts.flagged) flagged, \(counts.kept) kept\n"
        if !layout.sources.isEmpty {
            out += "\n" + paint("  Anonymous sources", "1") + "\n"
            for g in layout.sources {
                let p = g.source
                out += "  Source \(g.number)  \(p.start.line):\(p.start.column)  “\(p.finding.text)”  "
                out += paint(Wording.action(p.decision), actionColour(p.decision.action)) + "\n"
                out += "      " + paint(p.decision.reason, "2") + "\n"
                if let r = g.risk { out += "      " + riskLine(r, threshold: risk.threshold) + "\n" }
                for a in g.attached { out += line(a, indent: "      ", showCategory: true) }
            }
        }
        for (category, items) in layout.byCategory {
            out += "\n" + paint("  \(category.rawValue) (\(items.count))", "1") + "\n"
            for p in items where p.decision.action != .keep || AuditGate.alwaysBlocks(p.finding.category) {
                out += line(p, indent: "    ", showCategory: false)
            }
            out += keptLines(items.filter { $0.decision.action == .keep && !AuditGate.alwaysBlocks($0.finding.category) })
        }
        if !layout.unmatchedRisks.isEmpty {
            out += "\n" + paint("  Other assessed sources", "1") + "\n"
            for r in layout.unmatchedRisks {
                out += "    “\(r.source.text)”  " + riskLine(r, threshold: risk.threshold) + "\n"
            }
        }
        out += "\n  Risk: " + paint(Wording.score(risk.documentScore), risk.exceedsThreshold ? "1;31" : "32")
        out += " (threshold \(Wording.score(risk.threshold))"
        out += risk.exceedsThreshold ? ", " + paint("exceeded", "1;31") + ")" : ", within)"
        if !risk.explanation.isEmpty { out += " — " + risk.explanation }
        out += "\n"
        return out
    }
}

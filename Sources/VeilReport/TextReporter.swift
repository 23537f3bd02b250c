import VeilModel
import VeilPolicy

/// The report an editor reads in a terminal, triage first: every draft ranked by risk
/// (highest first); then per draft, in that order, its risk, what would be published (when the
/// caller previewed it), each anonymous source with the details inside its phrase and its risk,
/// then the other findings by category, each with line:column, the decision and its reason in
/// plain words. Kept findings are counted on one line (`showKept` lists them). Colour (ANSI)
/// only when asked for: the command line turns it on for a terminal with `NO_COLOR` unset.
public struct TextReporter: Reporter {
    /// `text`.
    public static let formatName = "text"
    /// Whether to emit ANSI colour escapes.
    public var colour: Bool
    /// Whether to list kept findings (otherwise one line counts them).
    public var showKept: Bool
    /// Lines of the published preview shown per draft; the rest is counted.
    public static let previewLines = 60

    /// A text reporter, coloured or not, listing kept findings or not.
    public init(colour: Bool = false, showKept: Bool = false) {
        self.colour = colour
        self.showKept = showKept
    }

    /// Whether a report written to standard output should be coloured: only on a terminal, and
    /// never when `NO_COLOR` is set to a non-empty value (https://no-color.org) or `TERM` is `dumb`.
    public static func wantsColour(outputIsTerminal: Bool, environment: [String: String]) -> Bool {
        guard outputIsTerminal else { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The whole report.
    public func render(_ report: AuditReport) -> String {
        let triage = Triage(report)
        var out = summary(report, triage)
        for row in triage.rows {
            out += "\n" + renderDocument(row.audited, report: report)
        }
        return out
    }

    private func summary(_ report: AuditReport, _ triage: Triage) -> String {
        var total = DecisionCounts([])
        for r in triage.rows { total.add(r.counts) }
        var out = paint("Veil audit", "1") + " · policy \(report.policyName) · \(Wording.plural(report.documents.count, "draft")), "
        out += "\(Wording.plural(total.total, "finding")): \(total.removed) to remove, \(total.flagged) flagged, \(total.kept) kept\n"
        guard !triage.rows.isEmpty else { return out }
        out += "\n" + paint("Drafts by risk (highest first)", "1") + "\n"
        let width = String(triage.rows.count).count
        for (rank, row) in triage.rows.enumerated() {
            let risk = row.audited.outcome.risk
            let number = String(rank + 1)
            out += "  " + String(repeating: " ", count: width - number.count) + number + ". "
            out += paint(Wording.score(row.score), risk.exceedsThreshold ? "1;31" : "32")
            out += risk.exceedsThreshold ? " over " : " within "
            out += Wording.score(risk.threshold) + "  " + (row.audited.document.path ?? "(standard input)")
            out += "  (\(row.counts.removed) to remove, \(row.counts.flagged) flagged, \(row.counts.kept) kept)\n"
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

    private func line(_ p: PlacedDecision, indent: String, showCategory: Bool, plain: String) -> String {
        let d = p.decision
        let f = d.finding
        var s = indent + "\(p.start.line):\(p.start.column)  "
        if showCategory { s += paint(f.category.rawValue, "36") + "  " }
        s += "“\(f.text)”  " + paint(Wording.action(d), actionColour(d.action))
        s += "\n" + indent + "    " + plain + " " + paint("[\(f.recognizer), confidence \(Wording.score(f.confidence))]", "2")
        if AuditGate.alwaysBlocks(f.category) { s += "\n" + indent + "    " + paint("blocks publication", "1;31") }
        return s + "\n"
    }

    /// Kept findings, one line per text and reason: “North Korea” ×5 at 1:1, 3:108, … keep — reason.
    private func keptLines(_ kept: [PlacedDecision], plain: (PlacedDecision) -> String) -> String {
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
            out += "\n        " + paint(plain(g[0]), "2") + "\n"
        }
        return out
    }

    private func riskLine(_ r: SourceRisk, threshold: Double) -> String {
        var s = "risk " + paint(Wording.score(r.score), r.score > threshold ? "1;31" : "32")
        s += ": " + (r.survivingDetails.isEmpty ? "nothing identifying survives" : "surviving " + r.survivingDetails.joined(separator: ", "))
        if !r.explanation.isEmpty { s += " — " + r.explanation }
        return s
    }

    /// The published preview, each line behind a bar, replaced spans in colour; at most
    /// `previewLines` lines.
    private func previewBlock(_ preview: PublishedPreview) -> String {
        var out = "\n" + paint("  What would be published", "1") + "\n"
        switch preview {
        case .refused(let why):
            return out + "    veil redact would refuse this draft: \(why)\n"
        case .text(let text, let replaced):
            let bytes = Array(text.utf8)
            // Where the shown lines end.
            var limit = 0, lines = 0
            while limit < bytes.count && lines < TextReporter.previewLines {
                if bytes[limit] == 0x0A { lines += 1 }
                limit += 1
            }
            // Each line behind a bar; replaced spans coloured per line (one may cross a break).
            var atLineStart = true
            func emit(_ r: Range<Int>, painted: Bool) {
                var i = r.lowerBound
                while i < r.upperBound {
                    var j = i
                    while j < r.upperBound && bytes[j] != 0x0A { j += 1 }
                    if atLineStart { out += "    │ "; atLineStart = false }
                    if j > i {
                        let piece = String(decoding: bytes[i..<j], as: UTF8.self)
                        out += painted ? paint(piece, "32") : piece
                    }
                    if j < r.upperBound { out += "\n"; atLineStart = true; j += 1 }
                    i = j
                }
            }
            var pos = 0
            for r in replaced where r.lowerBound < limit {
                let lo = max(r.lowerBound, pos), hi = min(r.upperBound, limit)
                guard hi > lo else { continue }
                emit(pos..<lo, painted: false)
                emit(lo..<hi, painted: true)
                pos = hi
            }
            emit(pos..<limit, painted: false)
            if !atLineStart { out += "\n" }
            if limit < bytes.count {
                var rest = 0
                for b in bytes[limit...] where b == 0x0A { rest += 1 }
                if bytes.last != 0x0A { rest += 1 }
                out += "    … \(Wording.plural(rest, "more line")) (veil redact writes the whole text)\n"
            }
            return out
        }
    }

    private func renderDocument(_ audited: AuditedDocument, report: AuditReport) -> String {
        let layout = DocumentLayout(audited)
        let risk = audited.outcome.risk
        let counts = DecisionCounts(audited.outcome.decisions)
        let plain = { (p: PlacedDecision) in Wording.plain(p, in: audited.outcome, policy: report.policy) }
        var out = paint(audited.document.path ?? "(standard input)", "1") + "  (policy \(report.policyName))\n"
        out += "  Risk: " + paint(Wording.score(risk.documentScore), risk.exceedsThreshold ? "1;31" : "32")
        out += " (threshold \(Wording.score(risk.threshold))"
        out += risk.exceedsThreshold ? ", " + paint("exceeded", "1;31") + ")" : ", within)"
        if !risk.explanation.isEmpty { out += " — " + risk.explanation }
        out += "\n  \(Wording.plural(counts.total, "finding")): \(counts.removed) to remove, \(counts.flagged) flagged, \(counts.kept) kept\n"
        if let preview = audited.preview { out += previewBlock(preview) }
        var folded: [PlacedDecision] = []
        if !layout.sources.isEmpty {
            out += "\n" + paint("  Anonymous sources", "1") + "\n"
            for g in layout.sources {
                let p = g.source
                out += "  Source \(g.number)  \(p.start.line):\(p.start.column)  “\(p.finding.text)”  "
                out += paint(Wording.action(p.decision), actionColour(p.decision.action)) + "\n"
                out += "      " + paint(plain(p), "2") + "\n"
                if let r = g.risk { out += "      " + riskLine(r, threshold: risk.threshold) + "\n" }
                for a in g.attached {
                    if Wording.isFoldedKeep(a.decision) && !showKept { folded.append(a); continue }
                    out += line(a, indent: "      ", showCategory: true, plain: plain(a))
                }
            }
        }
        for (category, items) in layout.byCategory {
            let shown = items.filter { !Wording.isFoldedKeep($0.decision) }
            let kept = items.filter { Wording.isFoldedKeep($0.decision) }
            if !showKept { folded += kept }
            if shown.isEmpty && (kept.isEmpty || !showKept) { continue }
            out += "\n" + paint("  \(category.rawValue) (\(showKept ? items.count : shown.count))", "1") + "\n"
            for p in shown { out += line(p, indent: "    ", showCategory: false, plain: plain(p)) }
            if showKept { out += keptLines(kept, plain: plain) }
        }
        if !layout.unmatchedRisks.isEmpty {
            out += "\n" + paint("  Other assessed sources", "1") + "\n"
            for r in layout.unmatchedRisks {
                out += "    “\(r.source.text)”  " + riskLine(r, threshold: risk.threshold) + "\n"
            }
        }
        if !folded.isEmpty {
            var keptBases: [DecisionBasis: Int] = [:]
            for p in folded { keptBases[p.decision.basis, default: 0] += 1 }
            let why = DecisionBasis.allCases.compactMap { b in keptBases[b].map { Wording.keptBasis(b, count: $0) } }.joined(separator: ", ")
            out += "\n  " + paint("\(Wording.plural(folded.count, "kept finding")) not listed (\(why)); --show-kept lists them", "2") + "\n"
        }
        return out
    }
}

import VeilModel
import VeilPolicy

/// One self-contained HTML page: no scripts at all, and no external styles, fonts or images (a
/// Content-Security-Policy of `default-src 'none'` makes the browser enforce it). Triage first:
/// a table of every draft ranked by risk (highest first); then per draft, in that order, its
/// risk, what would be published (when the caller previewed it, replaced spans marked), its
/// anonymous sources and their risk, the draft with every finding highlighted by category — the
/// decision and its reason in plain words appear on hover or keyboard focus, CSS only — and a
/// findings table (also what print shows) with kept findings folded into a `<details>`.
/// Reasons are in plain words; the policy's configuration key is the `title` of each reason.
/// Tables stack into labelled cards on narrow screens, and no cell breaks a word or a number
/// (break opportunities only after `/` and `@` in paths and addresses). Every piece of text is
/// HTML-escaped, and the markup is well-formed XML.
public struct HTMLReporter: Reporter {
    /// `html`.
    public static let formatName = "html"

    /// An HTML reporter.
    public init() {}

    /// The whole page.
    public func render(_ report: AuditReport) -> String {
        let triage = Triage(report)
        var total = DecisionCounts([])
        for r in triage.rows { total.add(r.counts) }
        let e = Self.escape
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>
        <meta name="referrer" content="no-referrer"/>
        <title>Veil audit report</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <header>
        <h1>Veil audit report</h1>
        <p>Policy <strong>\(e(report.policyName))</strong> · Veil \(e(VeilVersion.current)) · \(e(Wording.plural(report.documents.count, "draft"))), \(e(Wording.plural(total.total, "finding"))): \(total.removed) to remove, \(total.flagged) flagged, \(total.kept) kept.</p>
        <p class="warn">This report quotes the identifying details it found. Keep it as private as the drafts themselves.</p>
        </header>
        <main>

        """
        out += "<section class=\"triage\" aria-labelledby=\"triage-h\">\n<h2 id=\"triage-h\">Drafts by risk, highest first</h2>\n"
        out += "<table class=\"stack\">\n<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Draft</th><th scope=\"col\">Risk</th><th scope=\"col\">Threshold</th><th scope=\"col\">To remove</th><th scope=\"col\">Flagged</th><th scope=\"col\">Kept</th></tr></thead>\n<tbody>\n"
        if triage.rows.isEmpty { out += "<tr><td colspan=\"7\">No draft.</td></tr>\n" }
        for (rank, row) in triage.rows.enumerated() {
            let risk = row.audited.outcome.risk
            out += "<tr><td data-label=\"Rank\" class=\"num\">\(rank + 1)</td>"
            out += "<th scope=\"row\" data-label=\"Draft\"><a href=\"#d\(row.index + 1)\">\(Self.breakable(row.audited.document.path ?? "(standard input)"))</a></th>"
            out += "<td data-label=\"Risk\" class=\"num \(risk.exceedsThreshold ? "high" : "ok")\">\(Wording.score(row.score))\(risk.exceedsThreshold ? " (over)" : "")</td>"
            out += "<td data-label=\"Threshold\" class=\"num\">\(Wording.score(risk.threshold))</td>"
            out += "<td data-label=\"To remove\" class=\"num\">\(row.counts.removed)</td><td data-label=\"Flagged\" class=\"num\">\(row.counts.flagged)</td><td data-label=\"Kept\" class=\"num\">\(row.counts.kept)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
        for row in triage.rows {
            out += renderDocument(row.audited, number: row.index + 1, policy: report.policy)
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    private func renderDocument(_ audited: AuditedDocument, number: Int, policy: Policy?) -> String {
        let layout = DocumentLayout(audited)
        let risk = audited.outcome.risk
        let e = Self.escape
        let plain = layout.placed.map { Wording.plain($0, in: audited.outcome, policy: policy) }
        var out = "<section class=\"doc\" id=\"d\(number)\">\n"
        out += "<h2>\(e(audited.document.path ?? "(standard input)"))</h2>\n"
        out += "<p class=\"risk \(risk.exceedsThreshold ? "high" : "ok")\">Risk <strong>\(Wording.score(risk.documentScore))</strong>, threshold \(Wording.score(risk.threshold)): \(risk.exceedsThreshold ? "exceeded" : "within")"
        if !risk.explanation.isEmpty { out += " — " + e(risk.explanation) }
        out += "</p>\n"

        // What would be published.
        if let preview = audited.preview {
            out += "<h3>What would be published</h3>\n"
            switch preview {
            case .refused(let why):
                out += "<p class=\"refused\">veil redact would refuse this draft: \(e(why))</p>\n"
            case .text(let text, let replaced):
                out += "<pre class=\"published\">" + Self.markedPreview(text, replaced: replaced) + "</pre>\n"
            }
        }

        // Sources and their risk.
        out += "<table class=\"sources stack\">\n<caption>Anonymous sources and their risk</caption>\n"
        out += "<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Where</th><th scope=\"col\">Description</th><th scope=\"col\">Decision</th><th scope=\"col\">Risk</th><th scope=\"col\">Surviving details</th></tr></thead>\n<tbody>\n"
        if layout.sources.isEmpty && layout.unmatchedRisks.isEmpty {
            out += "<tr><td colspan=\"6\">No anonymous source found.</td></tr>\n"
        }
        for g in layout.sources {
            let p = g.source
            out += "<tr><th scope=\"row\" data-label=\"Source\"><a href=\"#d\(number)-f\(p.index + 1)\">Source \(g.number)</a></th>"
            out += "<td data-label=\"Where\" class=\"num\">\(p.start.line):\(p.start.column)</td><td data-label=\"Description\">\(e(p.finding.text))</td>"
            out += "<td data-label=\"Decision\">\(e(Wording.action(p.decision)))</td>"
            out += riskCells(g.risk, threshold: risk.threshold) + "</tr>\n"
        }
        for r in layout.unmatchedRisks {
            out += "<tr><th scope=\"row\" data-label=\"Source\">Other</th><td data-label=\"Where\"></td><td data-label=\"Description\">\(e(r.source.text))</td><td data-label=\"Decision\"></td>" + riskCells(r, threshold: risk.threshold) + "</tr>\n"
        }
        out += "</tbody>\n</table>\n"

        // Legend.
        let present = Set(audited.outcome.decisions.map(\.finding.category))
        if !present.isEmpty {
            out += "<p class=\"legend\">"
            for c in Category.allCases where present.contains(c) { out += "<span class=\"chip c-\(c.rawValue)\">\(c.rawValue)</span> " }
            out += "<span class=\"chip a-remove\">removed</span> <span class=\"chip a-flag\">flagged</span> <span class=\"chip a-keep\">kept</span></p>\n"
        }

        // The highlighted draft.
        out += "<h3>Draft <small class=\"screen\">(hover or tab to a highlight for its decision and reason)</small></h3>\n<pre class=\"draft\">" + highlightedDraft(layout, number: number, plain: plain) + "</pre>\n"

        // Findings: what would change or needs a look, then the kept ones folded away.
        let listed = layout.placed.filter { !Wording.isFoldedKeep($0.decision) }
        let kept = layout.placed.filter { Wording.isFoldedKeep($0.decision) }
        out += "<table class=\"findings stack\">\n<caption>Findings to remove or check (\(listed.count))</caption>\n"
        out += findingsHead
        if listed.isEmpty { out += "<tr><td colspan=\"7\">Nothing to remove or check.</td></tr>\n" }
        for p in listed { out += findingRow(p, plain: plain[p.index]) }
        out += "</tbody>\n</table>\n"
        if !kept.isEmpty {
            out += "<details class=\"kept\">\n<summary>\(e(Wording.plural(kept.count, "kept finding"))), left as written by policy</summary>\n"
            out += "<table class=\"findings stack\">\n<caption>Kept findings</caption>\n" + findingsHead
            for p in kept { out += findingRow(p, plain: plain[p.index]) }
            out += "</tbody>\n</table>\n</details>\n"
        }
        out += "</section>\n"
        return out
    }

    private var findingsHead: String {
        "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Where</th><th scope=\"col\">Category</th><th scope=\"col\">Text</th><th scope=\"col\">Decision</th><th scope=\"col\">Reason</th><th scope=\"col\">Recognizer</th></tr></thead>\n<tbody>\n"
    }

    private func findingRow(_ p: PlacedDecision, plain: String) -> String {
        let f = p.finding
        let e = Self.escape
        var out = "<tr><td data-label=\"#\" class=\"num\">\(p.index + 1)</td><td data-label=\"Where\" class=\"num\">\(p.start.line):\(p.start.column)</td>"
        out += "<td data-label=\"Category\"><span class=\"chip c-\(f.category.rawValue)\">\(f.category.rawValue)</span></td>"
        out += "<td data-label=\"Text\">" + Self.findingText(f) + "</td>"
        out += "<td data-label=\"Decision\" class=\"\(Self.actionClass(p.decision.action))\">\(e(Wording.action(p.decision)))</td>"
        out += "<td data-label=\"Reason\" title=\"\(e(p.decision.reason))\">\(e(plain))</td>"
        out += "<td data-label=\"Recognizer\">\(e(f.recognizer)) <span class=\"num\">(\(Wording.score(f.confidence)))</span></td></tr>\n"
        return out
    }

    private func riskCells(_ r: SourceRisk?, threshold: Double) -> String {
        guard let r else { return "<td data-label=\"Risk\">—</td><td data-label=\"Surviving details\">not assessed</td>" }
        var s = "<td data-label=\"Risk\" class=\"num \(r.score > threshold ? "high" : "ok")\">\(Wording.score(r.score))</td><td data-label=\"Surviving details\">"
        s += r.survivingDetails.isEmpty ? "none" : Self.escape(r.survivingDetails.joined(separator: ", "))
        if !r.explanation.isEmpty { s += "<br/><small>" + Self.escape(r.explanation) + "</small>" }
        return s + "</td>"
    }

    /// A finding's text for a table cell: numbers, dates, ages and contacts never wrap inside
    /// (an address may break after `@` or `/`); other text wraps between words only.
    static func findingText(_ f: Finding) -> String {
        switch f.category {
        case .amount, .date, .age: return "<span class=\"nw\">" + escape(f.text) + "</span>"
        case .contact: return "<span class=\"nw\">" + breakable(f.text) + "</span>"
        default: return escape(f.text)
        }
    }

    /// Escaped text with a break opportunity (`<wbr/>`) after each `/` and `@`: a path or an
    /// address may wrap there, never inside a word.
    static func breakable(_ s: String) -> String {
        var out = ""
        for ch in s {
            out += escape(String(ch))
            if ch == "/" || ch == "@" { out += "<wbr/>" }
        }
        return out
    }

    /// The published text with each replacement text in an `<ins>` (linear: one pass).
    static func markedPreview(_ text: String, replaced: [Range<Int>]) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var pos = 0
        for r in replaced {
            let lo = min(max(r.lowerBound, pos), bytes.count), hi = min(r.upperBound, bytes.count)
            guard hi > lo else { continue }
            out += escape(String(decoding: bytes[pos..<lo], as: UTF8.self))
            out += "<ins class=\"r\">" + escape(String(decoding: bytes[lo..<hi], as: UTF8.self)) + "</ins>"
            pos = hi
        }
        out += escape(String(decoding: bytes[pos...], as: UTF8.self))
        return out
    }

    /// The draft with its findings highlighted, overlapping and nested ones included, by one
    /// sweep over the findings' boundaries: between two consecutive boundaries the text is
    /// written once, in one `<mark>` when a finding covers it, coloured by the innermost
    /// covering finding (the latest to start) and underlined by the strongest action among the
    /// covering ones. Marks never nest, so no finding is cut into pieces that repeat text, and
    /// the page is linear in the draft and the findings (two heaps with lazy deletion:
    /// O(n log n) in the findings). Where findings start, the mark is focusable and its
    /// tooltip describes each of them (every finding once); each finding's id is an anchor
    /// just before it.
    private func highlightedDraft(_ layout: DocumentLayout, number: Int, plain: [String]) -> String {
        let bytes = layout.audited.document.bytes
        let n = bytes.count
        struct Span { let start: Int, end: Int, index: Int, strength: Int }
        var spans: [Span] = []
        spans.reserveCapacity(layout.placed.count)
        for p in layout.placed {
            let s = min(max(p.finding.range.lowerBound, 0), n), t = min(max(p.finding.range.upperBound, 0), n)
            guard s < t else { continue }
            let d = p.decision
            let strength = d.action.removesOriginal ? (d.coveredBy == nil ? 3 : 2) : (d.action == .flag ? 1 : 0)
            spans.append(Span(start: s, end: t, index: p.index, strength: strength))
        }
        spans.sort { ($0.start, -$0.end, $0.index) < ($1.start, -$1.end, $1.index) }
        // Every boundary, sorted: starts (already sorted) merged with the sorted ends.
        let ends = spans.map(\.end).sorted()
        var cuts: [Int] = []
        cuts.reserveCapacity(spans.count * 2)
        var si = 0, ei = 0
        while si < spans.count || ei < ends.count {
            let next: Int
            if ei >= ends.count || (si < spans.count && spans[si].start <= ends[ei]) {
                next = spans[si].start; si += 1
            } else {
                next = ends[ei]; ei += 1
            }
            if cuts.last != next { cuts.append(next) }
        }
        // Innermost: latest start, then shortest; strongest: action, then innermost.
        var inner = Heap<Int> { a, b in (spans[a].start, -spans[a].end, a) > (spans[b].start, -spans[b].end, b) }
        var strong = Heap<Int> { a, b in (spans[a].strength, spans[a].start, -spans[a].end, a) > (spans[b].strength, spans[b].start, -spans[b].end, b) }
        var out = ""
        out.reserveCapacity(n + spans.count * 160)
        func text(_ r: Range<Int>) { if !r.isEmpty { out += Self.escape(String(decoding: bytes[r], as: UTF8.self)) } }
        var pos = 0
        var next = 0   // next span to start
        for (k, cut) in cuts.enumerated() {
            guard k + 1 < cuts.count else { break }
            let segmentEnd = cuts[k + 1]
            text(pos..<cut)
            pos = cut
            var starting: [Int] = []
            while next < spans.count && spans[next].start == cut {
                inner.push(next); strong.push(next); starting.append(next); next += 1
            }
            while let top = inner.top, spans[top].end <= cut { inner.pop() }
            while let top = strong.top, spans[top].end <= cut { strong.pop() }
            guard let innermost = inner.top, let strongest = strong.top else { continue }
            for s in starting { out += "<span class=\"anchor\" id=\"d\(number)-f\(spans[s].index + 1)\"></span>" }
            let category = layout.placed[spans[innermost].index].finding.category
            let action = layout.placed[spans[strongest].index].decision.action
            out += "<mark class=\"f c-\(category.rawValue) \(Self.actionClass(action))\""
            if starting.isEmpty {
                out += ">"
            } else {
                let tipID = "d\(number)-t\(cut)"
                out += " tabindex=\"0\" aria-describedby=\"\(tipID)\"><span class=\"tip\" role=\"tooltip\" id=\"\(tipID)\">"
                for (j, s) in starting.enumerated() {
                    if j > 0 { out += "<br/>" }
                    out += tip(layout.placed[spans[s].index], plain: plain[spans[s].index])
                }
                out += "</span>"
            }
            text(cut..<segmentEnd)
            pos = segmentEnd
            out += "</mark>"
        }
        text(pos..<n)
        return out
    }

    private func tip(_ p: PlacedDecision, plain: String) -> String {
        let d = p.decision
        var s = "<b>\(d.finding.category.rawValue)</b> · \(Self.escape(Wording.action(d)))<br/>\(Self.escape(plain))"
        s += "<br/><small>\(Self.escape(d.finding.recognizer)), confidence \(Wording.score(d.finding.confidence)) · line \(p.start.line), column \(p.start.column) · rule: \(Self.escape(d.reason))</small>"
        return s
    }

    static func actionClass(_ a: Action) -> String {
        a.removesOriginal ? "a-remove" : (a == .flag ? "a-flag" : "a-keep")
    }

    /// Escapes text for HTML element content and double- or single-quoted attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab, LF and CR are not allowed in HTML or XML text.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" { out += "\u{FFFD}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    private static let categoryColours: [(Category, String)] = [
        (.person, "#ffd6d6"), (.neighborhood, "#d9f2d0"), (.city, "#c8ecc0"), (.province, "#b6e3ad"),
        (.country, "#e8f5e4"), (.facility, "#ffe7c2"), (.organization, "#ffefd6"), (.date, "#d6e8ff"),
        (.age, "#e6dcff"), (.amount, "#fff2a8"), (.source, "#ffd6f0"), (.occupation, "#d6f5f5"),
        (.contact, "#ffc9c9"), (.watchlist, "#ff9e9e"), (.term, "#ffb3b3"),
    ]

    static let css: String = {
        var s = """

        :root{color-scheme:light;--ink:#1b1b1b;--muted:#5a5a5a;--line:#d0d0d0}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:60rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
        h1{font-size:1.5rem;margin:.2rem 0}
        h2{font-size:1.15rem;margin:2rem 0 .4rem;overflow-wrap:anywhere}
        .triage h2{margin-top:1rem}
        h3{font-size:1rem;margin:1rem 0 .3rem}
        .warn{color:#8a1f11;font-weight:600}
        .refused{color:#8a1f11}
        .risk.high,td.high{color:#a11;font-weight:600}
        .risk.ok,td.ok{color:#1f6b2a}
        table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
        caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:normal;word-break:normal;hyphens:none}
        thead th{background:#f3f3f3}
        .num,.nw{white-space:nowrap}
        details.kept{margin:.6rem 0}
        details.kept>summary{cursor:pointer;font-weight:600;padding:.3rem 0}
        .legend{font-size:.85rem}
        .chip{display:inline-block;padding:0 .4rem;border-radius:.3rem;margin:.1rem 0;white-space:nowrap}
        pre.draft,pre.published{white-space:pre-wrap;overflow-wrap:break-word;font:15px/1.7 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#fcfcfa;border:1px solid var(--line);border-radius:.4rem;padding:.8rem}
        pre.published{background:#fbfdf9}
        ins.r{text-decoration:none;background:#dff3da;border-bottom:2px solid #2e7d32;border-radius:.2rem}
        mark.f{position:relative;color:inherit;border-radius:.2rem;padding:0 .05rem}
        mark.f[tabindex]{cursor:help}
        mark.f:focus{outline:2px solid #1a56db;outline-offset:1px}
        .a-remove{border-bottom:2px solid #b3261e}
        .a-flag{border-bottom:2px dashed #b26a00}
        .a-keep{border-bottom:1px dotted #777}
        td.a-remove,td.a-flag,td.a-keep{border:1px solid var(--line)}
        .chip.a-remove,.chip.a-flag,.chip.a-keep{background:#f3f3f3}
        .tip{display:none;position:absolute;left:0;top:100%;z-index:10;width:max-content;max-width:min(22rem,80vw);white-space:normal;overflow-wrap:break-word;font:13px/1.4 system-ui,sans-serif;background:#1b1b1b;color:#fff;padding:.4rem .55rem;border-radius:.3rem;box-shadow:0 2px 8px rgba(0,0,0,.3)}
        .tip small{color:#ddd}
        mark.f:hover>.tip,mark.f:focus>.tip{display:block}
        @media (max-width:40rem){body{padding:.6rem;font-size:15px}pre.draft,pre.published{font-size:14px;padding:.5rem}
        table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:100%}
        table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        table.stack tr{border:1px solid var(--line);border-radius:.3rem;margin:.5rem 0;padding:.2rem 0}
        table.stack th,table.stack td{border:none;padding:.15rem .5rem}
        table.stack [data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
        table.stack caption{display:block}}
        @media print{details.kept::details-content{content-visibility:visible;display:contents}}
        @media print{body{max-width:none;padding:0;font-size:11pt}.screen{display:none}.tip{display:none!important}pre.draft,pre.published{border:none;background:none;padding:0}mark.f,ins.r{-webkit-print-color-adjust:exact;print-color-adjust:exact}tr{break-inside:avoid}section.doc{break-before:page}details.kept>table{display:table}}

        """
        for (c, colour) in categoryColours { s += ".c-\(c.rawValue){background:\(colour)}\n" }
        return s
    }()
}

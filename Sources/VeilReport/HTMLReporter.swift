import VeilModel
import VeilPolicy

/// One self-contained HTML page: no scripts at all, and no external styles, fonts or images (a
/// Content-Security-Policy of `default-src 'none'` makes the browser enforce it). For each
/// draft: a table of its anonymous sources and their risk, the draft with every finding
/// highlighted by category — its decision and reason appear on hover or keyboard focus, CSS only —
/// and a findings table that also serves print. Responsive (viewport meta, wrapping text) and
/// printable. Every piece of text is HTML-escaped, and the markup is well-formed XML.
public struct HTMLReporter: Reporter {
    /// `html`.
    public static let formatName = "html"

    /// An HTML reporter.
    public init() {}

    /// The whole page.
    public func render(_ report: AuditReport) -> String {
        var total = DecisionCounts([])
        for d in report.documents { total.add(DecisionCounts(d.outcome.decisions)) }
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
        <p>Policy <strong>\(Self.escape(report.policyName))</strong> · Veil \(Self.escape(VeilVersion.current)) · \(Self.escape(Wording.plural(report.documents.count, "draft"))), \(Self.escape(Wording.plural(total.total, "finding"))): \(total.removed) to remove, \(total.flagged) flagged, \(total.kept) kept.</p>
        <p class="warn">This report quotes the identifying details it found. Keep it as private as the drafts themselves.</p>
        </header>
        <main>

        """
        for (i, audited) in report.documents.enumerated() {
            out += renderDocument(audited, number: i + 1)
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    private func renderDocument(_ audited: AuditedDocument, number: Int) -> String {
        let layout = DocumentLayout(audited)
        let risk = audited.outcome.risk
        let e = Self.escape
        var out = "<section class=\"doc\" id=\"d\(number)\">\n"
        out += "<h2>\(e(audited.document.path ?? "(standard input)"))</h2>\n"
        out += "<p class=\"risk \(risk.exceedsThreshold ? "high" : "ok")\">Risk <strong>\(Wording.score(risk.documentScore))</strong>, threshold \(Wording.score(risk.threshold)): \(risk.exceedsThreshold ? "exceeded" : "within")"
        if !risk.explanation.isEmpty { out += ". " + e(risk.explanation) }
        out += "</p>\n"

        // Sources and their risk.
        out += "<div class=\"scroll\"><table class=\"sources\">\n<caption>Anonymous sources and their risk</caption>\n"
        out += "<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Where</th><th scope=\"col\">Description</th><th scope=\"col\">Decision</th><th scope=\"col\">Risk</th><th scope=\"col\">Surviving details</th></tr></thead>\n<tbody>\n"
        if layout.sources.isEmpty && layout.unmatchedRisks.isEmpty {
            out += "<tr><td colspan=\"6\">No anonymous source found.</td></tr>\n"
        }
        for g in layout.sources {
            let p = g.source
            out += "<tr><th scope=\"row\"><a href=\"#d\(number)-f\(p.index + 1)\">Source \(g.number)</a></th>"
            out += "<td>\(p.start.line):\(p.start.column)</td><td>\(e(p.finding.text))</td>"
            out += "<td>\(e(Wording.action(p.decision)))</td>"
            out += riskCells(g.risk, threshold: risk.threshold) + "</tr>\n"
        }
        for r in layout.unmatchedRisks {
            out += "<tr><th scope=\"row\">Other</th><td></td><td>\(e(r.source.text))</td><td></td>" + riskCells(r, threshold: risk.threshold) + "</tr>\n"
        }
        out += "</tbody>\n</table></div>\n"

        // Legend.
        let present = Set(audited.outcome.decisions.map(\.finding.category))
        if !present.isEmpty {
            out += "<p class=\"legend\">"
            for c in Category.allCases where present.contains(c) { out += "<span class=\"chip c-\(c.rawValue)\">\(c.rawValue)</span> " }
            out += "<span class=\"chip a-remove\">removed</span> <span class=\"chip a-flag\">flagged</span> <span class=\"chip a-keep\">kept</span></p>\n"
        }

        // The highlighted draft.
        out += "<h3>Draft <small class=\"screen\">(hover or tab to a highlight for its decision and reason)</small></h3>\n<pre class=\"draft\">" + highlightedDraft(layout, number: number) + "</pre>\n"

        // Findings table (what print shows instead of hover).
        out += "<div class=\"scroll\"><table class=\"findings\">\n<caption>Findings</caption>\n"
        out += "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Where</th><th scope=\"col\">Category</th><th scope=\"col\">Text</th><th scope=\"col\">Decision</th><th scope=\"col\">Reason</th><th scope=\"col\">Recognizer</th></tr></thead>\n<tbody>\n"
        for p in layout.placed {
            let f = p.finding
            out += "<tr><td>\(p.index + 1)</td><td>\(p.start.line):\(p.start.column)</td>"
            out += "<td><span class=\"chip c-\(f.category.rawValue)\">\(f.category.rawValue)</span></td><td>\(e(f.text))</td>"
            out += "<td class=\"\(Self.actionClass(p.decision.action))\">\(e(Wording.action(p.decision)))</td><td>\(e(p.decision.reason))</td>"
            out += "<td>\(e(f.recognizer)) (\(Wording.score(f.confidence)))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n</section>\n"
        return out
    }

    private func riskCells(_ r: SourceRisk?, threshold: Double) -> String {
        guard let r else { return "<td>—</td><td>not assessed</td>" }
        var s = "<td class=\"\(r.score > threshold ? "high" : "ok")\">\(Wording.score(r.score))</td><td>"
        s += r.survivingDetails.isEmpty ? "none" : Self.escape(r.survivingDetails.joined(separator: ", "))
        if !r.explanation.isEmpty { s += "<br/><small>" + Self.escape(r.explanation) + "</small>" }
        return s + "</td>"
    }

    /// A highlighted piece of the draft: a finding, or the part of one that crosses the end of
    /// an enclosing finding (so that marks always nest).
    private struct Piece {
        var start: Int
        var end: Int
        let index: Int
        let first: Bool
        static func before(_ a: Piece, _ b: Piece) -> Bool {
            (a.start, -a.end, a.index) < (b.start, -b.end, b.index)
        }
    }

    private func highlightedDraft(_ layout: DocumentLayout, number: Int) -> String {
        let bytes = layout.audited.document.bytes
        let n = bytes.count
        var queue = layout.placed.compactMap { p -> Piece? in
            let s = min(max(p.finding.range.lowerBound, 0), n), t = min(p.finding.range.upperBound, n)
            return s < t ? Piece(start: s, end: t, index: p.index, first: true) : nil
        }.sorted(by: Piece.before)
        var out = ""
        var pos = 0
        var stack: [Piece] = []
        func text(upTo end: Int) {
            if end > pos { out += Self.escape(String(decoding: bytes[pos..<end], as: UTF8.self)); pos = end }
        }
        var i = 0
        while i < queue.count {
            var p = queue[i]
            i += 1
            while let top = stack.last, top.end <= p.start {
                text(upTo: top.end); out += "</mark>"; stack.removeLast()
            }
            if let top = stack.last, p.end > top.end {
                let rest = Piece(start: top.end, end: p.end, index: p.index, first: false)
                let at = queue[i...].firstIndex { Piece.before(rest, $0) } ?? queue.count
                queue.insert(rest, at: at)
                p.end = top.end
            }
            text(upTo: p.start)
            out += openTag(layout.placed[p.index], piece: p, number: number)
            stack.append(p)
        }
        while let top = stack.popLast() { text(upTo: top.end); out += "</mark>" }
        text(upTo: n)
        return out
    }

    private func openTag(_ p: PlacedDecision, piece: Piece, number: Int) -> String {
        let d = p.decision
        let id = "d\(number)-f\(p.index + 1)"
        let tipID = piece.first ? "\(id)-tip" : "\(id)-tip-\(piece.start)"
        var s = "<mark class=\"f c-\(d.finding.category.rawValue) \(Self.actionClass(d.action))\" tabindex=\"0\""
        if piece.first { s += " id=\"\(id)\"" }
        s += " aria-describedby=\"\(tipID)\"><span class=\"tip\" role=\"tooltip\" id=\"\(tipID)\">"
        s += "<b>\(d.finding.category.rawValue)</b> · \(Self.escape(Wording.action(d)))<br/>\(Self.escape(d.reason))"
        s += "<br/><small>\(Self.escape(d.finding.recognizer)), confidence \(Wording.score(d.finding.confidence)) · line \(p.start.line), column \(p.start.column)</small></span>"
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
        h3{font-size:1rem;margin:1rem 0 .3rem}
        .warn{color:#8a1f11;font-weight:600}
        .risk.high,td.high{color:#a11;font-weight:600}
        .risk.ok,td.ok{color:#1f6b2a}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
        caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        thead th{background:#f3f3f3}
        .legend{font-size:.85rem}
        .chip{display:inline-block;padding:0 .4rem;border-radius:.3rem;margin:.1rem 0}
        .draft{white-space:pre-wrap;overflow-wrap:anywhere;font:15px/1.7 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#fcfcfa;border:1px solid var(--line);border-radius:.4rem;padding:.8rem}
        mark.f{position:relative;color:inherit;border-radius:.2rem;padding:0 .05rem;cursor:help}
        mark.f:focus{outline:2px solid #1a56db;outline-offset:1px}
        .a-remove{border-bottom:2px solid #b3261e}
        .a-flag{border-bottom:2px dashed #b26a00}
        .a-keep{border-bottom:1px dotted #777}
        td.a-remove,td.a-flag,td.a-keep{border:1px solid var(--line)}
        .chip.a-remove,.chip.a-flag,.chip.a-keep{background:#f3f3f3}
        .tip{display:none;position:absolute;left:0;top:100%;z-index:10;width:max-content;max-width:min(22rem,80vw);white-space:normal;font:13px/1.4 system-ui,sans-serif;background:#1b1b1b;color:#fff;padding:.4rem .55rem;border-radius:.3rem;box-shadow:0 2px 8px rgba(0,0,0,.3)}
        mark.f:hover>.tip,mark.f:focus>.tip{display:block}
        mark.f mark.f>.tip{z-index:11}
        mark.f:has(mark.f:hover)>.tip{display:none}
        @media (max-width:40rem){body{padding:.6rem;font-size:15px}.draft{font-size:14px;padding:.5rem}th,td{padding:.25rem}}
        @media print{body{max-width:none;padding:0;font-size:11pt}.screen{display:none}.tip{display:none!important}.scroll{overflow:visible}.draft{border:none;background:none;padding:0}mark.f{-webkit-print-color-adjust:exact;print-color-adjust:exact}tr{break-inside:avoid}section.doc{break-before:page}section.doc:first-of-type{break-before:auto}}

        """
        for (c, colour) in categoryColours { s += ".c-\(c.rawValue){background:\(colour)}\n" }
        return s
    }()
}

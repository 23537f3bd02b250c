import XCTest
import Foundation
import VeilModel
import VeilPolicy
@testable import VeilReport

/// Triage first (drafts ranked by risk, then each draft's published preview, then findings with
/// the kept ones folded), reasons in plain words, and a layout that never breaks a word or a
/// number in a table cell.
final class TriageReportTests: XCTestCase {
    /// A draft with one finding per (text, category, action, basis), and a fixed risk score.
    static func draft(_ path: String, _ text: String, score: Double,
                      _ items: [(String, VeilModel.Category, Action, DecisionBasis)], preview: PublishedPreview? = nil) throws -> AuditedDocument {
        let doc = try Document(text: text, path: path)
        var decisions: [Decision] = []
        for (needle, category, action, basis) in items {
            let r = try XCTUnwrap(text.range(of: needle))
            let start = text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound)
            let f = Finding(range: start..<(start + needle.utf8.count), text: needle, category: category, confidence: 0.9,
                            recognizer: "test.\(category.rawValue)", explanation: "explains \(needle)")
            decisions.append(Decision(finding: f, action: action, replacement: action.removesOriginal ? "[\(category.rawValue)]" : nil,
                                      reason: "categories.\(category.rawValue).action: \(action.rawValue)", basis: basis))
        }
        let risk = RiskAssessment(sources: [], documentScore: score, threshold: 0.5, exceedsThreshold: score > 0.5, explanation: "")
        return AuditedDocument(document: doc, outcome: PolicyOutcome(decisions: decisions, risk: risk), preview: preview)
    }

    static func report() throws -> AuditReport {
        AuditReport(documents: [
            try draft("low.txt", "Kang left Seoul.", score: 0.1, [("Kang", .person, .pseudonymize, .categoryRule), ("Seoul", .city, .keep, .allowList)]),
            try draft("high.txt", "Choi met Lee in Hyesan.", score: 0.8, [("Choi", .person, .flag, .categoryRule), ("Hyesan", .city, .generalize, .categoryRule)]),
            try draft("mid.txt", "Park is 34.", score: 0.4, [("Park", .person, .pseudonymize, .categoryRule)]),
            try draft("tie.txt", "Yoon is 35.", score: 0.4, [("Yoon", .person, .pseudonymize, .categoryRule)]),
        ], policy: .standard)
    }

    private func positions(_ s: String, _ needles: [String]) throws -> [String.Index] {
        try needles.map { try XCTUnwrap(s.range(of: $0)?.lowerBound, "\($0) in the report") }
    }

    func testTextRanksDraftsByRiskThenShowsEachInThatOrder() throws {
        let text = TextReporter().render(try Self.report())
        let summary = try XCTUnwrap(text.range(of: "Drafts by risk (highest first)"))
        let ranked = String(text[summary.upperBound...].split(separator: "\n\n")[0])
        XCTAssertEqual(ranked.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }, [
            "1. 0.80 over 0.50  high.txt  (1 to remove, 1 flagged, 0 kept)",
            "2. 0.40 within 0.50  mid.txt  (1 to remove, 0 flagged, 0 kept)",
            "3. 0.40 within 0.50  tie.txt  (1 to remove, 0 flagged, 0 kept)",
            "4. 0.10 within 0.50  low.txt  (1 to remove, 0 flagged, 1 kept)",
        ])
        // The per-draft sections follow the ranking (ties keep the command line's order).
        let sections = try positions(text, ["\nhigh.txt  (policy", "\nmid.txt  (policy", "\ntie.txt  (policy", "\nlow.txt  (policy"])
        XCTAssertEqual(sections, sections.sorted())
        XCTAssertLessThan(summary.lowerBound, sections[0])
    }

    func testHTMLRanksDraftsByRiskThenShowsEachInThatOrder() throws {
        let html = HTMLReporter().render(try Self.report())
        let rows = try positions(html, ["<a href=\"#d2\">high.txt", "<a href=\"#d3\">mid.txt", "<a href=\"#d4\">tie.txt", "<a href=\"#d1\">low.txt"])
        XCTAssertEqual(rows, rows.sorted())
        let sections = try positions(html, ["<section class=\"doc\" id=\"d2\">", "<section class=\"doc\" id=\"d3\">", "<section class=\"doc\" id=\"d4\">", "<section class=\"doc\" id=\"d1\">"])
        XCTAssertEqual(sections, sections.sorted())
        XCTAssertLessThan(rows[3], sections[0], "the ranking comes first")
    }

    func testKeptFindingsAreFoldedAway() throws {
        let report = try Self.report()
        let text = TextReporter().render(report)
        XCTAssertFalse(text.contains("“Seoul”"), "kept findings are not listed by default")
        XCTAssertTrue(text.contains("1 kept finding not listed (1 on the allow list); --show-kept lists them"), text)
        let shown = TextReporter(showKept: true).render(report)
        XCTAssertTrue(shown.contains("“Seoul”  keep"), shown)
        XCTAssertTrue(shown.contains("on the policy's allow list, so it stays as written"))
        XCTAssertFalse(shown.contains("not listed"))

        let html = HTMLReporter().render(report)
        let low = try XCTUnwrap(html.range(of: "<section class=\"doc\" id=\"d1\">"))
        let section = String(html[low.lowerBound...])
        let details = try XCTUnwrap(section.range(of: "<details class=\"kept\">"))
        let mainTable = section[..<details.lowerBound]
        XCTAssertFalse(mainTable.contains("<td data-label=\"Text\">Seoul</td>"), "kept finding outside the fold")
        XCTAssertTrue(section[details.lowerBound...].contains("<td data-label=\"Text\">Seoul</td>"))
        XCTAssertTrue(section.contains("<summary>1 kept finding, left as written by policy</summary>"))
    }

    func testReasonsInPlainWordsWithThePathInATooltip() throws {
        let report = try Self.report()
        let text = TextReporter().render(report)
        XCTAssertTrue(text.contains("a city; the policy generalizes cities to their country"))
        XCTAssertFalse(text.contains("categories.city"), "the text report speaks plainly")
        let html = HTMLReporter().render(report)
        XCTAssertTrue(html.contains("<td data-label=\"Reason\" title=\"categories.city.action: generalize\">a city; the policy generalizes cities to their country</td>"))
        // JSON keeps the path.
        XCTAssertTrue(JSONReporter().render(report).contains("\"reason\":\"categories.city.action: generalize\""))
    }

    func testPreviewComesBeforeTheFindings() throws {
        let published = "Person A left Seoul."
        let preview = PublishedPreview.text(published, replaced: [0..<8])
        let doc = try Self.draft("p.txt", "Kang left Seoul.", score: 0.1, [("Kang", .person, .pseudonymize, .categoryRule)], preview: preview)
        let report = AuditReport(documents: [doc], policy: .standard)
        let text = TextReporter().render(report)
        let at = try positions(text, ["What would be published", "    │ Person A left Seoul.", "  person (1)"])
        XCTAssertEqual(at, at.sorted())
        XCTAssertTrue(TextReporter(colour: true).render(report).contains("│ \u{1B}[32mPerson A\u{1B}[0m left Seoul."))
        let html = HTMLReporter().render(report)
        let h = try positions(html, ["<h3>What would be published</h3>", "<pre class=\"published\"><ins class=\"r\">Person A</ins> left Seoul.</pre>", "<pre class=\"draft\">"])
        XCTAssertEqual(h, h.sorted())

        let refused = AuditReport(documents: [try Self.draft("r.txt", "Kang left.", score: 0, [], preview: .refused("refusing to write: 1 removed original would survive"))], policy: .standard)
        XCTAssertTrue(TextReporter().render(refused).contains("veil redact would refuse this draft: refusing to write: 1 removed original would survive"))
        XCTAssertTrue(HTMLReporter().render(refused).contains("<p class=\"refused\">veil redact would refuse this draft: refusing to write"))
    }

    /// A long preview shows its first lines and counts the rest; CRLF line ends are kept.
    func testLongPreviewIsCut() throws {
        let lines = (1...100).map { "line \($0)" }
        let preview = PublishedPreview.text(lines.joined(separator: "\r\n") + "\r\n", replaced: [])
        let report = AuditReport(documents: [try Self.draft("l.txt", "x", score: 0, [], preview: preview)], policy: .standard)
        let text = TextReporter().render(report)
        XCTAssertTrue(text.contains("    │ line 60\r\n"))
        XCTAssertFalse(text.contains("line 61"))
        XCTAssertTrue(text.contains("    … 40 more lines (veil redact writes the whole text)"), text)
    }

    /// At 390 px no table cell breaks a word or a number: no break-anywhere rules on cells,
    /// numbers never wrap, and tables stack into labelled cards on narrow screens.
    func testNarrowLayoutRules() throws {
        let css = HTMLReporter.css
        XCTAssertFalse(css.contains("break-all"))
        let cells = try XCTUnwrap(css.split(separator: "\n").first { $0.hasPrefix("th,td{") })
        XCTAssertTrue(cells.contains("overflow-wrap:normal") && cells.contains("word-break:normal"), String(cells))
        XCTAssertFalse(cells.contains("anywhere"))
        XCTAssertTrue(css.contains(".num,.nw{white-space:nowrap}"))
        XCTAssertTrue(css.contains("@media (max-width:40rem)"))
        XCTAssertTrue(css.contains("table.stack [data-label]::before{content:attr(data-label)"))
        let html = HTMLReporter().render(try SeedOutcome.report())
        // Every body cell of a stacked table carries its column's label.
        for table in html.components(separatedBy: "<table class=\"").dropFirst() where table.hasPrefix("stack") || table.contains(" stack\"") {
            let body = table.components(separatedBy: "<tbody>").last ?? ""
            let bodyEnd = body.components(separatedBy: "</tbody>").first ?? ""
            for cell in bodyEnd.components(separatedBy: "<td").dropFirst() where !cell.hasPrefix(" colspan") {
                XCTAssertTrue(cell.hasPrefix(" data-label=\""), "unlabelled cell: <td\(cell.prefix(60))")
            }
        }
        // Positions and scores never wrap; paths may break only after a slash.
        XCTAssertTrue(html.contains("<td data-label=\"Where\" class=\"num\">12:20</td>"))
        XCTAssertTrue(html.contains("seeds/<wbr/>dailynk-international-calls.txt"))
        XCTAssertTrue(html.contains("<span class=\"nw\">10,000 Chinese yuan</span>"))
    }
}

import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import VeilModel
import VeilPolicy
@testable import VeilReport

/// Collects every element and attribute of a well-formed (XHTML-compatible) page.
private final class PageScanner: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""
    var styleText = ""
    private var inStyle = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name.lowercased(), attributes))
        if name.lowercased() == "style" { inStyle = true }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name.lowercased() == "style" { inStyle = false }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inStyle { styleText += string } else { text += string }
    }
}

final class HTMLReportTests: XCTestCase {
    private func scan(_ html: String) throws -> PageScanner {
        let parser = XMLParser(data: Data(html.utf8))
        let scanner = PageScanner()
        parser.delegate = scanner
        XCTAssertTrue(parser.parse(), "the page is well-formed: \(String(describing: parser.parserError))")
        return scanner
    }

    /// The inner markup of the highlighted draft.
    private func draftMarkup(_ html: String) throws -> String {
        let pre = try XCTUnwrap(html.range(of: "<pre class=\"draft\">"))
        let end = try XCTUnwrap(html[pre.upperBound...].range(of: "</pre>"))
        return String(html[pre.upperBound..<end.lowerBound])
    }

    func testPageIsSelfContained() throws {
        let html = HTMLReporter().render(try SeedOutcome.report())
        let page = try scan(html)
        let names = Set(page.elements.map(\.name))
        for forbidden in ["script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base", "form"] {
            XCTAssertFalse(names.contains(forbidden), "no <\(forbidden)>")
        }
        for (name, attributes) in page.elements {
            for (key, value) in attributes {
                let k = key.lowercased(), v = value.lowercased().trimmingCharacters(in: .whitespaces)
                if ["src", "href", "action", "srcset", "poster", "data", "xlink:href"].contains(k) {
                    XCTAssertTrue(v.hasPrefix("#"), "<\(name) \(k)=\(value)> must be a same-page anchor")
                }
                XCTAssertFalse(k.hasPrefix("on"), "no event handlers")
                XCTAssertFalse(v.contains("http:") || v.contains("https:") || v.hasPrefix("//"), "<\(name) \(k)> is external")
            }
        }
        let css = page.styleText.lowercased()
        XCTAssertFalse(css.contains("@import"))
        XCTAssertFalse(css.contains("url("), "no url() in styles: no fonts or images")
        XCTAssertFalse(css.contains("@font-face"))
        // The browser is told to refuse anything external.
        XCTAssertTrue(page.elements.contains { $0.name == "meta" && $0.attributes["http-equiv"] == "Content-Security-Policy" && ($0.attributes["content"] ?? "").contains("default-src 'none'") })
    }

    func testPhoneAndPrint() throws {
        let html = HTMLReporter().render(try SeedOutcome.report())
        let page = try scan(html)
        XCTAssertTrue(page.elements.contains { $0.name == "meta" && $0.attributes["name"] == "viewport" && ($0.attributes["content"] ?? "").contains("width=device-width") })
        XCTAssertTrue(page.styleText.contains("@media print"))
        XCTAssertTrue(page.styleText.contains("@media (max-width"))
        XCTAssertTrue(page.styleText.contains("mark.f:focus>.tip"), "decision shown on keyboard focus, not only hover")
    }

    func testEveryFindingIsHighlightedFocusableWithItsDecision() throws {
        let report = try SeedOutcome.report()
        let page = try scan(HTMLReporter().render(report))
        let decisions = report.documents[0].outcome.decisions
        let draft = try draftMarkup(HTMLReporter().render(report))
        for (i, d) in decisions.enumerated() {
            // An anchor just before the finding, then the focusable mark whose tooltip describes it.
            let anchor = try XCTUnwrap(draft.range(of: "<span class=\"anchor\" id=\"d1-f\(i + 1)\"></span>"), "finding \(i + 1) anchored")
            let rest = draft[anchor.upperBound...]
            let markEnd = try XCTUnwrap(rest.range(of: "<mark "))
            XCTAssertFalse(rest[..<markEnd.lowerBound].contains("</mark>"), "the anchor sits just before its mark")
            let tag = String(rest[markEnd.lowerBound...].prefix { $0 != ">" })
            XCTAssertTrue(tag.contains("tabindex=\"0\""), tag)
            let described = try XCTUnwrap(tag.range(of: "aria-describedby=\"[^\"]+\"", options: .regularExpression))
            let tipID = String(tag[described].dropFirst("aria-describedby=\"".count).dropLast())
            XCTAssertTrue(page.elements.contains { $0.attributes["id"] == tipID && $0.attributes["role"] == "tooltip" })
            let tipStart = try XCTUnwrap(draft.range(of: "id=\"\(tipID)\">"))
            let tip = draft[tipStart.upperBound...].prefix { $0 != "\n" }
            XCTAssertTrue(tip.contains("<b>\(d.finding.category.rawValue)</b>"))
        }
        // Each segment is coloured by the innermost finding covering it: the province inside
        // source 1, not the source.
        XCTAssertTrue(draft.contains("<mark class=\"f c-province a-remove\""), draft)
        // The sources table lists each source with its risk.
        XCTAssertTrue(page.text.contains("Anonymous sources and their risk"))
        XCTAssertTrue(page.text.contains("Source 3"))
        XCTAssertTrue(page.text.contains("0.25"))
    }

    /// The draft's text survives highlighting exactly (tooltips aside), overlapping findings included.
    func testDraftTextIsPreservedWithNestedAndCrossingFindings() throws {
        let text = "<b>Kang & \"Mi\" Jin</b> lives in Hyesan-si, Ryanggang."
        let doc = try Document(text: text, path: "x<y>.txt")
        func f(_ r: Range<Int>, _ c: VeilModel.Category) -> Finding {
            Finding(range: r, text: String(decoding: Array(text.utf8)[r], as: UTF8.self), category: c, confidence: 1, recognizer: "t", explanation: "")
        }
        let decisions = [
            Decision(finding: f(3..<18, .person), action: .redact, replacement: "[person]", reason: "<script>alert(1)</script>"),
            Decision(finding: f(10..<14, .person), action: .redact, replacement: nil, reason: "inner", coveredBy: 0),
            Decision(finding: f(33..<42, .city), action: .generalize, replacement: "a city", reason: "c"),
            Decision(finding: f(39..<52, .province), action: .flag, replacement: nil, reason: "crossing"),
        ]
        let outcome = PolicyOutcome(decisions: decisions, risk: RiskAssessment(sources: [], documentScore: 0, threshold: 1, exceedsThreshold: false, explanation: ""))
        let html = HTMLReporter().render(AuditReport(documents: [AuditedDocument(document: doc, outcome: outcome)], policyName: "p&q"))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<b>Kang"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("x&lt;y&gt;.txt"))
        // Remove tooltips, then tags: the draft reads exactly as the original.
        let pre = try XCTUnwrap(html.range(of: "<pre class=\"draft\"[^>]*>", options: .regularExpression))
        let end = try XCTUnwrap(html.range(of: "</pre>"))
        var inner = String(html[pre.upperBound..<end.lowerBound])
        inner = inner.replacingOccurrences(of: "<span class=\"tip\".*?</small></span>", with: "", options: .regularExpression)
        inner = inner.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        inner = inner.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        XCTAssertEqual(inner, text)
        _ = try scan(html)
    }

    /// Findings that nest, cross, share a range or a start (issue 12): the draft's text is
    /// written once, in order; marks never nest; each stretch is coloured by the innermost
    /// finding over it and underlined by the strongest action; every finding is described once.
    func testOverlappingFindingsAreNeitherSplitNorDuplicated() throws {
        let text = "Kang Mi Jin of Kangan-dong, Hyesan met Choi."
        let doc = try Document(text: text, path: "o.txt")
        func f(_ needle: String, _ c: VeilModel.Category) -> Finding {
            let r = text.range(of: needle)!
            let s = text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound)
            return Finding(range: s..<(s + needle.utf8.count), text: needle, category: c, confidence: 1, recognizer: "t", explanation: "")
        }
        let decisions = [
            Decision(finding: f("Kang Mi Jin of Kangan-dong", .source), action: .generalize, replacement: "a source", reason: "s"),
            Decision(finding: f("Kang Mi Jin", .person), action: .pseudonymize, replacement: nil, reason: "p", coveredBy: 0),
            Decision(finding: f("Kang Mi Jin", .occupation), action: .flag, replacement: nil, reason: "same range"),
            Decision(finding: f("Kangan-dong, Hyesan", .neighborhood), action: .redact, replacement: "[place]", reason: "crosses the source's end"),
            Decision(finding: f("Hyesan", .city), action: .keep, replacement: nil, reason: "nested in the crossing one"),
            Decision(finding: f("Choi", .person), action: .flag, replacement: nil, reason: "alone"),
        ]
        let outcome = PolicyOutcome(decisions: decisions, risk: RiskAssessment(sources: [], documentScore: 0, threshold: 1, exceedsThreshold: false, explanation: ""))
        let html = HTMLReporter().render(AuditReport(documents: [AuditedDocument(document: doc, outcome: outcome)], policy: .standard))
        let pre = try XCTUnwrap(html.range(of: "<pre class=\"draft\">"))
        let end = try XCTUnwrap(html[pre.upperBound...].range(of: "</pre>"))
        let draft = String(html[pre.upperBound..<end.lowerBound])
        // Marks never nest.
        var depth = 0, maxDepth = 0
        let re = try NSRegularExpression(pattern: "<mark |</mark>")
        for m in re.matches(in: draft, range: NSRange(draft.startIndex..., in: draft)) {
            depth += (draft as NSString).substring(with: m.range) == "<mark " ? 1 : -1
            maxDepth = max(maxDepth, depth)
        }
        XCTAssertEqual(maxDepth, 1)
        XCTAssertEqual(depth, 0)
        // The text once, in order.
        var inner = draft.replacingOccurrences(of: "<span class=\"tip\".*?</small></span>", with: "", options: .regularExpression)
        inner = inner.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        XCTAssertEqual(inner, text)
        // Stretches: "Kang Mi Jin" (innermost of the three over it: the later of the two with
        // the same range; underlined by the source, the strongest), " of " (source),
        // "Kangan-dong" (crossing, inside the source), ", " (the crossing one after the source
        // ends), "Hyesan" (the city inside it), then Choi.
        let marks = draft.components(separatedBy: "<mark class=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(marks.count, 6, marks.description)
        XCTAssertEqual(marks[0], "f c-occupation a-remove")
        XCTAssertEqual(marks[1], "f c-source a-remove")
        XCTAssertEqual(marks[2], "f c-neighborhood a-remove")
        XCTAssertEqual(marks[3], "f c-neighborhood a-remove")
        XCTAssertEqual(marks[4], "f c-city a-remove", "the city is kept, but the crossing neighborhood over it is removed")
        XCTAssertEqual(marks[5], "f c-person a-flag")
        // Every finding described once, with an anchor.
        for i in 1...decisions.count {
            XCTAssertEqual(draft.components(separatedBy: "id=\"d1-f\(i)\"").count, 2, "finding \(i) anchored once")
        }
        XCTAssertEqual(draft.components(separatedBy: "role=\"tooltip\"").count - 1, 4, "one tooltip per start position")
        _ = try scan(html)
    }

    /// Many overlapping findings: one mark per stretch between boundaries (at most 2n), where
    /// cutting crossing findings into nested pieces grew with the overlaps (quadratic).
    func testHighlightIsLinearInOverlappingFindings() throws {
        let n = 3000, width = 200
        let text = String(repeating: "ab ", count: n + width)
        let doc = try Document(text: text, path: "s.txt")
        let decisions = (0..<n).map { i in
            Decision(finding: Finding(range: (3 * i)..<(3 * i + width), text: "x", category: .person, confidence: 1, recognizer: "t", explanation: ""),
                     action: .flag, replacement: nil, reason: "r")
        }
        let outcome = PolicyOutcome(decisions: decisions, risk: RiskAssessment(sources: [], documentScore: 0, threshold: 1, exceedsThreshold: false, explanation: ""))
        let html = HTMLReporter().render(AuditReport(documents: [AuditedDocument(document: doc, outcome: outcome)], policyName: "p"))
        let marks = html.components(separatedBy: "<mark ").count - 1
        XCTAssertLessThanOrEqual(marks, 2 * n)
        XCTAssertGreaterThanOrEqual(marks, n)
        XCTAssertLessThan(html.utf8.count, 2_000 * n, "output linear in the findings")
    }
}

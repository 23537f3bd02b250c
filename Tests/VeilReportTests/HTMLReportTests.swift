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
        let marks = page.elements.filter { $0.name == "mark" }
        let decisions = report.documents[0].outcome.decisions
        XCTAssertGreaterThanOrEqual(marks.count, decisions.count)
        for (i, d) in decisions.enumerated() {
            let mark = try XCTUnwrap(marks.first { $0.attributes["id"] == "d1-f\(i + 1)" }, "finding \(i + 1) highlighted")
            XCTAssertEqual(mark.attributes["tabindex"], "0")
            XCTAssertTrue((mark.attributes["class"] ?? "").contains("c-\(d.finding.category.rawValue)"))
            let tipID = try XCTUnwrap(mark.attributes["aria-describedby"])
            XCTAssertTrue(page.elements.contains { $0.attributes["id"] == tipID && $0.attributes["role"] == "tooltip" })
        }
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
}

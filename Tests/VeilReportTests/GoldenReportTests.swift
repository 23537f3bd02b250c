import XCTest
import Foundation
import VeilModel
import VeilPolicy
@testable import VeilReport

/// Each format rendered for the seed article with a fixed outcome, compared byte for byte with
/// its golden file. `VEIL_UPDATE_GOLDEN=1` rewrites the golden files instead.
final class GoldenReportTests: XCTestCase {
    private func checkGolden(_ format: ReportFormat, file name: String, line: UInt = #line) throws {
        let rendered = format.reporter(colour: false).render(try SeedOutcome.report())
        let url = SeedOutcome.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["VEIL_UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(rendered, expected, "\(name) differs from its golden file (VEIL_UPDATE_GOLDEN=1 to regenerate)", line: line)
    }

    func testTextGolden() throws { try checkGolden(.text, file: "seed.txt") }
    func testJSONGolden() throws { try checkGolden(.json, file: "seed.json") }
    func testSARIFGolden() throws { try checkGolden(.sarif, file: "seed.sarif") }
    func testHTMLGolden() throws { try checkGolden(.html, file: "seed.html") }

    func testTextHasColourOnlyWhenAsked() throws {
        let report = try SeedOutcome.report()
        XCTAssertFalse(TextReporter(colour: false).render(report).contains("\u{1B}["))
        XCTAssertTrue(TextReporter(colour: true).render(report).contains("\u{1B}[31m"))
    }

    func testColourOnlyOnATerminalWithoutNO_COLOR() {
        XCTAssertTrue(TextReporter.wantsColour(outputIsTerminal: true, environment: [:]))
        XCTAssertTrue(TextReporter.wantsColour(outputIsTerminal: true, environment: ["NO_COLOR": ""]))
        XCTAssertFalse(TextReporter.wantsColour(outputIsTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(TextReporter.wantsColour(outputIsTerminal: true, environment: ["TERM": "dumb"]))
        XCTAssertFalse(TextReporter.wantsColour(outputIsTerminal: false, environment: [:]))
    }

    func testTextGroupsBySourceThenCategory() throws {
        let text = TextReporter().render(try SeedOutcome.report())
        let source1 = try XCTUnwrap(text.range(of: "Source 1"))
        let province = try XCTUnwrap(text.range(of: "province  “Ryanggang Province”"))
        let amounts = try XCTUnwrap(text.range(of: "amount (2)"))
        XCTAssertLessThan(source1.lowerBound, province.lowerBound, "details inside a source phrase are listed under it")
        XCTAssertLessThan(province.lowerBound, amounts.lowerBound)
        XCTAssertTrue(text.contains("Source 3"))
        XCTAssertTrue(text.contains("Risk: 0.30 (threshold 0.50, within)"))
        // line:column of Kangan-dong: line 12 (1-based), after the opening quote and "A woman living in ".
        XCTAssertTrue(text.contains("12:20  “Kangan-dong”  redact → “[place]”"), text)
    }

    /// The JSON keeps the audit contract: offsets in Unicode scalars, end exclusive, the
    /// contract's fields, plus reason and risk.
    func testJSONContract() throws {
        let report = try SeedOutcome.report()
        let json = JSONReporter().render(report)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["tool"] as? String, "veil")
        XCTAssertEqual(object["version"] as? String, VeilVersion.current)
        let docs = try XCTUnwrap(object["documents"] as? [[String: Any]])
        XCTAssertEqual(docs.first?["path"] as? String, SeedOutcome.path)
        let scalars = Array(try SeedOutcome.document().text.unicodeScalars)
        let findings = try XCTUnwrap(docs.first?["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.count, report.documents[0].outcome.decisions.count)
        for f in findings {
            for key in ["start", "end", "text", "category", "confidence", "recognizer", "action", "explanation", "reason"] {
                XCTAssertNotNil(f[key], "missing \(key)")
            }
            let s = try XCTUnwrap(f["start"] as? Int), e = try XCTUnwrap(f["end"] as? Int)
            var sliced = String.UnicodeScalarView()
            sliced.append(contentsOf: scalars[s..<e])
            XCTAssertEqual(String(sliced), f["text"] as? String)
        }
        let risk = try XCTUnwrap(docs.first?["risk"] as? [String: Any])
        XCTAssertEqual(risk["threshold"] as? Double, 0.5)
        XCTAssertEqual((risk["sources"] as? [Any])?.count, 2)
    }

    func testPathsBecomeURIs() {
        XCTAssertEqual(SARIFReporter.uri(for: "drafts/a b#1.md"), "drafts/a%20b%231.md")
        XCTAssertEqual(SARIFReporter.uri(for: "/tmp/é.txt"), "file:///tmp/%C3%A9.txt")
    }
}

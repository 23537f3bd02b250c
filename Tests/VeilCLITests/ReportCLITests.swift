import XCTest
import Foundation
import VeilTestSupport

/// The audit report's command-line options (`--show-kept`, `--sarif-snippets`, the preview in
/// text and HTML) and progress on standard error only when it is a terminal.
final class ReportCLITests: XCTestCase {
    let seed = "seeds/dailynk-international-calls.txt"
    var tmp: URL!

    override func setUpWithError() throws { tmp = try Fixtures.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func testTextAndHTMLShowWhatWouldBePublishedAndFoldKeptFindings() throws {
        let text = try VeilBinary.run(["audit", seed, "--format", "text", "--fail-on", "never"])
        XCTAssertEqual(text.status, 0, text.stderr)
        let preview = try XCTUnwrap(text.stdout.components(separatedBy: "What would be published").dropFirst().first?
            .components(separatedBy: "Anonymous sources").first)
        XCTAssertTrue(preview.contains("│ Kang Mi Jin") == false && preview.contains("Person A"), preview)
        XCTAssertFalse(preview.contains("Kangan-dong"))
        XCTAssertTrue(text.stdout.contains("kept findings not listed"))
        XCTAssertFalse(text.stdout.contains("“North Korea” ×"))
        let kept = try VeilBinary.run(["audit", seed, "--format", "text", "--fail-on", "never", "--show-kept"])
        XCTAssertTrue(kept.stdout.contains("“North Korea” ×"), kept.stdout)
        XCTAssertTrue(kept.stdout.contains("on the policy's allow list, so it stays as written"))

        let html = try VeilBinary.run(["audit", seed, "--format", "html", "--fail-on", "never"])
        XCTAssertTrue(html.stdout.contains("<pre class=\"published\">"))
        XCTAssertTrue(html.stdout.contains("<details class=\"kept\">"))
        // JSON, for programs, carries no preview.
        let json = try VeilBinary.run(["audit", seed, "--format", "json", "--fail-on", "never"])
        XCTAssertFalse(json.stdout.contains("preview"))
    }

    func testSARIFQuotesNothingUnlessAsked() throws {
        let plain = try VeilBinary.run(["audit", seed, "--format", "sarif", "--fail-on", "never"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertFalse(plain.stdout.contains("Kangan-dong"))
        XCTAssertFalse(plain.stdout.contains("\"snippet\""))
        XCTAssertTrue(plain.stdout.contains("\"columnKind\": \"utf16CodeUnits\""))
        XCTAssertTrue(plain.stdout.contains("\"partialFingerprints\""))
        let quoted = try VeilBinary.run(["audit", seed, "--format", "sarif", "--fail-on", "never", "--sarif-snippets"])
        XCTAssertTrue(quoted.stdout.contains("\"snippet\":{\"text\":\"Kangan-dong, Hyesan,\"}"), quoted.stdout)
    }

    private func drafts() throws -> String {
        let dir = tmp.appendingPathComponent("drafts")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for i in 0..<3 {
            try Data("A source in Hyesan said Kang Mi Jin \(i) paid 3,000 yuan.\n".utf8).write(to: dir.appendingPathComponent("d\(i).txt"))
        }
        return dir.path
    }

    /// Not a terminal: not a byte of progress, even when asked to show it at once.
    func testNoProgressWhenStandardErrorIsNotATerminal() throws {
        let dir = try drafts()
        let audit = try VeilBinary.run(["audit", dir, "--format", "json", "--fail-on", "never"], environment: ["VEIL_PROGRESS_AFTER": "0"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        XCTAssertFalse(audit.stderr.contains("\r"))
        XCTAssertFalse(audit.stderr.contains("detecting"))
        XCTAssertEqual(audit.stderr.split(separator: "\n").count, 1, "only the summary line: \(audit.stderr)")
        let jsonl = try VeilBinary.run(["audit", "--jsonl"], stdin: "{\"id\":1,\"text\":\"Kang Mi Jin left.\"}\n", environment: ["VEIL_PROGRESS_AFTER": "0"])
        XCTAssertEqual(jsonl.stderr, "")
    }

    /// On a terminal (`script` gives the run a pseudo-terminal), progress appears on one line
    /// rewritten in place, and is cleared at the end.
    func testProgressOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), let veil = VeilBinary.url else {
            throw XCTSkip("script(1) is not installed")
        }
        let dir = try drafts()
        let report = tmp.appendingPathComponent("r.json").path
        let command = "\(veil.path) audit \(dir) --format json --fail-on never --output \(report)"
        let r = try VeilBinary.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["VEIL_PROGRESS_AFTER": "0"])
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.contains("\rveil audit: detecting "), r.stdout)
        XCTAssertTrue(r.stdout.contains("/3 drafts"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\r\u{1B}[K"), "the progress line is cleared")
        XCTAssertTrue(FileManager.default.fileExists(atPath: report))
    }
}

import XCTest
import Foundation
import VeilTestSupport
@testable import Veil

/// The audit's "what would be published" is `redact`'s output, and long runs report progress
/// through a callback (the library never prints).
final class PreviewAndProgressTests: XCTestCase {
    private func previewText(_ p: PublishedPreview?) throws -> (String, [Range<Int>]) {
        guard case .text(let text, let replaced)? = p else { XCTFail("no preview text: \(String(describing: p))"); throw CancellationError() }
        return (text, replaced)
    }

    func testPreviewIsWhatRedactPublishes() throws {
        let cases: [(String, String)] = [
            (Fixtures.seedArticle, "seed.txt"),
            ("# Notes\n\n**Kang Mi Jin** lives in [Hyesan](https://example.org/hyesan), she said on Nov. 10.\n", "notes.md"),
        ]
        for (text, path) in cases {
            let doc = try Document(text: text, path: path)
            let markdown = Pipeline.isMarkdown(path: path)
            for name in ["standard", "strict"] {
                let policy = try Policy.named(name)
                var table = PseudonymTable()
                let redacted = try Pipeline(policy: policy).redact(doc, markdown: markdown, pseudonyms: &table)
                let audited = DraftAuditor(policy: policy).audit([doc], preview: true)
                let (published, replaced) = try previewText(audited[0].preview)
                XCTAssertEqual(published, String(decoding: redacted.published, as: UTF8.self), "\(path) under \(name)")
                XCTAssertFalse(replaced.isEmpty)
                // The replaced spans are the replacement texts, in order.
                let bytes = Array(published.utf8)
                XCTAssertEqual(replaced.map { String(decoding: bytes[$0], as: UTF8.self) }, redacted.replacements.map(\.text), path)
            }
        }
        // Without asking, no preview is computed.
        XCTAssertNil(DraftAuditor(policy: .standard).audit([try Document(text: "Kang Mi Jin left.")])[0].preview)
    }

    func testRefusalIsPreviewedWithoutQuotingTheDraft() throws {
        // A replacement that repeats a removed original: the policy's fixed text names the city.
        let policy = try Policy.parse(yaml: "version: 1\nextends: standard\ncategories:\n  person: { action: generalize, replacement: \"Hyesan\" }\n", file: "p.yaml")
        let doc = try Document(text: "Kang Mi Jin met Choi in Hyesan.")
        let pipeline = Pipeline(policy: policy)
        let audited = pipeline.audit(doc, markdown: false)
        switch pipeline.preview(audited, markdown: false) {
        case .refused(let why):
            XCTAssertFalse(why.contains("Hyesan"))
            var table = PseudonymTable()
            XCTAssertThrowsError(try pipeline.redact(doc, markdown: false, pseudonyms: &table))
        case .text(let t, _):
            // The pipeline neutralized the repeat instead: then redact publishes the same.
            var table = PseudonymTable()
            XCTAssertEqual(t, String(decoding: try pipeline.redact(doc, markdown: false, pseudonyms: &table).published, as: UTF8.self))
            XCTAssertFalse(t.contains("Hyesan"))
        }
    }

    func testProgressLines() {
        XCTAssertEqual(ProgressReport(step: .detecting, done: 3, total: 12, unit: .drafts).line(command: "veil audit"), "veil audit: detecting 3/12 drafts")
        XCTAssertEqual(ProgressReport(step: .detecting, done: 2, total: 16, unit: .segments, bytes: 64_000_000).line(command: "veil redact"),
                       "veil redact: detecting 2/16 segments (64.0 MB)")
        XCTAssertEqual(ProgressReport(step: .detecting, done: 1, total: 1, unit: .segments, bytes: 999).line(command: "veil redact"),
                       "veil redact: detecting 1/1 segment (999 bytes)")
        XCTAssertEqual(ProgressReport(step: .reading, done: 12_000, unit: .lines, bytes: 48_240_000).line(command: "veil audit"),
                       "veil audit: reading 12,000 lines (48.2 MB)")
        XCTAssertEqual(ProgressReport(step: .checking, bytes: 1_234_567_890).line(command: "veil redact"),
                       "veil redact: checking the published text (1.2 GB)")
        XCTAssertEqual(ProgressReport.size(999_960), "1.0 MB")
        XCTAssertEqual(ProgressReport.grouped(1_234_567), "1,234,567")
        XCTAssertEqual(ProgressReport.grouped(12), "12")
    }

    /// Collects reports from any thread.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [ProgressReport] = []
        func add(_ r: ProgressReport) { lock.lock(); items.append(r); lock.unlock() }
        var all: [ProgressReport] { lock.lock(); defer { lock.unlock() }; return items }
    }

    func testALargeDraftReportsEachSegment() throws {
        let paragraph = "Kang Mi Jin said a source in Hyesan paid 3,000 yuan.\n\n"
        let doc = try Document(text: String(repeating: paragraph, count: 200))
        let detector = Detector(recognizers: Detector.builtInRecognizers, segmentBytes: 2048)
        let got = Collected()
        var table = PseudonymTable()
        let result = try Pipeline(policy: .standard, detector: detector).redact(doc, markdown: false, pseudonyms: &table, progress: got.add)
        let segments = got.all.filter { $0.step == .detecting }
        let total = try XCTUnwrap(segments.first?.total)
        XCTAssertGreaterThan(total, 3)
        XCTAssertEqual(segments.map(\.done).sorted(), Array(1...total))
        XCTAssertTrue(segments.allSatisfy { $0.unit == .segments && $0.bytes == doc.bytes.count })
        XCTAssertEqual(got.all.map(\.step).filter { $0 != .detecting }, [.deciding, .checking, .sealing])
        XCTAssertFalse(result.published.isEmpty)
    }

    func testManyDraftsReportEachDraft() {
        let docs = (0..<5).map { try! Document(text: "Kang Mi Jin \($0) left Hyesan.", path: "d\($0).txt") }
        let got = Collected()
        _ = DraftAuditor(policy: .standard).audit(docs, preview: true, progress: got.add)
        let detected = got.all.filter { $0.step == .detecting }
        XCTAssertEqual(detected.map(\.done).sorted(), [1, 2, 3, 4, 5])
        XCTAssertTrue(detected.allSatisfy { $0.total == 5 && $0.unit == .drafts })
        XCTAssertEqual(got.all.filter { $0.step == .checking }.map(\.done).sorted(), [0, 1, 2, 3, 4, 5])
    }

    func testJSONLinesReportsLinesAndBytes() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = (0..<600).map { "{\"id\":\($0),\"text\":\"Kang Mi Jin left Hyesan.\"}" }
        let input = lines.joined(separator: "\n") + "\n"
        let inURL = dir.appendingPathComponent("in.jsonl"), outURL = dir.appendingPathComponent("out.jsonl")
        try Data(input.utf8).write(to: inURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let got = Collected()
        JSONLinesAuditor.applying(.standard).run(input: try FileHandle(forReadingFrom: inURL), output: try FileHandle(forWritingTo: outURL), progress: got.add)
        let reading = got.all.filter { $0.step == .reading }
        XCTAssertEqual(reading.last?.done, 600)
        XCTAssertEqual(reading.last?.bytes, input.utf8.count)
        XCTAssertEqual(reading.map(\.done), reading.map(\.done).sorted())
        XCTAssertEqual(try String(contentsOf: outURL, encoding: .utf8).split(separator: "\n").count, 600)
    }
}

import XCTest
import Foundation
import VeilTestSupport
@testable import Veil

/// `veil audit --jsonl` streams: one output line per input line, in order, and a line longer
/// than the detector's segment size is written segment by segment with the same content.
final class JSONLinesAuditorTests: XCTestCase {
    /// Runs `auditor` over `input` through real file handles; returns the output lines.
    private func run(_ auditor: JSONLinesAuditor, _ input: String) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veil-jsonl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("in.jsonl"), outURL = dir.appendingPathComponent("out.jsonl")
        try Data(input.utf8).write(to: inURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let input = try FileHandle(forReadingFrom: inURL), output = try FileHandle(forWritingTo: outURL)
        auditor.run(input: input, output: output)
        try output.close()
        return String(decoding: try Data(contentsOf: outURL), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private func line(_ id: String, _ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "text": text]), as: UTF8.self)
    }

    func testAHugeLineIsStreamedWithTheSameFindingsAtTheSameOffsets() throws {
        let article = Fixtures.seedArticle.trimmingCharacters(in: .newlines)
        let huge = Array(repeating: article, count: 10).joined(separator: "\n\n")
        let segmentBytes = article.utf8.count * 2
        let small = JSONLinesAuditor.applying(.standard, detector: Detector(recognizers: Detector.builtInRecognizers, segmentBytes: segmentBytes))
        let input = [try line("a", "Kang Mi Jin lives in Hyesan."), try line("huge", huge), "not json", try line("b", "She paid 3,000 yuan.")]
            .joined(separator: "\n") + "\n"
        let out = try run(small, input)
        XCTAssertEqual(out.count, 4, "one output line per input line")
        XCTAssertTrue(out[2].contains("\"error\""))
        // The streamed line equals the line written for the whole document at once.
        let whole = JSONLinesAuditor.applying(.standard, detector: Detector(recognizers: Detector.builtInRecognizers, segmentBytes: Int.max))
        XCTAssertEqual(out[1], whole.process(line: Array(try line("huge", huge).utf8)))
        XCTAssertEqual(out[0], whole.process(line: Array(try line("a", "Kang Mi Jin lives in Hyesan.").utf8)))
        // And it parses, with offsets that name each finding's text in the whole text.
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out[1].utf8)) as? [String: Any])
        let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
        XCTAssertGreaterThan(findings.count, 100)
        let scalars = Array(huge.unicodeScalars)
        for f in findings {
            let start = try XCTUnwrap(f["start"] as? Int), end = try XCTUnwrap(f["end"] as? Int)
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), f["text"] as? String)
        }
    }

    /// Issue 12: blank lines were skipped, so output line N no longer answered input line N.
    func testEveryInputLineIsAnsweredBlankOnesIncluded() throws {
        let input = [try line("a", "Kang Mi Jin lives in Hyesan."), "", "  \t", try line("b", "She paid 3,000 yuan.")].joined(separator: "\n") + "\n"
        let out = try run(JSONLinesAuditor.applying(.standard), input)
        guard out.count == 4 else { return XCTFail("one output line per input line: \(out)") }
        XCTAssertTrue(out[0].hasPrefix(#"{"id":"a","findings":"#))
        XCTAssertEqual(out[1], #"{"id":null,"error":"blank line (expected a JSON object)"}"#)
        XCTAssertEqual(out[2], out[1])
        XCTAssertTrue(out[3].hasPrefix(#"{"id":"b","findings":"#))
    }

    /// Issue 12: a huge line's segments were rebuilt with `try? Document(bytes:)`; a segment that
    /// looked binary on its own was dropped and its findings never written.
    func testNoSegmentOfAHugeLineIsDropped() throws {
        let filler = String(repeating: "The sky was blue and the river was calm and nothing happened at all. ", count: 30) + "\n\n"
        let text = filler + String(repeating: "\u{1}", count: 10) + "A woman living in Kangan-dong, Hyesan, was arrested."
        let small = JSONLinesAuditor.applying(.standard, detector: Detector(recognizers: Detector.builtInRecognizers, segmentBytes: filler.utf8.count))
        let out = try run(small, try line("big", text) + "\n")
        guard out.count == 1 else { return XCTFail("\(out)") }
        XCTAssertTrue(out[0].contains("Kangan-dong"), "the last segment is scanned")
        // A NUL anywhere in the text is an error line, never an empty findings line.
        let nul = try run(small, try line("nul", filler + "\u{0}Kangan-dong, Hyesan") + "\n")
        XCTAssertEqual(nul, [#"{"id":"nul","error":"the file looks binary (NUL or dense control bytes from byte offset \#(filler.utf8.count)), not a text draft"}"#])
    }

    /// `veil audit --jsonl --watchlist` was silently ignoring the watch-list: extra findings
    /// (a watch-list's hits) are decided with the rest, in a short line and in a streamed huge
    /// one, where no segment cut may fall inside a hit.
    func testExtraFindingsAreAddedToEveryLineAndNeverCutAcrossSegments() throws {
        let filler = String(repeating: "The sky was blue and the river was calm and nothing happened at all. ", count: 20)
        let term = "the orchard keeper"
        @Sendable func hits(_ d: Document) -> [Finding] {
            let b = d.bytes, t = Array(term.utf8)
            var out: [Finding] = []
            var i = 0
            while i + t.count <= b.count {
                if Array(b[i..<(i + t.count)]) == t {
                    out.append(Finding(range: i..<(i + t.count), text: term, category: .watchlist, confidence: 1,
                                       recognizer: "test.extra", explanation: "a test hit"))
                    i += t.count
                } else { i += 1 }
            }
            return out
        }
        // The term straddles where the segment cut would fall (a space inside it).
        let text = filler + "Then " + term + " spoke. " + filler + term + "."
        var small = JSONLinesAuditor.applying(.standard, detector: Detector(recognizers: Detector.builtInRecognizers, segmentBytes: 1024))
        small.extraFindings = hits
        var whole = JSONLinesAuditor.applying(.standard, detector: Detector(recognizers: Detector.builtInRecognizers, segmentBytes: Int.max))
        whole.extraFindings = hits
        let input = try line("big", text)
        let out = try run(small, input + "\n" + (try line("short", "Ask " + term + " today.")) + "\n")
        guard out.count == 2 else { return XCTFail("\(out)") }
        XCTAssertEqual(out[0], whole.process(line: Array(input.utf8)), "streamed equals whole")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out[0].utf8)) as? [String: Any])
        let found = try XCTUnwrap(object["findings"] as? [[String: Any]]).filter { $0["category"] as? String == "watchlist" }
        XCTAssertEqual(found.count, 2, "both hits, neither cut: \(found)")
        XCTAssertTrue(found.allSatisfy { $0["text"] as? String == term && $0["action"] as? String != "keep" })
        XCTAssertTrue(out[1].contains("\"watchlist\""), out[1])
        // Without the closure, nothing of the kind appears.
        let plain = JSONLinesAuditor.applying(.standard).process(line: Array(try line("short", "Ask " + term + " today.").utf8))
        XCTAssertFalse(plain.contains("\"watchlist\""))
    }

    func testCutsMoveOutOfRangesLinearly() {
        XCTAssertEqual(JSONLinesAuditor.cuts([0, 10, 20, 30], keepingWhole: []), [0, 10, 20, 30])
        XCTAssertEqual(JSONLinesAuditor.cuts([0, 10, 20, 30], keepingWhole: [8..<12]), [0, 12, 20, 30])
        // A chain of ranges pushes one cut past all of them; a cut pushed onto the next merges.
        XCTAssertEqual(JSONLinesAuditor.cuts([0, 10, 20, 30], keepingWhole: [9..<15, 14..<21]), [0, 21, 30])
        // A range ending exactly at a cut leaves it; one reaching the end drops the cut.
        XCTAssertEqual(JSONLinesAuditor.cuts([0, 10, 20, 30], keepingWhole: [5..<10, 19..<30]), [0, 10, 30])
    }
}

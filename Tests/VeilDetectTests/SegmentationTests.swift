import XCTest
import VeilModel
import VeilTestSupport
@testable import VeilDetect

/// Very large documents are detected in segments cut at paragraph breaks; the findings are the
/// same as detecting the whole document at once, at the same offsets.
final class SegmentationTests: XCTestCase {
    func testSegmentedDetectionFindsWhatWholeDetectionFinds() throws {
        let article = Fixtures.seedArticle.trimmingCharacters(in: .newlines)
        let text = Array(repeating: article, count: 12).joined(separator: "\n\n") + "\n"
        let document = try Document(text: text)
        let segmentBytes = article.utf8.count * 3
        let segmented = Detector(recognizers: Detector.builtInRecognizers, segmentBytes: segmentBytes)
        XCTAssertGreaterThan(Detector.segmentCuts(document.bytes, target: segmentBytes).count, 4, "the document is cut")

        let whole = Detector(recognizers: Detector.builtInRecognizers, segmentBytes: Int.max).detect(document)
        let parts = segmented.detect(document)
        XCTAssertFalse(whole.isEmpty)
        XCTAssertEqual(parts.map(\.range), whole.map(\.range), "same spans at the same offsets")
        XCTAssertEqual(parts.map(\.category), whole.map(\.category))
        XCTAssertEqual(parts.map { $0.qualifiers.map(\.range) }, whole.map { $0.qualifiers.map(\.range) }, "qualifier offsets shifted too")
        for f in parts {
            XCTAssertEqual(document.text(f.range), f.text, "the range names the finding's text")
        }
    }

    /// Issue 12: each segment was rebuilt with `try? Document(bytes:)`, which re-ran the binary
    /// check on the segment alone; a short last segment with a few control bytes (harmless in the
    /// whole draft) was dropped silently, with every name in it.
    func testNoSegmentIsDroppedWhateverItHolds() throws {
        let filler = String(repeating: "The sky was blue and the river was calm and nothing happened at all. ", count: 30) + "\n\n"
        let tail = String(repeating: "\u{1}", count: 10) + "A woman living in Kangan-dong, Hyesan, was arrested."
        let document = try Document(text: filler + tail)
        let segmentBytes = filler.utf8.count
        let cuts = Detector.segmentCuts(document.bytes, target: segmentBytes)
        XCTAssertEqual(cuts.count, 3, "two segments")
        XCTAssertThrowsError(try Document(bytes: Array(document.bytes[cuts[1]...])), "the last segment alone looks binary")
        let found = Detector(recognizers: Detector.builtInRecognizers, segmentBytes: segmentBytes).detect(document)
        XCTAssertTrue(found.contains { document.text($0.range).contains("Kangan-dong") }, "the last segment is scanned")
    }

    func testCutsPreferBlankLinesThenLineBreaksThenSpaces() {
        let paragraphs = Array("aaaa bbbb.\n\ncccc dddd\neeee ffff. gggg".utf8)
        let cuts = Detector.segmentCuts(paragraphs, target: 16)
        XCTAssertEqual(cuts.first, 0)
        XCTAssertEqual(cuts.last, paragraphs.count)
        XCTAssertEqual(cuts[1], 12, "after the blank line")

        // One long line of words: cut after a space, never inside a word.
        let line = Array(String(repeating: "word ", count: 1000).utf8)
        let lineCuts = Detector.segmentCuts(line, target: 1024)
        for c in lineCuts.dropFirst().dropLast() { XCTAssertEqual(line[c - 1], 0x20) }

        // No space at all: cut at a UTF-8 sequence start, so every segment stays valid UTF-8.
        let hangul = Array(String(repeating: "가", count: 2000).utf8)
        let hangulCuts = Detector.segmentCuts(hangul, target: 1000)
        XCTAssertGreaterThan(hangulCuts.count, 3)
        for (a, b) in zip(hangulCuts, hangulCuts.dropFirst()) {
            XCTAssertNoThrow(try Document(bytes: Array(hangul[a..<b])))
        }
    }
}

import XCTest
import VeilModel
@testable import VeilDetect

/// Runs every built-in recognizer's own matching and non-matching examples: the examples in a
/// recognizer's description are its tests (add cases there, not here).
final class RecognizerExamplesTests: XCTestCase {
    /// Splits `[[...]]` markers out of an example, returning the clean text and the expected
    /// UTF-8 byte ranges.
    static func parse(_ example: String) -> (String, [Range<Int>]) {
        var clean: [UInt8] = []
        var expected: [Range<Int>] = []
        var open: Int?
        let b = Array(example.utf8)
        var i = 0
        while i < b.count {
            if i + 1 < b.count && b[i] == UInt8(ascii: "[") && b[i + 1] == UInt8(ascii: "[") {
                open = clean.count; i += 2; continue
            }
            if i + 1 < b.count && b[i] == UInt8(ascii: "]") && b[i + 1] == UInt8(ascii: "]"), let o = open {
                expected.append(o..<clean.count); open = nil; i += 2; continue
            }
            clean.append(b[i]); i += 1
        }
        return (String(decoding: clean, as: UTF8.self), expected)
    }

    func testEveryRecognizerHasExamples() {
        let recognizers = Detector.builtInRecognizersWithModel
        for r in recognizers {
            XCTAssertFalse(r.matchingExamples.isEmpty, "\(r.id) has no matching examples")
            XCTAssertFalse(r.nonMatchingExamples.isEmpty, "\(r.id) has no non-matching examples")
        }
        let ids = recognizers.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "recognizer ids must be unique")
    }

    func testMatchingExamples() throws {
        for r in Detector.builtInRecognizersWithModel {
            for example in r.matchingExamples {
                let (text, expected) = Self.parse(example)
                XCTAssertFalse(expected.isEmpty, "\(r.id): matching example without [[marks]]: \(example)")
                let doc = try Document(text: text)
                var found: [Finding] = []
                r.recognize(TokenizedText(doc), into: &found)
                let ranges = Set(found.map(\.range))
                for e in expected {
                    XCTAssertTrue(ranges.contains(e),
                                  "\(r.id) did not find \"\(doc.text(e))\" in: \(text)\n  found: \(found.map { "\($0.text) [\($0.category.rawValue)]" })")
                }
                for f in found where f.recognizer.isEmpty || f.explanation.isEmpty {
                    XCTFail("\(r.id): finding \"\(f.text)\" lacks recognizer id or explanation")
                }
            }
        }
    }

    func testNonMatchingExamples() throws {
        for r in Detector.builtInRecognizersWithModel {
            for text in r.nonMatchingExamples {
                let doc = try Document(text: text)
                var found: [Finding] = []
                r.recognize(TokenizedText(doc), into: &found)
                XCTAssertTrue(found.isEmpty, "\(r.id) wrongly found \(found.map(\.text)) in: \(text)")
            }
        }
    }
}

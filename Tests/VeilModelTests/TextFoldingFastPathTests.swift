import XCTest
import VeilTestSupport
@testable import VeilModel

/// `TextFolding.key`'s ASCII path (and `appendKey`) give exactly the key of the Foundation path:
/// the no-leak re-scan compares originals and published text by these keys.
final class TextFoldingFastPathTests: XCTestCase {
    private typealias Generator = SeededGenerator

    func testASCIIKeysMatchTheUnicodePathOnEveryByte() {
        var g = Generator(state: 11)
        var samples = (0...0x7F).map { String(decoding: [UInt8($0)], as: UTF8.self) }
        samples.append(String(decoding: (0...0x7F).map { UInt8($0) }, as: UTF8.self))
        for _ in 0..<3000 {
            samples.append(String(decoding: (0..<g.next(40)).map { _ in UInt8(g.next(0x80)) }, as: UTF8.self))
        }
        for s in samples {
            let expected = TextFolding.unicodeKey(s)
            XCTAssertEqual(TextFolding.key(s), expected, s.debugDescription)
            var appended: [UInt8] = [0x21]
            TextFolding.appendKey(of: s, to: &appended)
            XCTAssertEqual(appended, [0x21] + Array(expected.utf8), s.debugDescription)
        }
    }

    func testNonASCIITextTakesTheUnicodePath() {
        var g = Generator(state: 12)
        let pieces = ["Káng", " ", "Mi\u{2010}Jin", "Ｋａｎｇ", "e\u{0301}", "\u{200B}", "ﬁ", "ß", "İ", "K", "’s", "Ω", "a", "-", "."]
        var samples = ["Káng  Mi‐Jin", "Hyesan’s", "ＫＡＮＧ", "straße", "İstanbul", "\u{212A}elvin"]
        for _ in 0..<500 {
            samples.append((0..<(1 + g.next(6))).map { _ in pieces[g.next(pieces.count)] }.joined())
        }
        for s in samples {
            XCTAssertEqual(TextFolding.key(s), TextFolding.unicodeKey(s), s.debugDescription)
            var appended: [UInt8] = []
            TextFolding.appendKey(of: s, to: &appended)
            XCTAssertEqual(appended, Array(TextFolding.unicodeKey(s).utf8), s.debugDescription)
        }
    }
}

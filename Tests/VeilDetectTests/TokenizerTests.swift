import XCTest
import VeilModel
@testable import VeilDetect

/// The shared token stream: kinds, ranges, line starts and keys.
final class TokenizerTests: XCTestCase {
    func tokens(_ s: String) throws -> (TokenizedText, [String]) {
        let t = TokenizedText(try Document(text: s))
        return (t, t.tokens.map { t.string($0) })
    }

    func testSplitsWordsNumbersAndPunctuation() throws {
        let (t, words) = try tokens("A woman in Kangan-dong paid 3,000 yuan on 2019-07-20 at 3:30.")
        XCTAssertEqual(words, ["A", "woman", "in", "Kangan-dong", "paid", "3,000", "yuan", "on", "2019", "-", "07", "-", "20", "at", "3:30", "."])
        XCTAssertEqual(t.tokens[3].kind, .word)
        XCTAssertEqual(t.tokens[5].kind, .number)
        XCTAssertEqual(t.tokens[9].kind, .punctuation)
    }

    func testApostrophesAndNonLatinScripts() throws {
        let (_, words) = try tokens("She didn’t know; O'Brien met 강미진 and Кан in 惠山市 — “yes”.")
        XCTAssertEqual(words, ["She", "didn’t", "know", ";", "O'Brien", "met", "강미진", "and", "Кан", "in", "惠山市", "—", "“", "yes", "”", "."])
    }

    func testLineStarts() throws {
        let (t, _) = try tokens("Headline here\n\nFirst word of a paragraph")
        XCTAssertEqual(t.tokens.filter(\.startsLine).map { t.string($0) }, ["Headline", "First"])
    }

    func testKeysMatchLexiconKeys() throws {
        let text = "Daily NK’s SOURCE said Kangan-Dong 2009 €5 déjà"
        let (t, _) = try tokens(text)
        let b = Array(text.utf8)
        for (k, tok) in t.tokens.enumerated() {
            XCTAssertEqual(t.keys[k], Lexicon.key(b, tok.range), "key of \(t.string(tok))")
        }
        XCTAssertEqual(t.keys[2], Lexicon.key("source"))
        XCTAssertEqual(t.keys[1], Lexicon.key("nk's"))
    }

    func testEmptyAndSpaceOnlyInput() throws {
        XCTAssertTrue(try tokens("").1.isEmpty)
        XCTAssertTrue(try tokens(" \n\t \u{00A0}\n").1.isEmpty)
    }

    func testTokenCountIsLinearInInput() throws {
        let unit = "A source in Hyesan said on Feb. 1 that 3,000 yuan was paid.\n"
        let (_, one) = try tokens(unit)
        let (_, many) = try tokens(String(repeating: unit, count: 1000))
        XCTAssertEqual(many.count, one.count * 1000)
    }

    func testPatternLexiconLoads() {
        XCTAssertTrue(PatternLexicon.shared.isLoaded, "Lexicons/patterns/*.tsv must ship with the module")
        XCTAssertGreaterThan(PatternLexicon.shared.entries.count, 500)
    }
}

import VeilModel
import XCTest
import VeilTestSupport
@testable import VeilPolicy

/// The byte-level text routines of the policy agree with the Foundation/Character-based
/// implementations they replace (kept as `...Reference`), on many generated inputs.
final class TextFastPathTests: XCTestCase {
    /// The shared deterministic generator (the same inputs on every run).
    private typealias Generator = SeededGenerator

    /// Every string of up to `length` characters over `alphabet`.
    private func allStrings(_ alphabet: [String], upTo length: Int) -> [String] {
        var out = [""], layer = [""]
        for _ in 0..<length {
            layer = layer.flatMap { s in alphabet.map { s + $0 } }
            out += layer
        }
        return out
    }

    func testTidyAgreesWithTheReplacementLoop() {
        for s in allStrings([" ", ",", ".", "a"], upTo: 7) {
            XCTAssertEqual(TextFit.tidy(s), TextFit.tidyReference(s), s.debugDescription)
        }
        var g = Generator(state: 1)
        let pieces = [" ", "  ", ",", ".", ", ", " ,", "a", "source", "in", "\t", "\n", ";", "-", "'s", "(", ")"]
        for _ in 0..<3000 {
            let s = g.string(from: pieces, maxCount: 14)
            XCTAssertEqual(TextFit.tidy(s), TextFit.tidyReference(s), s.debugDescription)
        }
        // Non-ASCII text takes the reference path.
        for s in ["A source in Hyesan ,  Ryanggang’s ,.", " , é ,, ê .", "Káng  Mi‐Jin , ."] {
            XCTAssertEqual(TextFit.tidy(s), TextFit.tidyReference(s), s.debugDescription)
        }
    }

    func testFixArticlesAgreesWithTheWordSplit() {
        var g = Generator(state: 2)
        let words = ["a", "an", "A", "An", "AN", "apple", "hour", "Hour", "honest", "one", "One", "user", "Eu", "euro", "uni",
                     "UNIT", "x", "", "the", "official", "source", "in", "Yanggang", "e", "i", "o", "u", "b", "a,", "an."]
        for _ in 0..<5000 {
            let s = (0..<g.next(7)).map { _ in words[g.next(words.count)] }.joined(separator: " ")
            XCTAssertEqual(TextFit.fixArticles(s), TextFit.fixArticlesReference(s), s.debugDescription)
        }
        for s in ["", "a", "an", "a ", " a", "a  apple", "A Éclair", "an été", "a  ", "An hour and a uni"] {
            XCTAssertEqual(TextFit.fixArticles(s), TextFit.fixArticlesReference(s), s.debugDescription)
        }
    }

    func testIndefiniteArticleAgreesWithTheReference() {
        var g = Generator(state: 3)
        let pieces = ["a", "e", "i", "o", "u", "h", "n", "s", "r", "t", "O", "U", "E", "H", "-", "1", " ", "."]
        var samples = ["", "one", "ONE", "uni", "Unicorn", "eu", "EU", "use", "User", "hour", "HOUR", "honest", "Honesty",
                       "apple", "Apple", "x", "élan", "Éclair", "über", "øre"]
        for _ in 0..<3000 { samples.append(g.string(from: pieces, maxCount: 8)) }
        for s in samples {
            XCTAssertEqual(TextFit.indefiniteArticle(for: Substring(s)), TextFit.indefiniteArticleReference(for: Substring(s)), s.debugDescription)
        }
    }

    func testWordsAgreeWithTheCharacterSplit() {
        var g = Generator(state: 4)
        let pieces = ["a", "B", "z", "Z", "0", "9", " ", "-", "'", ".", ",", ":", "\r\n", "\t", "_", "(", "/", "Nov", "10th",
                      "PM", "2019", "Sept"]
        var samples = ["", "on Nov. 10, 2019", "at 8:30 p.m.", "the late 1990s", "A-B_C'D", "\r\n"]
        for _ in 0..<3000 { samples.append(g.string(from: pieces, maxCount: 12)) }
        samples += ["le 10 décembre", "Ｎｏｖ 10", "l’été 2019", "10\u{0301}th"]
        XCTAssertGreaterThan(Set(samples).count, 2500, "the generator gives varied inputs")
        for s in samples {
            XCTAssertEqual(Generalizer.words(s), Generalizer.wordsReference(s), s.debugDescription)
        }
    }

    func testUnitNounAgreesWithTheReference() {
        var g = Generator(state: 5)
        let pieces = ["Baker", " ", "  ", "Street", "STREET", "street", "Road", "township", "Township", "county", "Krai",
                      "municipality", "Municipality", "municipalitys", "x", "-", "Ward", "wards", "governorate"]
        var samples = ["", " ", "Baker Street", "Ayadaw township ", "Hyesan", "Sainte-Anne Commune", "Köln Street", "Ulitsa Straße"]
        for _ in 0..<3000 { samples.append(g.string(from: pieces, maxCount: 6)) }
        for s in samples {
            XCTAssertEqual(Generalizer.unitNoun(of: s), Generalizer.unitNounReference(of: s), s.debugDescription)
        }
    }

    func testPseudonymWordKeysAgreeWithTheReference() {
        var g = Generator(state: 6)
        let pieces = ["Kim", " ", "  ", "Mi-jin", "O'Brien", "Choe", ".", "-", "JR", "\t", "Ri"]
        var samples = ["", " ", "Kim Jong Un", "Pak  Yong-hwan", "- Kim", "Káng Mi\u{00A0}Jin", "Ｋａｎｇ Mi"]
        for _ in 0..<3000 { samples.append(g.string(from: pieces, maxCount: 6)) }
        for s in samples {
            XCTAssertEqual(PseudonymTable.wordKeys(s), PseudonymTable.wordKeysReference(s), s.debugDescription)
        }
    }

    func testRepeatCheckAgreesWithADenyScanner() {
        var g = Generator(state: 7)
        let termPieces = ["Hyesan", "North Korea", "city", "a", "in", "Korea", "trader", "MSS", "(MSS)", "U.S.", "Mi-jin", " ", "-", "'s"]
        let textPieces = ["a city in North Korea", " ", "a ", "trader", "traders", "Hyesan", "Hyesan-based", "(MSS)", ",", "region",
                          "U.S", ".", "Kim", "Mi jin", "in", "North", "Koreans"]
        for _ in 0..<2000 {
            let terms = (0..<(1 + g.next(4))).map { _ in g.string(from: termPieces, maxCount: 3) }
            let text = g.string(from: textPieces, maxCount: 6)
            var folded: [UInt8] = []
            var ends: [Int] = []
            for t in terms {
                TextFolding.appendKey(of: t, to: &folded)
                if folded.count > (ends.last ?? 0) { ends.append(folded.count) }
            }
            let expected = DenyScanner(terms: terms).occurs(in: text)
            XCTAssertEqual(DenyScanner.occurs(folded: folded, ends: ends, inASCII: text), expected, "\(terms) in \(text.debugDescription)")
        }
        XCTAssertNil(DenyScanner.occurs(folded: Array("hyesan".utf8), ends: [6], inASCII: "a city in Hyesan’s north"))
    }

    func testLeakCheckAgreesWithTheFoldedKeys() {
        var g = Generator(state: 8)
        let pieces = ["a city in North Korea", "Hyesan", "hyesan", " ", "-", "North", "Korea", "city", "'s", ".", "U.S.", "",
                      "Káng", "ＭＳＳ", "MSS", "the"]
        for _ in 0..<3000 {
            let original = g.string(from: pieces, maxCount: 3), replacement = g.string(from: pieces, maxCount: 4)
            let o = TextFolding.key(original)
            let expected = !o.isEmpty && TextFolding.key(replacement).contains(o)
            XCTAssertEqual(Resolver.leaks(replacement, original: original), expected, "\(original.debugDescription) in \(replacement.debugDescription)")
        }
    }

    func testTabledReasonsEqualTheBuiltOnes() throws {
        let engine = PolicyEngine(policy: .standard)
        for x in [0, 0.004, 0.005, 0.3, 0.499, 0.4951, 0.5, 0.755, 0.9, 0.999, 1, 1.2, -0.3, 57.125] {
            let f = Finding(range: 0..<6, text: "Hyesan", category: .city, confidence: x, recognizer: "test", explanation: "")
            let (action, reason, basis) = engine.initialDecision(f)
            XCTAssertEqual(basis, x < 0.5 ? .belowConfidence : .categoryRule)
            if x < 0.5 {
                XCTAssertEqual(action, .flag)
                XCTAssertEqual(reason, "confidence \(PolicyEngine.format(x)) below categories.city.min_confidence 0.50 (below_confidence: flag)")
            } else {
                XCTAssertEqual(action, .generalize)
                XCTAssertEqual(reason, "categories.city.action: generalize (confidence \(PolicyEngine.format(x)) >= min_confidence 0.50)")
            }
        }
    }
}

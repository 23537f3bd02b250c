import XCTest
import VeilModel
import VeilPolicy
import VeilVault
@testable import Veil

final class ScalePipelineTests: XCTestCase {
    func testTwentyThousandRecordsKeepTheirOriginals() throws {
        let unit = "Hyesan. "
        let doc = try Document(text: String(repeating: unit, count: 20_000))
        var table = PseudonymTable()
        let result = try Pipeline(policy: .standard).redact(doc, markdown: false, pseudonyms: &table)
        XCTAssertEqual(result.records.count, 20_001)
        XCTAssertEqual(result.records.first?.content.copyBytes(), doc.bytes, "@draft holds the whole draft")
        XCTAssertEqual(Set(result.records.map(\.id)).count, result.records.count, "ids are distinct")
        for (record, r) in zip(result.records.dropFirst(), result.replacements) {
            XCTAssertEqual(record.content.copyBytes(), Array(doc.bytes[r.range]))
        }
        XCTAssertFalse(String(decoding: result.published, as: UTF8.self).contains("Hyesan"))
    }

    func testFirstOverlapFindsTheFirstOverlappingPlacedRange() {
        let placed = [0..<3, 5..<5, 5..<9, 12..<20, 20..<21]
        XCTAssertEqual(Pipeline.firstOverlap(placed, 2..<6), 0)
        XCTAssertEqual(Pipeline.firstOverlap(placed, 3..<6), 2, "an empty range overlaps nothing")
        XCTAssertEqual(Pipeline.firstOverlap(placed, 9..<12), nil)
        XCTAssertEqual(Pipeline.firstOverlap(placed, 19..<40), 3)
        XCTAssertEqual(Pipeline.firstOverlap(placed, 20..<40), 4)
        XCTAssertEqual(Pipeline.firstOverlap(placed, 21..<40), nil)
        XCTAssertEqual(Pipeline.firstOverlap([], 0..<1), nil)
    }

    func testTermMatcherWithThousandsOfKeysSharingAFirstLetterFindsEachOnce() throws {
        // Thousands of distinct removed originals starting alike (sums, dates) were each tried
        // at every position with that first scalar.
        let terms = (0..<5_000).map { "\(1 + $0 % 9),\(100 + $0) yuan" }
        let text = terms.map { "paid \($0) then" }.joined(separator: ". ")
        let doc = try Document(text: text)
        let matcher = TermMatcher(terms: terms)
        let found = matcher.matches(in: doc)
        XCTAssertEqual(found.count, terms.count)
        XCTAssertEqual(Set(found.map { doc.text($0.range) }), Set(terms))
        for m in found { XCTAssertEqual(matcher.key(at: m.term), TextFolding.key(doc.text(m.range))) }
    }

    func testTermMatcherReportsNestedKeysShortestFirst() throws {
        let doc = try Document(text: "Kim met Kim Chol and KIM CHOL-SU today.")
        let matcher = TermMatcher(terms: ["Kim Chol Su", "Kim", "Kim Chol"])
        XCTAssertEqual(matcher.matches(in: doc).map { doc.text($0.range) },
                       ["Kim", "Kim", "Kim Chol", "KIM", "KIM CHOL", "KIM CHOL-SU"])
    }

    func testTermMatcherFindsTheSameMatchesWhateverThePieceSize() throws {
        // The document is folded a piece at a time (folding it whole took 20 bytes per byte):
        // a match running across a piece's end (a name split by spaces, hyphens or a long run of
        // separators, accents and non-Latin text around it) is found exactly once, as whole.
        var state: UInt64 = 7
        func next(_ k: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(k))
        }
        let pieces = ["Kim", "Chol", "Su", " ", "  ", "-", " - ", ". ", "kim", "KIM", "Müller", "e\u{301}", "강", "Ri",
                      "\r\n", "\n", "Ann", "Joann", ",", "x", "          "]
        let terms = ["Kim Chol Su", "Kim", "Kim Chol", "Müller-Ri", "Ann", "Su Ri", "강 Kim", "e\u{301} Ri"]
        let matcher = TermMatcher(terms: terms)
        for round in 0..<200 {
            let text = (0..<(20 + next(200))).map { _ in pieces[next(pieces.count)] }.joined()
            let doc = try Document(text: text)
            let whole = matcher.matches(in: doc, chunkBytes: Int.max / 2)
            XCTAssertFalse(round == 0 && whole.isEmpty)
            for size in [16, 17, 23, 40, 97] {
                let pieced = matcher.matches(in: doc, chunkBytes: size)
                XCTAssertEqual(pieced.map(\.term), whole.map(\.term), "chunk \(size): \(text.debugDescription)")
                XCTAssertEqual(pieced.map(\.range), whole.map(\.range), "chunk \(size): \(text.debugDescription)")
            }
        }
    }
}

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
}

import XCTest
import VeilModel
import VeilTestSupport
@testable import VeilDetect

/// Anonymous-source findings: spans, qualifiers with byte ranges, and the seed article.
final class SourceDescriptorTests: XCTestCase {
    func find(_ text: String) throws -> (Document, [Finding]) {
        let doc = try Document(text: text)
        var out: [Finding] = []
        SourceRecognizer().recognize(TokenizedText(doc), into: &out)
        return (doc, out)
    }

    func testPlaceQualifierWithRange() throws {
        let (doc, f) = try find("“They pay,” a source in Ryanggang Province told Daily NK.")
        XCTAssertEqual(f.map(\.text), ["a source in Ryanggang Province"])
        let place = try XCTUnwrap(f[0].qualifiers.first { $0.kind == .place })
        XCTAssertEqual(place.text, "Ryanggang Province")
        XCTAssertEqual(doc.text(place.range), "Ryanggang Province")
        XCTAssertTrue(f[0].range.contains(place.range.lowerBound))
        XCTAssertTrue(f[0].explanation.contains("reporting verb 'told'"))
    }

    func testBasedModifierCountAndRole() throws {
        let (_, f) = try find("A Hyesan-based source said so. Two traders in Hyesan told RFA the same.")
        XCTAssertEqual(f.map(\.text), ["A Hyesan-based source", "Two traders in Hyesan"])
        XCTAssertEqual(f[0].qualifiers.map(\.kind), [.place])
        XCTAssertEqual(Set(f[1].qualifiers.map(\.kind)), [.count, .role, .place])
    }

    func testPersonNounsNeedAttribution() throws {
        XCTAssertTrue(try find("Residents were told to stay home, and officials closed the market.").1.isEmpty)
        XCTAssertEqual(try find("Residents said they stayed home.").1.map(\.text), ["Residents"])
    }

    func testSeedArticleSources() throws {
        let (_, f) = try find(Fixtures.seedArticle)
        let texts = f.map(\.text)
        XCTAssertTrue(texts.contains("a source in Ryanggang Province"), "\(texts)")
        XCTAssertTrue(texts.contains("a separate source in Ryanggang Province"), "\(texts)")
        XCTAssertEqual(texts.filter { $0 == "the source" || $0 == "The source" }.count, 2, "\(texts)")
        XCTAssertFalse(texts.contains { $0.lowercased().contains("informants") }, "MSS informants are not the reporter's sources")
    }

    func testSeedArticleDatesAndSums() throws {
        let doc = try Document(text: Fixtures.seedArticle)
        let found = Detector(recognizers: PatternRecognizers.all).detect(doc)
        func has(_ text: String, _ category: VeilModel.Category) -> Bool {
            found.contains { $0.text == text && $0.category == category }
        }
        XCTAssertTrue(has("four years ago", .date))
        XCTAssertTrue(has("2009", .date))
        XCTAssertTrue(has("3,000 yuan", .amount))
        XCTAssertTrue(has("10,000 Chinese yuan", .amount))
        XCTAssertFalse(found.contains { $0.category == .date && ($0.text.contains("long ago") || $0.text.contains("These days")) })
    }
}

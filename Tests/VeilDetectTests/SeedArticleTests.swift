import XCTest
import VeilModel
import VeilTestSupport
@testable import VeilDetect

/// The seed article's identifying details are found, with the right categories.
final class SeedArticleTests: XCTestCase {
    static let findings: [Finding] = {
        guard let doc = try? Document(text: Fixtures.seedArticle) else { return [] }
        return Detector().detect(doc)
    }()

    private func assertFound(_ text: String, _ category: Category, count: Int = 1, file: StaticString = #filePath, line: UInt = #line) {
        let hits = Self.findings.filter { $0.category == category && $0.text.contains(text) }
        XCTAssertGreaterThanOrEqual(hits.count, count, "\(text) as \(category.rawValue); found: \(Self.findings.filter { $0.text.contains(text) }.map { "\($0.text) [\($0.category.rawValue)]" })",
                                    file: file, line: line)
    }

    func testPlaces() {
        assertFound("Kangan-dong", .neighborhood)
        assertFound("Hyesan", .city)
        assertFound("Ryanggang Province", .province, count: 2)
        let hyesan = Self.findings.first { $0.category == .city && $0.text == "Hyesan" }
        XCTAssertEqual(hyesan?.hierarchy.first?.level, .province, "Hyesan knows its province")
        XCTAssertEqual(hyesan?.hierarchy.last?.name, "North Korea")
    }

    func testDatesAndSums() {
        assertFound("four years ago", .date)
        assertFound("2009", .date)
        assertFound("3,000 yuan", .amount)
        assertFound("10,000 Chinese yuan", .amount)
    }

    func testEveryAnonymousSource() {
        assertFound("a source in Ryanggang Province", .source)
        assertFound("a separate source in Ryanggang Province", .source)
        let sources = Self.findings.filter { $0.category == .source }
        XCTAssertGreaterThanOrEqual(sources.count, 4, "two descriptors and two later mentions of 'the source'")
        let withPlace = sources.first { $0.text == "a source in Ryanggang Province" }
        XCTAssertEqual(withPlace?.qualifiers.first { $0.kind == .place }?.placeLevel, .province,
                       "the source's place qualifier is resolved to a province")
    }

    func testPeopleAndPublicEntities() {
        assertFound("Kang Mi Jin", .person)
        let publicOnes = Self.findings.filter { $0.attributes[FindingAttribute.entity] == "public" }.map(\.text)
        XCTAssertTrue(publicOnes.contains("Daily NK"), "\(publicOnes)")
        XCTAssertFalse(Self.findings.contains { $0.category == .person && $0.text.hasPrefix("Residents") },
                       "a capitalised caption word is not a name")
    }

    func testNothingVagueIsADate() {
        for vague in ["Recently", "recently", "These days", "long ago"] {
            XCTAssertFalse(Self.findings.contains { $0.category == .date && $0.text == vague }, vague)
        }
    }
}

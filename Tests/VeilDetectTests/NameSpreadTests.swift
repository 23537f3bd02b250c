import XCTest
import VeilModel
@testable import VeilDetect

/// Mentions spread (variants, lists, relatives) and the `name.unknown` recall net, run through
/// the whole detector.
final class NameSpreadTests: XCTestCase {
    func findings(_ text: String) throws -> [Finding] {
        try Detector().detect(Document(text: text))
    }

    func testVariantSpellingNeedsTheFoundName() throws {
        // One letter apart from a found name: a mention; the same word alone is not a person by the name recognizer.
        let with = try findings("Aliaksandr Kisialiou, a journalist, was detained. Police said Kisyaliou resisted.")
        XCTAssertTrue(with.contains { $0.text == "Kisyaliou" && $0.recognizer == "person.name" })
        let alone = try findings("Police said Kisyaliou resisted.")
        XCTAssertFalse(alone.contains { $0.text == "Kisyaliou" && $0.recognizer == "person.name" })
    }

    func testListOfPlacesAfterANameIsNoListOfNames() throws {
        let f = try findings("Ri Chol travelled to Hyesan, Musan and Hoeryong.")
        for w in ["Hyesan", "Musan", "Hoeryong"] {
            XCTAssertFalse(f.contains { $0.text == w && $0.category == .person }, w)
        }
    }

    func testUnknownNameIsLowConfidenceWithAttribute() throws {
        let f = try findings("The guard let Tsewang through at night.")
        let u = try XCTUnwrap(f.first { $0.recognizer == UnknownNameRecognizer().id })
        XCTAssertEqual(u.text, "Tsewang")
        XCTAssertEqual(u.category, .person)
        XCTAssertEqual(u.attributes[UnknownNameRecognizer.attribute], "true")
        XCTAssertLessThan(u.confidence, 0.5)     // below standard's person threshold: flagged
        XCTAssertGreaterThanOrEqual(u.confidence, 0.2)   // at or above strict's: redacted
    }

    func testUnknownNameSkipsWhatOtherFindingsExplain() throws {
        // `Hyesan` is a place, `Kim Chol Ho` a found name, `Honduran` a demonym, `I'm` a contraction.
        let f = try findings("Kim Chol Ho said I'm a Honduran trader in Hyesan.")
        XCTAssertFalse(f.contains { $0.recognizer == UnknownNameRecognizer().id }, "\(f.map(\.text))")
    }

    func testUnknownNameTakesInTheRestOfTheName() throws {
        let f = try findings("The family of Mushtaq Khan waited outside.")
        XCTAssertTrue(f.contains { $0.text.contains("Mushtaq Khan") && $0.category == .person }, "\(f.map(\.text))")
    }
}

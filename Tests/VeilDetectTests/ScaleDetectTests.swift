import XCTest
import VeilModel
@testable import VeilDetect

/// Repeated names: each is found, and the repeat pass keeps one entry per distinct name
/// (it kept and copied one per mention: 20,000 'Kang Mi Jin.' took 17 s).
final class ScaleDetectTests: XCTestCase {
    func testTwentyThousandMentionsOfOneNameAreEachFound() throws {
        let unit = "Kang Mi Jin. "
        let doc = try Document(text: String(repeating: unit, count: 20_000))
        let people = Detector().detect(doc).filter { $0.category == .person }
        XCTAssertEqual(people.count, 20_000)
        XCTAssertTrue(people.allSatisfy { $0.text == "Kang Mi Jin" })
        XCTAssertEqual(people.last?.range.lowerBound, 19_999 * unit.utf8.count)
    }

    func testRepeatsOfSeveralNamesSharingALastWordAreFound() throws {
        // Two distinct names ending in the same word, each found once with context and then
        // repeated without (found by the repeat pass only), also the first mention repeated.
        let text = "Zorvan Quellat said it was cold. Ilmek Quellat said it was not. Zorvan Quellat said it again. "
            + String(repeating: "Zorvan Quellat\n\nIlmek Quellat\n\n", count: 50)
        let doc = try Document(text: text)
        let people = Detector().detect(doc).filter { $0.category == .person }
        let repeats = people.filter { $0.explanation == "repeat of a name found elsewhere in the document" }
        XCTAssertEqual(repeats.filter { $0.text == "Zorvan Quellat" }.count, 50, "\(people.map(\.text))")
        XCTAssertEqual(repeats.filter { $0.text == "Ilmek Quellat" }.count, 50, "\(people.map(\.text))")
        XCTAssertEqual(people.count, 103)
    }
}

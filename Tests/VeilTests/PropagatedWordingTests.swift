import XCTest
import VeilModel
import VeilPolicy
@testable import Veil

/// A replacement copied to another occurrence of its original (one the detector did not mark)
/// is fitted to that occurrence's slot, not pasted as it was worded for the first.
final class PropagatedWordingTests: XCTestCase {
    /// The published text when only the first `Hyesan` is a finding and the pipeline propagates it.
    func published(_ text: String, policy: Policy = .standard) throws -> String {
        let document = try Document(text: text)
        let b = document.bytes
        let needle = Array("Hyesan".utf8)
        let at = try XCTUnwrap((0...(b.count - needle.count)).first { b[$0..<($0 + needle.count)].elementsEqual(needle) })
        let finding = Finding(range: at..<(at + needle.count), text: "Hyesan", category: .city, confidence: 0.9, recognizer: "test",
                              explanation: "test", hierarchy: [PlaceUnit(name: "Ryanggang Province", level: .province),
                                                                PlaceUnit(name: "North Korea", level: .country)])
        let pipeline = Pipeline(policy: policy)
        var table = PseudonymTable()
        let outcome = PolicyEngine(policy: policy).decide(document: document, findings: [finding], pseudonyms: &table)
        let replacements = pipeline.propagate(Redaction.replacements(for: outcome), outcome: outcome, in: document)
        return String(decoding: Redaction.applyTracking(replacements, to: document).0, as: UTF8.self)
    }

    func testEverySlotOfAPropagatedCopy() throws {
        // Before the fitter, each copy read "a city in North Korea" pasted into the slot.
        XCTAssertEqual(try published("Smugglers in Hyesan were caught. The Hyesan market closed."),
                       "Smugglers in a city in North Korea were caught. The city market closed.")          // was "The a city in North Korea market"
        XCTAssertEqual(try published("Smugglers in Hyesan were caught. Its Hyesan offices closed."),
                       "Smugglers in a city in North Korea were caught. Its city offices closed.")          // was "Its a city in North Korea offices"
        XCTAssertEqual(try published("Smugglers in Hyesan were caught. Hyesan's mayor left."),
                       "Smugglers in a city in North Korea were caught. The city's mayor left.")            // was "a city in North Korea's mayor"
        XCTAssertEqual(try published("Smugglers in Hyesan were caught. Troops entered western Hyesan."),
                       "Smugglers in a city in North Korea were caught. Troops entered the west of a city in North Korea.")
        XCTAssertEqual(try published("Smugglers in Hyesan were caught. Hyesan traders came."),
                       "Smugglers in a city in North Korea were caught. Local traders came.")
        XCTAssertEqual(try published("Smugglers in Hyesan were caught. Hyesan was sealed."),
                       "Smugglers in a city in North Korea were caught. A city in North Korea was sealed.")  // was "a city" at the start
        XCTAssertEqual(try published("Smugglers in Hyesan were caught. They went to the Hyesan."),
                       "Smugglers in a city in North Korea were caught. They went to a city in North Korea.")
    }

    func testACopyOfASlotBoundWordingStartsFromTheHeadWording() throws {
        // The first occurrence is a modifier ("local"); the copy is a head, not "in local".
        XCTAssertEqual(try published("Two Hyesan traders came. They live in Hyesan."),
                       "Two local traders came. They live in a city in North Korea.")
        XCTAssertEqual(try published("Hyesan's mayor left. They live in Hyesan."),
                       "The city's mayor left. They live in a city in North Korea.")
    }
}

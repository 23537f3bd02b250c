import VeilModel
import XCTest
@testable import VeilPolicy

/// Runs the slot fitter's own before/after examples (`SlotFitter.examples`): a wording made
/// for one occurrence, fitted to another occurrence's slot.
final class SlotFitterTests: XCTestCase {
    func testEveryFitterExample() throws {
        var slots: Set<Slot> = []
        for (before, after, slot) in SlotFitter.examples {
            let open = try XCTUnwrap(before.range(of: "[["))
            let close = try XCTUnwrap(before.range(of: "]]"))
            let original = String(before[open.upperBound..<close.lowerBound])
            let text = String(before[..<open.lowerBound]) + original + String(before[close.upperBound...])
            let lo = before[..<open.lowerBound].utf8.count
            let range = lo..<(lo + original.utf8.count)
            let bytes = Array(text.utf8)
            XCTAssertEqual(Slots.analyze(bytes, range).slot, slot, "slot of \(before)")
            slots.insert(slot)
            let fitted = SlotFitter.fit("a city in North Korea", category: .city, original: original, range: range, in: bytes)
            let out = String(decoding: bytes[..<fitted.range.lowerBound], as: UTF8.self) + fitted.text
                + String(decoding: bytes[fitted.range.upperBound...], as: UTF8.self)
            XCTAssertEqual(out, after, before)
        }
        for slot in [Slot.possessive, .modifier, .afterAdjective, .afterDeterminer, .afterPreposition, .sentenceStart, .head] {
            XCTAssertTrue(slots.contains(slot), "the fitter has an example in the \(slot.rawValue) slot")
        }
    }

    /// A placeholder that would read as a word in prose takes its category's plain wording; in a
    /// name's own slot it stays a placeholder.
    func testPlaceholdersInProseTakeAPlainWording() throws {
        let cases: [(String, String, Category, String)] = [
            ("because of the barrier on the [[Hungarian]] border", "[facility]", .facility, "because of the barrier on the local border"),
            ("had told the provincial [[police]] chiefs", "[facility]", .facility, "had told the provincial local chiefs"),
            ("and that some [[villagers]] who ran were shot", "[source]", .source, "and that some people who ran were shot"),
            ("the war targets [[officials]] of the government", "[source]", .source, "the war targets people of the government"),
            ("He was held at [[Camp 15]] in 2019.", "[facility]", .facility, "He was held at [facility] in 2019."),
            ("A [[resident]] said so.", "[source]", .source, "A [source] said so."),
            ("They fled Ryanggang's [[Camp]] offices.", "[facility]", .facility, "They fled Ryanggang's [facility] offices."),
        ]
        for (before, label, category, after) in cases {
            let open = try XCTUnwrap(before.range(of: "[["))
            let close = try XCTUnwrap(before.range(of: "]]"))
            let original = String(before[open.upperBound..<close.lowerBound])
            let text = String(before[..<open.lowerBound]) + original + String(before[close.upperBound...])
            let lo = before[..<open.lowerBound].utf8.count
            let bytes = Array(text.utf8)
            let fitted = SlotFitter.fit(label, category: category, original: original, range: lo..<(lo + original.utf8.count), in: bytes)
            let out = String(decoding: bytes[..<fitted.range.lowerBound], as: UTF8.self) + fitted.text
                + String(decoding: bytes[fitted.range.upperBound...], as: UTF8.self)
            XCTAssertEqual(out, after, before)
        }
    }

    /// A wording fitted to one slot is not copied to another: the head wording starts again.
    func testSlotBoundWordingsAndTheHeadWording() throws {
        XCTAssertTrue(SlotFitter.isSlotBound("local"))
        XCTAssertTrue(SlotFitter.isSlotBound("the city"))
        XCTAssertTrue(SlotFitter.isSlotBound("city"))
        XCTAssertTrue(SlotFitter.isSlotBound("The city"))
        XCTAssertTrue(SlotFitter.isSlotBound("Local"))
        XCTAssertFalse(SlotFitter.isSlotBound("Person A"))
        XCTAssertFalse(SlotFitter.isSlotBound("a city in North Korea"))
        XCTAssertFalse(SlotFitter.isSlotBound("North Korea"))
        let engine = PolicyEngine(policy: .standard)
        let f = Finding(range: 0..<6, text: "Hyesan", category: .city, confidence: 0.9, recognizer: "test", explanation: "test",
                        hierarchy: [PlaceUnit(name: "North Korea", level: .country)])
        XCTAssertEqual(engine.headWording(of: f), "a city in North Korea")
        XCTAssertEqual(PolicyEngine(policy: try Policy.named("strict")).headWording(of: f), "North Korea")
        XCTAssertNil(engine.headWording(of: Finding(range: 0..<3, text: "Kim", category: .person, confidence: 0.9, recognizer: "t", explanation: "t")))
    }
}

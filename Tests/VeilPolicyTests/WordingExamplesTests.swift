import VeilModel
import XCTest
@testable import VeilPolicy

/// Runs every wording ladder's own before/after examples (`WordingExample.all`): the examples
/// a ladder carries are its tests (add cases there, not here).
final class WordingExamplesTests: XCTestCase {
    func testEveryLadderExampleIsPublishedAsItSays() throws {
        var engines: [String: PolicyEngine] = [:]
        var slotsSeen: Set<Slot> = []
        for example in WordingExample.all {
            let (text, findings) = example.parsed()
            XCTAssertFalse(findings.isEmpty, "an example without [[marks]]: \(example.before)")
            let document = try Document(text: text)
            if engines[example.policy] == nil { engines[example.policy] = PolicyEngine(policy: example.policy.hasPrefix("version:")
                ? try Policy.parse(yaml: example.policy, file: "example.yaml") : try Policy.named(example.policy)) }
            var table = PseudonymTable()
            let outcome = engines[example.policy]!.decide(document: document, findings: findings, pseudonyms: &table)
            XCTAssertEqual(Self.apply(outcome, to: document), example.after, "\(example.category.rawValue), \(example.policy): \(example.before)")
            if let slot = example.slot, let first = findings.first {
                XCTAssertEqual(Slots.analyze(document.bytes, first.range).slot, slot, "slot of \(example.before)")
                slotsSeen.insert(slot)
            }
        }
        XCTAssertEqual(Set(Slot.allCases).subtracting(slotsSeen), [], "every slot has an example")
        let ladders = Set(WordingExample.all.map(\.category))
        for c in [Category.city, .province, .date, .age, .amount, .person, .occupation, .facility, .organization, .source, .contact] {
            XCTAssertTrue(ladders.contains(c), "the \(c.rawValue) ladder carries examples")
        }
    }

    /// The published text: every top-level replacement applied.
    static func apply(_ outcome: PolicyOutcome, to document: Document) -> String {
        var out = [UInt8]()
        var at = 0
        for d in outcome.decisions.filter({ $0.coveredBy == nil && $0.action.removesOriginal })
            .sorted(by: { $0.finding.range.lowerBound < $1.finding.range.lowerBound }) {
            out += document.bytes[at..<d.finding.range.lowerBound]
            out += Array((d.replacement ?? "").utf8)
            at = d.finding.range.upperBound
        }
        out += document.bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }
}

import XCTest
import VeilModel
@testable import VeilPolicy

/// An editor's overrides (`veil review`) applied by the engine before the risk is assessed.
final class EditorOverridesTests: XCTestCase {
    let text = "Kim Chol-su, a trader in Hyesan, said prices rose.\n"

    func finding(_ s: String, _ category: Category) throws -> Finding {
        let r = try XCTUnwrap(text.range(of: s))
        let start = text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound)
        return Finding(range: start..<(start + s.utf8.count), text: s, category: category, confidence: 0.95,
                       recognizer: "test", explanation: "test")
    }

    func testKeptSpansAreKeptAndWeighInTheRisk() throws {
        let doc = try Document(text: text)
        let name = try finding("Kim Chol-su", .person), city = try finding("Hyesan", .city)
        let engine = PolicyEngine(policy: Policy.standard)
        var t1 = PseudonymTable(), t2 = PseudonymTable()
        let base = engine.decide(document: doc, findings: [name, city], pseudonyms: &t1)
        XCTAssertTrue(base.decisions.allSatisfy { $0.action.removesOriginal })
        let kept = engine.decide(document: doc, findings: [name, city], pseudonyms: &t2,
                                 overrides: EditorOverrides(keep: [0..<(name.range.upperBound + 2)]))
        let byText = Dictionary(uniqueKeysWithValues: kept.decisions.map { ($0.finding.text, $0) })
        XCTAssertEqual(byText["Kim Chol-su"]?.action, .keep)
        XCTAssertEqual(byText["Kim Chol-su"]?.reason, EditorOverrides.keptReason)
        XCTAssertTrue(byText["Hyesan"]?.action.removesOriginal ?? false, "a finding outside the kept span is untouched")
        XCTAssertGreaterThan(kept.risk.documentScore, base.risk.documentScore, "a kept name weighs in the risk")
        // A span that only overlaps a finding does not keep it.
        var t3 = PseudonymTable()
        let partial = engine.decide(document: doc, findings: [name, city], pseudonyms: &t3,
                                    overrides: EditorOverrides(keep: [0..<3]))
        XCTAssertTrue(partial.decisions.allSatisfy { $0.action.removesOriginal })
    }

    func testWordingReplacesTheDecisionsText() throws {
        let doc = try Document(text: text)
        let city = try finding("Hyesan", .city)
        let engine = PolicyEngine(policy: Policy.standard)
        var t1 = PseudonymTable()
        let base = engine.decide(document: doc, findings: [city], pseudonyms: &t1)
        let decided = try XCTUnwrap(base.decisions.first { $0.coveredBy == nil && $0.action.removesOriginal })
        var t2 = PseudonymTable()
        let edited = engine.decide(document: doc, findings: [city], pseudonyms: &t2,
                                   overrides: EditorOverrides(wording: [decided.finding.range: "a northern town"]))
        let d = try XCTUnwrap(edited.decisions.first { $0.finding.range == decided.finding.range })
        XCTAssertEqual(d.replacement, "a northern town")
        XCTAssertEqual(d.action, decided.action)
        XCTAssertTrue(d.reason.hasSuffix("wording chosen by the editor"))
        XCTAssertNotEqual(base.decisions.first?.replacement, "a northern town")
    }

    func testMergedKeepSpans() {
        let o = EditorOverrides(keep: [10..<20, 0..<5, 4..<8, 30..<30])
        XCTAssertEqual(o.mergedKeep, [0..<8, 10..<20])
        let k = o.mergedKeep
        XCTAssertTrue(o.keeps(1..<8, sortedKeep: k))
        XCTAssertTrue(o.keeps(10..<20, sortedKeep: k))
        XCTAssertFalse(o.keeps(7..<11, sortedKeep: k))
        XCTAssertFalse(o.keeps(19..<21, sortedKeep: k))
        XCTAssertFalse(o.keeps(25..<26, sortedKeep: k))
    }
}

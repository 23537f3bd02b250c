import VeilModel
import XCTest
@testable import VeilPolicy

/// Runs of adjacent findings are merged once, into their first member (behaviour; the time and
/// memory this keeps linear are measured by `veil-bench scale`).
final class ScalePolicyTests: XCTestCase {
    private func run(_ unit: String, count: Int, category: VeilModel.Category) -> (Document, [Finding]) {
        let text = String(repeating: unit, count: count)
        let doc = try! Document(text: text)
        let n = unit.utf8.count, core = unit.trimmingCharacters(in: .whitespaces).utf8.count
        let findings = (0..<count).map { i in
            Finding(range: (i * n)..<(i * n + core), text: String(unit.prefix(core)), category: category, confidence: 0.95,
                    recognizer: "test", explanation: "hand-made")
        }
        return (doc, findings)
    }

    func testTwoThousandAdjacentContactsAreOneReplacementAndMembersKeepTheirSpans() {
        // Each member used to be widened to the end of the run: n spans of O(n) bytes
        // (2,000 e-mail addresses took 50 s and 347 MB in redact).
        let (doc, findings) = run("kang@example.org ", count: 2_000, category: .contact)
        var table = PseudonymTable()
        let outcome = PolicyEngine(policy: .standard).decide(document: doc, findings: findings, pseudonyms: &table)
        let top = outcome.decisions.filter { $0.coveredBy == nil && $0.action.removesOriginal }
        XCTAssertEqual(top.count, 1)
        XCTAssertEqual(top.first?.finding.range, 0..<(doc.bytes.count - 1), "the first member spans the whole run")
        let members = outcome.decisions.filter { $0.coveredBy != nil }
        XCTAssertEqual(members.count, 1_999)
        XCTAssertTrue(members.allSatisfy { $0.finding.range.count == 16 && $0.finding.text == "kang@example.org" })
        let held = outcome.decisions.reduce(0) { $0 + $1.finding.text.utf8.count }
        XCTAssertLessThan(held, 3 * doc.bytes.count, "decisions hold O(draft) bytes of text")
    }

    func testARepeatedPlaceIsMergedOnce() {
        // 'Ryanggang Province ' x 7,000 used 1.45 GB; x 20,000 failed to allocate 3 GB.
        let (doc, findings) = run("Ryanggang Province ", count: 5_000, category: .province)
        var table = PseudonymTable()
        let outcome = PolicyEngine(policy: .standard).decide(document: doc, findings: findings, pseudonyms: &table)
        XCTAssertEqual(outcome.decisions.filter { $0.coveredBy == nil && $0.action.removesOriginal }.count, 1)
        let held = outcome.decisions.reduce(0) { $0 + $1.finding.text.utf8.count }
        XCTAssertLessThan(held, 3 * doc.bytes.count)
    }

    func testAShortRunStillReadsAsOneReplacement() {
        // "Deputy Governor": the documented behaviour the merge keeps.
        var d = Draft("She met kang@example.org kim@example.org lee@example.org yesterday.")
        d.add("kang@example.org", .contact)
        d.add("kim@example.org", .contact)
        d.add("lee@example.org", .contact)
        let outcome = d.decide(.standard)
        let out = d.apply(outcome)
        XCTAssertFalse(out.contains("@"), out)
        XCTAssertEqual(outcome.decisions.filter { $0.coveredBy == nil && $0.action.removesOriginal }.count, 1, out)
    }

    func testRepeatCheckByTermLengthAgreesWithTheTermByTermCheck() {
        // The repeat check looks each window of a wording up per term length (it tried every
        // removed original against every wording); both must give the same verdict.
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let termPieces = ["Hyesan", "North Korea", "city", "a", "in", "Korea", "trader", "MSS", "(MSS)", "U.S.", "Mi-jin", " ", "-", "'s", "3,000"]
        let textPieces = ["a city in North Korea", " ", "a ", "trader", "traders", "Hyesan", "Hyesan-based", "(MSS)", ",", "region",
                          "U.S", ".", "Kim", "Mi jin", "in", "North", "Koreans", "3,000 yuan", "Person A"]
        func string(_ pieces: [String], _ max: Int) -> String { (0..<(1 + next(max))).map { _ in pieces[next(pieces.count)] }.joined() }
        for _ in 0..<3000 {
            let terms = (0..<(1 + next(6))).map { _ in string(termPieces, 3) }
            let text = string(textPieces, 6)
            var folded: [UInt8] = []
            var ends: [Int] = []
            for t in terms {
                TextFolding.appendKey(of: t, to: &folded)
                if folded.count > (ends.last ?? 0) { ends.append(folded.count) }
            }
            XCTAssertEqual(DenyScanner.occurs(terms: DenyScanner.termsByLength(folded: folded, ends: ends), inASCII: text),
                           DenyScanner.occurs(folded: folded, ends: ends, inASCII: text), "\(terms) in \(text.debugDescription)")
        }
        XCTAssertNil(DenyScanner.occurs(terms: DenyScanner.termsByLength(folded: Array("hyesan".utf8), ends: [6]),
                                        inASCII: "a city in Hyesan’s north"))
    }
}

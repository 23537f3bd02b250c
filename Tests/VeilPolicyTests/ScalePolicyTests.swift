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

    /// The old look-up (every whole name searched for the suffix), as the reference.
    private func referenceLongerName(_ wholeNames: [String: Int], ending tail: String) -> Int? {
        wholeNames.filter { $0.key.hasSuffix(" " + tail) }.map(\.value).min()
    }

    func testPseudonymSuffixLinksAtTwentyThousandDistinctNames() throws {
        // Each new multi-word name searched every whole name seen for a suffix: quadratic in
        // the distinct names (20,000 names here: about 400 million suffix tests, where one
        // dictionary look-up per name answers it now).
        let n = 20_000
        var table = PseudonymTable()
        func words(_ i: Int) -> (given: String, middle: String, last: String) {
            let l = PseudonymTable.letters(i)
            return ("Ga" + l, "Mo" + l, "Su" + l)
        }
        for i in 0..<n {
            let w = words(i)
            XCTAssertEqual(table.number(for: "\(w.given) \(w.middle) \(w.last)", category: .person), i)
        }
        for i in stride(from: 0, to: n, by: 1) {
            let w = words(i)
            // The end of the i-th longer name is the i-th person.
            let got = table.number(for: "\(w.middle) \(w.last)", category: .person)
            if got != i { XCTFail("'\(w.middle) \(w.last)' -> \(got), expected \(i)"); break }
        }
        // A name that ends no longer one is a new person.
        XCTAssertEqual(table.number(for: "Mo Su", category: .person), n)
        // Longer names whose ends are not asked for yet: a decoded table (its suffix index is
        // not sealed but rebuilt) links their ends as the table itself does.
        for k in 0..<10 {
            let l = PseudonymTable.letters(k)
            XCTAssertEqual(table.number(for: "Ka\(l) Ni\(l) Ta\(l)", category: .person), n + 1 + k)
        }
        let reopened = try JSONDecoder().decode(PseudonymTable.self, from: JSONEncoder().encode(table))
        XCTAssertEqual(reopened, table)
        var a = table, b = reopened
        for k in 0..<10 {
            let l = PseudonymTable.letters(k)
            XCTAssertEqual(a.number(for: "Ni\(l) Ta\(l)", category: .person), n + 1 + k)
            XCTAssertEqual(b.number(for: "Ni\(l) Ta\(l)", category: .person), n + 1 + k, "the decoded table links the same")
        }
        XCTAssertEqual(a, b)
    }

    func testPseudonymSuffixLinkAgreesWithTheSearchOfEveryWholeName() {
        // Random names over a small vocabulary (so suffixes are shared): each multi-word name's
        // number is the one the old search of every whole name gave.
        var state: UInt64 = 99
        func next(_ k: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(k))
        }
        let vocabulary = ["Abu", "Hasira", "Kim", "Chol", "Mahmoud", "Ri", "Su", "Lee", "Ann", "Joann", "Al", "Din"]
        var table = PseudonymTable()
        var mirror: [String: Int] = [:]   // the whole names, as the table keeps them
        var linked = 0
        for _ in 0..<3_000 {
            let name = (0..<(2 + next(3))).map { _ in vocabulary[next(vocabulary.count)] }.joined(separator: " ")
            let key = name.lowercased()   // ASCII letters: the folded words joined by spaces
            let before = table
            let expectedSuffix = referenceLongerName(mirror, ending: key)
            let got = table.number(for: name, category: .person, surname: vocabulary[next(vocabulary.count)])
            // No single-word mention ever comes, so no surname is unclaimed: a new name takes
            // the number of the longer name it ends, else the next one.
            XCTAssertTrue(before.unclaimedSurnames.isEmpty)
            if let known = before.entries["person|" + TextFolding.key(name)] {
                XCTAssertEqual(got, known, name)
            } else {
                XCTAssertEqual(got, expectedSuffix ?? before.counters["person", default: 0], name)
                if expectedSuffix != nil { linked += 1 }
            }
            mirror = table.wholeNames ?? [:]
        }
        XCTAssertGreaterThan(linked, 50, "the vocabulary makes many names the end of longer ones")
    }
}

import XCTest
import VeilModel
import VeilPolicy
@testable import Veil

/// `Redaction.changedSentences`: each changed sentence before and after, nothing else.
final class SentenceDiffTests: XCTestCase {
    private func replacement(_ doc: Document, _ needle: String, _ text: String, occurrence: Int = 0) -> Replacement {
        let b = doc.bytes, n = Array(needle.utf8)
        var seen = 0
        for i in 0...(b.count - n.count) where b[i..<(i + n.count)].elementsEqual(n) {
            if seen == occurrence { return Replacement(range: i..<(i + n.count), text: text, action: .generalize, category: .city) }
            seen += 1
        }
        preconditionFailure("\(needle) not found")
    }

    func testOnlyChangedSentencesWithTheirLines() throws {
        let doc = try Document(text: "It rained. Kim left Hyesan on Monday! Nothing here.\nThe \u{201C}Hyesan\u{201D} mayor spoke. Bye.\n")
        let changes = Redaction.changedSentences(in: doc, replacements: [
            replacement(doc, "Kim", "Person A"), replacement(doc, "Hyesan", "a city in North Korea"),
            replacement(doc, "on Monday", "one day"), replacement(doc, "Hyesan", "city", occurrence: 1),
        ])
        XCTAssertEqual(changes, [
            SentenceChange(line: 1, before: "Kim left Hyesan on Monday!", after: "Person A left a city in North Korea one day!"),
            SentenceChange(line: 2, before: "The \u{201C}Hyesan\u{201D} mayor spoke.", after: "The \u{201C}city\u{201D} mayor spoke."),
        ])
        XCTAssertEqual(Redaction.changedSentences(in: doc, replacements: []), [])
    }

    func testAReplacementAcrossASentenceEndShowsBothSentencesAsOne() throws {
        let doc = try Document(text: "He met Mr. Pak. Then he left. Later rain.")
        // "Mr. Pak" reads as two sentences at its period; the replacement joins them.
        let changes = Redaction.changedSentences(in: doc, replacements: [replacement(doc, "Mr. Pak", "Person A")])
        XCTAssertEqual(changes, [SentenceChange(line: 1, before: "He met Mr. Pak.", after: "He met Person A.")])
    }

    func testThePipelinesReplacementsOfTheSeedArticle() throws {
        let pipeline = Pipeline(policy: .standard)
        var table = PseudonymTable()
        let doc = try Document(text: "Nothing to see here.\nA woman living in Kangan-dong, Hyesan, was arrested four years ago. The end.\n")
        let result = try pipeline.redact(doc, markdown: false, pseudonyms: &table)
        let changes = Redaction.changedSentences(in: doc, replacements: result.replacements)
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?.line, 2)
        XCTAssertEqual(changes.first?.before, "A woman living in Kangan-dong, Hyesan, was arrested four years ago.")
        XCTAssertTrue(String(decoding: result.published, as: UTF8.self).contains(changes.first!.after))
        XCTAssertFalse(changes.first!.after.contains("Hyesan"))
    }
}

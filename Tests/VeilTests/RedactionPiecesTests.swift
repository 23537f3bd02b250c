import XCTest
import VeilModel
import VeilPolicy
import VeilDetect
@testable import Veil

final class TermMatcherTests: XCTestCase {
    func testFindsEveryOccurrenceAcrossCaseDiacriticsAndSpacing() throws {
        let doc = try Document(text: "Kang Mi-jin met KANG MIJIN, then Káng Mi Jin; Kangmijinson is another word.")
        let ranges = TermMatcher(terms: ["kang mi jin"]).occurrences(in: doc)
        XCTAssertEqual(ranges.map { doc.text($0) }, ["Kang Mi-jin", "KANG MIJIN", "Káng Mi Jin"])
    }

    func testRespectsWordBoundaries() throws {
        let doc = try Document(text: "Kang went to Kangwon.")
        XCTAssertEqual(TermMatcher(terms: ["Kang"]).occurrences(in: doc).map { doc.text($0) }, ["Kang"])
    }

    func testIgnoresEmptyTerms() throws {
        XCTAssertTrue(TermMatcher(terms: ["", " - "]).isEmpty)
        XCTAssertEqual(TermMatcher(terms: [" "]).occurrences(in: try Document(text: "a b")), [])
    }
}

final class LeakCheckTests: XCTestCase {
    func testCountsSurvivingOriginalsInAnyForm() throws {
        let published = try Document(text: "A woman in a city in the north; hye-san was sealed. ＨＹＥＳＡＮ again.")
        XCTAssertEqual(LeakCheck.survivors(of: ["Hyesan", "Kangan-dong"], in: published), 1)
        XCTAssertEqual(LeakCheck.survivors(of: ["Kangan-dong", "3,000 yuan"], in: published), 0)
    }

    func testZeroWidthCharactersDoNotHideAnOriginal() throws {
        let published = try Document(text: "Kangan\u{200B}-dong")
        XCTAssertEqual(LeakCheck.survivors(of: ["Kangan-dong"], in: published), 1)
    }
}

final class RedactionSpliceTests: XCTestCase {
    private func finding(_ doc: Document, _ text: String, _ category: Category) -> Finding {
        let bytes = Array(text.utf8)
        let hay = doc.bytes
        var start = 0
        while !hay[start..<(start + bytes.count)].elementsEqual(bytes) { start += 1 }
        return Finding(range: start..<(start + bytes.count), text: text, category: category, confidence: 0.9,
                       recognizer: "test", explanation: "test")
    }

    private func risk() -> RiskAssessment {
        RiskAssessment(sources: [], documentScore: 0, threshold: 1, exceedsThreshold: false, explanation: "")
    }

    func testAppliesReplacementsAndKeepsTheRestByteForByte() throws {
        let doc = try Document(text: "강 A woman in Kangan-dong paid 3,000 yuan.\r\nEnd")
        let outcome = PolicyOutcome(decisions: [
            Decision(finding: finding(doc, "Kangan-dong", .neighborhood), action: .generalize, replacement: "a neighborhood", reason: "r"),
            Decision(finding: finding(doc, "3,000 yuan", .amount), action: .redact, replacement: "[redacted]", reason: "r"),
            Decision(finding: finding(doc, "woman", .person), action: .flag, replacement: nil, reason: "r"),
        ], risk: risk())
        let published = Redaction.apply(Redaction.replacements(for: outcome), to: doc)
        XCTAssertEqual(String(decoding: published, as: UTF8.self), "강 A woman in a neighborhood paid [redacted].\r\nEnd")
    }

    func testOverlappingRemovalsAreReplacedOnceAndCoverTheUnion() throws {
        let doc = try Document(text: "a source in Hyesan City told us")
        let outer = finding(doc, "a source in Hyesan", .source)
        let inner = finding(doc, "Hyesan City", .city)
        let outcome = PolicyOutcome(decisions: [
            Decision(finding: outer, action: .generalize, replacement: "a source", reason: "r"),
            Decision(finding: inner, action: .redact, replacement: "[city]", reason: "r"),
        ], risk: risk())
        let reps = Redaction.replacements(for: outcome)
        XCTAssertEqual(reps.count, 1)
        XCTAssertEqual(reps[0].range, outer.range.lowerBound..<inner.range.upperBound)
        XCTAssertEqual(String(decoding: Redaction.apply(reps, to: doc), as: UTF8.self), "[city] told us")
    }

    func testCoveredDecisionsAreNotAppliedTwice() throws {
        let doc = try Document(text: "a source in Hyesan told us")
        let outer = finding(doc, "a source in Hyesan", .source)
        let inner = finding(doc, "Hyesan", .city)
        let outcome = PolicyOutcome(decisions: [
            Decision(finding: outer, action: .generalize, replacement: "a source", reason: "r"),
            Decision(finding: inner, action: .generalize, replacement: "a city", reason: "r", coveredBy: 0),
        ], risk: risk())
        XCTAssertEqual(String(decoding: Redaction.apply(Redaction.replacements(for: outcome), to: doc), as: UTF8.self),
                       "a source told us")
    }
}

final class OutputCheckTests: XCTestCase {
    /// An occurrence of a removed original that no replacement reaches (here propagation never
    /// ran) is removed by the re-scan itself, with the placeholder, instead of refusing the
    /// whole draft (issue 10: no draft refused); nothing of it survives, in any case.
    func testAnOriginalLeftOutsideEveryReplacementIsRemovedByTheRescan() throws {
        let doc = try Document(text: "Kangan-dong was sealed. Later KANGAN-DONG reopened.")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector(recognizers: []))
        var reps = [Replacement(range: 0..<11, text: "a neighborhood", action: .generalize, category: .neighborhood)]
        let out = String(decoding: try pipeline.checkedOutput(&reps, document: doc), as: UTF8.self)
        XCTAssertFalse(out.lowercased().contains("kangan"), out)
        XCTAssertEqual(out, "a neighborhood was sealed. Later [neighborhood] reopened.")
        XCTAssertEqual(reps.map(\.range), [0..<11, 30..<41], "the second occurrence became a replacement of the draft's own range")
    }

    /// The draft range of an output range in untouched text, after replacements that shorten
    /// and lengthen the text.
    func testDraftRangeOfAnOutputRangeShiftsPastReplacements() {
        let reps = [Replacement(range: 0..<11, text: "a neighborhood", action: .generalize, category: .neighborhood),
                    Replacement(range: 20..<30, text: "x", action: .redact, category: .person)]
        let placed = [0..<14, 23..<24]
        XCTAssertEqual(Pipeline.draftRange(ofOutput: 15..<18, placed: placed, replacements: reps), 12..<15)
        XCTAssertEqual(Pipeline.draftRange(ofOutput: 25..<27, placed: placed, replacements: reps), 31..<33)
        XCTAssertEqual(Pipeline.draftRange(ofOutput: 0..<0, placed: [], replacements: []), 0..<0)
    }

    func testAReplacementRepeatingARemovedDetailBecomesThePlaceholder() throws {
        let doc = try Document(text: "In Hyesan, near Kangan-dong.")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector(recognizers: []))
        var reps = [
            Replacement(range: 3..<9, text: "a city", action: .generalize, category: .city),
            Replacement(range: 16..<27, text: "a neighborhood in Hyesan", action: .generalize, category: .neighborhood),
        ]
        let out = String(decoding: try pipeline.checkedOutput(&reps, document: doc), as: UTF8.self)
        XCTAssertFalse(out.contains("Hyesan"), out)
        XCTAssertEqual(reps[1].action, .redact)
    }

    /// Issue 12: the re-scan looked for whole originals only, so a place removed inside a longer
    /// span ("the city of Musan yesterday" -> "the city recently") survived alone in the next
    /// sentence and the redaction passed.
    func testAPartOfARemovedOriginalSurvivingAloneIsRemovedByTheRescan() throws {
        let doc = try Document(text: "Two were killed in the city of Musan yesterday. Musan residents said so.")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector(recognizers: []))
        var reps = [Replacement(range: 28..<46, text: "recently", action: .generalize, category: .date)]
        let parts = LeakCheck.distinctiveParts(of: [("Musan", .city)], publishable: [], isCommonWord: { _ in false })
        XCTAssertEqual(parts.map(\.key), ["musan"])
        // The part standing alone is found by the re-scan and removed there (it used to be published).
        let out = String(decoding: try pipeline.checkedOutput(&reps, document: doc, parts: parts), as: UTF8.self)
        XCTAssertFalse(out.contains("Musan"), out)
        XCTAssertEqual(out, "Two were killed in the city recently. [city] residents said so.")
    }

    /// Issue 12: every distinctive part of a removed name or place is removed wherever it
    /// stands (here no recognizer runs: only the re-scan can find them); unit words, function
    /// words and ordinary lower-case words are not parts.
    func testDistinctivePartsOfRemovedOriginalsAreRemovedEverywhere() throws {
        let doc = try Document(text: "Farmers of Sinpo County were killed, Choe Myong Ho said. Sinpo officials denied it. Later Choe said the county office and the park were shut, Park Ji-hoon said.")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector(recognizers: []))
        var table = PseudonymTable()
        let result = try pipeline.redact(doc, terms: ["Sinpo County", "Choe Myong Ho", "Park Ji-hoon"], markdown: false, pseudonyms: &table)
        let out = String(decoding: result.published, as: UTF8.self)
        XCTAssertFalse(out.contains("Sinpo"), out)
        XCTAssertFalse(out.contains("Choe"), out)
        XCTAssertTrue(out.contains("the county office and the park were shut"), "unit words and the lower-case common word stay: \(out)")
    }

    func testDistinctivePartsSkipUnitWordsCommonWordsAndPublishableWords() {
        let parts = LeakCheck.distinctiveParts(
            of: [("Kangan-dong, Hyesan", .neighborhood), ("Ryanggang Province", .province), ("Kim Mi Ok", .person),
                 ("3,000 yuan", .amount), ("Mr. Rose", .person), ("North Hamgyong", .province)],
            publishable: LeakCheck.wordKeys(of: ["Kim Jong Un", "a city in North Korea"]),
            isCommonWord: { ["rose", "ok", "mi"].contains($0) })
        XCTAssertEqual(parts.map(\.key), ["kangan", "hyesan", "ryanggang", "mi", "ok", "rose", "hamgyong"])
        XCTAssertEqual(parts.filter(\.capitalizedOnly).map(\.key), ["mi", "ok", "rose"])
    }

    /// Issue 12: `checkedOutput` returned its output unchecked when it failed `Document(bytes:)`.
    func testAnOutputThatCannotBeRescannedIsRefused() throws {
        let doc = try Document(text: "강안동 Kangan-dong")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector(recognizers: []))
        var reps = [Replacement(range: 1..<3, text: "x", action: .redact, category: .neighborhood)]
        XCTAssertThrowsError(try pipeline.checkedOutput(&reps, document: doc)) { error in
            guard case .outputNotText? = error as? RedactionError else { return XCTFail("\(error)") }
        }
        // And a binary-looking output (control bytes left after a removal) is still re-scanned:
        // the second occurrence, which no replacement reached, is found and removed.
        let dense = try Document(text: "Kangan-dong \u{1}\u{1} and a long stretch of ordinary words to keep it text. Kangan-dong")
        var cut = [Replacement(range: 0..<11, text: "", action: .redact, category: .neighborhood)]
        let out = String(decoding: try pipeline.checkedOutput(&cut, document: dense), as: UTF8.self)
        XCTAssertFalse(out.contains("Kangan"), out)
        XCTAssertEqual(cut.count, 2)
    }

    func testEveryOccurrenceOfARemovedNameIsReplaced() throws {
        let doc = try Document(text: "Choe Myong Ho was held. Later choe myong-ho was freed.")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector(recognizers: []))
        var table = PseudonymTable()
        let result = try pipeline.redact(doc, terms: ["Choe Myong Ho"], markdown: false, pseudonyms: &table)
        let out = String(decoding: result.published, as: UTF8.self)
        XCTAssertFalse(out.lowercased().contains("choe"), out)
        XCTAssertEqual(result.records.first?.id, "@draft")
        XCTAssertEqual(result.records.count, 3, "the draft and two replaced originals")
    }

    /// Another occurrence of a removed place inside a hyphenated word takes the whole word and
    /// only the kind of place: the first occurrence's wording does not fit there.
    func testOtherOccurrencesInsideHyphenatedWordsKeepOnlyTheKind() throws {
        let doc = try Document(text: "A fire in Dhaka killed 14. Smoke was seen from the Dhaka-Aricha highway and by a Dhaka-based group.")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector(recognizers: [PlaceGazetteerRecognizer()]))
        var table = PseudonymTable()
        let result = try pipeline.redact(doc, terms: [], markdown: false, pseudonyms: &table)
        let out = String(decoding: result.published, as: UTF8.self)
        XCTAssertEqual(out, "A fire in a city in Bangladesh killed 14. Smoke was seen from the city highway and by a locally based group.")
    }

    /// A descriptor composed from its own words keeps the link bracket it holds (once), and a
    /// date inside emphasis takes the preposition before the markers.
    func testMarkdownLinksAndEmphasisSurviveComposedReplacements() throws {
        let doc = try Document(text: "A source in [Ryanggang Province](https://example.org/r) told us on **Nov. 10** that it rained.\n")
        let pipeline = Pipeline(policy: Policy.standard, detector: Detector())
        var table = PseudonymTable()
        let result = try pipeline.redact(doc, terms: [], markdown: true, pseudonyms: &table)
        let out = String(decoding: result.published, as: UTF8.self)
        XCTAssertEqual(out, "A source in [North Korea](https://example.org/r) told us **in November** that it rained.\n")
    }
}

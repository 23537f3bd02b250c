import VeilModel
import VeilTestSupport
import XCTest
@testable import VeilPolicy

/// The seed article end to end (findings built by hand, as the detector would report them),
/// and risk scoring.
final class SeedArticleAndRiskTests: XCTestCase {
    private func seed() -> Draft {
        let text = Fixtures.seedArticle
        XCTAssertFalse(text.isEmpty, "seed article missing")
        var d = Draft(text)
        d.add("Kangan-dong", .neighborhood, hierarchy: Seed.kanganHierarchy)
        d.add("Hyesan", .city, hierarchy: Seed.hyesanHierarchy)
        let q1 = d.qualifier(.place, "in Ryanggang Province", level: .province)
        d.add("a source in Ryanggang Province", .source, qualifiers: [q1])
        d.add("Ryanggang Province", .province, hierarchy: Seed.ryanggangHierarchy)
        let q2 = d.qualifier(.place, "in Ryanggang Province", occurrence: 1, level: .province)
        d.add("a separate source in Ryanggang Province", .source, qualifiers: [q2])
        d.add("Ryanggang Province", .province, occurrence: 1, hierarchy: Seed.ryanggangHierarchy)
        d.add("the source", .source)
        d.add("four years ago", .date, attributes: [FindingAttribute.dateKind: "relative", FindingAttribute.relativeUnit: "year", FindingAttribute.relativeDirection: "past"])
        d.add("3,000 yuan", .amount, attributes: [FindingAttribute.amountValue: "3000", FindingAttribute.currency: "yuan"])
        d.add("10,000 Chinese yuan", .amount, attributes: [FindingAttribute.amountValue: "10000"])
        d.add("Kang Mi Jin", .person, occurrence: 0)
        d.add("Kang Mi Jin", .person, occurrence: 1)
        d.add("2009", .date, attributes: [FindingAttribute.dateKind: "year", FindingAttribute.year: "2009"])
        d.add("Daily NK", .organization, occurrence: 1, attributes: [FindingAttribute.entity: "public"])
        d.add("Ministry of State Security", .organization, occurrence: 0)
        d.add("North Korea", .country, occurrence: 0)
        d.add("South Korea", .country, occurrence: 0)
        d.add("market", .facility)
        return d
    }

    func testStandardKeepsTheStoryAndDropsTheIdentifyingDetails() throws {
        let d = seed()
        let out = d.decide(.standard)
        assertFullCoverage(out)
        let text = d.apply(out)
        for gone in ["Kangan-dong", "Hyesan", "Ryanggang", "four years ago", "3,000", "10,000", "Kang Mi Jin"] {
            XCTAssertFalse(text.contains(gone), gone)
        }
        for kept in ["North Korea", "Ministry of State Security", "Daily NK", "bribe", "crackdown", "MSS", "in 2009"] {
            XCTAssertTrue(text.contains(kept), kept)
        }
        XCTAssertTrue(text.contains("“A woman living in a neighborhood in North Korea was recently arrested by the MSS"))
        XCTAssertTrue(text.contains("a source in North Korea told Daily NK"))
        XCTAssertTrue(text.contains("said a separate source in North Korea."))
        XCTAssertTrue(text.contains("a call she had made to South Korea several years ago."))
        XCTAssertTrue(text.contains("paid a bribe of thousands of yuan"))
        XCTAssertTrue(text.contains("bribes of tens of thousands of Chinese yuan or more"))
        XCTAssertTrue(text.contains("Person A\nPerson A is a North Korean defector turned journalist who fled North Korea in 2009."))
        XCTAssertTrue(out.decisions.allSatisfy { !$0.reason.isEmpty })
    }

    func testStrictLeavesNoPlaceBelowTheCountry() throws {
        let d = seed()
        let out = d.decide(try Policy.named("strict"))
        assertFullCoverage(out)
        let text = d.apply(out)
        for gone in ["Kangan-dong", "Hyesan", "Ryanggang", "Kang Mi Jin", "3,000", "four years ago"] {
            XCTAssertFalse(text.contains(gone), gone)
        }
        XCTAssertTrue(text.contains("A woman living in North Korea was recently arrested"))
        XCTAssertTrue(text.contains("[person]\n[person] is a North Korean defector"))
    }

    func testMinimalRemovesDirectIdentifiersOnly() throws {
        let d = seed()
        let text = d.published(try Policy.named("minimal"))
        XCTAssertFalse(text.contains("Kang Mi Jin"))
        for kept in ["Kangan-dong, Hyesan", "a source in Ryanggang Province", "four years ago", "3,000 yuan"] {
            XCTAssertTrue(text.contains(kept), kept)
        }
    }

    /// A kept detection below 0.5 (the recall net's unknown capitalized word) weighs in
    /// proportion to its confidence: a dateline's "Ala." must not push a minimal-policy draft
    /// over the threshold as a certain name would.
    func testALowConfidenceKeptDetailWeighsByItsConfidence() throws {
        func risk(_ confidence: Double) throws -> Double {
            var d = Draft("MILLBROOK, Ala. - A man was held.")
            d.add("Ala", .person, confidence: confidence)
            return d.decide(try Policy.named("minimal")).risk.documentScore
        }
        // Both stay below minimal's person threshold, so both are kept as written.
        XCTAssertEqual(try risk(0.3), 0.35 * 0.6, accuracy: 0.001, "at 0.3 it weighs 0.3 / 0.5 of the person weight")
        XCTAssertEqual(try risk(0.4), 0.35 * 0.8, accuracy: 0.001, "at 0.4, 0.4 / 0.5 of it")
    }

    func testRiskFallsAsPoliciesRemoveMore() throws {
        let d = seed()
        let minimal = d.decide(try Policy.named("minimal")).risk
        let standard = d.decide(.standard).risk
        let strict = d.decide(try Policy.named("strict")).risk
        XCTAssertGreaterThan(minimal.documentScore, standard.documentScore)
        XCTAssertGreaterThanOrEqual(standard.documentScore, strict.documentScore)
        XCTAssertEqual(minimal.sources.count, 3)
        let minimalSource = minimal.sources.first { $0.source.text == "a source in Ryanggang Province" }!
        let standardSource = standard.sources.first { $0.source.text == "a source in Ryanggang Province" }!
        XCTAssertGreaterThan(minimalSource.score, standardSource.score)
        XCTAssertTrue(minimalSource.survivingDetails.contains("place: in Ryanggang Province"))
        XCTAssertFalse(standardSource.survivingDetails.contains("place: in Ryanggang Province"))
        XCTAssertTrue(minimal.explanation.contains("neighborhood"), minimal.explanation)
        XCTAssertFalse(standard.exceedsThreshold, standard.explanation)
        XCTAssertEqual(standard.threshold, Policy.standard.risk.threshold)
        for score in [minimal.documentScore, standard.documentScore, strict.documentScore] {
            XCTAssertTrue((0...1).contains(score))
        }
    }

    func testMoreSurvivingQualifiersMeanHigherSourceRisk() throws {
        let text = "A trader in Hyesan who is a relative of the detainee said so."
        func draft(_ kinds: [(Qualifier.Kind, String, Category?)]) -> Draft {
            var d = Draft(text)
            d.add("A trader in Hyesan who is a relative of the detainee", .source,
                  qualifiers: kinds.map { d.qualifier($0.0, $0.1, level: $0.2) })
            return d
        }
        let minimal = try Policy.named("minimal")
        let none = draft([]).decide(minimal).risk.sources[0].score
        let place = draft([(.place, "in Hyesan", .city)]).decide(minimal).risk.sources[0].score
        let placeRole = draft([(.place, "in Hyesan", .city), (.role, "trader", nil)]).decide(minimal).risk.sources[0].score
        let all = draft([(.place, "in Hyesan", .city), (.role, "trader", nil), (.relation, "a relative of the detainee", nil)]).decide(minimal).risk
        XCTAssertEqual(none, 0)
        XCTAssertLessThan(none, place)
        XCTAssertLessThan(place, placeRole)
        XCTAssertLessThan(placeRole, all.sources[0].score)
        // A finer place is riskier than a coarser one.
        let province = draft([(.place, "in Hyesan", .province)]).decide(minimal).risk.sources[0].score
        XCTAssertLessThan(province, place)
        // Thresholds come from the policy.
        let low = try Policy.parse(yaml: "version: 1\nextends: minimal\nrisk: { threshold: 0.9, source_threshold: 0.3 }\n", file: "low.yaml")
        XCTAssertTrue(draft([(.place, "in Hyesan", .city), (.role, "trader", nil)]).decide(low).risk.exceedsThreshold)
        XCTAssertFalse(draft([(.place, "in Hyesan", .city)]).decide(low).risk.exceedsThreshold)
        // Strict strips them all: what remains is the country.
        let strict = draft([(.place, "in Hyesan", .city), (.role, "trader", nil), (.relation, "a relative of the detainee", nil)])
        XCTAssertLessThan(strict.decide(try Policy.named("strict")).risk.sources[0].score, all.sources[0].score)
        XCTAssertFalse(all.sources[0].explanation.isEmpty)
    }
}

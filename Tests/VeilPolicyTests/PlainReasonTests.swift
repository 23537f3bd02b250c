import XCTest
import VeilModel
@testable import VeilPolicy

/// The reason in plain words is built from what the engine decided (its `basis`, action and
/// category) and the policy's rules — never from the configuration path in `reason`.
final class PlainReasonTests: XCTestCase {
    private func decision(_ outcome: PolicyOutcome, _ text: String) throws -> Decision {
        try XCTUnwrap(outcome.decisions.first { $0.finding.text == text }, "\(text) decided")
    }

    func testEngineRecordsWhichRuleDecided() throws {
        var d = Draft("Kim Jong Un met Kang Mi Jin in Hyesan. A Hyesna man and Kim Chol left.")
        d.add("Kim Jong Un", .person)
        d.add("Kang Mi Jin", .person)
        d.add("Hyesan", .city, hierarchy: [Seed.hyesan, Seed.ryanggang, Seed.northKorea])
        d.add("Hyesna", .city, confidence: 0.2)
        d.add("Kim Chol", .person)
        var policy = Policy.standard
        policy.deny = ["Kim Chol"]
        let outcome = d.decide(policy)
        XCTAssertEqual(try decision(outcome, "Kim Jong Un").basis, .allowList)
        XCTAssertEqual(try decision(outcome, "Kang Mi Jin").basis, .categoryRule)
        XCTAssertEqual(try decision(outcome, "Hyesan").basis, .categoryRule)
        XCTAssertEqual(try decision(outcome, "Hyesna").basis, .belowConfidence)
        XCTAssertEqual(try decision(outcome, "Kim Chol").basis, .denyList)
    }

    func testPublicEntitiesAndOwnWording() throws {
        var d = Draft("The Workers' Party said Person A left.")
        d.add("The Workers' Party", .organization, attributes: [FindingAttribute.entity: "public"])
        d.add("Person A", .person)
        let outcome = d.decide(.standard)
        let party = try decision(outcome, "The Workers' Party")
        XCTAssertEqual(party.basis, .publicEntity)
        XCTAssertEqual(PlainReason.text(for: party, policy: .standard), "a public body or place (an organization); the policy leaves public entities as they are")
        let own = try decision(outcome, "Person A")
        XCTAssertEqual(own.basis, .ownWording)
        XCTAssertTrue(PlainReason.text(for: own, policy: .standard).hasPrefix("already worded the way this policy words it"))
    }

    /// The issue's own example: the parent a city is generalized to follows the policy's
    /// levels (the nearest enclosing level it keeps), not the words of `reason`.
    func testGeneralizedPlacesNameTheLevelThePolicyKeeps() throws {
        var d = Draft("She lived in Hyesan.")
        d.add("Hyesan", .city, hierarchy: [Seed.hyesan, Seed.ryanggang, Seed.northKorea])
        let standard = try decision(d.decide(.standard), "Hyesan")
        XCTAssertEqual(PlainReason.text(for: standard, policy: .standard), "a city; the policy generalizes cities to their country")
        let keepsProvinces = try Policy.parse(yaml: "version: 1\nextends: standard\ncategories:\n  province: { action: keep }\n", file: "p.yaml")
        let kept = try decision(d.decide(keepsProvinces), "Hyesan")
        XCTAssertEqual(kept.replacement, "a city in Ryanggang Province")
        XCTAssertEqual(PlainReason.text(for: kept, policy: keepsProvinces), "a city; the policy generalizes cities to their province")
        // Nothing in the configuration path shows up.
        XCTAssertTrue(kept.reason.contains("categories.city"))
        XCTAssertFalse(PlainReason.text(for: kept, policy: keepsProvinces).contains("categories."))
    }

    func testEachBasisHasItsOwnWords() {
        let f = Finding(range: 0..<5, text: "Kangg", category: .city, confidence: 0.42, recognizer: "t", explanation: "")
        func text(_ basis: DecisionBasis, _ action: Action, coveredBy: Int? = nil, category: Category = .city) -> String {
            var g = f
            g.category = category
            return PlainReason.text(for: Decision(finding: g, action: action, replacement: nil, reason: "categories.x", coveredBy: coveredBy, basis: basis),
                                    policy: .standard,
                                    outer: Decision(finding: Finding(range: 0..<9, text: "a source", category: .source, confidence: 1, recognizer: "t", explanation: ""),
                                                    action: .generalize, replacement: "x", reason: ""))
        }
        XCTAssertEqual(text(.belowConfidence, .flag), "possibly a city, but the detector is not sure (confidence 0.42, below the 0.50 the policy acts on), so it is left in place for you to check")
        XCTAssertEqual(text(.allowList, .keep), "on the policy's allow list, so it stays as written")
        XCTAssertEqual(text(.denyList, .redact), "a city that contains a term on the policy's deny list, so it is always removed")
        XCTAssertEqual(text(.alwaysRemoved, .redact, category: .watchlist), "a term on the watch-list: always removed, whatever the policy")
        XCTAssertEqual(text(.noSafeGeneralization, .redact), "a city; the policy generalizes cities, but nothing less specific could be said safely here, so it is removed")
        XCTAssertEqual(text(.categoryRule, .generalize, coveredBy: 0), "a city inside a longer passage (an anonymous source) that is replaced as a whole")
        XCTAssertEqual(text(.categoryRule, .pseudonymize, category: .person), "a person's name; the policy replaces names with a consistent pseudonym (the same one every time)")
        XCTAssertEqual(text(.categoryRule, .flag, category: .occupation), "an occupation or role; the policy leaves occupations in place but asks you to check them")
        // Every basis is worded, and differently.
        let all = Set(DecisionBasis.allCases.map { text($0, .redact) })
        XCTAssertEqual(all.count, DecisionBasis.allCases.count)
    }

    func testContactKindsAreNamed() {
        let f = Finding(range: 0..<5, text: "a@b.c", category: .contact, confidence: 1, recognizer: "t", explanation: "",
                        attributes: [FindingAttribute.contactKind: "email"])
        let d = Decision(finding: f, action: .redact, replacement: "[e-mail address]", reason: "categories.contact.action: redact")
        XCTAssertEqual(PlainReason.text(for: d, policy: .standard), "an e-mail address; the policy removes contact details")
    }
}

import VeilModel
import XCTest
@testable import VeilPolicy

/// The `roles:` keys (public officials, bylines, datelines, photo credits): loading, and what
/// each action does under the shipped policies, on hand-made findings.
final class RolePolicyTests: XCTestCase {
    func policy(_ roles: String, extends: String = "standard") throws -> Policy {
        try Policy.parse(yaml: "version: 1\nextends: \(extends)\nroles:\n\(roles)", file: "desk.yaml")
    }

    func expectError(_ yaml: String, line: Int, key: String, _ fileLine: UInt = #line) {
        do {
            _ = try Policy.parse(yaml: yaml, file: "desk.yaml")
            XCTFail("expected an error", line: fileLine)
        } catch {
            XCTAssertEqual(error.line, line, "\(error)", line: fileLine)
            XCTAssertEqual(error.key, key, "\(error)", line: fileLine)
        }
    }

    func testShippedValues() throws {
        let standard = try Policy.named("standard").roles
        XCTAssertEqual([standard.publicOfficials, standard.bylines, standard.datelines, standard.photoCredits], [.keep, .keep, .keep, .keep])
        let strict = try Policy.named("strict").roles
        XCTAssertEqual([strict.publicOfficials, strict.bylines, strict.datelines, strict.photoCredits], [.redact, .keep, .generalize, .keep])
        XCTAssertEqual(try Policy.named("minimal").roles, standard, "minimal inherits standard's roles")
        XCTAssertEqual(Policy.base.roles.publicOfficials, .redact, "the base is the safest")
    }

    func testKeysLoadMergeAndRoundTrip() throws {
        let p = try policy("  public_officials: pseudonymize\n  photo_credits: redact\n")
        XCTAssertEqual(p.roles.publicOfficials, .pseudonymize)
        XCTAssertEqual(p.roles.photoCredits, .redact)
        XCTAssertEqual(p.roles.bylines, .keep, "inherited from standard")
        let again = try Policy.parse(yaml: p.yaml, file: "shown.yaml")
        XCTAssertEqual(again.roles, p.roles, "veil policy show prints the roles and they parse back")
        XCTAssertTrue(p.yaml.contains("public_officials: pseudonymize"))
    }

    func testUnknownKeysAndBadValuesAreRefused() {
        expectError("version: 1\nroles:\n  public_official: keep\n", line: 3, key: "roles.public_official")
        expectError("version: 1\nroles:\n  public_officials: generalize\n", line: 3, key: "roles.public_officials")
        expectError("version: 1\nroles:\n  datelines: redact\n", line: 3, key: "roles.datelines")
        expectError("version: 1\nroles:\n  bylines: hide\n", line: 3, key: "roles.bylines")
        expectError("version: 1\nroles: [bylines]\n", line: 2, key: "roles")
    }

    // MARK: - Decisions

    /// "Judge Maria Ortega ordered the release of Tomas Ruiz. Ortega later left."
    func judgeDraft() -> Draft {
        var d = Draft("Judge Maria Ortega ordered the release of Tomas Ruiz. Ortega later left.")
        d.add("Judge Maria Ortega", .person, attributes: [FindingAttribute.publicRole: "judge", FindingAttribute.publicRoleForm: "title",
                                                         FindingAttribute.surname: "Ortega"])
        d.add("Judge", .occupation, attributes: [FindingAttribute.office: "public"])
        d.add("Tomas Ruiz", .person, attributes: [FindingAttribute.surname: "Ruiz"])
        d.add("Ortega", .person, occurrence: 1, attributes: [FindingAttribute.publicRole: "judge", FindingAttribute.publicRoleForm: "inherited",
                                                              FindingAttribute.surname: "Ortega"])
        return d
    }

    func testStandardKeepsPublicOfficialsAndPseudonymizesThePrivatePerson() throws {
        let d = judgeDraft()
        let outcome = d.decide(try Policy.named("standard"))
        assertFullCoverage(outcome)
        XCTAssertEqual(d.apply(outcome), "Judge Maria Ortega ordered the release of Person A. Ortega later left.")
        let judge = try XCTUnwrap(outcome.decisions.first { $0.finding.text == "Judge Maria Ortega" })
        XCTAssertEqual(judge.action, .keep)
        XCTAssertEqual(judge.reason, "named in a public role (judge); the standard policy keeps public officials (roles.public_officials: keep)")
        let later = try XCTUnwrap(outcome.decisions.first { $0.finding.text == "Ortega" })
        XCTAssertTrue(later.reason.hasPrefix("a later mention of a person named in a public role (judge)"), later.reason)
    }

    func testStandardPseudonymizesLawyersAndActivistsNamedOnRecord() throws {
        // Issue 10: a lawyer or an activist is a private person with an on-record role, not a
        // public official (the guidelines' PERSON). Before, standard kept "Ana Ruiz, a lawyer for
        // the family," as written, like the judge; now the person rule names her "Person A" and
        // the role word stays. The judge is still kept (issue 11).
        var d = Draft("Ana Ruiz, a lawyer for the family, met Judge Maria Ortega. Ruiz said they would appeal.")
        d.add("Ana Ruiz", .person, attributes: [FindingAttribute.publicRole: "lawyer", FindingAttribute.publicRoleForm: "after",
                                               FindingAttribute.surname: "Ruiz"])
        d.add("Judge Maria Ortega", .person, attributes: [FindingAttribute.publicRole: "judge", FindingAttribute.publicRoleForm: "title",
                                                         FindingAttribute.surname: "Ortega"])
        d.add("Ruiz", .person, occurrence: 1, attributes: [FindingAttribute.publicRole: "lawyer", FindingAttribute.publicRoleForm: "inherited",
                                                            FindingAttribute.surname: "Ruiz"])
        let before = d.decide(try policy("  public_officials: keep\n", extends: "minimal"))
        let keptBefore = try XCTUnwrap(before.decisions.first { $0.finding.text == "Ana Ruiz" })
        XCTAssertEqual(keptBefore.action, .pseudonymize, "minimal's person rule pseudonymizes her too")
        let outcome = d.decide(try Policy.named("standard"))
        assertFullCoverage(outcome)
        XCTAssertEqual(d.apply(outcome), "Person A, a lawyer for the family, met Judge Maria Ortega. Person A said they would appeal.")
        let lawyer = try XCTUnwrap(outcome.decisions.first { $0.finding.text == "Ana Ruiz" })
        XCTAssertEqual(lawyer.action, .pseudonymize)
        XCTAssertEqual(lawyer.reason, "named on record as lawyer, which is no public office: a private person, so the standard policy's person rule applies and the role word is kept (categories.person.action: pseudonymize)")
        let judge = try XCTUnwrap(outcome.decisions.first { $0.finding.text == "Judge Maria Ortega" })
        XCTAssertEqual(judge.action, .keep)
        // Under a policy whose person rule keeps, the office rule decides as before.
        let keepPeople = d.decide(try Policy.parse(yaml: "version: 1\nextends: standard\ncategories:\n  person: { action: keep }\n", file: "desk.yaml"))
        XCTAssertEqual(keepPeople.decisions.first { $0.finding.text == "Ana Ruiz" }?.action, .keep)
        XCTAssertEqual(PolicyEngine.isPrivateOnRecordRole("human rights activist"), true)
        XCTAssertEqual(PolicyEngine.isPrivateOnRecordRole("police chief"), false)
    }

    func testStrictWithholdsTheNameAndKeepsTheRoleWord() throws {
        let d = judgeDraft()
        let outcome = d.decide(try Policy.named("strict"))
        assertFullCoverage(outcome)
        XCTAssertEqual(d.apply(outcome), "Judge [person] ordered the release of [person]. [person] later left.")
        let judge = try XCTUnwrap(outcome.decisions.first { $0.finding.text == "Judge Maria Ortega" })
        XCTAssertEqual(judge.reason, "named in a public role (judge); the strict policy withholds the name and keeps the role word (roles.public_officials: redact)")
        let office = try XCTUnwrap(outcome.decisions.first { $0.finding.category == .occupation })
        XCTAssertEqual(office.action, .keep, "the role word is never relabelled")
    }

    func testPseudonymizeKeepsTheRoleWordAndOnePseudonym() throws {
        let d = judgeDraft()
        XCTAssertEqual(d.published(try policy("  public_officials: pseudonymize\n")),
                       "Judge Person A ordered the release of Person B. Person A later left.")
    }

    func testFlagLeavesTheTextAndTellsTheEditor() throws {
        let outcome = judgeDraft().decide(try policy("  public_officials: flag\n"))
        XCTAssertEqual(outcome.decisions.first { $0.finding.text == "Judge Maria Ortega" }?.action, .flag)
    }

    func testVeilsOwnRoleWordingIsKept() throws {
        var d = Draft("Judge [person] ordered it. Judge Person A agreed.")
        d.add("Judge [person]", .person, attributes: [FindingAttribute.publicRole: "judge", FindingAttribute.publicRoleForm: "title"])
        d.add("Judge Person A", .person, attributes: [FindingAttribute.publicRole: "judge", FindingAttribute.publicRoleForm: "title"])
        for p in [try Policy.named("strict"), try policy("  public_officials: pseudonymize\n")] {
            let outcome = d.decide(p)
            XCTAssertEqual(outcome.decisions.filter { $0.action.removesOriginal }.map(\.finding.text), [], p.name)
        }
    }

    func testDenyAndAllowStillWin() throws {
        var d = Draft("Judge Maria Ortega ordered it.")
        d.add("Judge Maria Ortega", .person, attributes: [FindingAttribute.publicRole: "judge", FindingAttribute.publicRoleForm: "title"])
        let denied = try Policy.parse(yaml: "version: 1\nextends: standard\ndeny: [Maria Ortega]\n", file: "d.yaml")
        XCTAssertFalse(d.published(denied).contains("Ortega"), "deny wins over the public-official rule")
    }

    /// "By Anna Kowalski\nKABUL, March 3 (Reuters) - ...\nPhoto: Lena Marsh/AFP"
    func creditDraft() -> Draft {
        var d = Draft("By Anna Kowalski\nKABUL, March 3 (Reuters) - Police held Tomas Ruiz.\nPhoto: Lena Marsh/AFP")
        d.add("Anna Kowalski", .person, attributes: [FindingAttribute.credit: "byline"])
        d.add("KABUL", .city, hierarchy: [PlaceUnit(name: "Afghanistan", level: .country)], attributes: [FindingAttribute.credit: "dateline"])
        d.add("March 3", .date, attributes: [FindingAttribute.credit: "dateline", FindingAttribute.dateKind: "absolute", FindingAttribute.month: "March"])
        d.add("Tomas Ruiz", .person)
        d.add("Lena Marsh", .person, attributes: [FindingAttribute.credit: "photo"])
        return d
    }

    func testStandardKeepsBylinesDatelinesAndPhotoCredits() throws {
        let d = creditDraft()
        let outcome = d.decide(try Policy.named("standard"))
        XCTAssertEqual(d.apply(outcome), "By Anna Kowalski\nKABUL, March 3 (Reuters) - Police held Person A.\nPhoto: Lena Marsh/AFP")
        XCTAssertEqual(outcome.decisions.first { $0.finding.text == "KABUL" }?.reason,
                       "in the dateline, where the outlet reports from; the standard policy keeps datelines (roles.datelines: keep)")
        XCTAssertEqual(outcome.decisions.first { $0.finding.text == "Anna Kowalski" }?.reason,
                       "the outlet's reporter, in a byline; the standard policy keeps bylines (roles.bylines: keep)")
        XCTAssertEqual(outcome.decisions.first { $0.finding.text == "Lena Marsh" }?.reason,
                       "a photographer, in a photo credit; the standard policy keeps photo credits (roles.photo_credits: keep)")
    }

    func testStrictGeneralizesTheDatelineToItsCountry() throws {
        let d = creditDraft()
        let published = d.published(try Policy.named("strict"))
        XCTAssertTrue(published.hasPrefix("By Anna Kowalski\nAfghanistan, "), published)
        XCTAssertFalse(published.contains("KABUL"))
        XCTAssertFalse(published.contains("March 3"), "a generalized dateline's date follows the date rule")
        XCTAssertTrue(published.contains("Photo: Lena Marsh/AFP"))
        XCTAssertFalse(published.contains("Tomas Ruiz"))
    }

    func testBylinesAndPhotoCreditsCanBeWithheld() throws {
        let d = creditDraft()
        let published = d.published(try policy("  bylines: pseudonymize\n  photo_credits: redact\n"))
        XCTAssertTrue(published.hasPrefix("By Person A\n"), published)
        XCTAssertTrue(published.hasSuffix("Photo: [person]/AFP"), published)
    }

    func testKeptRolesAddNoRisk() throws {
        var d = Draft("Judge Maria Ortega ordered it.")
        d.add("Judge Maria Ortega", .person, attributes: [FindingAttribute.publicRole: "judge", FindingAttribute.publicRoleForm: "title"])
        let kept = d.decide(try Policy.named("standard")).risk.documentScore
        var plain = Draft("Judge Maria Ortega ordered it.")
        plain.add("Judge Maria Ortega", .person)
        let flagged = plain.decide(try Policy.parse(yaml: "version: 1\nextends: standard\ncategories:\n  person: { action: flag }\n", file: "f.yaml")).risk.documentScore
        XCTAssertEqual(kept, 0, accuracy: 0.001)
        XCTAssertGreaterThan(flagged, 0.3, "a private person's name left in weighs")
    }
}

import XCTest
import VeilTestSupport
import VeilReport
@testable import Veil

/// A made-up draft with a byline, a dateline, a minister, a judge, a police chief, a
/// spokesman, a private victim and her relative, and a photo credit, through the whole
/// pipeline: standard keeps the public side and protects the private people; strict hides
/// the officials' names but keeps their role words; both are fixed points.
final class PublicRolesEndToEndTests: XCTestCase {
    static let draft = """
    By Anna Kowalski

    KABUL, March 3 (Reuters) - Interior Minister Jane Doe promised an inquiry into the death of Sara Malik, a nurse. Doe spoke after Judge Maria Ortega ordered the release of the detained guards.

    "She was afraid," said Malik's brother, Karim Malik. Police chief Si Kiri denied that officers had been warned. Peter Blake, the ministry's spokesman, declined to comment.

    Photo: Lena Marsh/AFP
    """

    func publish(_ policyName: String) throws -> String {
        var table = PseudonymTable()
        let result = try Pipeline(policy: try Policy.named(policyName)).redact(try Document(text: Self.draft), markdown: false, pseudonyms: &table)
        return String(decoding: result.published, as: UTF8.self)
    }

    func testStandardKeepsPublicPeopleAndCreditsAndProtectsPrivatePeople() throws {
        let published = try publish("standard")
        for kept in ["By Anna Kowalski", "KABUL, March 3 (Reuters)", "Interior Minister Jane Doe", "Doe spoke", "Judge Maria Ortega",
                     "Police chief Si Kiri", "Peter Blake, the ministry's spokesman", "Photo: Lena Marsh/AFP"] {
            XCTAssertTrue(published.contains(kept), "standard keeps \(kept):\n\(published)")
        }
        for removed in ["Sara", "Malik", "Karim"] {
            XCTAssertFalse(published.contains(removed), "standard removes \(removed):\n\(published)")
        }
    }

    func testStrictHidesOfficialsNamesButKeepsTheirRoleWords() throws {
        let published = try publish("strict")
        for kept in ["Interior Minister [person]", "Judge [person] ordered", "Police chief [person] denied", "[person], the ministry's spokesman,",
                     "By Anna Kowalski", "Photo: Lena Marsh/AFP", "Afghanistan"] {
            XCTAssertTrue(published.contains(kept), "strict keeps \(kept):\n\(published)")
        }
        for removed in ["Jane Doe", "Doe spoke", "Ortega", "Kiri", "Blake", "Sara", "Malik", "Karim", "KABUL", "legal professional"] {
            XCTAssertFalse(published.contains(removed), "strict removes \(removed):\n\(published)")
        }
    }

    /// A dateline whose city the draft names elsewhere too, court officials with titles, and a
    /// dateline in the United States: shapes that broke the fixed point on the train side.
    static let second = """
    Mourners gather in Khartoum on Jan. 15, 2019. (Photo Reuters)

    January 19, 2019 (KHARTOUM) - The committee said Chief Magistrate Victor Lam refused bail. Separately, another officer, Constable Peter Koskei, was charged.

    MYRTLE BEACH, SC (WMBF) - Police said a man was held.
    """

    func testPublishedTextIsAFixedPointUnderBothPolicies() throws {
        for (policyName, draft) in [("standard", Self.draft), ("strict", Self.draft), ("minimal", Self.draft),
                                    ("standard", Self.second), ("strict", Self.second)] {
            let pipeline = Pipeline(policy: try Policy.named(policyName))
            var table = PseudonymTable()
            let result = try pipeline.redact(try Document(text: draft), markdown: false, pseudonyms: &table)
            let published = try Document(bytes: result.published)
            let again = pipeline.audit(published, markdown: false)
            XCTAssertEqual(again.outcome.decisions.filter { $0.action.removesOriginal }.map { "\($0.finding.text) -> \($0.replacement ?? "")" }, [],
                           "\(policyName): the audit of Veil's own output removes nothing")
            XCTAssertFalse(AuditGate(level: .remove).fails(again), policyName)
        }
    }
}

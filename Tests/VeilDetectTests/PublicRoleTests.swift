import XCTest
import VeilModel
@testable import VeilDetect

/// Persons named with a public office or on-record role, office words, and credit lines
/// (bylines, datelines, photo credits), marked by the detector's last pass (`PublicRoles`).
final class PublicRoleTests: XCTestCase {
    func findings(_ text: String) throws -> [Finding] {
        try Detector().detect(Document(text: text))
    }

    func person(_ f: [Finding], _ text: String) -> Finding? {
        f.first { $0.category == .person && $0.text == text }
    }

    func assertRole(_ text: String, _ name: String, role: String, form: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let f = try findings(text)
        let p = try XCTUnwrap(person(f, name), "\(name) is a person in: \(text) (found \(f.map(\.text)))", file: file, line: line)
        XCTAssertEqual(p.attributes[FindingAttribute.publicRole], role, text, file: file, line: line)
        XCTAssertEqual(p.attributes[FindingAttribute.publicRoleForm], form, text, file: file, line: line)
    }

    func testTitleBeforeTheName() throws {
        try assertRole("Judge Maria Ortega ordered the release.", "Judge Maria Ortega", role: "judge", form: "title")
        try assertRole("\"We will appeal,\" said Interior Minister Jane Doe.", "Interior Minister Jane Doe", role: "interior minister", form: "title")
        try assertRole("Sheriff Tom Bradley Hanks told reporters the road was closed.", "Sheriff Tom Bradley Hanks", role: "sheriff", form: "title")
    }

    func testRoleWrittenBeforeTheName() throws {
        try assertRole("Provincial police chief Si Kiri denied that he had been arrested.", "Si Kiri", role: "police chief", form: "before")
        try assertRole("The ministry's spokesman, Peter Blake, said nothing.", "Peter Blake", role: "spokesman", form: "before")
        try assertRole("A spokeswoman for the ministry, Jane Holloway, said nothing.", "Jane Holloway", role: "spokeswoman", form: "before")
        try assertRole("Labour MP Jane Holloway voted against it.", "Jane Holloway", role: "MP", form: "before")
    }

    func testAppositiveAfterTheName() throws {
        try assertRole("Peter Blake, the ministry's spokesman, said nothing.", "Peter Blake", role: "spokesman", form: "after")
        try assertRole("Ana Ruiz, a lawyer for the family, said they would appeal.", "Ana Ruiz", role: "lawyer", form: "after")
        try assertRole("John Smith, the city's mayor, told the court", "John Smith", role: "mayor", form: "after")
    }

    func testLaterMentionsInheritTheRole() throws {
        let f = try findings("Judge Maria Ortega ordered the release. Ortega said the case was closed. Maria Ortega left.")
        let later = try XCTUnwrap(f.first { $0.category == .person && $0.text == "Ortega" })
        XCTAssertEqual(later.attributes[FindingAttribute.publicRole], "judge")
        XCTAssertEqual(later.attributes[FindingAttribute.publicRoleForm], "inherited")
        let repeatName = try XCTUnwrap(person(f, "Maria Ortega"))
        XCTAssertEqual(repeatName.attributes[FindingAttribute.publicRoleForm], "inherited")
    }

    func testPrivatePeopleBesideThemGetNoRole() throws {
        let f = try findings("Judge Maria Ortega ordered the release of Tomas Ruiz. Ortega's neighbour, a teacher, Luis Mendes, said the family was relieved.")
        for name in ["Tomas Ruiz", "Luis Mendes"] {
            let p = try XCTUnwrap(person(f, name), "\(f.map(\.text))")
            XCTAssertNil(p.attributes[FindingAttribute.publicRole], name)
        }
        XCTAssertEqual(person(f, "Judge Maria Ortega")?.attributes[FindingAttribute.publicRole], "judge")
    }

    func testASharedSurnameWithAPrivateFullNameInheritsNothing() throws {
        // The judge's private brother is named in full: a bare "Ortega" could be either of them.
        let f = try findings("Judge Maria Ortega ordered it. Her brother Luis Ortega was held. Ortega said nothing.")
        let bare = try XCTUnwrap(f.first { $0.category == .person && $0.text == "Ortega" }, "\(f.map(\.text))")
        XCTAssertNil(bare.attributes[FindingAttribute.publicRole])
    }

    func testTheRoleWordOfANamedOfficialIsAnOffice() throws {
        let f = try findings("Chief Justice Luke Malaba ruled. Deputy chief magistrate, Mr Gibson Mandaza, agreed.")
        XCTAssertEqual(person(f, "Chief Justice Luke Malaba")?.attributes[FindingAttribute.publicRole], "chief justice", "\(f.map(\.text))")
        let inside = f.filter { $0.category == .occupation && $0.range.lowerBound == 0 }
        XCTAssertFalse(inside.isEmpty, "\(f.map(\.text))")
        XCTAssertTrue(inside.allSatisfy { $0.attributes[FindingAttribute.office] == "public" }, "\(inside.map(\.text))")
    }

    func testTitlesThatAreGivenNamesMakeNoRole() throws {
        let f = try findings("Houthis detain journalist Youness Abdelsalam. His colleague Sultan Abdelrahim Mansour was held too.")
        XCTAssertFalse(f.contains { $0.attributes[FindingAttribute.publicRole] == "sultan" }, "\(f.map(\.text))")
    }

    func testNonMatches() throws {
        // No person at all: an unnamed judge, a compound, relatives and ordinary jobs.
        for text in ["A judge said the law was clear.", "Judge-made law is old.", "The mayor's son, Tomas Ruiz, was held.",
                     "Tomas Ruiz, a teacher who sued the mayor, was held.", "He is a lawyer. Tomas Ruiz said so.",
                     "Tomas Ruiz, a friend of the mayor, was held.", "Mr. Tomas Ruiz declined to comment.",
                     "Migrants sleep in the community General Emiliano Zapata near the border.",
                     "They moved to the town of General Pedro Ruiz last year."] {
            let f = try findings(text)
            XCTAssertFalse(f.contains { $0.category == .person && $0.attributes[FindingAttribute.publicRole] != nil },
                           "\(text): \(f.filter { $0.attributes[FindingAttribute.publicRole] != nil }.map(\.text))")
        }
    }

    func testOfficeWordsAreMarkedAndPrivateJobsAreNot() throws {
        let f = try findings("A judge said so. The police chief agreed. A teacher and a loan officer disagreed.")
        let offices = f.filter { $0.category == .occupation && $0.attributes[FindingAttribute.office] == "public" }.map { $0.text.lowercased() }
        XCTAssertTrue(offices.contains { $0.contains("judge") }, "\(offices)")
        XCTAssertTrue(offices.contains { $0.contains("police chief") }, "\(offices)")
        XCTAssertFalse(offices.contains { $0.contains("teacher") || $0.contains("loan") }, "\(offices)")
    }

    func testBylineDatelineAndPhotoCredit() throws {
        let text = """
        By Anna Kowalski

        KABUL, March 3 (Reuters) - Police held Tomas Ruiz on Monday.

        Photo: Lena Marsh/AFP
        (Reporting by Omar Haddad; Editing by Clara Voss)
        """
        let f = try findings(text)
        XCTAssertEqual(person(f, "Anna Kowalski")?.attributes[FindingAttribute.credit], "byline", "\(f.map(\.text))")
        XCTAssertEqual(person(f, "Lena Marsh")?.attributes[FindingAttribute.credit], "photo")
        XCTAssertEqual(person(f, "Omar Haddad")?.attributes[FindingAttribute.credit], "byline")
        XCTAssertEqual(person(f, "Clara Voss")?.attributes[FindingAttribute.credit], "byline")
        XCTAssertNil(person(f, "Tomas Ruiz")?.attributes[FindingAttribute.credit])
        let city = try XCTUnwrap(f.first { $0.text == "KABUL" && $0.category.isPlace })
        XCTAssertEqual(city.attributes[FindingAttribute.credit], "dateline")
        XCTAssertEqual(f.first { $0.category == .date && $0.text.contains("March 3") }?.attributes[FindingAttribute.credit], "dateline")
        XCTAssertNil(f.first { $0.category == .date && $0.text.contains("Monday") }?.attributes[FindingAttribute.credit])
    }

    func testCreditLookalikesAreNoCredits() throws {
        let text = """
        By Monday, Tomas Ruiz had fled to Kabul.
        Police in Kabul - the capital - held Ana Ruiz.
        The photo showed Lena Marsh at home.
        """
        let f = try findings(text)
        XCTAssertFalse(f.contains { $0.attributes[FindingAttribute.credit] != nil },
                       "\(f.filter { $0.attributes[FindingAttribute.credit] != nil }.map(\.text))")
    }
}

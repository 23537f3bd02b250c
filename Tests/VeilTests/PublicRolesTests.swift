import XCTest
import VeilModel
import VeilPolicy
@testable import Veil

/// Under the strict policy a named, on-record person keeps the role word and loses only the
/// name; only an unnamed source gets source wording (detector, policy and pipeline together).
final class PublicRolesTests: XCTestCase {
    func testStrictKeepsTheRolesOfNamedPeopleAndRewordsOnlyUnnamedSources() throws {
        let draft = """
        The court sentenced him, said Kim Jong-su, a lawyer for the family. Judge Maria Lopez rejected the appeal. \
        Human rights lawyer Lee Min-ho said the trial was unfair. The spokesman, Ahmed Saleh, declined to comment. \
        A police officer in Hyesan, who asked not to be named, said the arrests continued.
        """
        let pipeline = Pipeline(policy: try Policy.named("strict"))
        var table = PseudonymTable()
        let result = try pipeline.redact(try Document(text: draft), markdown: false, pseudonyms: &table)
        let published = String(decoding: result.published, as: UTF8.self)
        // Before: "[person], a legal professional for the family", "[person] rejected", "Legal
        // professional [person]", "The official, [person],".
        for kept in ["[person], a lawyer for the family", "Judge [person] rejected", "Human rights lawyer [person] said",
                     "The spokesman, [person], declined"] {
            XCTAssertTrue(published.contains(kept), "\(kept) in: \(published)")
        }
        XCTAssertFalse(published.contains("legal professional"), published)
        // The unnamed source is still worded as a source, its place at the country.
        XCTAssertTrue(published.contains("A police source in North Korea, who asked not to be named"), published)
        for name in ["Kim Jong-su", "Maria", "Lopez", "Lee Min-ho", "Ahmed", "Saleh", "Hyesan"] {
            XCTAssertFalse(published.contains(name), name)
        }
    }
}

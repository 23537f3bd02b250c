import XCTest
import VeilTestSupport
@testable import Veil

/// The whole path in process: detect -> decide -> publish -> seal -> open, under every shipped policy.
final class EndToEndTests: XCTestCase {
    func testRevealRestoresTheSeedArticleUnderEveryShippedPolicy() throws {
        let draft = try Document(text: Fixtures.seedArticle, path: "seed.txt")
        let editor = SecretKey.generate()
        for name in ["standard", "strict", "minimal"] {
            let pipeline = Pipeline(policy: try Policy.named(name))
            var table = PseudonymTable()
            let result = try pipeline.redact(draft, markdown: false, pseudonyms: &table)
            let sealed = try Vault.seal(records: result.records, recipients: [editor.publicKey], publishedText: result.published)
            try sealed.verify(sealed.bytes)
            let opened = try Vault.open(sealed.bytes, identity: editor)
            XCTAssertEqual(opened.draft?.copyBytes(), draft.bytes, "\(name): the draft comes back byte for byte")
            XCTAssertTrue(opened.matchesPublishedText(result.published), name)
            let published = String(decoding: result.published, as: UTF8.self)
            for r in result.replacements {
                XCTAssertFalse(published.contains(draft.text(r.range)), "\(name): a replaced original is in the published text")
            }
            XCTAssertEqual(opened.records.count, result.records.count, name)
        }
    }

    func testStrictKeepsNoPlaceBelowTheCountry() throws {
        let draft = try Document(text: Fixtures.seedArticle)
        var table = PseudonymTable()
        let result = try Pipeline(policy: try Policy.named("strict")).redact(draft, markdown: false, pseudonyms: &table)
        let published = try Document(bytes: result.published)
        let places = Detector().detect(published).filter { [.neighborhood, .city, .province].contains($0.category) }
        XCTAssertEqual(places.map(\.text), [], "no place below the country survives strict")
        XCTAssertTrue(published.text.contains("North Korea"))
    }

    func testStandardKeepsTheStoryAndDropsTheIdentifyingDetails() throws {
        let draft = try Document(text: Fixtures.seedArticle)
        var table = PseudonymTable()
        let published = String(decoding: try Pipeline(policy: Policy.standard).redact(draft, markdown: false, pseudonyms: &table).published,
                               as: UTF8.self)
        for kept in ["North Korea", "Ministry of State Security", "cracking down on international calls", "bribes"] {
            XCTAssertTrue(published.contains(kept), kept)
        }
        for gone in ["Kangan-dong", "four years ago", "3,000", "10,000"] {
            XCTAssertFalse(published.contains(gone), gone)
        }
    }
}

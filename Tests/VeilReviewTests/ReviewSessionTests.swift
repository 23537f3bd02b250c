import XCTest
import Foundation
import Veil
import VeilTestSupport
@testable import VeilReview

/// The decision-application logic of `veil review`: what the editor's choices do to the
/// published text, the risk and the re-scan, and what Publish seals.
final class ReviewSessionTests: XCTestCase {
    static let seedPath = Fixtures.url("seeds/dailynk-international-calls.txt").path

    func session(policy: String = "standard") throws -> ReviewSession {
        let bytes = try AtomicFile.read(ReviewSessionTests.seedPath)
        let document = try Document(bytes: bytes, path: ReviewSessionTests.seedPath)
        return ReviewSession(document: document, path: ReviewSessionTests.seedPath, policyReference: policy, policy: try Policy.resolve(policy))
    }

    /// What `veil redact` writes for the seed under `policy` (the same library call it makes).
    func redacted(_ s: ReviewSession, policy: String) throws -> [UInt8] {
        var table = PseudonymTable()
        return try Pipeline(policy: try Policy.resolve(policy)).redact(s.document, markdown: false, pseudonyms: &table).published
    }

    func testEveryChangeAcceptedIsExactlyTheRedactOutput() throws {
        let s = try session()
        let e = try s.evaluate(.acceptAll)
        XCTAssertTrue(e.publishable)
        XCTAssertEqual(e.result?.published, try redacted(s, policy: "standard"))
        let view = ReviewView(e, session: s, output: "o", vault: "v", publication: nil)
        XCTAssertGreaterThan(view.changes.count, 5)
        XCTAssertTrue(view.changes.allSatisfy { $0.status == "accepted" })
        // The published segments put together are the published text.
        XCTAssertEqual(Array(view.published.map(\.t).joined().utf8), e.result?.published)
        // The draft segments put together are the draft, every finding marked.
        XCTAssertEqual(Array(view.original.map(\.t).joined().utf8), s.document.bytes)
        XCTAssertEqual(view.original.compactMap(\.m).count, view.marks.count)
        XCTAssertTrue(view.marks.contains { $0.action == "keep" || $0.action == "flag" }, "kept findings are marked too")
        XCTAssertTrue(view.rescan.ok)
    }

    func testSwitchingThePolicyIsThatPolicysRedaction() throws {
        let s = try session()
        XCTAssertEqual(s.policyNames, ["standard", "strict", "minimal"])
        let strict = try s.evaluate(ReviewDecisions(policy: "strict"))
        XCTAssertEqual(strict.result?.published, try redacted(s, policy: "strict"))
        XCTAssertNotEqual(strict.result?.published, try s.evaluate(.acceptAll).result?.published)
        XCTAssertThrowsError(try s.evaluate(ReviewDecisions(policy: "lenient"))) { error in
            XCTAssertEqual(error as? ReviewRequestError, .unknownPolicy)
        }
    }

    /// A change whose original occurs once in the draft (so no other occurrence removes it).
    func uniqueChange(_ view: ReviewView, _ s: ReviewSession) -> ReviewView.Change? {
        let text = s.document.text
        return view.changes.first { c in
            c.canReject && c.category != "source" && text.components(separatedBy: c.original).count == 2
        }
    }

    func testRejectingAChangeKeepsItsOriginalAndRaisesTheRisk() throws {
        let s = try session()
        let base = try s.evaluate(.acceptAll)
        let view = ReviewView(base, session: s, output: "o", vault: "v", publication: nil)
        let change = try XCTUnwrap(uniqueChange(view, s))
        let published = String(decoding: try XCTUnwrap(base.result?.published), as: UTF8.self)
        XCTAssertFalse(published.contains(change.original))

        let e = try s.evaluate(ReviewDecisions(rejected: [change.id]))
        let after = String(decoding: try XCTUnwrap(e.result?.published), as: UTF8.self)
        XCTAssertTrue(after.contains(change.original), "a rejected change publishes the original as written")
        XCTAssertGreaterThanOrEqual(e.audited.outcome.risk.documentScore, base.audited.outcome.risk.documentScore)
        let v2 = ReviewView(e, session: s, output: "o", vault: "v", publication: nil)
        let listed = try XCTUnwrap(v2.changes.first { $0.id == change.id })
        XCTAssertEqual(listed.status, "rejected")
        XCTAssertNil(listed.proposed)
        XCTAssertEqual(listed.category, change.category, "a rejected change keeps its category")
        XCTAssertEqual(listed.original, change.original)
        XCTAssertTrue(listed.canReject, "a rejection can be undone")
        XCTAssertEqual(v2.counts.rejected, 1)
        // Undoing the rejection gives the policy's text again.
        XCTAssertEqual(try s.evaluate(ReviewDecisions()).result?.published, base.result?.published)
        XCTAssertTrue(e.audited.outcome.decisions.contains { $0.reason == EditorOverrides.keptReason })
    }

    func testRejectingARemovedNameRaisesTheRiskScore() throws {
        // A draft whose source's details survive only if the editor rejects their removal.
        let text = "Kim Chol-su, a trader in Hyesan, said prices rose.\n"
        let doc = try Document(text: text, path: "t.txt")
        let s = ReviewSession(document: doc, path: "t.txt", policyReference: "standard", policy: Policy.standard)
        let base = try s.evaluate(.acceptAll)
        let view = ReviewView(base, session: s, output: "o", vault: "v", publication: nil)
        let all = view.changes.filter(\.canReject).map(\.id)
        XCTAssertFalse(all.isEmpty)
        let e = try s.evaluate(ReviewDecisions(rejected: all))
        XCTAssertEqual(e.result?.published, Array(text.utf8), "every change rejected: the draft as written")
        XCTAssertGreaterThan(e.audited.outcome.risk.documentScore, base.audited.outcome.risk.documentScore)
    }

    func testEditingAWordingPublishesIt() throws {
        let s = try session()
        let base = ReviewView(try s.evaluate(.acceptAll), session: s, output: "o", vault: "v", publication: nil)
        let change = try XCTUnwrap(base.changes.first { $0.canEdit && $0.category != "source" })
        let e = try s.evaluate(ReviewDecisions(edits: [change.id: "a place the editor chose"]))
        let published = String(decoding: try XCTUnwrap(e.result?.published), as: UTF8.self)
        XCTAssertTrue(published.contains("a place the editor chose"))
        let v = ReviewView(e, session: s, output: "o", vault: "v", publication: nil)
        let listed = try XCTUnwrap(v.changes.first { $0.id == change.id })
        XCTAssertEqual(listed.status, "edited")
        XCTAssertEqual(listed.proposed, "a place the editor chose")
        XCTAssertNil(listed.note)
    }

    func testAWordingRepeatingTheOriginalIsCaughtByTheRescan() throws {
        let s = try session()
        let base = ReviewView(try s.evaluate(.acceptAll), session: s, output: "o", vault: "v", publication: nil)
        let change = try XCTUnwrap(base.changes.first { $0.canEdit && $0.category == "city" } ?? base.changes.first { $0.canEdit })
        // The editor types the original back in: the re-scan must not let it through.
        let e = try s.evaluate(ReviewDecisions(edits: [change.id: "near " + change.original]))
        if let published = e.result?.published {
            XCTAssertFalse(String(decoding: published, as: UTF8.self).contains("near " + change.original))
            let v = ReviewView(e, session: s, output: "o", vault: "v", publication: nil)
            XCTAssertNotNil(v.changes.first { $0.id == change.id }?.note, "the page says the re-scan replaced the wording")
        } else {
            XCTAssertNotNil(e.refusal, "refused rather than published with the original")
            XCTAssertFalse(ReviewView(e, session: s, output: "o", vault: "v", publication: nil).rescan.ok)
        }
    }

    func testAddingATermRedactsItEverywhere() throws {
        let s = try session()
        XCTAssertTrue(s.document.text.contains("Daily NK"))
        let e = try s.evaluate(ReviewDecisions(terms: ["Daily NK", "daily nk"]))
        XCTAssertEqual(e.decisions.terms, ["Daily NK"], "the same term twice is one term")
        let published = String(decoding: try XCTUnwrap(e.result?.published), as: UTF8.self)
        XCTAssertFalse(published.contains("Daily NK"))
        var table = PseudonymTable()
        let redact = try Pipeline(policy: Policy.standard).redact(s.document, terms: ["Daily NK"], markdown: false, pseudonyms: &table)
        XCTAssertEqual(e.result?.published, redact.published, "as veil redact --term")
    }

    func testInvalidDecisionsAreRefusedWithoutQuotingThem() throws {
        let s = try session()
        let cases: [(ReviewDecisions, ReviewRequestError)] = [
            (ReviewDecisions(rejected: ["c999999-1000000"]), .unknownChange),
            (ReviewDecisions(rejected: ["Hyesan"]), .unknownChange),
            (ReviewDecisions(edits: ["c5-1": "x"]), .unknownChange),
            (ReviewDecisions(terms: ["  --  "]), .termWithoutLetters(number: 1)),
            (ReviewDecisions(terms: Array(repeating: "Hyesan", count: 201)), .tooManyTerms(200)),
            (ReviewDecisions(edits: ["c0-5": "Hyesan\nline"]), .wordingHasControl),
        ]
        for (d, expected) in cases {
            XCTAssertThrowsError(try s.evaluate(d)) { error in
                XCTAssertEqual(error as? ReviewRequestError, expected)
                XCTAssertFalse((error as? ReviewRequestError)?.description.contains("Hyesan") ?? true)
            }
        }
        XCTAssertThrowsError(try ReviewDecisions.decode(json: Array("{\"rejected\": \"Hyesan".utf8))) { error in
            XCTAssertEqual(error as? ReviewRequestError, .malformedJSON)
        }
        XCTAssertEqual(try ReviewDecisions.decode(json: Array("{}".utf8)), .acceptAll)
    }

    func testMarkdownDraftAcceptedIsTheMarkdownRedaction() throws {
        let text = "# Arrests in **Hyesan**\n\nA trader in [Hyesan](https://example.org/hyesan-market) said Kim Chol-su was held on Nov. 10.\n"
        let doc = try Document(text: text, path: "story.md")
        let s = ReviewSession(document: doc, path: "story.md", policyReference: "standard", policy: Policy.standard)
        XCTAssertTrue(s.markdown)
        var table = PseudonymTable()
        let redact = try Pipeline(policy: Policy.standard).redact(doc, markdown: true, pseudonyms: &table)
        let e = try s.evaluate(.acceptAll)
        XCTAssertEqual(e.result?.published, redact.published)
        let view = ReviewView(e, session: s, output: "o", vault: "v", publication: nil)
        XCTAssertEqual(Array(view.published.map(\.t).joined().utf8), redact.published)
        XCTAssertEqual(Array(view.original.map(\.t).joined().utf8), doc.bytes)
    }

    func testChangeIDs() {
        XCTAssertEqual(ChangeID.make(3..<17), "c3-17")
        XCTAssertEqual(ChangeID.range("c3-17"), 3..<17)
        for bad in ["c17-3", "c3-3", "3-17", "c-1-4", "c3-", "c3-17-2", "c٣-17", "c+3-17"] {
            XCTAssertNil(ChangeID.range(bad), bad)
        }
    }

    func testPublishWritesBothFilesAndSealsTheDecisions() throws {
        let s = try session()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = SecretKey.generate()
        let base = ReviewView(try s.evaluate(.acceptAll), session: s, output: "o", vault: "v", publication: nil)
        let change = try XCTUnwrap(uniqueChange(base, s))
        let decisions = ReviewDecisions(rejected: [change.id])
        let e = try s.evaluate(decisions)
        let out = dir.appendingPathComponent("out.txt").path, vault = dir.appendingPathComponent("out.vault").path
        let files = try s.publish(e, recipients: [key.publicKey], output: out, vault: vault, overwrite: false)
        XCTAssertEqual(files.output, out)
        XCTAssertEqual(try AtomicFile.read(out), e.result?.published)
        let opened = try Vault.open(try AtomicFile.read(vault), identity: key)
        XCTAssertEqual(opened.draft?.copyBytes(), s.document.bytes, "the vault restores the draft")
        XCTAssertTrue(opened.matchesPublishedText(try AtomicFile.read(out)))
        let record = try XCTUnwrap(opened.record(Vault.decisionsRecordID))
        let json = try JSONSerialization.jsonObject(with: Data(record.content.copyBytes())) as? [String: Any]
        XCTAssertEqual(json?["policy"] as? String, "standard")
        let changes = try XCTUnwrap(json?["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.first { $0["id"] as? String == change.id }?["decision"] as? String, "rejected")
        XCTAssertTrue(changes.contains { $0["decision"] as? String == "accepted" })
        // Publishing again without overwrite refuses and leaves both files as they were.
        XCTAssertThrowsError(try s.publish(e, recipients: [key.publicKey], output: out, vault: vault, overwrite: false))
        XCTAssertEqual(try AtomicFile.read(out), e.result?.published)
        // The draft is untouched.
        XCTAssertEqual(try AtomicFile.read(ReviewSessionTests.seedPath), s.document.bytes)
    }
}

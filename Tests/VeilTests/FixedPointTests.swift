import XCTest
import VeilTestSupport
import VeilReport
@testable import Veil

/// Veil's own published text, audited with the policy that produced it, passes the gate: the
/// policy recognizes its own wordings (generalizations, pseudonyms, placeholders) and keeps them.
final class FixedPointTests: XCTestCase {
    /// Every example draft in `seeds/`.
    func seedDrafts() throws -> [(name: String, text: String)] {
        let dir = Fixtures.url("seeds")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 2, "the seed article and the example drafts")
        return try names.map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }

    func testPublishedTextOfEverySeedDraftPassesTheGateUnderTheSamePolicy() throws {
        for (name, text) in try seedDrafts() {
            for policyName in ["standard", "strict", "minimal"] {
                let pipeline = Pipeline(policy: try Policy.named(policyName))
                var table = PseudonymTable()
                let result = try pipeline.redact(try Document(text: text, path: name), markdown: false, pseudonyms: &table)
                let published = try Document(bytes: result.published, path: name)
                let again = pipeline.audit(published, markdown: false)
                let removed = again.outcome.decisions.filter { $0.action.removesOriginal }
                XCTAssertEqual(removed.map { "\($0.finding.text) -> \($0.replacement ?? "")" }, [],
                               "\(name), \(policyName): the audit of Veil's own output removes nothing")
                XCTAssertFalse(AuditGate(level: .remove).fails(again), "\(name), \(policyName): the gate passes")
                // And redacting the published text again changes nothing.
                var second = PseudonymTable()
                let twice = try pipeline.redact(published, markdown: false, pseudonyms: &second)
                XCTAssertEqual(String(decoding: twice.published, as: UTF8.self), published.text, "\(name), \(policyName)")
            }
        }
    }
}

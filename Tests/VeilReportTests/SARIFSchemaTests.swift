import XCTest
import Foundation
import VeilModel
import VeilPolicy
@testable import VeilReport

/// Veil's SARIF validated against the OASIS SARIF 2.1.0 schema (a copy in Golden/, no network).
final class SARIFSchemaTests: XCTestCase {
    private func schema() throws -> (validator: JSONSchemaValidator, root: [String: Any]) {
        let url = SeedOutcome.goldenDirectory.appendingPathComponent("sarif-schema-2.1.0.json")
        let schema = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let validator = JSONSchemaValidator(root: schema)
        // The log-file schema: at the top level in the published file; under definitions/Root
        // in this copy. Validating against a top level without constraints would prove nothing.
        let root: [String: Any]
        if schema["properties"] != nil { root = schema } else { root = try XCTUnwrap(validator.resolve("#/definitions/Root")) }
        XCTAssertEqual((root["required"] as? [String])?.sorted(), ["runs", "version"])
        return (validator, root)
    }

    private func parse(_ s: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(s.utf8))
    }

    func testSeedReportIsValidSARIF() throws {
        let (validator, root) = try schema()
        let sarif = SARIFReporter().render(try SeedOutcome.report())
        let errors = validator.validate(try parse(sarif), against: root)
        XCTAssertEqual(errors, [], errors.prefix(10).joined(separator: "\n"))
    }

    func testEmptyAndMultiDocumentReportsAreValid() throws {
        let (validator, root) = try schema()
        let empty = AuditReport(documents: [], policyName: "minimal")
        XCTAssertEqual(validator.validate(try parse(SARIFReporter().render(empty)), against: root), [])
        let doc = try Document(text: "Caf\u{E9} \u{1F600} Kang in Hyesan\nline two", path: "/tmp/a b/é.md")
        let f = Finding(range: 19..<25, text: "Hyesan", category: .city, confidence: 0.8, recognizer: "place.gazetteer", explanation: "x")
        let outcome = PolicyOutcome(decisions: [Decision(finding: f, action: .flag, replacement: nil, reason: "r")],
                                    risk: RiskAssessment(sources: [], documentScore: 0, threshold: 0.5, exceedsThreshold: false, explanation: ""))
        let two = AuditReport(documents: [try SeedOutcome.audited(), AuditedDocument(document: doc, outcome: outcome)], policyName: "strict")
        let log = try XCTUnwrap(try parse(SARIFReporter().render(two)) as? [String: Any])
        XCTAssertEqual(validator.validate(log, against: root), [])
        // Columns count code points (the emoji is one), 1-based.
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        let last = try XCTUnwrap(results.last)
        let region = try XCTUnwrap(((last["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        XCTAssertEqual(region["startColumn"] as? Int, 16)
        XCTAssertEqual(region["endColumn"] as? Int, 22)
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        XCTAssertEqual(Set(rules.compactMap { $0["id"] as? String }).count, rules.count, "one rule per recognizer")
    }

    /// The validator is not a rubber stamp: broken logs are rejected.
    func testValidatorRejectsInvalidLogs() throws {
        let (validator, root) = try schema()
        var log = try XCTUnwrap(try parse(SARIFReporter().render(try SeedOutcome.report())) as? [String: Any])
        var bad = log
        bad["version"] = "2.0.0"
        XCTAssertFalse(validator.validate(bad, against: root).isEmpty)
        bad = log
        bad["unexpected"] = true
        XCTAssertFalse(validator.validate(bad, against: root).isEmpty)
        var runs = try XCTUnwrap(log["runs"] as? [[String: Any]])
        var results = try XCTUnwrap(runs[0]["results"] as? [[String: Any]])
        results[0]["level"] = "fatal"
        runs[0]["results"] = results
        log["runs"] = runs
        XCTAssertFalse(validator.validate(log, against: root).isEmpty)
        // A region column of 0 violates minimum 1.
        let zero: [String: Any] = ["startLine": 1, "startColumn": 0]
        XCTAssertFalse(validator.validate(zero, against: try XCTUnwrap(validator.resolve("#/definitions/region"))).isEmpty)
    }

    /// Messages never quote the flagged text (only the snippet does).
    func testMessagesDoNotQuoteFlaggedText() throws {
        let log = try XCTUnwrap(try parse(SARIFReporter().render(try SeedOutcome.report())) as? [String: Any])
        let results = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        for r in results {
            let message = try XCTUnwrap((r["message"] as? [String: Any])?["text"] as? String)
            for bad in ["Kangan-dong", "Hyesan,", "Kang Mi Jin", "3,000", "four years"] { XCTAssertFalse(message.contains(bad), message) }
        }
    }
}

final class JSONSchemaValidatorTests: XCTestCase {
    func testBooleansAndIntegersAreToldApart() throws {
        let v = try XCTUnwrap(JSONSerialization.jsonObject(with: Data("[true, 1, 0, 2.5, false]".utf8)) as? [Any])
        XCTAssertEqual(v.map(JSONSchemaValidator.typeName), ["boolean", "integer", "integer", "number", "boolean"])
    }
}

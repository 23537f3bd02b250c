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
        // Columns count UTF-16 code units (the emoji is two), 1-based, as GitHub reads them;
        // charOffset/charLength in the same unit.
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        let last = try XCTUnwrap(results.last)
        let region = try XCTUnwrap(((last["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        let prefix = "Caf\u{E9} \u{1F600} Kang in "
        XCTAssertEqual(region["startColumn"] as? Int, prefix.utf16.count + 1)
        XCTAssertEqual(region["startColumn"] as? Int, 17)
        XCTAssertEqual(region["endColumn"] as? Int, 23)
        XCTAssertEqual(region["charOffset"] as? Int, prefix.utf16.count)
        XCTAssertEqual(region["charLength"] as? Int, 6)
        XCTAssertEqual(run["columnKind"] as? String, "utf16CodeUnits")
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

    private func results(_ sarif: String) throws -> [[String: Any]] {
        let log = try XCTUnwrap(try parse(sarif) as? [String: Any])
        return try XCTUnwrap((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
    }

    private func region(_ r: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap(((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
    }

    private func fingerprint(_ r: [String: Any]) throws -> String {
        try XCTUnwrap((r["partialFingerprints"] as? [String: Any])?[SARIFReporter.fingerprintKey] as? String)
    }

    /// Code scanning gets what must be acted on: kept findings are left out; by default the log
    /// quotes nothing of the draft (no snippet, no explanation, no source text).
    func testKeptFindingsLeftOutAndNothingQuotedByDefault() throws {
        let report = try SeedOutcome.report()
        let sarif = SARIFReporter().render(report)
        let rs = try results(sarif)
        let decisions = report.documents[0].outcome.decisions
        XCTAssertEqual(rs.count, decisions.filter { $0.action != .keep }.count)
        XCTAssertEqual(rs.count, 11)
        XCTAssertFalse(rs.contains { ($0["level"] as? String) == "none" })
        XCTAssertEqual(Set(rs.compactMap { ($0["properties"] as? [String: Any])?["action"] as? String }), ["generalize", "redact", "flag"])
        for r in rs { XCTAssertNil(try region(r)["snippet"]) }
        for original in ["Kangan-dong", "Kang Mi Jin", "four years ago", "3,000 yuan", "a separate source in", "test fixture"] {
            XCTAssertFalse(sarif.contains(original), "the log quotes \(original)")
        }
        let (validator, root) = try schema()
        XCTAssertEqual(validator.validate(try parse(sarif), against: root), [])
    }

    func testSnippetsOnlyWhenAsked() throws {
        let report = try SeedOutcome.report()
        let sarif = SARIFReporter(snippets: true).render(report)
        let (validator, root) = try schema()
        XCTAssertEqual(validator.validate(try parse(sarif), against: root), [])
        let shown = report.documents[0].outcome.decisions.filter { $0.action != .keep }
        let rs = try results(sarif)
        XCTAssertEqual(rs.count, shown.count)
        for (r, d) in zip(rs, shown) {
            XCTAssertEqual((try region(r)["snippet"] as? [String: Any])?["text"] as? String, d.finding.text)
        }
        XCTAssertTrue(sarif.contains("Kangan-dong"))
        XCTAssertEqual(ReportFormat.sarif.reporter(snippets: true).render(report), sarif)
    }

    /// Fingerprints follow a finding across edits elsewhere in the file, and hash nothing of
    /// its text: the same findings at other lines, or with other originals of the same length,
    /// keep their fingerprints; another file or another occurrence gets another.
    func testFingerprintsTrackAcrossCommitsWithoutTheOriginal() throws {
        func log(_ text: String, path: String = "d.txt", offset: Int = 0) throws -> [[String: Any]] {
            let doc = try Document(text: text, path: path)
            func f(_ r: Range<Int>, _ c: VeilModel.Category) -> Decision {
                let rr = (r.lowerBound + offset)..<(r.upperBound + offset)
                return Decision(finding: Finding(range: rr, text: doc.text(rr), category: c, confidence: 1, recognizer: "person.name", explanation: ""),
                                action: .pseudonymize, replacement: "Person A", reason: "r")
            }
            let outcome = PolicyOutcome(decisions: [f(0..<4, .person), f(9..<13, .person)],
                                        risk: RiskAssessment(sources: [], documentScore: 0, threshold: 1, exceedsThreshold: false, explanation: ""))
            return try results(SARIFReporter().render(AuditReport(documents: [AuditedDocument(document: doc, outcome: outcome)], policy: .standard)))
        }
        let before = try log("Kang met Choi.")
        let moved = try log("A new first line.\nKang met Choi.", offset: 18)
        let renamed = try log("Park met Yoon.")
        let elsewhere = try log("Kang met Choi.", path: "other.txt")
        XCTAssertEqual(try region(moved[0])["startLine"] as? Int, 2)
        XCTAssertEqual(try before.map(fingerprint), try moved.map(fingerprint))
        XCTAssertEqual(try before.map(fingerprint), try renamed.map(fingerprint), "the original text is not hashed")
        XCTAssertNotEqual(try fingerprint(before[0]), try fingerprint(before[1]))
        XCTAssertNotEqual(try fingerprint(before[0]), try fingerprint(elsewhere[0]))
        for r in before { XCTAssertNotNil(try fingerprint(r).range(of: "^[0-9a-f]{64}$", options: .regularExpression)) }
    }

    func testSHA256Vectors() {
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// A character outside the BMP on an earlier line moves the offset by two units, not the
    /// columns of later lines.
    func testUTF16ColumnsPerLine() throws {
        let text = "\u{1F600}\u{1F600} line one\nKang \u{1F600} Choi"
        let doc = try Document(text: text)
        let columns = UTF16Columns(doc)
        let kang = text.utf8.count - "Kang \u{1F600} Choi".utf8.count
        let choi = text.utf8.count - "Choi".utf8.count
        XCTAssertEqual(columns.position(ofByte: kang).line, 2)
        XCTAssertEqual(columns.position(ofByte: kang).column, 1)
        XCTAssertEqual(columns.position(ofByte: kang).offset, "\u{1F600}\u{1F600} line one\n".utf16.count)
        XCTAssertEqual(columns.position(ofByte: choi).column, "Kang \u{1F600} ".utf16.count + 1)
        XCTAssertEqual(columns.position(ofByte: choi).offset, String(text.dropLast(4)).utf16.count)
    }
}

final class JSONSchemaValidatorTests: XCTestCase {
    func testBooleansAndIntegersAreToldApart() throws {
        let v = try XCTUnwrap(JSONSerialization.jsonObject(with: Data("[true, 1, 0, 2.5, false]".utf8)) as? [Any])
        XCTAssertEqual(v.map(JSONSchemaValidator.typeName), ["boolean", "integer", "integer", "number", "boolean"])
    }
}

import XCTest
import VeilModel
import VeilPolicy
@testable import VeilReport

final class AuditGateTests: XCTestCase {
    private func audited(_ actions: [Action], category: VeilModel.Category = .city, exceeds: Bool = false) throws -> AuditedDocument {
        let doc = try Document(text: "Hyesan Hyesan Hyesan Hyesan", path: "d.txt")
        let decisions = actions.enumerated().map { i, a in
            Decision(finding: Finding(range: (i * 7)..<(i * 7 + 6), text: "Hyesan", category: category, confidence: 1, recognizer: "t", explanation: ""),
                     action: a, replacement: a.removesOriginal ? "x" : nil, reason: "r")
        }
        return AuditedDocument(document: doc, outcome: PolicyOutcome(decisions: decisions, risk: RiskAssessment(
            sources: [], documentScore: exceeds ? 0.9 : 0.1, threshold: 0.5, exceedsThreshold: exceeds, explanation: "")))
    }

    func testLevels() throws {
        let clean = try audited([.keep])
        let flagged = try audited([.keep, .flag])
        let removable = try audited([.flag, .redact])
        let risky = try audited([.keep], exceeds: true)
        let table: [(FailOn, [Bool])] = [
            (.flag, [false, true, true, true]),
            (.remove, [false, false, true, true]),
            (.risk, [false, false, false, true]),
            (.never, [false, false, false, false]),
        ]
        for (level, expected) in table {
            let gate = AuditGate(level: level)
            XCTAssertEqual([clean, flagged, removable, risky].map(gate.fails), expected, "level \(level)")
        }
    }

    func testWatchlistTermsBlockWhateverThePolicySays() throws {
        let kept = try audited([.keep], category: .watchlist)
        XCTAssertTrue(AuditGate(level: .remove).fails(kept))
        XCTAssertFalse(AuditGate(level: .risk).fails(kept))
    }

    func testVerdictAndSummaryLine() throws {
        let report = AuditReport(documents: [try audited([.keep]), try audited([.redact, .flag], exceeds: true)], policyName: "standard")
        let gate = AuditGate()
        let v = gate.verdict(report)
        XCTAssertTrue(v.failed)
        XCTAssertEqual(v.counts, { var c = DecisionCounts([]); c.removed = 1; c.flagged = 1; c.kept = 1; return c }())
        XCTAssertEqual(v.draftsOverThreshold, 1)
        let line = gate.summaryLine(report)
        XCTAssertEqual(line, "veil audit: 2 drafts, 3 findings (1 to remove, 1 flagged, 1 kept), highest risk 0.90 (1 over the threshold); policy standard; gate FAILED (--fail-on remove): 1 draft not ready")
        XCTAssertFalse(line.contains("Hyesan"), "the summary never quotes flagged text")
        XCTAssertTrue(AuditGate(level: .never).summaryLine(report).hasSuffix("gate off (--fail-on never)"))
    }
}

final class WatchlistReportingTests: XCTestCase {
    /// A watch-list term the policy keeps still reads as blocking in every format.
    func testWatchlistTermIsMarkedBlockingEverywhere() throws {
        let doc = try Document(text: "Call Kim Chol-su today.", path: "w.txt")
        let f = Finding(range: 5..<16, text: "Kim Chol-su", category: .watchlist, confidence: 1, recognizer: "watchlist", explanation: "a watch-list term")
        let unassessed = Finding(range: 0..<4, text: "Call", category: .source, confidence: 1, recognizer: "s", explanation: "")
        let outcome = PolicyOutcome(decisions: [Decision(finding: f, action: .keep, replacement: nil, reason: "policy keeps it")],
                                    risk: RiskAssessment(sources: [SourceRisk(source: unassessed, survivingDetails: [], score: 0.1, explanation: "e")],
                                                         documentScore: 0.1, threshold: 0.5, exceedsThreshold: false, explanation: ""))
        let report = AuditReport(documents: [AuditedDocument(document: doc, outcome: outcome)], policyName: "minimal")
        let text = TextReporter().render(report)
        XCTAssertTrue(text.contains("blocks publication"), text)
        XCTAssertTrue(text.contains("Other assessed sources"), text)
        XCTAssertTrue(SARIFReporter().render(report).contains("\"level\":\"warning\""))
        XCTAssertTrue(AuditGate().verdict(report).failed)
        XCTAssertTrue(AuditGate().summaryLine(report).contains("1 watch-list"))
    }
}

import XCTest
import VeilModel
import VeilPolicy
@testable import VeilReport

final class ReportTypesTests: XCTestCase {
    func testReportHoldsDocumentsInOrder() throws {
        let doc = try Document(text: "hello", path: "a.txt")
        let outcome = PolicyOutcome(decisions: [], risk: RiskAssessment(sources: [], documentScore: 0, threshold: 0.5, exceedsThreshold: false, explanation: ""))
        let report = AuditReport(documents: [AuditedDocument(document: doc, outcome: outcome)], policyName: "standard")
        XCTAssertEqual(report.documents.first?.document.path, "a.txt")
    }
}

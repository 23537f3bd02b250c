import VeilModel
import VeilPolicy

/// One audited draft: the validated document and everything policy decided about it.
public struct AuditedDocument: Sendable {
    /// The draft as read (validated UTF-8 bytes and its path).
    public var document: Document
    /// The decisions on every finding and the risk of what survives.
    public var outcome: PolicyOutcome
    /// Pairs a document with its policy outcome.
    public init(document: Document, outcome: PolicyOutcome) {
        self.document = document
        self.outcome = outcome
    }
}

/// The result of one `veil audit` run: every audited draft and the policy that decided.
public struct AuditReport: Sendable {
    /// The drafts, in the order they were named on the command line.
    public var documents: [AuditedDocument]
    /// The name (or path) of the policy that made the decisions.
    public var policyName: String
    /// A report over `documents` decided by `policyName`.
    public init(documents: [AuditedDocument], policyName: String) {
        self.documents = documents
        self.policyName = policyName
    }
}

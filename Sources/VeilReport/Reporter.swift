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

/// Renders an audit report in one output format. Reporters are pure: they return the whole
/// report as text and never print; the command line decides where it goes.
public protocol Reporter: Sendable {
    /// The format's name as given to `--format`.
    static var formatName: String { get }
    /// The complete report, ending with a newline.
    func render(_ report: AuditReport) -> String
}

/// The report formats `veil audit --format` accepts.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Human-readable, grouped by anonymous source and category (the default on a terminal).
    case text
    /// The audit JSON contract plus decisions, reasons and risk.
    case json
    /// SARIF 2.1.0 for code scanning and other SARIF viewers.
    case sarif
    /// One self-contained HTML page with the highlighted draft.
    case html

    /// Whether the format is meant for programs rather than people (summary goes to stderr).
    public var isMachineReadable: Bool { self == .json || self == .sarif }

    /// The reporter for this format; `colour` only matters for `text`.
    public func reporter(colour: Bool = false) -> any Reporter {
        switch self {
        case .text: return TextReporter(colour: colour)
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter()
        case .html: return HTMLReporter()
        }
    }
}

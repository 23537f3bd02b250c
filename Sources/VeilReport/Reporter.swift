import VeilModel
import VeilPolicy

/// What `veil redact` would publish for a draft, as `veil audit` previews it.
public enum PublishedPreview: Sendable, Equatable {
    /// The published text, and where each replacement text stands in it (UTF-8 byte ranges of
    /// `text`, sorted, not overlapping).
    case text(String, replaced: [Range<Int>])
    /// `veil redact` would refuse this draft; the refusal (which quotes nothing of the draft).
    case refused(String)
}

/// One audited draft: the validated document and everything policy decided about it.
public struct AuditedDocument: Sendable {
    /// The draft as read (validated UTF-8 bytes and its path).
    public var document: Document
    /// The decisions on every finding and the risk of what survives.
    public var outcome: PolicyOutcome
    /// What would be published, when the caller computed it (`Pipeline.preview`); the text and
    /// HTML reports show it before the findings.
    public var preview: PublishedPreview?
    /// Pairs a document with its policy outcome (and, optionally, its published preview).
    public init(document: Document, outcome: PolicyOutcome, preview: PublishedPreview? = nil) {
        self.document = document
        self.outcome = outcome
        self.preview = preview
    }
}

/// The result of one `veil audit` run: every audited draft and the policy that decided.
public struct AuditReport: Sendable {
    /// The drafts, in the order they were named on the command line.
    public var documents: [AuditedDocument]
    /// The name (or path) of the policy that made the decisions.
    public var policyName: String
    /// The policy itself, for reasons in plain words (`PlainReason`); without it the reasons
    /// are worded from the decisions alone, as under the standard policy's levels.
    public var policy: Policy?
    /// A report over `documents` decided by `policyName`.
    public init(documents: [AuditedDocument], policyName: String) {
        self.documents = documents
        self.policyName = policyName
    }
    /// A report over `documents` decided by `policy`.
    public init(documents: [AuditedDocument], policy: Policy) {
        self.documents = documents
        self.policyName = policy.name
        self.policy = policy
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

    /// Whether the format shows what would be published (`AuditedDocument.preview`).
    public var showsPreview: Bool { self == .text || self == .html }

    /// The reporter for this format; `colour` and `showKept` only matter for `text`,
    /// `snippets` only for `sarif`.
    public func reporter(colour: Bool = false, showKept: Bool = false, snippets: Bool = false) -> any Reporter {
        switch self {
        case .text: return TextReporter(colour: colour, showKept: showKept)
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter(snippets: snippets)
        case .html: return HTMLReporter()
        }
    }
}

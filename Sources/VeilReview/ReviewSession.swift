import Foundation
import Veil

/// One draft under review: applies an editor's decisions through the same pipeline as
/// `veil redact` and describes the result for the page (`ReviewView`). It never prints, exits
/// or writes a file except through `publish`.
public struct ReviewSession: Sendable {
    public let document: Document
    /// The draft's path as named on the command line (shown on the page, never changed).
    public let path: String
    public let markdown: Bool
    /// The policies the page offers: the one the command started with first, then the
    /// shipped ones.
    public let policyNames: [String]
    public let initialPolicy: String
    let policies: [String: Policy]
    let detector: Detector

    /// The shipped policies the page always offers.
    public static let shippedPolicies = ["standard", "strict", "minimal"]

    /// A session for `document` starting with `policy` (a shipped name or a policy file,
    /// already resolved by the caller).
    public init(document: Document, path: String, policyReference: String, policy: Policy,
                detector: Detector = Detector()) {
        self.document = document
        self.path = path
        self.markdown = Pipeline.isMarkdown(path: path)
        self.initialPolicy = policyReference
        var names = [policyReference]
        var table = [policyReference: policy]
        for name in ReviewSession.shippedPolicies where table[name] == nil {
            if let p = try? Policy.named(name) {
                names.append(name)
                table[name] = p
            }
        }
        self.policyNames = names
        self.policies = table
        self.detector = detector
    }

    /// Applies `decisions` (validated first) and describes the result.
    public func evaluate(_ decisions: ReviewDecisions) throws(ReviewRequestError) -> ReviewEvaluation {
        let d = try decisions.validated(documentLength: document.bytes.count, policyNames: policyNames)
        let reference = d.policy ?? initialPolicy
        guard let policy = policies[reference] else { throw .unknownPolicy }
        let pipeline = Pipeline(policy: policy, detector: detector)
        var wording: [Range<Int>: String] = [:]
        for (id, text) in d.edits { if let r = ChangeID.range(id) { wording[r] = text } }
        let overrides = EditorOverrides(keep: d.rejected.compactMap(ChangeID.range), wording: wording)
        var table = PseudonymTable()
        do {
            let result = try pipeline.redact(document, terms: d.terms, markdown: markdown, pseudonyms: &table, overrides: overrides)
            return ReviewEvaluation(decisions: d, policyReference: reference, policy: policy, result: result, refusal: nil,
                                    audited: result.audited, replacements: result.replacements)
        } catch {
            // Refused by the re-scan: the page shows the decisions and why Publish is disabled.
            var again = PseudonymTable()
            let audited = pipeline.audit(document, extraFindings: Pipeline.termFindings(d.terms, in: document), markdown: markdown,
                                         pseudonyms: &again, overrides: overrides)
            return ReviewEvaluation(decisions: d, policyReference: reference, policy: policy, result: nil, refusal: error,
                                    audited: audited, replacements: Redaction.replacements(for: audited.outcome))
        }
    }

    /// Writes OUT and VAULT from an evaluation through `Publication.write` (vault first,
    /// verified, then the published text), with the editor's decisions sealed as `@decisions`.
    public func publish(_ evaluation: ReviewEvaluation, recipients: [PublicKey], output: String, vault: String,
                        overwrite: Bool) throws(ReviewPublishError) -> PublishedFiles {
        guard let result = evaluation.result else {
            throw .refused(evaluation.refusal?.description ?? "the re-scan refused the published text")
        }
        let record: VaultRecord
        do {
            record = VaultRecord(id: Vault.decisionsRecordID,
                                 content: try SecureBytes.copying(evaluation.decisionsRecordJSON(document: document)))
        } catch {
            throw .outOfMemory
        }
        do {
            return try Publication.write(published: result.published, records: result.records + [record], recipients: recipients,
                                         output: output, vault: vault, overwrite: overwrite)
        } catch {
            throw .write(error)
        }
    }
}

/// Why `ReviewSession.publish` wrote nothing.
public enum ReviewPublishError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The re-scan refused the published text (the message names positions, never originals).
    case refused(String)
    case outOfMemory
    case write(PublicationError)

    public var description: String {
        switch self {
        case .refused(let why): return why
        case .outOfMemory: return "could not allocate guarded memory for the decisions to seal; nothing was written"
        case .write(let e): return e.description
        }
    }
}

/// The outcome of one set of decisions.
public struct ReviewEvaluation: Sendable {
    public var decisions: ReviewDecisions
    public var policyReference: String
    public var policy: Policy
    /// What `Pipeline.redact` produced; nil when the re-scan refused (`refusal`).
    public var result: RedactionResult?
    public var refusal: RedactionError?
    public var audited: AuditedDocument
    /// The replacements of the published text (of `result`, or policy's when refused).
    public var replacements: [Replacement]

    /// Whether Publish can write this.
    public var publishable: Bool { result != nil }
}

/// What `@decisions` holds: the policy, the terms added and every change with the editor's
/// choice (docs/vault-format.md section 3).
struct DecisionsRecord: Codable {
    struct Change: Codable {
        var id: String
        var start: Int
        var end: Int
        var category: String
        var action: String
        /// accepted, rejected or edited.
        var decision: String
        var original: String
        /// The text published in its place; nil when rejected (published as written).
        var published: String?
    }
    var format = "veil-review-decisions/1"
    var policy: String
    var terms: [String]
    var changes: [Change]
}

extension ReviewEvaluation {
    /// The `@decisions` record's JSON (sorted keys, one line).
    func decisionsRecordJSON(document: Document) -> [UInt8] {
        let view = ReviewView.changes(of: self, document: document)
        let changes = view.map { c in
            DecisionsRecord.Change(id: c.id, start: c.start, end: c.end, category: c.category, action: c.action,
                                   decision: c.status, original: c.original, published: c.status == "rejected" && c.proposed == nil ? nil : c.proposed)
        }
        let record = DecisionsRecord(policy: policyReference, terms: decisions.terms, changes: changes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(record)) ?? Data("{}".utf8))
    }
}

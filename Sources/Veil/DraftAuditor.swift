import Dispatch
import Foundation
import VeilModel
import VeilDetect
import VeilPolicy
import VeilVault
import VeilReport

/// What `veil audit` does to drafts: detects (on every core, through the same `Pipeline` as
/// `veil redact`), then decides (in order, one pseudonym table for the run, so drafts of one
/// story get the same pseudonyms), then, when asked, previews what `redact` would publish.
public struct DraftAuditor: Sendable {
    public let policy: Policy
    public let watchlist: WatchlistMatcher?
    public let forceMarkdown: Bool
    public let detector: Detector

    /// An auditor applying `policy`, matching `watchlist`'s terms, reading every draft as
    /// Markdown when `forceMarkdown` (else only `*.md` and `*.markdown`), finding with `detector`.
    public init(policy: Policy, watchlist: WatchlistMatcher? = nil, forceMarkdown: Bool = false, detector: Detector = Detector()) {
        self.detector = detector
        self.policy = policy
        self.watchlist = watchlist
        self.forceMarkdown = forceMarkdown
    }

    /// Whether `d` is read as Markdown.
    public func isMarkdown(_ d: Document) -> Bool { forceMarkdown || Pipeline.isMarkdown(path: d.path) }

    /// Audits `documents`; with `preview`, each also carries what `redact` would publish.
    /// `progress` hears of each draft detected (or, for one draft, of each segment), then of
    /// the deciding and the previews.
    public func audit(_ documents: [Document], preview: Bool = false, progress: ProgressHandler? = nil) -> [AuditedDocument] {
        let pipeline = Pipeline(policy: policy, detector: detector)
        let slots = Slots<[Finding]>(count: documents.count, empty: [])
        let markdownFlags = documents.map(isMarkdown)
        let watch = watchlist
        let totalBytes = documents.reduce(0) { $0 + $1.bytes.count }
        let single = documents.count == 1
        let segmentProgress = ProgressReport.segments(progress, bytes: totalBytes)
        DispatchQueue.concurrentPerform(iterations: documents.count) { i in
            let doc = documents[i]
            // Watch-list terms must never be published, wherever they stand (syntax included).
            let extra = watch?.findings(in: doc) ?? []
            // Markdown findings are cut at syntax by the pipeline (`Pipeline.markdownFindings`).
            let findings = pipeline.findings(in: doc, extraFindings: extra, markdown: markdownFlags[i],
                                             progress: single ? segmentProgress : nil)
            let done = slots.set(i, findings)
            if !single { progress?(ProgressReport(step: .detecting, done: done, total: documents.count, unit: .drafts, bytes: totalBytes)) }
        }
        progress?(ProgressReport(step: .deciding, total: nil, bytes: totalBytes))
        let engine = PolicyEngine(policy: policy)
        var pseudonyms = PseudonymTable()
        var out: [AuditedDocument] = []
        for (i, doc) in documents.enumerated() {
            let outcome = engine.decide(document: doc, findings: slots.values[i], pseudonyms: &pseudonyms)
            out.append(AuditedDocument(document: doc, outcome: outcome))
        }
        guard preview else { return out }
        progress?(ProgressReport(step: .checking, done: 0, total: documents.count, unit: .drafts, bytes: totalBytes))
        let previews = Slots<PublishedPreview?>(count: out.count, empty: nil)
        let audited = out
        DispatchQueue.concurrentPerform(iterations: audited.count) { i in
            let done = previews.set(i, pipeline.preview(audited[i], markdown: markdownFlags[i]))
            progress?(ProgressReport(step: .checking, done: done, total: audited.count, unit: .drafts, bytes: totalBytes))
        }
        for i in out.indices { out[i].preview = previews.values[i] }
        return out
    }
}

/// Per-index results written concurrently.
final class Slots<Value>: @unchecked Sendable {
    private(set) var values: [Value]
    private var filled = 0
    private let lock = NSLock()
    init(count: Int, empty: Value) { values = Array(repeating: empty, count: count) }
    /// Stores value `i`; returns how many are stored.
    @discardableResult
    func set(_ i: Int, _ v: Value) -> Int {
        lock.lock(); defer { lock.unlock() }
        values[i] = v
        filled += 1
        return filled
    }
}

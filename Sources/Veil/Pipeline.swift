import VeilModel
import VeilDetect
import VeilPolicy
import VeilVault
import VeilReport
import Foundation

/// Why `Pipeline.redact` refused to produce published text. Messages never quote originals.
public enum RedactionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The re-scan of the output found removed originals in it (`count` distinct originals).
    case originalsSurvive(count: Int)

    public var description: String {
        switch self {
        case .originalsSurvive(let count):
            return "refusing to write: \(count) removed original\(count == 1 ? "" : "s") would survive in the redacted text (a replacement or an undetected repetition contains it)"
        }
    }
}

/// What `Pipeline.redact` produced: the published text, and every original to seal.
public struct RedactionResult: Sendable {
    /// The text fit to publish.
    public var published: [UInt8]
    /// Records for the vault: `@draft` (the whole draft), one per replaced span, and
    /// `@pseudonyms` when the story has any.
    public var records: [VaultRecord]
    /// Everything policy decided, for reporting.
    public var audited: AuditedDocument
    /// The spans replaced, in document order (for counts and summaries; they hold originals'
    /// offsets only, not their text).
    public var replacements: [Replacement]
}

/// The path from a draft to published text and sealed originals: detect -> decide -> splice
/// -> re-scan. The command line drives it; it never prints or exits.
public struct Pipeline: Sendable {
    public let policy: Policy
    public let detector: Detector
    let engine: PolicyEngine

    /// Categories whose removed originals are also removed wherever else they occur in the
    /// draft (a name or a place repeated where the detector missed it); dates, sums, ages and
    /// descriptors are phrased differently each time and are not propagated.
    static let propagated: Set<Category> = [.person, .neighborhood, .city, .province, .facility,
                                            .organization, .contact, .term, .watchlist]

    /// A pipeline applying `policy` to what `detector` finds.
    public init(policy: Policy, detector: Detector = Detector()) {
        self.policy = policy
        self.detector = detector
        self.engine = PolicyEngine(policy: policy)
    }

    /// Whether a path names a Markdown draft (by its extension).
    public static func isMarkdown(path: String?) -> Bool {
        guard let path else { return false }
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }

    /// Everything detected in `document` (Markdown syntax masked when `markdown`), plus
    /// `extraFindings` (watch-list or `--term` matches), sorted by start.
    public func findings(in document: Document, extraFindings: [Finding] = [], markdown: Bool) -> [Finding] {
        var found: [Finding]
        if markdown, let masked = try? Document(bytes: Markdown.proseMask(document.bytes), path: document.path, allowEmpty: true) {
            found = detector.detect(masked).map { f in
                var f = f
                f.text = document.text(f.range)
                return f
            }
        } else {
            found = detector.detect(document)
        }
        found.append(contentsOf: extraFindings)
        found.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound
                                                                  : $0.range.upperBound > $1.range.upperBound }
        return found
    }

    /// Detects and decides, without changing anything: what `veil audit` reports.
    public func audit(_ document: Document, extraFindings: [Finding] = [], markdown: Bool) -> AuditedDocument {
        var pseudonyms = PseudonymTable()
        return audit(document, extraFindings: extraFindings, markdown: markdown, pseudonyms: &pseudonyms)
    }

    /// As `audit`, with a story's pseudonym table.
    public func audit(_ document: Document, extraFindings: [Finding] = [], markdown: Bool,
                      pseudonyms: inout PseudonymTable) -> AuditedDocument {
        let all = findings(in: document, extraFindings: extraFindings, markdown: markdown)
        let outcome = engine.decide(document: document, findings: all, pseudonyms: &pseudonyms)
        return AuditedDocument(document: document, outcome: outcome)
    }

    /// Findings of category `.term` for every occurrence of `terms` (case, diacritics,
    /// spacing and hyphens ignored).
    public static func termFindings(_ terms: [String], in document: Document) -> [Finding] {
        TermMatcher(terms: terms).occurrences(in: document).map {
            Finding(range: $0, text: document.text($0), category: .term, confidence: 1, recognizer: "cli.term",
                    explanation: "matches a term given with --term")
        }
    }

    /// Redacts `document`: decides on every finding, writes the published text, extends each
    /// removed name or place to its other occurrences, re-scans the output for every removed
    /// original and refuses if one survives, and returns the records to seal.
    public func redact(_ document: Document, terms: [String] = [], extraFindings: [Finding] = [], markdown: Bool,
                       pseudonyms: inout PseudonymTable) throws(RedactionError) -> RedactionResult {
        let extra = extraFindings + Pipeline.termFindings(terms, in: document)
        let audited = audit(document, extraFindings: extra, markdown: markdown, pseudonyms: &pseudonyms)
        var replacements = Redaction.replacements(for: audited.outcome)
        replacements = Pipeline.propagate(replacements, outcome: audited.outcome, in: document)

        let published = Redaction.apply(replacements, to: document)
        let originals = replacements.map { document.text($0.range) }
        if let publishedDocument = try? Document(bytes: published, allowEmpty: true) {
            let surviving = LeakCheck.survivors(of: originals, in: publishedDocument)
            if surviving > 0 { throw .originalsSurvive(count: surviving) }
        }

        var records: [VaultRecord] = [VaultRecord(id: Vault.draftRecordID, content: SecureBytes(copying: document.bytes))]
        var used: Set<String> = [Vault.draftRecordID, Vault.pseudonymsRecordID]
        for r in replacements {
            let id = Vault.newRecordID(excluding: used)
            used.insert(id)
            records.append(VaultRecord(id: id, content: SecureBytes(copying: document.bytes[r.range])))
        }
        if let table = pseudonyms.sealedJSON() {
            records.append(VaultRecord(id: Vault.pseudonymsRecordID, content: table))
        }
        return RedactionResult(published: published, records: records, audited: audited, replacements: replacements)
    }

    /// Adds a replacement for every other occurrence of a removed name, place, contact or term
    /// that no replacement covers yet, with the same replacement text.
    static func propagate(_ replacements: [Replacement], outcome: PolicyOutcome, in document: Document) -> [Replacement] {
        var byKey: [String: Replacement] = [:]
        for d in outcome.decisions where d.action.removesOriginal && propagated.contains(d.finding.category) {
            // Only decisions that are themselves replaced (not merged into a larger span).
            guard let r = replacements.first(where: { $0.range == d.finding.range }) else { continue }
            let key = TextFolding.key(d.finding.text)
            if key.unicodeScalars.count >= 2 && byKey[key] == nil { byKey[key] = r }
        }
        guard !byKey.isEmpty else { return replacements }
        let keys = byKey.keys.sorted()
        let matcher = TermMatcher(terms: keys)
        var added: [Replacement] = []
        for m in matcher.matches(in: document) {
            let covered = replacements.contains { $0.range.overlaps(m.range) } || added.contains { $0.range.overlaps(m.range) }
            if covered { continue }
            guard let template = byKey[matcher.key(at: m.term)] else { continue }
            added.append(Replacement(range: m.range, text: template.text, action: template.action))
        }
        guard !added.isEmpty else { return replacements }
        return (replacements + added).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

extension PseudonymTable {
    /// The table as JSON in guarded memory, or nil when it holds no pseudonym.
    func sealedJSON() -> SecureBytes? {
        guard !entries.isEmpty, let data = try? JSONEncoder().encode(self) else { return nil }
        return SecureBytes(copying: Array(data))
    }
}

import VeilModel
import VeilDetect
import VeilPolicy
import VeilVault
import VeilReport
import Foundation

/// Why `Pipeline.redact` refused to produce published text. Messages never quote originals.
public enum RedactionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The re-scan of the output found removed originals in it (`count` distinct originals).
    /// `line`/`column` locate the first survivor in the would-be output.
    case originalsSurvive(count: Int, line: Int, column: Int)
    /// The would-be output is not valid UTF-8, so it could not be re-scanned (a replacement
    /// cut a character; an internal error). Nothing is written: the check is never skipped.
    case outputNotText(offset: Int)

    public var description: String {
        switch self {
        case .outputNotText(let offset):
            return "refusing to write: the redacted text could not be re-scanned (not valid UTF-8 at byte offset \(offset) of the output; an internal error, please report it); nothing was written"
        case .originalsSurvive(let count, let line, let column):
            return "refusing to write: \(count) removed original\(count == 1 ? "" : "s") would survive in the redacted text, first at line \(line), column \(column) of the output (a replacement text repeats a removed detail); nothing was written"
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

    /// Categories whose replacement text can stand wherever else the same original occurs (a
    /// name or a place repeated where the detector missed it). Other removed originals (a
    /// date, a sum, an age) are also removed at every other occurrence, but with a neutral
    /// placeholder, since their generalized wording fits only the sentence it was made for.
    static let sameReplacement: Set<Category> = [.person, .neighborhood, .city, .province, .facility,
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
            // Findings are cut at Markdown syntax (a link's URL, a code span) so a redaction never
            // runs from link text into its destination; their text is taken from the original.
            found = Markdown.clip(detector.detect(masked), original: document.bytes, masked: masked.bytes)
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
        replacements = propagate(replacements, outcome: audited.outcome, in: document)
        let parts = removedParts(outcome: audited.outcome, replacements: replacements)
        replacements = propagateParts(parts, replacements, in: document)
        if markdown {
            replacements = Pipeline.keepMarkdownSyntax(replacements, in: document)
        }

        let published = try checkedOutput(&replacements, document: document, parts: parts)

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

    /// Keeps a Markdown draft's syntax intact around replacements: emphasis or bracket markers
    /// inside a replaced span are moved around the replacement text (openers before it, closers
    /// after it), and a replacement inside syntax that is not prose (a link destination, a code
    /// span) becomes the single word `redacted`, so a URL stays a URL.
    static func keepMarkdownSyntax(_ replacements: [Replacement], in document: Document) -> [Replacement] {
        let original = document.bytes
        let masked = Markdown.proseMask(original)
        func isSyntax(_ i: Int) -> Bool { masked[i] != original[i] }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        return replacements.map { r in
            var r = r
            if r.range.allSatisfy(isSyntax) {
                r.text = "redacted"
                r.action = .redact
                return r
            }
            var openers: [UInt8] = [], closers: [UInt8] = []
            var i = r.range.lowerBound
            while i < r.range.upperBound {
                guard isSyntax(i) else { i += 1; continue }
                var j = i
                while j < r.range.upperBound && isSyntax(j) { j += 1 }
                let run = original[i..<j]
                // A replacement composed from the original words (a source descriptor) may hold
                // the syntax already: "A source in [North Korea" keeps its link's bracket.
                if r.text.utf8.count >= run.count, r.text.contains(String(decoding: run, as: UTF8.self)) { i = j; continue }
                let before: UInt8 = i > 0 ? original[i - 1] : 0x20
                let after: UInt8 = j < original.count ? original[j] : 0x20
                if (isSpace(before) || i == r.range.lowerBound) && !isSpace(after) {
                    openers.append(contentsOf: run)
                } else {
                    closers.append(contentsOf: run)
                }
                i = j
            }
            if !openers.isEmpty || !closers.isEmpty {
                r.text = String(decoding: openers, as: UTF8.self) + r.text + String(decoding: closers, as: UTF8.self)
            }
            return r
        }
    }

    /// Applies `replacements` and re-scans the output for every removed original. A replacement
    /// text that itself repeats a removed detail (a date generalized to "in January" where a
    /// bare "January" was redacted; "a district in Ninh Binh" where Ninh Binh was removed) is
    /// replaced by the policy's placeholder and the output re-checked; an original surviving
    /// anywhere else refuses the redaction.
    ///
    /// `parts` (`removedParts`) are searched for too, in the same single scan: a distinctive
    /// word of a removed original surviving anywhere is a survivor like a whole original. The
    /// output is always re-scanned: one that is not valid UTF-8 refuses the write.
    func checkedOutput(_ replacements: inout [Replacement], document: Document,
                       parts: [RemovedPart] = []) throws(RedactionError) -> [UInt8] {
        let originals = replacements.map { document.text($0.range) }
        let wholeKeys = Set(originals.map { TextFolding.key($0) })
        let capitalizedOnly = Set(parts.filter { $0.capitalizedOnly && !wholeKeys.contains($0.key) }.map(\.key))
        let matcher = TermMatcher(terms: originals + parts.map(\.key))
        var neutralized = Set<Int>()
        while true {
            let (bytes, placed) = Redaction.applyTracking(replacements, to: document)
            let output: Document
            do { output = try Document(splicedUTF8: bytes) } catch {
                if case .invalidUTF8(let offset) = error { throw .outputNotText(offset: offset) }
                throw .outputNotText(offset: 0)
            }
            let survivors = matcher.matches(in: output).filter {
                capitalizedOnly.isEmpty || !capitalizedOnly.contains(matcher.key(at: $0.term))
                    || LeakCheck.startsCapitalized(output.bytes, at: $0.range.lowerBound)
            }
            if survivors.isEmpty { return bytes }
            var downgraded = false
            for m in survivors {
                guard let k = placed.firstIndex(where: { $0.overlaps(m.range) }), !neutralized.contains(k) else { continue }
                neutralized.insert(k)
                replacements[k].text = placeholder(for: replacements[k].category)
                replacements[k].action = .redact
                downgraded = true
            }
            if !downgraded {
                let count = Set(survivors.map(\.term)).count
                let first = survivors.map(\.range.lowerBound).min() ?? 0
                let position = output.lineColumn(ofByte: first)
                throw .originalsSurvive(count: count, line: position.line, column: position.column)
            }
        }
    }

    /// The distinctive parts (`RemovedPart`) of every original the policy removes: words of the
    /// removed names and places, less the words the published text carries by policy (words of
    /// kept findings that no replacement touches, of the `allow:` list, of every replacement
    /// text).
    func removedParts(outcome: PolicyOutcome, replacements: [Replacement]) -> [RemovedPart] {
        var removed: [(text: String, category: Category)] = []
        var publishable: [String] = policy.allow
        let sorted = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for d in outcome.decisions {
            if d.action.removesOriginal {
                removed.append((d.finding.text, d.finding.category))
            } else if !Pipeline.overlapsAny(sorted, d.finding.range) {
                publishable.append(d.finding.text)
            }
        }
        guard !removed.isEmpty else { return [] }
        publishable.append(contentsOf: replacements.map(\.text))
        let lexicon = NameLexicon.shared
        return LeakCheck.distinctiveParts(of: removed, publishable: LeakCheck.wordKeys(of: publishable)) {
            lexicon.isCommonWord(Lexicon.key($0))
        }
    }

    /// Whether `range` overlaps one of `sorted` (non-overlapping replacements sorted by start).
    static func overlapsAny(_ sorted: [Replacement], _ range: Range<Int>) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].range.upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo].range.lowerBound < range.upperBound
    }

    /// Replaces every occurrence of a distinctive part of a removed original that no
    /// replacement covers yet with the policy's placeholder (one multi-pattern scan of the
    /// draft), so that the re-scan passes because the part is gone.
    func propagateParts(_ parts: [RemovedPart], _ replacements: [Replacement], in document: Document) -> [Replacement] {
        guard !parts.isEmpty else { return replacements }
        var byKey: [String: RemovedPart] = [:]
        for p in parts where byKey[p.key] == nil { byKey[p.key] = p }
        let matcher = TermMatcher(terms: parts.map(\.key))
        let sorted = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var added: [Replacement] = []
        let matches = matcher.matches(in: document).sorted {
            $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.upperBound > $1.range.upperBound
        }
        for m in matches {
            guard let part = byKey[matcher.key(at: m.term)] else { continue }
            if part.capitalizedOnly && !LeakCheck.startsCapitalized(document.bytes, at: m.range.lowerBound) { continue }
            if Pipeline.overlapsAny(sorted, m.range) || added.last.map({ $0.range.overlaps(m.range) }) == true { continue }
            added.append(Replacement(range: m.range, text: placeholder(for: part.category), action: .redact, category: part.category))
        }
        guard !added.isEmpty else { return replacements }
        return (replacements + added).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Adds a replacement for every other occurrence of a removed original that no replacement
    /// covers yet (on word boundaries, ignoring case and spacing), so the no-leak re-scan
    /// passes for the right reason: names and places take the same replacement text, other
    /// categories the policy's placeholder.
    func propagate(_ replacements: [Replacement], outcome: PolicyOutcome, in document: Document) -> [Replacement] {
        var byKey: [String: Replacement] = [:]
        let removedRanges = Set(replacements.map(\.range))
        for d in outcome.decisions where d.action.removesOriginal {
            let key = TextFolding.key(d.finding.text)
            guard !key.isEmpty, byKey[key] == nil else { continue }
            if Pipeline.sameReplacement.contains(d.finding.category), removedRanges.contains(d.finding.range),
               let r = replacements.first(where: { $0.range == d.finding.range }) {
                byKey[key] = r
            } else {
                byKey[key] = Replacement(range: d.finding.range, text: placeholder(for: d.finding.category), action: .redact,
                                         category: d.finding.category)
            }
        }
        guard !byKey.isEmpty else { return replacements }
        let keys = byKey.keys.sorted()
        let matcher = TermMatcher(terms: keys)
        // Replacements do not overlap: sorted by start, one binary search tells whether a match
        // touches one (a linear scan per match was quadratic on long drafts).
        let sorted = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }
        func coveredByExisting(_ r: Range<Int>) -> Bool {
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid].range.upperBound <= r.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            return lo < sorted.count && sorted[lo].range.lowerBound < r.upperBound
        }
        var added: [Replacement] = []
        let b = document.bytes
        for m in matcher.matches(in: document) {
            if coveredByExisting(m.range) || added.last.map({ $0.range.overlaps(m.range) }) == true { continue }
            guard let template = byKey[matcher.key(at: m.term)] else { continue }
            var range = m.range
            var text = template.text
            if Pipeline.sameReplacement.contains(template.category), template.category.isPlace,
               let compound = PlaceWording.hyphenCompound(b, around: m.range) {
                // "the Dhaka-Aricha highway" -> "the city highway"; "a Dhaka-based group" -> "a
                // locally based group": the sentence around another occurrence may not fit the
                // first one's wording.
                let tail = String(decoding: b[m.range.upperBound..<compound.upperBound], as: UTF8.self).lowercased()
                text = compound.lowerBound == m.range.lowerBound && tail == "-based" ? "locally based" : PlaceWording.noun(template.category)
                range = compound
                if coveredByExisting(range) || added.last.map({ $0.range.overlaps(range) }) == true { continue }
            }
            added.append(Replacement(range: range, text: text, action: template.action, category: template.category))
        }
        guard !added.isEmpty else { return replacements }
        return (replacements + added).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

extension Pipeline {
    /// The policy's placeholder for a category: `[redacted]`, `[date]`, or a fresh random id.
    func placeholder(for category: Category) -> String {
        switch policy.placeholder {
        case .redacted: return "[redacted]"
        // Never "[watchlist]" or "[term]": that would tell readers which name is protected.
        case .category where category == .term || category == .watchlist: return "[redacted]"
        case .category: return "[\(category.rawValue)]"
        case .random: return "[" + Vault.newRecordID() + "]"
        }
    }
}

extension PseudonymTable {
    /// The table as JSON in guarded memory, or nil when it holds no pseudonym.
    func sealedJSON() -> SecureBytes? {
        guard !entries.isEmpty, let data = try? JSONEncoder().encode(self) else { return nil }
        return SecureBytes(copying: Array(data))
    }
}

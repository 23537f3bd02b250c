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
    /// Guarded memory (`sodium_malloc`) for the originals to seal could not be allocated.
    case outOfSecureMemory(bytes: Int)

    public var description: String {
        switch self {
        case .outputNotText(let offset):
            return "refusing to write: the redacted text could not be re-scanned (not valid UTF-8 at byte offset \(offset) of the output; an internal error, please report it); nothing was written"
        case .originalsSurvive(let count, let line, let column):
            return "refusing to write: \(count) removed original\(count == 1 ? "" : "s") would survive in the redacted text, first at line \(line), column \(column) of the output (a replacement text repeats a removed detail); nothing was written"
        case .outOfSecureMemory(let bytes):
            return "could not allocate \(bytes) bytes of guarded memory for the originals to seal (out of memory); nothing was written"
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
    /// `progress(done, total)` hears of each detected segment of a large plain-text draft (a
    /// Markdown draft reports once, when done).
    public func findings(in document: Document, extraFindings: [Finding] = [], markdown: Bool,
                         progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [Finding] {
        let found: [Finding]
        if markdown {
            found = markdownFindings(in: document)
            progress?(1, 1)
        } else {
            found = detector.detect(document, progress: progress)
        }
        return Pipeline.merge(found, extraFindings)
    }

    /// Detected findings and extra ones (terms, watch-list hits) in one list, by start, the
    /// longer first.
    static func merge(_ found: [Finding], _ extra: [Finding]) -> [Finding] {
        var all = found
        all.append(contentsOf: extra)
        func before(_ a: Finding, _ b: Finding) -> Bool {
            a.range.lowerBound != b.range.lowerBound ? a.range.lowerBound < b.range.lowerBound : a.range.upperBound > b.range.upperBound
        }
        // The detector's findings come sorted: the sort (and its buffer of half the findings) is
        // needed only when extra findings or a Markdown draft's pieces are out of order.
        if zip(all, all.dropFirst()).contains(where: { before($1, $0) }) {
            all.sort(by: before)
        }
        return all
    }

    /// Detects and decides, without changing anything: what `veil audit` reports.
    public func audit(_ document: Document, extraFindings: [Finding] = [], markdown: Bool) -> AuditedDocument {
        var pseudonyms = PseudonymTable()
        return audit(document, extraFindings: extraFindings, markdown: markdown, pseudonyms: &pseudonyms)
    }

    /// As `audit`, with a story's pseudonym table.
    public func audit(_ document: Document, extraFindings: [Finding] = [], markdown: Bool,
                      pseudonyms: inout PseudonymTable, overrides: EditorOverrides = .none) -> AuditedDocument {
        let all = findings(in: document, extraFindings: extraFindings, markdown: markdown)
        let outcome = engine.decide(document: document, findings: all, pseudonyms: &pseudonyms, overrides: overrides)
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
    ///
    /// `progress` hears of each detected segment, then of the deciding, the re-scan and the
    /// sealing of the records. `overrides` are an editor's decisions (`veil review`): spans kept
    /// as written, wordings of their own. Everything after the decisions (propagation, re-scan,
    /// records) is the same.
    public func redact(_ document: Document, terms: [String] = [], extraFindings: [Finding] = [], markdown: Bool,
                       pseudonyms: inout PseudonymTable, overrides: EditorOverrides = .none,
                       progress: ProgressHandler? = nil) throws(RedactionError) -> RedactionResult {
        var extra = extraFindings + Pipeline.termFindings(terms, in: document)
        let layout = markdown ? Markdown.layout(document.bytes) : nil
        if let layout, !terms.isEmpty {
            // A term percent-encoded or underscore-joined in a URL or file name.
            let raw = Set(extra.map(\.range))
            extra += Pipeline.literalMatches(TermMatcher(terms: terms), layout: layout).filter { !raw.contains($0.range) }.map { m in
                Finding(range: m.range, text: document.text(m.range), category: .term, confidence: 1, recognizer: "cli.term",
                        explanation: "matches a term given with --term")
            }
        }
        let size = document.bytes.count
        let all = findings(in: document, extraFindings: extra, markdown: markdown,
                           progress: ProgressReport.segments(progress, bytes: size))
        progress?(ProgressReport(step: .deciding, bytes: size))
        let outcome = engine.decide(document: document, findings: all, pseudonyms: &pseudonyms, overrides: overrides)
        let audited = AuditedDocument(document: document, outcome: outcome)
        progress?(ProgressReport(step: .checking, bytes: size))
        let (published, replacements) = try publishedText(audited, layout: layout)
        progress?(ProgressReport(step: .sealing, bytes: size))

        let records: [VaultRecord]
        do {
            records = try Pipeline.records(document: document, replacements: replacements, pseudonyms: pseudonyms)
        } catch {
            switch error {
            case .outOfMemory(let bytes): throw .outOfSecureMemory(bytes: bytes)
            }
        }
        return RedactionResult(published: published, records: records, audited: audited, replacements: replacements)
    }

    /// The published text of an audited draft and the replacements that make it: the
    /// decisions' replacements, extended to every other occurrence of each removed original
    /// and of its distinctive parts, Markdown syntax kept, then re-scanned (`checkedOutput`).
    /// `layout` is the draft's Markdown layout, or nil for plain text.
    func publishedText(_ audited: AuditedDocument, layout: Markdown.Layout?) throws(RedactionError) -> (bytes: [UInt8], replacements: [Replacement]) {
        let document = audited.document
        var replacements = Redaction.replacements(for: audited.outcome)
        replacements = propagate(replacements, outcome: audited.outcome, in: document, layout: layout)
        let parts = removedParts(outcome: audited.outcome, replacements: replacements)
        replacements = propagateParts(parts, replacements, in: document)
        if layout != nil {
            replacements = Pipeline.keepMarkdownSyntax(replacements, in: document)
        }
        let published = try checkedOutput(&replacements, document: document, parts: parts)
        return (published, replacements)
    }

    /// What `redact` would publish for an audited draft, through the same steps (replacements
    /// extended, Markdown syntax kept, output re-scanned), without sealing anything: the
    /// preview `veil audit` shows. The replaced spans are given as byte ranges of the preview;
    /// a draft `redact` would refuse gives the refusal instead.
    public func preview(_ audited: AuditedDocument, markdown: Bool) -> PublishedPreview {
        let layout = markdown ? Markdown.layout(audited.document.bytes) : nil
        do {
            let (bytes, replacements) = try publishedText(audited, layout: layout)
            let placed = Redaction.applyTracking(replacements, to: audited.document).placed
            return .text(String(decoding: bytes, as: UTF8.self), replaced: placed)
        } catch {
            return .refused(error.description)
        }
    }

    /// The records to seal: `@draft`, one per replacement, `@pseudonyms` when the table has any.
    /// The replaced originals are copied into one `SecureArena` (a few guarded regions in all,
    /// not one per record: a region per record exhausted the process's memory mappings near
    /// 16,000 records).
    static func records(document: Document, replacements: [Replacement],
                        pseudonyms: PseudonymTable) throws(SecureMemoryError) -> [VaultRecord] {
        var records: [VaultRecord] = []
        records.reserveCapacity(replacements.count + 2)
        records.append(VaultRecord(id: Vault.draftRecordID, content: try SecureBytes.copying(document.bytes)))
        var used: Set<String> = [Vault.draftRecordID, Vault.pseudonymsRecordID]
        used.reserveCapacity(replacements.count + 2)
        var arena = SecureArena(capacity: replacements.reduce(0) { $0 + $1.range.count })
        for r in replacements {
            let id = Vault.newRecordID(excluding: used)
            used.insert(id)
            records.append(VaultRecord(id: id, content: try arena.append(document.bytes[r.range])))
        }
        if let table = try pseudonyms.sealedJSON() {
            records.append(VaultRecord(id: Vault.pseudonymsRecordID, content: table))
        }
        return records
    }

    /// What the detector finds in a Markdown draft: in its prose (syntax masked, so
    /// `**Kang**` is a name), cut at syntax so a redaction never runs from link text into its
    /// destination; and in every non-prose part (code, URLs and file names, HTML and comments,
    /// front matter), each read as its own text. Texts are taken from the original.
    func markdownFindings(in document: Document) -> [Finding] {
        let layout = Markdown.layout(document.bytes)
        var found: [Finding] = []
        // The masked prose and the literals' text are cut from a validated draft at scalar
        // boundaries, so only UTF-8 validity is checked (the binary heuristics would refuse a
        // literal dense with control bytes that the whole draft passed). Should either ever
        // fail, the draft itself is scanned unmasked: more findings, never a part skipped.
        guard let prose = try? Document(splicedUTF8: layout.prose),
              let literals = try? Document(splicedUTF8: layout.literalText) else {
            return detector.detect(document)
        }
        found = Markdown.clip(detector.detect(prose), original: document.bytes, masked: layout.prose)
        if !layout.literals.isEmpty {
            found += layout.mapLiteralFindings(detector.detect(literals), original: document.bytes)
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Where `matcher`'s terms stand in a Markdown draft's literals read as words (`kang%20mi`,
    /// `kang_mi_jin.jpg`) and not in its raw text, as ranges of the draft.
    static func literalMatches(_ matcher: TermMatcher, layout: Markdown.Layout) -> [(term: Int, range: Range<Int>)] {
        guard !matcher.isEmpty, !layout.literals.isEmpty else { return [] }
        // Cut from a validated draft at scalar boundaries: only UTF-8 validity can fail, and
        // then every literal is matched in the draft's raw text by the caller already.
        guard let text = try? Document(splicedUTF8: layout.literalText) else { return [] }
        return matcher.matches(in: text).compactMap { m in
            layout.originalRange(ofLiteralText: m.range).map { (term: m.term, range: $0) }
        }
    }

    /// Keeps a Markdown draft's syntax intact around replacements: emphasis or bracket markers
    /// inside a replaced span are moved around the replacement text (openers before it, closers
    /// after it), and a replacement inside a literal (a link destination, a file name, a code
    /// span, a comment, front matter) takes neutral text that keeps it what it was
    /// (`Markdown.literalReplacement`: a URL stays a URL, code stays code).
    static func keepMarkdownSyntax(_ replacements: [Replacement], in document: Document) -> [Replacement] {
        let original = document.bytes
        let layout = Markdown.layout(original)
        func isSyntax(_ i: Int) -> Bool { layout.prose[i] != original[i] }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        // A replacement in a URL's path takes its whole segment (`kang%20mi%20jin` ->
        // `redacted`); replacements sharing a segment become one.
        var merged: [Replacement] = []
        for r in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            var r = r
            if !r.range.isEmpty, let literal = layout.literal(containing: r.range.lowerBound), literal.kind == .url {
                r.range = Markdown.urlSegment(around: r.range, in: literal, original: original)
            }
            if let last = merged.last, last.range.overlaps(r.range) {
                merged[merged.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, r.range.upperBound)
                continue
            }
            merged.append(r)
        }
        return merged.map { r in
            var r = r
            guard !r.range.isEmpty else { return r }
            if let literal = layout.literal(containing: r.range.lowerBound) {
                let text = Markdown.literalReplacement(r.text, replacing: r.range, in: literal, original: original)
                if text != r.text {
                    r.text = text
                    r.action = .redact
                }
                return r
            }
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
                // A literal's words inside a prose replacement (a term running into a code span)
                // are replaced with it, never moved out of it.
                if run.contains(where: { $0 >= 0x80 || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
                    i = j; continue
                }
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
        // What each searched key belongs to, for the placeholder of an occurrence found in
        // text no replacement touches (whole originals first, then parts).
        var categoryOfKey: [String: Category] = [:]
        for (r, o) in zip(replacements, originals) where categoryOfKey[TextFolding.key(o)] == nil { categoryOfKey[TextFolding.key(o)] = r.category }
        for p in parts where categoryOfKey[p.key] == nil { categoryOfKey[p.key] = p.category }
        var neutralized = Set<Range<Int>>()   // draft ranges of replacements turned into placeholders
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
            var uncovered: [Replacement] = []
            for m in survivors {
                guard let k = Pipeline.firstOverlap(placed, m.range) else {
                    // In text no replacement touches (an occurrence the propagation passes did
                    // not reach): it is removed there too, with the placeholder of what it
                    // belongs to, rather than refusing the whole draft.
                    let range = Pipeline.draftRange(ofOutput: m.range, placed: placed, replacements: replacements)
                    if uncovered.last.map({ $0.range.overlaps(range) }) != true {
                        let category = categoryOfKey[matcher.key(at: m.term)] ?? .term
                        uncovered.append(Replacement(range: range, text: placeholder(for: category), action: .redact, category: category))
                    }
                    continue
                }
                guard !neutralized.contains(replacements[k].range) else { continue }
                neutralized.insert(replacements[k].range)
                replacements[k].text = placeholder(for: replacements[k].category)
                replacements[k].action = .redact
                downgraded = true
            }
            if !uncovered.isEmpty {
                replacements = (replacements + uncovered).sorted { $0.range.lowerBound < $1.range.lowerBound }
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

    /// The draft's range of `range`, a range of the output that lies in text no replacement
    /// touched: output offsets after replacement `j` are shifted by the difference between the
    /// replacement's text and the original it replaced.
    static func draftRange(ofOutput range: Range<Int>, placed: [Range<Int>], replacements: [Replacement]) -> Range<Int> {
        var lo = 0, hi = placed.count
        while lo < hi {   // the first placed range ending after range.lowerBound
            let mid = (lo + hi) / 2
            if placed[mid].upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return range }
        let shift = replacements[lo - 1].range.upperBound - placed[lo - 1].upperBound
        return (range.lowerBound + shift)..<(range.upperBound + shift)
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

    /// The first of `placed` (sorted, not overlapping) that overlaps `range`, by binary search
    /// (a linear search per survivor was quadratic in the replacements).
    static func firstOverlap(_ placed: [Range<Int>], _ range: Range<Int>) -> Int? {
        var lo = 0, hi = placed.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if placed[mid].upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        // `placed[lo]` is the first ending after `range` starts; empty ranges overlap nothing.
        while lo < placed.count && placed[lo].lowerBound < range.upperBound {
            if placed[lo].overlaps(range) { return lo }
            lo += 1
        }
        return nil
    }

    /// Adds a replacement for every other occurrence of a removed original that no replacement
    /// covers yet (on word boundaries, ignoring case and spacing), so the no-leak re-scan
    /// passes for the right reason: names and places take the same replacement text, other
    /// categories the policy's placeholder.
    ///
    /// In a Markdown draft (`layout`), occurrences in its literals read as words count too (a
    /// removed name percent-encoded or underscore-joined in a URL or file name).
    func propagate(_ replacements: [Replacement], outcome: PolicyOutcome, in document: Document,
                   layout: Markdown.Layout? = nil) -> [Replacement] {
        var byKey: [String: Replacement] = [:]
        // The first replacement of each range (a dictionary: a search per decision was
        // quadratic in the number of distinct originals).
        var byRange: [Range<Int>: Replacement] = [:]
        for r in replacements where byRange[r.range] == nil { byRange[r.range] = r }
        for d in outcome.decisions where d.action.removesOriginal {
            let key = TextFolding.key(d.finding.text)
            guard !key.isEmpty, byKey[key] == nil else { continue }
            if Pipeline.sameReplacement.contains(d.finding.category), var r = byRange[d.finding.range] {
                // A wording fitted to its own slot ("local", "the city") starts again from the
                // wording of a noun phrase's head ("a city in North Korea"): each copy is fitted
                // to its own slot below.
                if r.action == .generalize, SlotFitter.isSlotBound(r.text), let head = engine.headWording(of: d.finding) {
                    r.text = head
                }
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
        // The end of the last existing replacement that ends at or before `x` (0 if none).
        func endBefore(_ x: Int) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid].range.upperBound <= x { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 ? sorted[lo - 1].range.upperBound : 0
        }
        var added: [Replacement] = []
        let b = document.bytes
        var matches = matcher.matches(in: document)
        if let layout {
            matches = (matches + Pipeline.literalMatches(matcher, layout: layout)).sorted { $0.range.lowerBound < $1.range.lowerBound }
        }
        for m in matches {
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
            } else {
                // Fitted to this occurrence's slot ("the a city", "its a city offices" otherwise),
                // never taking in words of an earlier replacement.
                let floor = max(added.last?.range.upperBound ?? 0, endBefore(m.range.lowerBound))
                let fitted = SlotFitter.fit(text, category: template.category, original: document.text(m.range), range: m.range,
                                            in: b, floor: floor)
                range = fitted.range
                text = fitted.text
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
    func sealedJSON() throws(SecureMemoryError) -> SecureBytes? {
        guard !entries.isEmpty, let data = try? JSONEncoder().encode(self) else { return nil }
        return try SecureBytes.copying(Array(data))
    }
}

import Foundation
import Veil

/// Everything the review page shows for one evaluation, as JSON: the draft with every
/// finding marked, the published text with every change marked, the changes with their
/// reasons and the editor's choice, each source's attached details and risk, the draft's risk
/// and the leak re-scan's verdict.
public struct ReviewView: Codable, Sendable {
    /// A run of the draft; `m` indexes `marks` when the run is a finding.
    public struct Segment: Codable, Sendable, Equatable { public var t: String; public var m: Int? }
    /// A run of the published text; `c` names the change that wrote it.
    public struct PublishedSegment: Codable, Sendable, Equatable { public var t: String; public var c: String? }
    /// A marked finding of the draft.
    public struct Mark: Codable, Sendable, Equatable {
        public var category: String
        public var action: String
        public var change: String?
        public var reason: String
    }
    public struct Change: Codable, Sendable, Equatable {
        public var id: String
        public var start: Int
        public var end: Int
        public var category: String
        /// What the published text does: redact, generalize, pseudonymize; keep when rejected.
        public var action: String
        public var original: String
        /// The text published in its place (nil when the original stays).
        public var proposed: String?
        /// Why, in plain words, and the policy rule behind it.
        public var reason: String
        public var rule: String
        /// accepted, rejected or edited.
        public var status: String
        /// The editor's wording, when edited.
        public var wording: String?
        /// What the pipeline did beyond the editor's choice (the re-scan replaced a wording).
        public var note: String?
        public var canReject: Bool
        public var canEdit: Bool
    }
    public struct Detail: Codable, Sendable, Equatable { public var kind: String; public var text: String }
    public struct Source: Codable, Sendable, Equatable {
        public var text: String
        public var published: String?
        public var details: [Detail]
        public var surviving: [String]
        public var score: Double
        public var exceeds: Bool
        public var explanation: String
    }
    public struct Risk: Codable, Sendable, Equatable {
        public var score: Double
        public var threshold: Double
        public var sourceThreshold: Double
        public var exceeds: Bool
        public var explanation: String
    }
    public struct Rescan: Codable, Sendable, Equatable { public var ok: Bool; public var message: String }
    public struct Choice: Codable, Sendable, Equatable { public var id: String; public var label: String }
    public struct Counts: Codable, Sendable, Equatable {
        public var changes = 0, accepted = 0, rejected = 0, edited = 0, findings = 0
    }
    public struct Publication: Codable, Sendable, Equatable {
        public var output: String
        public var vault: String
        public var records: Int
    }

    public var draft: String
    public var policy: String
    public var policies: [Choice]
    public var terms: [String]
    /// The decisions this view shows (a new tab starts from them).
    public var decisions: ReviewDecisions
    public var original: [Segment]
    public var published: [PublishedSegment]
    public var marks: [Mark]
    public var changes: [Change]
    public var sources: [Source]
    public var risk: Risk
    public var rescan: Rescan
    public var counts: Counts
    public var publishable: Bool
    /// Where Publish wrote, once it has.
    public var publication: Publication?
    /// Where Publish will write.
    public var output: String
    public var vault: String

    /// The view of `evaluation` of `session`'s draft.
    public init(_ e: ReviewEvaluation, session: ReviewSession, output: String, vault: String, publication: PublishedFiles?) {
        let document = session.document
        draft = session.path
        policy = e.policyReference
        policies = session.policyNames.map { name in
            let label = ReviewSession.shippedPolicies.contains(name) ? name : "\(name) (\(session.policies[name]?.name ?? "file"))"
            return Choice(id: name, label: label)
        }
        terms = e.decisions.terms
        decisions = e.decisions
        decisions.policy = e.policyReference
        self.output = output
        self.vault = vault
        changes = ReviewView.changes(of: e, document: document)
        (original, marks) = ReviewView.originalSegments(e, changes: changes, document: document)
        published = ReviewView.publishedSegments(e.replacements, document: document)
        let risk = e.audited.outcome.risk
        let sourceThreshold = e.policy.risk.sourceThreshold
        sources = risk.sources.map { s in
            Source(text: s.source.text,
                   published: ReviewView.covering(s.source.range, in: e.replacements).map(\.text),
                   details: s.source.qualifiers.map { Detail(kind: $0.kind.rawValue, text: $0.text) },
                   surviving: s.survivingDetails, score: s.score, exceeds: s.score > sourceThreshold, explanation: s.explanation)
        }
        self.risk = Risk(score: risk.documentScore, threshold: risk.threshold, sourceThreshold: sourceThreshold,
                         exceeds: risk.exceedsThreshold, explanation: risk.explanation)
        if let refusal = e.refusal {
            rescan = Rescan(ok: false, message: refusal.description)
        } else {
            let replaced = changes.filter { $0.note != nil && $0.status == "edited" }.count
            rescan = Rescan(ok: true, message: "Re-scanned: no removed original, nor a distinctive word of one, survives in the published text"
                            + (replaced > 0 ? " (\(replaced) of your wordings repeated a removed detail and were replaced)." : "."))
        }
        var counts = Counts()
        counts.changes = changes.count
        for c in changes {
            switch c.status {
            case "rejected": counts.rejected += 1
            case "edited": counts.edited += 1
            default: counts.accepted += 1
            }
        }
        counts.findings = marks.count
        self.counts = counts
        publishable = e.publishable
        self.publication = publication.map { Publication(output: $0.output, vault: $0.vault, records: $0.recordCount) }
    }

    // MARK: - Changes

    static func changes(of e: ReviewEvaluation, document: Document) -> [Change] {
        var decisionAt: [Range<Int>: Decision] = [:]
        for d in e.audited.outcome.decisions where d.coveredBy == nil && d.action.removesOriginal && decisionAt[d.finding.range] == nil {
            decisionAt[d.finding.range] = d
        }
        let rejected = Set(e.decisions.rejected)
        var out: [Change] = []
        out.reserveCapacity(e.replacements.count + rejected.count)
        var replacedIDs = Set<String>()
        for r in e.replacements {
            let id = ChangeID.make(r.range)
            replacedIDs.insert(id)
            let decision = decisionAt[r.range]
            var status = "accepted", note: String? = nil, wording: String? = nil
            if rejected.contains(id) {
                status = "rejected"
                note = "Still removed: the same detail is removed elsewhere in the draft, so it cannot stand here."
            } else if let w = e.decisions.edits[id] {
                status = "edited"
                wording = w
                if w != r.text {
                    note = "Your wording repeats a removed detail (or breaks the draft's syntax); the re-scan put \u{201C}\(r.text)\u{201D} in its place."
                }
            }
            let policyChange = decision != nil
            out.append(Change(id: id, start: r.range.lowerBound, end: r.range.upperBound, category: r.category.rawValue,
                              action: r.action.rawValue, original: document.text(r.range), proposed: r.text,
                              reason: policyChange ? ReviewView.plainReason(r.category, r.action)
                                  : "Another occurrence of a removed detail: removed here too, so that it cannot survive in the published text.",
                              rule: decision?.reason ?? "re-scan: every occurrence of a removed original is removed",
                              status: status, wording: wording, note: note,
                              canReject: policyChange || status == "rejected", canEdit: policyChange && status != "rejected"))
        }
        // Rejected changes the published text no longer replaces: listed, so they can be undone.
        // The kept findings by start: the category of a rejected range is that of the first kept
        // finding inside it (a binary search per rejection: linear overall, never quadratic).
        let kept = e.audited.outcome.decisions.filter { $0.reason == EditorOverrides.keptReason }
            .map { ($0.finding.range, $0.finding.category) }.sorted { $0.0.lowerBound < $1.0.lowerBound }
        func keptCategory(in range: Range<Int>) -> Category? {
            var lo = 0, hi = kept.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if kept[mid].0.lowerBound < range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            while lo < kept.count && kept[lo].0.lowerBound < range.upperBound {
                if kept[lo].0.upperBound <= range.upperBound { return kept[lo].1 }
                lo += 1
            }
            return nil
        }
        for id in e.decisions.rejected where !replacedIDs.contains(id) {
            guard let range = ChangeID.range(id) else { continue }
            let category = keptCategory(in: range)
            out.append(Change(id: id, start: range.lowerBound, end: range.upperBound, category: category?.rawValue ?? "term",
                              action: Action.keep.rawValue, original: document.text(range), proposed: nil,
                              reason: "Kept as written: you rejected this change.", rule: EditorOverrides.keptReason,
                              status: "rejected", wording: nil, note: nil, canReject: true, canEdit: false))
        }
        return out.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    }

    /// "A city: the policy makes cities less specific."
    static func plainReason(_ category: Category, _ action: Action) -> String {
        let (one, many) = ReviewView.names[category] ?? (category.rawValue, category.rawValue)
        let verb: String
        switch action {
        case .redact: verb = "removes"
        case .generalize: verb = "makes less specific"
        case .pseudonymize: verb = "replaces with pseudonyms"
        case .keep, .flag: verb = "leaves as written"
        }
        let first = one.prefix(1).uppercased() + one.dropFirst()
        return "\(first): the policy \(verb) \(many)."
    }

    static let names: [Category: (String, String)] = [
        .person: ("a person's name", "private people's names"), .neighborhood: ("a neighborhood", "neighborhoods"),
        .city: ("a city", "cities"), .province: ("a province", "provinces"), .country: ("a country", "countries"),
        .facility: ("a facility", "named facilities"), .organization: ("an organization", "organizations"),
        .date: ("a date", "exact dates"), .age: ("an age", "ages"), .amount: ("a sum", "sums"),
        .source: ("an anonymous source", "descriptions of anonymous sources"), .occupation: ("an occupation", "occupations"),
        .contact: ("a contact detail", "contact details"), .watchlist: ("a watch-list term", "watch-list terms"),
        .term: ("a term", "the terms you named"),
    ]

    // MARK: - Segments

    /// The draft cut into runs, with every change and every other finding marked (a finding
    /// overlapping a change is shown as part of it).
    static func originalSegments(_ e: ReviewEvaluation, changes: [Change], document: Document) -> ([Segment], [Mark]) {
        var primary: [(Range<Int>, Mark)] = []
        for c in changes {
            let mark = Mark(category: c.category, action: c.status == "rejected" && c.proposed == nil ? "keep" : c.action,
                            change: c.id, reason: c.reason)
            let r = c.start..<c.end
            if let last = primary.last, last.0.overlaps(r) { continue }
            primary.append((r, mark))
        }
        let starts = primary.map(\.0)
        func overlapsPrimary(_ r: Range<Int>) -> Bool {
            var lo = 0, hi = starts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid].upperBound <= r.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            return lo < starts.count && starts[lo].lowerBound < r.upperBound
        }
        var others: [(Range<Int>, Mark)] = []
        let decisions = e.audited.outcome.decisions
            .filter { $0.coveredBy == nil && !$0.action.removesOriginal && $0.reason != EditorOverrides.keptReason }
            .sorted { $0.finding.range.lowerBound != $1.finding.range.lowerBound ? $0.finding.range.lowerBound < $1.finding.range.lowerBound
                                                                                    : $0.finding.range.upperBound > $1.finding.range.upperBound }
        for d in decisions {
            let r = d.finding.range
            guard !r.isEmpty, r.upperBound <= document.bytes.count, !overlapsPrimary(r) else { continue }
            if let last = others.last, last.0.overlaps(r) { continue }
            let why = d.action == .flag ? "Left as written, flagged for the editor (\(d.finding.category.rawValue))."
                : "Left as written (\(d.finding.category.rawValue))."
            others.append((r, Mark(category: d.finding.category.rawValue, action: d.action.rawValue, change: nil, reason: why)))
        }
        // Merge the two sorted, non-overlapping lists.
        var all: [(Range<Int>, Mark)] = []
        all.reserveCapacity(primary.count + others.count)
        var i = 0, j = 0
        while i < primary.count || j < others.count {
            if j >= others.count || (i < primary.count && primary[i].0.lowerBound <= others[j].0.lowerBound) {
                all.append(primary[i]); i += 1
            } else {
                all.append(others[j]); j += 1
            }
        }
        var segments: [Segment] = []
        var marks: [Mark] = []
        var cursor = 0
        for (r, mark) in all where r.lowerBound >= cursor {
            if r.lowerBound > cursor { segments.append(Segment(t: document.text(cursor..<r.lowerBound), m: nil)) }
            segments.append(Segment(t: document.text(r), m: marks.count))
            marks.append(mark)
            cursor = r.upperBound
        }
        if cursor < document.bytes.count { segments.append(Segment(t: document.text(cursor..<document.bytes.count), m: nil)) }
        return (segments, marks)
    }

    /// The published text cut into runs, each replacement naming its change.
    static func publishedSegments(_ replacements: [Replacement], document: Document) -> [PublishedSegment] {
        var out: [PublishedSegment] = []
        var cursor = 0
        for r in replacements where r.range.lowerBound >= cursor {
            if r.range.lowerBound > cursor { out.append(PublishedSegment(t: document.text(cursor..<r.range.lowerBound), c: nil)) }
            out.append(PublishedSegment(t: r.text, c: ChangeID.make(r.range)))
            cursor = r.range.upperBound
        }
        if cursor < document.bytes.count { out.append(PublishedSegment(t: document.text(cursor..<document.bytes.count), c: nil)) }
        return out
    }

    /// The replacement covering all of `range`, if one does.
    static func covering(_ range: Range<Int>, in replacements: [Replacement]) -> Replacement? {
        var lo = 0, hi = replacements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if replacements[mid].range.upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        guard lo < replacements.count, replacements[lo].range.lowerBound <= range.lowerBound,
              replacements[lo].range.upperBound >= range.upperBound else { return nil }
        return replacements[lo]
    }
}

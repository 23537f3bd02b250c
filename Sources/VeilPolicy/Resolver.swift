import Foundation
import VeilModel

/// Computes replacements and resolves overlapping decisions (the rule is documented on
/// `PolicyEngine`). Guarantees: every removing decision's span lies inside the span of a
/// top-level decision (`coveredBy == nil`) that carries a replacement, and top-level removing
/// spans do not overlap.
struct Resolver {
    typealias Work = PolicyEngine.Work
    let engine: PolicyEngine
    let document: Document
    let generalizer: Generalizer
    /// Place findings sorted by start, for looking up the places inside a source.
    let places: [Finding]
    /// Their start offsets.
    let placeStarts: [Int]

    /// `places`: the document's place findings in the engine's order (by start, longest first).
    init(engine: PolicyEngine, document: Document, generalizer: Generalizer, places: [Finding]) {
        self.engine = engine
        self.document = document
        self.generalizer = generalizer
        self.places = places.sorted { $0.range.lowerBound < $1.range.lowerBound }
        placeStarts = places.map(\.range.lowerBound)
    }

    /// Place findings overlapping `range` (places are short: a 256-byte look-back suffices).
    func places(overlapping range: Range<Int>) -> [Finding] {
        var k = max(0, Resolver.lastIndex(in: placeStarts, atMost: range.lowerBound - 256) + 1)
        var out: [Finding] = []
        while k < places.count && places[k].range.lowerBound < range.upperBound {
            if places[k].range.overlaps(range) { out.append(places[k]) }
            k += 1
        }
        return out
    }

    var policy: Policy { engine.policy }
    var bytes: [UInt8] { document.bytes }

    /// Words introducing a place qualifier, removed with it.
    static let placePrepositions: Set<String> = ["in", "from", "at", "near", "inside", "outside", "of", "based", "around"]

    mutating func resolve(_ work: inout [Work], pseudonyms: inout PseudonymTable) {
        // Standalone replacements for every removing decision (sources are composed later).
        for i in work.indices where work[i].action.removesOriginal && work[i].finding.category != .source {
            standalone(&work[i], pseudonyms: &pseudonyms)
        }
        // Groups of intersecting removing spans, in document order.
        let removing = work.indices.filter { work[$0].action.removesOriginal }
            .sorted { (work[$0].finding.range.lowerBound, -work[$0].finding.range.upperBound) < (work[$1].finding.range.lowerBound, -work[$1].finding.range.upperBound) }
        // A group is a run of `removing` (most groups are one decision: no array per group).
        var groups: [Range<Int>] = []
        var groupEnd = -1
        for (k, i) in removing.enumerated() {
            if let last = groups.indices.last, work[i].finding.range.lowerBound < groupEnd {
                groups[last] = groups[last].lowerBound..<(k + 1)
                groupEnd = max(groupEnd, work[i].finding.range.upperBound)
            } else {
                groups.append(k..<(k + 1))
                groupEnd = work[i].finding.range.upperBound
            }
        }
        var primaries: [Int] = []
        primaries.reserveCapacity(groups.count)
        for group in groups {
            primaries.append(resolveGroup(removing[group], &work, pseudonyms: &pseudonyms))
        }
        primaries = mergeLists(primaries, &work)
        fitToSentences(primaries, &work)
        guardAgainstRepeats(primaries, &work)
        // Non-removing decisions (and any stragglers) inside a replaced span are covered by it.
        // Replaced spans do not overlap: a binary search finds the one that could hold a span.
        let replaced = primaries.filter { work[$0].action.removesOriginal }
            .sorted { work[$0].finding.range.lowerBound < work[$1].finding.range.lowerBound }
        let starts = replaced.map { work[$0].finding.range.lowerBound }
        let isPrimary = Set(primaries)
        for i in work.indices where work[i].coveredBy == nil && !isPrimary.contains(i) {
            let r = work[i].finding.range
            let k = Resolver.lastIndex(in: starts, atMost: r.lowerBound)
            if k >= 0, r.upperBound <= work[replaced[k]].finding.range.upperBound {
                work[i].coveredBy = replaced[k]
            }
        }
        // Lists and ranges written once cover decisions that covered others: every cover points
        // at a top-level decision.
        for i in work.indices {
            var c = work[i].coveredBy
            var hops = 0
            while let next = c.flatMap({ work[$0].coveredBy }), hops < work.count { c = next; hops += 1 }
            work[i].coveredBy = c
        }
    }

    /// Index of the last element of sorted `values` that is <= `x`, or -1.
    static func lastIndex(in values: [Int], atMost x: Int) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// The replacement of a removing, non-source decision on its own.
    private func standalone(_ w: inout Work, pseudonyms: inout PseudonymTable) {
        let f = w.finding
        var rule = policy.rule(for: f.category)
        // A public official's name goes, the role word stays ("Judge [person]").
        if engine.wordPublicOfficial(&w, pseudonyms: &pseudonyms) { return }
        // A dateline's place is named by its nearest kept enclosing unit (its country).
        if w.role == .dateline { rule.form = .name; rule.replacement = nil }
        // Veil's own wordings met again are kept: the audit of published text is a fixed point.
        if f.category != .term && f.category != .watchlist, f.category == .person && engine.isOwnPseudonym(f.text) || PolicyEngine.isPlaceholder(f.text)
                || w.action == .generalize && generalizer.alreadyGeneral(f, rule: rule) {
            w.action = .keep
            w.ownWording = true
            w.basis = .ownWording
            w.residual = PolicyEngine.isPlaceholder(f.text) ? 0 : f.category == .person || f.category == .age ? 0.05 : 0.02
            w.reason += "; already worded as this policy words it (a pseudonym, a placeholder or its generalization), kept"
            return
        }
        switch w.action {
        case .redact:
            w.replacement = engine.placeholder(f.category, kind: f.attributes[FindingAttribute.contactKind])
        case .pseudonymize:
            let template = rule.replacement.flatMap { Resolver.contains($0, "{letter}") ? $0 : nil }
                ?? (f.category == .person ? "Person {letter}" : TextFit.capitalized(f.category.rawValue) + " {letter}")
            w.replacement = Resolver.pseudonym(&pseudonyms, for: f.text, category: f.category,
                                               surname: f.attributes[FindingAttribute.surname], template: template)
            w.residual = 0.05
            if f.category == .person, let title = Resolver.courtesyTitleStart(bytes, before: f.range.lowerBound) {
                // "Mr. Ammerman" -> "Person A", not "Mr. Person A".
                w.finding.range = title..<f.range.upperBound
                w.finding.text = document.text(w.finding.range)
                w.reason += "; takes in the courtesy title before it"
            }
        case .generalize:
            if let g = generalizer.generalize(f, rule: rule), !Resolver.leaks(g.text, original: f.text) {
                w.replacement = g.text
                w.residual = g.residual
                w.reason += "; generalized to "
                w.reason += g.note
                if let start = g.start {
                    w.finding.range = start..<f.range.upperBound
                    w.finding.text = document.text(w.finding.range)
                    w.reason += "; takes in the word before it"
                }
                if let end = g.end {
                    w.finding.range = w.finding.range.lowerBound..<end
                    w.finding.text = document.text(w.finding.range)
                    w.reason += "; takes in the enclosing place named after it"
                }
            } else {
                w.action = .redact
                w.replacement = engine.placeholder(f.category, kind: f.attributes[FindingAttribute.contactKind])
                w.basis = .noSafeGeneralization
                w.reason += "; nothing less specific can be said safely, so redacted"
            }
        case .keep, .flag:
            break
        }
    }

    /// Resolves one group of intersecting removing decisions; returns its primary.
    private mutating func resolveGroup(_ group: ArraySlice<Int>, _ work: inout [Work], pseudonyms: inout PseudonymTable) -> Int {
        if group.count == 1 {
            // A lone decision is its own primary (what the general path below gives it).
            let i = group.first!
            if work[i].finding.category == .source && work[i].action == .generalize {
                composeSource(i, inner: [], &work, pseudonyms: &pseudonyms)
            }
            return i
        }
        let lower = group.map { work[$0].finding.range.lowerBound }.min()!
        let upper = group.map { work[$0].finding.range.upperBound }.max()!
        let union = lower..<upper
        let containers = group.filter { work[$0].finding.range == union }
        let primary: Int
        // Among containers of one span, the strongest action wins; on a tie a source descriptor
        // (which composes its place, role and relation) wins over an occupation of the same words.
        func rank(_ i: Int) -> (Action, Int, Int) { (work[i].action, work[i].finding.category == .source ? 1 : 0, -i) }
        if let outer = containers.max(by: { rank($0) < rank($1) }) {
            primary = outer
            if work[outer].finding.category == .source && work[outer].action == .generalize {
                composeSource(outer, inner: group.filter { $0 != outer }, &work, pseudonyms: &pseudonyms)
            }
            if group.count > 1 {
                work[primary].reason += "; replaces \(group.count - 1) overlapping finding(s) inside it (outer finding wins)"
            }
        } else {
            primary = group.max(by: { (work[$0].finding.range.count, -$0) < (work[$1].finding.range.count, -$1) })!
            work[primary].action = .redact
            work[primary].finding.range = union
            work[primary].finding.text = document.text(union)
            work[primary].replacement = engine.placeholder(work[primary].finding.category, kind: work[primary].finding.attributes[FindingAttribute.contactKind])
            work[primary].residual = 0
            work[primary].basis = .mergedOverlap
            work[primary].reason += "; partially overlapping findings merged: their union is redacted once"
        }
        if [.term, .watchlist].contains(work[primary].finding.category) {
            // A watch-list or deny-list hit takes the wording of the detail it is (a person's
            // pseudonym, a place's generalization): nothing marks it as a protected term.
            let inner = group.filter { i in
                i != primary && ![.term, .watchlist, .source].contains(work[i].finding.category) && work[i].replacement != nil
                    && work[i].finding.range.lowerBound >= work[primary].finding.range.lowerBound
                    && work[i].finding.range.upperBound <= work[primary].finding.range.upperBound
            }
            if let like = inner.max(by: { work[$0].finding.range.count < work[$1].finding.range.count }),
               work[like].finding.range == work[primary].finding.range || work[like].finding.category == .person {
                work[primary].replacement = work[like].replacement
                work[primary].reason += "; worded as the \(work[like].finding.category.rawValue) it is"
            }
        }
        for i in group where i != primary { work[i].coveredBy = primary }
        return primary
    }

    /// Where a courtesy title ("Mr. ", "Mrs. ", "Ms. ", "Miss ") right before `start` begins.
    static func courtesyTitleStart(_ bytes: [UInt8], before start: Int) -> Int? {
        var i = start
        guard i >= 3, bytes[i - 1] == 0x20 else { return nil }
        i -= 1
        let dotted = bytes[i - 1] == UInt8(ascii: ".")
        if dotted { i -= 1 }
        var j = i
        while j > 0 && TextFit.isLetter(bytes[j - 1]) { j -= 1 }
        if j > 0 && (TextFit.isLetter(bytes[j - 1]) || bytes[j - 1] >= 0x80 || TextFit.isDigit(bytes[j - 1])) { return nil }
        let word = String(decoding: bytes[j..<i], as: UTF8.self)
        switch word {
        case "Mr", "Mrs", "Ms", "Mx": return dotted ? j : nil
        case "Miss": return dotted ? nil : j
        default: return nil
        }
    }


    /// No replacement may contain, on word boundaries, any original the policy removes
    /// anywhere in the draft (a generalization naming a place removed elsewhere, a generic
    /// occupation that another finding's original was): such a replacement becomes the
    /// placeholder, so the no-leak re-scan of the published text can pass.
    private func guardAgainstRepeats(_ primaries: [Int], _ work: inout [Work]) {
        // Folding the originals costs more than the check: only when there is wording to check.
        guard primaries.contains(where: { work[$0].action.removesOriginal && work[$0].replacement?.isEmpty == false }) else { return }
        // The originals folded (`TextFolding.key`) into one buffer: the terms a `DenyScanner`
        // of them would search for (their order and repeats change no verdict).
        var folded: [UInt8] = []
        var ends: [Int] = []
        for i in work.indices where work[i].action.removesOriginal {
            TextFolding.appendKey(of: work[i].finding.text, to: &folded)
            if folded.count > (ends.last ?? 0) { ends.append(folded.count) }
        }
        guard !ends.isEmpty else { return }
        let terms = DenyScanner.termsByLength(folded: folded, ends: ends)
        // Replacements repeat ("a city in North Korea"): each wording is checked once.
        // (A dictionary: a list searched per replacement was quadratic in distinct wordings,
        // one per pseudonym.)
        var verdicts: [String: Bool] = [:]
        // A replacement that is not ASCII (rare) asks a scanner of the same originals.
        // (Redacting below keeps a decision removing and its text as it was: the originals stay.)
        var scanner: DenyScanner?
        for p in primaries where work[p].action.removesOriginal {
            guard let text = work[p].replacement, !text.isEmpty else { continue }
            let repeats: Bool
            if let seen = verdicts[text] {
                repeats = seen
            } else if let ascii = DenyScanner.occurs(terms: terms, inASCII: text) {
                repeats = ascii
                verdicts[text] = ascii
            } else {
                if scanner == nil { scanner = DenyScanner(terms: work.filter { $0.action.removesOriginal }.map(\.finding.text)) }
                repeats = scanner!.occurs(in: text)
                verdicts[text] = repeats
            }
            if repeats {
                work[p].action = .redact
                work[p].replacement = engine.placeholder(work[p].finding.category, kind: work[p].finding.attributes[FindingAttribute.contactKind])
                work[p].residual = 0
                work[p].basis = .noSafeGeneralization
                work[p].reason += "; its wording would repeat a detail removed elsewhere, so redacted"
            }
        }
    }

    // MARK: - Lists

    static let countWords = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    static let plurals = ["city": "cities", "county": "counties", "neighborhood": "neighborhoods", "region": "regions",
                          "province": "provinces", "village": "villages", "township": "townships", "district": "districts",
                          "street": "streets", "town": "towns", "commune": "communes", "ward": "wards", "prefecture": "prefectures"]

    /// "Hyesan, Bochun and Baek-am" generalized one by one reads "a city in North Korea, a city in
    /// North Korea and a city in North Korea": places listed with commas and "and" whose
    /// replacements are the same become one count ("three cities in North Korea").
    private func mergeLists(_ primaries: [Int], _ work: inout [Work]) -> [Int] {
        let ordered = primaries.sorted { work[$0].finding.range.lowerBound < work[$1].finding.range.lowerBound }
        var out: [Int] = []
        var k = 0
        while k < ordered.count {
            let p = ordered[k]
            // "between June and August" -> "in the summer", not "between the summer and the summer".
            if k + 1 < ordered.count, mergeDateRange(p, ordered[k + 1], &work) {
                out.append(p)
                k += 2
                continue
            }
            guard work[p].action == .generalize, work[p].finding.category.isPlace, let text = work[p].replacement else {
                out.append(p); k += 1; continue
            }
            var run = [p]
            var j = k + 1
            while j < ordered.count, run.count < Resolver.countWords.count + 1 {
                let q = ordered[j]
                guard work[q].action == .generalize, work[q].replacement == text, work[q].finding.category.isPlace,
                      listSeparator(work[run.last!].finding.range.upperBound, work[q].finding.range.lowerBound) else { break }
                run.append(q)
                j += 1
            }
            // The wording is split only for a list (most places stand alone).
            guard run.count >= 2, let (noun, rest) = listForm(text, category: work[p].finding.category),
                  let plural = Resolver.plurals[noun] else { out.append(p); k += 1; continue }
            let last = run.last!
            work[p].finding.range = work[p].finding.range.lowerBound..<work[last].finding.range.upperBound
            work[p].finding.text = document.text(work[p].finding.range)
            work[p].replacement = Resolver.countWords[run.count - 2] + " " + plural + rest
            work[p].reason += "; listed with \(run.count - 1) other place(s) of the same wording, written once as a count"
            for q in run.dropFirst() { work[q].coveredBy = p }
            out.append(p)
            k = j
        }
        return out
    }

    /// Two generalized dates of the same wording that make a range ("between June and August",
    /// "from May to July") become the one period: the range and its "between"/"from" are
    /// replaced together.
    private func mergeDateRange(_ p: Int, _ q: Int, _ work: inout [Work]) -> Bool {
        guard work[p].action == .generalize, work[q].action == .generalize, work[p].finding.category == .date,
              work[q].finding.category == .date, let text = work[p].replacement, work[q].replacement == text, !text.isEmpty else { return false }
        let end = work[p].finding.range.upperBound, next = work[q].finding.range.lowerBound
        guard next > end, next - end <= 9 else { return false }
        let between = String(decoding: bytes[end..<next], as: UTF8.self)
        guard [" and ", " to ", "-", "–", " through ", " until ", " till "].contains(between) else { return false }
        var start = work[p].finding.range.lowerBound
        var replacement = text
        if let prev = TextFit.previousWord(bytes, before: start), ["between", "from"].contains(prev.word.lowercased()) {
            start = prev.start
            let first = text.first!
            if first.isUppercase || first.isNumber || text.hasPrefix("the ") {
                replacement = (prev.word.first!.isUppercase ? "In " : "in ") + text
            }
        }
        work[p].finding.range = start..<work[q].finding.range.upperBound
        work[p].finding.text = document.text(work[p].finding.range)
        work[p].replacement = replacement
        work[p].reason += "; a range whose ends read the same, written once"
        work[q].coveredBy = p
        return true
    }

    /// The noun and the rest of a place replacement ("a city in North Korea" -> ("city", " in
    /// North Korea")); a bare enclosing name ("India") counts as the category's noun of it.
    private func listForm(_ text: String, category: Category) -> (String, String)? {
        let words = text.split(separator: " ", maxSplits: 2).map(String.init)
        if words.count >= 2, words[0] == "a" || words[0] == "an" {
            return (words[1], words.count == 3 ? " " + words[2] : "")
        }
        guard let first = text.first, first.isUppercase || text.hasPrefix("the ") else { return nil }
        let noun = Generalizer.noun(category)
        return (noun, (category == .province ? " of " : " in ") + text)
    }

    /// Whether only ", ", " and ", ", and " stand between two spans.
    private func listSeparator(_ end: Int, _ start: Int) -> Bool {
        guard start > end, start - end <= 6 else { return false }
        let between = String(decoding: bytes[end..<start], as: UTF8.self)
        return between == ", " || between == " and " || between == ", and "
    }

    // MARK: - Sentence fitting

    /// Every top-level replacement fitted to its slot (`SlotFitter`), and a comma closing an
    /// appositive it removed taken in.
    private func fitToSentences(_ primaries: [Int], _ work: inout [Work]) {
        var lastEnd = 0
        let startsReplaced = Set(primaries.filter { work[$0].action.removesOriginal }.map { work[$0].finding.range.lowerBound })
        for p in primaries.sorted(by: { work[$0].finding.range.lowerBound < work[$1].finding.range.lowerBound }) {
            guard work[p].action.removesOriginal, var text = work[p].replacement else { continue }
            let fitted = SlotFitter.fit(text, category: work[p].finding.category, original: work[p].finding.text,
                                        range: work[p].finding.range, in: bytes, floor: lastEnd)
            text = fitted.text
            let start = fitted.range.lowerBound
            // "A nurse in Tulsa, Oklahoma, told" -> "A health worker told": when the replaced words
            // held the appositive a following comma closes, and the replacement holds none, the
            // comma goes too.
            var end = work[p].finding.range.upperBound
            if [.occupation, .source].contains(work[p].finding.category), !Resolver.contains(text, ","), Resolver.contains(work[p].finding.text, ", "),
               end + 2 < bytes.count, bytes[end] == UInt8(ascii: ","), bytes[end + 1] == 0x20, bytes[end + 2] >= 0x61, bytes[end + 2] <= 0x7A,
               !startsReplaced.contains(end), !Slots.clauseWords.contains(TextFit.word(bytes, at: end + 2)) {
                end += 1
                work[p].finding.range = work[p].finding.range.lowerBound..<end
                work[p].finding.text = document.text(work[p].finding.range)
            }
            if start != work[p].finding.range.lowerBound {
                work[p].finding.range = start..<work[p].finding.range.upperBound
                work[p].finding.text = document.text(work[p].finding.range)
                work[p].reason += "; takes in the article before it"
            }
            work[p].replacement = text
            lastEnd = work[p].finding.range.upperBound
        }
    }

    static let placeCategories: Set<Category> = [.neighborhood, .city, .province, .country]

    /// Whether a replacement would repeat the original (then it protects nothing).
    static func leaks(_ replacement: String, original: String) -> Bool {
        if let ascii = asciiLeaks(replacement, original: original) { return ascii }
        let o = TextFolding.key(original)
        return !o.isEmpty && contains(TextFolding.key(replacement), o)
    }

    /// `leaks` for ASCII strings, with both keys folded into one temporary buffer (for ASCII
    /// keys `contains` is this byte search); `nil` when either string is not ASCII.
    static func asciiLeaks(_ replacement: String, original: String) -> Bool? {
        var r = replacement, o = original
        return o.withUTF8 { ob in
            r.withUTF8 { rb -> Bool? in
                var any: UInt8 = 0
                for x in ob { any |= x }
                for x in rb { any |= x }
                guard any < 0x80 else { return nil }
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ob.count + rb.count) { buffer -> Bool in
                    let base = buffer.baseAddress!
                    let n = TextFolding.foldASCII(ob, into: base)
                    let m = TextFolding.foldASCII(rb, into: base + n)
                    guard n > 0, m >= n else { return false }
                    let needle = UnsafeBufferPointer(start: base, count: n)
                    let hay = UnsafeBufferPointer(start: base + n, count: m)
                    for i in 0...(m - n) where hay[i] == needle[0] {
                        var k = 1
                        while k < n && hay[i + k] == needle[k] { k += 1 }
                        if k == n { return true }
                    }
                    return false
                }
            }
        }
    }

    // MARK: - ASCII fast paths of Foundation's string search

    /// `text.contains(other)` (Foundation's search); for ASCII strings, where that search is a
    /// plain byte comparison, without Foundation.
    static func contains(_ text: String, _ other: String) -> Bool {
        if let found = asciiRanges(of: other, in: text, first: true) { return !found.isEmpty }
        return text.contains(other)
    }

    /// `PseudonymTable.pseudonym(for:category:surname:template:)`: for an ASCII template, the same
    /// text without Foundation's `replacingOccurrences`.
    static func pseudonym(_ table: inout PseudonymTable, for name: String, category: Category, surname: String?,
                          template: String) -> String {
        guard template.utf8.allSatisfy({ $0 < 0x80 }) else {
            return table.pseudonym(for: name, category: category, surname: surname, template: template)
        }
        let n = table.number(for: name, category: category, surname: surname)
        return replacingAll(replacingAll(template, "{letter}", with: PseudonymTable.letters(n)), "{category}", with: category.rawValue)
    }

    /// `text.replacingOccurrences(of: target, with: replacement)` for ASCII `text` and `target`
    /// (left to right, non-overlapping, as Foundation replaces).
    static func replacingAll(_ text: String, _ target: String, with replacement: String) -> String {
        guard let hits = asciiRanges(of: target, in: text, first: false) else {
            return text.replacingOccurrences(of: target, with: replacement)
        }
        guard !hits.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + hits.count * replacement.utf8.count)
        var at = 0
        for h in hits {
            out += bytes[at..<h.lowerBound]
            out += replacement.utf8
            at = h.upperBound
        }
        out += bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The byte ranges of `target` in `text`, left to right and non-overlapping (only the first
    /// with `first`); `nil` when either string is not ASCII or `target` is empty.
    static func asciiRanges(of target: String, in text: String, first: Bool) -> [Range<Int>]? {
        var target = target, text = text
        return target.withUTF8 { t in
            text.withUTF8 { b -> [Range<Int>]? in
                guard !t.isEmpty, t.allSatisfy({ $0 < 0x80 }), b.allSatisfy({ $0 < 0x80 }) else { return nil }
                var out: [Range<Int>] = []
                guard b.count >= t.count else { return out }
                var i = 0
                let last = b.count - t.count
                while i <= last {
                    if b[i] == t[0] {
                        var k = 1
                        while k < t.count && b[i + k] == t[k] { k += 1 }
                        if k == t.count {
                            out.append(i..<(i + t.count))
                            if first { return out }
                            i += t.count
                            continue
                        }
                    }
                    i += 1
                }
                return out
            }
        }
    }
}


import Foundation
import VeilModel

/// The source ladder: an anonymous-source descriptor keeps its head ("a source", "officials") and
/// loses the qualifiers the policy strips (`sources.strip`): its place becomes the country or goes,
/// a role or relation that is the head noun becomes "source(s)", the findings inside it take their
/// own wording.
extension Resolver {
    // MARK: - Source descriptors

    struct SourceEdit {
        var range: Range<Int>
        var text: String
        var strip: Bool
    }

    /// Rewrites an anonymous-source descriptor: strips the qualifiers the policy names (a place
    /// becomes its country or disappears, its text with it) and applies the replacements of the
    /// findings inside it.
    mutating func composeSource(_ s: Int, inner: [Int], _ work: inout [Work], pseudonyms: inout PseudonymTable) {
        let source = work[s].finding
        var span = source.range
        var edits: [SourceEdit] = []
        var stripped: Set<Qualifier.Kind> = []
        for q in source.qualifiers where policy.sources.strip.contains(q.kind) {
            let qr = max(q.range.lowerBound, span.lowerBound)..<min(q.range.upperBound, span.upperBound)
            guard !qr.isEmpty else { continue }
            if q.kind == .place {
                let place = placeInside(qr, qualifier: q)
                if place.isCountry && policy.sources.place == .country { continue }
                if policy.sources.place == .country, let country = place.country, engine.nameable(country) {
                    edits.append(SourceEdit(range: core(of: qr), text: Generalizer.displayName(country), strip: true))
                    stripped.insert(q.kind)
                    continue
                }
            }
            let qtext = document.text(qr)
            if qr.lowerBound == span.lowerBound && (qtext.hasSuffix("'s") || qtext.hasSuffix("\u{2019}s")) {
                // "Daily NK's source" -> "a source": a possessive in front leaves a determiner.
                var hi = qr.upperBound
                while hi < span.upperBound && bytes[hi] == 0x20 { hi += 1 }
                let head = document.text(hi..<span.upperBound).lowercased()
                let plural = head.hasSuffix("s") && !head.hasSuffix("ss")
                edits.append(SourceEdit(range: qr.lowerBound..<hi, text: plural ? "" : "a ", strip: true))
                stripped.insert(q.kind)
                continue
            }
            var before = qr.lowerBound
            while before > span.lowerBound && bytes[before - 1] == 0x20 { before -= 1 }
            let appositive = before > span.lowerBound && bytes[before - 1] == UInt8(ascii: ",")
            if (q.kind == .role || q.kind == .relation) && !appositive && (qr.upperBound == span.upperBound || q.kind == .role && headNoun(qr, in: span)) {
                // The detail is the descriptor's head noun ("human rights officials", "a
                // trader"): it becomes "source(s)" instead of leaving a headless phrase.
                let text = document.text(qr)
                let plural = text.lowercased().hasSuffix("s") && !text.lowercased().hasSuffix("ss")
                let words = text.split(separator: " ")
                let article = words.count > 1 && TextFit.isArticle(String(words[0])) ? String(words[0]) + " " : ""
                edits.append(SourceEdit(range: qr, text: article + (plural ? "sources" : "source"), strip: true))
                stripped.insert(q.kind)
                continue
            }
            edits.append(SourceEdit(range: removal(of: qr, within: span), text: "", strip: true))
            stripped.insert(q.kind)
        }
        // An inner finding of the very same words (the occupation "a trader in Hyesan"), or an
        // occupation over the descriptor's role, is what its own qualifiers already rewrite.
        let roles = source.qualifiers.filter { $0.kind == .role || $0.kind == .relation }.map(\.range)
        var superseded: [Int] = []
        for i in inner where work[i].action.removesOriginal {
            if work[i].finding.category == .occupation,
               work[i].finding.range == source.range || roles.contains(where: { work[i].finding.range.overlaps($0) }) {
                superseded.append(i)
                continue
            }
            let r = max(work[i].finding.range.lowerBound, span.lowerBound)..<min(work[i].finding.range.upperBound, span.upperBound)
            var text = work[i].replacement ?? engine.placeholder(work[i].finding.category, kind: work[i].finding.attributes[FindingAttribute.contactKind])
            // "at the Yengisheher county police station" -> "at the station", not "the a station".
            if let prev = TextFit.previousWord(bytes, before: r.lowerBound), prev.start >= span.lowerBound, TextFit.isArticle(prev.word),
               text.hasPrefix("a ") || text.hasPrefix("an ") {
                text = String(text.drop(while: { $0 != " " }).dropFirst())
            }
            edits.append(SourceEdit(range: r, text: text, strip: false))
        }
        // When the descriptor itself changes nothing, a superseded occupation is replaced after all:
        // a kept descriptor must not leave a removed finding inside it.
        if edits.isEmpty {
            for i in superseded {
                let r = max(work[i].finding.range.lowerBound, span.lowerBound)..<min(work[i].finding.range.upperBound, span.upperBound)
                edits.append(SourceEdit(range: r, text: work[i].replacement ?? engine.placeholder(work[i].finding.category, kind: work[i].finding.attributes[FindingAttribute.contactKind]), strip: false))
            }
        }
        // Merge intersecting edits: a strip swallows what it touches; two partial inner edits
        // become one placeholder.
        edits.sort { ($0.range.lowerBound, -$0.range.upperBound) < ($1.range.lowerBound, -$1.range.upperBound) }
        var merged: [SourceEdit] = []
        for e in edits {
            if var last = merged.last, e.range.lowerBound < last.range.upperBound {
                let unionRange = last.range.lowerBound..<max(last.range.upperBound, e.range.upperBound)
                if last.strip {
                    // A removal that meets a rewritten head noun keeps the head's text
                    // ("A relative of the man" -> "A source", not "A").
                    if last.text.isEmpty && e.strip && !e.text.isEmpty {
                        last.text = (bytes[unionRange.lowerBound] == 0x20 ? " " : "") + e.text
                    }
                    last.range = unionRange
                }
                else if e.strip { last = SourceEdit(range: unionRange, text: e.text, strip: true) }
                else if e.range.upperBound <= last.range.upperBound { /* inside the previous edit */ }
                else { last = SourceEdit(range: unionRange, text: engine.placeholder(source.category, kind: source.attributes[FindingAttribute.contactKind]), strip: false) }
                merged[merged.count - 1] = last
            } else {
                merged.append(e)
            }
        }
        // An appositive removed at the very end of the descriptor takes the comma closing it.
        if let last = merged.last, last.strip, last.text.isEmpty, last.range.upperBound == span.upperBound,
           bytes[last.range.lowerBound] == UInt8(ascii: ","), span.upperBound < bytes.count, bytes[span.upperBound] == UInt8(ascii: ",") {
            span = span.lowerBound..<(span.upperBound + 1)
            work[s].finding.range = span
            work[s].finding.text = document.text(span)
        }
        var out = ""
        var at = span.lowerBound
        for e in merged {
            out += document.text(at..<e.range.lowerBound) + e.text
            at = e.range.upperBound
        }
        out += document.text(at..<span.upperBound)
        var text = TextFit.fixArticles(TextFit.tidy(out))
        if !text.contains(where: { $0.isLetter }) {
            text = source.text.lowercased().hasSuffix("s") ? "sources" : "a source"
        }
        work[s].stripped = stripped
        if merged.isEmpty || TextFolding.key(text) == TextFolding.key(source.text) {
            work[s].action = .keep
            work[s].replacement = nil
            work[s].reason += "; nothing the policy strips is attached (sources.strip), kept as written"
            return
        }
        work[s].replacement = text
        work[s].reason += stripped.isEmpty ? "; inner findings replaced"
            : "; stripped " + stripped.map(\.rawValue).sorted().joined(separator: ", ") + " (sources.strip, sources.place: \(policy.sources.place.rawValue))"
    }

    /// The place a qualifier names: whether it is a country, and its country when known.
    func placeInside(_ qr: Range<Int>, qualifier: Qualifier) -> (isCountry: Bool, country: PlaceUnit?) {
        if qualifier.placeLevel == .country { return (true, nil) }
        for f in places(overlapping: qr) {
            if f.category == .country { return (true, nil) }
            if let c = f.hierarchy.first(where: { $0.level == .country }) { return (false, c) }
        }
        return (false, nil)
    }

    /// The place words of a qualifier without a leading preposition or a trailing "-based".
    func core(of qr: Range<Int>) -> Range<Int> {
        var lo = qr.lowerBound, hi = qr.upperBound
        let text = document.text(qr)
        if let first = text.split(separator: " ").first, Resolver.placePrepositions.contains(first.lowercased()), first.utf8.count < qr.count {
            lo += first.utf8.count
            while lo < hi && bytes[lo] == 0x20 { lo += 1 }
        }
        for suffix in ["-based", " based"] where text.lowercased().hasSuffix(suffix) && hi - suffix.utf8.count > lo {
            hi -= suffix.utf8.count
        }
        return lo..<hi
    }

    /// Whether the role at `qr` is the descriptor's head noun: what follows it inside the span
    /// opens a post-modifier ("official in Savar who ...", "official, speaking ..."), not another noun.
    func headNoun(_ qr: Range<Int>, in span: Range<Int>) -> Bool {
        var i = qr.upperBound
        if i < span.upperBound && bytes[i] == UInt8(ascii: ",") { return true }
        while i < span.upperBound && bytes[i] == 0x20 { i += 1 }
        var j = i
        while j < span.upperBound && TextFit.isLetter(bytes[j]) { j += 1 }
        return Resolver.postModifierWords.contains(String(decoding: bytes[i..<j], as: UTF8.self).lowercased())
    }

    static let postModifierWords: Set<String> = ["in", "from", "at", "of", "near", "inside", "within", "across", "with", "who",
                                                 "that", "familiar", "close", "briefed", "aware", "involved", "knowledgeable",
                                                 "speaking", "talking", "based", "on"]

    /// What to cut to remove a qualifier cleanly: its preposition and one neighbouring space.
    func removal(of qr: Range<Int>, within span: Range<Int>) -> Range<Int> {
        var lo = qr.lowerBound, hi = qr.upperBound
        if let prev = TextFit.previousWord(bytes, before: lo), prev.start >= span.lowerBound,
           Resolver.placePrepositions.contains(prev.word.lowercased()) {
            lo = prev.start
        }
        if lo > span.lowerBound && bytes[lo - 1] == 0x20 { lo -= 1 }
        else if hi < span.upperBound && bytes[hi] == 0x20 { hi += 1 }
        // An appositive (", a trader,"): its opening comma goes with it.
        if lo > span.lowerBound && bytes[lo - 1] == UInt8(ascii: ",") && (hi == span.upperBound || bytes[hi] == UInt8(ascii: ",")) {
            lo -= 1
        }
        return lo..<hi
    }
}

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let sourceExamples: [WordingExample] = [
        WordingExample("“Agents demand bribes,” [[a source in Ryanggang Province told Daily NK|source|q.place=in Ryanggang Province]]. It rained.",
                       "“Agents demand bribes,” a source in North Korea told Daily NK. It rained.", .source,
                       also: [("Ryanggang Province", .province, WordingExample.country("North Korea"))]),
        WordingExample("[[A trader|source|q.role=A trader]] said so.", "A source said so.", .source, policy: "strict"),
        WordingExample("[[Daily NK's source|source|q.affiliation=Daily NK's]] said so.", "A source said so.", .source, policy: "strict"),
        WordingExample("Villagers came home, [[human rights officials|source|q.role=officials]] said.",
                       "Villagers came home, human rights sources said.", .source, policy: "strict"),
        WordingExample("[[A police officer at the county police station|source|q.role=officer;q.affiliation=the county police station]] confirmed it.",
                       "A police source confirmed it.", .source, policy: "strict"),
    ]
}

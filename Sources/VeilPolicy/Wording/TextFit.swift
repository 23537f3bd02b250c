import Foundation
import VeilModel

/// Small helpers that make a replacement fit its sentence: the words around a span, articles,
/// capitals at a sentence start. They read the document's bytes; no regular expressions.
enum TextFit {
    /// The word (letters only) that ends right before `start`, separated from it by exactly
    /// spaces, with the byte offset where it begins. `nil` at a sentence break or punctuation.
    static func previousWord(_ bytes: [UInt8], before start: Int) -> (word: String, start: Int)? {
        var i = start
        // Markdown emphasis opening the span ("on **Nov. 10**") stands between the word and it.
        while i > 0 && (bytes[i - 1] == UInt8(ascii: "*") || bytes[i - 1] == UInt8(ascii: "_")) { i -= 1 }
        while i > 0 && (bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09) { i -= 1 }
        guard i < start, i > 0 else { return nil }
        let end = i
        while i > 0 && isLetter(bytes[i - 1]) { i -= 1 }
        guard i < end else { return nil }
        if i > 0 && (bytes[i - 1] >= 0x80 || isDigit(bytes[i - 1])) { return nil }
        return (String(decoding: bytes[i..<end], as: UTF8.self), i)
    }

    /// Whether `start` opens a sentence: only spaces, quotes and brackets lie between it and the
    /// document start, a line break, or a `.`, `!`, `?`, `:` ending the previous sentence.
    static func isSentenceStart(_ bytes: [UInt8], at start: Int) -> Bool {
        var i = start
        while i > 0 {
            let b = bytes[i - 1]
            switch b {
            case 0x20, 0x09, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: "["):
                i -= 1
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: ">"):
                // Markdown emphasis, headings and quotes before the first word: `**DHAKA**`.
                i -= 1
            case UInt8(ascii: "."):
                // "3 a.m. on Sunday", "Mr. Pak": an abbreviation's period ends no sentence.
                return !endsAbbreviation(bytes, period: i - 1)
            case 0x0A, 0x0D, UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                return true
            case 0x80...0xBF:
                // Curly opening quotes (U+201C, U+2018) count as quotes.
                if i >= 3 && bytes[i - 3] == 0xE2 && bytes[i - 2] == 0x80 && (b == 0x9C || b == 0x98) {
                    i -= 3
                } else {
                    return false
                }
            default:
                return false
            }
        }
        return true
    }

    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
                                             "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "jr",
                                             "sr", "vs", "prof", "rev", "gov", "sen", "rep", "approx", "est"]

    /// Whether the `.` at `period` ends an abbreviation: a single letter after another period
    /// ("a.m.", "U.S.") or a listed short word ("Mr.", "Nov.").
    static func endsAbbreviation(_ bytes: [UInt8], period: Int) -> Bool {
        var j = period
        while j > 0 && isLetter(bytes[j - 1]) { j -= 1 }
        let word = String(decoding: bytes[j..<period], as: UTF8.self).lowercased()
        if word.count == 1 && j > 0 && bytes[j - 1] == UInt8(ascii: ".") { return true }
        return abbreviations.contains(word)
    }

    /// "a" or "an" for `word` (by its first letter; "one", "uni-", "eu-" take "a").
    static func indefiniteArticle(for word: Substring) -> String {
        var word = word
        if let ascii = word.withUTF8({ asciiIndefiniteArticle(for: $0) }) { return ascii }
        return indefiniteArticleReference(for: word)
    }

    /// `indefiniteArticle(for:)` through `lowercased()` and `hasPrefix`: the reference the byte
    /// path must agree with, and the path for non-ASCII words.
    static func indefiniteArticleReference(for word: Substring) -> String {
        let w = word.lowercased()
        if w.hasPrefix("one") || w.hasPrefix("uni") || w.hasPrefix("eu") || w.hasPrefix("use") { return "a" }
        if let c = w.first, "aeiou".contains(c) { return "an" }
        if w.hasPrefix("hour") || w.hasPrefix("honest") { return "an" }
        return "a"
    }

    /// `indefiniteArticle(for:)` of an ASCII word given as bytes (compared case-insensitively);
    /// `nil` when a byte is not ASCII.
    static func asciiIndefiniteArticle<C: Collection>(for word: C) -> String? where C.Element == UInt8 {
        guard TextFolding.isASCII(word) else { return nil }
        func starts(_ prefix: StaticString) -> Bool {
            let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            guard word.count >= p.count else { return false }
            return zip(word, p).allSatisfy { a, b in lower(a) == b }
        }
        if starts("one") || starts("uni") || starts("eu") || starts("use") { return "a" }
        if let c = word.first.map(lower), c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 { return "an" }
        if starts("hour") || starts("honest") { return "an" }
        return "a"
    }

    /// An ASCII byte lower-cased.
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Whether `word` is an article.
    static func isArticle(_ word: String) -> Bool {
        switch word.lowercased() {
        case "a", "an", "the": return true
        default: return false
        }
    }

    /// `text` with its leading "a"/"an" agreeing with the word after it, and every inner
    /// " a "/" an " likewise. Each article agrees with the word after it as written.
    static func fixArticles(_ text: String) -> String {
        var text = text
        if let ascii = text.withUTF8({ asciiFixArticles($0) }) { return ascii }
        return fixArticlesReference(text)
    }

    /// `fixArticles` by splitting on spaces (the reference the byte path must agree with, and
    /// the path for non-ASCII text).
    static func fixArticlesReference(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false)
        var i = 0
        while i + 1 < words.count {
            let w = words[i]
            if w == "a" || w == "an" || w == "A" || w == "An" {
                let right = indefiniteArticle(for: words[i + 1])
                let capital = w.first == "A"
                words[i] = Substring(capital ? right.prefix(1).uppercased() + right.dropFirst() : right)
            }
            i += 1
        }
        return words.joined(separator: " ")
    }

    /// `fixArticles` of ASCII `b` in one pass over its space-separated words; `nil` when a byte
    /// is not ASCII.
    static func asciiFixArticles(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        guard TextFolding.isASCII(b) else { return nil }
        // Fast exit: no word "a"/"an"/"A"/"An" that has a word after it.
        var out: [UInt8] = []
        var changed = false
        var start = 0
        while start <= b.count {
            var end = start
            while end < b.count && b[end] != 0x20 { end += 1 }
            // Word b[start..<end]; it has a successor when end < b.count.
            let length = end - start
            let isArticle = end < b.count && (length == 1 && (b[start] == 0x61 || b[start] == 0x41)
                || length == 2 && (b[start] == 0x61 || b[start] == 0x41) && b[start + 1] == 0x6E)
            if isArticle {
                var next = end + 1
                while next < b.count && b[next] != 0x20 { next += 1 }
                let wanted = asciiIndefiniteArticle(for: UnsafeBufferPointer(rebasing: b[(end + 1)..<next]))!
                if !changed {
                    out.reserveCapacity(b.count + 8)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[0..<start]))
                    changed = true
                }
                out.append(b[start] == 0x41 ? 0x41 : 0x61)
                if wanted == "an" { out.append(0x6E) }
            } else if changed {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<end]))
            }
            if end < b.count && changed { out.append(0x20) }
            start = end + 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : String(decoding: b, as: UTF8.self)
    }

    /// `text` with its first letter upper-cased.
    static func capitalized(_ text: String) -> String {
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// Collapses the traces a removed qualifier leaves: double spaces, a space before a comma or
    /// period, doubled commas, and leading or trailing spaces and commas.
    static func tidy(_ text: String) -> String {
        var text = text
        if let ascii = text.withUTF8({ asciiTidy($0) }) { return ascii }
        return tidyReference(text)
    }

    /// `tidy` by Foundation replacements repeated until none applies (the reference the byte
    /// path must agree with, and the path for non-ASCII text).
    static func tidyReference(_ text: String) -> String {
        var s = text
        var changed = true
        while changed {
            changed = false
            for (a, b) in [("  ", " "), (" ,", ","), (",,", ","), (" .", "."), (", .", "."), (",.", ".")] where s.contains(a) {
                s = s.replacingOccurrences(of: a, with: b)
                changed = true
            }
        }
        while let f = s.first, f == " " || f == "," { s.removeFirst() }
        while let l = s.last, l == " " || l == "," { s.removeLast() }
        return s
    }

    /// `tidy` of ASCII `b` in one pass; `nil` when a byte is not ASCII.
    ///
    /// The replacements of `tidyReference` only shorten runs of spaces and commas, so their
    /// fixed point is reached run by run: a run followed by a period disappears (" ,." -> "."),
    /// any other run becomes "," when it holds a comma (plus " " when it ends with a space), or
    /// else a single space. Periods stay as they are.
    static func asciiTidy(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        guard TextFolding.isASCII(b) else { return nil }
        let space: UInt8 = 0x20, comma = UInt8(ascii: ","), period = UInt8(ascii: ".")
        return String(unsafeUninitializedCapacity: b.count) { out in
            var n = 0
            var i = 0
            while i < b.count {
                let c = b[i]
                guard c == space || c == comma else { out[n] = c; n += 1; i += 1; continue }
                var j = i, hasComma = false
                while j < b.count && (b[j] == space || b[j] == comma) { hasComma = hasComma || b[j] == comma; j += 1 }
                if j < b.count && b[j] == period { i = j; continue }
                if hasComma {
                    out[n] = comma; n += 1
                    if b[j - 1] == space { out[n] = space; n += 1 }
                } else {
                    out[n] = space; n += 1
                }
                i = j
            }
            // Leading and trailing spaces and commas go.
            var lo = 0, hi = n
            while lo < hi && (out[lo] == space || out[lo] == comma) { lo += 1 }
            while hi > lo && (out[hi - 1] == space || out[hi - 1] == comma) { hi -= 1 }
            if lo > 0 { for k in lo..<hi { out[k - lo] = out[k] } }
            return hi - lo
        }
    }

    /// Words after a name that show it is not qualifying a noun ("the Bronx and ...").
    static let notNouns: Set<String> = ["and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "from", "by", "near",
                                        "was", "is", "were", "are", "has", "have", "had", "will", "would", "could", "said",
                                        "says", "where", "which", "who", "that", "after", "before", "since", "as", "into",
                                        "than", "until", "while", "when", "if", "because", "so", "then", "also"]

    /// Whether the word right after `end` is a noun that the text before it qualifies: a
    /// lower-case word that is not a function word ("the Hyesan market"), or a capitalized word
    /// that may continue a name.
    static func modifiesNoun(_ bytes: [UInt8], after end: Int) -> Bool {
        var i = end
        while i < bytes.count && bytes[i] == 0x20 { i += 1 }
        guard i > end, i < bytes.count else { return false }
        guard bytes[i] >= 0x61 && bytes[i] <= 0x7A else { return isLetter(bytes[i]) || bytes[i] >= 0x80 }
        return !notNouns.contains(word(bytes, at: i))
    }

    /// The ASCII word (letters and inner hyphens) starting at byte `i`, lower-cased.
    static func word(_ bytes: [UInt8], at i: Int) -> String {
        var j = i
        while j < bytes.count && (isLetter(bytes[j]) || bytes[j] == UInt8(ascii: "-") && j > i) { j += 1 }
        return String(decoding: bytes[i..<j], as: UTF8.self).lowercased()
    }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { b | 0x20 >= 0x61 && b | 0x20 <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

/// Wording of places shared by the policy engine and the redaction pipeline.
public enum PlaceWording {
    /// The word for a place of `level`: "neighborhood", "city", "region", "country".
    public static func noun(_ level: Category) -> String {
        switch level {
        case .neighborhood: return "neighborhood"
        case .city: return "city"
        case .province: return "region"
        default: return "country"
        }
    }

    /// The hyphenated word around `range` ("Dhaka-Aricha", "Hyesan-based") when `range` is
    /// glued by a hyphen to letters on either side, else nil.
    public static func hyphenCompound(_ bytes: [UInt8], around range: Range<Int>) -> Range<Int>? {
        func letter(_ i: Int) -> Bool { i >= 0 && i < bytes.count && (TextFit.isLetter(bytes[i]) || bytes[i] >= 0x80) }
        let hyphen = UInt8(ascii: "-")
        let glued = (range.upperBound + 1 < bytes.count && bytes[range.upperBound] == hyphen && letter(range.upperBound + 1))
            || (range.lowerBound >= 2 && bytes[range.lowerBound - 1] == hyphen && letter(range.lowerBound - 2))
        guard glued else { return nil }
        var lo = range.lowerBound, hi = range.upperBound
        while lo > 0, letter(lo - 1) || (bytes[lo - 1] == hyphen && letter(lo - 2)) { lo -= 1 }
        while hi < bytes.count, letter(hi) || (bytes[hi] == hyphen && letter(hi + 1)) { hi += 1 }
        return lo..<hi
    }
}

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
        let w = word.lowercased()
        if w.hasPrefix("one") || w.hasPrefix("uni") || w.hasPrefix("eu") || w.hasPrefix("use") { return "a" }
        if let c = w.first, "aeiou".contains(c) { return "an" }
        if w.hasPrefix("hour") || w.hasPrefix("honest") { return "an" }
        return "a"
    }

    /// Whether `word` is an article.
    static func isArticle(_ word: String) -> Bool {
        switch word.lowercased() {
        case "a", "an", "the": return true
        default: return false
        }
    }

    /// `text` with its leading "a"/"an" agreeing with the word after it, and every inner
    /// " a "/" an " likewise.
    static func fixArticles(_ text: String) -> String {
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

    /// `text` with its first letter upper-cased.
    static func capitalized(_ text: String) -> String {
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// Collapses the traces a removed qualifier leaves: double spaces, a space before a comma or
    /// period, doubled commas, and leading or trailing spaces and commas.
    static func tidy(_ text: String) -> String {
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

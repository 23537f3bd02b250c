import Foundation
import VeilModel

/// The grammatical slot a replacement stands in, read from the draft's bytes around it. Every
/// ladder words its replacement for the slot, and `SlotFitter` fits every replacement, the
/// first one and every propagated copy, to its own slot.
public enum Slot: String, CaseIterable, Sendable {
    /// The head of a noun phrase with nothing before it that shapes it ("said Hyesan was").
    case head
    /// After a preposition: "in Hyesan", "from Hyesan".
    case afterPreposition
    /// After a determiner: "the Tumen", "its Hyesan".
    case afterDeterminer
    /// After an adjective that qualifies the place: "western Hyesan", "central Ayadaw".
    case afterAdjective
    /// A prenominal modifier: "Hyesan residents", "the Lagos office".
    case modifier
    /// A possessive: "Hyesan's mayor".
    case possessive
    /// One item of a list: "Hyesan, Musan and Hoeryong".
    case list
    /// At a sentence's start: "Hyesan was quiet."
    case sentenceStart
    /// In a headline (a Markdown heading, or a short first line without final punctuation).
    case headline
    /// In a photo caption or credit line ("Photo: ...", "Caption: ...").
    case caption
    /// In a dateline: the upper-case place opening a report ("HYESAN, North Korea —").
    case dateline
}

/// What the words around a replaced span say about its slot. Built from the bytes alone,
/// looking at most a bounded distance around the span (no regular expressions, no scan of a
/// whole line of unbounded length): linear in the number of replacements.
public struct SlotContext: Sendable, Equatable {
    /// The slot that shapes the wording most (possessive and modifier before the rest).
    public var slot: Slot
    /// The word right before the span (letters only), and where it starts.
    public var previous: String?
    public var previousStart: Int?
    /// That word lower-cased, when it is a determiner ("the", "its").
    public var determiner: String?
    /// That word lower-cased, when it is a preposition ("in", "from").
    public var preposition: String?
    /// That word lower-cased, when it is a place adjective ("western", "rural").
    public var adjective: String?
    /// A possessive "'s" follows the span.
    public var possessive: Bool
    /// A noun follows that the span qualifies ("Hyesan residents").
    public var modifier: Bool
    /// The span opens a sentence.
    public var sentenceStart: Bool
    /// The span is one item of a list of capitalized names.
    public var inList: Bool
    /// The kind of line the span stands in (`.head` for prose).
    public var line: Slot
}

/// The words and tests of the slot analysis.
enum Slots {
    /// Words before a place name that make it the object of a preposition, not a modifier.
    static let placePrepositions: Set<String> = ["in", "at", "from", "near", "to", "into", "of", "outside", "inside",
                                                 "around", "across", "through", "via", "toward", "towards", "between",
                                                 "and", "or", "for", "on", "by", "after", "before", "since", "than",
                                                 "with", "without", "off", "over", "under", "within", "about"]

    /// Whether a possessive "'s" (or "’s") stands at `i`, ending its word.
    static func possessiveFollows(_ bytes: [UInt8], at i: Int) -> Bool {
        var j = i
        if j < bytes.count, bytes[j] == UInt8(ascii: "'") { j += 1 }
        else if j + 2 < bytes.count, bytes[j] == 0xE2, bytes[j + 1] == 0x80, bytes[j + 2] == 0x99 { j += 3 }
        else { return false }
        guard j < bytes.count, bytes[j] | 0x20 == UInt8(ascii: "s") else { return false }
        return j + 1 == bytes.count || !(TextFit.isLetter(bytes[j + 1]) || bytes[j + 1] >= 0x80)
    }

    static let clauseWords: Set<String> = ["and", "or", "but", "where", "which", "who", "whose", "when", "while", "although",
                                           "though", "as", "so", "then", "because", "since", "after", "before", "until", "if"]

    /// Words after which a date phrase needs no "in" of its own.
    static let prepositions: Set<String> = ["of", "since", "until", "till", "by", "from", "before", "after", "for",
                                            "through", "to", "between", "and", "or", "around", "about", "throughout"]

    /// Words that open a noun phrase and stay in front of the generic noun.
    static let determiners: Set<String> = ["a", "an", "the", "another", "one", "each", "every", "this", "that", "these",
                                           "those", "some", "any", "no", "his", "her", "their", "its", "our", "my", "your"]

    /// Adjectives that qualify a place before its name ("western Hyesan", "rural Ayadaw"):
    /// directions become "the west of ...", the others go inside the generalized phrase.
    static let directionParts: [String: String] = [
        "central": "the center of", "western": "the west of", "eastern": "the east of", "northern": "the north of",
        "southern": "the south of", "northeastern": "the northeast of", "northwestern": "the northwest of",
        "southeastern": "the southeast of", "southwestern": "the southwest of", "downtown": "the center of",
        "north": "the north of", "south": "the south of", "east": "the east of", "west": "the west of",
        "northeast": "the northeast of", "northwest": "the northwest of", "southeast": "the southeast of",
        "southwest": "the southwest of", "inner": "the center of", "outer": "the outskirts of",
    ]
    static let placeAdjectives: Set<String> = ["rural", "nearby", "neighbouring", "neighboring", "occupied", "remote",
                                               "coastal", "mountainous", "wider", "greater", "suburban", "impoverished"]

    /// Words that open a caption or credit line.
    static let captionOpeners: Set<String> = ["photo", "photos", "caption", "image", "picture", "pictured", "credit", "file"]

    /// The slot of `range` in `bytes`.
    /// `lines: false` skips what only the slot's name needs (list and line kind): the fitter
    /// reads the words next to the span only.
    static func analyze(_ bytes: [UInt8], _ range: Range<Int>, lines: Bool = true) -> SlotContext {
        let prev = TextFit.previousWord(bytes, before: range.lowerBound)
        let lower = prev.map { $0.word.lowercased() }
        let possessive = possessiveFollows(bytes, at: range.upperBound)
        let modifier = !possessive && TextFit.modifiesNoun(bytes, after: range.upperBound) && !clauseOpener(bytes, after: range.upperBound)
        let sentenceStart = TextFit.isSentenceStart(bytes, at: range.lowerBound)
        let determiner = lower.flatMap { determiners.contains($0) ? $0 : nil }
        let preposition = lower.flatMap { placePrepositions.contains($0) && !determiners.contains($0) ? $0 : nil }
        let adjective = lower.flatMap { directionParts[$0] != nil || placeAdjectives.contains($0) ? $0 : nil }
        let inList = lines && listNeighbour(bytes, range)
        let line = lines ? lineKind(bytes, range) : .head
        let slot: Slot
        if possessive { slot = .possessive }
        else if modifier { slot = .modifier }
        else if inList { slot = .list }
        else if adjective != nil { slot = .afterAdjective }
        else if determiner != nil { slot = .afterDeterminer }
        else if preposition != nil { slot = .afterPreposition }
        else if line != .head { slot = line }
        else if sentenceStart { slot = .sentenceStart }
        else { slot = .head }
        return SlotContext(slot: slot, previous: prev?.word, previousStart: prev?.start, determiner: determiner,
                           preposition: preposition, adjective: adjective, possessive: possessive, modifier: modifier,
                           sentenceStart: sentenceStart, inList: inList, line: line)
    }

    /// Words that open a clause after a span rather than name what it qualifies ("On Nov. 10 she").
    static let clauseOpeners: Set<String> = ["she", "he", "it", "they", "we", "i", "you", "the", "a", "an", "this", "that",
                                             "there", "his", "her", "their", "its", "our", "my", "your"]

    /// Whether a possessive ("Selangor's ", "its owner’s ") ends right before `start`.
    static func possessiveBefore(_ b: [UInt8], _ start: Int) -> Bool {
        var i = start
        guard i >= 3, b[i - 1] == 0x20 else { return false }
        i -= 1
        guard b[i - 1] | 0x20 == UInt8(ascii: "s") else { return false }
        i -= 1
        if b[i - 1] == UInt8(ascii: "'") { return i >= 2 && (TextFit.isLetter(b[i - 2]) || b[i - 2] >= 0x80) }
        return i >= 4 && b[i - 3] == 0xE2 && b[i - 2] == 0x80 && b[i - 1] == 0x99 && (TextFit.isLetter(b[i - 4]) || b[i - 4] >= 0x80)
    }

    /// Whether the lower-case word after `end` opens a clause (`clauseOpeners`).
    static func clauseOpener(_ b: [UInt8], after end: Int) -> Bool {
        var i = end
        while i < b.count && b[i] == 0x20 { i += 1 }
        return i < b.count && clauseOpeners.contains(TextFit.word(b, at: i))
    }

    /// Whether ", " / " and " / ", and " joins the span to a capitalized word on either side.
    static func listNeighbour(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        func capital(_ i: Int) -> Bool { i < b.count && b[i] >= 0x41 && b[i] <= 0x5A }
        func has(_ s: String, at i: Int) -> Bool {
            let u = Array(s.utf8)
            return i >= 0 && i + u.count <= b.count && b[i..<(i + u.count)].elementsEqual(u)
        }
        // After: ", X" where X is capitalized and followed later by "and", or " and X".
        if has(" and ", at: r.upperBound), capital(r.upperBound + 5) { return true }
        if has(", and ", at: r.upperBound), capital(r.upperBound + 6) { return true }
        // ", X, Y and Z": a comma to a capitalized word, and an "and" within the next few words.
        if has(", ", at: r.upperBound), capital(r.upperBound + 2) {
            var k = r.upperBound + 2
            let limit = min(b.count, k + 48)
            while k + 5 <= limit {
                if b[k] == UInt8(ascii: ".") || b[k] == 0x0A { break }
                if has(" and ", at: k), capital(k + 5) { return true }
                k += 1
            }
        }
        // Before: "X and " / "X, and " / "X, " with a capitalized word before.
        for sep in [" and ", ", and ", ", "] where has(sep, at: r.lowerBound - sep.utf8.count) {
            let end = r.lowerBound - sep.utf8.count
            var j = end
            while j > 0 && (TextFit.isLetter(b[j - 1]) || b[j - 1] >= 0x80) { j -= 1 }
            if j < end, capital(j), sep != ", " || has(" and ", at: r.upperBound) || has(", and ", at: r.upperBound) { return true }
        }
        return false
    }

    /// The kind of line `range` stands in: `.dateline`, `.headline`, `.caption`, or `.head` for
    /// prose. Reads at most 160 bytes each way: a longer line is prose.
    static func lineKind(_ b: [UInt8], _ r: Range<Int>) -> Slot {
        let bound = 160
        var lo = r.lowerBound
        while lo > 0 && b[lo - 1] != 0x0A && r.lowerBound - lo < bound { lo -= 1 }
        let lineStart = lo == 0 || b[lo - 1] == 0x0A
        guard lineStart else { return .head }
        var first = lo
        while first < r.lowerBound && (b[first] == 0x20 || b[first] == 0x09 || b[first] == UInt8(ascii: "#")
                                       || b[first] == UInt8(ascii: "*") || b[first] == UInt8(ascii: "_")) { first += 1 }
        // A dateline: the span opens the line, written in capitals, then a comma or a dash.
        if first == r.lowerBound {
            let letters = b[r].filter { TextFit.isLetter($0) }
            if letters.count >= 2, letters.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
                var k = r.upperBound
                while k < b.count && (b[k] == UInt8(ascii: "*") || b[k] == UInt8(ascii: "_")) { k += 1 }
                if k < b.count, b[k] == UInt8(ascii: ",") { return .dateline }
                while k < b.count && b[k] == 0x20 { k += 1 }
                if k < b.count, b[k] == UInt8(ascii: "-") || b[k] == 0xE2 { return .dateline }
            }
        }
        // A caption or credit line opens with its word.
        let opener = TextFit.word(b, at: first)
        if captionOpeners.contains(opener) {
            var k = first + opener.utf8.count
            while k < b.count && b[k] == 0x20 { k += 1 }
            if k < b.count, b[k] == UInt8(ascii: ":") || TextFit.word(b, at: k) == "by" { return .caption }
        }
        // A Markdown heading, or a short first line with no final punctuation before a blank line.
        if lo < b.count && b[lo] == UInt8(ascii: "#") { return .headline }
        var hi = r.upperBound
        while hi < b.count && b[hi] != 0x0A && hi - r.upperBound < bound { hi += 1 }
        guard hi == b.count || b[hi] == 0x0A, lo == 0 else { return .head }
        var last = hi
        while last > lo && (b[last - 1] == 0x20 || b[last - 1] == 0x0D) { last -= 1 }
        guard last > lo, ![UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ";"),
                           UInt8(ascii: ","), UInt8(ascii: "\"")].contains(b[last - 1]) else { return .head }
        let blankNext = hi == b.count || hi + 1 == b.count || b[hi + 1] == 0x0A || b[hi + 1] == 0x0D
        return blankNext ? .headline : .head
    }
}

import Foundation
import VeilModel

/// Person-name knowledge loaded once from `Lexicons/names/`: given names, surnames by origin,
/// titles, and frequent English words (to tell `Residents` from a name).
public struct NameLexicon: Sendable {
    /// The shared instance, built on first use.
    public static let shared = NameLexicon()

    /// Where a surname comes from; East Asian surnames stand first in a name.
    public enum Origin: String, Sendable, CaseIterable {
        case korean, chinese, vietnamese, khmer, russian, arabic, persian, southasian, other, census
        /// Whether the family name is written first (Kim Jong Un, Xi Jinping, Nguyen Van An).
        public var surnameFirst: Bool { self == .korean || self == .chinese || self == .vietnamese || self == .khmer }
    }

    /// Given names (census and world lists), with a frequency weight (0 for world lists).
    public let given: WordTable.Given
    /// Surnames with their origin.
    public let surnames: WordTable.Surnames
    /// Korean surnames (`Kim`, `Ri`, `Pak`, `Choe`...), which start a Korean name.
    public let koreanSurnames: KeySet
    /// Chinese and Vietnamese surnames, which start a name too.
    public let asianSurnames: KeySet
    /// Titles before a name: `true` for offices (`President`), `false` for honorifics (`Mr`).
    public let titles: KeyMap<Bool>
    /// Zipf frequency of frequent English words (lower-case).
    public let english: WordTable.English
    /// The large word lists above (given names, surnames, English frequencies) in one table, so
    /// that the several questions recognizers ask about one word cost one cache miss, not one per list.
    public let words: WordTable
    /// Organization head words (`entities/heads.tsv`), read by `OrganizationLexicon`.
    let heads: KeyMap<OrganizationLexicon.Kind>

    /// Loads the shipped name lists.
    public init() {
        var given: [UInt64: Double] = [:]
        for row in Lexicon.load("names/census-given.tsv").rows where row.count >= 3 {
            given[Lexicon.key(row[0]), default: 0] += Double(row[2]) ?? 0
        }
        for file in ["names/given-world.tsv", "names/given-faker.tsv"] {
            for row in Lexicon.load(file).rows where !row.isEmpty {
                if given[Lexicon.key(row[0])] == nil { given[Lexicon.key(row[0])] = 0.001 }
            }
        }
        var surnames: [UInt64: Origin] = [:]
        var korean = Set<UInt64>(), asian = Set<UInt64>()
        for row in Lexicon.load("names/surnames-world.tsv").rows where row.count >= 2 {
            let origin = Origin(rawValue: row[1]) ?? .other
            var forms = [row[0]]
            if row.count > 2 && !row[2].isEmpty { forms += row[2].split(separator: "|").map(String.init) }
            for f in forms {
                let k = Lexicon.key(f)
                if surnames[k] == nil { surnames[k] = origin }
                if origin == .korean { korean.insert(k) }
                if origin == .chinese || origin == .vietnamese || origin == .khmer { asian.insert(k) }
            }
        }
        for row in Lexicon.load("names/census-surnames.tsv").rows where !row.isEmpty {
            let k = Lexicon.key(row[0])
            if surnames[k] == nil { surnames[k] = .census }
        }
        var titles: [UInt64: Bool] = [:]
        for row in Lexicon.load("names/titles.tsv").rows where row.count >= 2 {
            titles[Lexicon.key(row[0])] = row[1] == "office"
        }
        var english: [UInt64: Double] = [:]
        for row in Lexicon.load("names/english-common.tsv").rows where row.count >= 2 {
            let k = Lexicon.key(row[0])
            var zipf = Double(row[1]) ?? 0
            // A frequent given name that is no ordinary word ("David", "Jason"; SCOWL writes it
            // capitalized only) is frequent because it is a name: it is not an ordinary word a
            // sentence may start with. Ordinary words that are names too ("Frank", "Rose") keep
            // their frequency, and so do language names ("German", "Irish": `language`) and surnames.
            if row.count >= 3 && row[2] == "proper" && given[k] != nil {
                zipf = min(zipf, NameLexicon.nameOnlyZipf)
            }
            english[k] = zipf
        }
        var heads: [UInt64: OrganizationLexicon.Kind] = [:]
        for row in Lexicon.load("entities/heads.tsv").rows where row.count >= 2 {
            let k = Lexicon.key(row[0])
            if heads[k] == nil, let kind = OrganizationLexicon.Kind(rawValue: row[1]) { heads[k] = kind }
        }
        let words = WordTable(given: given, surnames: surnames, korean: korean, asian: asian, titles: titles,
                              english: english, heads: heads)
        self.words = words
        self.given = WordTable.Given(table: words)
        self.surnames = WordTable.Surnames(table: words)
        // Small lists stay in their own tables, which stay in cache.
        self.koreanSurnames = KeySet(korean)
        self.asianSurnames = KeySet(asian)
        self.titles = KeyMap(titles)
        self.heads = KeyMap(heads)
        self.english = WordTable.English(table: words)
    }

    /// The frequency given to a frequent word that is only ever a name: below every threshold
    /// at which the recognizers call a capitalized word an ordinary one.
    static let nameOnlyZipf = 2.0

    /// Whether a word is a frequent English word (Zipf frequency at least `zipf`).
    @inline(__always) public func isCommonWord(_ key: UInt64, zipf: Double = 3.3) -> Bool {
        (english[key] ?? 0) >= zipf
    }

    /// Whether `word` (ASCII letters, possibly with one hyphen: `Jong-un`, `Mi`) reads as one or
    /// two romanized Korean syllables (McCune-Reischauer or Revised Romanization).
    public static func isKoreanGivenPart(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts: [Range<Int>] = []
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x2D {
            parts.append(start..<i); start = i + 1
        }
        parts.append(start..<bytes.count)
        guard parts.count <= 2 else { return false }
        var syllables = 0
        for p in parts {
            guard let n = koreanSyllables(bytes, p), n >= 1 else { return false }
            syllables += n
        }
        return syllables <= 2
    }

    /// Number of romanized Korean syllables that exactly spell `bytes[range]`, or nil.
    static func koreanSyllables(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var lower: [UInt8] = []
        for i in range {
            let c = b[i]
            guard (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x27 else { return nil }
            if c != 0x27 { lower.append(c | 0x20) }
        }
        guard !lower.isEmpty, lower.count <= 8 else { return nil }
        // Greedy-with-backtracking parse: syllable = [initial] vowel [final].
        func parse(_ i: Int, _ count: Int) -> Int? {
            if i == lower.count { return count }
            if count >= 2 { return nil }
            for ini in initials where matches(ini, at: i) {
                let afterInitial = i + ini.count
                for v in vowels where matches(v, at: afterInitial) {
                    let afterVowel = afterInitial + v.count
                    for fin in finals where matches(fin, at: afterVowel) {
                        if let r = parse(afterVowel + fin.count, count + 1) { return r }
                    }
                }
            }
            return nil
        }
        func matches(_ s: [UInt8], at i: Int) -> Bool {
            if s.isEmpty { return true }
            guard i + s.count <= lower.count else { return false }
            for k in 0..<s.count where lower[i + k] != s[k] { return false }
            return true
        }
        return parse(0, 0)
    }

    private static let initials: [[UInt8]] = ["kk", "tt", "pp", "ss", "jj", "ch", "ts", "k", "g", "n", "d", "t", "r", "l", "m",
                                              "b", "p", "s", "j", "h", "", "y", "w"].map { Array($0.utf8) }
    private static let vowels: [[UInt8]] = ["yeo", "yae", "wae", "ae", "ya", "eo", "ye", "wa", "oe", "yo", "wo", "we", "wi",
                                            "you", "yu", "eu", "ui", "ai", "oo", "ee", "ou", "a", "e", "o", "u", "i", "y"].map { Array($0.utf8) }
    private static let finals: [[UInt8]] = ["ng", "k", "n", "l", "m", "p", "t", "g", "b", ""].map { Array($0.utf8) }
}

/// Per-token facts about how a text is written, shared by the name recognizers: whether a
/// capital letter means anything at a token (not at a sentence start, not in a title-case
/// headline), computed once per document in linear time. A class, so that the recognizers'
/// local functions and closures that capture it retain one reference instead of copying ten
/// arrays.
final class TextShape {
    /// Token keys (`Lexicon.key`), of the word without a possessive `'s` (`Huiryung's` -> `huiryung`).
    let keys: [UInt64]
    /// Byte length of a possessive `'s` / `’s` ending the token (0 when none).
    let possessive: [UInt8]
    /// Whether the token is a word starting with an upper-case letter.
    let capitalized: [Bool]
    /// Whether the token is a word entirely in upper case (2+ letters).
    let allCaps: [Bool]
    /// Whether the token starts a sentence, a line, or follows an opening quote at such a place.
    let sentenceStart: [Bool]
    /// Whether the token lies in a line written in title case or capitals (headline, caption).
    let titleLine: [Bool]
    /// Word-table entries of capitalized words (others are looked up on demand).
    let words: [WordTable.Entry]
    let table: WordTable

    /// `Gazetteer.matchSlot` at every capitalized word (others are matched on demand): the
    /// match's length in tokens (0 for none) and where its candidates are stored. (Plain
    /// integers, so that the table costs nothing to build and free.)
    let gazetteerLengths: [UInt8]
    let gazetteerSlots: [Int32]

    /// `Gazetteer.shared.matchIndices(keys: keys, at: i)`, computed once per document for capitalized words.
    @inline(__always) func gazetteerMatch(_ i: Int) -> (length: Int, indices: [Int32])? {
        guard i < keys.count && capitalized[i] else { return Gazetteer.shared.matchIndices(keys: keys, at: i) }
        let length = gazetteerLengths[i]
        return length == 0 ? nil : (Int(length), Gazetteer.shared.candidates(atSlot: Int(gazetteerSlots[i])))
    }

    /// The word-table entry of token `i`'s key.
    @inline(__always) func word(_ i: Int) -> WordTable.Entry { capitalized[i] ? words[i] : table.entry(keys[i]) }
    /// `NameLexicon.isCommonWord` of token `i`.
    @inline(__always) func isCommon(_ i: Int, zipf: Double) -> Bool {
        let e = word(i)
        return (e.flags & WordTable.isEnglish != 0 ? e.zipf : 0) >= zipf
    }
    /// `NameLexicon.given` of token `i`.
    @inline(__always) func given(_ i: Int) -> Double? {
        let e = word(i)
        return e.flags & WordTable.isGiven != 0 ? e.given : nil
    }
    /// Whether token `i` is in `NameLexicon.surnames`.
    @inline(__always) func isSurname(_ i: Int) -> Bool { word(i).surname != 0 }

    init(_ text: TokenizedText) {
        let n = text.tokens.count
        var keys = text.keys   // the tokenizer's keys equal `Lexicon.key` of each token
        var poss = [UInt8](repeating: 0, count: n)
        var cap = [Bool](repeating: false, count: n)
        var caps = [Bool](repeating: false, count: n)
        var start = [Bool](repeating: false, count: n)
        var title = [Bool](repeating: false, count: n)
        // The word-table entry and gazetteer match of every capitalized word, looked up once for
        // all recognizers.
        var entries = [WordTable.Entry](repeating: WordTable.Entry(), count: n)
        var placeLengths = [UInt8](repeating: 0, count: n)
        var placeSlots = [Int32](repeating: 0, count: n)
        let table = NameLexicon.shared.words
        let titles = NameLexicon.shared.titles
        // One pass over the tokens (through buffer pointers: the arrays written here are local,
        // so no write pays a uniqueness check through a closure's box).
        text.tokens.withUnsafeBufferPointer { tokens in
            text.bytes.withUnsafeBufferPointer { b in
                var atStart = true
                var lineBegin = 0
                for i in 0..<n {
                    let t = tokens[i]
                    if t.startsLine {
                        if i > lineBegin { TextShape.markTitleLine(tokens, b, cap, &title, lineBegin..<i) }
                        lineBegin = i
                        atStart = true
                    }
                    let lo = t.range.lowerBound, e = t.range.upperBound
                    switch t.kind {
                    case .word:
                        // A possessive `'s` / `’s` is not part of the key: `Huiryung's` -> `huiryung`.
                        if e - lo > 3, b[e - 1] == 0x73 || b[e - 1] == 0x53 {
                            if b[e - 2] == 0x27 { poss[i] = 2 } else if e - 4 >= lo && b[e - 4] == 0xE2 && b[e - 3] == 0x80 && b[e - 2] == 0x99 { poss[i] = 4 }
                            if poss[i] > 0 { keys[i] = Lexicon.key(UnsafeBufferPointer(rebasing: b[lo..<(e - Int(poss[i]))])) }
                        }
                        let c = b[lo]
                        var upper = c >= 0x41 && c <= 0x5A
                        if c >= 0x80 { upper = TextShape.firstScalarIsUppercase(b, t.range) }
                        cap[i] = upper
                        // All capitals (a word starts with a letter, so only an upper-case start can be).
                        if e - lo >= 2 && c >= 0x41 && c <= 0x5A {
                            var all = true
                            for k in (lo + 1)..<e where !(b[k] >= 0x41 && b[k] <= 0x5A) && b[k] != 0x2D && b[k] != 0x27 { all = false; break }
                            caps[i] = all
                        }
                        start[i] = atStart
                        atStart = false
                    case .number:
                        start[i] = atStart
                        atStart = false
                    case .punctuation:
                        let c = b[lo]
                        if c == 0x2E || c == 0x21 || c == 0x3F || c == 0x3A {
                            // A dot after a title abbreviation (Mr.) or an initial (J.) does not end a sentence.
                            var abbreviation = false
                            if c == 0x2E && i > 0 && tokens[i - 1].kind == .word {
                                let prev = tokens[i - 1].range
                                if prev.count == 1 || (prev.count <= 5 && titles[keys[i - 1]] != nil) { abbreviation = true }
                            }
                            if !abbreviation { atStart = true }
                        } else if c == 0x22 || c == 0x28 || c == 0xE2 || c == 0x27 || c == 0x2D || c == 0x2A || c == 0x5B {
                            // opening quotes, brackets, dashes and bullets keep the sentence-start state
                        } else {
                            atStart = false
                        }
                    }
                }
                if n > lineBegin { TextShape.markTitleLine(tokens, b, cap, &title, lineBegin..<n) }
            }
        }
        let gazetteer = Gazetteer.shared
        for i in 0..<n where cap[i] {
            entries[i] = table.entry(keys[i])
            if let m = gazetteer.matchSlot(keys: keys, at: i) {
                placeLengths[i] = UInt8(m.length)
                placeSlots[i] = Int32(m.slot)
            }
        }
        self.keys = keys
        possessive = poss
        self.table = table
        words = entries
        gazetteerLengths = placeLengths
        gazetteerSlots = placeSlots
        capitalized = cap
        allCaps = caps
        sentenceStart = start
        titleLine = title
    }

    /// Marks the tokens of `line` as a title line when it reads as a headline or caption: first
    /// word capitalized, 3+ words of 4+ letters, at most one of them (and under a tenth) in lower
    /// case, no full stop or colon ending the line, and at most 30 tokens.
    private static func markTitleLine(_ tokens: UnsafeBufferPointer<TokenizedText.Token>, _ b: UnsafeBufferPointer<UInt8>,
                                      _ cap: [Bool], _ title: inout [Bool], _ line: Range<Int>) {
        var words = 0, capsCount = 0
        var firstWord = -1
        for k in line where tokens[k].kind == .word {
            if firstWord < 0 { firstWord = k }
            if tokens[k].range.count >= 4 { words += 1; if cap[k] { capsCount += 1 } }
        }
        let lastToken = tokens[line.upperBound - 1]
        let endsSentence = lastToken.kind == .punctuation && (b[lastToken.range.lowerBound] == 0x2E || b[lastToken.range.lowerBound] == 0x3A)
        if firstWord >= 0 && cap[firstWord] && words >= 3 && words - capsCount <= 1 && (words - capsCount) * 10 <= words
            && !endsSentence && line.count <= 30 {
            for k in line { title[k] = true }
        }
    }

    /// Whether the scalar starting at `r.lowerBound` (non-ASCII) reads as a capital: an upper-case
    /// letter, or a letter of a script without case.
    static func firstScalarIsUppercase(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        let c = UInt32(b[r.lowerBound])
        var v: UInt32
        if c >= 0xF0 && r.count >= 4 {
            v = (c & 0x07) << 18 | (UInt32(b[r.lowerBound + 1]) & 0x3F) << 12 | (UInt32(b[r.lowerBound + 2]) & 0x3F) << 6 | (UInt32(b[r.lowerBound + 3]) & 0x3F)
        } else if c >= 0xE0 && r.count >= 3 {
            v = (c & 0x0F) << 12 | (UInt32(b[r.lowerBound + 1]) & 0x3F) << 6 | (UInt32(b[r.lowerBound + 2]) & 0x3F)
        } else if c >= 0xC0 && r.count >= 2 {
            v = (c & 0x1F) << 6 | (UInt32(b[r.lowerBound + 1]) & 0x3F)
        } else { return false }
        guard let scalar = Unicode.Scalar(v) else { return false }
        // A letter of a script without case (Hebrew, Arabic, Devanagari, Thai, Hangul, Han...)
        // starts a name inside English text as a capital does: "혜산", "حلب", "北京".
        return scalar.properties.isUppercase || (v >= 0x0590 && scalar.properties.generalCategory == .otherLetter)
    }

    /// The byte range of token `i` without a possessive ending.
    @inline(__always) func coreRange(_ text: TokenizedText, _ i: Int) -> Range<Int> {
        let r = text.tokens[i].range
        return r.lowerBound..<(r.upperBound - Int(possessive[i]))
    }

    /// Whether token `i` is the single character `c` (punctuation).
    @inline(__always) static func isChar(_ text: TokenizedText, _ i: Int, _ c: UInt8) -> Bool {
        guard i >= 0 && i < text.tokens.count else { return false }
        let t = text.tokens[i]
        return t.range.count == 1 && text.bytes[t.range.lowerBound] == c
    }

    /// Whether token `i` is a word whose key is `key`.
    @inline(__always) func isWord(_ text: TokenizedText, _ i: Int, _ key: UInt64) -> Bool {
        i >= 0 && i < keys.count && keys[i] == key && text.tokens[i].kind == .word
    }

    /// Whether tokens `i` and `j` are adjacent on one line with only spaces between them.
    @inline(__always) static func sameLine(_ text: TokenizedText, _ i: Int, _ j: Int) -> Bool {
        guard j < text.tokens.count, i >= 0 else { return false }
        return !text.tokens[j].startsLine && i < j
    }
}

/// The last `TextShape` computed on each thread, so that the five name and place recognizers
/// run on one document compute it once. A hit requires the very same byte array (same storage,
/// which the cache keeps alive), so a shape is never reused for another document.
final class TextShapeCache: @unchecked Sendable {
    static let shared = TextShapeCache()
    private let lock = NSLock()
    private var slots: [UInt: (bytes: [UInt8], tokens: Int, shape: TextShape)] = [:]

    /// The calling thread, as the key of its slot.
    private static var currentThread: UInt {
        #if os(Linux)
        UInt(pthread_self())
        #else
        UInt(bitPattern: pthread_self())
        #endif
    }

    /// The shape of `text`, computed or reused.
    func shape(_ text: TokenizedText) -> TextShape {
        let thread = Self.currentThread
        lock.lock()
        if let slot = slots[thread], slot.tokens == text.tokens.count, Self.sameStorage(slot.bytes, text.bytes) {
            lock.unlock()
            return slot.shape
        }
        lock.unlock()
        let shape = TextShape(text)
        lock.lock()
        if slots.count > 64 { slots.removeAll() }
        slots[thread] = (text.bytes, text.tokens.count, shape)
        lock.unlock()
        return shape
    }

    /// Forgets the calling thread's shape, and with it the document bytes it keeps alive: the
    /// detector calls it when a document (or segment) is done, so that a finished segment's
    /// bytes and per-token arrays are not held for the rest of the run (about 6x a segment's
    /// size per worker thread).
    func release() {
        let thread = Self.currentThread
        lock.lock()
        let slot = slots.removeValue(forKey: thread)
        lock.unlock()
        _ = slot   // freed here, outside the lock
    }

    private static func sameStorage(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
    }
}

/// Frequently used token keys, computed once.
enum Keys {
    static let of = Lexicon.key("of"), the = Lexicon.key("the"), and = Lexicon.key("and")
    static let `in` = Lexicon.key("in"), from = Lexicon.key("from"), near = Lexicon.key("near")
    static let at = Lexicon.key("at"), to = Lexicon.key("to"), no = Lexicon.key("no"), s = Lexicon.key("s")
    static let said = Lexicon.key("said"), says = Lexicon.key("says"), told = Lexicon.key("told")
    static let according = Lexicon.key("according"), city = Lexicon.key("city")
    static let who = Lexicon.key("who"), a = Lexicon.key("a"), an = Lexicon.key("an"), aged = Lexicon.key("aged")
    static let age = Lexicon.key("age"), born = Lexicon.key("born"), by = Lexicon.key("by"), with = Lexicon.key("with")
    static let surname = Lexicon.key("surname"), `as` = Lexicon.key("as"), identified = Lexicon.key("identified")
    static let only = Lexicon.key("only"), simply = Lexicon.key("simply"), just = Lexicon.key("just")
    static let dong = Lexicon.key("dong"), ri = Lexicon.key("ri")
    /// "Person A. Colombia": Veil's pseudonym ending a sentence is not a name with a middle initial.
    static let person = Lexicon.key("person")
    static let months: KeySet = KeySet(["january", "february", "march", "april", "may", "june", "july", "august",
                                          "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                                          "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday",
                                          "wednesday", "thursday", "friday", "saturday", "sunday"].map { Lexicon.key($0) })
    /// Capitalized words that never start or make up a name (pronouns, determiners, greetings...).
    static let nonName: KeySet = KeySet(["the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they",
                                           "we", "i", "you", "his", "her", "their", "our", "my", "your", "its", "but", "and",
                                           "or", "if", "when", "while", "after", "before", "as", "at", "in", "on", "of", "for",
                                           "to", "from", "by", "with", "no", "not", "yes", "so", "then", "there", "here",
                                           "what", "who", "why", "how", "where", "which", "all", "some", "many", "most",
                                           "one", "two", "three", "first", "last", "next", "new", "old", "north", "south",
                                           "east", "west", "northern", "southern", "eastern", "western", "central", "mr",
                                           "ms", "mrs", "dr", "god", "internet", "today", "yesterday", "tomorrow", "also",
                                           "however", "meanwhile", "although", "because", "since", "until", "during",
                                           "under", "over", "into", "about", "against", "between", "without", "within",
                                           "according", "despite", "amid", "following", "recently", "now", "still",
                                           "even", "just", "only", "such", "other", "another", "each", "every", "both",
                                           "either", "neither", "more", "less", "few", "several", "any", "none"].map { Lexicon.key($0) })
}

/// One open-addressing table of everything known about single words (given name and weight,
/// surname origin, title, English frequency, organization head word): 32-byte entries, so one
/// lookup touches one cache line; the typed views below answer the lexicons' questions.
public struct WordTable: Sendable {
    struct Entry: Sendable {
        var key: UInt64 = 0
        var given: Double = 0
        var zipf: Double = 0
        var surname: UInt8 = 0      // Origin index + 1; 0 none
        var title: UInt8 = 0        // 1 honorific, 2 office; 0 none
        var head: UInt8 = 0         // Kind index + 1; 0 none
        var flags: UInt8 = 0
    }
    static let isGiven: UInt8 = 1, korean: UInt8 = 2, asian: UInt8 = 4, isEnglish: UInt8 = 8, occupied: UInt8 = 128
    private let entries: [Entry]
    private let shift: UInt64
    private let origins = NameLexicon.Origin.allCases
    private static let kinds: [OrganizationLexicon.Kind] = [.organization, .facility, .unit]

    init(given: [UInt64: Double], surnames: [UInt64: NameLexicon.Origin], korean: Set<UInt64>, asian: Set<UInt64>,
         titles: [UInt64: Bool], english: [UInt64: Double], heads: [UInt64: OrganizationLexicon.Kind]) {
        var all = [UInt64: Entry]()
        func update(_ k: UInt64, _ f: (inout Entry) -> Void) {
            var e = all[k] ?? Entry(key: k, flags: WordTable.occupied)
            f(&e)
            all[k] = e
        }
        let origins = NameLexicon.Origin.allCases
        for (k, v) in given { update(k) { $0.given = v; $0.flags |= WordTable.isGiven } }
        for (k, v) in surnames { update(k) { $0.surname = UInt8(origins.firstIndex(of: v)! + 1) } }
        for k in korean { update(k) { $0.flags |= WordTable.korean } }
        for k in asian { update(k) { $0.flags |= WordTable.asian } }
        for (k, v) in titles { update(k) { $0.title = v ? 2 : 1 } }
        for (k, v) in english { update(k) { $0.zipf = v; $0.flags |= WordTable.isEnglish } }
        for (k, v) in heads { update(k) { $0.head = UInt8(WordTable.kinds.firstIndex(of: v)! + 1) } }
        // At most half full: a lookup that misses (most words asked about are in no list) walks
        // to the next empty slot, 2.5 probes on average at that load, 8.5 at three quarters.
        var capacity = 8
        while capacity < all.count * 2 { capacity *= 2 }
        var table = [Entry](repeating: Entry(), count: capacity)
        let shift = UInt64(64 - capacity.trailingZeroBitCount)
        for (k, e) in all {
            var s = Int(truncatingIfNeeded: (k &* 0x9E3779B97F4A7C15) >> shift)
            while table[s].flags != 0 { s = (s + 1) & (capacity - 1) }
            table[s] = e
        }
        entries = table
        self.shift = shift
    }

    /// The entry of `key` (all zero when the word is in no list).
    @inline(__always) func entry(_ key: UInt64) -> Entry {
        entries.withUnsafeBufferPointer { eb in
            let mask = eb.count - 1
            var s = Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> shift)
            while true {
                let e = eb[s]
                if e.flags == 0 { return Entry() }
                if e.key == key { return e }
                s = (s + 1) & mask
            }
        }
    }

    /// Given names: frequency weight.
    public struct Given: Sendable {
        let table: WordTable
        @inline(__always) public subscript(key: UInt64) -> Double? {
            let e = table.entry(key)
            return e.flags & WordTable.isGiven != 0 ? e.given : nil
        }
    }
    /// Surnames: origin.
    public struct Surnames: Sendable {
        let table: WordTable
        @inline(__always) public subscript(key: UInt64) -> NameLexicon.Origin? {
            let e = table.entry(key)
            return e.surname == 0 ? nil : table.origins[Int(e.surname) - 1]
        }
    }
    /// Titles: `true` for offices.
    public struct Titles: Sendable {
        let table: WordTable
        @inline(__always) public subscript(key: UInt64) -> Bool? {
            let e = table.entry(key)
            return e.title == 0 ? nil : e.title == 2
        }
    }
    /// English words: Zipf frequency.
    public struct English: Sendable {
        let table: WordTable
        @inline(__always) public subscript(key: UInt64) -> Double? {
            let e = table.entry(key)
            return e.flags & WordTable.isEnglish != 0 ? e.zipf : nil
        }
    }
    /// Organization head words: kind.
    public struct Heads: Sendable {
        let table: WordTable
        @inline(__always) public subscript(key: UInt64) -> OrganizationLexicon.Kind? {
            let e = table.entry(key)
            return e.head == 0 ? nil : WordTable.kinds[Int(e.head) - 1]
        }
    }
    /// A set of words marked by one flag bit.
    public struct Flag: Sendable {
        let table: WordTable
        let bit: UInt8
        @inline(__always) public func contains(_ key: UInt64) -> Bool { table.entry(key).flags & bit != 0 }
    }
}

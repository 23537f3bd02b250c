import VeilModel

/// Word classes used by the pattern recognizers (dates, ages, amounts, sources, occupations),
/// loaded once from `Lexicons/patterns/words.tsv` and `Lexicons/patterns/occupations.tsv`.
/// `TokenizedText` classifies every word once per document; recognizers then test bits.
struct PatternLexicon: Sendable {
    /// The classes a word can belong to (a word may have several: `second` is an ordinal, a
    /// unit and a source modifier).
    struct Flags: OptionSet, Sendable, Hashable {
        let rawValue: UInt64
        static let month = Flags(rawValue: 1 << 0)
        static let monthAbbrev = Flags(rawValue: 1 << 1)
        static let weekday = Flags(rawValue: 1 << 2)
        static let weekdayPlural = Flags(rawValue: 1 << 3)
        static let weekdayAbbrev = Flags(rawValue: 1 << 4)
        static let number = Flags(rawValue: 1 << 5)
        static let decade = Flags(rawValue: 1 << 6)
        static let ordinal = Flags(rawValue: 1 << 7)
        static let unit = Flags(rawValue: 1 << 8)
        static let daypart = Flags(rawValue: 1 << 9)
        static let season = Flags(rawValue: 1 << 10)
        static let relAgo = Flags(rawValue: 1 << 11)
        static let relBefore = Flags(rawValue: 1 << 12)
        static let relAfter = Flags(rawValue: 1 << 13)
        static let deictic = Flags(rawValue: 1 << 14)
        static let qualifier = Flags(rawValue: 1 << 15)
        static let part = Flags(rawValue: 1 << 16)
        static let partNoun = Flags(rawValue: 1 << 17)
        static let ampm = Flags(rawValue: 1 << 18)
        static let oclock = Flags(rawValue: 1 << 19)
        static let datePrep = Flags(rawValue: 1 << 20)
        static let vague = Flags(rawValue: 1 << 21)
        static let currencyWord = Flags(rawValue: 1 << 22)
        static let currencyCode = Flags(rawValue: 1 << 23)
        static let currencyPrefix = Flags(rawValue: 1 << 24)
        static let multiplier = Flags(rawValue: 1 << 25)
        static let ageWord = Flags(rawValue: 1 << 26)
        static let ageSuffix = Flags(rawValue: 1 << 27)
        static let possessive = Flags(rawValue: 1 << 28)
        static let ageBound = Flags(rawValue: 1 << 29)
        static let ageTeen = Flags(rawValue: 1 << 30)
        static let sourceStrong = Flags(rawValue: 1 << 31)
        static let sourceWeak = Flags(rawValue: 1 << 32)
        static let sourceVerb = Flags(rawValue: 1 << 33)
        static let sourceAnon = Flags(rawValue: 1 << 34)
        static let sourceMod = Flags(rawValue: 1 << 35)
        static let relation = Flags(rawValue: 1 << 36)
        static let adverb = Flags(rawValue: 1 << 37)
        static let determiner = Flags(rawValue: 1 << 38)
        static let placeUnit = Flags(rawValue: 1 << 39)
        static let nounHead = Flags(rawValue: 1 << 40)
        static let occupation = Flags(rawValue: 1 << 41)
        static let occupationPlural = Flags(rawValue: 1 << 42)
        /// Words that can lead a relative date: `the`, `earlier`, `later`.
        static let dateLead = Flags(rawValue: 1 << 43)
        /// Words that announce an identity or account number (`passport`, `ID`).
        static let idWord = Flags(rawValue: 1 << 44)

        static let byName: [String: Flags] = [
            "month": .month, "month.abbrev": .monthAbbrev, "weekday": .weekday,
            "weekday.plural": .weekdayPlural, "weekday.abbrev": .weekdayAbbrev, "number": .number,
            "decade": .decade, "ordinal": .ordinal, "unit": .unit, "daypart": .daypart,
            "season": .season, "rel.ago": .relAgo, "rel.before": .relBefore, "rel.after": .relAfter,
            "deictic": .deictic, "qualifier": .qualifier, "part": .part, "part.noun": .partNoun,
            "ampm": .ampm, "oclock": .oclock, "date.prep": .datePrep, "vague": .vague,
            "currency.word": .currencyWord, "currency.code": .currencyCode,
            "currency.prefix": .currencyPrefix, "multiplier": .multiplier, "age.word": .ageWord,
            "age.suffix": .ageSuffix, "possessive": .possessive, "age.bound": .ageBound,
            "age.teen": .ageTeen, "source.strong": .sourceStrong, "source.weak": .sourceWeak,
            "source.verb": .sourceVerb, "source.anon": .sourceAnon, "source.mod": .sourceMod,
            "relation": .relation, "adverb": .adverb, "determiner": .determiner,
            "place.unit": .placeUnit, "noun.head": .nounHead, "date.lead": .dateLead, "id.word": .idWord,
        ]
    }

    /// Everything known about one word.
    struct Entry: Sendable {
        /// The word as listed (lower case).
        var word: String
        var flags: Flags = []
        /// Numbers, ordinals, decades: the value.
        var number: Int = 0
        /// Units: `day`, `week`, `month`, `year`...
        var unit: String = ""
        /// Month or weekday name, day part, season, or direction (`past`, `future`, `present`).
        var name: String = ""
        /// Currency words, codes and prefixes: the ISO code or canonical name.
        var currency: String = ""
        /// Multipliers: the factor.
        var multiplier: Double = 0
    }

    /// All entries; `TokenizedText.entries` index into it.
    let entries: [Entry]
    /// `entries[i].flags.rawValue`, in a flat array of its own for the tokenizer.
    let entryFlags: [UInt64]
    let index: [UInt64: Int32]
    /// Open-addressing copy of `index` for the per-token lookups (keys are already hashes).
    let table: KeyTable
    /// Whether the data files were found (tests check it).
    let isLoaded: Bool

    /// The lexicon of the shipped data files, loaded once.
    static let shared = PatternLexicon(
        words: Lexicon.load("patterns/words.tsv"), occupations: Lexicon.load("patterns/occupations.tsv"))

    /// Builds the tables from the two data files.
    init(words: Lexicon, occupations: Lexicon) {
        var entries: [Entry] = []
        var index: [UInt64: Int32] = [:]
        func slot(_ word: String) -> Int {
            let k = Lexicon.key(word)
            if let i = index[k] { return Int(i) }
            entries.append(Entry(word: word))
            index[k] = Int32(entries.count - 1)
            return entries.count - 1
        }
        for row in words.rows where row.count >= 2 {
            guard let flag = Flags.byName[row[1]] else { continue }
            let i = slot(row[0])
            entries[i].flags.insert(flag)
            let value = row.count > 2 ? row[2] : ""
            switch flag {
            case .number, .ordinal, .decade: entries[i].number = Int(value) ?? 0
            case .unit: entries[i].unit = value
            case .currencyWord, .currencyCode, .currencyPrefix: entries[i].currency = value
            case .multiplier: entries[i].multiplier = Double(value) ?? 0
            case .month, .monthAbbrev, .weekday, .weekdayPlural, .weekdayAbbrev, .daypart, .season,
                 .deictic, .qualifier:
                if entries[i].name.isEmpty { entries[i].name = value }
            default: break
            }
        }
        for row in occupations.rows {
            if let s = row.first, !s.isEmpty { entries[slot(s)].flags.insert(.occupation) }
            if row.count > 1, !row[1].isEmpty { entries[slot(row[1])].flags.insert(.occupationPlural) }
        }
        self.entries = entries
        self.entryFlags = entries.map { $0.flags.rawValue }
        self.index = index
        self.table = KeyTable(index)
        self.isLoaded = words.isLoaded && occupations.isLoaded
    }

    /// The entry index and flags (`0` for none) of every token (`-1` for none). A word ending
    /// in a possessive `'s` that is not listed itself is looked up without it (`today's` -> `today`).
    func classify(tokens: [TokenizedText.Token], keys: [UInt64], bytes: [UInt8]) -> (entries: [Int32], flags: [UInt64]) {
        let n = tokens.count
        let entries = [Int32](unsafeUninitializedCapacity: n) { out, count in
            tokens.withUnsafeBufferPointer { tokens in
                keys.withUnsafeBufferPointer { keys in
                    bytes.withUnsafeBufferPointer { bytes in
                        for t in 0..<n {
                            out[t] = tokens[t].kind == .word ? entry(key: keys[t], bytes: bytes, range: tokens[t].range) : -1
                        }
                    }
                }
            }
            count = n
        }
        let flags = [UInt64](unsafeUninitializedCapacity: n) { out, count in
            entryFlags.withUnsafeBufferPointer { entryFlags in
                for t in 0..<n { out[t] = entries[t] < 0 ? 0 : entryFlags[Int(entries[t])] }
            }
            count = n
        }
        return (entries, flags)
    }

    /// The entry index of a word whose key is `key` and bytes `bytes[r]` (`-1` for none), with
    /// the possessive fallback of `classify`.
    @inline(__always)
    func entry(key: UInt64, bytes: UnsafeBufferPointer<UInt8>, range r: Range<Int>) -> Int32 {
        let e = table[key]
        if e >= 0 { return e }
        let n = r.count
        guard n > 2, bytes[r.upperBound - 1] | 0x20 == 0x73 else { return -1 }
        var stem = r.upperBound - 2
        if bytes[stem] == 0x27 {
            // ASCII apostrophe
        } else if n > 4 && bytes[stem] == 0x99 && bytes[stem - 1] == 0x80 && bytes[stem - 2] == 0xE2 {
            stem -= 2
        } else { return -1 }
        return table[Lexicon.key(UnsafeBufferPointer(rebasing: bytes[r.lowerBound..<stem]))]
    }
}

/// A fixed open-addressing hash table from 64-bit word keys (already well mixed, being FNV-1a
/// hashes) to entry indexes: one multiply and usually one probe per lookup.
struct KeyTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let mask: Int

    /// A table holding `index`.
    init(_ index: [UInt64: Int32]) {
        var size = 16
        while size < index.count * 3 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (k, v) in index {
            var slot = Int(truncatingIfNeeded: (k &* 0x9E3779B97F4A7C15) >> 40) & mask
            while values[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = k
            values[slot] = v
        }
    }

    /// The value stored for `key`, or -1.
    @inline(__always) subscript(key: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 40) & mask
        while true {
            let v = values[slot]
            if v < 0 { return -1 }
            if keys[slot] == key { return v }
            slot = (slot + 1) & mask
        }
    }
}

/// Read-only helpers over a `TokenizedText` shared by the pattern recognizers: word classes,
/// case, adjacency and numeric values of tokens, all without building strings.
struct PatternCursor {
    let text: TokenizedText
    let tokens: [TokenizedText.Token]
    let bytes: [UInt8]
    let entries: [Int32]
    let wordFlags: [UInt64]
    let lexicon: PatternLexicon

    init(_ text: TokenizedText) {
        self.text = text
        self.tokens = text.tokens
        self.bytes = text.document.bytes
        self.entries = text.entries
        self.wordFlags = text.wordFlags
        self.lexicon = PatternLexicon.shared
    }

    /// Number of tokens.
    var count: Int { tokens.count }

    /// The lexicon entry of token `i`, when it has one.
    @inline(__always) func entry(_ i: Int) -> PatternLexicon.Entry? {
        guard i >= 0 && i < entries.count, entries[i] >= 0 else { return nil }
        return lexicon.entries[Int(entries[i])]
    }

    /// The classes of token `i` (empty out of range).
    @inline(__always) func flags(_ i: Int) -> PatternLexicon.Flags {
        guard i >= 0 && i < wordFlags.count else { return [] }
        return PatternLexicon.Flags(rawValue: wordFlags[i])
    }

    /// Whether token `i` has any of `f`.
    @inline(__always) func has(_ i: Int, _ f: PatternLexicon.Flags) -> Bool { !flags(i).isDisjoint(with: f) }

    /// Whether token `i` is the word `w` (lower-case ASCII), compared case-insensitively.
    func isWord(_ i: Int, _ w: StaticString) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .word else { return false }
        let r = tokens[i].range
        guard r.count == w.utf8CodeUnitCount else { return false }
        return bytes.withUnsafeBufferPointer { PatternCursor.equals($0, r, w) }
    }

    /// Whether token `i` is one of `words`. The token is read once; each word costs a length
    /// and first-letter comparison unless it matches them.
    func isAny(_ i: Int, _ words: [StaticString]) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .word else { return false }
        let r = tokens[i].range
        return bytes.withUnsafeBufferPointer { b in
            let n = r.count
            let first = b[r.lowerBound] | 0x20
            for w in words where w.utf8CodeUnitCount == n && w.utf8Start[0] == first {
                if PatternCursor.equals(b, r, w) { return true }
            }
            return false
        }
    }

    /// Whether token `i` is one of the words of `set`: the same as `isAny` with those words as
    /// static strings, but one hash lookup of the token's key instead of a comparison per word.
    func isAny(_ i: Int, _ set: WordSet) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .word, let length = set.lengths[text.keys[i]] else { return false }
        // The length excludes a typographic apostrophe, which the key reads as `'`.
        return length == tokens[i].range.count
    }

    /// Whether `b[r]` equals `w` (of the same length) with ASCII letters folded to lower case.
    @inline(__always)
    private static func equals(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ w: StaticString) -> Bool {
        let p = w.utf8Start
        var k = 0
        while k < r.count {
            // Case folds only ASCII letters: a UTF-8 byte of `’` must match exactly.
            let c = b[r.lowerBound + k], q = p[k]
            if c != q && !(q >= 0x61 && q <= 0x7A && c | 0x20 == q) { return false }
            k += 1
        }
        return true
    }

    /// Whether the bytes of token `i` end with `suffix` exactly (case-sensitive, as
    /// `String.hasSuffix` on the token's text, without building the string).
    func hasSuffix(_ i: Int, _ suffix: StaticString) -> Bool { endsWith(i, suffix, fold: 0) }

    /// Whether the bytes of token `i` end with `suffix` (lower-case ASCII) once each byte is
    /// or-ed with 0x20 (`-Based` ends with `-based`).
    func hasSuffixFolded(_ i: Int, _ suffix: StaticString) -> Bool { endsWith(i, suffix, fold: 0x20) }

    @inline(__always)
    private func endsWith(_ i: Int, _ suffix: StaticString, fold: UInt8) -> Bool {
        guard i >= 0 && i < tokens.count else { return false }
        let r = tokens[i].range
        let n = suffix.utf8CodeUnitCount
        guard r.count >= n else { return false }
        let p = suffix.utf8Start
        return bytes.withUnsafeBufferPointer { b in
            for k in 0..<n where b[r.upperBound - n + k] | fold != p[k] { return false }
            return true
        }
    }

    /// Whether token `i` starts with `prefix` (lower-case ASCII), ASCII letters compared
    /// case-insensitively.
    func hasPrefix(_ i: Int, _ prefix: StaticString) -> Bool {
        guard i >= 0 && i < tokens.count else { return false }
        let r = tokens[i].range
        let n = prefix.utf8CodeUnitCount
        guard r.count > n else { return false }
        return bytes.withUnsafeBufferPointer { PatternCursor.equals($0, r.lowerBound..<(r.lowerBound + n), prefix) }
    }

    /// Whether token `i` contains the byte `c`.
    func contains(_ i: Int, _ c: UInt8) -> Bool {
        guard i >= 0 && i < tokens.count else { return false }
        return bytes.withUnsafeBufferPointer { b in tokens[i].range.contains { b[$0] == c } }
    }

    /// Whether token `i` is punctuation `c` (ASCII).
    @inline(__always) func isPunct(_ i: Int, _ c: UInt8) -> Bool {
        guard i >= 0 && i < tokens.count else { return false }
        let r = tokens[i].range
        return tokens[i].kind == .punctuation && r.count == 1 && bytes[r.lowerBound] == c
    }

    /// Whether token `i` is a hyphen or dash (ASCII `-`, en dash, em dash).
    func isDash(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .punctuation else { return false }
        let r = tokens[i].range
        if r.count == 1 { return bytes[r.lowerBound] == 0x2D }
        return r.count == 3 && bytes[r.lowerBound] == 0xE2 && bytes[r.lowerBound + 1] == 0x80
            && (bytes[r.lowerBound + 2] == 0x93 || bytes[r.lowerBound + 2] == 0x94)
    }

    /// Whether tokens `i` and `i + 1` touch (no space between).
    @inline(__always) func touches(_ i: Int) -> Bool {
        i >= 0 && i + 1 < tokens.count && tokens[i].range.upperBound == tokens[i + 1].range.lowerBound
    }

    /// Whether token `i` is a word or number.
    @inline(__always) func kind(_ i: Int) -> TokenizedText.Kind? {
        i >= 0 && i < tokens.count ? tokens[i].kind : nil
    }

    /// Whether token `i` is a word starting with an upper-case letter (ASCII or Latin-1/Latin
    /// Extended upper case, or any non-Latin letter, which has no case).
    func isCapitalized(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .word else { return false }
        let c = bytes[tokens[i].range.lowerBound]
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        let s = text.string(tokens[i])
        guard let first = s.unicodeScalars.first else { return false }
        return first.properties.isUppercase || !first.properties.isLowercase
    }

    /// Whether token `i` is written entirely in upper-case ASCII letters.
    func isAllCaps(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .word else { return false }
        for k in tokens[i].range { let c = bytes[k]; if !(c >= 0x41 && c <= 0x5A) { return false } }
        return true
    }

    /// Whether token `i` is a lower-case word.
    func isLower(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .word else { return false }
        let c = bytes[tokens[i].range.lowerBound]
        return c >= 0x61 && c <= 0x7A
    }

    /// Whether token `i` is sentence-initial (first of a line, or after `.`, `!`, `?`, `:`, or
    /// an opening quote that itself starts a sentence).
    func startsSentence(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count else { return false }
        if tokens[i].startsLine || i == 0 { return true }
        var j = i - 1
        while j >= 0 && isQuote(j) { if tokens[j].startsLine { return true }; j -= 1 }
        return j >= 0 && (isPunct(j, 0x2E) || isPunct(j, 0x21) || isPunct(j, 0x3F) || isPunct(j, 0x3A))
    }

    /// Whether token `i` is a quotation mark (straight or curly, single or double).
    func isQuote(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .punctuation else { return false }
        let r = tokens[i].range
        if r.count == 1 { return bytes[r.lowerBound] == 0x22 || bytes[r.lowerBound] == 0x27 }
        return r.count == 3 && bytes[r.lowerBound] == 0xE2 && bytes[r.lowerBound + 1] == 0x80
            && (0x98...0x9F).contains(bytes[r.lowerBound + 2])
    }

    /// The integer value of a plain digit token (`2019`, `3,000`), ignoring `,` separators;
    /// `nil` when it holds `.` or `:` or is too long.
    func intValue(_ i: Int) -> Int? {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .number else { return nil }
        let r = tokens[i].range
        guard r.count <= 18 else { return nil }
        var v = 0
        for k in r {
            let c = bytes[k]
            if c == 0x2C { continue }
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    /// The decimal value of a digit token (`1,500.50` -> 1500.5); `nil` for clock times.
    func decimalValue(_ i: Int) -> Double? {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .number else { return nil }
        // A number token holds digits and inner `,` `.` `:`. Up to 15 digits, the value is the
        // digits as an integer divided by a power of ten: both exact in a Double, so the one
        // division rounds exactly as parsing the text would. Longer numbers are parsed as text.
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = -1   // digits after the dot; -1 before any dot
        for k in tokens[i].range {
            let c = bytes[k]
            if c == 0x2C { continue }
            if c == 0x3A { return nil }
            if c == 0x2E {
                if fraction >= 0 { return nil }   // a second dot: not a number
                fraction = 0
                continue
            }
            mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
            digits += 1
            if fraction >= 0 { fraction += 1 }
        }
        if digits <= 15 {
            return fraction <= 0 ? Double(mantissa) : Double(mantissa) / PatternCursor.powersOfTen[fraction]
        }
        var s = ""
        for k in tokens[i].range where bytes[k] != 0x2C { s.append(Character(Unicode.Scalar(bytes[k]))) }
        return Double(s)
    }

    /// 1e0 through 1e15, each exact in a Double.
    private static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { acc, _ in acc * 10 } }

    /// Whether the number token `i` is digits only (no separators).
    func isPlainDigits(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count, tokens[i].kind == .number else { return false }
        return tokens[i].range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }

    /// The index of the last token that ends at or before byte `end` (binary search).
    func lastToken(endingBy end: Int) -> Int {
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].range.upperBound <= end { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// Number of bytes of token `i`.
    func length(_ i: Int) -> Int { tokens[i].range.count }

    /// The byte range from token `a` through token `b`.
    func span(_ a: Int, _ b: Int) -> Range<Int> { tokens[a].range.lowerBound..<tokens[b].range.upperBound }

    /// The text from token `a` through token `b`.
    func text(_ a: Int, _ b: Int) -> String { text.document.text(span(a, b)) }

    /// The value of a number written in digits or words at token `i`, with the index of its
    /// last token (`four`, `4`, `twenty-one`, `a`). Hyphenated ranges (`7-8`) take the last.
    func count(at i: Int) -> (value: Int, end: Int)? {
        if let v = intValue(i) {
            if isDash(i + 1) && touches(i) && touches(i + 1), let w = intValue(i + 2) { return (w, i + 2) }
            return (v, i)
        }
        if let e = entry(i), e.flags.contains(.number) {
            if isWord(i, "a") || isWord(i, "an") {
                // "a few", "a couple of", "a dozen"
                if isWord(i + 1, "few") { return (3, i + 1) }
                if isWord(i + 1, "couple") { return (2, isWord(i + 2, "of") ? i + 2 : i + 1) }
                return (1, i)
            }
            // "the last couple of days": the count runs to its "of".
            if isWord(i, "couple") && isWord(i + 1, "of") { return (2, i + 1) }
            return (e.number, i)
        }
        return nil
    }
}

/// A set of lower-case ASCII words for `PatternCursor.isAny`, keyed by `Lexicon.key`.
struct WordSet: Sendable {
    /// Word key -> byte length of the word.
    let lengths: KeyMap<Int>

    /// The set of `words` (lower-case ASCII).
    init(_ words: [String]) {
        var d: [UInt64: Int] = [:]
        for w in words { d[Lexicon.key(w)] = w.utf8.count }
        lengths = KeyMap(d)
    }
}

/// Builds findings with a score moved by context, recording each move in the explanation.
struct ScoredFinding {
    var range: Range<Int>
    var category: Category
    var score: Double
    var recognizer: String
    var reasons: Reasons
    var attributes = ScoredAttributes()
    var qualifiers: [Qualifier] = []

    /// Moves the score by `delta` (clamped to 0...1) and notes why.
    mutating func adjust(_ delta: Double, _ why: String) {
        score = min(1, max(0, score + delta))
        // `why (+0.10)`, appended to the explanation being written.
        reasons.append(why, sign: delta >= 0 ? " (+" : " (", value: String(format2: delta), close: ")")
    }

    /// The finding, with an explanation listing the matched pattern and every context move.
    func finding(in text: TokenizedText) -> Finding {
        // `reason; reason; score 0.85`
        let explanation = reasons.joined(closingWith: String(format2: score))
        return Finding(range: range, text: text.document.text(range), category: category,
                       confidence: (score * 100).rounded() / 100, recognizer: recognizer,
                       explanation: explanation, qualifiers: qualifiers, attributes: attributes.dictionary)
    }
}

/// The reasons of a scored finding, kept as the UTF-8 of the explanation they become
/// (`reason; reason`) in one byte buffer with room to grow: each reason is a copy into that
/// buffer, where an array of reasons cost an allocation for the array, one for each reason over
/// 15 bytes and one more to join them. Reasons are added at the end or, with `insert(_:at: 0)`,
/// at the front.
struct Reasons: ExpressibleByArrayLiteral {
    /// The reasons so far, joined by `; `, as UTF-8.
    private var bytes: [UInt8] = []
    /// Number of reasons (an empty reason still counts, and still gets its separator).
    private(set) var count = 0

    /// Room reserved for an explanation: most are shorter, so the buffer rarely grows.
    private static let reserve = 112

    init(arrayLiteral elements: String...) {
        for e in elements { append(e) }
    }

    /// Copies the UTF-8 of `s` to the end of the buffer.
    @inline(__always) private mutating func write(_ s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes.append(contentsOf: s.utf8) }
    }

    /// Copies `s` to the end of the buffer.
    @inline(__always) private mutating func write(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Adds `reason` after the others.
    mutating func append(_ reason: String) {
        if count == 0 {
            bytes.reserveCapacity(Swift.max(Reasons.reserve, reason.utf8.count + 48))
        } else {
            write("; ")
        }
        write(reason)
        count += 1
    }

    /// Adds the reason `why`, `sign`, `value` and `close` written together (`why (+0.10)`).
    mutating func append(_ why: String, sign: StaticString, value: String, close: StaticString) {
        append(why)
        write(sign)
        write(value)
        write(close)
    }

    /// Adds `reason` before the others (`index` must be 0, the only position the recognizers use).
    mutating func insert(_ reason: String, at index: Int) {
        assert(index == 0, "reasons are inserted at the front only")
        guard count > 0 else { append(reason); return }
        let rest = bytes
        bytes = []
        bytes.reserveCapacity(Swift.max(Reasons.reserve, reason.utf8.count + 2 + rest.count + 32))
        write(reason)
        write("; ")
        bytes.append(contentsOf: rest)
        count += 1
    }

    /// The explanation: the reasons, then `score <last>`.
    func joined(closingWith last: String) -> String {
        let prefix: StaticString = count == 0 ? "score " : "; score "
        return bytes.withUnsafeBufferPointer { b in
            String(unsafeUninitializedCapacity: b.count + prefix.utf8CodeUnitCount + last.utf8.count) { out in
                guard let base = out.baseAddress, let src = b.baseAddress else {
                    var n = out.writeUTF8(of: prefix, at: 0)
                    n = out.writeUTF8(of: last, at: n)
                    return n
                }
                base.initialize(from: src, count: b.count)
                var n = out.writeUTF8(of: prefix, at: b.count)
                n = out.writeUTF8(of: last, at: n)
                return n
            }
        }
    }
}

/// The attributes of a finding being scored: a few pairs in an array, turned into the finding's
/// dictionary once at the end. (A candidate sets two to four; each dictionary insert would hash
/// the key and could grow the table, and most candidates are dropped before they become findings.)
struct ScoredAttributes {
    private var pairs: [(key: String, value: String)] = []

    /// The value of `key`; setting `nil` removes it.
    subscript(key: String) -> String? {
        get { pairs.first { $0.key == key }?.value }
        set {
            if let k = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue { pairs[k].value = newValue } else { pairs.remove(at: k) }
            } else if let newValue {
                if pairs.isEmpty { pairs.reserveCapacity(4) }
                pairs.append((key, newValue))
            }
        }
    }

    /// The attributes as a dictionary.
    var dictionary: [String: String] {
        guard !pairs.isEmpty else { return [:] }
        var d = [String: String](minimumCapacity: pairs.count)
        for p in pairs { d[p.key] = p.value }
        return d
    }
}

extension String {
    /// `parts` (then `last`, when not empty) joined by `separator`, written into one allocation
    /// of the exact size. (`joined(separator:)` and `+=` grow the result part by part, checking
    /// capacity, uniqueness and encoding at each: hundreds of instructions per part, paid for
    /// every explanation the detector writes.)
    /// `lastPrefix` is written just before `last` (when `last` is not empty), sparing the caller
    /// a concatenation.
    init(joining parts: [String], separator: StaticString = "", lastPrefix: StaticString = "", last: String = "") {
        let sep = UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)
        let count = parts.count + (last.isEmpty ? 0 : 1)
        var total = sep.count * Swift.max(0, count - 1) + (last.isEmpty ? 0 : lastPrefix.utf8CodeUnitCount + last.utf8.count)
        for p in parts { total += p.utf8.count }
        self = parts.withUnsafeBufferPointer { parts in
            String(unsafeUninitializedCapacity: total) { out in
                guard let base = out.baseAddress else { return 0 }
                var p = base
                /// Copies the bytes of `s` (read in place: no copy of the string, no retain).
                @inline(__always) func copy(_ s: String) {
                    if let n = s.utf8.withContiguousStorageIfAvailable({ u -> Int in
                        if let b = u.baseAddress { p.initialize(from: b, count: u.count) }
                        return u.count
                    }) {
                        p += n
                    } else {
                        for c in s.utf8 { p.initialize(to: c); p += 1 }
                    }
                }
                for k in 0..<count {
                    if k > 0 && !sep.isEmpty {
                        p.initialize(from: sep.baseAddress!, count: sep.count)
                        p += sep.count
                    }
                    if k == parts.count {
                        if lastPrefix.utf8CodeUnitCount > 0 {
                            p.initialize(from: lastPrefix.utf8Start, count: lastPrefix.utf8CodeUnitCount)
                            p += lastPrefix.utf8CodeUnitCount
                        }
                        copy(last)
                    } else {
                        copy(parts[k])
                    }
                }
                return p - base
            }
        }
    }

    /// Two-decimal formatting without Foundation.
    init(format2 value: Double) {
        let v = (abs(value) * 100).rounded()
        let whole = Int(v) / 100, frac = Int(v) % 100
        if whole < 10 {
            // Scores and their moves (`0.85`, `-0.10`, `1.00`): at most five ASCII bytes, written
            // straight into a small string.
            let negative = value < 0
            self.init(unsafeUninitializedCapacity: 5) { out in
                var n = 0
                if negative { out[0] = 0x2D; n = 1 }
                out[n] = 0x30 + UInt8(whole)
                out[n + 1] = 0x2E
                out[n + 2] = 0x30 + UInt8(frac / 10)
                out[n + 3] = 0x30 + UInt8(frac % 10)
                return n + 4
            }
            return
        }
        self = (value < 0 ? "-" : "") + "\(whole)." + (frac < 10 ? "0" : "") + "\(frac)"
    }
}

extension UnsafeMutableBufferPointer where Element == UInt8 {
    /// Copies the UTF-8 of `s` to offset `n` (the buffer must have room); returns the offset after it.
    @inline(__always)
    func writeUTF8(of s: String, at n: Int) -> Int {
        var s = s
        return s.withUTF8 { u in
            guard let src = u.baseAddress, let dst = baseAddress else { return n }
            (dst + n).initialize(from: src, count: u.count)
            return n + u.count
        }
    }

    /// Copies the bytes of `s` to offset `n` (the buffer must have room); returns the offset after it.
    @inline(__always)
    func writeUTF8(of s: StaticString, at n: Int) -> Int {
        guard let dst = baseAddress else { return n }
        (dst + n).initialize(from: s.utf8Start, count: s.utf8CodeUnitCount)
        return n + s.utf8CodeUnitCount
    }
}

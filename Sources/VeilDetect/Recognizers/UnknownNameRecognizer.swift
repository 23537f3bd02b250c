import VeilModel

/// The recall net: a capitalized word that nothing explains, or a word written in Hangul, Han,
/// Cyrillic or Arabic script inside the text, reported as a possible person's name with a low
/// confidence (0.3) and the attribute `name.unknown = true`. A word is explained when it is an
/// ordinary English word (the wordfreq list of `Lexicons/names/english-common.tsv`, CC BY-SA 4.0),
/// a month or weekday, a place in the gazetteer, a public entity, an organization head word or
/// a title, an acronym, a single letter, a word of a title-case headline, or when another
/// recognizer's finding covers it. Runs last, so that it sees the other recognizers' findings.
/// The shipped policies decide by confidence: `standard` (person min_confidence 0.5) flags it
/// for the editor, `strict` (0.2) redacts it.
public struct UnknownNameRecognizer: Recognizer {
    public init() {}

    /// The attribute every finding of this recognizer carries (`"true"`).
    public static let attribute = "name.unknown"
    /// The confidence of every finding: below `standard`'s person threshold, above `strict`'s.
    public static let confidence = 0.3

    public var id: String { "name.unknown" }
    public var summary: String { "Capitalized or non-Latin words nothing else explains (possible names, low confidence)" }
    public var matchingExamples: [String] {
        [
            "The guard let [[Tsewang]] through at night.",
            "Police questioned [[Kyawswa Nyunt]] twice.",
            "Her cousin [[리영철]] wrote to the paper.",
            "The letter was signed [[Лукашенко]] in ink.",
            "A note from [[王小明]] arrived.",
            "A sign said [[محمد]] in red.",
            "They met. [[Zhoulan]] was late.",
            "The court fined [[Zyyagul Bolot kyzy]] on appeal.",
            "Soldiers beat [[Ahmed al-Yamani]] at the gate.",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "North Korea Tightens Border Controls Ahead Of Party Congress",
            "I went in March and again on Monday.",
            "The UN and NATO met. Police said so.",
            "He went to Hyesan in Ryanggang Province.",
            "Residents said the Ministry was closed.",
            "They left. Later they came back. However, nobody spoke.",
            "I'm sure the Honduran migrants and Iranian-backed Counter-terrorism units waited. Unconfirmed reports came.",
            "The President and the Governor arrived with Mr. and Mrs. Smith's driver at 3 p.m.",
        ]
    }

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return }
        let shape = TextShapeCache.shared.shape(text)
        let names = NameLexicon.shared
        let heads = OrganizationLexicon.shared.heads
        let publics = PublicEntityRecognizer.table
        // Bytes covered by the findings so far (linear in the document and the findings).
        var explained = [Bool](repeating: false, count: text.bytes.count + 1)
        for f in findings {
            for b in f.range where b < explained.count { explained[b] = true }
        }
        func isExplainedToken(_ k: Int) -> Bool {
            let r = tokens[k].range
            return explained[r.lowerBound] || explained[r.upperBound - 1]
        }
        // Words of public entities' phrases and gazetteer places (multi-word matches too).
        var known = [Bool](repeating: false, count: tokens.count)
        for k in 0..<tokens.count where tokens[k].kind == .word && !known[k] {
            if publics.startsPhrase(shape.keys[k]), let m = publics.longestMatch(keys: shape.keys, at: k, limit: 8) {
                for j in k..<min(k + m.length, tokens.count) { known[j] = true }
            } else if shape.capitalized[k], let m = shape.gazetteerMatch(k) {
                for j in k..<min(k + m.length, tokens.count) { known[j] = true }
            }
        }

        // Capitalized words whose plural (or singular) is in the document too: group names
        // (`Rohingya`/`Rohingyas`, `Tibetan`/`Tibetans`), not a person's.
        var capitalizedKeys = KeyMap<Bool>()
        for k in 0..<tokens.count where tokens[k].kind == .word && shape.capitalized[k] { capitalizedKeys[shape.keys[k]] = true }
        func hasPluralPair(_ k: Int) -> Bool {
            let r = shape.coreRange(text, k)
            let b = text.bytes
            if r.count > 3 && (b[r.upperBound - 1] == 0x73) && capitalizedKeys[Lexicon.key(b, r.lowerBound..<(r.upperBound - 1))] != nil { return true }
            // (FNV-1a extends by one byte: the key of the word + `s`.)
            return capitalizedKeys[(shape.keys[k] ^ 0x73) &* 0x100000001b3] != nil
        }

        func candidate(_ k: Int) -> Bool {
            let t = tokens[k]
            guard t.kind == .word, !known[k], !isExplainedToken(k) else { return false }
            if Self.isOtherScript(text.bytes, t.range.lowerBound) { return true }
            let particle = Self.particleName(text.bytes, t.range)
            guard shape.capitalized[k] || particle, !shape.allCaps[k], shape.coreRange(text, k).count >= 2,
                  text.bytes[t.range.lowerBound] < 0xCA else { return false }   // (Latin script only)
            if shape.titleLine[k] { return false }
            // (Listed names keep their shape: `Peters` is no plural of `peter`.)
            if shape.given(k) == nil && !shape.isSurname(k) && Self.explainedByShape(text, shape, k) || hasPluralPair(k) { return false }
            let key = shape.keys[k]
            if Keys.months.contains(key) || Self.weekdays.contains(key) || names.titles[key] != nil || heads[key] != nil
                || Keys.nonName.contains(key) { return false }
            // A sentence's first word is capitalized anyway: only a rare word counts there.
            if particle { return true }
            if shape.sentenceStart[k] { return !shape.isCommon(k, zipf: 2.5) || (shape.given(k) != nil && !shape.isCommon(k, zipf: 4.0)) }
            return !shape.isCommon(k, zipf: 3.0) || (shape.given(k) != nil && !shape.isCommon(k, zipf: 4.0))
                || shape.isSurname(k) && !shape.isCommon(k, zipf: 3.5)
        }

        /// A capitalized neighbour of a candidate that belongs to the same name though it is an
        /// ordinary word or a listed name (`Mushtaq Khan`, `Men Sokhoeun`, `Daw Tin Tin Win`, `Bishnu KC`).
        func neighbour(_ k: Int, right: Bool) -> Bool {
            guard k >= 0, k < tokens.count, tokens[k].kind == .word, shape.capitalized[k], !known[k], !isExplainedToken(k),
                  !shape.titleLine[k], text.bytes[tokens[k].range.lowerBound] < 0x80 else { return false }
            if right && tokens[k].startsLine { return false }
            let key = shape.keys[k]
            if Keys.months.contains(key) || Self.weekdays.contains(key) || names.titles[key] != nil || heads[key] != nil
                || Keys.nonName.contains(key) || PlaceDesignators.words[key] != nil || publics.startsPhrase(key) { return false }
            if shape.allCaps[k] { return right && shape.coreRange(text, k).count <= 2 }
            if shape.sentenceStart[k] { return shape.isSurname(k) || shape.given(k) != nil || !shape.isCommon(k, zipf: 4.0) }
            return true
        }

        var k = 0
        while k < tokens.count {
            guard candidate(k) else { k += 1; continue }
            // Neighbouring candidates on one line make one mention (`Kyawswa Nyunt`, `王 小明`).
            var end = k
            var first = k
            while end + 1 < tokens.count && !tokens[end + 1].startsLine && shape.possessive[end] == 0 && candidate(end + 1) { end += 1 }
            if text.bytes[tokens[k].range.lowerBound] < 0x80 {
                while end - first < 3 && shape.possessive[end] == 0 && neighbour(end + 1, right: true) {
                    end += 1
                    while end + 1 < tokens.count && !tokens[end + 1].startsLine && shape.possessive[end] == 0 && candidate(end + 1) { end += 1 }
                }
                // A Central Asian patronymic written in lower case ends the name (`Bolot kyzy`, `Bakyt uulu`).
                if end + 1 < tokens.count, !tokens[end + 1].startsLine, shape.possessive[end] == 0, tokens[end + 1].kind == .word,
                   Self.patronymics.contains(shape.keys[end + 1]) { end += 1 }
                while end - first < 3 && !tokens[first].startsLine && first > 0 && shape.possessive[first - 1] == 0
                    && neighbour(first - 1, right: false) { first -= 1 }
            }
            let range = tokens[first].range.lowerBound..<shape.coreRange(text, end).upperBound
            findings.append(Finding(range: range, text: text.document.text(range), category: .person,
                                    confidence: Self.confidence, recognizer: id,
                                    explanation: "capitalized or non-Latin word that no list or other finding explains",
                                    attributes: [Self.attribute: "true"]))
            k = end + 1
        }
    }

    /// Words a name's letters do not explain: with digits (`M16`), contractions (`I'm`,
    /// `Don't`), compounds whose later part is an ordinary word (`Iranian-backed`, `U-turn`),
    /// inflections of ordinary words (`Recounting`, `Handguns`, `Unconfirmed`) and demonyms of
    /// places in the gazetteer (`Honduran`, `Belarusian`, `Nepali`, `Moroccans`).
    static func explainedByShape(_ text: TokenizedText, _ shape: TextShape, _ k: Int) -> Bool {
        let r = shape.coreRange(text, k)
        let b = text.bytes
        var lower: [UInt8] = []
        lower.reserveCapacity(r.count)
        var hyphen = -1
        for i in r {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 { return true }
            if c == 0x27 || (c == 0xE2 && i + 2 < r.upperBound && b[i + 1] == 0x80 && b[i + 2] == 0x99) {
                // `I'm`, `don't`, `we've`: a contraction, not `O'Brien`.
                let tail = r.upperBound - (c == 0x27 ? i + 1 : i + 3)
                if tail <= 2 { return true }
            }
            if c == 0x2D && hyphen < 0 { hyphen = lower.count }
            lower.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
        }
        let english = NameLexicon.shared.english
        func common(_ w: ArraySlice<UInt8>, _ zipf: Double = 3.0) -> Bool {
            guard !w.isEmpty else { return false }
            return (english[Lexicon.key(Array(w), 0..<w.count)] ?? 0) >= zipf
        }
        if hyphen >= 0 {
            let tail = lower[(hyphen + 1)...]
            if tail.count >= 3, let c = tail.first, c >= 0x61 && c <= 0x7A, b[r.lowerBound + hyphen + 1] >= 0x61 || tail.count >= 4,
               common(tail, 3.5) || common(lower[..<hyphen], 4.0) { return true }
            return false
        }
        // Inflections of an ordinary word.
        let w = lower[...]
        let n = w.count
        func ends(_ s: String) -> Bool { let u = Array(s.utf8); return n > u.count + 2 && Array(w.suffix(u.count)) == u }
        for (suffix, adds) in [("ings", [""]), ("ing", ["", "e"]), ("ed", ["", "e"]), ("ers", ["", "e"]), ("es", [""]),
                               ("s", [""]), ("ly", [""]), ("ness", [""]), ("ment", [""]), ("ments", [""])] where ends(suffix) {
            let stem = w.prefix(n - suffix.utf8.count)
            for a in adds where common(stem + Array(a.utf8)) { return true }
        }
        // A prefix on an ordinary word (`Unconfirmed`, `Redesignated`, `Inactivated`).
        for prefix in ["un", "re", "in", "dis", "non", "over", "counter", "mis"] {
            let u = Array(prefix.utf8)
            guard n > u.count + 4, Array(w.prefix(u.count)) == u else { continue }
            let rest = w.dropFirst(u.count)
            if common(rest, 3.3) { return true }
            for suffix in ["ed", "s", "ing"] where rest.count > suffix.utf8.count + 2 && Array(rest.suffix(suffix.utf8.count)) == Array(suffix.utf8) {
                let stem = rest.dropLast(suffix.utf8.count)
                if common(stem, 3.3) || common(stem + [0x65], 3.3) { return true }
            }
        }
        // Endings of words, not of names (`Fortification`, `Chemoautotrophic`, `Plebiscites`).
        for suffix in ["tion", "tions", "ism", "isms", "ists", "ology", "ics", "ship", "ness"] {
            let u = Array(suffix.utf8)
            if n > u.count + 3 && Array(w.suffix(u.count)) == u { return true }
        }
        // Two ordinary words written as one (`Soybean`, `Groundnuts`, `Milepost`).
        if n >= 7 {
            for cut in 3...(n - 3) where common(w.prefix(cut), 3.5) {
                let rest = w.dropFirst(cut)
                if common(rest, 3.5) || rest.last == 0x73 && common(rest.dropLast(), 3.5) { return true }
            }
        }
        // Demonyms: `Honduran` <- Honduras, `Belarusian` <- Belarus, `Eritrean` <- Eritrea,
        // `Nepali` <- Nepal, `Acehnese` <- Aceh, `Moroccans` <- Morocco.
        var base = w
        if ends("s") { base = base.dropLast() }
        let gazetteer = Gazetteer.shared
        for suffix in ["ian", "ean", "an", "ese", "ish", "i", "n"] {
            let u = Array(suffix.utf8)
            guard base.count > u.count + 2, Array(base.suffix(u.count)) == u else { continue }
            let stem = Array(base.prefix(base.count - u.count))
            for a in ["", "a", "s", "o", "ia", "e", "stan", "y"] {
                let form = stem + Array(a.utf8)
                if gazetteer.matchIndices(keys: [Lexicon.key(form, 0..<form.count)], at: 0)?.length == 1 { return true }
            }
        }
        return false
    }

    /// `al-Yamani`, `el-Sisi`, `bin-Laden`: a lower-case Arabic particle joined to a capitalized name.
    static func particleName(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        for p in particlePrefixes where r.count > p.count + 1 {
            var ok = true
            for (j, c) in p.enumerated() where b[r.lowerBound + j] != c { ok = false; break }
            if ok, b[r.lowerBound + p.count] >= 0x41, b[r.lowerBound + p.count] <= 0x5A { return true }
        }
        return false
    }
    static let particlePrefixes: [[UInt8]] = ["al-", "el-", "ad-", "ar-", "as-", "ash-", "az-", "bin-", "ibn-", "abu-", "abd-"].map { Array($0.utf8) }

    static let patronymics = KeySet(["kyzy", "uulu", "qizi", "kizi", "ogly", "oglu", "ugli"].map { Lexicon.key($0) })

    static let weekdays = KeySet(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map { Lexicon.key($0) })

    /// Whether the scalar at `i` is a letter of Hangul, Han (CJK), Cyrillic or Arabic script.
    static func isOtherScript(_ b: [UInt8], _ i: Int) -> Bool {
        let c = UInt32(b[i])
        guard c >= 0xC0 else { return false }
        var v: UInt32
        if c >= 0xF0 && i + 3 < b.count {
            v = (c & 0x07) << 18 | (UInt32(b[i + 1]) & 0x3F) << 12 | (UInt32(b[i + 2]) & 0x3F) << 6 | (UInt32(b[i + 3]) & 0x3F)
        } else if c >= 0xE0 && i + 2 < b.count {
            v = (c & 0x0F) << 12 | (UInt32(b[i + 1]) & 0x3F) << 6 | (UInt32(b[i + 2]) & 0x3F)
        } else if i + 1 < b.count {
            v = (c & 0x1F) << 6 | (UInt32(b[i + 1]) & 0x3F)
        } else { return false }
        switch v {
        case 0x0400...0x052F: return true                 // Cyrillic
        case 0x0600...0x06FF, 0x0750...0x077F: return true // Arabic
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return true // Hangul
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x2A6DF: return true // Han
        default: return false
        }
    }
}

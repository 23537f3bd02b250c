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

        func candidate(_ k: Int) -> Bool {
            let t = tokens[k]
            guard t.kind == .word, !known[k], !isExplainedToken(k) else { return false }
            if Self.isOtherScript(text.bytes, t.range.lowerBound) { return true }
            guard shape.capitalized[k], !shape.allCaps[k], shape.coreRange(text, k).count >= 2 else { return false }
            if shape.titleLine[k] { return false }
            let key = shape.keys[k]
            if Keys.months.contains(key) || Self.weekdays.contains(key) || names.titles[key] != nil || heads[key] != nil
                || Keys.nonName.contains(key) { return false }
            // A sentence's first word is capitalized anyway: only a rare word counts there.
            if shape.sentenceStart[k] { return !shape.isCommon(k, zipf: 2.5) || (shape.given(k) != nil && !shape.isCommon(k, zipf: 4.0)) }
            return !shape.isCommon(k, zipf: 3.0) || (shape.given(k) != nil && !shape.isCommon(k, zipf: 4.0))
                || shape.isSurname(k) && !shape.isCommon(k, zipf: 3.5)
        }

        var k = 0
        while k < tokens.count {
            guard candidate(k) else { k += 1; continue }
            // Neighbouring candidates on one line make one mention (`Kyawswa Nyunt`, `王 小明`).
            var end = k
            while end + 1 < tokens.count && !tokens[end + 1].startsLine && shape.possessive[end] == 0 && candidate(end + 1) { end += 1 }
            let range = tokens[k].range.lowerBound..<shape.coreRange(text, end).upperBound
            findings.append(Finding(range: range, text: text.document.text(range), category: .person,
                                    confidence: Self.confidence, recognizer: id,
                                    explanation: "capitalized or non-Latin word that no list or other finding explains",
                                    attributes: [Self.attribute: "true"]))
            k = end + 1
        }
    }

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

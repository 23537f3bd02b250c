import VeilModel

/// Named organizations and facilities by their head word: `Ministry of State Security`,
/// `Bangladesh Garment and Industrial Workers Federation` (organization); `Huiryung Stadium`,
/// `Yapchan police station`, `Prey Sar prison`, `Camp No. 16`, `Kyohwaso No. 12`,
/// `33rd Division`, `X, a knitwear factory` (facility: where a source can be found).
public struct OrganizationRecognizer: Recognizer {
    /// A recognizer with the built-in head words.
    public init() {}

    public var id: String { "organization.name" }
    public var summary: String { "Organizations and facilities named by a head word (Ministry, Market, Station, Prison, Camp No. 16...)" }
    public var matchingExamples: [String] {
        [
            "executed at [[Huiryung Stadium]] in December",
            "protesters filled [[Tahrir Square]] again",
            "crowds gathered at the [[Lincoln Memorial]], the [[Adler Planetarium]] and [[Westminster Abbey]]",
            "the owner of [[Rana Plaza]], a building in Savar, and [[Tazreen Fashions]], a garment factory",
            "she wrote to the [[Texas Commission on Jail Standards]] and the [[Bangladesh Center for Worker Solidarity]]",
            "held by the [[Yapchan police station]] for days",
            "sent to [[Prey Sar prison]] in Phnom Penh",
            "an organizer for the [[Bangladesh Garment and Industrial Workers Federation]]",
            "a letter from the [[Department of Inspection for Factories and Establishment]]",
            "taken to the [[Tayrunnesa Memorial Medical College Hospital]]",
            "held in [[Camp No. 16]] since 2009",
            "jailed in [[Kyohwaso No. 12]] in Jongori",
            "soldiers of the [[33rd Division]] entered",
            "a local [[battalion No. 6005]] unit",
            "the management of [[Prince Jacquard Sweater]], a knitwear factory in Gazipur",
            "the [[Onsong County MSS office]] said",
            "workers at the [[PNT rubber plantation]] said",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "He went to the market to sell rice.",
            "Police came early on Sunday, a union leader said, and Karim, a factory worker, agreed.",
            "The police station was closed.",
            "Daily NK reported on the Ministry of State Security.",
            "The Party Of Five Returns To Television Screens",
            "She works at a factory.",
            "the owner of a Jewish restaurant in Budapest",
        ]
    }

    /// Lower-case words allowed between a name and a lower-case facility head (`Yapchan police station`).
    static let modifiers: KeySet = KeySet(["police", "railway", "rail", "train", "bus", "border", "customs", "security",
                                             "district", "county", "city", "provincial", "rubber", "garment", "coal", "gold",
                                             "iron", "copper", "textile", "sweater", "knitwear", "detention", "labor", "labour",
                                             "prison", "military", "army", "central", "local", "farm", "fish", "cement",
                                             "steel", "power", "chemical", "food", "medical", "general", "grain", "wholesale",
                                             "night", "jangmadang", "mss", "bowibu", "safety", "state", "people's", "tobacco",
                                             "clothing", "shoe", "paper", "sugar", "tea", "palm", "oil", "gas", "mining",
                                             "machine", "fishing", "bank", "university", "teaching", "children's", "re-education",
                                             "reeducation", "political", "internment", "refugee", "transit", "holding"].map { Lexicon.key($0) })
    /// Connectors inside a name: `Department of Inspection for Factories and Establishment`.
    static let ampersand = Lexicon.key("&")
    /// Connectors after which a head-first name goes on (`Commission on`, `Center for`, `Ministry of`).
    static let headFirstConnectors = KeySet(["of", "on", "for"].map { Lexicon.key($0) })
    /// Words that may follow the head of an apposition (`a knitwear factory in Gazipur`).
    static let phraseEnders = KeySet(["in", "on", "at", "near", "of", "for", "from", "with", "that", "which", "where", "and",
                                      "or", "owned", "run", "based", "outside", "by"].map { Lexicon.key($0) })
    static let connectors: KeySet = KeySet(["of", "for", "and", "on", "the", "&", "de", "du", "des"].map { Lexicon.key($0) })
    static let ordinalSuffixes = KeySet(["st", "nd", "rd", "th"].map { Lexicon.key($0) })
    static let numberWords: KeySet = KeySet(["no", "number", "nr"].map { Lexicon.key($0) })
    static let numberKey = Lexicon.key("number"), nrKey = Lexicon.key("nr")

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return }
        let shape = TextShapeCache.shared.shape(text)
        let heads = OrganizationLexicon.shared.heads
        let publics = PublicEntityRecognizer.table
        // The word lists asked at every word, read once here rather than through their lazy
        // globals at each token.
        let nonName = Keys.nonName, months = Keys.months, connectors = Self.connectors, modifiers = Self.modifiers
        let numberWords = Self.numberWords, ordinalSuffixes = Self.ordinalSuffixes
        let no = Keys.no, number = Self.numberKey, nr = Self.nrKey
        var acronyms: [UInt64: Category] = [:]

        // `numberWords.contains(shape.keys[k])` by three comparisons, no table probe.
        func isNumberWord(_ k: Int) -> Bool { shape.keys[k] == no || shape.keys[k] == number || shape.keys[k] == nr }
        func capWord(_ k: Int) -> Bool { k < tokens.count && tokens[k].kind == .word && shape.capitalized[k] }
        func emit(_ first: Int, _ last: Int, _ category: Category, _ confidence: Double, _ why: String) {
            let range = tokens[first].range.lowerBound..<shape.coreRange(text, last).upperBound
            findings.append(Finding(range: range, text: text.document.text(range), category: category,
                                    confidence: confidence, recognizer: id, explanation: why))
            // `Federation (BGIWF)`: the acronym names the same body later on.
            if last + 3 < tokens.count, TextShape.isChar(text, last + 1, 0x28), shape.allCaps[last + 2], TextShape.isChar(text, last + 3, 0x29) {
                acronyms[shape.keys[last + 2]] = category
                let r = tokens[last + 2].range
                findings.append(Finding(range: r, text: text.document.text(r), category: category, confidence: confidence,
                                        recognizer: id, explanation: "acronym defined after \(text.document.text(range))"))
            }
        }
        func category(of kind: OrganizationLexicon.Kind) -> Category { kind == .organization ? .organization : .facility }

        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            // Head + number: `Camp No. 16`, `Kyohwaso No. 12`, `battalion No. 6005`, `Camp 14`.
            // (A number, `#` or number word must follow: tested before the head-word lookup.)
            if t.kind == .word, i + 1 < tokens.count,
               tokens[i + 1].kind == .number || TextShape.isChar(text, i + 1, 0x23) || isNumberWord(i + 1),
               let kind = heads[shape.keys[i]], kind != .organization {
                var n = i + 1
                if n < tokens.count && numberWords.contains(shape.keys[n]) {
                    n += 1
                    if TextShape.isChar(text, n, 0x2E) { n += 1 }
                } else if TextShape.isChar(text, n, 0x23) { n += 1 }
                if n < tokens.count && tokens[n].kind == .number && !tokens[n].startsLine && (n > i + 1 || shape.capitalized[i]) {
                    var first = i
                    // Include a capitalized name before: `Chongori Kyohwaso No. 12`.
                    while first > 0 && capWord(first - 1) && !tokens[first].startsLine && !nonName.contains(shape.keys[first - 1])
                        && !shape.sentenceStart[first - 1] && first > i - 3 { first -= 1 }
                    emit(first, n, .facility, 0.85, String(joining: [text.string(t), " + number"]))
                    i = n + 1; continue
                }
            }
            // Ordinal + unit: `33rd Division`.
            if t.kind == .number, i + 2 < tokens.count, tokens[i + 1].kind == .word,
               ordinalSuffixes.contains(shape.keys[i + 1]),
               tokens[i + 1].range.lowerBound == t.range.upperBound,
               let kind = heads[shape.keys[i + 2]], kind == .unit, shape.capitalized[i + 2] {
                emit(i, i + 2, .facility, 0.8, "ordinal + military unit")
                i += 3; continue
            }
            guard t.kind == .word, shape.capitalized[i] || shape.allCaps[i], !nonName.contains(shape.keys[i]) || heads[shape.keys[i]] != nil else {
                i += 1; continue
            }
            if let a = acronyms[shape.keys[i]], shape.allCaps[i] {
                emit(i, i, a, 0.75, "acronym defined earlier"); i += 1; continue
            }
            // Public entities are reported by their own recognizer.
            if publics.startsPhrase(shape.keys[i]), let m = publics.longestMatch(keys: shape.keys, at: i, limit: 8) {
                let endsRun = !(i + m.length < tokens.count && capWord(i + m.length) && heads[shape.keys[i + m.length]] != nil)
                if endsRun { i += m.length; continue }
            }
            // The capitalized run with connectors; remember the last head word inside it.
            var end = i
            var lastHead: (index: Int, kind: OrganizationLexicon.Kind)?
            if let k = heads[shape.keys[i]] { lastHead = (i, k) }
            while end + 1 < tokens.count && !tokens[end + 1].startsLine && end - i < 9 {
                if shape.possessive[end] > 0 { break }
                let n = end + 1
                if capWord(n) || (shape.allCaps[n]) {
                    if months.contains(shape.keys[n]) { break }
                    end = n
                    if let k = heads[shape.keys[n]] { lastHead = (n, k) }
                    continue
                }
                if tokens[n].kind == .word && connectors.contains(shape.keys[n]) && capWord(n + 1)
                    && (!nonName.contains(shape.keys[n + 1]) || heads[shape.keys[end]] != nil && Self.headFirstConnectors.contains(shape.keys[n])) {
                    // A name already complete before "and" is one of a list (`the Adler Planetarium
                    // and Westminster Abbey`), not `Department of Health and Human Services`.
                    if (shape.keys[n] == Keys.and || shape.keys[n] == Self.ampersand) && heads[shape.keys[end]] != nil { break }
                    end = n; continue
                }
                if TextShape.isChar(text, n, 0x27) && n + 1 < tokens.count && capWord(n + 1) { end = n; continue }
                break
            }
            let runEnd = end
            // Lower-case facility head after the name: `Yapchan police station`, `Prey Sar prison`.
            var lowerHead: Int?
            var n = runEnd + 1
            var mods = 0
            while n < tokens.count && !tokens[n].startsLine && mods <= 2 && shape.possessive[n - 1] == 0 {
                guard tokens[n].kind == .word, !shape.capitalized[n] else { break }
                if let k = heads[shape.keys[n]], k == .facility || k == .unit {
                    lowerHead = n
                    // `the Sinuiju customs office`: a head word may qualify the next one.
                    if n + 1 < tokens.count, !tokens[n + 1].startsLine, shape.possessive[n] == 0, tokens[n + 1].kind == .word,
                       !shape.capitalized[n + 1], let k2 = heads[shape.keys[n + 1]], k2 == .facility || k2 == .unit { lowerHead = n + 1 }
                    break
                }
                if modifiers.contains(shape.keys[n]) || shape.allCaps[n] { mods += 1; n += 1; continue }
                break
            }
            let startsSentenceCommon = (shape.sentenceStart[i] || shape.titleLine[i]) && shape.isCommon(i, zipf: 4.0)
                && heads[shape.keys[i]] == nil
            // Ordinary capitalized words (`Jewish restaurant`, `Chinese market`) are not names.
            let ordinaryRun = (i...runEnd).allSatisfy {
                shape.isCommon($0, zipf: 3.8) && shape.gazetteerMatch($0) == nil
            }
            if let h = lowerHead, !(startsSentenceCommon && runEnd == i), !shape.titleLine[i], !ordinaryRun {
                let kind = heads[shape.keys[h]]!
                emit(i, h, .facility, 0.75, String(joining: ["name + ", kind.rawValue, " word \"", text.string(tokens[h]), "\""]))
                i = h + 1; continue
            }
            // Capitalized head word inside the run: the name ends at the last head (`X Market`, `Ministry of X`).
            if var h = lastHead {
                var last = h.index
                // Head-first names continue through `of X`: `Ministry of State Security`, `University of Helsinki`.
                if h.index < runEnd && shape.isWord(text, h.index + 1, Keys.of) { last = runEnd }
                // An earlier head followed by `on`/`for`/`of` makes the whole run one name:
                // `Texas Commission on Jail Standards`, `Center for Worker Solidarity`.
                else if h.index < runEnd,
                        let k = (i...h.index).first(where: { heads[shape.keys[$0]] != nil && tokens[$0 + 1].kind == .word
                            && Self.headFirstConnectors.contains(shape.keys[$0 + 1]) }) {
                    h = (k, heads[shape.keys[k]]!)
                    last = runEnd
                }
                var first = i
                if startsSentenceCommon && first < h.index { first += 1 }
                let single = first == last
                if !single && !shape.titleLine[i] {
                    emit(first, last, category(of: h.kind), 0.7, String(joining: ["capitalized name with head word \"", text.string(tokens[h.index]), "\""]))
                    i = runEnd + 1; continue
                }
            }
            // Apposition: `Prince Jacquard Sweater, a knitwear factory`.
            if runEnd > i || !shape.isCommon(i, zipf: 3.5), TextShape.isChar(text, runEnd + 1, 0x2C),
               runEnd + 2 < tokens.count, shape.keys[runEnd + 2] == Keys.a || shape.keys[runEnd + 2] == Keys.an {
                var k = runEnd + 3
                while k < tokens.count && k <= runEnd + 6 && tokens[k].kind == .word && !shape.capitalized[k] {
                    if let kind = heads[shape.keys[k]], kind != .unit {
                        // The head must end the noun phrase: `a union leader` is a person, and
                        // `Sunday, a union leader said` names no union.
                        let qualifiesNext = k + 1 < tokens.count && tokens[k + 1].kind == .word && !shape.capitalized[k + 1]
                            && !Self.phraseEnders.contains(shape.keys[k + 1])
                        if qualifiesNext { break }
                        if !(shape.sentenceStart[i] && runEnd == i), !(i...runEnd).contains(where: { months.contains(shape.keys[$0])
                            || PatternLexicon.Flags(rawValue: text.wordFlags[$0]).contains(.weekday) }) {
                            emit(i, runEnd, category(of: kind), 0.7, "named as \"a ... \(text.string(tokens[k]))\"")
                        }
                        break
                    }
                    k += 1
                }
            }
            i = runEnd + 1
        }
    }
}

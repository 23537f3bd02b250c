import VeilModel

/// Places the gazetteer does not know, recognized by their shape: Korean unit suffixes
/// (`Kangan-dong`, `Musan-gun`, `Nammun dong`), a capitalized name followed by a unit word
/// (`Ayadaw township`, `Yapchan village`, `Luu Phuong commune`, `X Prefecture`), and
/// `the city/village/province of X`. The parent comes from a following `, Y`.
public struct PlacePatternRecognizer: Recognizer {
    /// A recognizer with the built-in unit words.
    public init() {}

    public var id: String { "place.pattern" }
    public var summary: String { "Unlisted places by shape: Korean unit suffixes, unit words, 'the city of X'" }
    public var matchingExamples: [String] {
        [
            "a resident of [[Kangan-dong]], Hyesan, said",
            "in [[Songbong-dong]] last week",
            "police in [[Nammun dong]] raided homes",
            "fighting in [[Ayadaw township]] continued",
            "soldiers entered [[Baw Kone village]] at dawn",
            "a farmer in [[Luu Phuong commune]] said",
            "moved to [[Wangjaesan-ri]] in 2019",
            "the [[Rovieng district]] police station",
            "she grew up in the city of [[Tumenkou]]",
            "[[Samho-gun]], South Hamgyong",
            "the [[Kizilsu Kirghiz Autonomous Prefecture]] government",
            "the official lives in [[Yokjon]] and had recruited",
            "raids in Narsinghapur and [[Baipail]] at dawn",
            "he lived in [[Hamlet 5B]], Luu Phuong commune, and [[O'Tanih]] villager Nuon Vannak spoke",
            "a magic shop in [[Eureka Springs]], Arkansas",
            "the seat of [[Ford County]], Kansas",
            "a farm in [[Grant County]]",
            "trade in North Korea's [[North Pyongyan Province]] grew",
            "in the [[East Kazakhstan Region]] capital",
            "police in [[Khall tehsil]] and [[Puncak regency]] said",
            "farmers of [[Chongshing gewog]] and the [[Burri suburb]]",
            "the bus crashed on [[Highway 22]] near the bridge",
            "a checkpoint on [[Route 9]] was closed",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "The New City plan was shelved.",
            "Kim Jong-un visited the site.",
            "He lives in a small village near the river.",
            "The Industrial District Court ruled.",
            "This Street is not a name.",
            "She was born in March and moved in January.",
            "He works in Human Resources now.",
            "They spoke in English and in Korean.",
            "The Quarter 4 report came out. Many villagers fled.",
            "The highway was closed; the route 9 bus and a suburb line stopped.",
            "He took the highway north; locality and regency are words.",
        ]
    }

    static let orKey = Lexicon.key("or")
    /// Unit words written before a number or code (`Hamlet 5B`).
    static let codedUnits = KeySet(["hamlet", "village", "block", "sector", "highway", "route"].map { Lexicon.key($0) })
    /// Nouns for the people of a village, after its name (`O'Tanih villager`).
    static let villagers = KeySet(["villager", "villagers"].map { Lexicon.key($0) })

    /// Compass words that begin a place name before its unit word (`North Pyongyan Province`).
    static let compass: KeySet = KeySet(["north", "south", "east", "west", "northern", "southern", "eastern", "western",
                                         "upper", "lower", "central"].map { Lexicon.key($0) })

    /// Words that do not start an unlisted place name even when capitalized.
    static let badFirst: KeySet = KeySet(["the", "a", "an", "this", "that", "each", "every", "another", "other", "our", "their",
                                            "his", "her", "its", "special", "economic", "administrative", "capital", "border",
                                            "industrial", "autonomous", "same", "main", "high", "old", "new", "central", "local",
                                            "national", "federal", "state", "one", "which", "whole", "entire", "neighboring",
                                            "neighbouring", "nearby", "home", "rural", "urban", "free", "high", "school", "police",
                                            "supreme", "district", "county", "city", "province", "region", "village"].map { Lexicon.key($0) })
    /// Heads of an organization or a facility: `X District Court` is not a place.
    static let orgAfter: KeySet = KeySet(["court", "police", "office", "council", "committee", "attorney", "attorneys",
                                            "prosecutor", "prosecutors", "government", "hospital", "school", "party", "assembly",
                                            "commission", "authorities", "administration", "board", "station", "prison", "jail",
                                            "department", "bureau", "judge", "line", "championship", "cup", "league"].map { Lexicon.key($0) })

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return }
        let shape = TextShapeCache.shared.shape(text)
        let names = NameLexicon.shared
        // The word lists asked at every word, read once here rather than through their lazy
        // globals at each token.
        let badFirst = Self.badFirst, nonName = Keys.nonName, months = Keys.months, titles = names.titles
        let prepositions = Self.contextPrepositions, ofUnits = PlaceDesignators.ofUnits, keyOf = Keys.of
        let andKey = Keys.and, orKey = Self.orKey, codedUnits = Self.codedUnits, villagers = Self.villagers
        let lists = Lists(titles: titles, heads: OrganizationLexicon.shared.heads, months: months, nonName: nonName,
                          publics: PublicEntityRecognizer.table, designators: PlaceDesignators.words)
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            guard t.kind == .word else { i += 1; continue }
            // 1. Korean unit suffix inside a hyphenated word: Kangan-dong, Musan-gun.
            if shape.capitalized[i], let hyphen = lastHyphen(text.bytes, t.range) {
                let suffixKey = Lexicon.key(text.bytes, (hyphen + 1)..<t.range.upperBound)
                let baseRange = t.range.lowerBound..<hyphen
                if let level = PlaceDesignators.koreanSuffixes[suffixKey], baseRange.count >= 2,
                   !isKoreanPersonName(text, shape, i) {
                    emit(text, shape, i, i, level, "Korean unit suffix -\(text.document.text((hyphen + 1)..<t.range.upperBound))", 0.85, &findings)
                    i += 1; continue
                }
            }
            // 2. Capitalized name (1-4 words) followed by a unit word.
            if shape.capitalized[i] && !badFirst.contains(shape.keys[i]) && !nonName.contains(shape.keys[i])
                && !months.contains(shape.keys[i]) && titles[shape.keys[i]] == nil {
                var j = i
                var found: (end: Int, level: Category, length: Int)?
                while j < tokens.count && j < i + 4 {
                    if j > i && tokens[j].startsLine { break }
                    guard tokens[j].kind == .word, shape.capitalized[j] else { break }
                    if j > i && PlaceDesignators.designator(shape, text, at: j) != nil { break }
                    // A possessive ends a name: `North Korea's North Pyongan Province` starts after it.
                    if shape.possessive[j] > 0 { break }
                    if let d = PlaceDesignators.designator(shape, text, at: j + 1) { found = (j, d.level, d.length); break }
                    j += 1
                }
                if let f = found {
                    let designatorEnd = f.end + f.length
                    let afterOrg = designatorEnd + 1 < tokens.count && tokens[designatorEnd + 1].kind == .word
                        && Self.orgAfter.contains(shape.keys[designatorEnd + 1]) && shape.capitalized[designatorEnd + 1]
                    // Ordinary words do not make a place: `New City`, `Industrial District`. Names of
                    // people do, though they are ordinary words too: `Ford County`, `Grant County`.
                    var allCommon = true
                    for k in i...f.end where !shape.isCommon(k, zipf: 3.8) || Gazetteer.shared.startsName(shape.keys[k])
                        || shape.isSurname(k) || shape.given(k) != nil {
                        allCommon = false
                    }
                    let headlineStart = (shape.sentenceStart[i] || shape.titleLine[i]) && shape.isCommon(i, zipf: 3.0)
                    if !afterOrg && !allCommon && !headlineStart {
                        // A compass word before the name is part of it: `North Pyongyan Province`.
                        var first = i
                        if i > 0, tokens[i - 1].kind == .word, shape.capitalized[i - 1], !tokens[i].startsLine,
                           shape.possessive[i - 1] == 0, Self.compass.contains(shape.keys[i - 1]) {
                            first = i - 1
                        }
                        emit(text, shape, first, designatorEnd, f.level, String(joining: ["name + unit word \"", text.string(tokens[f.end + 1]), "\""]), 0.8, &findings)
                        i = designatorEnd + 1; continue
                    }
                }
                // 2b. Unlisted town before `, <known province or country>`: `Eureka Springs, Arkansas`.
                if shape.given(i) == nil && !(shape.sentenceStart[i] && shape.isCommon(i, zipf: 3.0)) {
                    var e = i
                    while e + 1 < tokens.count && e < i + 2 && tokens[e + 1].kind == .word && shape.capitalized[e + 1]
                        && !tokens[e + 1].startsLine && shape.possessive[e] == 0 { e += 1 }
                    let unlisted = shape.gazetteerMatch(i) == nil
                    let plain = (i...e).allSatisfy { !shape.isCommon($0, zipf: 4.5) && OrganizationLexicon.shared.heads[shape.keys[$0]] == nil }
                    if unlisted && plain && !shape.titleLine[i], let parent = PlaceFindings.commaParent(text, shape, after: e + 1, above: .city),
                       parent.level == .province || parent.level == .country {
                        emit(text, shape, i, e, .city, "unlisted name before \", \(parent.name)\"", 0.6, &findings)
                        i = e + 1; continue
                    }
                }
                // 3. Korean unit suffix as a separate lower-case word: `Nammun dong`.
                if i + 1 < tokens.count, !tokens[i + 1].startsLine, !shape.capitalized[i + 1],
                   let level = PlaceDesignators.koreanSuffixes[shape.keys[i + 1]], level == .neighborhood,
                   shape.keys[i + 1] == Keys.dong || shape.keys[i + 1] == Keys.ri {
                    emit(text, shape, i, i + 1, level, "Korean unit suffix (spaced)", 0.75, &findings)
                    i += 2; continue
                }
            }
            // 4. `in X`, `near X`, `from X` with an unlisted capitalized name (low confidence).
            if !shape.capitalized[i], i + 1 < tokens.count, shape.capitalized[i + 1], prepositions.contains(shape.keys[i]),
               !tokens[i + 1].startsLine, let end = unlistedName(text, shape, i + 1, lists) {
                emit(text, shape, i + 1, end, .city, String(joining: ["unlisted capitalized name after \"", text.string(t), "\""]), 0.5, &findings)
                i = end + 1; continue
            }
            // 4c. A unit word before a number or code: `Hamlet 5B`, `Village 3`, `Block 12`.
            if shape.capitalized[i], tokens[i].kind == .word, codedUnits.contains(shape.keys[i]), i + 1 < tokens.count,
               tokens[i + 1].kind == .number, !tokens[i + 1].startsLine, tokens[i + 1].range.count <= 4 {
                var end = i + 1
                if end + 1 < tokens.count, tokens[end + 1].kind == .word, tokens[end + 1].range.lowerBound == tokens[end].range.upperBound,
                   tokens[end + 1].range.count <= 2 { end += 1 }
                emit(text, shape, i, end, .neighborhood, String(joining: ["unit word '", text.string(t), "' with its number"]), 0.7, &findings)
                i = end + 1; continue
            }
            // 4d. `O'Tanih villager(s)`: an unlisted name before "villager" is the village.
            if shape.capitalized[i], tokens[i].kind == .word, i + 1 < tokens.count, tokens[i + 1].kind == .word, !tokens[i + 1].startsLine,
               villagers.contains(shape.keys[i + 1]), shape.gazetteerMatch(i) == nil, shape.given(i) == nil,
               !shape.isCommon(i, zipf: 3.0), !(shape.sentenceStart[i] && shape.isCommon(i, zipf: 2.5)) {
                emit(text, shape, i, i, .neighborhood, String(joining: ["unlisted name before '", text.string(tokens[i + 1]), "'"]), 0.6, &findings)
                i += 2; continue
            }
            // 4b. A second place joined to a first after `in/near/from`: `in Narsinghapur and
            // Baipail` (the first known or unlisted, the second unlisted).
            if i >= 2, shape.keys[i] == andKey || shape.keys[i] == orKey, tokens[i].kind == .word,
               i + 1 < tokens.count, shape.capitalized[i + 1], !tokens[i + 1].startsLine, tokens[i - 1].kind == .word,
               shape.capitalized[i - 1], prepositions.contains(shape.keys[i - 2]), !shape.capitalized[i - 2],
               shape.gazetteerMatch(i - 1).map({ $0.length == 1 }) ?? (unlistedName(text, shape, i - 1, lists) == i - 1),
               let end = unlistedName(text, shape, i + 1, lists) {
                emit(text, shape, i + 1, end, .city, String(joining: ["unlisted capitalized name joined to a place after \"", text.string(tokens[i - 2]), "\""]), 0.5, &findings)
                i = end + 1; continue
            }
            // 5. `the city of X`, `the village of X`.
            if i + 2 < tokens.count, shape.keys[i + 1] == keyOf, let level = ofUnits[shape.keys[i]],
               !shape.capitalized[i] || !shape.sentenceStart[i],
               shape.isWord(text, i + 1, Keys.of), tokens[i + 2].kind == .word, shape.capitalized[i + 2],
               !nonName.contains(shape.keys[i + 2]), !months.contains(shape.keys[i + 2]) {
                var end = i + 2
                while end + 1 < tokens.count && end < i + 4 && tokens[end + 1].kind == .word && shape.capitalized[end + 1]
                    && !tokens[end + 1].startsLine { end += 1 }
                emit(text, shape, i + 2, end, level, String(joining: ["after \"", text.string(t), " of\""]), 0.75, &findings)
                i = end + 1; continue
            }
            i += 1
        }
    }

    /// The word lists `unlistedName` asks about, read once per document (reading the shared
    /// lexicons at each call would copy them, retaining every table they hold).
    private struct Lists {
        let titles: KeyMap<Bool>
        let heads: KeyMap<OrganizationLexicon.Kind>
        let months: KeySet
        let nonName: KeySet
        let publics: PhraseTable<PublicEntityRecognizer.Entity>
        let designators: KeyMap<Category>
    }

    /// Prepositions after which an unlisted capitalized name is probably a place.
    static let contextPrepositions: KeySet = KeySet(["in", "near", "outside", "from"].map { Lexicon.key($0) })

    /// The last token of an unlisted one- or two-word capitalized name starting at `k` that reads
    /// like a place: no ordinary words, no known person names, no organization heads, not followed
    /// by more capitalized words, and not a gazetteer name (the gazetteer recognizer reports those).
    private func unlistedName(_ text: TokenizedText, _ shape: TextShape, _ k: Int, _ lists: Lists) -> Int? {
        let tokens = text.tokens
        let heads = lists.heads
        var end = k
        while end < tokens.count && end < k + 2 {
            guard tokens[end].kind == .word, shape.capitalized[end], !shape.allCaps[end], !tokens[end].startsLine else { break }
            let key = shape.keys[end]
            if shape.isCommon(end, zipf: 3.0) || shape.given(end) != nil || lists.titles[key] != nil || heads[key] != nil
                || lists.months.contains(key) || lists.nonName.contains(key) || lists.publics.startsPhrase(key)
                || lists.designators[key] != nil || tokens[end].range.count < 3 { return nil }
            if shape.possessive[end] > 0 { end += 1; break }
            end += 1
        }
        guard end > k else { return nil }
        if end < tokens.count && tokens[end].kind == .word && shape.capitalized[end] && !tokens[end].startsLine { return nil }
        // A unit word follows: the unit-word patterns report the longer name.
        if end < tokens.count && !tokens[end].startsLine && tokens[end].kind == .word
            && (lists.designators[shape.keys[end]] != nil || PlaceDesignators.koreanSuffixes[shape.keys[end]] != nil
                || heads[shape.keys[end]] != nil || OrganizationRecognizer.modifiers.contains(shape.keys[end])) { return nil }
        if shape.gazetteerMatch(k) != nil { return nil }
        return end - 1
    }

    /// Offset of the last hyphen inside a word token, if any.
    private func lastHyphen(_ b: [UInt8], _ r: Range<Int>) -> Int? {
        // Through a buffer pointer: one bounds check for the token, not one per byte.
        b.withUnsafeBufferPointer { b in
            guard r.lowerBound >= 0 && r.upperBound <= b.count else { return nil }
            var k = r.upperBound - 1
            while k > r.lowerBound {
                if b[k] == 0x2D { return k }
                k -= 1
            }
            return nil
        }
    }

    /// `Kim Jong-un`, `Kang Mi-jin`: a hyphenated given name after a Korean surname is a person.
    private func isKoreanPersonName(_ text: TokenizedText, _ shape: TextShape, _ i: Int) -> Bool {
        i > 0 && NameLexicon.shared.koreanSurnames.contains(shape.keys[i - 1]) && shape.capitalized[i - 1]
            && !text.tokens[i].startsLine && {
                let r = text.tokens[i].range
                // Korean units never have a lower-case stem after a surname: `Jong-un`, `Mi-jin` are names.
                return text.bytes.withUnsafeBufferPointer { NameLexicon.isKoreanGivenPart(UnsafeBufferPointer(rebasing: $0[r])) }
            }()
    }

    private func emit(_ text: TokenizedText, _ shape: TextShape, _ first: Int, _ last: Int, _ level: Category,
                      _ why: String, _ confidence: Double, _ findings: inout [Finding]) {
        var hierarchy: [PlaceUnit] = []
        var explanation = why
        if let parent = PlaceFindings.commaParent(text, shape, after: last + 1, above: level) {
            hierarchy = PlaceFindings.hierarchy(parent: parent)
            explanation = String(joining: [why, "; parent ", parent.name, " from \", ", parent.name, "\""])
        } else if let parent = PlaceFindings.possessiveParent(text, shape, before: first, above: level) {
            hierarchy = PlaceFindings.hierarchy(parent: parent)
            explanation = String(joining: [why, "; parent ", parent.name, " from its possessive"])
        } else if let m = Gazetteer.shared.match(keys: shape.keys, at: first),
                  // The known place must be the whole name: `Yae Myet village` is not in `Yae`.
                  first + m.length > last || PlaceDesignators.designator(shape, text, at: first + m.length) != nil,
                  // Only a hand-checked entry: a bulk namesake elsewhere ("Bostan village" in
                  // Xinjiang is not in the United States) is no evidence of where it lies.
                  let known = Gazetteer.best(m.places), known.curated, (known.level.placeLevel ?? 0) >= (level.placeLevel ?? 0) {
            hierarchy = known.level == level ? known.hierarchy : [PlaceUnit(name: known.name, level: known.level)] + known.hierarchy
        }
        findings.append(PlaceFindings.make(text, shape, first: first, last: last, category: level, confidence: confidence,
                                           recognizer: id, explanation: explanation, hierarchy: hierarchy))
    }
}

import VeilModel

/// Noun-phrase pieces shared by the source and occupation recognizers: named chunks after a
/// preposition ("in North Hamgyong Province", "of Ayadaw township People's Defense Force",
/// "from the Yapchan police station"), pre-modifiers and determiners.
extension PatternCursor {
    /// Lower-case words that modify a person noun in a descriptor ("human rights officials",
    /// "a village policeman", "border guards").
    static let lowerModifiers: Set<String> = [
        "human", "rights", "government", "security", "police", "party", "military", "border", "health",
        "provincial", "regional", "village", "township", "city", "county", "district", "state", "customs",
        "trade", "market", "factory", "farm", "school", "hospital", "army", "ministry", "law", "enforcement",
        "senior", "junior", "high-ranking", "high-level", "low-level", "mid-level", "ranking", "local",
        "knowledgeable", "informed", "reliable", "well-informed", "well-placed", "land", "community",
        "union", "labor", "labour", "garment", "civic", "religious", "church", "aid", "news", "private",
        "public", "legal", "medical", "railway", "railroad", "prison", "camp", "company", "business",
        "foreign", "chinese", "deputy", "vice", "chief", "head", "assistant", "acting", "former",
        "ex", "retired", "veteran", "young", "elderly", "ethnic", "independent", "opposition", "youth",
        "student", "women's", "factory", "mine", "coal", "construction", "transport", "bus", "taxi",
        "truck", "train", "fishing", "shop", "market", "street", "exchange", "money", "defense", "defence",
    ]

    /// Keys (`Lexicon.key`) of `lowerModifiers`.
    static let lowerModifierKeys = KeySet(lowerModifiers.map { Lexicon.key($0) })
    /// Whether each pattern-lexicon entry's word is in `lowerModifiers`.
    static let lowerModifierEntries: [Bool] = PatternLexicon.shared.entries.map { lowerModifiers.contains($0.word) }

    /// Whether token `i` is a word in `lowerModifiers` (case-insensitive).
    func isLowerModifier(_ i: Int) -> Bool {
        guard kind(i) == .word else { return false }
        if entries[i] >= 0 && PatternCursor.lowerModifierEntries[Int(entries[i])] { return true }
        // An ASCII word's key is the key of its lower-case form: no string needed.
        if isASCII(i) { return PatternCursor.lowerModifierKeys.contains(text.keys[i]) }
        let s = text.string(tokens[i]).lowercased()
        return PatternCursor.lowerModifiers.contains(s)
    }

    /// Whether token `i` is written in ASCII only.
    func isASCII(_ i: Int) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var k = tokens[i].range.lowerBound
            let end = tokens[i].range.upperBound
            while k < end { if b[k] >= 0x80 { return false }; k += 1 }
            return true
        }
    }

    /// Speech verbs and function words that are no part of a name even when capitalized.
    static let notNameWords = WordSet(["said", "says", "told", "tells", "added",
                                       "i", "he", "she", "we", "they", "it", "and", "or", "but", "if", "when", "as", "after"])

    /// Whether token `i` is a capitalized word that can be part of a name (not a determiner,
    /// pronoun-like word or month/weekday).
    func isNameWord(_ i: Int) -> Bool {
        guard isCapitalized(i) else { return false }
        let f = flags(i)
        if f.contains(.determiner) || f.contains(.possessive) || f.contains(.datePrep) { return false }
        if f.contains(.month) || f.contains(.weekday) { return false }
        if isAny(i, PatternCursor.notNameWords) { return false }
        return true
    }

    /// Whether token `i` ends in `-based` (`Hyesan-based`, `Province-based`).
    func isBased(_ i: Int) -> Bool {
        guard kind(i) == .word else { return false }
        let r = tokens[i].range
        guard r.count > 6 else { return false }
        return hasSuffixFolded(i, "-based")
    }

    /// The last token of a named chunk starting at `k` (a place or organization after `in`,
    /// `from`, `of`, `at`): `the province`, `the region`, `North Hamgyong province`, `Ayadaw
    /// township People's Defense Force`, `the Yapchan police station`, `North Hamgyong Province's
    /// Ministry of State Security (MSS)`. `nil` when there is none.
    func namedChunk(at k: Int, limit: Int = 12) -> Int? {
        var j = k
        var sawThe = false
        if isWord(j, "the") { sawThe = true; j += 1 } else if isAny(j, HoistedWords.w_a_an) { j += 1 }
        // "the province", "the country", "the border area"
        if sawThe, has(j, [.placeUnit, .nounHead]) || isLowerModifier(j) && has(j + 1, [.placeUnit, .nounHead]), !isCapitalized(j) {
            var end = j
            if has(end + 1, [.placeUnit, .nounHead]) && !isCapitalized(end + 1) { end += 1 }
            return end
        }
        var last: Int?
        var caps = 0
        var n = 0
        while j < count && n < limit {
            if isNameWord(j) {
                caps += 1; last = j; j += 1; n += 1; continue
            }
            if caps > 0, kind(j) == .word, !isCapitalized(j), has(j, [.placeUnit, .nounHead]) || isLowerModifier(j) {
                // "Ayadaw township", "the Yapchan police station"
                if has(j, [.placeUnit, .nounHead]) { last = j }
                j += 1; n += 1; continue
            }
            if caps > 0, isWord(j, "of") || isWord(j, "and"), isNameWord(j + 1) {
                j += 1; n += 1; continue
            }
            // "St. Mary's Hospital", "Mt. Kenya": the period of an abbreviated name word.
            if caps > 0, isPunct(j, 0x2E), touches(j - 1), isAny(j - 1, HoistedWords.w_st_mt_ft_pt), isNameWord(j + 1) {
                j += 1; n += 1; continue
            }
            if caps > 0, isPunct(j, 0x28), kind(j + 1) == .word, isPunct(j + 2, 0x29) {
                last = j + 2; j += 3; n += 3; continue
            }
            break
        }
        if caps == 0 { return nil }
        // "in Tulsa, Oklahoma, said": a province or country named after a comma belongs to the
        // chunk (else the descriptor ends inside "Tulsa, Oklahoma" and the two are cut apart).
        if let l = last, isPunct(l + 1, 0x2C), l + 2 < count, kind(l + 2) == .word, isCapitalized(l + 2) {
            let shape = TextShapeCache.shared.shape(text)
            let places = Gazetteer.shared.places
            if let m = shape.gazetteerMatch(l + 2),
               m.indices.contains(where: { places[Int($0)].level == .province || places[Int($0)].level == .country }) {
                let e = l + 2 + m.length - 1
                if e + 1 >= count || isPunct(e + 1, 0x2C) || isPunct(e + 1, 0x2E) || isPunct(e + 1, 0x3B)
                    || kind(e + 1) == .word && !isCapitalized(e + 1) {
                    return e
                }
            }
        }
        return last
    }
}

/// Word lists of this file's checks, built once instead of at every call.
private enum HoistedWords {
    static let w_a_an: [StaticString] = ["a", "an"]
    static let w_st_mt_ft_pt: [StaticString] = ["st", "mt", "ft", "pt"]
}

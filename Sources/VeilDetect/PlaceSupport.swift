import VeilModel

/// Words that name an administrative unit after a place name (`Ryanggang Province`, `Ayadaw
/// township`, `Yapchan village`) and Korean unit suffixes (`Kangan-dong`, `Musan-gun`).
enum PlaceDesignators {
    /// Unit word -> level of the place it ends.
    static let words: KeyMap<Category> = {
        var d: [UInt64: Category] = [:]
        for w in ["province", "region", "oblast", "krai", "governorate", "prefecture", "voblast", "provinces"] { d[Lexicon.key(w)] = .province }
        for w in ["county", "city", "district", "township", "town", "municipality", "counties", "districts",
                  // South and Southeast Asian second-level units: `Khall tehsil`, `Puncak regency`.
                  "tehsil", "regency", "upazila", "taluka", "subdistrict", "borough"] { d[Lexicon.key(w)] = .city }
        for w in ["gewog", "barangay", "locality", "suburb", "highway", "motorway",
                  "village", "hamlet", "commune", "ward", "street", "road", "avenue", "lane", "neighborhood",
                  "neighbourhood", "quarter", "boulevard", "dong", "ri", "area"] { d[Lexicon.key(w)] = .neighborhood }
        return KeyMap(d)
    }()
    /// Two-word units: `Autonomous Prefecture`, `Special City`.
    static let pairs: KeyMap<[UInt64: Category]> = KeyMap([
        Lexicon.key("autonomous"): [Lexicon.key("prefecture"): .city, Lexicon.key("region"): .province,
                                    Lexicon.key("county"): .city, Lexicon.key("oblast"): .province],
        Lexicon.key("special"): [Lexicon.key("city"): .city, Lexicon.key("district"): .city],
        Lexicon.key("administrative"): [Lexicon.key("region"): .province],
    ])
    /// Korean unit suffixes after a hyphen (or a space, lower case): level of the unit.
    static let koreanSuffixes: KeyMap<Category> = {
        var d: [UInt64: Category] = [:]
        for w in ["dong", "ri", "gu", "guyok", "ku", "kuyok", "up", "eup", "ub", "ga", "nodongjagu", "rodongjagu", "myeon", "myon"] { d[Lexicon.key(w)] = .neighborhood }
        for w in ["gun", "kun", "si", "shi"] { d[Lexicon.key(w)] = .city }
        for w in ["do", "to"] { d[Lexicon.key(w)] = .province }
        return KeyMap(d)
    }()
    /// Unit words after which `of X` names a place: `the city of X`, `the village of X`.
    static let ofUnits: KeyMap<Category> = {
        var d: [UInt64: Category] = [:]
        for w in ["city", "town", "county", "district", "township", "municipality"] { d[Lexicon.key(w)] = .city }
        for w in ["province", "region", "state", "prefecture", "oblast"] { d[Lexicon.key(w)] = .province }
        for w in ["village", "hamlet", "commune", "neighborhood", "neighbourhood", "suburb"] { d[Lexicon.key(w)] = .neighborhood }
        return KeyMap(d)
    }()

    /// The designator at token `i` (one or two words): its level and length in tokens.
    static func designator(_ shape: TextShape, _ text: TokenizedText, at i: Int) -> (level: Category, length: Int)? {
        guard i < shape.keys.count, text.tokens[i].kind == .word, !text.tokens[i].startsLine else { return nil }
        // The unit word belongs to the name only when the name has no possessive: not `Hyesan's city`.
        if i > 0 && shape.possessive[i - 1] > 0 { return nil }
        if let next = pairs[shape.keys[i]], i + 1 < shape.keys.count, let level = next[shape.keys[i + 1]] {
            return (level, 2)
        }
        if let level = words[shape.keys[i]] {
            // `dong`/`ri` as separate words only in lower case (`Nammun dong`).
            if level == .neighborhood && (shape.keys[i] == Keys.dong || shape.keys[i] == Keys.ri) && shape.capitalized[i] { return nil }
            return (level, 1)
        }
        return nil
    }
}

/// Builds place findings with their hierarchy (shared by the place recognizers).
enum PlaceFindings {
    /// The place named right after `end` as `, Y` (a gazetteer place of a higher level), used as
    /// parent of the place ending at token `end - 1`.
    /// Words after a name that make it a natural feature (`Tumen River`), not a settlement.
    static let natural: KeySet = KeySet(["river", "rivers", "mountain", "mountains", "mount", "lake", "sea", "bay", "strait",
                                           "valley", "hills", "island", "islands", "peninsula", "desert", "forest", "gulf",
                                           "canal", "stream", "basin", "plateau", "coast", "ocean"].map { Lexicon.key($0) })

    static func commaParent(_ text: TokenizedText, _ shape: TextShape, after end: Int, above level: Category) -> GazetteerPlace? {
        guard TextShape.isChar(text, end, 0x2C), end + 1 < text.tokens.count, shape.capitalized[end + 1] else { return nil }
        let g = Gazetteer.shared
        guard let m = shape.gazetteerMatch(end + 1) else { return nil }
        let above = m.indices.filter { (g.places[Int($0)].level.placeLevel ?? 0) > (level.placeLevel ?? 0) }
        var designated: Category?
        if let d = PlaceDesignators.designator(shape, text, at: end + 1 + m.length) { designated = d.level }
        return g.bestIndex(above, preferring: designated).map { g.places[Int($0)] }
    }

    /// The known place whose possessive ends right before token `first`, when it lies above
    /// `level`: `Minsk's` before `Uruchcha neighbourhood`, `North Korea's` before a province.
    static func possessiveParent(_ text: TokenizedText, _ shape: TextShape, before first: Int, above level: Category) -> GazetteerPlace? {
        let owner = first - 1
        guard owner >= 0, shape.possessive[owner] > 0, shape.capitalized[owner] else { return nil }
        let g = Gazetteer.shared
        for start in stride(from: owner, through: max(0, owner - 2), by: -1) {
            guard let m = shape.gazetteerMatch(start), start + m.length - 1 == owner else { continue }
            let above = m.indices.filter { (g.places[Int($0)].level.placeLevel ?? 0) > (level.placeLevel ?? 0) }
            return g.bestIndex(above).map { g.places[Int($0)] }
        }
        return nil
    }

    /// The hierarchy for a place whose parent is `parent` (nearest first, to the country).
    static func hierarchy(parent: GazetteerPlace) -> [PlaceUnit] {
        [PlaceUnit(name: parent.name, level: parent.level)] + parent.hierarchy
    }

    /// A finding over tokens `first...last`.
    static func make(_ text: TokenizedText, _ shape: TextShape, first: Int, last: Int, category: Category, confidence: Double,
                     recognizer: String, explanation: String, hierarchy: [PlaceUnit]) -> Finding {
        let range = text.tokens[first].range.lowerBound..<shape.coreRange(text, last).upperBound
        return Finding(range: range, text: text.document.text(range), category: category,
                       confidence: min(1, max(0, confidence)), recognizer: recognizer,
                       explanation: explanation, hierarchy: hierarchy)
    }
}

import VeilModel

/// Known places from the gazetteer (GeoNames cities, ISO 3166-2 divisions, hand-checked lists
/// for North Korea, China's border and other regions), with a following unit word
/// (`Ryanggang Province`, `Onsong County`, `Huiryung city`) and a `, Y` parent.
public struct PlaceGazetteerRecognizer: Recognizer {
    /// A recognizer over the shared gazetteer.
    public init() {}

    public var id: String { "place.gazetteer" }
    public var summary: String { "Known neighbourhoods, cities, counties, provinces and countries, with their hierarchy" }
    public var matchingExamples: [String] {
        [
            "She lived in [[Hyesan]] until last year.",
            "Her family, from [[혜산]], later moved to [[Хабаровск]], then [[北京]] and [[حلب]].",
            "Families fled [[Deir al-Zour]] for [[Mecca]], then [[Saigon]] and [[Fallujah]].",
            "a source in [[Ryanggang Province]] told Daily NK",
            "a source in [[Yanggang Province]] said",
            "arrested in [[North Hamgyong province]] last week",
            "smuggled across from [[Changbai]] in [[Jilin Province]]",
            "[[Sinuiju]], [[North Pyongan Province]]",
            "detained in [[Onsong County]] near the border",
            "crowds in [[Huiryung city]] gathered",
            "the road from [[Kashgar]] to [[Hotan]]",
            "workers in [[Sagaing region]] fled",
            "farmers in [[Kompong Chhnang province]] protested",
            "relatives in [[North Korea]] and [[China]]",
            "[[SEOUL]] — Officials said",
            "all of [[Huiryung]]'s mass gatherings",
            "trade between [[the US]] and [[the Netherlands]]",
            "An official of [[North Hamgyong Province]]'s security ministry",
            "a trader from [[Kangan-dong]] in Hyesan",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "He made a nice reading of the mobile report.",
            "The central committee met on Monday.",
            "residents wait in line for rice",
            "Jackson Pollock painted it.",
            "across the Tumen River from there",
            "The sign read 사랑 and 平和, the words for love and peace, and Спасибо.",
        ]
    }

    static let connectors: KeySet = KeySet(["of", "and", "de", "la", "le", "el", "al", "du", "des", "da", "do", "upon",
                                               "on", "the", "am", "an", "der", "sur", "en", "y", "i"].map { Lexicon.key($0) })

    /// An Arabic article joined to a capitalized word inside a name: `al-Zour` in `Deir al-Zour`,
    /// `ez-Zor`, `ash-Sham` (a lower-case prefix of 1-3 letters, a hyphen, a capital).
    static func particleHyphen(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        guard r.count >= 4 else { return false }
        for j in (r.lowerBound + 1)...min(r.lowerBound + 3, r.upperBound - 2) where b[j] == 0x2D {
            return b[j + 1] >= 0x41 && b[j + 1] <= 0x5A
        }
        return false
    }

    /// Words before a place name that say it is one: `in Moore`, `near Taylor`.
    static let locatives: KeySet = KeySet(["in", "at", "from", "near", "to", "of", "outside", "around", "across", "into",
                                             "toward", "towards", "via", "between", "and", "born", "based"].map { Lexicon.key($0) })

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return }
        let shape = TextShapeCache.shared.shape(text)
        let gazetteer = Gazetteer.shared
        let names = NameLexicon.shared
        let firstOwn = findings.count
        // Names whose country the text does not settle ("Punjab": Pakistan or India), decided
        // after the whole document is read.
        var unsettled: [(finding: Int, chosen: Int32, candidates: [Int32])] = []
        var i = 0
        while i < tokens.count {
            guard tokens[i].kind == .word, shape.capitalized[i],
                  let m = shape.gazetteerMatch(i) else { i += 1; continue }
            var len = m.length
            // Every word of the name capitalized except connectors; on one line.
            var ok = true
            for k in i..<(i + len) {
                if k > i && tokens[k].startsLine { ok = false; break }
                if tokens[k].kind == .word && !shape.capitalized[k] && !Self.connectors.contains(shape.keys[k])
                    && !(k > i && k == i + len - 1 && PlaceDesignators.words[shape.keys[k]] != nil)
                    && !(k > i && Self.particleHyphen(text.bytes, tokens[k].range)) { ok = false; break }
            }
            // A name cannot start with a connector or end in the middle of a hyphenated word.
            if !ok { i += 1; continue }
            // `Tumen River`, `Paektu Mountain`: a natural feature, not where someone lives.
            if i + len < tokens.count, shape.possessive[i + len - 1] == 0, PlaceFindings.natural.contains(shape.keys[i + len]),
               shape.capitalized[i + len] { i += len + 1; continue }
            var designated: Category?
            if let d = PlaceDesignators.designator(shape, text, at: i + len) {
                designated = d.level
                len += d.length
            }
            let candidates = m.indices
            let places = gazetteer.places
            let single = m.length == 1
            let curated = candidates.contains { places[Int($0)].curated }
            var confidence = curated ? 0.9 : 0.8
            if designated == nil && !curated && single {
                let isPersonName = shape.given(i) != nil || shape.isSurname(i)
                // A common English word at a sentence start or in a headline is not a place.
                // (Ordinary English words were left out of the city list when it was generated.)
                if shape.isCommon(i, zipf: 5.0) && (shape.sentenceStart[i] || shape.allCaps[i]) {
                    i += 1; continue
                }
                // Part of a person's name: `Jackson Pollock`, `Andrew Jackson`.
                if isPersonName {
                    let nextCap = i + 1 < tokens.count && tokens[i + 1].kind == .word && shape.capitalized[i + 1] && !tokens[i + 1].startsLine
                        && shape.gazetteerMatch(i + 1) == nil
                    let prevCap = i > 0 && tokens[i - 1].kind == .word && shape.capitalized[i - 1] && !tokens[i].startsLine
                        && (shape.given(i - 1) != nil || names.titles[shape.keys[i - 1]] != nil || shape.isSurname(i - 1))
                    if nextCap || prevCap { i += 1; continue }
                    // A small town that is also a surname (`Moore`, `Taylor`) needs a locative word before it.
                    let big = candidates.contains { places[Int($0)].population >= 100_000 || places[Int($0)].level != .city }
                    let locative = i > 0 && (Self.locatives.contains(shape.keys[i - 1]) || TextShape.isChar(text, i - 1, 0x2C))
                    if !big && !locative { i += 1; continue }
                    confidence -= 0.2
                }
            }
            // An all-capitals single word (acronym) only when the name itself is long: `SEOUL`, not `US`.
            if single && shape.allCaps[i] && tokens[i].range.count < 4 && designated == nil
                && !candidates.contains(where: { places[Int($0)].curated && places[Int($0)].level == .country }) { i += 1; continue }
            guard let chosen = gazetteer.bestIndex(candidates, preferring: designated) else { i += 1; continue }
            let place = places[Int(chosen)]
            var category = designated ?? place.level
            if place.level == .country && designated == nil { category = .country }
            var hierarchy = place.level == category ? place.hierarchy
                : (place.level == .country ? [PlaceUnit(name: place.name, level: .country)] : place.hierarchy)
            // "Bostan village": a bulk-data city of that name elsewhere says nothing about where a
            // village lies (a district or county named like a division is that division: kept).
            if designated == .neighborhood, place.level != .neighborhood, !place.curated, place.level != .country { hierarchy = [] }
            if let parent = PlaceFindings.commaParent(text, shape, after: i + len, above: category),
               parent.country == place.country || hierarchy.isEmpty {
                hierarchy = PlaceFindings.hierarchy(parent: parent)
            } else if place.level == category,
                      candidates.contains(where: { places[Int($0)].level == place.level && places[Int($0)].country != place.country }) {
                unsettled.append((findings.count, chosen, candidates))
            }
            // `gazetteer + unit word (file: name, level, country)`
            var parts = [designated == nil ? "gazetteer (" : "gazetteer + unit word (", place.file, ": ", place.name, ", ",
                         place.level.rawValue]
            if let c = hierarchy.last, c.level == .country { parts += [", ", c.name] }
            let explanation = String(joining: parts, last: ")")
            // `the Netherlands`, `the U.S.`: the article is part of a country's name.
            var first = i
            if category == .country, i > 0, shape.isWord(text, i - 1, Keys.the), !tokens[i].startsLine { first = i - 1 }
            findings.append(PlaceFindings.make(text, shape, first: first, last: i + len - 1, category: category,
                                               confidence: confidence, recognizer: id, explanation: explanation,
                                               hierarchy: hierarchy))
            i += len
        }
        if !unsettled.isEmpty { settleCountries(unsettled, from: firstOwn, in: &findings) }
    }

    /// Gives each name found in several countries the country the rest of the document points
    /// to (`Punjab` next to `Haryana` is India's); when nothing does and no reading dominates,
    /// the name keeps no country at all, so that generalizing it cannot state a wrong one.
    func settleCountries(_ unsettled: [(finding: Int, chosen: Int32, candidates: [Int32])], from first: Int, in findings: inout [Finding]) {
        let places = Gazetteer.shared.places
        let open = Set(unsettled.map(\.finding))
        var votes: [String: Int] = [:]
        for k in first..<findings.count where !open.contains(k) {
            if let country = findings[k].hierarchy.last, country.level == .country { votes[country.name, default: 0] += 1 }
        }
        func countryName(_ p: GazetteerPlace) -> String? { p.hierarchy.last.map(\.name) }
        for u in unsettled {
            let chosen = places[Int(u.chosen)]
            let readings = u.candidates.map { places[Int($0)] }.filter { $0.level == chosen.level }
            let rivals = readings.filter { $0.country != chosen.country }
            // A reading far larger than the others stays (Paris, France over Paris, Texas; Dhaka,
            // Bangladesh over Dhaka, India).
            var size = readings.filter { $0.country == chosen.country }.map(\.population).max() ?? 0
            // A hand-checked city is a notable one: rivals under 100,000 people do not unsettle it.
            if size == 0 && chosen.curated && chosen.level == .city { size = 1_000_000 }
            let comparable = rivals.filter { size == 0 || $0.population * 10 >= size }
            guard !comparable.isEmpty else { continue }
            let best = ([chosen] + comparable).max { (votes[countryName($0) ?? ""] ?? 0) < (votes[countryName($1) ?? ""] ?? 0) }!
            if let c = countryName(best), votes[c, default: 0] > 0 {
                if best.country != chosen.country {
                    findings[u.finding].hierarchy = best.hierarchy
                    findings[u.finding].explanation += "; country from the document's other places (\(c))"
                }
            } else {
                findings[u.finding].hierarchy = []
                findings[u.finding].explanation += "; also a name in another country, which the text does not settle"
            }
        }
    }
}

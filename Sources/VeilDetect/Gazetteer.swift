import VeilModel

/// One place the gazetteer knows: its display name, level and enclosing units.
public struct GazetteerPlace: Sendable, Hashable {
    /// The name as reports show it in hierarchies (`Ryanggang Province`, `Hyesan`).
    public let name: String
    /// `.neighborhood`, `.city`, `.province` or `.country`.
    public let level: Category
    /// ISO 3166-1 alpha-2 code of the country (`KP`).
    public let country: String
    /// Enclosing units, nearest first, ending with the country (empty for a country).
    public let hierarchy: [PlaceUnit]
    /// Inhabitants when the source gives them (GeoNames cities), else 0.
    public let population: Int
    /// Whether the entry comes from a hand-checked list rather than bulk public data.
    public let curated: Bool
    /// Which data file the entry comes from (for explanations).
    public let file: String
}

/// The place gazetteer: every file under `Lexicons/places/`, loaded once into a phrase table
/// keyed by case-insensitive token keys. Hand-checked lists come first, so on a tie their
/// reading wins over bulk data.
public struct Gazetteer: Sendable {
    /// The shared instance, built on first use.
    public static let shared = Gazetteer()

    /// Files loaded, in priority order.
    public static let files = ["places/korea.tsv", "places/regions.tsv", "places/country-aliases.tsv",
                               "places/geonames-countries.tsv", "places/iso3166-2-divisions.tsv",
                               "places/geonames-cities.tsv", "places/geonames-native.tsv"]

    /// Every place, indexed by the values of `table`.
    public let places: [GazetteerPlace]
    private let table: PhraseTable<[Int32]>
    /// Country display names by ISO code.
    public let countryNames: [String: String]
    /// Files that failed to load (empty when all shipped data is present).
    public let missingFiles: [String]

    /// Unit words that follow a province-level name and become part of its display name.
    static let provinceTypes: Set<String> = ["Province", "Region", "Oblast", "Krai", "Governorate", "Prefecture", "Voblast"]

    /// Loads the shipped gazetteer files.
    public init() {
        self.init(lexicons: Gazetteer.files.map { Lexicon.load($0) })
    }

    /// Builds a gazetteer from already parsed files (tests build small ones).
    public init(lexicons: [Lexicon]) {
        var places: [GazetteerPlace] = []
        var table = PhraseTable<[Int32]>()
        var countries: [String: String] = [:]
        var missing: [String] = []
        struct Raw { var name: String; var display: String; var level: Category; var cc: String
            var parents: [String]; var variants: [String]; var pop: Int; var curated: Bool; var file: String }
        var raws: [Raw] = []
        for lex in lexicons {
            if !lex.isLoaded { missing.append(lex.name); continue }
            let curated = !(lex.name.hasPrefix("places/geonames") || lex.name.hasPrefix("places/iso"))
            for row in lex.rows where row.count >= 3 {
                guard let level = Category(rawValue: row[1]), level.isPlace else { continue }
                let name = row[0]
                let parents = row.count > 3 && !row[3].isEmpty ? row[3].split(separator: ">").map(String.init) : []
                let variants = row.count > 4 && !row[4].isEmpty ? row[4].split(separator: "|").map(String.init) : []
                let extra = row.count > 5 ? row[5] : ""
                var display = name
                if level == .province, Gazetteer.provinceTypes.contains(extra), !name.hasSuffix(extra) {
                    display = name + " " + extra
                }
                if level == .country, countries[row[2]] == nil, lex.name.contains("geonames") {
                    countries[row[2]] = name
                }
                raws.append(Raw(name: name, display: display, level: level, cc: row[2], parents: parents,
                                variants: variants, pop: Int(extra) ?? 0, curated: curated, file: lex.name))
            }
        }
        // Parent names resolve to units by (country, display or bare name).
        var byName: [String: Category] = [:]
        for r in raws where r.level == .province || r.level == .city {
            let k1 = r.cc + "|" + r.display, k2 = r.cc + "|" + r.name
            if byName[k1] == nil { byName[k1] = r.level }
            if byName[k2] == nil { byName[k2] = r.level }
        }
        for r in raws {
            var hierarchy: [PlaceUnit] = []
            if r.level != .country {
                for p in r.parents {
                    hierarchy.append(PlaceUnit(name: p, level: byName[r.cc + "|" + p] ?? .province))
                }
                if let c = countries[r.cc] { hierarchy.append(PlaceUnit(name: c, level: .country)) }
            }
            let place = GazetteerPlace(name: r.display, level: r.level, country: r.cc, hierarchy: hierarchy,
                                       population: r.pop, curated: r.curated, file: r.file)
            let index = Int32(places.count)
            places.append(place)
            var forms = [r.name] + r.variants
            if r.display != r.name { forms.append(r.display) }
            var seen = Set<String>()
            for form in forms where seen.insert(form).inserted {
                let keys = PhraseTable<[Int32]>.keys(of: form)
                guard !keys.isEmpty else { continue }
                var list = table.value(forKeys: keys[...]) ?? []
                if !list.contains(where: { places[Int($0)].level == place.level && places[Int($0)].country == place.country
                                        && places[Int($0)].name == place.name }) {
                    list.append(index)
                    table.insert(form, list, replace: true)
                }
            }
        }
        self.places = places
        self.table = table
        self.countryNames = countries
        self.missingFiles = missing
    }

    /// The longest known place name starting at token `index` (at most 6 tokens): its length in
    /// tokens and the candidate places, best first.
    public func match(keys: [UInt64], at index: Int) -> (length: Int, places: [GazetteerPlace])? {
        guard let m = table.longestMatch(keys: keys, at: index, limit: 6) else { return nil }
        return (m.length, m.value.map { places[Int($0)] })
    }

    /// Like `match`, but returns the candidates' indices into `places` without copying them
    /// (the recognizers' hot path).
    public func matchIndices(keys: [UInt64], at index: Int) -> (length: Int, indices: [Int32])? {
        guard let m = table.longestMatch(keys: keys, at: index, limit: 6) else { return nil }
        return (m.length, m.value)
    }

    /// Like `matchIndices`, but gives where the candidates are stored (read them with
    /// `candidates(atSlot:)`): what `TextShape` keeps for every capitalized word of a document.
    public func matchSlot(keys: [UInt64], at index: Int) -> (length: Int, slot: Int)? {
        table.longestMatchSlot(keys: keys, at: index, limit: 6)
    }

    /// The candidate indices stored at `slot` (from `matchSlot`).
    @inline(__always) public func candidates(atSlot slot: Int) -> [Int32] { table.value(atSlot: slot) }

    /// `best` over candidate indices: the index of the chosen place.
    public func bestIndex(_ indices: [Int32], preferring level: Category? = nil) -> Int32? {
        if let level, let p = indices.first(where: { places[Int($0)].level == level }) { return p }
        if let c = indices.first(where: { places[Int($0)].curated }) {
            if places[Int(c)].level == .province,
               let big = indices.first(where: { places[Int($0)].level == .city && (places[Int($0)].curated || places[Int($0)].population >= 100_000) }) {
                return big
            }
            return c
        }
        // A country's name reads as the country, though a city lists it among its variants
        // (`Bangladesh`, a quarter of Yerevan; `Mexico` for Mexico City).
        if let country = indices.first(where: { places[Int($0)].level == .country }) { return country }
        if let big = indices.first(where: { places[Int($0)].level == .city && places[Int($0)].population >= 100_000 }) { return big }
        if let province = indices.first(where: { places[Int($0)].level == .province }) { return province }
        return indices.max(by: { places[Int($0)].population < places[Int($1)].population })
    }

    /// Whether a word (token key) starts any place name.
    public func startsName(_ key: UInt64) -> Bool { table.startsPhrase(key) }

    /// The candidate places named exactly `name` (case-insensitive), best first.
    public func lookup(_ name: String) -> [GazetteerPlace] {
        let keys = PhraseTable<[Int32]>.keys(of: name)
        return (table.value(forKeys: keys[...]) ?? []).map { places[Int($0)] }
    }

    /// Picks the reading of an ambiguous bare name: a curated entry first, then a country, then a
    /// city of 100,000+ people, then a province, then the most populous city.
    public static func best(_ candidates: [GazetteerPlace], preferring level: Category? = nil) -> GazetteerPlace? {
        if let level, let p = candidates.first(where: { $0.level == level }) { return p }
        if let c = candidates.first(where: { $0.curated }) {
            // A curated province that shares its name with a big city reads as the city.
            if c.level == .province, let big = candidates.first(where: { $0.level == .city && ($0.curated || $0.population >= 100_000) }) {
                return big
            }
            return c
        }
        if let country = candidates.first(where: { $0.level == .country }) { return country }
        if let big = candidates.first(where: { $0.level == .city && $0.population >= 100_000 }) { return big }
        if let province = candidates.first(where: { $0.level == .province }) { return province }
        return candidates.max(by: { $0.population < $1.population })
    }
}

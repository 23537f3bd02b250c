import Foundation
import VeilModel

/// The result of generalizing one finding: readable text one or more levels up.
struct Generalized: Sendable {
    /// The replacement text (before sentence fitting).
    var text: String
    /// When the replacement also takes in a word before the finding ("on Nov. 10" -> "in
    /// November"), the byte offset where the replaced span now starts.
    var start: Int?
    /// When it also takes in what follows ("Geneva, Switzerland" -> "a city in Switzerland",
    /// not "a city in Switzerland, Switzerland"), the byte offset where the span now ends.
    var end: Int? = nil
    /// How identifying what survives is (risk weight of the residual detail, 0...1).
    var residual: Double
    /// For the decision's reason: what it was generalized to ("city level", "year").
    var note: String
}

/// Turns a finding into a less specific, readable description. One function per kind of
/// detail; each returns `nil` when it cannot say anything safely (the engine then redacts).
struct Generalizer {
    let bytes: [UInt8]
    /// Whether the policy lets this place's name appear in the published text.
    let nameable: (PlaceUnit) -> Bool

    func generalize(_ finding: Finding, rule: CategoryRule) -> Generalized? {
        switch finding.category {
        case .neighborhood, .city, .province, .country:
            return place(finding, form: rule.form ?? .parent, template: rule.replacement)
        case .date: return date(finding, form: rule.form ?? .year)
        case .age: return age(finding)
        case .amount: return amount(finding)
        case .occupation: return occupation(finding)
        case .person: return Generalized(text: "a person", residual: 0, note: "a person")
        case .facility: return facility(finding)
        case .organization: return organization(finding)
        case .source, .contact, .term, .watchlist: return nil
        }
    }

    // MARK: Places

    static func noun(_ level: Category) -> String { PlaceWording.noun(level) }

    static func weight(ofLevel level: Category?) -> Double {
        switch level {
        case .neighborhood?: return 0.35
        case .city?: return 0.25
        case .province?: return 0.15
        case .country?: return 0.02
        default: return 0.2
        }
    }

    /// The nearest enclosing unit the policy lets the text name.
    func nearestNameable(_ hierarchy: [PlaceUnit]) -> PlaceUnit? {
        hierarchy.first(where: nameable)
    }

    /// Country names that take "the" in running English ("a city in the United States").
    /// Words before a place name that make it the object of a preposition, not a modifier.
    static let placePrepositions: Set<String> = ["in", "at", "from", "near", "to", "into", "of", "outside", "inside",
                                                 "around", "across", "through", "via", "toward", "towards", "between",
                                                 "and", "or", "for", "on", "by", "after", "before", "since", "than",
                                                 "with", "without", "off", "over", "under", "within", "about"]

    /// GeoNames country names that English news writes otherwise.
    static let countryDisplayNames: [String: String] = ["Palestinian Territory": "the Palestinian territories"]

    static let countriesWithArticle: Set<String> = [
        "united states", "united kingdom", "netherlands", "philippines", "czech republic", "dominican republic",
        "central african republic", "democratic republic of the congo", "republic of the congo", "gambia", "bahamas",
        "united arab emirates", "maldives", "marshall islands", "solomon islands", "comoros", "seychelles",
        "cayman islands", "faroe islands", "falkland islands", "virgin islands", "british virgin islands",
        "u.s. virgin islands", "vatican", "holy see", "palestinian territories", "gaza strip", "west bank",
    ]

    /// A unit's name as it reads after a preposition: "the United States", "Hyesan".
    static func displayName(_ unit: PlaceUnit) -> String {
        if unit.level == .country, let plain = countryDisplayNames[unit.name] { return plain }
        return unit.level == .country && countriesWithArticle.contains(unit.name.lowercased()) ? "the " + unit.name : unit.name
    }

    /// The kind of place a name's own last word says: "Baker Street" is a street, "Ayadaw
    /// township" a township.
    static func unitNoun(of text: String) -> String? {
        var text = text
        switch text.withUTF8({ asciiLastWord($0, longest: 12) }) {
        case .word(let last): return designatorNouns[last]
        case .none: return nil
        case .notASCII: return unitNounReference(of: text)
        }
    }

    /// `unitNoun(of:)` through `split` and `lowercased()`: the reference the byte path must
    /// agree with, and the path for non-ASCII text.
    static func unitNounReference(of text: String) -> String? {
        guard let last = text.split(separator: " ").last?.lowercased() else { return nil }
        return designatorNouns[last]
    }

    /// What `asciiLastWord` finds.
    enum LastWord: Equatable {
        /// The last space-separated word, lower-cased.
        case word(String)
        /// No word, or one longer than asked for (it cannot be a listed word).
        case none
        /// The text is not ASCII: only the reference path is exact.
        case notASCII
    }

    /// The last space-separated word of ASCII `b`, lower-cased, when it is at most `longest`
    /// bytes long (`text.split(separator: " ").last?.lowercased()` for ASCII text).
    static func asciiLastWord(_ b: UnsafeBufferPointer<UInt8>, longest: Int) -> LastWord {
        guard TextFolding.isASCII(b) else { return .notASCII }
        var end = b.count
        while end > 0 && b[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > 0 && b[start - 1] != 0x20 { start -= 1 }
        guard end > start, end - start <= longest else { return .none }
        return .word(String(unsafeUninitializedCapacity: end - start) { out in
            for k in start..<end { out[k - start] = TextFit.lower(b[k]) }
            return end - start
        })
    }
    static let designatorNouns: [String: String] = [
        "street": "street", "road": "street", "avenue": "street", "lane": "street", "boulevard": "street",
        "village": "village", "hamlet": "village", "township": "township", "county": "county", "district": "district",
        "commune": "commune", "ward": "ward", "town": "town", "prefecture": "prefecture", "oblast": "region",
        "region": "region", "governorate": "province", "municipality": "city", "krai": "region",
    ]

    /// Where `parent`'s name starts when the text right before `start` is its possessive
    /// ("China's " before "Jilin Province"); nil otherwise.
    func possessiveParentStart(before start: Int, parent: PlaceUnit) -> Int? {
        var i = start
        guard i > 0, bytes[i - 1] == 0x20 else { return nil }
        i -= 1
        guard i >= 2, bytes[i - 1] | 0x20 == UInt8(ascii: "s") else { return nil }
        i -= 1
        if bytes[i - 1] == UInt8(ascii: "'") { i -= 1 }
        else if i >= 3, bytes[(i - 3)..<i].elementsEqual([0xE2, 0x80, 0x99]) { i -= 3 }   // ’
        else { return nil }
        let name = Array(parent.name.utf8)
        guard i >= name.count else { return nil }
        let from = i - name.count
        guard zip(bytes[from..<i], name).allSatisfy({ a, b in a == b || (TextFit.isLetter(a) && a | 0x20 == b | 0x20) }) else { return nil }
        if from > 0, TextFit.isLetter(bytes[from - 1]) || bytes[from - 1] >= 0x80 { return nil }
        // "the United States' ..." keeps its article with the name.
        if from >= 4, bytes[(from - 4)..<from].map({ $0 | 0x20 }).elementsEqual(Array("the ".utf8)), Generalizer.displayName(parent).hasPrefix("the ") {
            return from - 4
        }
        return from
    }

    /// Whether the same clause names `parent` within the next few words ("... of eastern
    /// Ukraine"), so that naming it in the replacement too would say it twice.
    func parentNamedNext(after end: Int, parent: PlaceUnit) -> Bool {
        let name = Array(parent.name.utf8)
        guard !name.isEmpty else { return false }
        let limit = min(bytes.count, end + 48)
        var i = end
        while i + name.count <= limit {
            let b = bytes[i]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: ";") || b == UInt8(ascii: ":") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == 0x0A { return false }
            if b == name[0], bytes[i..<(i + name.count)].elementsEqual(name), !TextFit.isLetter(bytes[i - 1]),
               i + name.count == bytes.count || !(TextFit.isLetter(bytes[i + name.count]) || bytes[i + name.count] >= 0x80) {
                return true
            }
            i += 1
        }
        return false
    }

    /// The hyphenated word around `range` ("Dhaka-Aricha"), when the finding is part of one.
    func hyphenCompound(around range: Range<Int>) -> Range<Int>? { PlaceWording.hyphenCompound(bytes, around: range) }

    /// Where `, PARENT` right after `end` stops, when the text names the parent there.
    func commaParentEnd(after end: Int, parent: PlaceUnit) -> Int? {
        guard end + 2 < bytes.count, bytes[end] == UInt8(ascii: ","), bytes[end + 1] == 0x20 else { return nil }
        var start = end + 2
        let article = Array("the ".utf8)
        if bytes.count >= start + 4, zip(bytes[start..<(start + 4)], article).allSatisfy({ $0 | 0x20 == $1 }) { start += 4 }
        let name = Array(parent.name.utf8)
        let stop = start + name.count
        guard stop <= bytes.count, zip(bytes[start..<stop], name).allSatisfy({ a, b in a == b || (TextFit.isLetter(a) && a | 0x20 == b | 0x20) })
        else { return nil }
        // The name must end there: not "Georgia" in ", Georgian".
        if stop < bytes.count, TextFit.isLetter(bytes[stop]) || TextFit.isDigit(bytes[stop]) || bytes[stop] >= 0x80 { return nil }
        // Nor own what follows: "Herat, Afghanistan's third-largest city" is an appositive, not a
        // parent to take in (taken in, it read "a city in Afghanistan's third-largest city").
        if Generalizer.possessiveFollows(bytes, at: stop) { return nil }
        // The comma that closed "X, Y," goes too, unless a clause follows it ("..., where").
        if stop + 2 < bytes.count, bytes[stop] == UInt8(ascii: ","), bytes[stop + 1] == 0x20, bytes[stop + 2] >= 0x61, bytes[stop + 2] <= 0x7A,
           !Generalizer.clauseWords.contains(TextFit.word(bytes, at: stop + 2)) {
            return stop + 1
        }
        return stop
    }

    /// Whether a possessive "'s" (or "’s") stands at `i`, ending its word.
    static func possessiveFollows(_ bytes: [UInt8], at i: Int) -> Bool {
        var j = i
        if j < bytes.count, bytes[j] == UInt8(ascii: "'") { j += 1 }
        else if j + 2 < bytes.count, bytes[j] == 0xE2, bytes[j + 1] == 0x80, bytes[j + 2] == 0x99 { j += 3 }
        else { return false }
        guard j < bytes.count, bytes[j] | 0x20 == UInt8(ascii: "s") else { return false }
        return j + 1 == bytes.count || !(TextFit.isLetter(bytes[j + 1]) || bytes[j + 1] >= 0x80)
    }

    static let clauseWords: Set<String> = ["and", "or", "but", "where", "which", "who", "whose", "when", "while", "although",
                                           "though", "as", "so", "then", "because", "since", "after", "before", "until", "if"]

    /// Nouns that name a kind of place in "the border city of Changbai".
    static let unitNouns: Set<String> = ["city", "town", "village", "county", "province", "region", "district",
                                         "township", "prefecture", "area", "neighborhood", "neighbourhood", "port", "capital", "hamlet"]

    func place(_ f: Finding, form: GeneralizeForm, template: String?) -> Generalized? {
        // "the Dhaka-Aricha highway": a name inside a hyphenated compound takes the whole
        // compound with it and leaves only its kind ("the city highway").
        // ("X-based" is left to the caller: a source descriptor rewrites its place qualifier itself.)
        if let compound = hyphenCompound(around: f.range),
           String(decoding: bytes[f.range.upperBound..<compound.upperBound], as: UTF8.self).lowercased() != "-based" {
            let noun = f.attributes[FindingAttribute.placeKind] ?? Generalizer.noun(f.category)
            return Generalized(text: TextFit.indefiniteArticle(for: Substring(noun)) + " " + noun,
                               start: compound.lowerBound == f.range.lowerBound ? nil : compound.lowerBound,
                               end: compound.upperBound == f.range.upperBound ? nil : compound.upperBound,
                               residual: 0.01, note: "kind only (part of a hyphenated compound)")
        }
        // "the Chinese border city of Changbai" -> "the Chinese border city": the kind is
        // already written, so the name and its "of" go.
        if template == nil, let of = TextFit.previousWord(bytes, before: f.range.lowerBound), of.word.lowercased() == "of",
           let noun = TextFit.previousWord(bytes, before: of.start), Generalizer.unitNouns.contains(noun.word.lowercased()) {
            let start = of.start > 0 && bytes[of.start - 1] == 0x20 ? of.start - 1 : of.start
            return Generalized(text: "", start: start, residual: 0.01, note: "the kind of place already written before it")
        }
        let parent = nearestNameable(f.hierarchy)
        let residual = parent.map { Generalizer.weight(ofLevel: $0.level) } ?? 0.01
        // "Geneva, Switzerland" -> "a city in Switzerland": the parent named after the comma is
        // taken in rather than written twice.
        let end = parent.flatMap { commaParentEnd(after: f.range.upperBound, parent: $0) }
        if let template {
            if template.contains("{parent}") {
                guard let parent else { return nil }
                return Generalized(text: template.replacingOccurrences(of: "{parent}", with: Generalizer.displayName(parent)),
                                   end: end, residual: residual, note: "template, \(parent.level.rawValue) level")
            }
            return Generalized(text: template, residual: 0.01, note: "template")
        }
        let noun = f.attributes[FindingAttribute.placeKind] ?? Generalizer.unitNoun(of: f.text) ?? Generalizer.noun(f.category)
        func a(_ noun: String) -> String { TextFit.indefiniteArticle(for: Substring(noun)) + " " + noun }
        // "China's Jilin Province" -> "China", "North Korea's Hyesan" -> "a city in North Korea":
        // the possessive already names the parent, so the replacement takes it in rather than
        // writing "China's China".
        if let parent, end == nil,
           let owner = f.hierarchy.lazy.compactMap({ self.possessiveParentStart(before: f.range.lowerBound, parent: $0) }).first {
            switch form {
            case .name:
                return Generalized(text: Generalizer.displayName(parent), start: owner, residual: residual, note: "\(parent.level.rawValue) level (named before it)")
            case .noun:
                return Generalized(text: noun, residual: 0.01, note: "kind only (its parent is named before it)")
            default:
                let link = f.category == .province ? " of " : " in "
                return Generalized(text: a(noun) + link + Generalizer.displayName(parent), start: owner, residual: residual,
                                   note: "\(parent.level.rawValue) level (named before it)")
            }
        }
        // "the Donbas region of eastern Ukraine" -> "a region of eastern Ukraine": the text goes on
        // to name the parent itself.
        if let parent, end == nil, parentNamedNext(after: f.range.upperBound, parent: parent) {
            return Generalized(text: a(noun), residual: residual, note: "kind only (the text names the \(parent.level.rawValue) next)")
        }
        // "Gaza aid worker describes", "Two Hyesan residents said": a name qualifying a noun with
        // no article or preposition before it becomes "local" ("regional" for a province). After
        // a preposition the next word is as often a verb ("a fire in Savar killed 14").
        if form != .name, f.category != .country, TextFit.modifiesNoun(bytes, after: f.range.upperBound),
           f.attributes[FindingAttribute.placeKind] == nil, Generalizer.unitNoun(of: f.text) == nil,
           TextFit.previousWord(bytes, before: f.range.lowerBound).map({ p in
               let w = p.word.lowercased()
               return !Generalizer.determiners.contains(w) && !Generalizer.placePrepositions.contains(w)
           }) ?? true {
            return Generalized(text: f.category == .province ? "regional" : "local", residual: 0.01, note: "kind only (qualifies a noun)")
        }
        // "the Lagos office" -> "the city office": a name qualifying a noun keeps only its kind.
        // After a determiner that is no article ("his Interlachen driveway") the bare noun: "his
        // city driveway", not "his a city driveway".
        if let prev = TextFit.previousWord(bytes, before: f.range.lowerBound), Generalizer.determiners.contains(prev.word.lowercased()),
           TextFit.modifiesNoun(bytes, after: f.range.upperBound), form != .name {
            return Generalized(text: TextFit.isArticle(prev.word) ? a(noun) : noun, residual: 0.01, note: "kind only (qualifies a noun)")
        }
        // "all of Huiryung's mass gatherings" -> "all of the city's mass gatherings": a possessive
        // takes a definite kind ("a city in North Korea's mass gatherings" is no English).
        if form != .name, Generalizer.possessiveFollows(bytes, at: f.range.upperBound) {
            let prev = TextFit.previousWord(bytes, before: f.range.lowerBound)?.word.lowercased() ?? ""
            return Generalized(text: Generalizer.determiners.contains(prev) ? noun : "the " + noun, residual: 0.01,
                               note: "kind only (a possessive)")
        }
        switch form {
        case .name:
            if let parent { return Generalized(text: Generalizer.displayName(parent), end: end, residual: residual, note: "\(parent.level.rawValue) level") }
            return Generalized(text: a(noun), residual: 0.01, note: "kind only (no kept enclosing place)")
        case .noun:
            return Generalized(text: a(noun), residual: 0.01, note: "kind only")
        default:
            guard let parent else { return Generalized(text: a(noun), residual: 0.01, note: "kind only (no kept enclosing place)") }
            let link = f.category == .province ? " of " : " in "
            let word = f.category == .province && noun == "region" && Generalizer.unitNoun(of: f.text) == nil ? "province" : noun
            return Generalized(text: a(word) + link + Generalizer.displayName(parent), end: end, residual: residual,
                               note: "\(parent.level.rawValue) level")
        }
    }

    // MARK: Dates

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]
    /// `months` through Foundation's `capitalized`, once.
    static let capitalizedMonths = months.map(\.capitalized)
    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "sept"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// Words after which a date phrase needs no "in" of its own.
    static let prepositions: Set<String> = ["of", "since", "until", "till", "by", "from", "before", "after", "for",
                                            "through", "to", "between", "and", "or", "around", "about", "throughout"]
    /// Prepositions a vague time cannot follow -> the wording that takes them in.
    static let boundVague: [String: String] = ["since": "for some time", "from": "for some time", "until": "until later",
                                               "till": "until later", "by": "by a later date"]
    /// Words the replacement takes over ("on Nov. 10" -> "in November").
    static let absorbed: Set<String> = ["on", "in", "at", "during"]

    /// The words of `text`, lower-cased: its runs of letters and digits.
    static func words(_ text: String) -> [String] {
        var text = text
        if let ascii = text.withUTF8({ asciiWords($0) }) { return ascii }
        return wordsReference(text)
    }

    /// `words` through `lowercased()` and Character properties: the reference the byte path
    /// must agree with, and the path for non-ASCII text.
    static func wordsReference(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// `words` of ASCII `b` (in ASCII the letters and digits are `A-Z`, `a-z`, `0-9`); `nil`
    /// when a byte is not ASCII.
    static func asciiWords(_ b: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard TextFolding.isASCII(b) else { return nil }
        var out: [String] = []
        var i = 0
        while i < b.count {
            guard TextFit.isLetter(b[i]) || TextFit.isDigit(b[i]) else { i += 1; continue }
            var j = i + 1
            while j < b.count && (TextFit.isLetter(b[j]) || TextFit.isDigit(b[j])) { j += 1 }
            let start = i
            out.append(String(unsafeUninitializedCapacity: j - start) { w in
                for k in start..<j { w[k - start] = TextFit.lower(b[k]) }
                return j - start
            })
            i = j
        }
        return out
    }

    /// The first month named in `words` (lower-cased words; a full name or an abbreviation),
    /// capitalized.
    static func monthName(in words: [String]) -> String? {
        for w in words {
            if let i = monthIndex[w] { return capitalizedMonths[i] }
        }
        return nil
    }

    /// Lower-case month names and abbreviations -> index in `months` ("sept" is September; a
    /// full name wins over an abbreviation, as "may" is both).
    static let monthIndex: [String: Int] = {
        var d: [String: Int] = [:]
        for (i, a) in monthAbbreviations.enumerated() { d[a] = i == 12 ? 8 : i }
        for (i, m) in months.enumerated() { d[m] = i }
        return d
    }()

    /// A month name from the detector's attribute, through Foundation's `capitalized` (for the
    /// usual spellings read from a table computed with it once).
    static func capitalizedMonth(_ m: String) -> String {
        if let i = monthForms.firstIndex(of: m) { return capitalizedMonthForms[i] }
        return m.capitalized
    }
    static let monthForms = months + capitalizedMonths
    static let capitalizedMonthForms = monthForms.map(\.capitalized)

    /// "the late 1990s" for 1998; a year that ends a decade's name ("the early 1950s" for 1950
    /// would repeat it) goes up to its part of the century instead.
    static func partOfDecade(_ year: Int) -> String {
        if year % 10 == 0 {
            let century = year / 100 + 1
            let suffix = century % 100 / 10 == 1 ? "th" : [1: "st", 2: "nd", 3: "rd"][century % 10] ?? "th"
            let d = year % 100 / 10
            let part = d <= 3 ? "early" : d <= 6 ? "mid-" : "late"
            return part == "mid-" ? "the mid-\(century)\(suffix) century" : "the \(part) \(century)\(suffix) century"
        }
        let d = year % 10
        let decade = "\(year / 10 * 10)s"
        return d <= 3 ? "the early \(decade)" : d <= 6 ? "the mid-\(decade)" : "the late \(decade)"
    }

    /// A relative time joined to the date it counts from ("two days before Christmas", "a week
    /// after Eid al-Adha", "three days after March 3"): the offset goes, the direction stays,
    /// and the anchor is said at the level the policy allows ("shortly before a holiday",
    /// "around March"). Nil when nothing follows "before"/"after".
    func anchoredRelative(_ f: Finding, words: [String]) -> Generalized? {
        guard let k = words.lastIndex(where: { $0 == "before" || $0 == "after" }), k + 1 < words.count else { return nil }
        let direction = words[k]
        let anchor = Array(words[(k + 1)...])
        if let month = Generalizer.monthName(in: anchor) {
            return fitDate("around \(month)", adverbial: true, f: f, residual: 0.03, note: "anchor date without its day")
        }
        if let year = Generalizer.year(in: anchor) {
            return fitDate("around \(Generalizer.partOfDecade(year))", adverbial: true, f: f, residual: 0.02, note: "anchor year without its offset")
        }
        // A named anchor (its first word capitalized in the text) is a holiday or an observance.
        let tail = f.text.split(separator: " ").drop(while: { !["before", "after"].contains($0.lowercased()) }).dropFirst()
        let named = tail.first(where: { $0.lowercased() != "the" }).map { $0.first?.isUppercase ?? false } ?? false
        return fitDate("shortly \(direction)" + (named ? " a holiday" : ""), adverbial: true, f: f, residual: 0.02, note: "offset and anchor made vague")
    }

    /// Nouns a holiday's name qualifies ("Eid celebrations", "the Christmas break").
    static let holidayNouns: Set<String> = ["celebration", "celebrations", "festivities", "festival", "break", "season",
                                            "period", "weekend", "vacation", "rush", "travel", "shopping", "sales", "prayers",
                                            "feast", "parade", "parades", "pilgrimage", "pilgrims", "traffic", "market", "markets",
                                            "eve", "week", "services", "service", "dinner", "meal", "gifts", "lights", "decorations"]

    /// Words naming a part of a period ("the early 20th century", "the turn of the century").
    static let periodParts: Set<String> = ["early", "mid", "late", "beginning", "end", "turn", "start", "middle"]

    /// Count words a counted period may hold ("the past three years", "the last couple of days").
    static let countWords: Set<String> = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                                          "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "couple",
                                          "few", "several", "many", "dozen"]

    /// A counted period with its count made vague: "the past three years" -> "the past few
    /// years", "the last five months of her life" -> "the last few months of her life"; one
    /// already vague ("the past few years") -> "recent years". Nil for other shapes.
    static func countedPeriod(_ words: [String]) -> String? {
        guard words.count >= 4, words[0] == "the", ["last", "past", "next", "coming", "first", "final"].contains(words[1]) else { return nil }
        var k = 2
        let count = words[k]
        guard Int(count) != nil || countWords.contains(count) else { return nil }
        k += 1
        if count == "couple" && words[k] == "of" { k += 1 }
        guard k < words.count, ["days", "weeks", "months", "years", "decades", "hours", "nights"].contains(words[k]) else { return nil }
        let unit = words[k]
        let rest = words[(k + 1)...].joined(separator: " ")
        if ["few", "several", "many"].contains(count) {
            guard rest.isEmpty else { return nil }
            return ["next", "coming"].contains(words[1]) ? "the coming \(unit)" : "recent \(unit)"
        }
        return (["the", words[1], "few", unit] + (rest.isEmpty ? [] : [rest])).joined(separator: " ")
    }

    static func year(in words: [String]) -> Int? {
        for w in words where w.count == 4 { if let y = Int(w), y >= 1800, y <= 2199 { return y } }
        return nil
    }

    static func season(_ month: String) -> String {
        switch months.firstIndex(of: month.lowercased()) ?? 0 {
        case 2, 3, 4: return "the spring"
        case 5, 6, 7: return "the summer"
        case 8, 9, 10: return "the autumn"
        default: return "the winter"
        }
    }

    /// Wraps a date phrase for its place in the sentence: "in X" (taking over a preceding
    /// "on/in/at/during"), or bare after another preposition. Adverbials ("several years ago")
    /// only take over a preceding "on/in/at/during".
    func fitDate(_ phrase: String, adverbial: Bool, f: Finding, residual: Double, note: String) -> Generalized {
        var prev = TextFit.previousWord(bytes, before: f.range.lowerBound)
        var lower = prev?.word.lowercased() ?? ""
        // "at about 9 a.m." -> "in the morning": an approximation goes with the exact time.
        if ["about", "around", "approximately", "roughly"].contains(lower), let p = prev,
           let before = TextFit.previousWord(bytes, before: p.start), Generalizer.absorbed.contains(before.word.lowercased()) {
            prev = before
            lower = before.word.lowercased()
        }
        // "between May 6 and 10" -> "in May": a range's own "between"/"from" goes with it.
        if lower == "between" || lower == "from",
           Resolver.contains(f.text, " and ") || Resolver.contains(f.text, " to ")
            || f.text.utf8.contains(UInt8(ascii: "-")) && f.text.contains("-"),
           !Resolver.contains(phrase, " to ") && !Resolver.contains(phrase, " and ") {
            lower = "in"
        }
        // "Since March" -> "For some time", "until Friday" -> "until later": a vague time cannot
        // follow these prepositions ("Since at one point", "by one day"); the preposition goes
        // into a wording that stays true.
        if adverbial, let prev, let bound = Generalizer.boundVague[lower],
           ["at one point", "one day", "recently", "soon", "at the time"].contains(phrase) {
            let capital = prev.word.first?.isUppercase ?? false
            return Generalized(text: capital ? TextFit.capitalized(bound) : bound, start: prev.start, residual: residual, note: note)
        }
        if Generalizer.absorbed.contains(lower) || (adverbial && lower == "over"), let prev {
            let capital = prev.word.first?.isUppercase ?? false
            let text = adverbial ? phrase : "in " + phrase
            return Generalized(text: capital ? TextFit.capitalized(text) : text, start: prev.start, residual: residual, note: note)
        }
        if !adverbial, let prev, Generalizer.determiners.contains(lower), prev.word.count > 0 {
            // Used as a modifier ("the January press conference"): "the winter press conference".
            let bare = phrase.hasPrefix("the ") ? String(phrase.dropFirst(4)) : phrase
            return Generalized(text: bare, residual: residual, note: note)
        }
        if adverbial || Generalizer.prepositions.contains(lower) {
            return Generalized(text: phrase, residual: residual, note: note)
        }
        return Generalized(text: "in " + phrase, residual: residual, note: note)
    }

    func date(_ f: Finding, form: GeneralizeForm) -> Generalized? {
        let words = Generalizer.words(f.text)
        let month = f.attributes[FindingAttribute.month].map(Generalizer.capitalizedMonth) ?? Generalizer.monthName(in: words)
        let year = f.attributes[FindingAttribute.year].flatMap { Int($0) } ?? Generalizer.year(in: words)
        var kind = f.attributes[FindingAttribute.dateKind] ?? ""
        if kind.isEmpty {
            if words.contains(where: { ["ago", "last", "next", "later", "after", "before", "earlier", "previous", "past", "coming"].contains($0) }) {
                kind = "relative"
            } else if words.contains(where: { Generalizer.weekdays.contains($0) }) {
                kind = "weekday"
            } else if f.text.utf8.contains(UInt8(ascii: ":")) && f.text.contains(":") || words.contains(where: { ["am", "pm", "a", "p", "m", "noon", "midnight"].contains($0) }) {
                kind = "time"
            } else if month != nil {
                kind = "absolute"
            } else if year != nil {
                kind = "year"
            }
        }
        switch kind {
        case "decade":
            // "the 1930s" -> "the early 20th century": one level up, never more precise.
            guard let year else { return nil }
            if form == .vague { return fitDate("decades ago", adverbial: true, f: f, residual: 0.01, note: "vague") }
            let century = year / 100 + 1
            let suffix = century % 100 / 10 == 1 ? "th" : [1: "st", 2: "nd", 3: "rd"][century % 10] ?? "th"
            let d = year % 100 / 10
            let part = d <= 3 ? "early" : d <= 6 ? "mid-" : "late"
            let phrase = part == "mid-" ? "the mid-\(century)\(suffix) century" : "the \(part) \(century)\(suffix) century"
            return fitDate(phrase, adverbial: false, f: f, residual: 0.01, note: "part of a century")
        case "century":
            // "the early 20th century" -> "the 20th century"; a whole century goes one level up.
            guard let year else { return nil }
            let century = year / 100 + 1
            let suffix = century % 100 / 10 == 1 ? "th" : [1: "st", 2: "nd", 3: "rd"][century % 10] ?? "th"
            if words.contains(where: { Generalizer.periodParts.contains($0) }) {
                return Generalized(text: "the \(century)\(suffix) century", residual: 0.01, note: "century without its part")
            }
            if f.text.hasSuffix("-century") {
                // "a 19th-century church" -> "a historic church"
                return Generalized(text: century >= 20 ? "modern" : "historic", residual: 0.01, note: "age without its century")
            }
            let phrase = century >= 21 ? "this century" : century == 20 ? "the last century" : "an earlier century"
            // A noun phrase: its preposition, if any, stays ("in an earlier century").
            return Generalized(text: phrase, residual: 0.01, note: "century one level up")
        case "relative":
            if let period = Generalizer.countedPeriod(words) {
                // A noun phrase: its preposition, if any, stays ("in the past few years").
                return Generalized(text: period, residual: 0.02, note: "period without its count")
            }
            if let anchored = anchoredRelative(f, words: words) { return anchored }
            let unit = f.attributes[FindingAttribute.relativeUnit]
                ?? ["year", "month", "week", "day", "hour"].first(where: { u in words.contains(where: { $0 == u || $0 == u + "s" }) })
                ?? "day"
            var direction = f.attributes[FindingAttribute.relativeDirection] ?? ""
            if direction.isEmpty {
                direction = words.contains(where: { ["next", "coming", "later", "after", "hence"].contains($0) }) ? "future" : "past"
            }
            // "two days after [the raid]" -> "shortly after", "a week before" -> "shortly before",
            // "three days later" -> "later".
            for (word, phrase) in [("after", "shortly after"), ("before", "shortly before"), ("later", "later"), ("earlier", "earlier")]
            where words.last == word {
                return fitDate(phrase, adverbial: true, f: f, residual: 0.01, note: "vague relative time")
            }
            if words.first == "last" || words.first == "previous" || words.first == "past" {
                return fitDate("recently", adverbial: true, f: f, residual: 0.02, note: "vague relative time")
            }
            if unit.hasPrefix("decade") || unit.hasPrefix("centur") {
                // "two decades ago" is not recent: "many years ago".
                return fitDate(direction == "future" ? "in the coming decades" : "many years ago", adverbial: true, f: f, residual: 0.01,
                               note: "vague relative time")
            }
            if words.first == "that" {
                // "that night", "that year": the time the story already names.
                return fitDate("at the time", adverbial: true, f: f, residual: 0.02, note: "vague relative time")
            }
            if words.contains("this") && direction != "present" {
                // "earlier this month" -> "recently", "later this week" -> "soon".
                return fitDate(direction == "future" ? "soon" : "recently", adverbial: true, f: f, residual: 0.02, note: "vague relative time")
            }
            if direction == "present", ["year", "month", "week"].contains(unit) {
                // "the end of the year" -> "this year": the same period, no part of it.
                return fitDate("this \(unit)", adverbial: true, f: f, residual: 0.03, note: "period without its part")
            }
            let phrase: String
            switch (unit.hasPrefix("year"), unit.hasPrefix("month"), direction == "future") {
            case (true, _, false): phrase = "several years ago"
            case (true, _, true): phrase = "in the coming years"
            case (_, true, false): phrase = "several months ago"
            case (_, true, true): phrase = "in the coming months"
            case (_, _, false): phrase = "recently"
            default: phrase = "soon"
            }
            return fitDate(phrase, adverbial: true, f: f, residual: 0.02, note: "vague relative time")
        case "weekday":
            if TextFit.previousWord(bytes, before: f.range.lowerBound)?.word.lowercased() == "every" {
                return Generalized(text: "week", residual: 0.02, note: "no weekday")   // "every Sunday" -> "every week"
            }
            // "on a Sunday" -> "one day": the article and its preposition go too.
            if let a = TextFit.previousWord(bytes, before: f.range.lowerBound), ["a", "one"].contains(a.word.lowercased()) {
                var start = a.start
                if let p = TextFit.previousWord(bytes, before: a.start), Generalizer.absorbed.contains(p.word.lowercased()) { start = p.start }
                return Generalized(text: "one day", start: start, residual: 0.02, note: "no weekday")
            }
            return fitDate("one day", adverbial: true, f: f, residual: 0.02, note: "no weekday")
        case "time":
            if words.contains("noon") { return fitDate("around midday", adverbial: true, f: f, residual: 0.02, note: "part of day") }
            // "8pm" is one word: its leading digits are the hour.
            let hour = words.compactMap { w in Int(String(w.prefix(while: \.isNumber))) }.first { $0 >= 0 && $0 <= 24 }
                ?? (words.contains("midnight") ? 0 : nil)
            let pm = words.contains("pm") || words.contains("p") || words.contains { $0.first?.isNumber == true && $0.hasSuffix("pm") }
            guard var h = hour else { return fitDate("at one point", adverbial: true, f: f, residual: 0.01, note: "no clock time") }
            if pm && h < 12 { h += 12 }
            let part = h < 5 ? "the night" : h < 12 ? "the morning" : h < 17 ? "the afternoon" : h < 21 ? "the evening" : "the night"
            return fitDate(part, adverbial: false, f: f, residual: 0.02, note: "part of day")
        case "year":
            guard let year else { return nil }
            if form == .vague { return fitDate("years ago", adverbial: true, f: f, residual: 0.01, note: "vague") }
            let years = words.compactMap { w -> Int? in w.count == 4 ? Int(w) : nil }
            // A span of years ("1995 to 2001") keeps both ends at decade precision.
            if let last = years.last, last / 10 != year / 10, last > year {
                return fitDate("\(Generalizer.partOfDecade(year)) to \(Generalizer.partOfDecade(last))", adverbial: false, f: f,
                               residual: 0.02, note: "parts of decades")
            }
            return fitDate(Generalizer.partOfDecade(year), adverbial: false, f: f, residual: 0.02, note: "part of a decade")
        default:
            // Absolute dates, "mid-June", "early October": the most precise wording the form
            // allows that does not repeat the original ("May" alone goes up to its season).
            var candidates: [(String, Double, String)] = []
            let monthYear = month.flatMap { m in year.map { ("\(m) \($0)", 0.06, "month and year") } }
            let monthOnly = month.map { ($0, 0.04, "month") }
            let yearOnly = year.map { (String($0), 0.03, "year") }
            let season = month.map { (Generalizer.season($0), 0.02, "season") }
            switch form {
            case .month: candidates = [monthYear, monthOnly, yearOnly, season].compactMap { $0 }
            case .year: candidates = [yearOnly, monthOnly, season].compactMap { $0 }
            case .season: candidates = [yearOnly, season].compactMap { $0 }
            default: break
            }
            let original = TextFolding.key(f.text)
            if let pick = candidates.first(where: { !Resolver.contains(TextFolding.key($0.0), original) }) {
                return fitDate(pick.0, adverbial: false, f: f, residual: pick.1, note: pick.2)
            }
            if kind == "part", let unit = f.attributes[FindingAttribute.relativeUnit],
               let q = words.first(where: { ["last", "this", "next"].contains($0) }) {
                // "late last year" -> "last year": the period without its part.
                return fitDate("\(q) \(unit)", adverbial: true, f: f, residual: 0.03, note: "period without its part")
            }
            if kind == "holiday" {
                // "during Ramadan", "on Yom Kippur", "the day of Hajj": a holiday, not which one;
                // its preposition stays. As a modifier: "Eid celebrations" -> "holiday
                // celebrations", "the Lunar New Year holiday" -> "the holiday".
                let note = "holiday without its name"
                var next = f.range.upperBound
                while next < bytes.count && bytes[next] == 0x20 { next += 1 }
                let following = TextFit.word(bytes, at: next)
                if ["holiday", "holidays"].contains(following) {
                    return Generalized(text: "the", residual: 0.03, note: note)
                }
                if let last = words.last, ["holiday", "holidays"].contains(last) {
                    // The name took its own noun: "the Lunar New Year holiday" -> "the holiday".
                    let article = words.first == "the" ? "the " : last == "holiday" ? "a " : ""
                    return Generalized(text: article + last, residual: 0.03, note: note)
                }
                if Generalizer.holidayNouns.contains(following) {
                    return Generalized(text: "holiday", residual: 0.03, note: note)
                }
                return Generalized(text: "a holiday", residual: 0.03, note: note)
            }
            return fitDate("at one point", adverbial: true, f: f, residual: 0.01, note: "vague")
        }
    }

    // MARK: Ages, sums, occupations, facilities

    static let decadeWords = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                              "eighty": 80, "ninety": 90, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                              "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90, "teens": 10, "teen": 10]

    func age(_ f: Finding) -> Generalized? {
        let words = Generalizer.words(f.text)
        let number = f.attributes[FindingAttribute.ageYears].flatMap { Int($0) }
            ?? words.lazy.compactMap { w -> Int? in Int(w.hasSuffix("s") ? String(w.dropLast()) : w) }.first
            ?? words.lazy.compactMap { Generalizer.decadeWords[$0] }.first
        guard let years = number, years > 0, years < 130 else { return nil }
        let alreadyDecade = words.contains(where: { $0.hasSuffix("s") && (Int($0.dropLast()) != nil || Generalizer.decadeWords[$0] != nil) })
            || words.contains(where: { $0.hasSuffix("ies") || $0 == "teens" })
        if alreadyDecade {
            // "in her late 20s" -> "in her youth"; "in his 40s" -> "in middle age".
            let own = words.first { ["his", "her", "their"].contains($0) }
            let band = years < 30 ? "\(own ?? possessive(before: f.range.lowerBound)) youth" : years < 60 ? "middle age" : "old age"
            return Generalized(text: "in " + band, residual: 0.02, note: "age band")
        }
        let decade = years / 10 * 10
        let lower = f.text.lowercased()
        if Resolver.contains(lower, "year-old") || Resolver.contains(lower, "year old") && !Resolver.contains(lower, "years old") {
            let word: String
            switch decade {
            case 0: word = "young"
            case 10: word = "teenage"
            default:
                let names = [20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"]
                word = (names[decade] ?? "older") + (names[decade] == nil ? "" : "something")
            }
            return Generalized(text: word, residual: 0.05, note: "decade")
        }
        if Resolver.contains(lower, "age of") {
            // "under the age of seven" -> "under a certain age" (the finding may hold "under").
            let lead = words.first.flatMap { ["under", "over", "below", "above"].contains($0) ? $0 + " " : nil } ?? ""
            return Generalized(text: lead + "a certain age", residual: 0.02, note: "age withheld")
        }
        let pronoun = possessive(before: f.range.lowerBound)
        if decade < 10 { return Generalized(text: "of a young age", residual: 0.05, note: "age band") }
        // "Han, of 36 years old" -> "Han, in her 30s": the "of" goes.
        var start: Int?
        if let of = TextFit.previousWord(bytes, before: f.range.lowerBound), of.word.lowercased() == "of" {
            start = of.start
        }
        if decade == 10 { return Generalized(text: "in \(pronoun) teens", start: start, residual: 0.05, note: "decade") }
        return Generalized(text: "in \(pronoun) \(decade)s", start: start, residual: 0.05, note: "decade")
    }

    /// "his", "her" or "their", from the nearest pronoun or gendered noun before it in the same
    /// sentence (at most 120 bytes); a guess from another sentence could name the wrong person's.
    func possessive(before start: Int) -> String {
        var s = start
        while s > max(0, start - 120) {
            let b = bytes[s - 1]
            if b == 0x0A || (s >= 2 && (bytes[s - 2] == UInt8(ascii: ".") || bytes[s - 2] == UInt8(ascii: "!") || bytes[s - 2] == UInt8(ascii: "?")) && b == 0x20) { break }
            s -= 1
        }
        while s < start && bytes[s] & 0xC0 == 0x80 { s += 1 }
        let words = bytes[s..<start].withUnsafeBufferPointer { Generalizer.asciiWords($0) }
            ?? Generalizer.words(String(decoding: bytes[s..<start], as: UTF8.self))
        for w in words.reversed() {
            switch w {
            case "she", "her", "woman", "mother", "wife", "daughter", "girl", "sister": return "her"
            case "he", "his", "him", "man", "father", "husband", "son", "boy", "brother": return "his"
            default: continue
            }
        }
        return "their"
    }

    static let currencySymbols: [Character: String] = ["$": "dollars", "¥": "yuan", "€": "euros", "₩": "won", "£": "pounds", "₽": "rubles"]
    static let currencyCodes = ["usd": "US dollars", "cny": "yuan", "rmb": "yuan", "krw": "won", "kpw": "North Korean won",
                                "eur": "euros", "jpy": "yen", "gbp": "pounds", "rub": "rubles", "byn": "Belarusian rubles",
                                "uah": "hryvnias", "inr": "rupees", "pkr": "Pakistani rupees", "bdt": "taka", "mmk": "kyat",
                                "khr": "riel", "vnd": "dong", "thb": "baht", "lak": "kip", "myr": "ringgit", "idr": "rupiah",
                                "php": "pesos", "sgd": "Singapore dollars", "hkd": "Hong Kong dollars", "twd": "Taiwan dollars",
                                "mop": "patacas", "mnt": "tugriks", "kzt": "tenge", "kgs": "som", "uzs": "sum", "tjs": "somoni",
                                "tmt": "manat", "afn": "afghanis", "irr": "rials", "iqd": "Iraqi dinars", "syp": "Syrian pounds",
                                "lbp": "Lebanese pounds", "jod": "Jordanian dinars", "ils": "shekels", "egp": "Egyptian pounds",
                                "sar": "riyals", "aed": "dirhams", "qar": "riyals", "kwd": "Kuwaiti dinars", "bhd": "Bahraini dinars",
                                "omr": "rials", "yer": "rials", "try": "lira", "gel": "lari", "amd": "dram", "brl": "reais",
                                "aud": "Australian dollars", "cad": "Canadian dollars", "nzd": "New Zealand dollars", "ngn": "naira",
                                "kes": "Kenyan shillings", "ugx": "Ugandan shillings", "tzs": "Tanzanian shillings", "chf": "Swiss francs"]

    func amount(_ f: Finding) -> Generalized? {
        let lower = f.text.lowercased()
        var value = f.attributes[FindingAttribute.amountValue].flatMap { Double($0) }
        if value == nil {
            var digits = ""
            var started = false
            for c in lower {
                if c.isNumber { digits.append(c); started = true } else if started && c == "," { continue } else if started && c == "." { digits.append(c) } else if started { break }
            }
            if var v = Double(digits) {
                if lower.contains("billion") { v *= 1e9 } else if lower.contains("million") { v *= 1e6 } else if lower.contains("thousand") { v *= 1e3 }
                value = v
            }
        }
        guard let v = value, v >= 0 else { return nil }
        var currency = f.attributes[FindingAttribute.currency].map { Generalizer.currencyCodes[$0.lowercased()] ?? $0 } ?? ""
        if currency.isEmpty {
            if let symbol = f.text.first(where: { Generalizer.currencySymbols[$0] != nil }) {
                currency = Generalizer.currencySymbols[symbol]!
            } else {
                let words = f.text.split(separator: " ").filter { w in
                    !w.contains(where: { $0.isNumber }) && !["thousand", "million", "billion", "about", "around", "some", "over", "nearly"].contains(w.lowercased())
                }
                currency = words.joined(separator: " ")
                if let code = Generalizer.currencyCodes[currency.lowercased()] { currency = code }
            }
        }
        if ["dollar", "euro", "pound", "ruble", "rouble", "rupee", "peso", "franc"].contains(where: { currency.lowercased().hasSuffix($0) }) {
            currency += "s"
        }
        let band: String
        switch v {
        case ..<10: band = "a few"
        case ..<100: band = "tens of"
        case ..<1_000: band = "hundreds of"
        case ..<10_000: band = "thousands of"
        case ..<100_000: band = "tens of thousands of"
        case ..<1_000_000: band = "hundreds of thousands of"
        case ..<1_000_000_000: band = "millions of"
        default: band = "billions of"
        }
        if currency.isEmpty {
            return Generalized(text: band == "a few" ? "a small sum" : "a sum in the " + band.replacingOccurrences(of: " of", with: ""), residual: 0.03, note: "order of magnitude")
        }
        // "a $2.4 million settlement" -> "a seven-figure settlement": a sum qualifying a noun.
        if let prev = TextFit.previousWord(bytes, before: f.range.lowerBound), ["a", "an", "the"].contains(prev.word.lowercased()),
           TextFit.modifiesNoun(bytes, after: f.range.upperBound), v >= 1, v < 1e12 {
            let digits = String(Int(v)).count
            let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
            return Generalized(text: words[digits - 1] + "-figure", residual: 0.03, note: "order of magnitude (qualifying a noun)")
        }
        // "about 9,000 taka" -> "thousands of taka": an approximation of a band says nothing more.
        var start: Int?
        if let prev = TextFit.previousWord(bytes, before: f.range.lowerBound),
           ["about", "around", "approximately", "roughly", "nearly", "almost", "some"].contains(prev.word.lowercased()),
           prev.start >= 0 {
            start = prev.start
        }
        return Generalized(text: band + " " + currency, start: start, residual: 0.03, note: "order of magnitude")
    }

    func occupation(_ f: Finding) -> Generalized? {
        let trimmed = f.text.split(separator: " ").joined(separator: " ")
        let first = trimmed.split(separator: " ").first.map(String.init) ?? ""
        let article = Generalizer.determiners.contains(first.lowercased()) ? first : nil
        let plural = trimmed.lowercased().hasSuffix("s") && !trimmed.lowercased().hasSuffix("ss")
            || trimmed.lowercased().hasSuffix("men") || trimmed.lowercased().hasSuffix("people")
        // A broad class that keeps the story's sense ("the owner" is no "worker", "inspectors"
        // are "officials"); unknown roles are "workers".
        // The head noun: the last word before a post-modifier ("a trader in Hyesan" -> "trader").
        let words = trimmed.split(separator: " ").map { $0.lowercased() }
        let cut = words.indices.dropFirst().first(where: { Resolver.postModifierWords.contains(words[$0]) }) ?? words.count
        let head = words[..<cut].last ?? ""
        let singular = Generalizer.singular(head)
        var cls = Generalizer.occupationClasses[singular] ?? ("worker", "workers")
        // A role that is its class already ("a trader", "officials") can only become a person.
        if cls.0 == singular || cls.1 == head { cls = ("person", "people") }
        // "the attorney general", "the inspector general": an office, taken in whole.
        var end: Int?
        let u = f.range.upperBound
        if u + 8 <= bytes.count, bytes[u] == 0x20, String(decoding: bytes[(u + 1)..<(u + 8)], as: UTF8.self).lowercased() == "general",
           u + 8 == bytes.count || !TextFit.isLetter(bytes[u + 8]) {
            end = u + 8
            cls = ("official", "officials")
        }
        let noun = plural ? cls.1 : cls.0
        if let article {
            var a = article
            if ["a", "an"].contains(article.lowercased()) {
                // "a 31-year-old schoolteacher" -> "an educator"
                let wanted = TextFit.indefiniteArticle(for: Substring(noun))
                a = article.first!.isUppercase ? TextFit.capitalized(wanted) : wanted
            }
            return Generalized(text: a + " " + noun, end: end, residual: 0.02, note: "generic occupation")
        }
        // Without its own article the span's determiner stands before it ("a 27-year-old
        // trader"); the sentence fitting corrects "an" to "a" when needed.
        return Generalized(text: noun, end: end, residual: 0.02, note: "generic occupation")
    }

    /// The singular of an occupation noun ("inspectors" -> "inspector", "policemen" -> "policeman").
    static func singular(_ word: String) -> String {
        if word.hasSuffix("men") { return String(word.dropLast(3)) + "man" }
        if word.hasSuffix("people") { return String(word.dropLast(6)) + "person" }
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("sses") { return String(word.dropLast(2)) }
        if word.hasSuffix("s") && !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }

    /// Occupation nouns -> the broad class they generalize to (singular, plural).
    static let occupationClasses: [String: (String, String)] = {
        var d: [String: (String, String)] = [:]
        func add(_ words: String, _ cls: (String, String)) { for w in words.split(separator: " ") { d[String(w)] = cls } }
        add("official officer cadre bureaucrat administrator governor mayor minister secretary secretary-general spokesperson "
            + "spokesman spokeswoman representative delegate councillor councilor lawmaker legislator senator parliamentarian "
            + "diplomat ambassador consul envoy commissioner clerk chief head headman deputy president vice-president chairman "
            + "chairwoman chairperson inspector auditor magistrate councilman councilwoman", ("official", "officials"))
        add("policeman policewoman constable detective guard warden jailer interrogator sentry watchman "
            + "bodyguard agent spy informer", ("security official", "security officials"))
        add("soldier captain lieutenant sergeant colonel corporal conscript recruit commander sailor militiaman", ("soldier", "soldiers"))
        add("owner proprietor employer entrepreneur businessman businesswoman industrialist", ("businessperson", "businesspeople"))
        add("boss manager director supervisor foreman", ("manager", "managers"))
        add("trader merchant vendor seller peddler broker dealer shopkeeper storekeeper stallholder shop-owner salesman "
            + "saleswoman salesperson", ("trader", "traders"))
        add("journalist reporter correspondent editor blogger vlogger photographer cameraman writer author broadcaster "
            + "presenter anchor columnist commentator filmmaker producer", ("media worker", "media workers"))
        add("teacher schoolteacher headteacher headmaster headmistress professor lecturer tutor researcher scientist "
            + "academic scholar librarian", ("educator", "educators"))
        add("doctor nurse physician surgeon paramedic midwife pharmacist dentist therapist psychologist caregiver carer "
            + "veterinarian radiologist optician", ("health worker", "health workers"))
        add("lawyer attorney judge prosecutor paralegal notary", ("legal professional", "legal professionals"))
        add("activist campaigner organizer organiser dissident defender volunteer", ("activist", "activists"))
        add("priest pastor monk nun imam missionary preacher cleric rabbi bishop deacon clergyman mullah", ("religious figure", "religious figures"))
        add("student pupil intern apprentice", ("student", "students"))
        add("farmer farmhand herder shepherd rancher peasant smallholder cultivator fisherman fisher", ("farmer", "farmers"))
        return d
    }()

    /// Words that open a noun phrase and stay in front of the generic noun.
    static let determiners: Set<String> = ["a", "an", "the", "another", "one", "each", "every", "this", "that", "these",
                                           "those", "some", "any", "no", "his", "her", "their", "its", "our", "my", "your"]

    static let facilityNouns = ["market", "station", "office", "prison", "camp", "school", "hospital", "factory", "company",
                                "mine", "farm", "restaurant", "hotel", "university", "bank", "shop", "store", "port",
                                "airport", "church", "temple", "mosque", "center", "centre", "base", "complex", "plant",
                                "institute", "college", "court", "bureau", "headquarters", "building", "bridge", "hall",
                                "stadium", "square", "park", "plaza", "tower", "harbor", "harbour", "pier", "checkpoint",
                                "cemetery", "theater", "theatre", "cinema", "library", "museum", "mall", "workshop",
                                "plantation", "mill", "barracks", "jail", "compound", "clinic", "academy", "embassy", "consulate"]

    /// Head nouns that say what kind of organization a name is ("the Texas Commission on Jail
    /// Standards" -> "a commission").
    static let organizationNouns: Set<String> = ["ministry", "department", "agency", "party", "union", "association",
                                                 "federation", "committee", "commission", "council", "bureau", "court",
                                                 "authority", "administration", "foundation", "institute", "center",
                                                 "centre", "league", "society", "network", "alliance", "coalition",
                                                 "assembly", "parliament", "government", "office", "police", "army",
                                                 "movement", "front", "group", "company", "bank", "university", "school"]

    func organization(_ f: Finding) -> Generalized? {
        let words = Generalizer.words(f.text)
        guard let noun = words.first(where: { Generalizer.organizationNouns.contains($0) }) else {
            return Generalized(text: "an organization", residual: 0.02, note: "an organization")
        }
        return Generalized(text: TextFit.indefiniteArticle(for: Substring(noun)) + " " + noun, residual: 0.02, note: "kind of organization")
    }

    func facility(_ f: Finding) -> Generalized? {
        let words = Generalizer.words(f.text)
        let noun = words.reversed().first(where: { Generalizer.facilityNouns.contains($0) }) ?? "facility"
        let article = TextFit.indefiniteArticle(for: Substring(noun))
        if let parent = nearestNameable(f.hierarchy) {
            return Generalized(text: "\(article) \(noun) in \(Generalizer.displayName(parent))", residual: Generalizer.weight(ofLevel: parent.level),
                               note: "kind of facility, \(parent.level.rawValue) level")
        }
        return Generalized(text: article + " " + noun, residual: 0.03, note: "kind of facility")
    }
}

// MARK: - Already general: the ladder's own wordings are a fixed point

extension Generalizer {
    /// Whether `f` already reads as general as this category's ladder words it under `rule`
    /// (a date at the policy's `form` or coarser, an age band): Veil's own output ("in March",
    /// "in 2019", "several years ago", "in her 40s") is then kept, not generalized once more,
    /// so that `veil audit` of published text passes with the policy that produced it.
    func alreadyGeneral(_ f: Finding, rule: CategoryRule) -> Bool {
        switch f.category {
        case .date: return Generalizer.dateAlreadyGeneral(Generalizer.words(f.text), form: rule.form ?? .year)
        case .age: return Generalizer.ageAlreadyGeneral(Generalizer.words(f.text))
        case .occupation: return Generalizer.occupationAlreadyGeneral(Generalizer.words(f.text))
        default: return false
        }
    }

    /// Vague times the date ladder writes under every form (lower-cased words joined by spaces).
    static let vagueDates: Set<String> = [
        "several years ago", "several months ago", "several weeks ago", "several days ago", "recently", "soon", "later",
        "earlier", "shortly after", "shortly before", "shortly after a holiday", "shortly before a holiday", "at the time",
        "many years ago", "years ago", "decades ago", "the coming decades", "the coming years", "the coming months",
        "the coming weeks", "the coming days", "this year", "this month", "this week", "last year", "next year",
        "at one point", "one day", "recent years", "recent months", "recent weeks", "recent days",
        "the past few years", "the past few months", "the past few weeks", "the past few days", "the last few years",
        "the last few months", "the last few weeks", "the last few days", "this century", "the last century",
        "an earlier century", "a holiday", "the holiday", "the morning", "the afternoon", "the evening", "the night",
        "midday", "every week", "for some time", "some time", "until later", "later", "by a later date", "a later date",
    ]
    static let seasonWords: Set<String> = ["spring", "summer", "autumn", "fall", "winter"]
    /// Words a date phrase may open with that say nothing of its precision.
    static let leadingDateWords: Set<String> = ["in", "on", "during", "around", "since", "until", "by", "from", "over", "about", "through"]

    /// `alreadyGeneral` for a date's lower-cased words under `form`: vague times always; under
    /// `month`, `year` and `season` also seasons, decades, centuries and a year alone; under
    /// `month` and `year` a month alone ("in November" is what `year` makes of "Nov. 10");
    /// under `month` a month and year.
    static func dateAlreadyGeneral(_ words: [String], form: GeneralizeForm) -> Bool {
        var w = words[...]
        if vagueDates.contains(w.joined(separator: " ")) { return true }
        while let first = w.first, leadingDateWords.contains(first) { w = w.dropFirst() }
        guard !w.isEmpty else { return false }
        if vagueDates.contains(w.joined(separator: " ")) { return true }
        guard form != .vague else { return false }
        if w.first == "the" { w = w.dropFirst() }
        guard let head = w.first else { return false }
        func isYear(_ s: String) -> Bool { s.utf8.count == 4 && Int(s).map { (1800...2199).contains($0) } == true }
        if w.count == 1 && seasonWords.contains(head) { return true }
        var decade = w
        if let part = decade.first, ["early", "mid", "late"].contains(part) { decade = decade.dropFirst() }
        if decade.count == 1, let d = decade.first, d.hasSuffix("s"), isYear(String(d.dropLast())) { return true }
        if decade.count == 2, decade.last == "century", let c = decade.first, c.count >= 3,
           c.dropLast(2).allSatisfy(\.isNumber), ["st", "nd", "rd", "th"].contains(String(c.suffix(2))) { return true }
        if w.count == 1 && isYear(head) { return true }
        if w.count == 1, months.contains(head) { return form == .month || form == .year }
        if w.count == 2, months.contains(head), isYear(w.last!) { return form == .month }
        return false
    }

    /// `alreadyGeneral` for an age: a decade or a band, as the age ladder writes them ("in her
    /// 40s", "in his teens", "a twentysomething", "teenage", "in middle age", "a certain age").
    static func ageAlreadyGeneral(_ words: [String]) -> Bool {
        for (i, w) in words.enumerated() {
            if w.hasSuffix("s"), let n = Int(w.dropLast()), n >= 10, n % 10 == 0 { return true }
            if ["teens", "youth", "teenage", "young", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                "eighties", "nineties"].contains(w) { return true }
            if w.hasSuffix("something"), decadeWords[String(w.dropLast(9))] != nil { return true }
            if w == "age", i > 0, ["middle", "old", "certain", "young"].contains(words[i - 1]) { return true }
        }
        return false
    }

    /// The broad classes the occupation ladder writes, singular and plural ("official",
    /// "health workers", "a person").
    static let occupationClassNouns: Set<String> = {
        var out: Set<String> = ["worker", "workers", "person", "people"]
        for (one, many) in occupationClasses.values { out.insert(one); out.insert(many) }
        return out
    }()

    /// `alreadyGeneral` for an occupation: its head is one of the ladder's classes ("One
    /// official", "a health worker"), which the ladder would only climb again.
    static func occupationAlreadyGeneral(_ words: [String]) -> Bool {
        guard let last = words.last else { return false }
        if words.count >= 2, occupationClassNouns.contains(words[words.count - 2] + " " + last) { return true }
        return occupationClassNouns.contains(last) && occupationClasses[singular(last)].map { $0.0 == singular(last) } ?? true
    }
}

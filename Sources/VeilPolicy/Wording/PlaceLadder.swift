import Foundation
import VeilModel

/// The place ladder: a neighborhood, city or province climbs to the nearest enclosing place the
/// policy lets the text name, worded for its slot (`Slots`).
extension Generalizer {
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
        if Slots.possessiveFollows(bytes, at: stop) { return nil }
        // The comma that closed "X, Y," goes too, unless a clause follows it ("..., where").
        if stop + 2 < bytes.count, bytes[stop] == UInt8(ascii: ","), bytes[stop + 1] == 0x20, bytes[stop + 2] >= 0x61, bytes[stop + 2] <= 0x7A,
           !Slots.clauseWords.contains(TextFit.word(bytes, at: stop + 2)) {
            return stop + 1
        }
        return stop
    }


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
               return !Slots.determiners.contains(w) && !Slots.placePrepositions.contains(w)
           }) ?? true {
            return Generalized(text: f.category == .province ? "regional" : "local", residual: 0.01, note: "kind only (qualifies a noun)")
        }
        // "the Lagos office" -> "the city office": a name qualifying a noun keeps only its kind.
        // After a determiner that is no article ("his Interlachen driveway") the bare noun: "his
        // city driveway", not "his a city driveway".
        if let prev = TextFit.previousWord(bytes, before: f.range.lowerBound), Slots.determiners.contains(prev.word.lowercased()),
           TextFit.modifiesNoun(bytes, after: f.range.upperBound), form != .name {
            return Generalized(text: TextFit.isArticle(prev.word) ? a(noun) : noun, residual: 0.01, note: "kind only (qualifies a noun)")
        }
        // "all of Huiryung's mass gatherings" -> "all of the city's mass gatherings": a possessive
        // takes a definite kind ("a city in North Korea's mass gatherings" is no English).
        if form != .name, Slots.possessiveFollows(bytes, at: f.range.upperBound) {
            let prev = TextFit.previousWord(bytes, before: f.range.lowerBound)?.word.lowercased() ?? ""
            return Generalized(text: Slots.determiners.contains(prev) ? noun : "the " + noun, residual: 0.01,
                               note: "kind only (a possessive)")
        }
        // "in western Ayadaw" -> "in the west of a township in Myanmar", "rural Ayadaw" -> "a rural
        // township in Myanmar": an adjective before the name cannot stand before an indefinite
        // phrase ("in western a township"), so it goes into the wording.
        if form != .name, let adjective = TextFit.previousWord(bytes, before: f.range.lowerBound) {
            let key = adjective.word.lowercased()
            let word = f.category == .province && noun == "region" && Generalizer.unitNoun(of: f.text) == nil && form != .noun ? "province" : noun
            let link = f.category == .province ? " of " : " in "
            let tail = form == .noun ? "" : parent.map { link + Generalizer.displayName($0) } ?? ""
            if let part = Slots.directionParts[key] {
                return Generalized(text: part + " " + a(word) + tail, start: adjective.start, end: tail.isEmpty ? nil : end,
                                   residual: tail.isEmpty ? 0.01 : residual, note: "part of a place (after an adjective)")
            }
            if Slots.placeAdjectives.contains(key) {
                return Generalized(text: a(key + " " + word) + tail, start: adjective.start, end: tail.isEmpty ? nil : end,
                                   residual: tail.isEmpty ? 0.01 : residual, note: "kind with its adjective")
            }
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
}

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let placeExamples: [WordingExample] = [

        WordingExample("Smugglers in [[Hyesan]] were caught.", "Smugglers in a city in North Korea were caught.", .city,
                       in: WordingExample.northKorea, slot: .afterPreposition),
        WordingExample("He said no. [[Hyesan]] was sealed.", "He said no. A city in North Korea was sealed.", .city,
                       in: WordingExample.northKorea, slot: .sentenceStart),
        WordingExample("Two [[Hyesan]] traders came.", "Two local traders came.", .city, in: WordingExample.northKorea, slot: .modifier),
        WordingExample("The [[Hyesan]] market closed.", "The city market closed.", .city, in: WordingExample.northKorea, slot: .modifier),
        WordingExample("He turned up on his [[Interlachen]] driveway.", "He turned up on his city driveway.", .city,
                       in: WordingExample.northKorea, slot: .modifier),
        WordingExample("It is where all of [[Huiryung]]'s mass gatherings are held.", "It is where all of the city's mass gatherings are held.",
                       .city, in: WordingExample.northKorea, slot: .possessive),
        WordingExample("They crossed the [[Tumen]] at night.", "They crossed a city in North Korea at night.", .city,
                       in: WordingExample.northKorea, slot: .afterDeterminer),
        WordingExample("He grew up in the [[Bronx]] and left.", "He grew up in a city in the United States and left.", .city,
                       in: WordingExample.country("United States")),
        WordingExample("She lives in [[Gaza]].", "She lives in a city in the Palestinian territories.", .city,
                       in: WordingExample.country("Palestinian Territory")),
        WordingExample("The summit was held in [[Geneva]], Switzerland, on Monday.", "The summit was held in a city in Switzerland on Monday.",
                       .city, in: WordingExample.country("Switzerland")),
        WordingExample("He was born in [[Lagos]], Nigeria, and left.", "He was born in a city in Nigeria, and left.", .city,
                       in: WordingExample.country("Nigeria")),
        WordingExample("Traders in North Korea's [[Hyesan]] crossed.", "Traders in a city in North Korea crossed.", .city,
                       in: WordingExample.northKorea),
        WordingExample("An epidemic hit [[Hyesan]], [[Musan]] and [[Hoeryong]], all near the border.",
                       "An epidemic hit three cities in North Korea, all near the border.", .city, in: WordingExample.northKorea, slot: .list),
        WordingExample("They hid in the border city of [[Changbai]] that night.", "They hid in the border city that night.", .city,
                       in: WordingExample.country("China")),
        WordingExample("Trucks took the [[Dhaka]]-Aricha highway.", "Trucks took the city highway.", .city,
                       in: WordingExample.country("Bangladesh")),
        WordingExample("**[[DHAKA]]** - She left.", "**A city in Bangladesh** - She left.", .city,
                       in: WordingExample.country("Bangladesh"), slot: .dateline),
        WordingExample("Floods hit [[Hyesan]]\n\nThe river rose.", "Floods hit a city in North Korea\n\nThe river rose.", .city,
                       in: WordingExample.northKorea, slot: .headline),
        WordingExample("Photo: [[Hyesan]] at night.", "Photo: A city in North Korea at night.", .city,
                       in: WordingExample.northKorea, slot: .caption),
        WordingExample("Most of them said [[Hyesan]] was calm.", "Most of them said a city in North Korea was calm.", .city,
                       in: WordingExample.northKorea, slot: .head),
        WordingExample("Residents of [[Ryanggang Province]] were told.", "Residents of North Korea were told.", .province,
                       in: WordingExample.country("North Korea")),
        WordingExample("They crossed the [[Yalu River|city|place.kind=river]] at night.", "They crossed a river at night.", .city),
        WordingExample("Troops moved into western [[Hyesan]] at dawn.", "Troops moved into the west of a city in North Korea at dawn.", .city,
                       in: WordingExample.northKorea, slot: .afterAdjective),
        WordingExample("Central [[Ayadaw]] was flooded.", "The center of a city in Myanmar was flooded.", .city,
                       in: WordingExample.country("Myanmar")),
        WordingExample("They farm in rural [[Ayadaw|city|place.kind=township]].", "They farm in a rural township in Myanmar.", .city,
                       in: WordingExample.country("Myanmar")),
        WordingExample("Troops moved into western [[Hyesan]] at dawn.", "Troops moved into western North Korea at dawn.", .city,
                       policy: "strict", in: WordingExample.northKorea),
        WordingExample("She moved to [[Onsong]] last year.", "She moved to a city last year.", .city),
        WordingExample("A woman living in [[Hyesan]] was arrested.", "A woman living in North Korea was arrested.", .city,
                       policy: "strict", in: WordingExample.northKorea),
    ]
}

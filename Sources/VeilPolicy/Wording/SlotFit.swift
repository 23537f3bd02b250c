import Foundation
import VeilModel

/// Fits a replacement to the slot it stands in (`Slots.analyze`). Every replacement goes
/// through it: the engine's own (after its ladder worded it) and every copy the redaction
/// pipeline propagates to another occurrence of a removed original, whose slot the first
/// wording was not made for ("the a city", "its a city offices", "Hyesan's" -> "a city in
/// North Korea's").
public enum SlotFitter {
    /// A fitted replacement: the span it now replaces (it may take in an article or an
    /// adjective before the original) and its text.
    public struct Fitted: Sendable, Equatable {
        public var range: Range<Int>
        public var text: String
        public init(range: Range<Int>, text: String) {
            self.range = range
            self.text = text
        }
    }

    /// `text`, the replacement of a `category` finding over `range` (`original` is the
    /// finding's text), fitted to its slot in `bytes`. Words before `floor` (the end of the
    /// previous replacement) are never taken in.
    ///
    /// An indefinite place, facility or organization wording ("a city in North Korea") becomes
    /// its kind where the slot needs a bare or definite noun: as a possessive "the city's", as a
    /// modifier after a determiner "the city office", as a modifier without one "local" ("regional"
    /// for a province); after a place adjective the adjective goes into it ("the west of a city
    /// in North Korea", "a rural city in ..."). Then, as for every replacement: a "the" before a
    /// capitalized place name goes with the name; an article before the replacement agrees with
    /// it and is not doubled; the sentence's first word is capitalized.
    public static func fit(_ text: String, category: Category, original: String, range: Range<Int>,
                           in bytes: [UInt8], floor: Int = 0) -> Fitted {
        var text = text
        var start = range.lowerBound
        var placeholderLike = text.hasPrefix("[")
        var reshaped = false
        if placeholderLike, let prose = proseWording(text, range: range, in: bytes) {
            // A placeholder that would stand in prose as a word ("the [facility] border", "some
            // [source] who ran") takes its category's plain wording for the slot.
            text = prose
            placeholderLike = false
            reshaped = true
        }
        if !placeholderLike, category.isPlace || category == .facility || category == .organization,
           let (kind, rest) = indefinite(text) {
            let ctx = Slots.analyze(bytes, range, lines: false)
            if let of = ctx.previousStart, ctx.preposition == "of", of >= floor,
               let noun = TextFit.previousWord(bytes, before: of), placeNouns.contains(noun.word.lowercased()),
               let the = TextFit.previousWord(bytes, before: noun.start), the.word.lowercased() == "the", the.start >= floor {
                // "the municipality of Manjuyod" -> "a municipality in the Philippines", not "the
                // municipality of a city": the name's own noun is the kind, and the article goes
                // indefinite as the name that made it definite has gone.
                start = the.start
                text = TextFit.indefiniteArticle(for: Substring(noun.word)) + " " + noun.word + rest
                if the.word.first?.isUppercase == true { text = TextFit.capitalized(text) }
                reshaped = true
            } else if Slots.possessiveBefore(bytes, range.lowerBound) {
                // "Selangor's Petaling district" -> "Selangor's district", not "Selangor's a district
                // in Malaysia": an owner before it is its determiner.
                text = kind
                reshaped = true
            } else if ctx.possessive {
                text = ctx.determiner != nil ? kind : "the " + kind
                reshaped = true
            } else if ctx.modifier && ctx.preposition == nil {
                if ctx.determiner != nil { text = kind }
                else if category.isPlace { text = category == .province ? "regional" : "local" }
                else { text = kind }
                reshaped = true
            } else if let adjective = ctx.adjective, let at = ctx.previousStart, at >= floor, let word = ctx.previous {
                start = at
                var capital = word.first?.isUppercase == true
                if Slots.directionParts[adjective] != nil, let the = TextFit.previousWord(bytes, before: at), the.start >= floor,
                   the.word.lowercased() == "the" {
                    // "in the North Sinai peninsula" -> "in the north of a peninsula in Egypt", not
                    // "in the The north of ...": the article goes with the direction it opened.
                    start = the.start
                    capital = the.word.first?.isUppercase == true
                }
                if let part = Slots.directionParts[adjective] { text = part + " " + text }
                else { text = TextFit.indefiniteArticle(for: Substring(adjective)) + " " + adjective + " " + kind + rest }
                if capital { text = TextFit.capitalized(text) }
                reshaped = true
            } else if let determiner = ctx.determiner, !TextFit.isArticle(determiner) {
                // "its Hyesan" -> "its city in North Korea", not "its a city".
                text = kind + rest
                reshaped = true
            }
        }
        if !placeholderLike, !reshaped, let prev = TextFit.previousWord(bytes, before: start), prev.start >= floor, TextFit.isArticle(prev.word),
           prev.word.lowercased() == "the", Resolver.placeCategories.contains(category),
           original.first?.isUppercase == true, !TextFit.modifiesNoun(bytes, after: range.upperBound) {
            // "the Bronx", "the Donbas region": the article belongs to the name, and goes with it
            // ("a city in the United States", "Ukraine"), unless the name qualifies a noun after it.
            start = prev.start
            if prev.word.first!.isUppercase { text = TextFit.capitalized(text) }
        } else if !placeholderLike, let prev = TextFit.previousWord(bytes, before: start), prev.start >= floor, TextFit.isArticle(prev.word) {
            let words = text.split(separator: " ", maxSplits: 1)
            if words.count == 2, words[0] == "a" || words[0] == "an" || words[0] == "the" && prev.word.lowercased() == "the" {
                // ("the Texas Commission" -> "the United States Commission", not "the the ...")
                text = String(words[1])
            }
            let wanted = TextFit.indefiniteArticle(for: text.split(separator: " ").first ?? "")
            let had = prev.word.lowercased()
            if had != "the" && had != wanted {
                let article = prev.word.first!.isUppercase ? TextFit.capitalized(wanted) : wanted
                start = prev.start
                text = article + " " + text
            }
        }
        if TextFit.isSentenceStart(bytes, at: start) { text = TextFit.capitalized(text) }
        return Fitted(range: start..<range.upperBound, text: text)
    }

    /// The plain wording of a placeholder in a slot where a bracketed label would read as a word:
    /// a place, facility or organization label qualifying a noun ("the [facility] border",
    /// "Our [city] chief") is "local"; a source label after a quantifier or before "who"/"of"
    /// ("some [source] who ran", "targets [source] of the government") is "people". Elsewhere
    /// (a name's own slot) the label stays.
    static func proseWording(_ text: String, range: Range<Int>, in bytes: [UInt8]) -> String? {
        let ctx = Slots.analyze(bytes, range, lines: false)
        switch text {
        case "[facility]", "[organization]", "[city]", "[province]", "[neighborhood]":
            // The noun it qualifies is a common noun (lower case), not the rest of a name
            // ("[facility] Relief"), and no owner stands before it ("Ryanggang's [facility] offices").
            var k = range.upperBound
            while k < bytes.count && bytes[k] == 0x20 { k += 1 }
            guard ctx.modifier, !ctx.possessive, k < bytes.count, bytes[k] >= 0x61 && bytes[k] <= 0x7A,
                  !Slots.possessiveBefore(bytes, range.lowerBound), ctx.previous != nil,
                  TextFit.previousWord(bytes, before: range.lowerBound).map({ Slots.possessiveBefore(bytes, $0.start) }) != true
            else { return nil }
            return "local"
        case "[source]":
            let quantifiers: Set<String> = ["some", "many", "several", "few", "most", "targets", "target", "targeted", "other", "all"]
            guard let prev = ctx.previous?.lowercased(), quantifiers.contains(prev) else { return nil }
            return "people"
        default:
            return nil
        }
    }

    /// Nouns that name a place's kind before "of" and its name ("the town of Hollin").
    static let placeNouns: Set<String> = ["municipality", "town", "city", "village", "district", "province", "region",
                                          "state", "county", "township", "commune", "parish", "suburb", "neighborhood",
                                          "neighbourhood", "island", "governorate", "prefecture"]

    /// Whether `text` is a place wording already fitted to one slot that another slot cannot
    /// take: a modifier ("local", "regional", "city") or a possessive's noun ("the city").
    public static func isSlotBound(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        // (A sentence's first word is capitalized: "Local", "The city".)
        if words.count == 1, let w = words.first, w.dropFirst().allSatisfy(\.isLowercase), w.first?.isLetter == true { return true }
        return words.count == 2 && words[0].lowercased() == "the" && words[1].first?.isLowercase == true
    }

    /// "a city in North Korea" -> ("city", " in North Korea"); nil unless `text` opens with "a"
    /// or "an" (either case) and a lower-case noun.
    static func indefinite(_ text: String) -> (kind: String, rest: String)? {
        var text = text
        return text.withUTF8 { b -> (String, String)? in
            var i = 0
            if b.count > 2, b[0] | 0x20 == 0x61, b[1] == 0x20 { i = 2 }
            else if b.count > 3, b[0] | 0x20 == 0x61, b[1] == 0x6E, b[2] == 0x20 { i = 3 }
            else { return nil }
            guard b[i] >= 0x61 && b[i] <= 0x7A else { return nil }
            var j = i
            while j < b.count && b[j] != 0x20 { j += 1 }
            return (String(decoding: UnsafeBufferPointer(rebasing: b[i..<j]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: b[j...]), as: UTF8.self))
        }
    }

    /// Before/after examples of the fitter, one per slot it reshapes: `before` marks the span
    /// `[[...]]` that the city wording "a city in North Korea" (written for another occurrence)
    /// replaces (run by `SlotFitterTests`).
    static let examples: [(before: String, after: String, slot: Slot)] = [
        ("They fled [[Hyesan]]'s markets.", "They fled the city's markets.", .possessive),
        ("They fled the [[Tumen]]'s banks.", "They fled the city's banks.", .possessive),
        ("Its [[Hyesan]] offices closed.", "Its city offices closed.", .modifier),
        ("Two [[Hyesan]] traders came.", "Two local traders came.", .modifier),
        ("[[Hyesan]] police said so.", "Local police said so.", .modifier),
        ("They fled Ryanggang's [[Hyesan]] at night.", "They fled Ryanggang's city at night.", .head),
        ("An [[Ulsan]] market opened.", "A city market opened.", .modifier),
        ("Troops entered western [[Hyesan]].", "Troops entered the west of a city in North Korea.", .afterAdjective),
        ("Troops entered the Western [[Hyesan]] at night.", "Troops entered the west of a city in North Korea at night.", .afterAdjective),
        ("They farm rural [[Hyesan]].", "They farm a rural city in North Korea.", .afterAdjective),
        ("They crossed the [[Tumen]] at night.", "They crossed a city in North Korea at night.", .afterDeterminer),
        ("They left its [[Hyesan]] for good.", "They left its city in North Korea for good.", .afterDeterminer),
        ("Four came from the municipality of [[Hyesan]].", "Four came from a municipality in North Korea.", .afterPreposition),
        ("The town of [[Hyesan]] was sealed.", "A town in North Korea was sealed.", .afterPreposition),
        ("Smugglers in [[Hyesan]] were caught.", "Smugglers in a city in North Korea were caught.", .afterPreposition),
        ("He said no. [[Hyesan]] was sealed.", "He said no. A city in North Korea was sealed.", .sentenceStart),
        ("Most said [[Hyesan]] was calm.", "Most said a city in North Korea was calm.", .head),
    ]
}

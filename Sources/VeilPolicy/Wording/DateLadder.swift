import Foundation
import VeilModel

/// The date and time ladder: a date goes up to the policy's `form` (month, year, season, vague),
/// a clock time to its part of the day, a relative time loses its count.
extension Generalizer {
    // MARK: Dates

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]
    /// `months` through Foundation's `capitalized`, once.
    static let capitalizedMonths = months.map(\.capitalized)
    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "sept"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// Prepositions a vague time cannot follow -> the wording that takes them in.
    static let boundVague: [String: String] = ["since": "for some time", "from": "for some time", "until": "until later",
                                               "till": "until later", "by": "by a later date"]
    /// Words the replacement takes over ("on Nov. 10" -> "in November").
    static let absorbed: Set<String> = ["on", "in", "at", "during"]


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
        if !adverbial, let prev, Slots.determiners.contains(lower), prev.word.count > 0 {
            // Used as a modifier ("the January press conference"): "the winter press conference".
            let bare = phrase.hasPrefix("the ") ? String(phrase.dropFirst(4)) : phrase
            return Generalized(text: bare, residual: residual, note: note)
        }
        if adverbial || Slots.prepositions.contains(lower) {
            return Generalized(text: phrase, residual: residual, note: note)
        }
        return Generalized(text: "in " + phrase, residual: residual, note: note)
    }

    /// Whether the clause before `start` speaks of the future ("will meet on Friday", "is due
    /// to rule on Monday", "next Tuesday"): reads back at most 80 bytes, to the clause's start.
    func weekdayFuture(before start: Int) -> Bool {
        var i = start
        var words: [String] = []
        while i > 0 && start - i < 80 && words.count < 10 {
            guard let w = TextFit.previousWord(bytes, before: i) else { break }
            // Stop at a sentence or clause end.
            let gap = bytes[(w.start + w.word.utf8.count)..<i]
            if gap.contains(UInt8(ascii: ".")) || gap.contains(UInt8(ascii: ";")) || gap.contains(0x0A) { break }
            words.append(w.word.lowercased())
            i = w.start
        }
        let future: Set<String> = ["will", "shall", "next", "due", "expected", "scheduled", "plans", "planned", "intends", "ll", "coming"]
        return words.contains(where: { future.contains($0) })
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
            // "Earlier on Tuesday, ..." -> "Earlier, ...": "earlier", "later" and "also" carry the
            // sentence alone; "earlier one day" would say less and read worse.
            if let on = TextFit.previousWord(bytes, before: f.range.lowerBound), on.word.lowercased() == "on",
               let lead = TextFit.previousWord(bytes, before: on.start), ["earlier", "later", "also"].contains(lead.word.lowercased()) {
                return Generalized(text: lead.word, start: lead.start, residual: 0.02, note: "no weekday")
            }
            // A weekday in a report is a day of the week it was written in: "said on Tuesday" ->
            // "said recently" (or "soon" where the sentence speaks of what will happen), not
            // "said one day", which reads as a fable's opening.
            return fitDate(weekdayFuture(before: f.range.lowerBound) ? "soon" : "recently", adverbial: true, f: f,
                           residual: 0.02, note: "no weekday")
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

}

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let dateExamples: [WordingExample] = [

        WordingExample("[[On Nov. 10|date|date.kind=absolute;date.month=November]] she was arrested.", "In November she was arrested.", .date,
                       slot: .sentenceStart),
        WordingExample("The trial is set for [[Sept. 14|date|date.kind=absolute;date.month=September]].", "The trial is set for September.",
                       .date, slot: .afterPreposition),
        WordingExample("At their [[Jan. 5|date|date.kind=absolute;date.month=January]] press conference, cases rose.",
                       "At their January press conference, cases rose.", .date, slot: .modifier),
        WordingExample("At their [[Jan. 5|date|date.kind=absolute;date.month=January]] press conference, cases rose.",
                       "At their winter press conference, cases rose.", .date, policy: "strict"),
        WordingExample("The war began on [[June 25, 1950|date|date.kind=absolute;date.month=June;date.year=1950]].", "The war began in 1950.", .date),
        WordingExample("The war began in [[1950|date|date.kind=year;date.year=1950]].", "The war began in 1950.", .date),
        WordingExample("The program ran from [[1995 to 2004|date|date.kind=year;date.year=1995]].",
                       "The program ran from the mid-1990s to the mid-2000s.", .date),
        WordingExample("Camps grew in [[the 1930s|date|date.kind=decade;date.year=1930]].", "Camps grew in the 1930s.", .date),
        WordingExample("Agents came at [[3:30 PM]] on [[Thursday]], [[two days after]] the raid.",
                       "Agents came in the afternoon recently, shortly after the raid.", .date),
        WordingExample("Police said on [[Tuesday]] that two men were held.", "Police said recently that two men were held.", .date),
        WordingExample("[[On Monday|date|date.kind=weekday]], riot police made arrests.", "Recently, riot police made arrests.", .date,
                       slot: .sentenceStart),
        WordingExample("The court will rule on [[Friday]].", "The court will rule soon.", .date),
        WordingExample("Earlier on [[Tuesday]], the director spoke.", "Earlier, the director spoke.", .date),
        WordingExample("He was freed [[three days later]], [[a week before]] the trial.", "He was freed later, shortly before the trial.", .date),
        WordingExample("[[Two decades ago|date|date.kind=relative;date.unit=decade;date.direction=past]] the town was empty.",
                       "Many years ago the town was empty.", .date, slot: .sentenceStart),
        WordingExample("Results are due by [[the end of the year|date|date.kind=relative;date.unit=year;date.direction=present]].",
                       "Results are due by this year.", .date),
        WordingExample("They left at [[noon|date|date.kind=time]].", "They left around midday.", .date),
        WordingExample("The group met every [[Sunday|date|date.kind=weekday]].", "The group met every week.", .date),
        WordingExample("A car met me at [[3 a.m.|date|date.kind=time]] on a [[Sunday|date|date.kind=weekday]].",
                       "A car met me in the night one day.", .date),
        WordingExample("During [[Eid|date|date.kind=holiday]] celebrations they ate.", "During holiday celebrations they ate.", .date),
        WordingExample("He died [[two days before Christmas|date|date.unit=day;date.direction=past]].", "He died shortly before a holiday.", .date),
        WordingExample("She stayed for [[the last five months of her life|date|date.unit=month;date.direction=past]].",
                       "She stayed for the last few months of her life.", .date),
        WordingExample("Schools were hit between [[July 3|date|date.kind=absolute;date.month=July]] and [[August 9|date|date.kind=absolute;date.month=August]].",
                       "Schools were hit in the summer.", .date, policy: "strict"),
        WordingExample("Since [[Thursday]], she said, it is safer.", "For some time, she said, it is safer.", .date),
        WordingExample("They stayed until [[Friday]].", "They stayed until later.", .date),
        WordingExample("It was quiet [[in March|date|date.kind=absolute;date.month=March]].", "It was quiet in March.", .date),
    ]
}

import VeilModel

/// Dates and times: absolute dates in the common English forms, years, decades, weekdays, clock
/// times and specific relative expressions ("four years ago", "last month", "the next day").
/// Vague time words ("recently", "these days", "long ago", "for years") and durations ("for a
/// month", "five years of labor") are not dates. Fills `FindingAttribute.dateKind`, `year`,
/// `month`, `relativeUnit` and `relativeDirection` so that policy can generalize.
struct DateRecognizer: Recognizer {
    let id = "date.pattern"
    let summary = "Dates, years, weekdays, clock times and specific relative time expressions"

    let matchingExamples = [
        "The city was sealed off from [[6 PM yesterday]].",
        "The order came at [[3:30 p.m. today]].",
        "He came back on [[Feb. 1]] and was caught on [[Feb. 2]].",
        "The photo was taken in [[August 2013]].",
        "She was born on [[July 20, 2019]] in the city.",
        "She was born on [[20 July 2019]].",
        "The file is dated [[2019-07-20]] and [[7/20/2019]].",
        "Prices rose in [[mid-June]] and fell in [[late July]].",
        "He was arrested in [[early October]] on suspicion of spying.",
        "She fled North Korea in [[2009]].",
        "People fled across the border in [[the 1990s]] and in [[the mid 90s]].",
        "Sources told Daily NK [[on Thursday]] that [[last Tuesday]] was calm.",
        "She made the call [[four years ago]].",
        "He was released [[two days after]] the raid, and [[a week later]] he left.",
        "Prices rose [[last month]] and [[early last month]].",
        "It happened [[the previous week]] and again [[earlier this month]].",
        "They were let go [[the next day]]; [[Later that day]] the troops left.",
        "The DailyNK was told on [[Friday, January 28]], that seven soldiers were shot.",
        "He told Daily NK on [[the 15th]] that the group had fled.",
        "Rates had crept up since [[the start of the new year]].",
        "She crossed in [[the beginning of January this year]].",
        "He posted videos from [[2018-2020]].",
        "Protests were held between [[May 6 and 10]] in the capital.",
        "They left on [[July 14th]] and were arrested in [[last December]].",
        "Villagers protested over [[the weekend]] and again [[on Sunday]].",
        "He was picked up at about [[9 a.m.]] at a market.",
        "The walls are to be built in [[September]].",
        "In a [[2003]] interview he said the [[2007]] election was rigged.",
        "They came at [[10 o’clock]] and left at [[11 o'clock]].",
        "The camps grew in [[the 1930’s]] and again in [[the 1950's]].",
        "The storm hit in [[the summer of 2012]] and again in [[winter 2014]].",
        "The crash occurred at [[7:45 this morning]], and the fire at [[midnight]].",
        "It was signed on [[the 3rd of March, 1999]], [[the day before yesterday]].",
        "The law passed in [[2014-15]], and sales fell in [[Q3 2021]] and [[the first quarter of 2022]].",
        "He was detained on [[the night of June 4]] and born in [[the year 2000]].",
        "The plant closed in [[the spring]], reopened in [[late summer]] and shut [[that winter]].",
        "The ban was lifted on [[Christmas Day]]; he returned during [[Ramadan]] and before [[Lunar New Year]].",
        "She was last seen on [[New Year's Eve]], and on [[Independence Day]] he fled.",
        "It rained [[that night]]; sales fell in [[the first half of the year]] and in [[late 2019]].",
        "The vote is [[two weeks from now]], and the strike began on [[May Day]].",
        "The shop opens at [[5 am]].",
        "Logged at [[2019-07-20T14:30:00+09:00]], [[2024-03-15T14:30Z]] and [[2024-06-05T09:15:30.500-07:00]].",
        "Dated [[20/07/2019]], [[07.20.2019]], [[2019/June/3]], [[2019/07/20]] and [[5-20-2021]].",
        "Held from [[5-May-2021]] to [[21-May]], then [[May-2021]] and [[May-21]]; paid in [[5/2021]].",
        "The blast came at [[6.45pm]], the raid at [[4 in the morning]] on [[21st March]].",
        "The church was built in [[the 19th century]] and rebuilt in [[the early 20th century]], [[the twenty-first century]].",
        "Towns grew in [[the mid-19th century]] and in [[the 1800s]]; [[the nineteenth century]] was hard.",
        "Prices rose over [[the last couple of weeks]]; [[a couple of days ago]] they fell.",
        "It happened in [[the early hours of Sunday]], [[this past Monday]] and over [[the Easter weekend]].",
        "[[Half a century ago]] the town grew; [[a year and a half ago]] and [[two and a half years ago]] it shrank.",
        "They landed at [[10:30 local time]]; the band played in [[the 1970s]] and [['80s]].",
        "She cared for him in [[the last five months of his life]] and [[the past two years of her career]].",
        "\"[[[Ten] years ago]] we had nothing,\" he said. [[The night before]], he fled; [[the day after]] the raid she left.",
        "The crane fell [[ten days before]] [[the beginning of the Hajj]]; pilgrims gathered on [[the day of Hajj]].",
        "It is [[Black History Month]], [[World AIDS Day]] and [[Mother's Day]]; he left on [[Good Friday]] and [[Yom Kippur]].",
        "They met on [[St. Patrick's Day]], [[Patriots' Day]] and during [[Holy Week]], before [[the Lunar New Year holiday]].",
    ]
    let nonMatchingExamples = [
        "People are getting arrested for calls made recently, and some made long ago.",
        "These days, people caught helping defectors pay bribes.",
        "The lockdown will last for a month, and he served five years of labor.",
        "He has worked there for years, and in recent years prices rose.",
        "About 8,000 people from nine villages fled; 2000 soldiers stayed.",
        "She may leave soon, and they march on the capital.",
        "They blogged for six years and got 11 years in prison.",
        "I worked at the port for six years before that.",
        "A soldier from battalion No. 6005 disappeared.",
        "The 2000 people and 1500 troops and 3000 more waited.",
        "Prices fall in the market, and the spring water is clean.",
        "Christmas Island and the Easter Island statues are far away.",
        "The morning paper and the night shift; a day of rest.",
        "Version 1.2.3 shipped; the score was 3-1, a ratio of 3:2, and 1/2 of the 24/7 staff.",
        "It costs 6.45 dollars and 4.99 in the shop.",
        "He said that day laborers were paid, and that year-end bonuses fell.",
        "Doris Day sang, and he was named Employee of the Month.",
        "The Hajj stampede killed hundreds; pilgrims arrive each year for the Hajj.",
        "He met the couple of the year, and a century of history.",
    ]

    func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let c = PatternCursor(text)
        var i = 0
        var lastEnd = -1
        let trigger: PatternLexicon.Flags = [.month, .monthAbbrev, .weekday, .weekdayAbbrev, .deictic, .partNoun,
                                             .qualifier, .part, .number, .season, .dateLead, .daypart, .ordinal]
        let holidayHeads = DateRecognizer.holidayHeads
        while i < c.count {
            let kind = c.tokens[i].kind
            let f = c.flags(i)
            let candidate = kind == .number || !f.isDisjoint(with: trigger)
                || (kind == .word && f.isEmpty && c.length(i) > 4 && DateRecognizer.mayBePeriodWord(c, i))
                || (kind == .word && c.isCapitalized(i) && holidayHeads.contains(c.text.keys[i]))
            if candidate, var m = match(c, at: i, after: lastEnd) {
                m.reasons.insert(String(joining: ["date pattern: ", m.attributes[FindingAttribute.dateKind] ?? "date"]), at: 0)
                findings.append(m.finding(in: text))
                lastEnd = c.lastToken(endingBy: m.range.upperBound)
                i = max(i + 1, lastEnd + 1)
            } else {
                i += 1
            }
        }
    }

    // MARK: - Matching

    /// The longest date expression around token `i` that starts after token `floor`.
    func match(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        let f = c.flags(i)
        if c.tokens[i].kind == .number {
            if let m = NumericDateForms.fromDigits(c.bytes, at: c.tokens[i].range.lowerBound) { return form(c, m, at: i) }
            if let m = numeric(c, at: i, after: floor) { return m }
            return nil
        }
        if f.contains(.month) || f.contains(.monthAbbrev), c.touches(i), c.isDash(i + 1),
           let m = NumericDateForms.fromMonth(c.bytes, at: c.tokens[i].range.lowerBound) {
            return form(c, m, at: i)
        }
        if DateRecognizer.holidayHeads.contains(c.text.keys[i]), let m = holiday(c, at: i, after: floor) { return m }
        if f.contains(.month) || f.contains(.monthAbbrev) {
            if let m = monthExpression(c, at: i, after: floor) { return m }
        }
        if f.contains(.daypart) {
            // "at midnight", "by noon": a clock time in words.
            guard c.isAny(i, HoistedWords.w_noon_midnight), i - 1 > floor,
                  c.isAny(i - 1, HoistedWords.w_at_by_until_till_before_after_around_past_1) else { return nil }
            return withDay(c, make(c, i, i, kind: "time", score: 0.75, "'\(c.text(i, i))' after '\(c.text(i - 1, i - 1))'"))
        }
        if f.contains(.weekday) || f.contains(.weekdayAbbrev), c.isCapitalized(i) {
            return weekday(c, at: i, after: floor)
        }
        if f.contains(.deictic) {
            var end = i
            if c.has(i + 1, .daypart) && !c.touches(i) { end = i + 1 }
            var start = i
            if start - 1 > floor && (c.isWord(start - 1, "earlier") || c.isWord(start - 1, "later")) { start -= 1 }
            // "the day before yesterday", "the day after tomorrow"
            if start - 3 > floor, c.isWord(start - 1, "before") || c.isWord(start - 1, "after"), c.isWord(start - 2, "day"),
               c.isWord(start - 3, "the") { start -= 3 }
            let e = c.entry(i)!
            var s = make(c, start, end, kind: "relative", score: 0.85, String(joining: ["deictic word '", e.word, "'"]))
            s.attributes[FindingAttribute.relativeUnit] = "day"
            s.attributes[FindingAttribute.relativeDirection] = e.name
            return s
        }
        if let m = midPrefixed(c, at: i, after: floor) { return m }
        if f.contains(.ordinal), c.isWord(i + 1, "century"), let e = c.entry(i), e.number <= 21,
           let m = century(c, first: i, value: e.number, ordinalEnd: i, after: floor) {
            // "the nineteenth century", "the twenty-first century"
            return m
        }
        // "the first half of the year", "the second quarter of last year"
        if f.contains(.ordinal) || c.isAny(i, HoistedWords.w_final_last), c.isAny(i + 1, HoistedWords.w_half_quarter), c.isWord(i + 2, "of") {
            let start = i - 1 > floor && c.isWord(i - 1, "the") ? i - 1 : i
            var j = i + 3
            if c.isWord(j, "the") || c.isAny(j, HoistedWords.w_this_last_next) { j += 1 }
            if c.isWord(j, "year") {
                var s = make(c, start, j, kind: "relative", score: 0.75, "\(c.text(i + 1, i + 1)) of the year")
                s.attributes[FindingAttribute.relativeUnit] = "year"
                s.attributes[FindingAttribute.relativeDirection] = c.isWord(i + 3, "last") ? "past" : c.isWord(i + 3, "next") ? "future" : "present"
                return s
            }
        }
        if f.contains(.partNoun) && c.isWord(i + 1, "of") {
            // "the beginning of January", "the end of last year", "the start of the new year"
            let start = (i - 1 > floor && c.isWord(i - 1, "the")) ? i - 1 : i
            if let inner = match(c, at: i + 2, after: i + 1) {
                var m = inner
                m.range = c.tokens[start].range.lowerBound..<inner.range.upperBound
                m.reasons.append("period of a date ('\(c.entry(i)!.word) of')")
                m.attributes[FindingAttribute.dateKind] = m.attributes[FindingAttribute.dateKind] == "year" ? "part" : m.attributes[FindingAttribute.dateKind]
                return m
            }
            var j = i + 2
            if c.isWord(j, "the") { j += 1 }
            if c.isAny(j, HoistedWords.w_new_same_current_following_previous_next_last) { j += 1 }
            if let u = c.entry(j), u.flags.contains(.unit), u.unit != "day" || c.isWord(j, "day"),
               !c.isAny(j, HoistedWords.w_years_months_weeks_days_decades) {
                var s = make(c, start, j, kind: "relative", score: 0.75, "period of the \(u.unit)")
                s.attributes[FindingAttribute.relativeUnit] = u.unit
                s.attributes[FindingAttribute.relativeDirection] = "present"
                return s
            }
            return nil
        }
        if f.contains(.qualifier) || f.contains(.part) || f.contains(.dateLead) {
            return qualified(c, at: i, after: floor)
        }
        if f.contains(.number) {
            return relativeCount(c, at: i, after: floor)
        }
        // "summer 2012", "the summer of 2012"
        if f.contains(.season) && c.isCapitalized(i) == false,
           let (y, end) = year(c, i + 1).map({ ($0, i + 1) }) ?? (c.isWord(i + 1, "of") ? year(c, i + 2).map { ($0, i + 2) } : nil) {
            let start = i - 1 > floor && c.isWord(i - 1, "the") ? i - 1 : i
            var s = make(c, start, end, kind: "part", score: 0.8, "season and year")
            s.attributes[FindingAttribute.year] = String(y)
            return s
        }
        // "in the spring", "in late summer", "during the winter", "that autumn"
        if f.contains(.season) && !c.isCapitalized(i) {
            var start = i
            if start - 1 > floor, c.has(start - 1, .part), c.touches(start - 1) == false || c.isDash(start) == false { start -= 1 }
            if start - 1 > floor, c.isWord(start - 1, "the") { start -= 1 }
            if start - 1 > floor, start < i, c.isWord(start - 1, "that") { start -= 1 }
            else if c.isWord(i - 1, "that") && i - 1 > floor { start = i - 1 }
            let ledByThat = c.isWord(start, "that")
            guard ledByThat || (start - 1 >= 0 && c.isAny(start - 1, DateRecognizer.seasonPrepositions) && (start < i || c.isWord(i, "fall") == false)) else { return nil }
            // "the spring water", "summer camp": a season used as a noun modifier is not a time.
            if c.kind(i + 1) == .word && c.isLower(i + 1) && !c.has(i + 1, [.datePrep, .determiner, .sourceVerb])
                && !c.isAny(i + 1, HoistedWords.w_and_or_when_as_was_were_is_had_has_the_a_h7) {
                return nil
            }
            return make(c, start, i, kind: "season", score: 0.65, "season '\(c.text(i, i))'" + (ledByThat ? " after 'that'" : " after '\(c.text(start - 1, start - 1))'"))
        }
        return nil
    }

    static let thatFollowers = WordSet(["and", "or", "but", "when", "as", "was", "were", "is", "had", "has", "the", "a", "he",
                                        "she", "they", "it", "we", "i", "before", "after", "in", "on", "at", "to", "from",
                                        "with", "for", "by", "there", "alone", "too", "itself"])

    static let possessives = WordSet(["his", "her", "their", "its", "my", "our", "your"])

    /// Periods of a person's life or office that a span of time can belong to.
    static let lifeSpans = WordSet(["life", "lives", "career", "tenure", "term", "presidency", "reign", "rule", "marriage",
                                    "childhood", "detention", "imprisonment", "captivity", "sentence", "stay", "exile",
                                    "administration", "premiership", "mandate"])

    static let seasonPrepositions = WordSet(["in", "during", "by", "until", "till", "since", "over", "through", "throughout", "before", "after", "from", "until", "around"])

    /// First words of named holidays: each names a day or a short period of a year.
    static let holidayHeads = KeySet(["christmas", "easter", "ramadan", "thanksgiving", "halloween", "hanukkah", "passover",
                                      "diwali", "nowruz", "chuseok", "eid", "new", "lunar", "chinese", "independence",
                                      "election", "labor", "labour", "memorial", "victory", "liberation", "national",
                                      "armistice", "remembrance", "veterans", "valentine's", "day", "tet", "songkran", "may",
                                      "hajj", "yom", "rosh", "purim", "vesak", "good", "mardi", "hogmanay", "week", "month"].map { Lexicon.key($0) })

    /// Two-word holidays whose first word means nothing alone: first word -> second.
    static let twoWordHolidays: [UInt64: UInt64] = Dictionary(uniqueKeysWithValues: [
        ("yom", "kippur"), ("rosh", "hashanah"), ("good", "friday"), ("mardi", "gras")].map { (Lexicon.key($0.0), Lexicon.key($0.1)) })

    /// Nouns naming a part of a holiday: "the day of Hajj", "the eve of Ramadan", "the first
    /// day of Eid", "the beginning of the Hajj".
    static let holidayParts = WordSet(["day", "days", "eve", "night", "morning", "evening", "week", "weeks", "beginning", "start",
                                       "end", "middle", "run-up", "height", "eve"])

    /// First words of observances named "X Day" with one word before "Day" (a longer name
    /// or a possessive is enough: "World AIDS Day", "Mother's Day").
    static let observanceLeads = KeySet(["world", "international", "national", "earth", "boxing", "bastille", "canada",
                                         "australia", "republic", "constitution", "flag", "arbor", "groundhog", "columbus",
                                         "unification", "reunification", "revolution", "martyrs", "workers", "human", "anzac",
                                         "waitangi", "heritage", "emancipation", "juneteenth", "reconciliation", "foundation",
                                         "children", "youth", "teachers", "army", "navy", "thanksgiving", "inauguration",
                                         "polling", "voting", "d"].map { Lexicon.key($0) })

    /// Named holidays: `Christmas Day`, `New Year's Eve`, `Lunar New Year`, `Ramadan`,
    /// `Independence Day`, `the Day of the Sun`. Fixed-date ones carry their month.
    func holiday(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        guard c.isCapitalized(i) else { return nil }
        var end = i
        var month: String?
        var name = c.text(i, i)
        if c.isAny(i, HoistedWords.w_new_lunar_chinese) {
            // "New Year's Day", "New Year's Eve", "Lunar New Year", "Chinese New Year"
            var j = i
            if !c.isWord(j, "new") { j += 1; guard c.isWord(j, "new") && c.isCapitalized(j) else { return nil } }
            guard c.isCapitalized(j + 1), c.isWord(j + 1, "year") || c.isWord(j + 1, "year's") || c.isWord(j + 1, "year’s") else { return nil }
            end = j + 1
            if c.isAny(end + 1, HoistedWords.w_day_eve) && c.isCapitalized(end + 1) { end += 1 }
            if j == i {
                guard end > j + 1 || c.isWord(j + 1, "year's") == false else { return nil }
                if end == j + 1 && !c.isWord(i - 1, "the") && !c.isAny(i - 1, HoistedWords.w_on_at_by_before_after_over_during_until_since) { return nil }
                month = c.isWord(end, "eve") ? "December" : "January"
            }
            name = c.text(i, end)
        } else if c.isAny(i, ["independence", "election", "labor", "labour", "memorial", "victory", "liberation", "national",
                              "armistice", "remembrance", "veterans", "valentine's"]) {
            guard c.isWord(i + 1, "day") && c.isCapitalized(i + 1) else { return nil }
            end = i + 1
            if c.isAny(i, HoistedWords.w_armistice_remembrance_veterans) { month = "November" }
            if c.isWord(i, "valentine's") { month = "February" }
        } else if c.isWord(i, "may") {
            // "May Day"; plain "May" is the month's.
            guard c.isWord(i + 1, "day"), c.isCapitalized(i + 1) else { return nil }
            end = i + 1
            month = "May"
        } else if c.isWord(i, "day") && c.isWord(i + 1, "of") && c.isWord(i + 2, "the") {
            // "the Day of the Sun" (15 April), "the Day of the Shining Star" (16 February)
            if c.isWord(i + 3, "sun") && c.isCapitalized(i + 3) { end = i + 3; month = "April" }
            else if c.isWord(i + 3, "shining") && c.isWord(i + 4, "star") && c.isCapitalized(i + 4) { end = i + 4; month = "February" }
            else { return nil }
        } else if c.isAny(i, HoistedWords.w_day_week_month) {
            return observance(c, at: i, after: floor)
        } else if let second = DateRecognizer.twoWordHolidays[c.text.keys[i]] {
            // "Yom Kippur", "Rosh Hashanah", "Good Friday", "Mardi Gras"
            guard i + 1 < c.count, c.text.keys[i + 1] == second, c.isCapitalized(i + 1) else { return nil }
            end = i + 1
            name = c.text(i, end)
        } else {
            // One-word holidays, with an optional "Day", "Eve" or "Sunday".
            if c.isAny(i + 1, HoistedWords.w_island_islands_tree_trees_card_cards_carol12) { return nil }
            if c.isAny(i + 1, HoistedWords.w_day_eve_sunday_monday_week) && c.isCapitalized(i + 1) { end = i + 1 }
            else if c.isWord(i + 1, "weekend") { end = i + 1 }   // "the Easter weekend"
            if c.isWord(i, "eid"), c.kind(i + 1) == .word, c.hasPrefix(i + 1, "al-") || c.hasPrefix(i + 1, "ul-") { end = i + 1 }
            if c.isWord(i, "christmas") { month = c.isWord(end, "eve") || end == i || c.isWord(end, "day") ? "December" : nil }
            if c.isWord(i, "halloween") { month = "October" }
            // A sentence-initial word that is also a common word ("Election results...") needs more.
            if end == i && c.isAny(i, HoistedWords.w_tet_eid) && c.startsSentence(i) { return nil }
        }
        // "the Hajj stampede", "pilgrims arrive for the Hajj": the pilgrimage as an event; its
        // days are meant after a time word or a part ("during the Hajj", "the day of Hajj").
        let pilgrimage = end == i && c.isWord(i, "hajj")
        if pilgrimage, c.kind(i + 1) == .word, c.isLower(i + 1), !c.has(i + 1, [.datePrep, .sourceVerb]),
           !c.isAny(i + 1, HoistedWords.w_and_or_when_as_was_were_is_had_has_the_a_h7) { return nil }
        var start = i
        if start - 1 > floor, c.isWord(start - 1, "the") { start -= 1 }
        // "the day of Hajj", "the eve of Ramadan", "the first day of Eid", "the beginning of the Hajj"
        if start - 2 > floor, c.isWord(start - 1, "of"), c.isAny(start - 2, DateRecognizer.holidayParts) {
            start -= 2
            if start - 1 > floor, c.has(start - 1, .ordinal) || c.isAny(start - 1, HoistedWords.w_final_last) { start -= 1 }
            if start - 1 > floor, c.isWord(start - 1, "the") { start -= 1 }
        } else if pilgrimage, !c.isAny(start - 1, HoistedWords.w_on_at_by_before_after_over_during_until_since) {
            return nil
        }
        // "the Lunar New Year holiday", "the Eid holidays": the holiday's own noun goes with it.
        if c.isAny(end + 1, HoistedWords.w_holiday_holidays) { end += 1 }
        var s = make(c, start, end, kind: "holiday", score: 0.75, "holiday '\(name)'")
        if let month { s.attributes[FindingAttribute.month] = month }
        if let y = year(c, end + 1) { s.range = s.range.lowerBound..<c.tokens[end + 1].range.upperBound; s.attributes[FindingAttribute.year] = String(y) }
        return s
    }

    /// Observances named by capitalized words before a capitalized `Day`, `Week` or `Month`:
    /// `Black History Month`, `World AIDS Day`, `Mother's Day`, `Holy Week`. Not a title-case
    /// headline's words ("Third Straight Month"), and not a person named Day ("Doris Day").
    func observance(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        guard c.isCapitalized(i) else { return nil }
        var start = i
        while start - 1 > floor, i - start < 4, c.kind(start - 1) == .word, c.isCapitalized(start - 1),
              !c.has(start - 1, [.qualifier, .ordinal, .number, .determiner, .month, .weekday]) {
            start -= 1
            if c.startsSentence(start) { break }
        }
        guard start < i || c.isPunct(i - 1, 0x27) else { return nil }
        if start == i {
            // "Patriots' Day": the apostrophe stands between.
            guard i - 2 > floor, c.touches(i - 2), c.isCapitalized(i - 2) else { return nil }
            start = i - 2
        }
        // "St. Patrick's Day"
        if start - 2 > floor, c.isPunct(start - 1, 0x2E), c.isWord(start - 2, "st"), c.isCapitalized(start - 2) { start -= 2 }
        let shape = TextShapeCache.shared.shape(c.text)
        if shape.titleLine[i] { return nil }
        if c.isWord(i, "day") {
            // One word before "Day" must name an observance ("Earth Day") or be a possessive
            // ("Mother's Day"); a given name or a lone capitalized word may be a person.
            let possessive = (start..<i).contains { shape.possessive[$0] != 0 || c.isPunct($0 + 1, 0x27) && c.touches($0) }
            if i - start == 1 && !possessive && !DateRecognizer.observanceLeads.contains(shape.keys[start]) { return nil }
            if shape.given(start) != nil && !possessive && !DateRecognizer.observanceLeads.contains(shape.keys[start]) { return nil }
        }
        if start - 1 > floor, c.isWord(start - 1, "the") { start -= 1 }
        let end = c.isAny(i + 1, HoistedWords.w_holiday_holidays) ? i + 1 : i
        return make(c, start, end, kind: "holiday", score: 0.7, "observance '\(c.text(start, i))'")
    }

    /// A clock time followed by the day it belongs to: `7:45 this morning`, `9 p.m. yesterday`,
    /// `noon last Tuesday`.
    func withDay(_ c: PatternCursor, _ s: ScoredFinding) -> ScoredFinding {
        let last = c.lastToken(endingBy: s.range.upperBound)
        var end = -1
        if c.has(last + 1, .deictic) { end = last + 1 }
        else if c.isAny(last + 1, HoistedWords.w_this_last_that), c.has(last + 2, .daypart) { end = last + 2 }
        else if c.isWord(last + 1, "on"), c.has(last + 2, .weekday), c.isCapitalized(last + 2) { end = last + 2 }
        guard end > last else { return s }
        var z = s
        z.range = s.range.lowerBound..<c.tokens[end].range.upperBound
        z.reasons.append("with its day")
        return z
    }

    /// Cheap test for `mid-June`-like words (first letter m, e or l and a hyphen).
    @inline(__always) static func mayBePeriodWord(_ c: PatternCursor, _ i: Int) -> Bool {
        let r = c.tokens[i].range
        let first = c.bytes[r.lowerBound] | 0x20
        return (first == 0x6D && c.bytes[r.lowerBound + 3] == 0x2D) || (first == 0x6C && c.bytes[r.lowerBound + 4] == 0x2D)
            || (first == 0x65 && r.count > 6 && c.bytes[r.lowerBound + 5] == 0x2D)
    }

    /// A finding over tokens `a...b`.
    /// A finding for a form matched by `NumericDateForms` starting at token `i`.
    func form(_ c: PatternCursor, _ m: NumericDateForms.Match, at i: Int) -> ScoredFinding {
        let start = c.tokens[i].range.lowerBound
        var s = ScoredFinding(range: start..<m.end, category: .date, score: m.score, recognizer: id, reasons: [m.reason])
        s.attributes[FindingAttribute.dateKind] = "absolute"
        if let y = m.year { s.attributes[FindingAttribute.year] = String(y) }
        if let mo = m.month { s.attributes[FindingAttribute.month] = DateRecognizer.monthTitles[mo - 1] }
        return s
    }

    static let monthTitles = ["January", "February", "March", "April", "May", "June", "July", "August",
                              "September", "October", "November", "December"]

    func make(_ c: PatternCursor, _ a: Int, _ b: Int, kind: String, score: Double, _ reason: String) -> ScoredFinding {
        var s = ScoredFinding(range: c.span(a, b), category: .date, score: score, recognizer: id, reasons: [reason])
        s.attributes[FindingAttribute.dateKind] = kind
        return s
    }

    /// A year written as four digits (1000-2099), standing alone.
    func year(_ c: PatternCursor, _ i: Int) -> Int? {
        guard c.kind(i) == .number, c.length(i) == 4, c.isPlainDigits(i), let v = c.intValue(i),
              (1000...2099).contains(v) else { return nil }
        return v
    }

    /// A day of the month (1-31), with an optional touching `st`/`nd`/`rd`/`th`; returns the
    /// value and the last token.
    func day(_ c: PatternCursor, _ i: Int) -> (Int, Int)? {
        guard c.kind(i) == .number, c.length(i) <= 2, let v = c.intValue(i), (1...31).contains(v) else { return nil }
        if c.isPunct(i + 1, 0x3A) || c.isPunct(i + 1, 0x25) { return nil }
        if c.touches(i) && c.isAny(i + 1, HoistedWords.w_st_nd_rd_th) { return (v, i + 1) }
        if c.touches(i) && c.kind(i + 1) == .word { return nil }
        return (v, i)
    }

    /// Left context that belongs to the date: part of a period ("early", "mid", "late"),
    /// "last"/"next"/"this", "the beginning of". Returns the new first token and the part.
    func extendLeft(_ c: PatternCursor, _ start: Int, after floor: Int) -> (Int, String?) {
        var s = start
        var part: String?
        if s - 1 > floor, let e = c.entry(s - 1), e.flags.contains(.qualifier),
           c.isAny(s - 1, HoistedWords.w_last_next_this_past_coming) {
            s -= 1
            part = e.word
        }
        if s - 1 > floor, let e = c.entry(s - 1), e.flags.contains(.part) {
            s -= 1
            part = e.word
            if s - 1 > floor && c.isWord(s - 1, "the") { s -= 1 }
        } else if s - 3 > floor, c.isWord(s - 1, "of"), let e = c.entry(s - 2), e.flags.contains(.partNoun) {
            s -= 2
            part = e.word
            if c.isWord(s - 1, "the") { s -= 1 }
        } else {
            s = dayPartOf(c, s, after: floor)
        }
        return (s, part)
    }

    /// "the night of", "the early hours of", "the morning of" before a day (`the night of June
    /// 4`, `the early hours of Sunday`): the day is still exact. Returns the new first token.
    func dayPartOf(_ c: PatternCursor, _ start: Int, after floor: Int) -> Int {
        guard start - 3 > floor, c.isWord(start - 1, "of"), c.has(start - 2, .daypart) || c.isWord(start - 2, "hours") else { return start }
        var s = start - 2
        if s - 2 > floor, c.isAny(s - 1, HoistedWords.w_early_late_small_wee) { s -= 1 }
        guard c.isWord(s - 1, "the") else { return start }
        return s - 1
    }

    /// Month-led dates: `Nov. 10`, `July 20, 2019`, `August 2013`, `May 6 and 10`, `January`.
    func monthExpression(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        guard c.isCapitalized(i), let e = c.entry(i) else { return nil }
        let abbrev = !e.flags.contains(.month)
        var end = i
        if abbrev {
            if c.isPunct(i + 1, 0x2E) && c.touches(i) { end = i + 1 }
            else if c.kind(i + 1) != .number { return nil }
        }
        var dayValue: Int?
        var yearValue: Int?
        if let (d, de) = day(c, end + 1) {
            dayValue = d
            end = de
            // "May 6 and 10", "May 6-10"
            if (c.isWord(end + 1, "and") || c.isWord(end + 1, "to") || c.isDash(end + 1)), let (_, de2) = day(c, end + 2) {
                end = de2
            }
            if c.isPunct(end + 1, 0x2C), let y = year(c, end + 2) { yearValue = y; end += 2 }
            else if let y = year(c, end + 1) { yearValue = y; end += 1 }
        } else if let y = year(c, end + 1) {
            yearValue = y
            end += 1
        } else if c.isWord(end + 1, "of"), let y = year(c, end + 2) {
            yearValue = y
            end += 2
        }
        // A day before the month: "20 July 2019", "the 15th of July".
        var start = i
        if dayValue == nil {
            if start - 1 > floor, let (d, _) = day(c, start - 1), c.kind(start - 1) == .number {
                dayValue = d
                start -= 1
            } else if start - 2 > floor, c.isWord(start - 1, "of"), c.isAny(start - 2, HoistedWords.w_st_nd_rd_th),
                      c.touches(start - 3), let (d, _) = day(c, start - 3) {
                dayValue = d
                start -= 3
                if c.isWord(start - 1, "the") && start - 1 > floor { start -= 1 }
            }
            if dayValue != nil, yearValue == nil, let y = year(c, end + 1) { yearValue = y; end += 1 }
            else if dayValue != nil, yearValue == nil, c.isPunct(end + 1, 0x2C), let y = year(c, end + 2) { yearValue = y; end += 2 }
        }
        let (s0, part) = extendLeft(c, start, after: floor)
        start = s0
        // A weekday before: "Friday, January 28".
        if start - 1 > floor {
            var w = start - 1
            if c.isPunct(w, 0x2C) { w -= 1 }
            if w > floor, c.has(w, [.weekday]), c.isCapitalized(w) { start = w }
        }
        // "January this year"
        if yearValue == nil, c.isAny(end + 1, HoistedWords.w_this_last_next), c.isWord(end + 2, "year") { end += 2 }
        let ambiguous = e.word == "may" || e.word == "march"
        if ambiguous && dayValue == nil && yearValue == nil && part == nil {
            let prev = c.entry(start - 1)
            guard start - 1 > floor, prev?.flags.contains(.datePrep) == true || c.isWord(start - 1, "of") else { return nil }
            if c.isWord(start - 1, "may") { return nil }
        }
        let kind = part.map { HoistedWords.s_last_next_this_past_coming.contains($0) ? "relative" : "part" }
            ?? (dayValue != nil || yearValue == nil ? "absolute" : "absolute")
        var s = make(c, start, end, kind: kind, score: 0.85,
                     String(joining: ["month name '", e.name, "'", dayValue != nil ? " with day" : "", yearValue != nil ? " with year" : ""]))
        s.attributes[FindingAttribute.month] = e.name
        if let y = yearValue { s.attributes[FindingAttribute.year] = String(y) }
        if kind == "relative" { s.attributes[FindingAttribute.relativeUnit] = "year"; s.attributes[FindingAttribute.relativeDirection] = part == "next" ? "future" : "past" }
        if dayValue == nil && yearValue == nil && part == nil {
            if let p = c.entry(start - 1), p.flags.contains(.datePrep) { s.adjust(0.05, String(joining: ["after '", p.word, "'"])) }
            else if c.startsSentence(start) { s.adjust(-0.1, "sentence-initial month name") }
        }
        return s
    }

    /// Weekday-led: `on Thursday`, `last Tuesday`, `Monday evening`, `Friday, January 28`.
    func weekday(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        guard let e = c.entry(i) else { return nil }
        var end = i
        if e.flags.contains(.weekdayAbbrev) && !e.flags.contains(.weekday) {
            guard c.isPunct(i + 1, 0x2E) || c.isPunct(i + 1, 0x2C) else { return nil }
            guard c.has(i + 2, [.month, .monthAbbrev]) || c.kind(i + 2) == .number else { return nil }
            if c.isPunct(i + 1, 0x2E) { end = i + 1 }
        }
        // "Friday, January 28": let the month expression carry the weekday.
        var k = end + 1
        if c.isPunct(k, 0x2C) { k += 1 }
        if c.has(k, [.month, .monthAbbrev]), let m = monthExpression(c, at: k, after: end) {
            var s = m
            s.range = c.tokens[i].range.lowerBound..<m.range.upperBound
            s.reasons.insert(String(joining: ["weekday '", e.name, "'"]), at: 0)
            return s
        }
        if c.has(end + 1, .daypart) { end += 1 }
        var start = i
        var kind = "weekday"
        if start - 2 > floor, c.isWord(start - 1, "past"), c.isWord(start - 2, "this") {
            // "this past Sunday"
            start -= 2
            kind = "relative"
        } else if start - 1 > floor, c.isAny(start - 1, HoistedWords.w_on_last_next_this_since_until_by) {
            if c.isAny(start - 1, HoistedWords.w_last_next_this) { kind = "relative" }
            if c.isAny(start - 1, HoistedWords.w_on_last_next_this) { start -= 1 }
        } else {
            start = dayPartOf(c, start, after: floor)
        }
        var s = make(c, start, end, kind: kind, score: 0.8, String(joining: ["weekday '", e.name, "'"]))
        if kind == "relative" {
            s.attributes[FindingAttribute.relativeUnit] = "week"
            s.attributes[FindingAttribute.relativeDirection] = c.isWord(start, "next") ? "future" : "past"
        }
        if c.isWord(start, "on") { s.adjust(0.1, "after 'on'") }
        return s
    }

    /// `mid-June`, `mid-1990s`, `mid-2019`, `mid-year`: words joined to a period prefix.
    func midPrefixed(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        guard c.kind(i) == .word else { return nil }
        let r = c.tokens[i].range
        let b = c.bytes
        let first = b[r.lowerBound] | 0x20
        guard first == 0x6D || first == 0x65 || first == 0x6C else { return nil }   // m, e, l
        var prefixLen = 0
        if r.count > 4 && b[r.lowerBound + 3] == 0x2D && c.text(i, i).lowercased().hasPrefix("mid-") { prefixLen = 4 }
        else if r.count > 5 && b[r.lowerBound + 4] == 0x2D && c.text(i, i).lowercased().hasPrefix("late-") { prefixLen = 5 }
        else if r.count > 6 && b[r.lowerBound + 5] == 0x2D && c.text(i, i).lowercased().hasPrefix("early-") { prefixLen = 6 }
        if prefixLen == 0 {
            // "mid" "-" "2019": the tokenizer splits a hyphen before digits.
            if c.isAny(i, HoistedWords.w_mid_early_late), c.isDash(i + 1), c.touches(i), c.touches(i + 1), let y = year(c, i + 2) {
                var end = i + 2
                if c.isAny(end + 1, HoistedWords.w_s) && c.touches(end) { end += 1 }
                var s = make(c, i, end, kind: "part", score: 0.85, "period of a year")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            return nil
        }
        let rest = r.lowerBound + prefixLen
        let key = Lexicon.key(b, rest..<r.upperBound)
        let idx = c.lexicon.table[key]
        guard idx >= 0 else { return nil }
        let e = c.lexicon.entries[Int(idx)]
        if e.flags.contains(.month) {
            var end = i
            var s = make(c, i, end, kind: "part", score: 0.85, "period of month '\(e.name)'")
            if let y = year(c, i + 1) { end = i + 1; s = make(c, i, end, kind: "part", score: 0.85, "period of month '\(e.name)' with year"); s.attributes[FindingAttribute.year] = String(y) }
            s.attributes[FindingAttribute.month] = e.name
            return s
        }
        if e.flags.contains(.unit) && (e.unit == "year" || e.unit == "month" || e.unit == "week") {
            var s = make(c, i, i, kind: "part", score: 0.6, "period of the \(e.unit)")
            s.attributes[FindingAttribute.relativeUnit] = e.unit
            s.attributes[FindingAttribute.relativeDirection] = "present"
            return s
        }
        return nil
    }

    /// Number-led: ISO, slashed and dotted dates, year ranges, decades, clock times, years,
    /// counted relative expressions.
    func numeric(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        let b = c.bytes
        let r = c.tokens[i].range
        // Dotted date inside one token: 20.07.2019
        var dots = 0
        for k in r where b[k] == 0x2E { dots += 1 }
        if dots == 2 {
            let parts = c.text.document.text(r).split(separator: ".").map { Int($0) ?? -1 }
            if parts.count == 3, (1...31).contains(parts[0]), (1...31).contains(parts[1]), parts[2] >= 1900 || (parts[2] >= 0 && parts[2] < 100 && c.length(i) <= 8 && b[r.upperBound - 3] == 0x2E) {
                var s = make(c, i, i, kind: "absolute", score: 0.8, "numeric date d.m.y")
                if parts[2] >= 1900 { s.attributes[FindingAttribute.year] = String(parts[2]) }
                return s
            }
        }
        // Clock time: 6 PM, 3:30 p.m., 9 a.m., 10 o'clock, 15:30, and the dotted 6.45pm
        var colon = false
        for k in r where b[k] == 0x3A { colon = true }
        if dots == 1, r.count >= 4, r.count <= 5, b[r.upperBound - 3] == 0x2E,
           Int(c.text.document.text(r.lowerBound..<(r.upperBound - 3))).map({ $0 <= 12 }) == true,
           Int(c.text.document.text((r.upperBound - 2)..<r.upperBound)).map({ $0 <= 59 }) == true,
           let t = clock(c, at: i, colon: true) {
            return withDay(c, withZone(c, t))
        }
        if let t = clock(c, at: i, colon: colon) { return withDay(c, withZone(c, t)) }
        if colon {
            if c.length(i) <= 5, i - 1 > floor, c.isAny(i - 1, HoistedWords.w_at_around_about_by_until_before_after_from) {
                return withDay(c, withZone(c, make(c, i, i, kind: "time", score: 0.7, "clock time after '\(c.text(i - 1, i - 1))'")))
            }
            let z = make(c, i, i, kind: "time", score: 0.75, "clock time with a time zone")
            if c.length(i) <= 5, withZone(c, z).range != z.range { return withZone(c, z) }
            return nil
        }
        if let y = year(c, i) {
            // ISO date 2019-07-20
            if c.isDash(i + 1), c.touches(i), c.touches(i + 1), c.kind(i + 2) == .number, c.length(i + 2) <= 2,
               c.isDash(i + 3), c.touches(i + 2), c.touches(i + 3), c.kind(i + 4) == .number, c.length(i + 4) <= 2 {
                var s = make(c, i, i + 4, kind: "absolute", score: 0.9, "ISO date")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            // Year range 2018-2020, 2018 to 2020
            if (c.isDash(i + 1) || c.isWord(i + 1, "to")), let y2 = year(c, i + 2), y2 > y {
                var s = make(c, i, i + 2, kind: "year", score: 0.85, "range of years")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            // A season or fiscal year written 2014-15 or 2014/15
            if c.isDash(i + 1) || c.isPunct(i + 1, 0x2F), c.touches(i), c.touches(i + 1), c.kind(i + 2) == .number,
               c.length(i + 2) == 2, let v = c.intValue(i + 2), v == (y % 100 + 1) % 100 {
                var s = make(c, i, i + 2, kind: "year", score: 0.85, "two-year span")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            // "Q3 2021", "the first quarter of 2021", "the second half of 2020"
            if i - 1 > floor, c.length(i - 1) == 2, c.kind(i - 1) == .word, c.bytes[c.tokens[i - 1].range.lowerBound] | 0x20 == 0x71,
               (0x31...0x34).contains(c.bytes[c.tokens[i - 1].range.lowerBound + 1]) {
                var s = make(c, i - 1, i, kind: "part", score: 0.85, "quarter of a year")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            if i - 3 > floor, c.isWord(i - 1, "of"), c.isAny(i - 2, HoistedWords.w_quarter_half),
               c.isAny(i - 3, HoistedWords.w_first_second_third_fourth_final_last) {
                let start = i - 4 > floor && c.isWord(i - 4, "the") ? i - 4 : i - 3
                var s = make(c, start, i, kind: "part", score: 0.85, "\(c.text(i - 2, i - 2)) of a year")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            // Decade: 1990s
            // (also "1930's" and "1930’s", where the apostrophe is its own token)
            let apostrophe = (c.isPunct(i + 1, 0x27) || c.isQuote(i + 1)) && c.touches(i + 1) && c.isWord(i + 2, "s")
            if c.touches(i) && (c.isWord(i + 1, "s") || c.isWord(i + 1, "'s") || apostrophe) && y % 10 == 0 {
                let (start, _) = extendLeft(c, i, after: floor)
                let s0 = (start == i && i - 1 > floor && c.isWord(i - 1, "the")) ? i - 1 : start
                // "the 1800s" is a century; "the 2000s" is read as the decade.
                let wholeCentury = y % 100 == 0 && y < 2000
                var s = make(c, s0, apostrophe ? i + 2 : i + 1, kind: wholeCentury ? "century" : "decade", score: wholeCentury ? 0.45 : 0.85,
                             wholeCentury ? "century written as its hundreds" : "decade")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            // "late 2019", "early 2020": part of a year
            if i - 1 > floor, c.has(i - 1, .part), !c.touches(i - 1) {
                var start = i - 1
                if start - 1 > floor && c.isWord(start - 1, "the") { start -= 1 }
                var s = make(c, start, i, kind: "part", score: 0.85, "part of a year")
                s.attributes[FindingAttribute.year] = String(y)
                return s
            }
            return plainYear(c, at: i, year: y, after: floor)
        }
        // Slashed date 7/20/2019 or 20/7/19
        if c.length(i) <= 2, c.isPunct(i + 1, 0x2F), c.touches(i), c.touches(i + 1), c.kind(i + 2) == .number,
           c.length(i + 2) <= 2, c.isPunct(i + 3, 0x2F), c.touches(i + 2), c.touches(i + 3), c.kind(i + 4) == .number,
           c.length(i + 4) == 4 || c.length(i + 4) == 2 {
            var s = make(c, i, i + 4, kind: "absolute", score: 0.85, "numeric date with slashes")
            if let y = year(c, i + 4) { s.attributes[FindingAttribute.year] = String(y) }
            return s
        }
        // Two-digit decade: "the 90s", "the mid 90s", "the '90s"
        if c.length(i) == 2, c.touches(i), c.isWord(i + 1, "s"), let v = c.intValue(i), v % 10 == 0 {
            var start = i
            if start - 1 > floor && (c.isPunct(start - 1, 0x27) || c.isQuote(start - 1)) && c.touches(start - 1) { start -= 1 }
            var s0 = start
            if s0 - 1 > floor, c.has(s0 - 1, .part) { s0 -= 1 }
            if s0 - 1 > floor, c.isWord(s0 - 1, "the") {
                var s = make(c, s0 - 1, i + 1, kind: "decade", score: 0.75, "decade '\(v)s' after 'the'")
                s.attributes[FindingAttribute.year] = String(1900 + v)
                return s
            }
            // "the 1970s and '80s": an apostrophe decade continuing a list.
            if start < i, s0 - 1 > floor, c.isAny(s0 - 1, HoistedWords.w_and_or_to_through) {
                var s = make(c, s0, i + 1, kind: "decade", score: 0.7, "decade '\(v)s' after '\(c.text(s0 - 1, s0 - 1))'")
                s.attributes[FindingAttribute.year] = String(1900 + v)
                return s
            }
            return nil
        }
        // "the 19th century", "the early 20th century", "a 19th-century church"
        if let (v, de) = day(c, i), de == i + 1, v <= 21, let m = century(c, first: i, value: v, ordinalEnd: de, after: floor) {
            return m
        }
        if c.length(i) <= 2, c.touches(i), c.kind(i + 1) == .word, DateRecognizer.centuryAdjectiveTails.contains(c.text.keys[i + 1]),
           let v = c.intValue(i), (1...21).contains(v) {
            // "19th-century": one word token after the digits.
            var s = make(c, i, i + 1, kind: "century", score: 0.45, "ordinal century as a modifier")
            s.attributes[FindingAttribute.year] = String((v - 1) * 100)
            return s
        }
        // "21st March", "21st March 2019": an ordinal day before the month name.
        if let (_, de) = day(c, i), de == i + 1, c.has(de + 1, [.month, .monthAbbrev]), c.isCapitalized(de + 1) {
            let start = i - 1 > floor && c.isWord(i - 1, "the") ? i - 1 : i
            var s = monthExpression(c, at: de + 1, after: de)
                ?? make(c, de + 1, de + 1, kind: "absolute", score: 0.85, "month name")
            if s.attributes[FindingAttribute.month] == nil, let e = c.entry(de + 1) { s.attributes[FindingAttribute.month] = e.name }
            s.range = c.tokens[start].range.lowerBound..<max(s.range.upperBound, c.tokens[de + 1].range.upperBound)
            s.reasons.append("ordinal day before the month")
            return s
        }
        // "the 3rd of March, 1999": the month expression takes the day before it.
        if let (_, de) = day(c, i), de == i + 1, c.isWord(de + 1, "of"), c.has(de + 2, [.month, .monthAbbrev]),
           let m = monthExpression(c, at: de + 2, after: floor) {
            return m
        }
        // "the 15th" after on/by/since/until, or "15th of"
        if let (_, de) = day(c, i), de == i + 1, i - 1 > floor, c.isWord(i - 1, "the"),
           c.isAny(i - 2, HoistedWords.w_on_by_since_until_till_from_before_after) {
            var s = make(c, i - 1, de, kind: "absolute", score: 0.7, "day of the month '\(c.text(i - 1, de))' after '\(c.text(i - 2, i - 2))'")
            s.attributes[FindingAttribute.relativeUnit] = "month"
            return s
        }
        return relativeCount(c, at: i, after: floor)
    }

    /// The word after a century's digits when it is used as a modifier (`19th-century`).
    static let centuryAdjectiveTails = KeySet(["th-century", "st-century", "nd-century", "rd-century"].map { Lexicon.key($0) })

    /// Time-zone abbreviations that may follow a clock time.
    static let zones: Set<UInt64> = Set(["gmt", "utc", "kst", "cst", "est", "edt", "pst", "pdt", "bst", "cet", "cest", "jst", "ist", "mst", "msk"].map { Lexicon.key($0) })

    /// A clock time followed by a time zone (`15:11 GMT`, `6 PM KST`) ends at the zone.
    func withZone(_ c: PatternCursor, _ s: ScoredFinding) -> ScoredFinding {
        let last = c.lastToken(endingBy: s.range.upperBound)
        if c.isWord(last + 1, "local"), c.isWord(last + 2, "time") {
            // "10:30 local time"
            var z = s
            z.range = s.range.lowerBound..<c.tokens[last + 2].range.upperBound
            z.reasons.append("local time")
            return z
        }
        guard last + 1 < c.count, c.kind(last + 1) == .word, c.isAllCaps(last + 1), DateRecognizer.zones.contains(c.text.keys[last + 1]) else { return s }
        var z = s
        z.range = s.range.lowerBound..<c.tokens[last + 1].range.upperBound
        z.reasons.append("time zone")
        return z
    }

    /// A century named by its ordinal: `the 19th century`, `the early 20th century`,
    /// `the mid-19th century`, `the twenty-first century`, `a 19th-century church`. Tokens
    /// `first...ordinalEnd` hold the ordinal (value 1-21).
    func century(_ c: PatternCursor, first: Int, value: Int, ordinalEnd: Int, after floor: Int) -> ScoredFinding? {
        var k = ordinalEnd + 1
        if c.isDash(k), c.touches(ordinalEnd), c.touches(k) { k += 1 }
        guard value >= 1, c.isWord(k, "century") else { return nil }
        var start = first
        var part: String?
        if start - 2 > floor, c.isDash(start - 1), c.touches(start - 2), c.touches(start - 1), c.has(start - 2, .part) {
            // "mid-19th century": the tokenizer splits the hyphen before the digits.
            start -= 2
            part = c.entry(start)!.word
            if start - 1 > floor, c.isWord(start - 1, "the") { start -= 1 }
        } else {
            let (s0, p) = extendLeft(c, start, after: floor)
            start = s0
            part = p
            if start == first, start - 1 > floor, c.isWord(start - 1, "the") { start -= 1 }
        }
        var s = make(c, start, k, kind: "century", score: 0.45, "ordinal century" + (part.map { " with '\($0)'" } ?? ""))
        s.attributes[FindingAttribute.year] = String((value - 1) * 100)
        return s
    }

    /// `6 PM`, `3:30 p.m.`, `9 a.m.`, `10 o'clock`.
    func clock(_ c: PatternCursor, at i: Int, colon: Bool) -> ScoredFinding? {
        if !colon { guard let v = c.intValue(i), (0...12).contains(v), c.length(i) <= 2 else { return nil } }
        else { guard c.length(i) <= 5 else { return nil } }
        let j = i + 1
        if c.isAny(j, HoistedWords.w_am_pm) {
            // "5 am." ends a sentence: the period is not part of "am".
            return make(c, i, j, kind: "time", score: 0.9, "clock time with AM/PM")
        }
        if (c.isWord(j, "a") || c.isWord(j, "p")), c.isPunct(j + 1, 0x2E), c.isWord(j + 2, "m"), c.touches(j), c.touches(j + 1) {
            var end = j + 2
            if c.isPunct(end + 1, 0x2E) && c.touches(end) { end += 1 }
            return make(c, i, end, kind: "time", score: 0.9, "clock time with a.m./p.m.")
        }
        if c.isWord(j, "o'clock") || c.isWord(j, "o’clock") {
            return make(c, i, j, kind: "time", score: 0.85, "clock time with o'clock")
        }
        // "4 in the morning", "9 in the evening"
        if !colon, c.isWord(j, "in"), c.isWord(j + 1, "the"), c.isAny(j + 2, HoistedWords.w_morning_afternoon_evening) {
            return make(c, i, j + 2, kind: "time", score: 0.8, "clock time with a part of the day")
        }
        return nil
    }

    /// A four-digit year standing alone: kept when context says it is a year, not a count.
    func plainYear(_ c: PatternCursor, at i: Int, year y: Int, after floor: Int) -> ScoredFinding? {
        // Money and measures are not years: "$2000", "2000 yuan", "2000 people", "2000%".
        if c.isPunct(i - 1, 0x24) || c.has(i - 1, [.currencyCode, .currencyPrefix]) && c.isAllCaps(i - 1) { return nil }
        if c.has(i + 1, [.currencyWord, .currencyCode, .multiplier, .unit]) || c.isPunct(i + 1, 0x25) { return nil }
        if c.isPunct(i - 1, 0x2E), c.isWord(i - 2, "no") { return nil }
        if c.isPunct(i - 1, 0x23) { return nil }
        var s = make(c, i, i, kind: "year", score: y >= 1900 ? 0.7 : 0.5, "four-digit year")
        s.attributes[FindingAttribute.year] = String(y)
        if i - 2 > floor, c.isWord(i - 1, "year"), c.isWord(i - 2, "the") {
            // "in the year 2000"
            s.range = c.tokens[i - 2].range.lowerBound..<s.range.upperBound
            s.adjust(0.15, "after 'the year'")
            return s
        }
        if let p = c.entry(i - 1), p.flags.contains(.datePrep) || p.flags.contains(.month) {
            s.adjust(0.15, String(joining: ["after '", p.word, "'"]))
        } else if c.kind(i + 1) == .word && c.isLower(i + 1) && !c.has(i + 1, [.datePrep, .determiner, .sourceVerb]) && !c.isAny(i + 1, HoistedWords.w_and_to_when_as_was_were_is_had_has_saw_she28) {
            // "2000 soldiers": a count of things, not a year. A count takes a plural noun, so a
            // singular one makes it a year used as a modifier: "a 2003 interview", "the 2007 election".
            if Self.looksPlural(c, i + 1) { return nil }
            s.reasons.append("before a singular noun")
        }
        if s.score < 0.55 { return nil }
        return s
    }

    /// Plural nouns that do not end in `s`, and words that go between a count and its noun.
    static let countWords = KeySet(["people", "men", "women", "children", "police", "staff", "personnel", "feet",
                                    "teeth", "sheep", "cattle", "fish", "deer", "livestock", "head", "more", "other",
                                    "new", "additional", "extra", "square", "cubic", "strong", "odd", "plus", "or",
                                    "of", "than", "per", "percent", "million", "billion", "thousand", "hundred"].map { Lexicon.key($0) })

    /// Whether the word at `i` reads as a plural noun or a count's continuation (`soldiers`,
    /// `people`, `more`), so that a number before it counts things rather than naming a year.
    static func looksPlural(_ c: PatternCursor, _ i: Int) -> Bool {
        let r = c.tokens[i].range
        let last = c.bytes[r.upperBound - 1] | 0x20
        if last == 0x73 && !(r.count > 2 && c.bytes[r.upperBound - 2] | 0x20 == 0x73) { return true }   // -s, not -ss
        return countWords.contains(c.text.keys[i])
    }

    /// Counted relative expressions: `four years ago`, `two days after`, `a week later`,
    /// `7-8 years ago`, `a few hours before`.
    func relativeCount(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        guard let (n, ce) = c.count(at: i) else { return nil }
        // "for six years before that": a duration, not a point in time.
        if c.isAny(i - 1, ["for", "spent", "lasted", "took"]) { return nil }
        var u = ce + 1
        // "[Ten] years ago": a count an editor put in brackets inside a quotation.
        let bracketed = c.isPunct(i - 1, 0x5B) && c.isPunct(u, 0x5D) && i - 1 > floor
        if bracketed { u += 1 }
        // "two and a half years ago"
        if c.isWord(u, "and"), c.isWord(u + 1, "a"), c.isWord(u + 2, "half") { u += 3 }
        if c.isWord(u, "more") || c.isWord(u, "full") || c.isWord(u, "long") { u += 1 }
        guard let ue = c.entry(u), ue.flags.contains(.unit) else { return nil }
        var w = u + 1
        // "a year and a half ago"
        if c.isWord(w, "and"), c.isWord(w + 1, "a"), c.isWord(w + 2, "half") { w += 3 }
        guard let re = c.entry(w) else { return nil }
        var dir: String
        var last = w
        if re.flags.contains(.relAgo) || re.flags.contains(.relBefore) { dir = "past" }
        else if re.flags.contains(.relAfter) { dir = "future" }
        else if c.isWord(w, "from"), c.isWord(w + 1, "now") { dir = "future"; last = w + 1 }   // "two weeks from now"
        else { return nil }
        var first = i
        if bracketed {
            first = i - 1
        } else if first - 1 > floor, c.isWord(first, "a"), c.isWord(first - 1, "half") {
            first -= 1   // "half a century ago"
        } else if first - 1 > floor, c.isAny(first - 1, HoistedWords.w_over_about_nearly_almost_around_some_rough29) {
            first -= 1
            if first - 1 > floor, c.isAny(first - 1, HoistedWords.w_just_more_less) || c.isWord(first, "than") { first -= 1 }
        } else if first - 2 > floor, c.isWord(first - 1, "than"), c.isAny(first - 2, HoistedWords.w_more_less) {
            first -= 2
        }
        var s = make(c, first, last, kind: "relative", score: 0.85, "count of \(ue.unit)s with '\(c.text(w, last))'")
        s.attributes[FindingAttribute.relativeUnit] = ue.unit
        s.attributes[FindingAttribute.relativeDirection] = dir
        _ = n
        return s
    }

    /// `last month`, `this year`, `the next day`, `the previous week`, `earlier this month`,
    /// `later that day`, `early last month`, `the past 30 days`, `the weekend`, `last summer`.
    func qualified(_ c: PatternCursor, at i: Int, after floor: Int) -> ScoredFinding? {
        var j = i
        var part: String?
        var earlierLater = false
        if c.has(j, .part) && !c.isWord(j, "mid") { part = c.entry(j)!.word; j += 1 }
        else if c.isWord(j, "earlier") || c.isWord(j, "later") {
            earlierLater = true; j += 1
        }
        var the = false
        if c.isWord(j, "the") { the = true; j += 1 }
        // "the weekend"
        if the && part == nil && !earlierLater && c.isWord(j, "weekend") {
            var s = make(c, i, j, kind: "relative", score: 0.7, "'the weekend'")
            s.attributes[FindingAttribute.relativeUnit] = "week"
            s.attributes[FindingAttribute.relativeDirection] = "past"
            return s
        }
        // "the night before", "the day after", "the week before": a day or period next to one
        // the story names (the anchor, when there is one, is found on its own).
        if the && part == nil && !earlierLater, let ue = c.entry(j),
           ue.flags.contains(.daypart) && !c.isAny(j, HoistedWords.w_noon_midnight)
            || ue.flags.contains(.unit) && HoistedWords.s_day_week_month_year_weekend.contains(ue.word),
           c.isAny(j + 1, HoistedWords.w_before_after), !c.isWord(j + 2, "yesterday"), !c.isWord(j + 2, "tomorrow") {
            var s = make(c, i, j + 1, kind: "relative", score: 0.7, "'the \(ue.word) \(c.text(j + 1, j + 1))'")
            s.attributes[FindingAttribute.relativeUnit] = ue.flags.contains(.daypart) ? "day" : ue.unit
            s.attributes[FindingAttribute.relativeDirection] = c.isWord(j + 1, "before") ? "past" : "future"
            return s
        }
        guard let q = c.entry(j), q.flags.contains(.qualifier) else { return nil }
        // "that night", "that year": the period the story has named; not "that day laborers".
        if c.isWord(j, "that") && !earlierLater {
            guard part == nil, !the, let ue = c.entry(j + 1),
                  ue.flags.contains(.daypart) || ue.flags.contains(.unit) && HoistedWords.s_day_week_month_year_weekend.contains(ue.word),
                  !(c.kind(j + 2) == .word && c.isLower(j + 2) && !c.isAny(j + 2, DateRecognizer.thatFollowers)) else { return nil }
        }
        if c.isWord(j, "same") && !the { return nil }
        if (c.isAny(j, HoistedWords.w_next_following_previous_preceding_same_coming)) && !the && !c.isWord(j, "next") { return nil }
        var k = j + 1
        if c.isWord(j, "this"), c.isAny(k, HoistedWords.w_past_coming) { k += 1 }
        // "the past 30 days", "the next few weeks"
        if let (_, ce) = c.count(at: k), c.kind(k) == .number || c.has(k, .number) && !c.isWord(k, "a") {
            if let ue = c.entry(ce + 1), ue.flags.contains(.unit) {
                var end = ce + 1
                // "the last five months of her life", "the first two years of his presidency"
                if c.isWord(end + 1, "of"), c.isAny(end + 2, DateRecognizer.possessives), c.isAny(end + 3, DateRecognizer.lifeSpans) { end += 3 }
                var s = make(c, i, end, kind: "relative", score: 0.75, "'\(q.word)' with a count of \(ue.unit)s")
                s.attributes[FindingAttribute.relativeUnit] = ue.unit
                s.attributes[FindingAttribute.relativeDirection] = q.name
                return s
            }
            return nil
        }
        guard let ue = c.entry(k) else { return nil }
        var unit: String
        if ue.flags.contains(.unit), HoistedWords.s_day_week_month_year_decade_century.contains(ue.unit),
           !HoistedWords.s_days_weeks_months_years_decades_centuries_39.contains(ue.word) {
            unit = ue.unit
            if c.has(k + 1, .daypart) && ue.word == "day" { k += 1 }
        } else if ue.flags.contains(.daypart) || ue.flags.contains(.season) {
            unit = "day"
            if ue.flags.contains(.season) { unit = "year" }
            if !the && !c.isAny(j, HoistedWords.w_last_this_next_that) { return nil }
        } else {
            return nil
        }
        if ue.word == "night" || ue.word == "nights" { unit = "day" }
        // "the next day": only with "the" for next/following/previous
        if c.isAny(j, HoistedWords.w_past) && !the { return nil }
        var s = make(c, i, k, kind: "relative", score: 0.8, "'\(q.word) \(ue.word)'" + (part.map { " with '\($0)'" } ?? "") + (earlierLater ? " with '\(c.text(i, i))'" : ""))
        s.attributes[FindingAttribute.relativeUnit] = unit
        s.attributes[FindingAttribute.relativeDirection] = q.name == "present" && earlierLater ? (c.isWord(i, "earlier") ? "past" : "future") : q.name
        if part != nil { s.attributes[FindingAttribute.dateKind] = "part" }
        if c.isWord(j, "this") && unit == "year" && part == nil && !earlierLater { s.adjust(-0.1, "'this year' is broad") }
        return s
    }
}

/// Word lists of this file's checks, built once instead of at every call.
private enum HoistedWords {
    static let w_noon_midnight: [StaticString] = ["noon", "midnight"]
    static let w_at_by_until_till_before_after_around_past_1: [StaticString] = ["at", "by", "until", "till", "before", "after", "around", "past", "from", "about"]
    static let w_final_last: [StaticString] = ["final", "last"]
    static let w_half_quarter: [StaticString] = ["half", "quarter"]
    static let w_this_last_next: [StaticString] = ["this", "last", "next"]
    static let w_new_same_current_following_previous_next_last: [StaticString] = ["new", "same", "current", "following", "previous", "next", "last"]
    static let w_years_months_weeks_days_decades: [StaticString] = ["years", "months", "weeks", "days", "decades"]
    static let w_and_or_when_as_was_were_is_had_has_the_a_h7: [StaticString] = ["and", "or", "when", "as", "was", "were", "is", "had", "has", "the", "a", "he", "she", "they", "it", "we", "i", "that", "before", "after"]
    static let w_new_lunar_chinese: [StaticString] = ["new", "lunar", "chinese"]
    static let w_day_eve: [StaticString] = ["day", "eve"]
    static let w_day_week_month: [StaticString] = ["day", "week", "month"]
    static let w_before_after: [StaticString] = ["before", "after"]
    static let w_holiday_holidays: [StaticString] = ["holiday", "holidays"]
    static let w_early_late_small_wee: [StaticString] = ["early", "late", "small", "wee"]
    static let w_and_or_to_through: [StaticString] = ["and", "or", "to", "through"]
    static let w_on_at_by_before_after_over_during_until_since: [StaticString] = ["on", "at", "by", "before", "after", "over", "during", "until", "since"]
    static let w_armistice_remembrance_veterans: [StaticString] = ["armistice", "remembrance", "veterans"]
    static let w_island_islands_tree_trees_card_cards_carol12: [StaticString] = ["island", "islands", "tree", "trees", "card", "cards", "carol", "carols", "market", "markets"]
    static let w_day_eve_sunday_monday_week: [StaticString] = ["day", "eve", "sunday", "monday", "week"]
    static let w_tet_eid: [StaticString] = ["tet", "eid"]
    static let w_this_last_that: [StaticString] = ["this", "last", "that"]
    static let w_st_nd_rd_th: [StaticString] = ["st", "nd", "rd", "th"]
    static let w_last_next_this_past_coming: [StaticString] = ["last", "next", "this", "past", "coming"]
    static let w_on_last_next_this_since_until_by: [StaticString] = ["on", "last", "next", "this", "since", "until", "by"]
    static let w_last_next_this: [StaticString] = ["last", "next", "this"]
    static let w_on_last_next_this: [StaticString] = ["on", "last", "next", "this"]
    static let w_mid_early_late: [StaticString] = ["mid", "early", "late"]
    static let w_s: [StaticString] = ["s"]
    static let w_at_around_about_by_until_before_after_from: [StaticString] = ["at", "around", "about", "by", "until", "before", "after", "from"]
    static let w_quarter_half: [StaticString] = ["quarter", "half"]
    static let w_first_second_third_fourth_final_last: [StaticString] = ["first", "second", "third", "fourth", "final", "last"]
    static let w_on_by_since_until_till_from_before_after: [StaticString] = ["on", "by", "since", "until", "till", "from", "before", "after"]
    static let w_am_pm: [StaticString] = ["am", "pm"]
    static let w_morning_afternoon_evening: [StaticString] = ["morning", "afternoon", "evening"]
    static let w_and_to_when_as_was_were_is_had_has_saw_she28: [StaticString] = ["and", "to", "when", "as", "was", "were", "is", "had", "has", "saw", "she", "he", "they", "it", "we", "i"]
    static let w_over_about_nearly_almost_around_some_rough29: [StaticString] = ["over", "about", "nearly", "almost", "around", "some", "roughly", "exactly", "only", "just"]
    static let w_just_more_less: [StaticString] = ["just", "more", "less"]
    static let w_more_less: [StaticString] = ["more", "less"]
    static let w_next_following_previous_preceding_same_coming: [StaticString] = ["next", "following", "previous", "preceding", "same", "coming"]
    static let w_past_coming: [StaticString] = ["past", "coming"]
    static let w_last_this_next_that: [StaticString] = ["last", "this", "next", "that"]
    static let w_past: [StaticString] = ["past"]
    static let s_last_next_this_past_coming: [String] = ["last", "next", "this", "past", "coming"]
    static let s_day_week_month_year_weekend: [String] = ["day", "week", "month", "year", "weekend"]
    static let s_day_week_month_year_decade_century: [String] = ["day", "week", "month", "year", "decade", "century"]
    static let s_days_weeks_months_years_decades_centuries_39: [String] = ["days", "weeks", "months", "years", "decades", "centuries", "nights", "weekends"]
}

import VeilModel

/// Ages: `20-year-old`, `aged 45`, `45 years old`, `in his 40s`, `mid-forties`, `(32)` or `, 32,`
/// after a name, `under the age of seven`, `four and younger`, `teenage`. Fills
/// `FindingAttribute.ageYears` (the decade's start for "in his 40s").
struct AgeRecognizer: Recognizer {
    let id = "age.pattern"
    let summary = "Ages of people, stated as numbers, decades or age words"

    let matchingExamples = [
        "The civilian was [[40-year-old]] Lin Lin.",
        "A boy, [[14]], and his sister, [[aged nine]], were hurt. Renee, [[38]], now lives in Baytown.",
        "Shahidul Islam, [[aged 50]], was an organizer.",
        "Han Hye Young of [[36 years old]] met a reporter.",
        "He recruited acquaintances [[in their 20s and 30s]] to help.",
        "A man [[in his 40s]] and a woman [[in her mid-forties]] were held, with a [[late-thirties]] driver.",
        "Two protesters, Sem Kim Sear, [[35]], and Mao Chorn, [[56]], were arrested.",
        "The driver Kim Chol [[(32)]] was fined.",
        "Almost all were children [[under the age of seven]], and those [[four and younger]] suffered most.",
        "A [[teenage]] girl and a [[twenty-year-old]] man were detained.",
        "She was [[17]] when she crossed, and he turned [[40]] in prison; when they were [[20]], they left.",
        "My sister calls every month. She is [[24]] now.",
    ]
    let nonMatchingExamples = [
        "He served 15 years in prison and paid 3,000 yuan.",
        "However, 38 people died. Meanwhile, 12 more came, and Overall, 40 left.",
        "On May 6, 35 people were detained in the 1990s.",
        "Chapter 3, 4 and 5 describe the camps; the age of steam is over.",
        "The toll was 17 and rising; the score is 3 to 1; there were 40 in the room.",
    ]

    func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let c = PatternCursor(text)
        var i = 0
        var lastEnd = -1
        let trigger: PatternLexicon.Flags = [.number, .ageWord, .possessive, .decade, .ageTeen]
        while i < c.count {
            let kind = c.tokens[i].kind
            let candidate = kind == .number || c.has(i, trigger) || kind == .word && c.length(i) > 9
            if candidate, let (s, end) = match(c, at: i, after: lastEnd) {
                findings.append(s.finding(in: text))
                lastEnd = end
                i = end + 1
            } else {
                i += 1
            }
        }
    }

    func make(_ c: PatternCursor, _ a: Int, _ b: Int, years: Int?, score: Double, _ reason: String) -> (ScoredFinding, Int) {
        var s = ScoredFinding(range: c.span(a, b), category: .age, score: score, recognizer: id, reasons: ["age pattern: " + reason])
        if let y = years { s.attributes[FindingAttribute.ageYears] = String(y) }
        return (s, b)
    }

    /// A plausible age (0-120) written in digits or words at `i`.
    func ageValue(_ c: PatternCursor, _ i: Int) -> Int? {
        if c.kind(i) == .number {
            guard c.isPlainDigits(i), c.length(i) <= 3, let v = c.intValue(i), v <= 120 else { return nil }
            return v
        }
        if let e = c.entry(i), e.flags.contains(.number), !c.isAny(i, HoistedWords.w_a_an_several_few_couple_dozen_hundred) { return e.number }
        return nil
    }

    /// The decade at `i`: `40s` (two tokens) or `forties` / `mid-forties`; value and last token.
    func decade(_ c: PatternCursor, _ i: Int) -> (Int, Int)? {
        if c.kind(i) == .number, c.length(i) == 2, let v = c.intValue(i), v % 10 == 0, v >= 10, c.touches(i), c.isWord(i + 1, "s") {
            return (v, i + 1)
        }
        if let e = c.entry(i), e.flags.contains(.decade) { return (e.number, i) }
        return nil
    }

    func match(_ c: PatternCursor, at i: Int, after floor: Int) -> (ScoredFinding, Int)? {
        let f = c.flags(i)
        // 20-year-old, 20 year old, 20-years-old
        if let v = ageValue(c, i) {
            if c.isDash(i + 1), c.touches(i), c.touches(i + 1), c.has(i + 2, .ageSuffix) {
                return make(c, i, i + 2, years: v, score: 0.9, "'N-year-old'")
            }
            if c.isAny(i + 1, HoistedWords.w_year_years), c.isWord(i + 2, "old") {
                return make(c, i, i + 2, years: v, score: 0.9, "'N years old'")
            }
            if c.isAny(i + 1, HoistedWords.w_year_years), c.isWord(i + 2, "of"), c.isWord(i + 3, "age") {
                return make(c, i, i + 3, years: v, score: 0.9, "'N years of age'")
            }
            if c.isWord(i + 1, "and"), c.has(i + 2, .ageBound), !c.isWord(i + 2, "over") || c.isWord(i - 1, "aged") {
                return make(c, i, i + 2, years: v, score: 0.75, "'N and younger/older'")
            }
            // "was 17 when", "when she was 17", "turned 40 in": a person's age in a clause about them
            if c.kind(i) == .number, v >= 1, v <= 110, i - 1 > floor,
               c.isAny(i - 1, ["turned", "turns"]) && !c.has(i + 1, [.unit, .currencyWord, .multiplier])
                || c.isAny(i - 1, ["was", "is", "were"]) && (c.isWord(i + 1, "when")
                    || c.isAny(i - 2, ["she", "he", "i", "they", "we"]) && (c.isPunct(i + 1, 0x2E) || c.isPunct(i + 1, 0x2C) || c.isAny(i + 1, ["at", "when", "now"]))) {
                return make(c, i, i, years: v, score: 0.7, "'\(c.text(i - 1, i - 1)) N' about a person")
            }
            // "(32)" after a name
            if c.kind(i) == .number, c.isPunct(i - 1, 0x28), c.isPunct(i + 1, 0x29), c.isNameWord(i - 2), i - 1 > floor, v >= 1 {
                return make(c, i - 1, i + 1, years: v, score: 0.75, "'(N)' after a name")
            }
            // ", 35," after a name
            if c.kind(i) == .number, c.isPunct(i - 1, 0x2C), c.isNameWord(i - 2),
               !c.startsSentence(i - 2) || c.isNameWord(i - 3) || AgeRecognizer.nameAtSentenceStart(c, i - 2),
               c.isPunct(i + 1, 0x2C) || c.isPunct(i + 1, 0x2E) || c.isPunct(i + 1, 0x29) || c.isPunct(i + 1, 0x3B),
               !c.has(i - 2, [.month, .monthAbbrev, .weekday, .placeUnit, .unit]), v >= 10, v <= 110 {
                return make(c, i, i, years: v, score: 0.7, "', N,' after a name")
            }
            // "a boy, 14, and his sister": ", N," after a noun for a person
            if c.kind(i) == .number, c.isPunct(i - 1, 0x2C), c.isPunct(i + 1, 0x2C), c.isAny(i - 2, AgeRecognizer.personNouns),
               v >= 1, v <= 110, c.length(i) <= 3 {
                return make(c, i, i, years: v, score: 0.7, "', N,' after '\(c.text(i - 2, i - 2))'")
            }
        }
        // "twenty-year-old": one hyphenated word
        if c.kind(i) == .word, c.length(i) > 9, c.bytes[c.tokens[i].range.upperBound - 1] | 0x20 == 0x64 || c.bytes[c.tokens[i].range.upperBound - 1] | 0x20 == 0x73,
           c.bytes[c.tokens[i].range].contains(0x2D) {
            let t = c.text(i, i).lowercased()
            for suffix in ["-year-old", "-years-old", "-year-olds", "-month-old"] where t.hasSuffix(suffix) {
                let head = String(t.dropLast(suffix.count))
                if let idx = c.lexicon.index[Lexicon.key(head)], c.lexicon.entries[Int(idx)].flags.contains(.number) {
                    return make(c, i, i, years: suffix.hasPrefix("-month") ? 0 : c.lexicon.entries[Int(idx)].number, score: 0.9, "'N-year-old' in words")
                }
            }
        }
        // aged 45, age 45, ages 20 to 30, at the age of 45, under the age of seven
        if f.contains(.ageWord) {
            if c.isAny(i, HoistedWords.w_aged_age_ages), let v = ageValue(c, i + 1) {
                var end = i + 1
                if (c.isWord(end + 1, "to") || c.isDash(end + 1) || c.isWord(end + 1, "and")), ageValue(c, end + 2) != nil { end += 2 }
                else if c.isWord(end + 1, "and"), c.has(end + 2, .ageBound) { end += 2 }
                return make(c, i, end, years: v, score: 0.9, "'\(c.text(i, i).lowercased()) N'")
            }
            if c.isWord(i, "age"), c.isWord(i + 1, "of"), let v = ageValue(c, i + 2) {
                var start = i
                if c.isWord(i - 1, "the"), i - 1 > floor { start = i - 1 }
                if c.isAny(start - 1, HoistedWords.w_under_over_above_below), start - 1 > floor { start -= 1 }
                return make(c, start, i + 2, years: v, score: 0.85, "'the age of N'")
            }
        }
        // in his 40s, in their 20s and 30s, her mid-forties, in his early 30s
        if f.contains(.possessive) {
            var j = i + 1
            if c.has(j, .part) { j += 1 }
            if let (v, de) = decade(c, j) {
                var end = de
                if c.isWord(end + 1, "and") || c.isWord(end + 1, "or") || c.isDash(end + 1), let (_, de2) = decade(c, end + 2) { end = de2 }
                var start = i
                if c.isWord(i - 1, "in"), i - 1 > floor { start = i - 1 }
                return make(c, start, end, years: v, score: 0.85, "decade of life after a possessive")
            }
        }
        // mid-forties, late-twenties (hyphenated part + decade word)
        if f.contains(.decade), c.text(i, i).contains("-") {
            return make(c, i, i, years: c.entry(i)!.number, score: 0.8, "part of a decade of life")
        }
        if f.contains(.ageTeen) {
            return make(c, i, i, years: 15, score: 0.7, "age word '\(c.entry(i)!.word)'")
        }
        return nil
    }
}

extension AgeRecognizer {
    /// `Renee, 38, now lives`: a sentence's first word that is a given name or no ordinary word.
    static func nameAtSentenceStart(_ c: PatternCursor, _ k: Int) -> Bool {
        let shape = TextShapeCache.shared.shape(c.text)
        return shape.given(k) != nil || !shape.isCommon(k, zipf: 3.5)
    }

    /// Nouns for a person after which ", N," is an age.
    static let personNouns = WordSet(["boy", "girl", "man", "woman", "teenager", "teen", "son", "daughter", "child", "mother",
                                      "father", "wife", "husband", "brother", "sister", "student", "victim", "resident",
                                      "farmer", "worker", "suspect", "defector", "grandmother", "grandfather", "widow", "baby"])
}

/// Word lists of this file's checks, built once instead of at every call.
private enum HoistedWords {
    static let w_a_an_several_few_couple_dozen_hundred: [StaticString] = ["a", "an", "several", "few", "couple", "dozen", "hundred"]
    static let w_year_years: [StaticString] = ["year", "years"]
    static let w_aged_age_ages: [StaticString] = ["aged", "age", "ages"]
    static let w_under_over_above_below: [StaticString] = ["under", "over", "above", "below"]
}

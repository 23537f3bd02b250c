import VeilModel

/// Occupations and roles of individual people, from the lexicon `patterns/occupations.tsv`, with
/// the modifiers that make them identifying: `a Hyesan-based smuggler`, `a village policeman in
/// Hotan`, `an officer from the Yapchan police station`, `the junta's spokesperson for Sagaing
/// region`, and titles before a name (`activist Vong Sokhengly`, `Provincial police chief Si
/// Kiri`). Generic plurals in background sentences ("soldiers seized", "traders were barred")
/// are not reported: only a singular role with a determiner, a headline role, or a role used as
/// a title before a name.
struct OccupationRecognizer: Recognizer {
    let id = "occupation.role"
    let summary = "Occupations and roles of individual people, with identifying modifiers"

    let matchingExamples = [
        "The order was given by [[a Hyesan-based smuggler]] last week.",
        "[[A village policeman in Hotan]] confirmed the rule.",
        "[[An officer from the Yapchan police station]] declined to answer.",
        "Calls to [[the junta's spokesperson for Sagaing region]] went unanswered.",
        "In a video, [[activist]] Vong Sokhengly said he was picked up.",
        "[[Provincial police chief]] Si Kiri denied the arrest.",
        "[[Land activist]] detained, then freed",
        "He phoned [[another union organizer]] for help.",
        "Nuon Mun, [[a 65-year-old village representative]], said so.",
        "Two of them, [[journalists]] Phan Bui Bao Thy and Le Anh Dung, were detained.",
        "[[A border guard]] and [[a party official]] were arrested.",
        "[[An official assigned to North Hamgyong Province's Ministry of State Security (MSS) in Onsong County]] was detained.",
    ]
    let nonMatchingExamples = [
        "Junta soldiers seized six villagers, and traders were barred from the market.",
        "Guards at the checkpoints were told to send people home.",
        "A missionary organization has been showing the video.",
        "Workers were told to guard the border.",
    ]

    func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let c = PatternCursor(text)
        var lastEnd = -1
        var h = 0
        while h < c.count {
            let f = c.flags(h)
            if f.contains(.occupation) || f.contains(.occupationPlural), h > lastEnd, let (s, end) = role(c, head: h, after: lastEnd) {
                findings.append(s.finding(in: text))
                lastEnd = end
                h = end + 1
                continue
            }
            h += 1
        }
    }

    /// The role phrase whose head is token `h`.
    func role(_ c: PatternCursor, head h: Int, after floor: Int) -> (ScoredFinding, Int)? {
        let f = c.flags(h)
        let plural = !f.contains(.occupation)
        // a noun compound continues: "party official" is read at "official"; "activist group" is no person
        if c.has(h + 1, [.occupation, .occupationPlural]) && c.isLower(h + 1) { return nil }
        if c.has(h + 1, .nounHead) && c.isLower(h + 1) { return nil }
        // verbs: "to guard the border", "will head the team"
        if c.isAny(h - 1, HoistedWords.w_to_will_would_can_could_must_should_may_might) && c.isLower(h) { return nil }
        var start = h
        var determiner = false
        var modifiers = 0
        var j = h - 1
        var steps = 0
        while j > floor && steps < 7 {
            steps += 1
            if c.isBased(j) {
                var k = j
                while k - 1 > floor && c.isNameWord(k - 1) { k -= 1 }
                start = k; j = k - 1; modifiers += 1; continue
            }
            // "65-year-old"
            if c.has(j, .ageSuffix), c.isDash(j - 1), c.kind(j - 2) == .number, j - 2 > floor {
                start = j - 2; j -= 3; modifiers += 1; continue
            }
            if c.has(j, [.determiner, .possessive]) && !c.isAny(j, HoistedWords.w_that_this_these_those_both_two_three_four_1) {
                if c.isWord(j, "our") { return nil }
                start = j; determiner = true; break
            }
            // Byte tests on the word (no string): a hyphen inside, a possessive or `-ed` ending.
            let isWord = c.kind(j) == .word
            if c.isLowerModifier(j) || c.has(j, .sourceMod)
                || isWord && c.isLower(j) && c.contains(j, 0x2D) && !c.hasSuffix(j, "'s")
                || isWord && c.isLower(j) && c.hasSuffix(j, "ed") && c.has(j - 1, .determiner) {
                start = j; modifiers += 1; j -= 1; continue
            }
            if c.isNameWord(j) {
                let possessive = c.hasSuffix(j, "'s") || c.hasSuffix(j, "’s")
                start = j; modifiers += 1; j -= 1
                if possessive {
                    // "the junta's spokesperson", "Viasna's activists"
                    if c.isWord(j, "the"), j > floor { start = j; determiner = true }
                    break
                }
                continue
            }
            if c.kind(j) == .word, c.isLower(j), c.hasSuffix(j, "'s") || c.hasSuffix(j, "’s") {
                start = j; determiner = true
                if c.isWord(j - 1, "the"), j - 1 > floor { start = j - 1 }
                break
            }
            break
        }
        var end = h
        var k = h + 1
        var post = 0
        while post < 3 && k < c.count {
            post += 1
            var p = k
            if c.isAny(p, HoistedWords.w_assigned_stationed_posted_working_based), c.isAny(p + 1, HoistedWords.w_to_at_in_for) { p += 1 }
            guard c.isAny(p, HoistedWords.w_in_from_at_of_for_with_to) else { break }
            if c.isAny(p, HoistedWords.w_to_with) && p == k { break }
            if let e = c.namedChunk(at: p + 1) {
                end = e; k = e + 1; continue
            }
            // "from battalion No. 6005", "of unit 8"
            var q = p + 1
            if c.isWord(q, "the") { q += 1 }
            if c.kind(q) == .word, c.isLower(q) {
                if c.isWord(q + 1, "no"), c.isPunct(q + 2, 0x2E), c.kind(q + 3) == .number { end = q + 3; k = q + 4; continue }
                if c.kind(q + 1) == .number { end = q + 1; k = q + 2; continue }
            }
            break
        }
        let beforeName = c.isNameWord(end + 1) && !c.has(end + 1, [.sourceVerb]) && end == h && (c.isLower(h) || !plural)
        let headline = c.startsLine(start) && !plural
        var score: Double
        var reason: String
        if beforeName {
            score = 0.8; reason = "title before a name"
        } else if plural {
            return nil
        } else if determiner {
            score = 0.7; reason = "singular role with a determiner"
        } else if headline {
            score = 0.6; reason = "role at the start of a headline or line"
        } else if modifiers > 0 {
            score = 0.55; reason = "role with modifiers"
        } else {
            return nil
        }
        var s = ScoredFinding(range: c.span(start, end), category: .occupation, score: score, recognizer: id,
                              reasons: [String(joining: ["occupation '", c.entry(h)?.word ?? "", "' from the role lexicon"]), reason])
        if end > h { s.adjust(0.1, "place or unit attached") }
        if modifiers > 0 && !beforeName { s.adjust(0.05, "identifying modifiers") }
        return (s, end)
    }
}

/// Word lists of this file's checks, built once instead of at every call.
private enum HoistedWords {
    static let w_to_will_would_can_could_must_should_may_might: [StaticString] = ["to", "will", "would", "can", "could", "must", "should", "may", "might"]
    static let w_that_this_these_those_both_two_three_four_1: [StaticString] = ["that", "this", "these", "those", "both", "two", "three", "four", "five", "several", "some", "many", "other", "any"]
    static let w_assigned_stationed_posted_working_based: [StaticString] = ["assigned", "stationed", "posted", "working", "based"]
    static let w_to_at_in_for: [StaticString] = ["to", "at", "in", "for"]
    static let w_in_from_at_of_for_with_to: [StaticString] = ["in", "from", "at", "of", "for", "with", "to"]
    static let w_to_with: [StaticString] = ["to", "with"]
}

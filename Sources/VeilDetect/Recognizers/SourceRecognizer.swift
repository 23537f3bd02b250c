import VeilModel

/// Anonymous-source phrasing: the noun phrase that stands for an unnamed source, with its
/// modifiers ("a separate source in North Hamgyong Province with knowledge of the case", "a
/// Ryanggang Province-based source", "two people familiar with the matter", "a resident who
/// asked not to be named"). Words that always mean a source (`source`, `informant`, `insider`)
/// need only a determiner or modifier; person nouns (`resident`, `official`, `man`, `villagers`)
/// count only when attribution says they are the source: a reporting verb after them ("residents
/// said", "the man added"), "according to" before them, or an anonymity clause. Each finding lists
/// its qualifiers (place, role, relation, count, affiliation) with their byte ranges.
struct SourceRecognizer: Recognizer {
    let id = "source.descriptor"
    let summary = "Noun phrases describing an unnamed source, with their attached details"

    let matchingExamples = [
        "“Agents demand bribes,” [[a source in Ryanggang Province]] told Daily NK.",
        "[[A Ryanggang Province-based source]] said prices rose.",
        "“Many will be rounded up,” said [[a separate source in Ryanggang Province]].",
        "[[The source]] also added that agents use informants.",
        "[[Two people familiar with the matter]] said the talks failed.",
        "[[An official who spoke on condition of anonymity]] said the order came from Pyongyang.",
        "[[A resident who asked not to be named]] said troops burned houses.",
        "[[A trader in Hyesan]] told Daily NK that rice prices doubled.",
        "According to [[a source]], the order was issued on Monday.",
        "[[An informant]] said the camp was expanded.",
        "[[A relative of the detainee]] told RFA that he was beaten.",
        "[[Daily NK sources]] think the authorities may step in.",
        "According to [[the Sinuiju source]], merchants are holding off.",
        "[[A number of sources in North Korea]] told the Daily NK on Wednesday.",
        "[[The family of the informant]] said no permits would be issued.",
        "[[Residents of Ayadaw township]] said the troops shelled the village.",
        "[[Locals]] said close to 8,000 people had fled.",
        "[[One of the people familiar with the situation]] said a relative visited.",
        "[[A North Korean official]] said the plan was dropped.",
        "[[A senior administration official, who spoke on condition of anonymity]], confirmed the plan.",
        "[[A senior official in the provincial party committee, who requested anonymity because he was not authorized to speak]], said so.",
        "[[An aide to the minister, speaking on background]], confirmed the meeting.",
        "[[An official at the ministry, speaking anonymously]], denied the report.",
        "[[An aid worker]] said supplies were short.",
    ]
    let nonMatchingExamples = [
        "Health officials closed the border north of the city.",
        "Traders from other regions were barred from entering the city.",
        "He had taken money from a foreign source for shooting video.",
        "MSS agents are using informants arrested for drug deals.",
        "Villager Kem Sokha said they were crueler than the Khmer Rouge.",
        "Source: Viasna Belarus Human Rights Center in English",
        "Junta soldiers seized six villagers and set homes on fire.",
        "Open source software is a source of income for many developers.",
        "The official statement was issued at the ministry on Monday.",
    ]

    func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let c = PatternCursor(text)
        var lastEnd = -1
        var h = 0
        while h < c.count {
            let f = c.flags(h)
            if f.contains(.sourceStrong) || (f.contains(.sourceWeak) || c.length(h) == 11 && c.isWord(h, "ex-defector")) && mayBeAttributed(c, h), h > lastEnd,
               let (s, end) = descriptor(c, head: h, after: lastEnd) {
                findings.append(s.finding(in: text))
                lastEnd = end
                h = end + 1
                continue
            }
            h += 1
        }
    }

    /// Cheap pre-check for person nouns: a reporting verb or anonymity word follows within a
    /// sentence-sized window, or "according" comes just before.
    func mayBeAttributed(_ c: PatternCursor, _ h: Int) -> Bool {
        var j = h + 1
        let limit = min(c.count, h + 25)
        while j < limit {
            if c.has(j, [.sourceVerb, .sourceAnon]) { return true }
            j += 1
        }
        var k = h - 1
        while k >= 0 && k >= h - 8 {
            if c.has(k, [.sourceVerb, .sourceAnon]) || c.isWord(k, "according") { return true }
            k -= 1
        }
        return false
    }

    // Word lists tested at many tokens, looked up by token key (`PatternCursor.isAny(_:_:)`).
    static let notPersonNext = WordSet(["code", "material", "materials", "text", "file", "files"])
    static let chunkPrepositions = WordSet(["in", "from", "inside", "near", "within", "at", "of", "across"])
    static let clauseVerbs = WordSet(["said", "says", "told", "tells", "added", "adds", "explained", "noted", "confirmed", "claimed", "recalled", "stated", "warned", "reported", "described", "revealed"])
    static let auxiliaries = WordSet(["has", "have", "had", "would", "will", "could", "also", "did", "does", "do"])
    static let nonAttributingVerbs = WordSet(["asked", "urged", "agreed", "denied", "deny", "denies", "shared", "admitted", "admit", "admits", "acknowledged"])
    static let precedingVerbs = WordSet(["said", "says", "added", "adds", "explained", "noted", "recalled", "stated", "warned", "confirmed", "claimed", "reported"])
    static let knowledgeWords = WordSet(["knowledge", "of", "the", "with", "to", "direct", "ties", "links", "close", "access", "connections", "a", "an", "this", "that"])

    /// Words that, before `source`, make it a thing rather than a person.
    static let thingSources: Set<String> = [
        "open", "energy", "power", "water", "food", "income", "revenue", "light", "heat", "data", "main",
        "primary", "major", "funding", "common", "renewable", "radiation", "heat",
    ]

    /// The source descriptor whose head noun is token `h`, with its last token.
    func descriptor(_ c: PatternCursor, head h: Int, after floor: Int) -> (ScoredFinding, Int)? {
        guard let he = c.entry(h) else { return nil }
        let strong = he.flags.contains(.sourceStrong)
        let plural = he.word.hasSuffix("s") || HoistedWords.s_people_men_women.contains(he.word)
        // "Source:" label; "source code"; "villager Kem Sokha" (a title before a name).
        if c.isPunct(h + 1, 0x3A) { return nil }
        if c.isNameWord(h + 1) && !c.startsSentence(h + 1) && !c.has(h + 1, .sourceVerb) && !strong { return nil }
        if c.isCapitalized(h + 1) && !strong && c.kind(h + 1) == .word && !c.has(h + 1, [.sourceVerb, .datePrep, .determiner]) { return nil }
        if c.has(h + 1, .nounHead) || c.isAny(h + 1, SourceRecognizer.notPersonNext) { return nil }
        if strong && c.isWord(h + 1, "of") && !c.isWord(h + 2, "the") && c.isLower(h + 2) { return nil }
        if strong, let p = c.entry(h - 1), SourceRecognizer.thingSources.contains(p.word) { return nil }
        if strong, c.kind(h - 1) == .word, SourceRecognizer.thingSources.contains(c.text(h - 1, h - 1).lowercased()) { return nil }
        var qualifiers: [Qualifier] = []
        var reasons: [String] = []
        func qual(_ kind: Qualifier.Kind, _ a: Int, _ b: Int) {
            qualifiers.append(Qualifier(kind: kind, text: c.text(a, b), range: c.span(a, b)))
        }
        // Pre-modifiers and determiner, leftwards.
        var start = h
        var hasDeterminer = false
        var hasModifier = false
        var anonymous = false
        var j = h - 1
        var steps = 0
        var nounModifiers: Range<Int>?
        while j > floor && steps < 8 {
            steps += 1
            let f = c.flags(j)
            if c.isBased(j) {
                // "Ryanggang Province-based": take the name words before it too
                var k = j
                while k - 1 > floor && c.isNameWord(k - 1) { k -= 1 }
                qual(.place, k, j)
                start = k; j = k - 1; hasModifier = true
                continue
            }
            if f.contains(.sourceAnon) { anonymous = true; start = j; j -= 1; hasModifier = true; continue }
            if f.contains(.determiner) {
                start = j; hasDeterminer = true
                if f.contains(.number) && !c.isAny(j, HoistedWords.w_a_an) { qual(.count, j, j) }
                // "one of the", "a number of", "some of the"
                if c.isWord(j, "the") || c.isAny(j, HoistedWords.w_a_an) {
                    if c.isWord(j - 1, "of"), j - 2 > floor, c.has(j - 2, [.number, .determiner]) || c.isAny(j - 2, HoistedWords.w_many_most_all_some_none) {
                        start = j - 2; qual(.count, j - 2, j - 1)
                    }
                }
                break
            }
            if c.isWord(j, "of"), c.isWord(j - 1, "number"), c.isAny(j - 2, HoistedWords.w_a_an_the), j - 2 > floor {
                start = j - 2; hasDeterminer = true; qual(.count, j - 2, j); break
            }
            if f.contains(.number) || c.kind(j) == .number && !c.isPunct(j - 1, 0x24) {
                start = j; hasDeterminer = true; qual(.count, j, j); j -= 1; continue
            }
            if f.contains(.sourceMod) || c.isLowerModifier(j) || c.isWord(j, "ex-defector") {
                start = j; hasModifier = true; j -= 1; continue
            }
            // A noun used as a modifier ("a senior administration official", "an aid worker"):
            // only when a determiner or modifier closes the phrase within two more words.
            if nounModifier(c, j), j - 1 > floor,
               c.has(j - 1, [.determiner, .sourceMod]) || c.isLowerModifier(j - 1)
                || (nounModifier(c, j - 1) && j - 2 > floor && c.has(j - 2, [.determiner, .sourceMod])) {
                // "fire service", "administration": whom the source works for, an affiliation.
                nounModifiers = nounModifiers.map { j..<$0.upperBound } ?? j..<(j + 1)
                start = j; hasModifier = true; j -= 1; continue
            }
            if c.isNameWord(j) {
                // "Daily NK sources", "the Sinuiju source", "Daily NK's source", "North Korean official"
                var k = j
                while k - 1 > floor && c.isNameWord(k - 1) && !c.startsSentence(k) { k -= 1 }
                if c.startsSentence(k) && c.isNameWord(k) && k == j && c.has(k, .sourceMod) == false && !c.isAllCaps(k) {
                    // a lone sentence-initial capital may be an ordinary word ("Health officials")
                    if !strong { break }
                }
                let possessive = c.hasSuffix(j, "'s") || c.hasSuffix(j, "’s")
                qual(possessive || c.isAllCaps(j) ? .affiliation : .place, k, j)
                start = k; hasModifier = true; j = k - 1
                continue
            }
            break
        }
        if strong && !plural && !hasDeterminer && !hasModifier && !c.startsLine(h) && !c.isWord(h + 1, "says") && !c.isWord(h + 1, "said") {
            // a bare singular "source" is a word, not a person (unless a headline "source says")
            return nil
        }
        // Post-modifiers, rightwards.
        var end = h
        var k = h + 1
        var postSteps = 0
        while k < c.count && postSteps < 4 {
            postSteps += 1
            if he.flags.contains(.relation), c.isWord(k, "of"), c.has(k + 1, [.determiner, .possessive]), c.kind(k + 2) == .word, c.isLower(k + 2) {
                // "a relative of the detainee", "the wife of the victim"
                var e = k + 2
                if c.kind(e + 1) == .word && c.isLower(e + 1) && !c.has(e + 1, [.sourceVerb, .datePrep, .adverb]) && !c.isAny(e + 1, HoistedWords.w_who_that_and) { e += 1 }
                qual(.relation, h, e)
                end = e; k = e + 1; continue
            }
            if c.isAny(k, SourceRecognizer.chunkPrepositions) {
                // (Not when the chunk runs on as a noun phrase: "in the provincial party committee".)
                if let e = c.namedChunk(at: k + 1), !(nounModifier(c, e + 1) && !c.isCapitalized(e)) {
                    let kind: Qualifier.Kind = c.isAny(k, HoistedWords.w_of_at) && !c.has(e, .placeUnit) ? .affiliation : .place
                    qual(kind, k + 1, e)
                    end = e; k = e + 1; continue
                }
                // No named place: a lower-case affiliation may follow ("in the provincial party committee").
                if !c.has(k + 1, [.determiner, .possessive]) { break }
            }
            if c.isPunct(k, 0x2C), c.isAny(k + 1, HoistedWords.w_speaking_talking), c.isWord(k + 2, "on"), c.isWord(k + 3, "background"),
               c.isPunct(k + 4, 0x2C) {
                // ", speaking on background,"
                end = k + 3; k = k + 5; anonymous = true; reasons.append("'on background'"); continue
            }
            // ", who spoke on condition of anonymity,", ", speaking anonymously,": an appositive
            // about anonymity belongs to the descriptor.
            if c.isPunct(k, 0x2C), c.isAny(k + 1, HoistedWords.w_who_speaking_talking_asking_requesting) {
                var m = k + 1
                var anon = false
                while m < c.count && m < k + 18 && !c.isPunct(m, 0x2C) && !c.isPunct(m, 0x2E) && !c.isPunct(m, 0x3B) {
                    if c.has(m, .sourceAnon) { anon = true }
                    m += 1
                }
                if anon && c.isPunct(m, 0x2C) {
                    end = m - 1; k = m + 1; anonymous = true; reasons.append("anonymity clause"); continue
                }
                break
            }
            // "an official at the ministry", "a worker of the company": a lower-case affiliation,
            // when the phrase ends there.
            if c.isAny(k, HoistedWords.w_at_of_in_from_with), c.has(k + 1, [.determiner, .possessive]), !c.has(k + 1, .number),
               nounModifier(c, k + 2) || c.isLowerModifier(k + 2) {
                var e = k + 2
                // Up to three words: "an official in the provincial party committee".
                while e < k + 4, nounModifier(c, e + 1) || c.isLowerModifier(e + 1) && nounModifier(c, e + 2) { e += 1 }
                if c.isPunct(e + 1, 0x2C) || c.has(e + 1, .sourceVerb) || c.isAny(e + 1, HoistedWords.w_who) {
                    qual(.affiliation, k + 1, e)
                    end = e; k = e + 1; continue
                }
            }
            if c.isAny(k, HoistedWords.w_speaking_talking) && c.isWord(k + 1, "on") || c.isWord(k, "on") && c.isWord(k + 1, "condition"),
               let a = (k...min(c.count - 1, k + 5)).first(where: { c.isWord($0, "anonymity") }) {
                end = a; k = a + 1; anonymous = true; reasons.append("'on condition of anonymity'"); continue
            }
            if c.isAny(k, HoistedWords.w_briefed_aware_involved_knowledgeable), c.isAny(k + 1, HoistedWords.w_on_of_in_about_with) {
                let e = phraseEnd(c, from: k + 2)
                end = e; k = e + 1; anonymous = true; reasons.append("knowledge clause"); continue
            }
            if c.isWord(k, "familiar"), c.isWord(k + 1, "with") {
                let e = phraseEnd(c, from: k + 2)
                end = e; k = e + 1; anonymous = true; reasons.append("'familiar with'"); continue
            }
            if c.isAny(k, HoistedWords.w_with_close), c.isAny(k + 1, HoistedWords.w_knowledge_direct_ties_links_to_connections12) {
                let e = phraseEnd(c, from: k + 1)
                end = e; k = e + 1; anonymous = true; reasons.append("knowledge clause"); continue
            }
            if c.isAny(k, HoistedWords.w_who_that) && !c.isPunct(k - 1, 0x2C) {
                // keep a relative clause only when it is about anonymity
                var m = k + 1
                var anon = false
                while m < c.count && m < k + 16 && !c.isPunct(m, 0x2C) && !c.isPunct(m, 0x2E) && !c.isPunct(m, 0x3B) {
                    if c.has(m, .sourceAnon) { anon = true }
                    if anon && c.isAny(m, SourceRecognizer.clauseVerbs) { break }
                    m += 1
                }
                if anon {
                    end = m - 1; k = m; anonymous = true; reasons.append("anonymity clause"); continue
                }
                break
            }
            break
        }
        // "The family of the informant": a relation before the source.
        if start - 2 > floor, c.isWord(start - 1, "of"), c.has(start - 2, .relation) {
            var s = start - 2
            if c.has(s - 1, .determiner) && s - 1 > floor { s -= 1 }
            qual(.relation, start - 2, start - 2)
            start = s
        }
        // Attribution.
        var attributed = false
        var m = end + 1
        // coordination: "locals and anti-regime forces told RFA"
        if c.isWord(m, "and") {
            var n = m + 1
            while n < m + 5 && n < c.count && c.kind(n) == .word && !c.has(n, .sourceVerb) { n += 1 }
            if c.has(n, .sourceVerb) && n > m + 1 { end = n - 1; m = n }
        }
        while c.has(m, .adverb) || c.isAny(m, SourceRecognizer.auxiliaries) { m += 1 }
        if c.has(m, .sourceVerb) && !c.isAny(m, SourceRecognizer.nonAttributingVerbs) {
            attributed = true; reasons.append(String(joining: ["reporting verb '", c.text(m, m), "' after it"]))
        } else if c.isWord(start - 1, "by") && c.has(start - 2, .sourceVerb) {
            attributed = true; reasons.append(String(joining: ["after '", c.text(start - 2, start - 1), "'"]))
        } else if c.isWord(start - 1, "to") && c.isWord(start - 2, "according") {
            attributed = true; reasons.append("after 'according to'")
        } else if c.isAny(start - 1, SourceRecognizer.precedingVerbs) && (c.isPunct(end + 1, 0x2E) || c.isPunct(end + 1, 0x2C) || c.isPunct(end + 1, 0x3B)) {
            attributed = true; reasons.append(String(joining: ["after reporting verb '", c.text(start - 1, start - 1), "'"]))
        } else if c.isPunct(end + 1, 0x2C), c.isAny(end + 2, HoistedWords.w_speaking_asking_requesting_who) {
            var n = end + 2
            while n < end + 10 && n < c.count { if c.has(n, .sourceAnon) { attributed = true; break }; n += 1 }
            if attributed { reasons.append("anonymity clause after it") }
        }
        if !strong && !attributed && !anonymous { return nil }
        if let m = nounModifiers { qual(.affiliation, m.lowerBound, m.upperBound - 1) }
        if strong && !attributed && !anonymous && c.isAny(start - 1, HoistedWords.w_from_by_with_as) && qualifiers.allSatisfy({ $0.kind == .count }) {
            return nil
        }
        if strong && !attributed && !anonymous && plural && !hasDeterminer && !hasModifier && end == h { return nil }
        var s = ScoredFinding(range: c.span(start, end), category: .source, score: strong ? 0.75 : 0.6,
                              recognizer: id, reasons: [String(joining: [strong ? "source noun '" : "person noun '", he.word, "'"])])
        for r in reasons { s.reasons.append(r) }
        if attributed { s.adjust(strong ? 0.15 : 0.25, "attributed") }
        if anonymous { s.adjust(0.1, "anonymity wording") }
        if !strong || he.word.hasPrefix("informant") || he.word.hasPrefix("insider") {
            let kind: Qualifier.Kind = he.flags.contains(.relation) ? .relation : .role
            if !HoistedWords.s_person_people_man_men_woman_women_someone_17.contains(he.word) {
                qual(kind, h, h)
            }
        }
        if plural && !qualifiers.contains(where: { $0.kind == .count }) { qual(.count, h, h) }
        s.qualifiers = qualifiers.sorted { $0.range.lowerBound < $1.range.lowerBound }
        return (s, end)
    }

    /// Function words and verbs that are never a noun modifying a source noun.
    static let notNounModifiers = WordSet(["and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "from", "by", "as",
                                           "said", "says", "told", "is", "was", "were", "are", "be", "been", "has", "have", "had",
                                           "that", "which", "who", "when", "while", "if", "than", "then", "so", "not", "no",
                                           "also", "only", "even", "just", "very", "more", "most", "many", "some", "all",
                                           "he", "she", "they", "we", "it", "i", "you", "him", "her", "them", "us", "me"])

    /// Whether token `i` can be a noun modifying the source noun: a lower-case word that is no
    /// function word, verb of speech or number.
    func nounModifier(_ c: PatternCursor, _ i: Int) -> Bool {
        c.kind(i) == .word && c.isLower(i) && c.length(i) > 2 && !c.has(i, [.sourceVerb, .determiner, .number, .datePrep, .adverb])
            && !c.isAny(i, SourceRecognizer.notNounModifiers)
    }

    /// The end of a short prepositional phrase ("knowledge of the case", "the matter").
    func phraseEnd(_ c: PatternCursor, from k: Int) -> Int {
        var e = k
        var n = k
        while n < c.count && n < k + 6 {
            if c.kind(n) != .word || c.has(n, .sourceVerb) { break }
            e = n
            if !c.isAny(n, SourceRecognizer.knowledgeWords) && !c.has(n, .determiner) {
                break
            }
            n += 1
        }
        return e
    }
}

extension PatternCursor {
    /// Whether token `i` starts a line.
    func startsLine(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].startsLine }
}

/// Word lists of this file's checks, built once instead of at every call.
private enum HoistedWords {
    static let w_a_an: [StaticString] = ["a", "an"]
    static let w_many_most_all_some_none: [StaticString] = ["many", "most", "all", "some", "none"]
    static let w_a_an_the: [StaticString] = ["a", "an", "the"]
    static let w_who_that_and: [StaticString] = ["who", "that", "and"]
    static let w_of_at: [StaticString] = ["of", "at"]
    static let w_who_speaking_talking_asking_requesting: [StaticString] = ["who", "speaking", "talking", "asking", "requesting"]
    static let w_at_of_in_from_with: [StaticString] = ["at", "of", "in", "from", "with", "to"]
    static let w_who: [StaticString] = ["who"]
    static let w_speaking_talking: [StaticString] = ["speaking", "talking"]
    static let w_briefed_aware_involved_knowledgeable: [StaticString] = ["briefed", "aware", "involved", "knowledgeable"]
    static let w_on_of_in_about_with: [StaticString] = ["on", "of", "in", "about", "with"]
    static let w_with_close: [StaticString] = ["with", "close"]
    static let w_knowledge_direct_ties_links_to_connections12: [StaticString] = ["knowledge", "direct", "ties", "links", "to", "connections", "access"]
    static let w_who_that: [StaticString] = ["who", "that"]
    static let w_speaking_asking_requesting_who: [StaticString] = ["speaking", "asking", "requesting", "who"]
    static let w_from_by_with_as: [StaticString] = ["from", "by", "with", "as"]
    static let s_people_men_women: [String] = ["people", "men", "women"]
    static let s_person_people_man_men_woman_women_someone_17: [String] = ["person", "people", "man", "men", "woman", "women", "someone", "individual", "individuals"]
}

import Foundation
import VeilModel

/// Person names: Korean (`Kang Mi Jin`, `Kim Jong-un`), Chinese and Vietnamese (surname first),
/// Western, Arabic, Persian, Russian (given-name lists), names after a title (`Mr. Choe`,
/// `Dr. Aliyev`), unknown capitalized names in reporting context (`Vong Sokhengly said`), and
/// later surname-only mentions of a name seen earlier (`Koh`, with `person.surname`).
/// Sentence-initial capitals and title-case headlines need list evidence, so `Residents Wait`
/// is not a name.
public struct PersonNameRecognizer: Recognizer {
    /// A recognizer with the built-in name lists.
    public init() {}

    public var id: String { "person.name" }
    public var summary: String { "Names of people (Korean, Chinese, Vietnamese, Western, Arabic, Persian, Russian), titles, surname-only mentions" }
    public var matchingExamples: [String] {
        [
            "[[Kang Mi Jin]] contributed to this report.",
            "a trader named [[Kim Kwang Ho]] was arrested",
            "defector [[Han Hye-young]] said",
            "[[Mr. Choe]] declined to comment.",
            "[[Professor Eastman]] said the study was flawed.",
            "identified only by his surname of [[Choe]]",
            "[[Nguyen Tuong Thuy]] was sentenced. [[Thuy]] denied the charges. When [[Thuy]] left, police came.",
            "[[Aliaksandr Burakou]], a journalist, was detained. [[Burakou]] said",
            "union leader [[Mustafa Kamal]] told reporters",
            "[[John Smith]] told the court",
            "according to [[Vong Sokhengly]], the officer",
            "the lawyer, [[Raman Kisliak]], said",
            "[[General William T. Sherman]] marched",
            "[[Walt Whitman]], the first great American poet, wrote about the war.",
            "Photo of the interviewee. Image: [[David Titley]].",
            "There is of course [[Jason]], who is our editor.",
            "Texas [[Coach Darrell Royal]] called him a super player.",
            "the brothers and Queenslander [[Mitchell Rawlins]] voted",
            "Officials named the victim as [[Jean-Pierre Dubois]].",
            "Provincial police chief [[Si Kiri]] denied that he had been arrested.",
            "[[U Tun Myint]], a member of the local defence force, and [[Daw Khin Mar]] spoke.",
            "Karimi's sister, [[Sara]], wrote that their child, [[Gloria]], was ill.",
            "One resident, who gave only her first name, [[Fatima]], said so; another gave his name as [[Ali Reza]].",
            "\"They broke down doors,\" said [[Kalpona Akter]], executive director of the centre.",
            "Her brother, identified only as [[Karim]], was released.",
            "[[Smith]] said the deal was off.",
            "\"We stay.\" — [[Rick Santorum]]\nIn an interview, [[Rick Santorum]] said so.",
            "At the ceremony, [[NASA Administrator Charles Bolden]] spoke, and [[Environment Minister John Baird]] agreed.",
            "[[Raman Łabanaŭ]], a driver, was held. [[Labanau]] denied it.",
            "[[Aliaksandr Kisialiou]], a journalist, was detained. Police said [[Kisyaliou]] resisted.",
            "[[Kim Chol Ho]], [[Sok]] and [[Hwang]] were held.",
            "Police held [[Paek]], [[Sok]] and [[Kim Chol Ho]] at dawn.",
            "[[Kim Chol Ho]] and his wife [[Sun-hui]] fled.",
            "[[Pak Sun-hui]] fled in May. Later [[Sun-hui]] wrote to us.",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "Residents wait in line for rice.",
            "North Korea Tightens Border Controls Ahead Of Party Congress",
            "The Ministry of State Security arrested him.",
            "Daily NK reported it.",
            "Kim Jong Un inspected the factory.",
            "Prime Minister Narendra Modi met President Xi Jinping.",
            "He went to Hyesan in Ryanggang Province.",
            "On Monday the Prime Minister spoke.",
            "Frank talks resumed. Will they agree?",
            "a radio programme called Bouncing Around",
            "Young was the word. Police said so. Reuters said it.",
            "The move was identified as Priority One by the board.",
            "Which Virginia Governor do you admire? The Sydney Morning Herald reported it.",
            "Her sister, Will, came and her friend, Hope, stayed.",
        ]
    }

    /// Words after a capitalized run that say it names a person (`X said`, `X told`).
    static let speechVerbs: KeySet = KeySet(["said", "says", "told", "added", "explained", "noted", "asked", "wrote",
                                               "stated", "claimed", "recalled", "insisted", "warned", "argued", "confirmed",
                                               "denied", "admitted", "testified", "tweeted", "posted", "who", "whose",
                                               "was", "has", "had", "is", "contributed"].map { Lexicon.key($0) })
    /// Particles inside names: `Abdul al-Rahman`, `Ludwig van Beethoven`, `bin Salman`.
    static let particles: KeySet = KeySet(["bin", "ibn", "al", "el", "van", "von", "der", "de", "da", "di", "du", "la", "le",
                                             "dos", "das", "del", "ben", "abu"].map { Lexicon.key($0) })
    /// Words before a name that make it one: `named X`, `surnamed X`, `surname of X`.
    static let namers: KeySet = KeySet(["named", "surnamed", "nicknamed", "called", "alias", "pseudonym", "surname",
                                          "pseudonymously", "codenamed"].map { Lexicon.key($0) })

    static let uKey = Lexicon.key("u")
    /// Relatives and close contacts whose name may follow, set off by commas (`his sister, Sara,`).
    static let relatives = KeySet(["sister", "brother", "wife", "husband", "son", "daughter", "mother", "father", "child",
                                   "friend", "cousin", "uncle", "aunt", "nephew", "niece", "neighbor", "neighbour", "colleague",
                                   "fiancee", "fiancée", "fiance", "girlfriend", "boyfriend", "partner", "grandson",
                                   "granddaughter", "grandmother", "grandfather", "widow", "widower", "baby", "stepson",
                                   "stepdaughter", "sibling", "mom", "dad", "mum"].map { Lexicon.key($0) })
    /// Nouns after which a comma or "as" introduces the name itself (`gave only her first name,
    /// Fatima`, `gave his name as Ali`).
    static let nameNouns = KeySet(["name", "names", "nickname", "surname", "alias", "pseudonym"].map { Lexicon.key($0) })

    /// Whether token `k` follows a name noun and a comma or "as" (`her first name, Fatima`).
    static func afterNameNoun(_ text: TokenizedText, _ shape: TextShape, _ k: Int) -> Bool {
        k >= 2 && (TextShape.isChar(text, k - 1, 0x2C) || shape.keys[k - 1] == Keys.as) && text.tokens[k - 2].kind == .word
            && nameNouns.contains(shape.keys[k - 2])
    }

    static let possessives = KeySet(["his", "her", "their", "whose", "my", "our"].map { Lexicon.key($0) })

    /// Whether token `k` follows a possessive and a relative (`his wife Sun-hui`).
    static func afterPossessedRelative(_ shape: TextShape, _ k: Int) -> Bool {
        k >= 2 && relatives.contains(shape.keys[k - 1]) && possessives.contains(shape.keys[k - 2]) && !shape.capitalized[k - 1]
    }

    /// Whether token `k` follows a relative and a comma (`his sister, Sara`).
    static func afterRelative(_ text: TokenizedText, _ shape: TextShape, _ k: Int) -> Bool {
        k >= 2 && TextShape.isChar(text, k - 1, 0x2C) && text.tokens[k - 2].kind == .word && relatives.contains(shape.keys[k - 2])
    }

    /// Month abbreviations that are also name syllables (`Daw Khin Mar`, `Kyaw Oct`).
    static let abbreviatedMonths = KeySet(["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Lexicon.key($0) })

    /// Whether the month word at `n` reads as part of a name: an abbreviation with no period
    /// and no day number after it.
    static func nameLikeMonth(_ text: TokenizedText, _ shape: TextShape, _ n: Int) -> Bool {
        guard abbreviatedMonths.contains(shape.keys[n]) else { return false }
        if TextShape.isChar(text, n + 1, 0x2E) { return false }
        return !(n + 1 < text.tokens.count && text.tokens[n + 1].kind == .number)
    }

    /// Departments and qualifiers written before an office title (`Foreign Minister`,
    /// `Emeritus Professor`, `Acting Director`).
    static let departments = KeySet(["foreign", "defence", "defense", "interior", "finance", "health", "environment",
                                     "education", "justice", "trade", "energy", "agriculture", "labour", "labor",
                                     "transport", "home", "culture", "information", "economy", "security", "emeritus",
                                     "assistant", "associate", "acting", "interim", "former", "deputy", "vice", "chief",
                                     "senior", "state", "federal", "provincial", "regional", "county", "city", "police",
                                     "army", "navy", "district", "prime", "crown", "grand", "supreme"].map { Lexicon.key($0) })

    struct Candidate {
        var first: Int
        var last: Int
        var confidence: Double
        var why: String
        var surnameIndex: Int
    }

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return }
        let shape = TextShapeCache.shared.shape(text)
        let names = NameLexicon.shared
        let uKey = Self.uKey, saidKey = Keys.said, saysKey = Keys.says
        let gazetteer = Gazetteer.shared
        let heads = OrganizationLexicon.shared.heads
        let publics = PublicEntityRecognizer.table
        var out: [Finding] = []
        var covered = [Bool](repeating: false, count: tokens.count)
        // Tokens of private persons' names found (list members and variants spread from them).
        var personTok = [Bool](repeating: false, count: tokens.count)
        // Surname keys of names seen so far -> (surname text, public?)
        var seenSurnames = KeyMap<Bool>()
        // Names of several words found so far, by the key of their last word (token ranges of
        // their first finding), so that every repeat of the whole name is found too.
        // Each distinct name (its words' keys) is kept once, at its first finding: a later
        // finding of the same words matches exactly where the first does, and keeping every
        // repeat made a draft naming one person 20,000 times quadratic. The lists live in
        // `nameLists` and grow in place (`fullNames` holds an index into it).
        var fullNames = KeyMap<Int>()
        var nameLists: [[(tokens: ClosedRange<Int>, surname: String)]] = []
        var distinctNames = Set<[UInt64]>()

        func isCapWord(_ k: Int) -> Bool {
            k < tokens.count && tokens[k].kind == .word && shape.capitalized[k]
        }
        func isPlaceWord(_ k: Int) -> Bool {
            guard let m = shape.gazetteerMatch(k), m.length == 1 else { return false }
            return shape.given(k) == nil && !shape.isSurname(k)
        }
        let roleFlags = PatternLexicon.Flags.occupation.union(.occupationPlural)
        func contextAfter(_ k: Int) -> Bool {
            // `X said`, `X, who`, `X, a journalist,`, `X (35)`
            guard k < tokens.count else { return false }
            if tokens[k].kind == .word && Self.speechVerbs.contains(shape.keys[k]) { return true }
            if TextShape.isChar(text, k, 0x2C), k + 1 < tokens.count {
                let n = shape.keys[k + 1]
                if n == Keys.who || n == Keys.a || n == Keys.an || n == Keys.the || n == Keys.aged || n == Keys.age { return true }
                if tokens[k + 1].kind == .number { return true }
                // `X, executive director of ...`: a role noun (one modifier allowed) set off after it.
                for r in (k + 1)...min(k + 2, tokens.count - 1) where tokens[r].kind == .word && !shape.capitalized[r] {
                    if !PatternLexicon.Flags(rawValue: text.wordFlags[r]).isDisjoint(with: roleFlags) { return true }
                }
            }
            if TextShape.isChar(text, k, 0x28), k + 1 < tokens.count,
               tokens[k + 1].kind == .number || Keys.months.contains(shape.keys[k + 1]) || shape.keys[k + 1] == Keys.born { return true }
            return false
        }
        /// `police chief Si Kiri`, `activist Thach Setha`: a lower-case role noun right before.
        func afterRole(_ k: Int) -> Bool {
            k > 0 && tokens[k - 1].kind == .word && !shape.capitalized[k - 1] && !tokens[k].startsLine
                && !PatternLexicon.Flags(rawValue: text.wordFlags[k - 1]).isDisjoint(with: roleFlags)
        }
        func contextBefore(_ k: Int) -> Bool {
            guard k > 0 else { return false }
            if afterRole(k) { return true }
            let p = shape.keys[k - 1]
            if Self.namers.contains(p) { return true }
            if p == Keys.to && k >= 2 && shape.keys[k - 2] == Keys.according { return true }
            // `said Kalpona Akter`: attribution written after the quote.
            if (p == saidKey || p == saysKey) && tokens[k - 1].kind == .word { return true }
            if TextShape.isChar(text, k - 1, 0x2C) && k >= 2 && tokens[k - 2].kind == .word && !shape.capitalized[k - 2] { return true }
            if p == Keys.by || p == Keys.with { return false }
            return false
        }

        var i = 0
        while i < tokens.count {
            guard isCapWord(i), !covered[i] else { i += 1; continue }
            // Public entities are reported by their own recognizer.
            if publics.startsPhrase(shape.keys[i]), let m = publics.longestMatch(keys: shape.keys, at: i, limit: 8),
               shape.capitalized[i] {
                if m.value.category == .person && !m.value.surname.isEmpty { seenSurnames[Lexicon.key(m.value.surname)] = true }
                for k in i..<(i + m.length) { covered[k] = true }
                i += m.length; continue
            }
            // Title: `Mr.`, `Dr`, `President` before a capitalized word.
            var start = i
            var titled = false
            var titleIsOffice = false
            let titleStart = i
            // Burmese `U` (an honorific for men: `U Tun Myint`), never `U.S.` or a lone letter.
            let burmeseU = shape.keys[i] == uKey && tokens[i].range.count == 1 && !TextShape.isChar(text, i + 1, 0x2E)
                && i + 2 < tokens.count && isCapWord(i + 1) && !tokens[i + 1].startsLine
            if let office = burmeseU ? false : names.titles[shape.keys[i]] {
                var n = i + 1
                if TextShape.isChar(text, n, 0x2E) { n += 1 }
                // Several titles in a row: `Deputy Governor X`, `Lt. Gen. X`.
                while n < tokens.count && isCapWord(n) && names.titles[shape.keys[n]] != nil && !tokens[n].startsLine {
                    n += 1
                    if TextShape.isChar(text, n, 0x2E) { n += 1 }
                }
                if isCapWord(n) && !tokens[n].startsLine {
                    titled = true; titleIsOffice = office; start = n
                } else { i += 1; continue }
                // `Prime Minister Narendra Modi`: a public figure after the title is the public
                // entity recognizer's.
                if publics.startsPhrase(shape.keys[start]), let m = publics.longestMatch(keys: shape.keys, at: start, limit: 8),
                   m.value.category == .person {
                    if !m.value.surname.isEmpty { seenSurnames[Lexicon.key(m.value.surname)] = true }
                    for k in i..<(start + m.length) { covered[k] = true }
                    i = start + m.length; continue
                }
            }
            // The capitalized run.
            var end = start
            while end + 1 < tokens.count && !tokens[end + 1].startsLine && end - start < 4 {
                let n = end + 1
                if shape.possessive[end] > 0 { break }
                // A middle initial: `William T. Sherman`.
                if isCapWord(n) && tokens[n].range.count == 1 && TextShape.isChar(text, n + 1, 0x2E) && isCapWord(n + 2)
                    && !tokens[n + 2].startsLine && end - start < 3 && shape.keys[end] != Keys.person { end = n + 1; continue }
                if isCapWord(n) && !Keys.nonName.contains(shape.keys[n])
                    && (!Keys.months.contains(shape.keys[n]) || Self.nameLikeMonth(text, shape, n)) { end = n; continue }
                if tokens[n].kind == .word && Self.particles.contains(shape.keys[n]) && isCapWord(n + 1) { end = n + 1; continue }
                break
            }
            // Sentence-initial ordinary word: `Residents`, `Officials`, `Police` do not start a name.
            if !titled && (shape.sentenceStart[start] || shape.titleLine[start]) && shape.isCommon(start, zipf: 3.0)
                && shape.given(start) == nil && !names.koreanSurnames.contains(shape.keys[start])
                && !shape.isSurname(start) {
                if start == end { i = end + 1; continue }
                start += 1
            }
            if Keys.nonName.contains(shape.keys[start]) || Keys.months.contains(shape.keys[start]) { i = end + 1; continue }
            // A title inside the run starts the name: `Texas Coach Darrell Royal`.
            if !titled, start < end, let k = (start...end).first(where: { $0 > i && names.titles[shape.keys[$0]] != nil && isCapWord($0 + 1) }) {
                i = k; continue
            }
            // Organization, facility or place names are not people: `Huiryung Stadium`, `Ryanggang Province`.
            var stop = false
            for k in start...end where heads[shape.keys[k]] != nil || PlaceDesignators.words[shape.keys[k]] != nil {
                if k == start && titled { continue }
                stop = true
            }
            let afterRun = end + 1
            if afterRun < tokens.count && !tokens[afterRun].startsLine {
                // `Yapchan police station`, `Prey Sar prison`, `Ayadaw township`
                if heads[shape.keys[afterRun]] != nil || PlaceDesignators.words[shape.keys[afterRun]] != nil
                    || PlaceFindings.natural.contains(shape.keys[afterRun]) { stop = true }
                if afterRun + 1 < tokens.count, tokens[afterRun].kind == .word, !shape.capitalized[afterRun],
                   heads[shape.keys[afterRun + 1]] != nil, !Self.speechVerbs.contains(shape.keys[afterRun]) { stop = true }
            }
            if stop { i = end + 1; continue }
            if let m = shape.gazetteerMatch(start), m.length >= end - start + 1,
               !(start == end && Self.afterRelative(text, shape, start)), !Self.afterNameNoun(text, shape, start) { i = end + 1; continue }

            var candidate = classify(text, shape, start: start, end: end, titled: titled, titleIsOffice: titleIsOffice,
                                     contextAfter: contextAfter, contextBefore: contextBefore, isPlaceWord: isPlaceWord)
            if candidate == nil && !titled && end - start >= 2 {
                // A capitalized word before the name that is no part of it: `Queenslander Mitchell
                // Rawlins`, `Hall of Famer Bill McKechnie`.
                for k in (start + 1)..<end where shape.given(k) != nil {
                    candidate = classify(text, shape, start: k, end: end, titled: false, titleIsOffice: false,
                                         contextAfter: contextAfter, contextBefore: contextBefore, isPlaceWord: isPlaceWord)
                    if candidate != nil { break }
                }
            }
            guard let c = candidate else {
                i = end + 1; continue
            }
            // The title belongs to the mention (`Professor Eastman`, `Mr. Choe`): redacting the name
            // alone would leave "Mr. [redacted]" pointing at the same person.
            var spanStart = titled && c.first == start ? titleStart : c.first
            // The office's department or agency goes with it (`NASA Administrator Charles
            // Bolden`, `Environment Minister John Baird`): the office alone still points at one person.
            if spanStart == titleStart && titleIsOffice, titleStart > 0, !tokens[titleStart].startsLine,
               isCapWord(titleStart - 1), !covered[titleStart - 1], shape.possessive[titleStart - 1] == 0,
               shape.allCaps[titleStart - 1] || Self.departments.contains(shape.keys[titleStart - 1]) {
                spanStart = titleStart - 1
            }
            let range = tokens[spanStart].range.lowerBound..<shape.coreRange(text, c.last).upperBound
            let surnameRange = shape.coreRange(text, c.surnameIndex)
            let surname = text.document.text(surnameRange)
            seenSurnames[shape.keys[c.surnameIndex]] = seenSurnames[shape.keys[c.surnameIndex]] ?? false
            // Every word of a non-Korean name can come back alone (`Sokhengly`, `Thuy`).
            let korean = names.koreanSurnames.contains(shape.keys[c.first])
            if !korean {
                for k in c.first...c.last where tokens[k].kind == .word && tokens[k].range.count >= 3
                    && !shape.isCommon(k, zipf: 4.0) && shape.keys[k] != shape.keys[c.surnameIndex] {
                    if seenSurnames[shape.keys[k]] == nil && c.last > c.first { seenSurnames[shape.keys[k]] = false }
                }
            }
            out.append(Finding(range: range, text: text.document.text(range), category: .person,
                               confidence: c.confidence, recognizer: id, explanation: c.why,
                               attributes: [FindingAttribute.surname: surname]))
            for k in c.first...c.last { covered[k] = true; personTok[k] = true }
            // A Korean given name written as one hyphenated word can come back alone (`Sun-hui`).
            if korean {
                for k in (c.first + 1)...max(c.first + 1, c.last) where k <= c.last && tokens[k].range.count >= 5
                    && text.bytes[tokens[k].range].contains(0x2D) && seenSurnames[shape.keys[k]] == nil {
                    seenSurnames[shape.keys[k]] = false
                }
            }
            if c.last > c.first && (c.first...c.last).allSatisfy({ tokens[$0].kind == .word }) {
                if distinctNames.insert(Array(shape.keys[c.first...c.last])).inserted {
                    if let list = fullNames[shape.keys[c.last]] {
                        nameLists[list].append((c.first...c.last, surname))
                    } else {
                        fullNames[shape.keys[c.last]] = nameLists.count
                        nameLists.append([(c.first...c.last, surname)])
                    }
                }
            }
            i = c.last + 1
        }

        // Whole-name repeats where the name had no context of its own (`— Rick Santorum`, a
        // caption, a headline), before or after the mention that was found.
        if fullNames.count > 0 {
            for k in 1..<tokens.count where !covered[k] && isCapWord(k) {
                guard let list = fullNames[shape.keys[k]] else { continue }
                for (r, surname) in nameLists[list] {
                    let first = k - (r.count - 1)
                    guard first >= 0, (first...k).allSatisfy({ !covered[$0] && tokens[$0].kind == .word }),
                          (first + 1...k).allSatisfy({ !tokens[$0].startsLine }),
                          (0..<r.count).allSatisfy({ shape.keys[first + $0] == shape.keys[r.lowerBound + $0] }) else { continue }
                    // Not inside a longer capitalized run (`Rick Santorum Jr.` is fine, `Rick Santorum Center` is not).
                    if k + 1 < tokens.count, isCapWord(k + 1), !tokens[k + 1].startsLine, shape.possessive[k] == 0 { continue }
                    let range = tokens[first].range.lowerBound..<shape.coreRange(text, k).upperBound
                    out.append(Finding(range: range, text: text.document.text(range), category: .person, confidence: 0.75,
                                       recognizer: id, explanation: "repeat of a name found elsewhere in the document",
                                       attributes: [FindingAttribute.surname: surname]))
                    for j in first...k { covered[j] = true; personTok[j] = true }
                    break
                }
            }
        }
        // Surname-only mentions of a name seen earlier (or of a public figure), also in another
        // spelling of the same story (`Lukashenka` for `Łukašenka`, `Mutimbe` for `Mutimba`).
        if seenSurnames.count > 0 {
            let variants = NameVariants(text, shape, seenSurnames)
            for k in 0..<tokens.count where !covered[k] && isCapWord(k) {
                guard let isPublic = seenSurnames[shape.keys[k]]
                        ?? (shape.isCommon(k, zipf: 3.0) || shape.allCaps[k] || isPlaceWord(k) ? nil : variants.match(text, shape, k))
                else { continue }
                if k + 1 < tokens.count && isCapWord(k + 1) && !tokens[k + 1].startsLine && shape.possessive[k] == 0 { continue }
                // (Not when the word before only opens the sentence: `When Islam and his colleagues`.)
                if k > 0 && isCapWord(k - 1) && !tokens[k].startsLine && !shape.sentenceStart[k]
                    && !(shape.sentenceStart[k - 1] && shape.isCommon(k - 1, zipf: 4.0) && shape.given(k - 1) == nil) { continue }
                let range = shape.coreRange(text, k)
                var attributes = [FindingAttribute.surname: text.document.text(range)]
                if isPublic { attributes[FindingAttribute.entity] = "public" }
                out.append(Finding(range: range, text: text.document.text(range), category: .person,
                                   confidence: isPublic ? 0.6 : 0.75, recognizer: id,
                                   explanation: isPublic ? "surname of a public figure named earlier" : "surname of a person named earlier in the document",
                                   attributes: attributes))
                covered[k] = true
                if !isPublic { personTok[k] = true }
            }
        }
        // Members of a list with a found name: `Ri, Sok and Hwang were held`.
        func listWord(_ k: Int) -> Bool {
            guard k >= 0, k < tokens.count, isCapWord(k), !covered[k], !shape.allCaps[k], !tokens[k].startsLine || shape.sentenceStart[k] else { return false }
            let key = shape.keys[k]
            if Keys.nonName.contains(key) || Keys.months.contains(key) || names.titles[key] != nil || heads[key] != nil
                || PlaceDesignators.words[key] != nil || shape.gazetteerMatch(k) != nil { return false }
            if publics.startsPhrase(key) { return false }
            return !shape.isCommon(k, zipf: shape.sentenceStart[k] ? 2.5 : 3.0)
                || ((shape.given(k) != nil || shape.isSurname(k)) && !shape.isCommon(k, zipf: 4.0))
        }
        func isSeparator(_ k: Int) -> Bool {
            k > 0 && k < tokens.count && !tokens[k].startsLine && (TextShape.isChar(text, k, 0x2C) || shape.keys[k] == Keys.and && tokens[k].kind == .word)
        }
        func addMember(_ a: Int, _ b: Int) {
            let range = tokens[a].range.lowerBound..<shape.coreRange(text, b).upperBound
            let surnameRange = shape.coreRange(text, b)
            out.append(Finding(range: range, text: text.document.text(range), category: .person, confidence: 0.6,
                               recognizer: id, explanation: "in a list with a name found in the document",
                               attributes: [FindingAttribute.surname: text.document.text(surnameRange)]))
            for j in a...b { covered[j] = true; personTok[j] = true }
        }
        // Forward: a found name, then `, X` / `and X` / `, and X`.
        var s = 1
        while s + 1 < tokens.count {
            defer { s += 1 }
            guard isSeparator(s), personTok[s - 1] else { continue }
            var m = s + 1
            if TextShape.isChar(text, s, 0x2C) && m < tokens.count && shape.keys[m] == Keys.and { m += 1 }
            guard listWord(m), !tokens[m].startsLine else { continue }
            var e = m
            while e - m < 2 && listWord(e + 1) && !tokens[e + 1].startsLine && shape.possessive[e] == 0 { e += 1 }
            if isCapWord(e + 1) && !tokens[e + 1].startsLine && shape.possessive[e] == 0 { continue }
            addMember(m, e)
        }
        // Backward: `X, ` / `X and` / `X, and` before a found name.
        s = tokens.count - 2
        while s > 0 {
            defer { s -= 1 }
            guard isSeparator(s), personTok[s + 1] else { continue }
            var e = s - 1
            if shape.keys[s] == Keys.and && TextShape.isChar(text, e, 0x2C) { e -= 1 }
            guard listWord(e) else { continue }
            var a = e
            while e - a < 2 && !tokens[a].startsLine && listWord(a - 1) && shape.possessive[a - 1] == 0 { a -= 1 }
            if !tokens[a].startsLine && isCapWord(a - 1) && !shape.sentenceStart[a] { continue }
            if shape.possessive[e] > 0 { continue }
            addMember(a, e)
        }
        out.sort { $0.range.lowerBound < $1.range.lowerBound }
        findings.append(contentsOf: out)
    }

    /// Decides whether tokens `start...end` (a capitalized run) hold a person's name.
    private func classify(_ text: TokenizedText, _ shape: TextShape, start: Int, end: Int, titled: Bool, titleIsOffice: Bool,
                          contextAfter: (Int) -> Bool, contextBefore: (Int) -> Bool, isPlaceWord: (Int) -> Bool) -> Candidate? {
        let names = NameLexicon.shared
        let k0 = shape.keys[start]
        let count = end - start + 1
        let headline = shape.titleLine[start]
        let ctxAfter = contextAfter(end + 1)
        let ctxBefore = contextBefore(start)
        let initialCommon = shape.sentenceStart[start] && shape.isCommon(start, zipf: 3.0)
        func givenPartKorean(_ k: Int) -> Bool {
            text.bytes.withUnsafeBufferPointer { NameLexicon.isKoreanGivenPart(UnsafeBufferPointer(rebasing: $0[shape.coreRange(text, k)])) }
        }
        // Korean: surname + one or two syllable words (`Kang Mi Jin`, `Kim Jong-un`, `Ri Chol`).
        if names.koreanSurnames.contains(k0) && count >= 2 && givenPartKorean(start + 1) {
            var last = start + 1
            if count >= 3 && givenPartKorean(start + 2) && !text.bytes[text.tokens[start + 1].range].contains(0x2D) { last = start + 2 }
            if !isPlaceWord(start + 1) || count >= 3 {
                return Candidate(first: start, last: last, confidence: headline ? 0.7 : 0.85,
                                 why: "Korean surname + given name syllables" + (titled ? " after a title" : ""), surnameIndex: start)
            }
        }
        // Chinese / Vietnamese / Khmer: surname first, then short given-name words.
        if names.asianSurnames.contains(k0) && count >= 2 && count <= 4 && !Keys.nonName.contains(k0) {
            var ok = true
            for k in (start + 1)...end {
                let len = shape.coreRange(text, k).count
                let zipf = (ctxAfter || ctxBefore || titled) ? 4.3 : 3.8
                if len > 9 || (shape.isCommon(k, zipf: zipf) && shape.given(k) == nil) || isPlaceWord(k) { ok = false }
            }
            if ok && (!headline || ctxAfter || titled) {
                return Candidate(first: start, last: end, confidence: 0.75, why: "East Asian surname first + given name", surnameIndex: start)
            }
        }
        // Given name + surname (Western, Arabic, Persian, Russian...); a hyphenated given name
        // counts when both halves are given names (`Jean-Pierre Dubois`, `Anne-Marie Roy`).
        if count >= 2, let freq = shape.given(start) ?? Self.hyphenatedGiven(text, start, names),
           names.titles[shape.keys[end]] == nil || shape.isSurname(end) {
            // (An office after a name-like word is a title, not a surname: `Virginia Governor`.)
            let knownSurname = shape.isSurname(end)
            let lastCommon = shape.isCommon(end, zipf: 4.0)
            let givenCommon = shape.isCommon(start, zipf: 4.3)
            var conf = 0.55
            var why = "given name + capitalized word"
            if knownSurname { conf = 0.85; why = "given name + surname (name lists)" }
            else if !lastCommon { conf = 0.75 }
            if givenCommon && !knownSurname { conf -= 0.2 }
            if freq > 0.01 || freq == 0.001 { conf += 0.05 }
            if ctxAfter || ctxBefore || titled { conf += 0.1; why += " + context" }
            if (headline || initialCommon) && !knownSurname && !ctxAfter { conf -= 0.3 }
            if isPlaceWord(end) && !knownSurname { conf -= 0.3 }
            if conf >= 0.5 {
                return Candidate(first: start, last: end, confidence: min(conf, 0.95), why: why, surnameIndex: end)
            }
        }
        // A middle initial between capitalized words: `Newell H. Beaty`.
        if count >= 4, (start + 1..<end).contains(where: { text.tokens[$0].range.count == 1 && TextShape.isChar(text, $0 + 1, 0x2E) && shape.capitalized[$0]
                                                 && shape.keys[$0 - 1] != Keys.person }),
           !headline, !initialCommon || shape.given(start) != nil {
            return Candidate(first: start, last: end, confidence: 0.8, why: "name with a middle initial", surnameIndex: end)
        }
        // Title + name: `Mr. Choe`, `Dr. Aliyev`, `President Yoon`.
        if titled {
            let unknownWords = (start...end).allSatisfy { !shape.isCommon($0, zipf: 4.0) || shape.isSurname($0) }
            if unknownWords && (!titleIsOffice || count <= 3) {
                return Candidate(first: start, last: end, confidence: titleIsOffice ? 0.6 : 0.8,
                                 why: "after a title", surnameIndex: end)
            }
        }
        // `surnamed Choe`, `named Kim Chol` (not `a show called Bouncing Around`: ordinary words are titles, not names).
        let namedWords = (start...end).allSatisfy { !shape.isCommon($0, zipf: 4.0) || shape.given($0) != nil || shape.isSurname($0) }
        if namedWords && (start > 0 && Self.namers.contains(shape.keys[start - 1])
                          || (start > 1 && shape.keys[start - 1] == Keys.of && shape.keys[start - 2] == Keys.surname)
                          || Self.identifiedAs(shape, start) || Self.afterNameNoun(text, shape, start)) {
            return Candidate(first: start, last: end, confidence: 0.8, why: "after \"named\"/\"surname of\"", surnameIndex: start)
        }
        // Unknown capitalized words in reporting context: `Vong Sokhengly said`.
        if count >= 2 && count <= 3 && !headline && !initialCommon && (ctxAfter || ctxBefore) {
            // After a role noun and before a reporting verb, short common words pass too (`Si Kiri`).
            let zipf = ctxBefore && ctxAfter ? 4.5 : 3.5
            let unknown = (start...end).allSatisfy {
                (!shape.isCommon($0, zipf: zipf) || shape.isSurname($0)) && !isPlaceWord($0) && !shape.allCaps[$0]
            }
            if unknown {
                return Candidate(first: start, last: end, confidence: 0.6, why: "capitalized words + reporting context",
                                 surnameIndex: names.asianSurnames.contains(k0) ? start : end)
            }
        }
        // A lone given name that is no ordinary word, in reporting context: `Gloria said`.
        if count == 1 && ctxAfter, let freq = shape.given(start), freq >= 0.01, !shape.isCommon(start, zipf: 3.5), !isPlaceWord(start) {
            return Candidate(first: start, last: end, confidence: 0.55, why: "given name + reporting verb", surnameIndex: start)
        }
        // A name right after a possessed relative: `Ri and his wife Sun-hui`, `her son Tesfalem`.
        if count <= 3, Self.afterPossessedRelative(shape, start), !headline,
           (start...end).allSatisfy({ (!shape.isCommon($0, zipf: 4.0) || shape.given($0) != nil) && !isPlaceWord($0) && !shape.allCaps[$0] }) {
            return Candidate(first: start, last: end, confidence: 0.65, why: "name after a possessed relative (\"his wife\")", surnameIndex: end)
        }
        // A lone given name set off after a relative: `Karimi's sister, Sara, wrote`, `their child, Gloria.`
        if count == 1, Self.afterRelative(text, shape, start), shape.given(start) != nil, !shape.isCommon(start, zipf: 4.0),
           TextShape.isChar(text, start + 1, 0x2C) || TextShape.isChar(text, start + 1, 0x2E) || ctxAfter {
            return Candidate(first: start, last: end, confidence: 0.6, why: "given name set off after a relative", surnameIndex: start)
        }
        // A single surname from the lists right before `said`: `Islam said`; at a sentence start
        // only before a verb of speech itself (`Smith said`, not `Young was`).
        let sayNext = end + 1 < text.tokens.count && Self.sayVerbs.contains(shape.keys[end + 1])
        if count == 1 && ctxAfter && shape.isSurname(start) && !isPlaceWord(start)
            && (shape.sentenceStart[start] ? sayNext && !shape.isCommon(start, zipf: 5.0) : !shape.isCommon(start, zipf: 4.0)) {
            return Candidate(first: start, last: end, confidence: 0.55, why: "surname + reporting verb", surnameIndex: start)
        }
        return nil
    }

    /// Verbs of speech proper (`speechVerbs` without `was`, `has`, `who`...).
    static let sayVerbs: KeySet = KeySet(["said", "says", "told", "added", "explained", "noted", "asked", "wrote", "stated",
                                            "claimed", "recalled", "insisted", "warned", "argued", "testified"].map { Lexicon.key($0) })

    /// `identified as X`, `identified only as X`: how reports name someone they protect.
    static func identifiedAs(_ shape: TextShape, _ start: Int) -> Bool {
        guard start >= 2, shape.keys[start - 1] == Keys.as else { return false }
        let identified = Keys.identified
        if shape.keys[start - 2] == identified { return true }
        let k = shape.keys[start - 2]
        return start >= 3 && shape.keys[start - 3] == identified && (k == Keys.only || k == Keys.simply || k == Keys.just)
    }

    /// The given-name frequency of a hyphenated word whose halves are both capitalized given
    /// names (`Jean-Pierre`), or nil.
    static func hyphenatedGiven(_ text: TokenizedText, _ i: Int, _ names: NameLexicon) -> Double? {
        let r = text.tokens[i].range
        let b = text.bytes
        guard let h = r.firstIndex(where: { b[$0] == 0x2D }), h > r.lowerBound + 1, h + 2 < r.upperBound,
              b[h + 1] >= 0x41, b[h + 1] <= 0x5A, !r[(h + 1)...].contains(where: { b[$0] == 0x2D }) else { return nil }
        guard let a = names.given[Lexicon.key(b, r.lowerBound..<h)], let c = names.given[Lexicon.key(b, (h + 1)..<r.upperBound)] else { return nil }
        return min(a, c)
    }
}

/// Other spellings of the names found in one document: the same word with its diacritics
/// folded (`Łukašenka` -> `lukasenka`), and, for words of 6+ letters, one letter apart
/// (`Lukashenka`, `Mutimba`/`Mutimbe`). Built in one pass over the document's tokens; each
/// lookup costs a number of hashes bounded by the word's length.
struct NameVariants {
    /// Folded keys of the names' words.
    private var whole = KeyMap<Bool>()
    /// Keys of the folded words with one letter left out.
    private var deleted = KeyMap<Bool>()

    init(_ text: TokenizedText, _ shape: TextShape, _ seen: KeyMap<Bool>) {
        var done = KeyMap<Bool>()
        for k in 0..<text.tokens.count where text.tokens[k].kind == .word && shape.capitalized[k] {
            let key = shape.keys[k]
            guard let isPublic = seen[key], done[key] == nil else { continue }
            done[key] = true
            let f = NameVariants.fold(text.bytes, shape.coreRange(text, k))
            guard f.count >= 4 else { continue }
            whole[Lexicon.key(f, 0..<f.count)] = isPublic
            if f.count >= 6 { for d in NameVariants.deletions(f) { deleted[d] = isPublic } }
        }
    }

    /// Whether token `k` is another spelling of a name's word (and whether that name is public).
    func match(_ text: TokenizedText, _ shape: TextShape, _ k: Int) -> Bool? {
        guard whole.count > 0 else { return nil }
        let f = NameVariants.fold(text.bytes, shape.coreRange(text, k))
        guard f.count >= 4 else { return nil }
        if let p = whole[Lexicon.key(f, 0..<f.count)] { return p }
        guard f.count >= 5 else { return nil }
        if f.count >= 5, let p = deleted[Lexicon.key(f, 0..<f.count)] { return p }   // one letter fewer
        guard f.count >= 6 else { return nil }
        for d in NameVariants.deletions(f) {
            if let p = whole[d] ?? deleted[d] { return p }                             // one more, or one other
        }
        return nil
    }

    static func deletions(_ f: [UInt8]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(f.count)
        var buf = [UInt8](repeating: 0, count: f.count - 1)
        for i in 0..<f.count {
            var w = 0
            for j in 0..<f.count where j != i { buf[w] = f[j]; w += 1 }
            out.append(Lexicon.key(buf, 0..<buf.count))
        }
        return out
    }

    /// Lower-case ASCII letters of `b[r]` with Latin diacritics folded (`Ł` -> `l`, `š` -> `s`,
    /// `ß` -> `ss`); other scalars are kept as they are, apostrophes and hyphens dropped.
    static func fold(_ b: [UInt8], _ r: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            let c = b[i]
            if c < 0x80 {
                if (c >= 0x41 && c <= 0x5A) { out.append(c | 0x20) } else if c >= 0x61 && c <= 0x7A || c >= 0x30 && c <= 0x39 { out.append(c) }
                i += 1; continue
            }
            let n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
            if n == 2 && i + 1 < r.upperBound {
                let v = Int(c & 0x1F) << 6 | Int(b[i + 1] & 0x3F)
                if v >= 0xC0 && v < 0xC0 + latin.count, !latin[v - 0xC0].isEmpty {
                    out.append(contentsOf: latin[v - 0xC0]); i += 2; continue
                }
            }
            let e = min(i + n, r.upperBound)
            // (A right single quotation mark is an apostrophe.)
            if !(c == 0xE2 && e - i == 3 && b[i + 1] == 0x80 && b[i + 2] == 0x99) { out.append(contentsOf: b[i..<e]) }
            i = e
        }
        return out
    }

    /// ASCII folds of U+00C0...U+024F (empty: no fold).
    static let latin: [[UInt8]] = {
        var table: [[UInt8]] = []
        for v in 0xC0...0x24F {
            guard let u = Unicode.Scalar(v) else { table.append([]); continue }
            let special: [Int: String] = [0xC6: "ae", 0xE6: "ae", 0xD0: "d", 0xF0: "d", 0xD8: "o", 0xF8: "o", 0xDE: "th", 0xFE: "th",
                                          0xDF: "ss", 0x110: "d", 0x111: "d", 0x126: "h", 0x127: "h", 0x131: "i", 0x141: "l",
                                          0x142: "l", 0x152: "oe", 0x153: "oe", 0x166: "t", 0x167: "t", 0x180: "b", 0x197: "i",
                                          0x1B5: "z", 0x1B6: "z", 0x24C: "r", 0x24D: "r"]
            if let s = special[v] { table.append(Array(s.utf8)); continue }
            // Canonical decomposition: the base letter comes first (`š` = `s` + caron).
            let base = String(u).decomposedStringWithCanonicalMapping.unicodeScalars.first!
            if base.value < 0x80, let ch = Character(base).asciiValue, ch >= 0x41 && ch <= 0x7A {
                table.append([ch >= 0x61 ? ch : ch | 0x20])
            } else { table.append([]) }
        }
        return table
    }()
}

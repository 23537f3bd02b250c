import Foundation
import VeilModel

/// The person ladder: a name becomes the policy's pseudonym ("Person A"), one per person in
/// every form of the name, taking in a courtesy title ("Mr. Pak" -> "Person A"); under a
/// `generalize` rule, "a person".
extension Generalizer {
    func person(_ f: Finding) -> Generalized? {
        Generalized(text: "a person", residual: 0, note: "a person")
    }

    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let personExamples: [WordingExample] = [
        WordingExample("[[Choe Myong-il]] was detained.", "Person A was detained.", .person, slot: .sentenceStart),
        WordingExample("Police questioned Mr. [[Pak|person|person.surname=Pak]]'s wife.", "Police questioned Person A's wife.", .person),
        WordingExample("[[Judge Maria Lopez]] rejected the appeal.", "Judge [person] rejected the appeal.", .person, policy: "strict"),
        WordingExample("[[Judge Maria Lopez]] rejected the appeal.", "Judge Person A rejected the appeal.", .person),
        WordingExample("Human rights [[lawyer|occupation]] [[Lee Min-ho]] said so.", "Human rights lawyer [person] said so.", .person,
                       policy: "strict"),
        WordingExample("[[Kim Jong-su]], [[a lawyer|occupation]] for the family, said so.", "[person], a lawyer for the family, said so.",
                       .person, policy: "strict"),
        WordingExample("[[The spokesman|occupation]], [[Ahmed Saleh]], declined.", "The spokesman, [person], declined.", .person,
                       policy: "strict"),
        WordingExample("[[Choe Myong-il]], [[a trader in Hyesan who asked that his full name not be used|source|q.role=a trader;q.place=in Hyesan]], agreed.",
                       "[person], a trader in North Korea who asked that his full name not be used, agreed.", .person, policy: "strict",
                       also: [("Hyesan", .city, WordingExample.northKorea)]),
        WordingExample("[[The spokesman|occupation]] declined.", "The official declined.", .person, policy: "strict"),
        WordingExample("[[Kang Mi-jin|person|person.surname=Kang]] left; later [[Kang|person|person.surname=Kang]] returned.",
                       "Person A left; later Person A returned.", .person),
    ]
}

// MARK: - Named people keep their public role

extension PolicyEngine {
    /// Titles that open a person's name and say their public role ("Judge Maria Lopez",
    /// "Sheriff John Doe"), besides the occupation lexicon's nouns.
    static let publicTitles: Set<String> = ["sheriff", "judge", "justice", "officer", "minister", "senator", "governor", "mayor",
                                            "president", "premier", "chancellor", "commissioner", "prosecutor", "attorney",
                                            "detective", "inspector", "sergeant", "lieutenant", "captain", "colonel", "general",
                                            "commander", "chief", "deputy", "ambassador", "spokesman", "spokeswoman",
                                            "spokesperson", "activist", "lawyer", "councilman", "councilwoman", "councillor",
                                            "councilor", "lawmaker", "representative", "secretary", "trooper", "constable",
                                            "warden", "magistrate", "principal", "professor", "bishop", "pastor", "imam", "rabbi"]

    /// "Judge Maria Lopez" found as one person: the title that opens it is a public role, not
    /// part of the name. The person's span is cut to the name ("Judge [person]", "Judge
    /// Person A"; the pseudonym is the name's), and the title is left to its occupation finding,
    /// if any, which a named person's role keeps (`keepRolesOfNamedPeople`). `work` stays sorted
    /// by start (longest first), `inputs` aligned with it.
    func separateTitlesFromNames(_ work: inout [Work], inputs: inout [Int?], document: Document) {
        let b = document.bytes
        var moved = false
        for i in work.indices where work[i].finding.category == .person && work[i].action.removesOriginal
            && work[i].role != .publicOfficial {  // (a `roles:` official keeps its title: `wordPublicOfficial`)
            let r = work[i].finding.range
            var j = r.lowerBound
            while j < r.upperBound && TextFit.isLetter(b[j]) { j += 1 }
            // The title, then a space, then a capitalized name of at least one word.
            guard j > r.lowerBound, j + 1 < r.upperBound, b[j] == 0x20, b[r.lowerBound] >= 0x41, b[r.lowerBound] <= 0x5A else { continue }
            let title = String(decoding: b[r.lowerBound..<j], as: UTF8.self).lowercased()
            guard PolicyEngine.publicTitles.contains(title) else { continue }
            var k = j
            while k < r.upperBound && b[k] == 0x20 { k += 1 }
            guard k < r.upperBound, b[k] >= 0x41 && b[k] <= 0x5A || b[k] >= 0x80 else { continue }
            work[i].finding.range = k..<r.upperBound
            work[i].finding.text = document.text(k..<r.upperBound)
            work[i].finding.attributes[FindingAttribute.entityName] = nil
            work[i].reason += "; its title (\(title)) is a public role, not part of the name: the name alone is replaced"
            moved = true
        }
        guard moved else { return }
        let order = work.indices.sorted { x, y in
            let a = work[x].finding.range, c = work[y].finding.range
            return a.lowerBound != c.lowerBound ? a.lowerBound < c.lowerBound : a.count != c.count ? a.count > c.count : x < y
        }
        work = order.map { work[$0] }
        inputs = order.map { inputs[$0] }
    }

    /// "lawyer Lee Min-ho", "Judge [Maria Lopez]", "Kim Jong-su, a lawyer for the family", "The
    /// spokesman, Ahmed Saleh,": an occupation the policy would remove that names the role of a
    /// person named right beside it is kept. The person is on record: rewriting the role
    /// ("a legal professional", "an official", "a source") changes who said and did what, and
    /// the name itself is replaced by the person rule. A source descriptor beside a name is no
    /// anonymous source: it keeps its words (the findings inside it take their own wording), as
    /// only unnamed sources get source wording. Only removing decisions change (under
    /// the standard policy occupations are flagged, and stay so).
    func keepRolesOfNamedPeople(_ work: inout [Work], document: Document) {
        let b = document.bytes
        var starts: Set<Int> = [], ends: Set<Int> = []
        for w in work where w.finding.category == .person {
            starts.insert(w.finding.range.lowerBound)
            ends.insert(w.finding.range.upperBound)
        }
        guard !starts.isEmpty else { return }
        func skip(_ i: Int, comma: Bool) -> Int? {
            var k = i
            if comma {
                guard k < b.count, b[k] == UInt8(ascii: ",") else { return nil }
                k += 1
            }
            let from = k
            while k < b.count && b[k] == 0x20 && k - from < 2 { k += 1 }
            return k > from ? k : nil
        }
        for i in work.indices where [.occupation, .source].contains(work[i].finding.category) && work[i].action.removesOriginal {
            let r = work[i].finding.range
            var named = [false, true].contains { comma in
                skip(r.upperBound, comma: comma).map { starts.contains($0) || PolicyEngine.ownPersonWording(startsAt: $0, in: b) } ?? false
            }
            if !named {
                // "Kim Jong-su, a lawyer": a person's name, a comma, then the role.
                var k = r.lowerBound
                var spaces = 0
                while k > 0 && b[k - 1] == 0x20 && spaces < 2 { k -= 1; spaces += 1 }
                named = spaces > 0 && k > 0 && b[k - 1] == UInt8(ascii: ",")
                    && (ends.contains(k - 1) || PolicyEngine.ownPersonWording(endsAt: k - 1, in: b))
            }
            if named {
                work[i].action = .keep
                work[i].reason += "; the role of a person named beside it (on record): kept, only the name is replaced"
            }
        }
    }

    /// Veil's own wording of a person ("[person]", "Person A") starts at `i`: met again when
    /// Veil's output is audited, it stands for the name it replaced (the fixed point).
    static func ownPersonWording(startsAt i: Int, in b: [UInt8]) -> Bool {
        let placeholder = Array("[person]".utf8), pseudonym = Array("Person ".utf8)
        if i + placeholder.count <= b.count && Array(b[i..<(i + placeholder.count)]) == placeholder { return true }
        guard i + pseudonym.count < b.count, Array(b[i..<(i + pseudonym.count)]) == pseudonym else { return false }
        let c = b[i + pseudonym.count]
        return c >= 0x41 && c <= 0x5A
    }

    /// Veil's own wording of a person ends just before `end` (see `ownPersonWording(startsAt:in:)`).
    static func ownPersonWording(endsAt end: Int, in b: [UInt8]) -> Bool {
        let placeholder = Array("[person]".utf8)
        if end >= placeholder.count && Array(b[(end - placeholder.count)..<end]) == placeholder { return true }
        // "Person A", "Person AB": capitals after "Person ".
        var k = end
        while k > 0 && b[k - 1] >= 0x41 && b[k - 1] <= 0x5A && end - k < 3 { k -= 1 }
        let pseudonym = Array("Person ".utf8)
        return k < end && k >= pseudonym.count && Array(b[(k - pseudonym.count)..<k]) == pseudonym
    }
}

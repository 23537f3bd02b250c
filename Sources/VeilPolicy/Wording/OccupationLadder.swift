import Foundation
import VeilModel

/// The occupation ladder: a role becomes its broad class ("a trader" -> "a person", "a nurse" ->
/// "a health worker").
extension Generalizer {
    func occupation(_ f: Finding) -> Generalized? {
        let trimmed = f.text.split(separator: " ").joined(separator: " ")
        let first = trimmed.split(separator: " ").first.map(String.init) ?? ""
        let article = Slots.determiners.contains(first.lowercased()) ? first : nil
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

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let occupationExamples: [WordingExample] = [

        WordingExample("The [[owner]] paid [[inspectors]] and a [[merchant]].", "The businessperson paid officials and a trader.", .occupation,
                       policy: "strict"),
        WordingExample("The school's director told [[a 31-year-old schoolteacher]].", "The school's director told an educator.", .occupation,
                       policy: "strict"),
        WordingExample("A call came from the [[attorney]] general's office.", "A call came from the official's office.", .occupation,
                       policy: "strict"),
        WordingExample("[[Deputy]] [[Governor]] Pav spoke.", "Official Pav spoke.", .occupation, policy: "strict"),
        WordingExample("Sao, [[another Licadho investigator]], agreed.", "Sao, another worker, agreed.", .occupation, policy: "strict"),
    ]
}

import Foundation
import VeilModel

/// The facility and organization ladders: a name becomes its kind ("a market in North Korea",
/// "a commission").
extension Generalizer {

    static let facilityNouns = ["market", "station", "office", "prison", "camp", "school", "hospital", "factory", "company",
                                "mine", "farm", "restaurant", "hotel", "university", "bank", "shop", "store", "port",
                                "airport", "church", "temple", "mosque", "center", "centre", "base", "complex", "plant",
                                "institute", "college", "court", "bureau", "headquarters", "building", "bridge", "hall",
                                "stadium", "square", "park", "plaza", "tower", "harbor", "harbour", "pier", "checkpoint",
                                "cemetery", "theater", "theatre", "cinema", "library", "museum", "mall", "workshop",
                                "plantation", "mill", "barracks", "jail", "compound", "clinic", "academy", "embassy", "consulate"]

    /// Head nouns that say what kind of organization a name is ("the Texas Commission on Jail
    /// Standards" -> "a commission").
    static let organizationNouns: Set<String> = ["ministry", "department", "agency", "party", "union", "association",
                                                 "federation", "committee", "commission", "council", "bureau", "court",
                                                 "authority", "administration", "foundation", "institute", "center",
                                                 "centre", "league", "society", "network", "alliance", "coalition",
                                                 "assembly", "parliament", "government", "office", "police", "army",
                                                 "movement", "front", "group", "company", "bank", "university", "school"]

    func organization(_ f: Finding) -> Generalized? {
        let words = Generalizer.words(f.text)
        guard let noun = words.first(where: { Generalizer.organizationNouns.contains($0) }) else {
            return Generalized(text: "an organization", residual: 0.02, note: "an organization")
        }
        return Generalized(text: TextFit.indefiniteArticle(for: Substring(noun)) + " " + noun, residual: 0.02, note: "kind of organization")
    }

    func facility(_ f: Finding) -> Generalized? {
        let words = Generalizer.words(f.text)
        let noun = words.reversed().first(where: { Generalizer.facilityNouns.contains($0) }) ?? "facility"
        let article = TextFit.indefiniteArticle(for: Substring(noun))
        if let parent = nearestNameable(f.hierarchy) {
            return Generalized(text: "\(article) \(noun) in \(Generalizer.displayName(parent))", residual: Generalizer.weight(ofLevel: parent.level),
                               note: "kind of facility, \(parent.level.rawValue) level")
        }
        return Generalized(text: article + " " + noun, residual: 0.03, note: "kind of facility")
    }
}

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let facilityExamples: [WordingExample] = [

        WordingExample("She sold rice at [[Hyesan Market|facility]].", "She sold rice at a market in North Korea.", .facility,
                       policy: "strict", in: WordingExample.northKorea),
        WordingExample("He was held at [[Camp 14]].", "He was held at a camp.", .facility, policy: "strict"),
        WordingExample("A complaint went to [[the Texas Commission on Jail Standards|organization]].", "A complaint went to a commission.",
                       .organization,
                       policy: "version: 1\nextends: standard\ncategories:\n  organization: { action: generalize }\n"),
    ]
}

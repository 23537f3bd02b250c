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
        WordingExample("[[Kang Mi-jin|person|person.surname=Kang]] left; later [[Kang|person|person.surname=Kang]] returned.",
                       "Person A left; later Person A returned.", .person),
    ]
}

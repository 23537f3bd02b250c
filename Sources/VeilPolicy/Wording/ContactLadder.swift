import Foundation
import VeilModel

/// The contact ladder: a contact detail is redacted, its placeholder naming only its kind
/// ("[phone number]", "[e-mail address]") under the `category` placeholder style.
extension PolicyEngine {
    /// Placeholder words per contact kind.
    static let contactWords: [String: String] = [
        "email": "e-mail address", "phone": "phone number", "handle": "social-media handle", "url": "web address",
        "ip": "IP address", "iban": "bank account number", "card": "card number", "id": "ID number", "case": "case number",
    ]
}

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let contactExamples: [WordingExample] = [
        WordingExample("Call [[+82 10 1234 5678|contact|contact.kind=phone]] now.", "Call [phone number] now.", .contact),
        WordingExample("Write to [[kang@example.org|contact|contact.kind=email]].", "Write to [e-mail address].", .contact),
    ]
}

import Foundation
import VeilModel

/// Veil's own wordings met again (a published text audited with the policy that made it): its
/// pseudonyms and placeholders are recognized as such and kept, so the audit is a fixed point.
extension PolicyEngine {
    /// The pseudonym templates this policy writes ("Person {letter}"), split around `{letter}`.
    var pseudonymAffixes: [(prefix: String, suffix: String)] {
        var templates = ["Person {letter}"]
        if let t = policy.rule(for: .person).replacement, t.contains("{letter}") { templates.insert(t, at: 0) }
        return templates.compactMap { t in
            let t = t.replacingOccurrences(of: "{category}", with: Category.person.rawValue)
            guard let r = t.range(of: "{letter}") else { return nil }
            return (String(t[..<r.lowerBound]), String(t[r.upperBound...]))
        }
    }

    /// Whether `text` (a person finding) is one of this policy's pseudonyms: the template with
    /// one to three capital letters for `{letter}`, alone, as a possessive ("Person A's"), or
    /// ending a sentence before the next ("Person A. Colombia", read as a middle initial).
    func isOwnPseudonym(_ text: String) -> Bool {
        for (prefix, suffix) in pseudonymAffixes where !prefix.isEmpty || !suffix.isEmpty {
            guard text.hasPrefix(prefix) else { continue }
            var rest = text.dropFirst(prefix.count)
            let letters = rest.prefix(while: { $0.isASCII && $0.isUppercase })
            guard (1...3).contains(letters.count) else { continue }
            rest = rest.dropFirst(letters.count)
            guard rest.hasPrefix(suffix) else { continue }
            rest = rest.dropFirst(suffix.count)
            if rest.isEmpty || rest == "'s" || rest == "\u{2019}s" || rest == "'" || rest.hasPrefix(". ") || rest == "." { return true }
        }
        return false
    }

    /// Whether `text` is a bracketed placeholder such as Veil writes ("[person]", "[redacted]",
    /// "[ref-3f9a0c]"): letters, digits and hyphens between square brackets.
    static func isPlaceholder(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 3, b.first == UInt8(ascii: "["), b.last == UInt8(ascii: "]") else { return false }
        return b.dropFirst().dropLast().allSatisfy { TextFit.isLetter($0) || TextFit.isDigit($0) || $0 == UInt8(ascii: "-") }
    }
}

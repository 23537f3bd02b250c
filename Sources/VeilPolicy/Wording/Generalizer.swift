import Foundation
import VeilModel


/// The result of generalizing one finding: readable text one or more levels up.
struct Generalized: Sendable {
    /// The replacement text (before sentence fitting).
    var text: String
    /// When the replacement also takes in a word before the finding ("on Nov. 10" -> "in
    /// November"), the byte offset where the replaced span now starts.
    var start: Int?
    /// When it also takes in what follows ("Geneva, Switzerland" -> "a city in Switzerland",
    /// not "a city in Switzerland, Switzerland"), the byte offset where the span now ends.
    var end: Int? = nil
    /// How identifying what survives is (risk weight of the residual detail, 0...1).
    var residual: Double
    /// For the decision's reason: what it was generalized to ("city level", "year").
    var note: String
}

/// Turns a finding into a less specific, readable description. One function per kind of
/// detail; each returns `nil` when it cannot say anything safely (the engine then redacts).
struct Generalizer {
    let bytes: [UInt8]
    /// Whether the policy lets this place's name appear in the published text.
    let nameable: (PlaceUnit) -> Bool

    func generalize(_ finding: Finding, rule: CategoryRule) -> Generalized? {
        switch finding.category {
        case .neighborhood, .city, .province, .country:
            return place(finding, form: rule.form ?? .parent, template: rule.replacement)
        case .date: return date(finding, form: rule.form ?? .year)
        case .age: return age(finding)
        case .amount: return amount(finding)
        case .occupation: return occupation(finding)
        case .person: return person(finding)
        case .facility: return facility(finding)
        case .organization: return organization(finding)
        case .source, .contact, .term, .watchlist: return nil
        }
    }


    /// The words of `text`, lower-cased: its runs of letters and digits.
    static func words(_ text: String) -> [String] {
        var text = text
        if let ascii = text.withUTF8({ asciiWords($0) }) { return ascii }
        return wordsReference(text)
    }

    /// `words` through `lowercased()` and Character properties: the reference the byte path
    /// must agree with, and the path for non-ASCII text.
    static func wordsReference(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// `words` of ASCII `b` (in ASCII the letters and digits are `A-Z`, `a-z`, `0-9`); `nil`
    /// when a byte is not ASCII.
    static func asciiWords(_ b: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard TextFolding.isASCII(b) else { return nil }
        var out: [String] = []
        var i = 0
        while i < b.count {
            guard TextFit.isLetter(b[i]) || TextFit.isDigit(b[i]) else { i += 1; continue }
            var j = i + 1
            while j < b.count && (TextFit.isLetter(b[j]) || TextFit.isDigit(b[j])) { j += 1 }
            let start = i
            out.append(String(unsafeUninitializedCapacity: j - start) { w in
                for k in start..<j { w[k - start] = TextFit.lower(b[k]) }
                return j - start
            })
            i = j
        }
        return out
    }
}

// MARK: - Already general: the ladder's own wordings are a fixed point

extension Generalizer {
    /// Whether `f` already reads as general as this category's ladder words it under `rule`
    /// (a date at the policy's `form` or coarser, an age band): Veil's own output ("in March",
    /// "in 2019", "several years ago", "in her 40s") is then kept, not generalized once more,
    /// so that `veil audit` of published text passes with the policy that produced it.
    func alreadyGeneral(_ f: Finding, rule: CategoryRule) -> Bool {
        switch f.category {
        case .date: return Generalizer.dateAlreadyGeneral(Generalizer.words(f.text), form: rule.form ?? .year)
        case .age: return Generalizer.ageAlreadyGeneral(Generalizer.words(f.text))
        case .occupation: return Generalizer.occupationAlreadyGeneral(Generalizer.words(f.text))
        default: return false
        }
    }
}

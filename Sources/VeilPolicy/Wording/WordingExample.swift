import Foundation
import VeilModel

/// One before/after example of a wording ladder, carried by the ladder as data (as each
/// recognizer carries its matching examples) and run by one test (`WordingExamplesTests`).
///
/// `before` marks each finding `[[text]]`, `[[text|category]]` or
/// `[[text|category|key=value;key=value]]` (attribute keys as in `FindingAttribute`, and
/// `q.KIND=words` for a source's qualifier on words inside it); unmarked, the category is the
/// example's. Place findings take `hierarchy`. `after` is the published text under `policy`.
struct WordingExample: Sendable {
    var before: String
    var after: String
    var category: Category
    var policy: String = "standard"
    var hierarchy: [PlaceUnit] = []
    /// The slot of the first marked finding, when the example illustrates one (`Slots.analyze`).
    var slot: Slot? = nil
    /// Findings inside a marked one (a place inside a source): their text (first occurrence),
    /// category and hierarchy.
    var also: [(String, Category, [PlaceUnit])] = []

    init(_ before: String, _ after: String, _ category: Category, policy: String = "standard",
         in hierarchy: [PlaceUnit] = [], slot: Slot? = nil, also: [(String, Category, [PlaceUnit])] = []) {
        self.also = also
        self.before = before
        self.after = after
        self.category = category
        self.policy = policy
        self.hierarchy = hierarchy
        self.slot = slot
    }

    /// Every ladder's examples.
    static var all: [WordingExample] {
        Generalizer.placeExamples + Generalizer.dateExamples + Generalizer.ageExamples + Generalizer.moneyExamples
            + Generalizer.personExamples + Generalizer.occupationExamples + Generalizer.facilityExamples
            + Generalizer.sourceExamples + Generalizer.contactExamples
    }

    /// Hierarchies the examples use.
    static let northKorea = [PlaceUnit(name: "Ryanggang Province", level: .province), PlaceUnit(name: "North Korea", level: .country)]
    static func country(_ name: String) -> [PlaceUnit] { [PlaceUnit(name: name, level: .country)] }

    /// The draft without marks and its findings.
    func parsed() -> (text: String, findings: [Finding]) {
        var clean: [UInt8] = []
        var marks: [(Range<Int>, String)] = []
        let b = Array(before.utf8)
        var i = 0
        var open: Int?
        var spec: [UInt8] = []
        var inSpec = false
        while i < b.count {
            if i + 1 < b.count && b[i] == UInt8(ascii: "[") && b[i + 1] == UInt8(ascii: "[") {
                open = clean.count; spec = []; inSpec = false; i += 2; continue
            }
            if i + 1 < b.count && b[i] == UInt8(ascii: "]") && b[i + 1] == UInt8(ascii: "]"), let o = open {
                marks.append((o..<clean.count, String(decoding: spec, as: UTF8.self))); open = nil; inSpec = false; i += 2; continue
            }
            if open != nil && b[i] == UInt8(ascii: "|") { inSpec = true }
            if inSpec { spec.append(b[i]) } else { clean.append(b[i]) }
            i += 1
        }
        let text = String(decoding: clean, as: UTF8.self)
        let findings = marks.map { range, spec -> Finding in
            let parts = spec.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map(String.init)
            let category = parts.first.flatMap { Category(rawValue: $0) } ?? self.category
            var attributes: [String: String] = [:]
            var qualifiers: [Qualifier] = []
            let spanText = String(decoding: clean[range], as: UTF8.self)
            for pair in parts.dropFirst().first?.split(separator: ";") ?? [] {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { continue }
                if kv[0].hasPrefix("q."), let kind = Qualifier.Kind(rawValue: String(kv[0].dropFirst(2))),
                   let r = spanText.range(of: kv[1]) {
                    let lo = range.lowerBound + spanText.utf8.distance(from: spanText.startIndex, to: r.lowerBound)
                    let q = lo..<(lo + kv[1].utf8.count)
                    qualifiers.append(Qualifier(kind: kind, text: kv[1], range: q, placeLevel: kind == .place ? .city : nil))
                } else {
                    attributes[kv[0]] = kv[1]
                }
            }
            return Finding(range: range, text: spanText, category: category, confidence: 0.9, recognizer: "wording.example",
                           explanation: "a wording example", hierarchy: category.isPlace || category == .facility ? hierarchy : [],
                           qualifiers: qualifiers, attributes: attributes)
        }
        var extra: [Finding] = []
        for (words, category, hierarchy) in also {
            guard let r = text.range(of: words) else { continue }
            let lo = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
            extra.append(Finding(range: lo..<(lo + words.utf8.count), text: words, category: category, confidence: 0.9,
                                 recognizer: "wording.example", explanation: "a wording example", hierarchy: hierarchy))
        }
        return (text, findings + extra)
    }
}

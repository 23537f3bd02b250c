import Foundation
import VeilModel

/// The age ladder: an age becomes its decade or a band ("in her 30s", "a thirtysomething").
extension Generalizer {
    static let decadeWords = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                              "eighty": 80, "ninety": 90, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                              "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90, "teens": 10, "teen": 10]

    func age(_ f: Finding) -> Generalized? {
        let words = Generalizer.words(f.text)
        let number = f.attributes[FindingAttribute.ageYears].flatMap { Int($0) }
            ?? words.lazy.compactMap { w -> Int? in Int(w.hasSuffix("s") ? String(w.dropLast()) : w) }.first
            ?? words.lazy.compactMap { Generalizer.decadeWords[$0] }.first
        guard let years = number, years > 0, years < 130 else { return nil }
        let alreadyDecade = words.contains(where: { $0.hasSuffix("s") && (Int($0.dropLast()) != nil || Generalizer.decadeWords[$0] != nil) })
            || words.contains(where: { $0.hasSuffix("ies") || $0 == "teens" })
        if alreadyDecade {
            // "in her late 20s" -> "in her youth"; "in his 40s" -> "in middle age".
            let own = words.first { ["his", "her", "their"].contains($0) }
            let band = years < 30 ? "\(own ?? possessive(before: f.range.lowerBound)) youth" : years < 60 ? "middle age" : "old age"
            return Generalized(text: "in " + band, residual: 0.02, note: "age band")
        }
        let decade = years / 10 * 10
        let lower = f.text.lowercased()
        if Resolver.contains(lower, "year-old") || Resolver.contains(lower, "year old") && !Resolver.contains(lower, "years old") {
            let word: String
            switch decade {
            case 0: word = "young"
            case 10: word = "teenage"
            default:
                let names = [20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"]
                word = (names[decade] ?? "older") + (names[decade] == nil ? "" : "something")
            }
            return Generalized(text: word, residual: 0.05, note: "decade")
        }
        if Resolver.contains(lower, "age of") {
            // "under the age of seven" -> "under a certain age" (the finding may hold "under").
            let lead = words.first.flatMap { ["under", "over", "below", "above"].contains($0) ? $0 + " " : nil } ?? ""
            return Generalized(text: lead + "a certain age", residual: 0.02, note: "age withheld")
        }
        let pronoun = possessive(before: f.range.lowerBound)
        if decade < 10 { return Generalized(text: "of a young age", residual: 0.05, note: "age band") }
        // "Han, of 36 years old" -> "Han, in her 30s": the "of" goes.
        var start: Int?
        if let of = TextFit.previousWord(bytes, before: f.range.lowerBound), of.word.lowercased() == "of" {
            start = of.start
        }
        if decade == 10 { return Generalized(text: "in \(pronoun) teens", start: start, residual: 0.05, note: "decade") }
        return Generalized(text: "in \(pronoun) \(decade)s", start: start, residual: 0.05, note: "decade")
    }

    /// "his", "her" or "their", from the nearest pronoun or gendered noun before it in the same
    /// sentence (at most 120 bytes); a guess from another sentence could name the wrong person's.
    func possessive(before start: Int) -> String {
        var s = start
        while s > max(0, start - 120) {
            let b = bytes[s - 1]
            if b == 0x0A || (s >= 2 && (bytes[s - 2] == UInt8(ascii: ".") || bytes[s - 2] == UInt8(ascii: "!") || bytes[s - 2] == UInt8(ascii: "?")) && b == 0x20) { break }
            s -= 1
        }
        while s < start && bytes[s] & 0xC0 == 0x80 { s += 1 }
        let words = bytes[s..<start].withUnsafeBufferPointer { Generalizer.asciiWords($0) }
            ?? Generalizer.words(String(decoding: bytes[s..<start], as: UTF8.self))
        for w in words.reversed() {
            switch w {
            case "she", "her", "woman", "mother", "wife", "daughter", "girl", "sister": return "her"
            case "he", "his", "him", "man", "father", "husband", "son", "boy", "brother": return "his"
            default: continue
            }
        }
        return "their"
    }

    /// `alreadyGeneral` for an age: a decade or a band, as the age ladder writes them ("in her
    /// 40s", "in his teens", "a twentysomething", "teenage", "in middle age", "a certain age").
    static func ageAlreadyGeneral(_ words: [String]) -> Bool {
        for (i, w) in words.enumerated() {
            if w.hasSuffix("s"), let n = Int(w.dropLast()), n >= 10, n % 10 == 0 { return true }
            if ["teens", "youth", "teenage", "young", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                "eighties", "nineties"].contains(w) { return true }
            if w.hasSuffix("something"), decadeWords[String(w.dropLast(9))] != nil { return true }
            if w == "age", i > 0, ["middle", "old", "certain", "young"].contains(words[i - 1]) { return true }
        }
        return false
    }

}

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let ageExamples: [WordingExample] = [

        WordingExample("The owner, Rahman, [[52|age|age.years=52]], paid.", "The owner, Rahman, in their 50s, paid.", .age),
        WordingExample("She is [[43 years old]].", "She is in her 40s.", .age),
        WordingExample("A [[27-year-old]] trader came.", "A twentysomething trader came.", .age, slot: .modifier),
        WordingExample("It struck children under [[the age of seven|age|age.years=7]].", "It struck children under a certain age.", .age),
        WordingExample("A man [[in his late 20s]] came.", "A man in his late 20s came.", .age),
        WordingExample("A man [[aged 67|age|age.years=67]] came.", "A man in his 60s came.", .age),
    ]
}

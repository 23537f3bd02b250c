import Foundation
import VeilModel

/// The money ladder: a sum becomes its order of magnitude in its currency ("thousands of taka").
extension Generalizer {
    static let currencySymbols: [Character: String] = ["$": "dollars", "¥": "yuan", "€": "euros", "₩": "won", "£": "pounds", "₽": "rubles"]
    static let currencyCodes = ["usd": "US dollars", "cny": "yuan", "rmb": "yuan", "krw": "won", "kpw": "North Korean won",
                                "eur": "euros", "jpy": "yen", "gbp": "pounds", "rub": "rubles", "byn": "Belarusian rubles",
                                "uah": "hryvnias", "inr": "rupees", "pkr": "Pakistani rupees", "bdt": "taka", "mmk": "kyat",
                                "khr": "riel", "vnd": "dong", "thb": "baht", "lak": "kip", "myr": "ringgit", "idr": "rupiah",
                                "php": "pesos", "sgd": "Singapore dollars", "hkd": "Hong Kong dollars", "twd": "Taiwan dollars",
                                "mop": "patacas", "mnt": "tugriks", "kzt": "tenge", "kgs": "som", "uzs": "sum", "tjs": "somoni",
                                "tmt": "manat", "afn": "afghanis", "irr": "rials", "iqd": "Iraqi dinars", "syp": "Syrian pounds",
                                "lbp": "Lebanese pounds", "jod": "Jordanian dinars", "ils": "shekels", "egp": "Egyptian pounds",
                                "sar": "riyals", "aed": "dirhams", "qar": "riyals", "kwd": "Kuwaiti dinars", "bhd": "Bahraini dinars",
                                "omr": "rials", "yer": "rials", "try": "lira", "gel": "lari", "amd": "dram", "brl": "reais",
                                "aud": "Australian dollars", "cad": "Canadian dollars", "nzd": "New Zealand dollars", "ngn": "naira",
                                "kes": "Kenyan shillings", "ugx": "Ugandan shillings", "tzs": "Tanzanian shillings", "chf": "Swiss francs"]

    func amount(_ f: Finding) -> Generalized? {
        let lower = f.text.lowercased()
        var value = f.attributes[FindingAttribute.amountValue].flatMap { Double($0) }
        if value == nil {
            var digits = ""
            var started = false
            for c in lower {
                if c.isNumber { digits.append(c); started = true } else if started && c == "," { continue } else if started && c == "." { digits.append(c) } else if started { break }
            }
            if var v = Double(digits) {
                if lower.contains("billion") { v *= 1e9 } else if lower.contains("million") { v *= 1e6 } else if lower.contains("thousand") { v *= 1e3 }
                value = v
            }
        }
        guard let v = value, v >= 0 else { return nil }
        var currency = f.attributes[FindingAttribute.currency].map { Generalizer.currencyCodes[$0.lowercased()] ?? $0 } ?? ""
        if currency.isEmpty {
            if let symbol = f.text.first(where: { Generalizer.currencySymbols[$0] != nil }) {
                currency = Generalizer.currencySymbols[symbol]!
            } else {
                let words = f.text.split(separator: " ").filter { w in
                    !w.contains(where: { $0.isNumber }) && !["thousand", "million", "billion", "about", "around", "some", "over", "nearly"].contains(w.lowercased())
                }
                currency = words.joined(separator: " ")
                if let code = Generalizer.currencyCodes[currency.lowercased()] { currency = code }
            }
        }
        if ["dollar", "euro", "pound", "ruble", "rouble", "rupee", "peso", "franc"].contains(where: { currency.lowercased().hasSuffix($0) }) {
            currency += "s"
        }
        let band: String
        switch v {
        case ..<10: band = "a few"
        case ..<100: band = "tens of"
        case ..<1_000: band = "hundreds of"
        case ..<10_000: band = "thousands of"
        case ..<100_000: band = "tens of thousands of"
        case ..<1_000_000: band = "hundreds of thousands of"
        case ..<1_000_000_000: band = "millions of"
        default: band = "billions of"
        }
        if currency.isEmpty {
            return Generalized(text: band == "a few" ? "a small sum" : "a sum in the " + band.replacingOccurrences(of: " of", with: ""), residual: 0.03, note: "order of magnitude")
        }
        // "a $2.4 million settlement" -> "a seven-figure settlement": a sum qualifying a noun.
        if let prev = TextFit.previousWord(bytes, before: f.range.lowerBound), ["a", "an", "the"].contains(prev.word.lowercased()),
           TextFit.modifiesNoun(bytes, after: f.range.upperBound), v >= 1, v < 1e12 {
            let digits = String(Int(v)).count
            let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
            return Generalized(text: words[digits - 1] + "-figure", residual: 0.03, note: "order of magnitude (qualifying a noun)")
        }
        // "about 9,000 taka" -> "thousands of taka": an approximation of a band says nothing more.
        var start: Int?
        if let prev = TextFit.previousWord(bytes, before: f.range.lowerBound),
           ["about", "around", "approximately", "roughly", "nearly", "almost", "some"].contains(prev.word.lowercased()),
           prev.start >= 0 {
            start = prev.start
        }
        return Generalized(text: band + " " + currency, start: start, residual: 0.03, note: "order of magnitude")
    }
}

extension Generalizer {
    /// Before/after examples of this ladder (run by `WordingExamplesTests`).
    static let moneyExamples: [WordingExample] = [

        WordingExample("She earns about [[9,000 taka|amount|amount.value=9000;amount.currency=BDT]].", "She earns thousands of taka.", .amount),
        WordingExample("He was fined [[500 BYN|amount|amount.value=500;amount.currency=BYN]].", "He was fined hundreds of Belarusian rubles.", .amount),
        WordingExample("The hospital paid a [[$2.4 million|amount|amount.value=2400000;amount.currency=USD]] settlement.",
                       "The hospital paid a seven-figure settlement.", .amount, slot: .modifier),
        WordingExample("She paid a bribe of [[3,000 yuan]].", "She paid a bribe of thousands of yuan.", .amount),
    ]
}

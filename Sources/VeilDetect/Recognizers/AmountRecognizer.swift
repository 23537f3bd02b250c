import VeilModel

/// Sums of money in any currency: symbols (`$500`, `US$20,000`, `€422,000`, `NZ $26 million`),
/// ISO codes before or after the number (`KPW 50,000`, `1 USD`), currency words with optional
/// qualifiers (`3,000 yuan`, `10,000 Chinese yuan`, `40,000 NK won`, `five million won`). A
/// three-letter code that is not ISO 4217 counts when it stands before numbers at least twice in
/// the document (reporters' typos such as `KWP`). Vague quantities ("hundreds of dollars",
/// "thousands of yuan") are not reported: they are what policy generalizes sums into.
/// Fills `FindingAttribute.amountValue` and `FindingAttribute.currency`.
struct AmountRecognizer: Recognizer {
    let id = "amount.pattern"
    let summary = "Sums of money written with a currency symbol, code or word"

    let matchingExamples = [
        "She paid a bribe of [[3,000 yuan]] to the agents.",
        "The plot sold for [[Rs 40 lakh]], the house for [[2 crore rupees]].",
        "Helpers pay bribes of [[10,000 Chinese yuan]] or more.",
        "He sent [[$500]] and then [[US$20,000]] to his family.",
        "The fine was [[5 million won]], about [[€422,000]] in all.",
        "Flour rose from [[KPW 4,200]] to [[KPW 6,175]].",
        "She earns [[Rs 15,000]] a month and paid [[Tk 2,000]] in fees.",
        "Flour rose from [[KWP 4,200]] to [[KWP 6,175]].",
        "The rate reached [[KWP 8,800]]: [[1 USD]], up [[KWP 500]].",
        "The exchange rate hit [[100 Chinese yuan]] per [[40,000 NK won]].",
        "He was fined [[1,350 rubles]] and [[BYN 810]].",
        "The project cost [[NZ $26 million]] and [[five million dollars]].",
    ]
    let nonMatchingExamples = [
        "People pay hundreds of dollars and thousands of yuan in bribes.",
        "About 8,000 people fled in 2019; a real problem, one won said.",
        "Prices rose 47% in five days, and 2 pounds of rice cost more.",
        "Rs. and Tk. are abbreviations; Room 12 was empty.",
    ]

    /// Abbreviations written before amounts, and their ISO codes.
    static let abbreviations: KeyMap<String> = KeyMap([
        Lexicon.key("rs"): "INR", Lexicon.key("tk"): "BDT", Lexicon.key("rp"): "IDR", Lexicon.key("ksh"): "KES",
        Lexicon.key("kshs"): "KES", Lexicon.key("ush"): "UGX", Lexicon.key("tsh"): "TZS", Lexicon.key("rm"): "MYR",
    ])

    /// Currency signs (UTF-8 text) and their ISO codes.
    static let symbols: [String: String] = [
        "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR", "₽": "RUB", "₫": "VND",
        "฿": "THB", "₱": "PHP", "₪": "ILS", "₴": "UAH", "₸": "KZT", "₺": "TRY", "₦": "NGN", "元": "CNY",
    ]

    func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let c = PatternCursor(text)
        // Document-level codes: an all-caps three-letter word before a number at least twice.
        var codeCounts: [UInt64: Int] = [:]
        for i in 0..<max(0, c.count - 1) where c.kind(i + 1) == .number && c.length(i) == 3 && c.isAllCaps(i) {
            codeCounts[text.keys[i], default: 0] += 1
        }
        var i = 0
        var lastEnd = -1
        while i < c.count {
            let kind = c.tokens[i].kind
            let first = c.bytes[c.tokens[i].range.lowerBound]
            let candidate = kind == .number || c.has(i, .number) && c.has(i + 1, [.multiplier, .currencyWord])
                || kind == .punctuation && (first == 0x24 || first >= 0xC2)
                || kind == .word && (c.length(i) <= 3 && (first >= 0x41 && first <= 0x5A || first == 0xE5))
            if candidate, let (s, end) = match(c, at: i, after: lastEnd, codeCounts: codeCounts) {
                findings.append(s.finding(in: text))
                lastEnd = end
                i = end + 1
            } else {
                i += 1
            }
        }
    }

    /// The number at `i` (digits, or number words followed by a multiplier), with its value and
    /// last token, including a following multiplier (`26 million`, `5bn`).
    func quantity(_ c: PatternCursor, _ i: Int) -> (Double, Int)? {
        var value: Double
        var end = i
        var words = false
        if c.kind(i) == .number {
            guard let v = c.decimalValue(i) else { return nil }
            value = v
        } else if let e = c.entry(i), e.flags.contains(.number), !c.isAny(i, HoistedWords.w_several_few_couple_hundred) {
            value = Double(e.number)
            words = true
        } else {
            return nil
        }
        if let m = c.entry(end + 1), m.flags.contains(.multiplier), !c.isWord(end + 1, "m") || c.touches(end) {
            value *= m.multiplier
            end += 1
            if c.has(end + 1, .multiplier) && !c.isAny(end + 1, HoistedWords.w_m_k) { value *= c.entry(end + 1)!.multiplier; end += 1 }
        } else if words && (c.isAny(i, HoistedWords.w_a_an_one) || value < 2) {
            return nil
        }
        return (value, end)
    }

    func make(_ c: PatternCursor, _ a: Int, _ b: Int, value: Double, currency: String, score: Double, _ reason: String) -> (ScoredFinding, Int) {
        var s = ScoredFinding(range: c.span(a, b), category: .amount, score: score, recognizer: id, reasons: ["amount pattern: " + reason])
        s.attributes[FindingAttribute.amountValue] = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        s.attributes[FindingAttribute.currency] = currency
        return (s, b)
    }

    /// The currency sign at `i`, when it is one.
    func symbol(_ c: PatternCursor, _ i: Int) -> String? {
        guard i < c.count else { return nil }
        let first = c.bytes[c.tokens[i].range.lowerBound]
        if c.kind(i) == .punctuation {
            guard first == 0x24 || first >= 0xC2 else { return nil }
        } else {
            guard c.kind(i) == .word && c.length(i) == 3 && first == 0xE5 else { return nil }
        }
        // The only signs from U+2000-U+20FF are currency signs (E2 82 xx): curly quotes and dashes
        // (E2 80 xx) are rejected without building their text.
        if first == 0xE2 && (c.length(i) < 2 || c.bytes[c.tokens[i].range.lowerBound + 1] != 0x82) { return nil }
        return AmountRecognizer.symbols[c.text(i, i)]
    }

    func match(_ c: PatternCursor, at i: Int, after floor: Int, codeCounts: [UInt64: Int]) -> (ScoredFinding, Int)? {
        // Sign first: $500, US$20,000, NZ $26 million
        if let iso = symbol(c, i), let (v, end) = quantity(c, i + 1) {
            var start = i
            var code = iso
            if i - 1 > floor, let p = c.entry(i - 1), p.flags.contains(.currencyPrefix), c.isAllCaps(i - 1), c.touches(i - 1) || c.length(i - 1) >= 2 {
                start = i - 1
                if iso == "USD" || c.touches(i - 1) { code = p.currency }
            }
            return make(c, start, end, value: v, currency: code, score: 0.9, "currency sign")
        }
        // Code first: KPW 50,000, USD 100, KWP 4,200 (repeated in the document)
        if c.kind(i) == .word, c.length(i) == 3, c.isAllCaps(i), c.kind(i + 1) == .number, let (v, end) = quantity(c, i + 1) {
            if let e = c.entry(i), e.flags.contains(.currencyCode) {
                return make(c, i, end, value: v, currency: e.currency, score: 0.9, String(joining: ["ISO currency code '", e.currency, "'"]))
            }
            if (codeCounts[c.text.keys[i]] ?? 0) >= 2 {
                var s = make(c, i, end, value: v, currency: c.text(i, i), score: 0.65, "three-letter code before numbers")
                s.0.adjust(0.1, "code used before several numbers in the document")
                return s
            }
        }
        // Abbreviated currency first: Rs 15,000, Rs. 500, Tk 2,000, Rp 50.000, Ksh 1,000
        if c.kind(i) == .word, c.isCapitalized(i), let code = AmountRecognizer.abbreviations[c.text.keys[i]] {
            var j = i + 1
            if c.isPunct(j, 0x2E) && c.touches(i) { j += 1 }
            if c.kind(j) == .number, let (v, end) = quantity(c, j) {
                return make(c, i, end, value: v, currency: code, score: 0.85, "currency abbreviation '\(c.text(i, i))'")
            }
        }
        // Number first: 3,000 yuan, 10,000 Chinese yuan, 1 USD, five million won, 40,000 NK won
        if c.kind(i) == .number || c.has(i, .number), let (v, qEnd) = quantity(c, i) {
            var j = qEnd + 1
            var qualifiers = 0
            while qualifiers < 3, c.isNameWord(j), !c.has(j, [.currencyWord, .currencyCode]) { j += 1; qualifiers += 1 }
            if let e = c.entry(j), e.flags.contains(.currencyWord) {
                if c.isAny(j, HoistedWords.w_pound_pounds) && c.isWord(j + 1, "of") { return nil }
                if c.isAny(j, HoistedWords.w_won_real_som_dong) && qualifiers == 0 && c.kind(i) != .number { return nil }
                var end = j
                if c.isAny(j, HoistedWords.w_pounds_pound), c.isWord(j + 1, "sterling") { end += 1 }
                return make(c, i, end, value: v, currency: e.currency, score: qualifiers > 0 ? 0.9 : 0.85, String(joining: ["number and currency word '", e.word, "'"]))
            }
            if qualifiers == 0, c.kind(j) == .word, c.length(j) == 3, c.isAllCaps(j) {
                if let e = c.entry(j), e.flags.contains(.currencyCode) {
                    return make(c, i, j, value: v, currency: e.currency, score: 0.85, "number and ISO currency code")
                }
            }
        }
        return nil
    }
}

/// Word lists of this file's checks, built once instead of at every call.
private enum HoistedWords {
    static let w_several_few_couple_hundred: [StaticString] = ["several", "few", "couple", "hundred"]
    static let w_m_k: [StaticString] = ["m", "k"]
    static let w_a_an_one: [StaticString] = ["a", "an", "one"]
    static let w_pound_pounds: [StaticString] = ["pound", "pounds"]
    static let w_won_real_som_dong: [StaticString] = ["won", "real", "som", "dong"]
    static let w_pounds_pound: [StaticString] = ["pounds", "pound"]
}

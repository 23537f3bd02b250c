/// Byte-level scanner for the numeric and ISO 8601 date forms the token rules of
/// `DateRecognizer` do not cover: ISO dates with a time and offset
/// (`2019-07-20T14:30:00+09:00`, `2024-03-15T14:30Z`), dashed day-month-year
/// (`5-20-2021`, `5-May-2021`), day and month (`21-May`), month and day or year (`May-21`,
/// `May-2021`), year/month/day with slashes or a month name (`2019/07/20`, `2019/June/3`), and
/// month/year (`5/2021`, `05/21`). A form must not be glued to letters or digits on either side.
enum NumericDateForms {
    struct Match {
        var end: Int
        var year: Int?
        var month: Int?
        var reason: String
        var score: Double
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { c | 0x20 >= 0x61 && c | 0x20 <= 0x7A }

    /// English month names and their three-letter (and `Sept`) abbreviations.
    static let monthNames: [[UInt8]] = ["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"].map { Array($0.utf8) }

    /// The month (1-12) named by the ASCII letters at `at` (full name, or its first three letters,
    /// or `sept`), and the end of the letters; nil when the letters name no month.
    static func monthName(_ b: [UInt8], at: Int) -> (Int, Int)? {
        var e = at
        while e < b.count && isLetter(b[e]) && e - at < 10 { e += 1 }
        let n = e - at
        guard n >= 3, e >= b.count || !isLetter(b[e]) else { return nil }
        for (m, name) in monthNames.enumerated() {
            if n == name.count || n == 3 || (m == 8 && n == 4) {
                guard n <= name.count else { continue }
                var same = true
                for k in 0..<n where b[at + k] | 0x20 != name[k] { same = false; break }
                if same { return (m + 1, e) }
            }
        }
        return nil
    }

    /// Digits at `at`: value, count and end.
    static func number(_ b: [UInt8], at: Int) -> (Int, Int, Int)? {
        var e = at
        var v = 0
        while e < b.count && isDigit(b[e]) && e - at < 5 { v = v * 10 + Int(b[e] - 0x30); e += 1 }
        return e > at ? (v, e - at, e) : nil
    }

    /// Whether the byte at `k` ends a form: end of text, or not a letter, a digit, or a
    /// separator followed by a digit.
    static func ends(_ b: [UInt8], _ k: Int) -> Bool {
        guard k < b.count else { return true }
        let c = b[k]
        if isDigit(c) || isLetter(c) || c == 0x5F { return false }
        if (c == 0x2D || c == 0x2F || c == 0x2E || c == 0x3A) && k + 1 < b.count && isDigit(b[k + 1]) { return false }
        return true
    }

    /// Whether a form may start at `s`: not glued to a letter or digit, nor to a separator
    /// after a digit.
    static func starts(_ b: [UInt8], _ s: Int) -> Bool {
        guard s > 0 else { return true }
        let p = b[s - 1]
        if isDigit(p) || isLetter(p) || p == 0x5F { return false }
        if (p == 0x2D || p == 0x2F || p == 0x2E || p == 0x3A || p == 0x2B) && s > 1 && isDigit(b[s - 2]) { return false }
        return true
    }

    /// An ISO 8601 time after a date: `T14:30`, `T14:30:00`, `T09:15:30.500`, then `Z`,
    /// `+09:00`, `-0500` or nothing. Returns the end.
    static func isoTime(_ b: [UInt8], at: Int) -> Int? {
        guard at < b.count, b[at] == 0x54 || b[at] == 0x74 else { return nil }
        guard let (h, hn, he) = number(b, at: at + 1), hn == 2, h <= 23,
              he < b.count, b[he] == 0x3A, let (mi, mn, me) = number(b, at: he + 1), mn == 2, mi <= 59 else { return nil }
        var k = me
        if k + 1 < b.count, b[k] == 0x3A, let (sec, sn, se) = number(b, at: k + 1), sn == 2, sec <= 60 {
            k = se
            if k + 1 < b.count, b[k] == 0x2E || b[k] == 0x2C, isDigit(b[k + 1]) {
                k += 1
                while k < b.count && isDigit(b[k]) && k - me < 16 { k += 1 }
            }
        }
        if k < b.count && b[k] == 0x5A { return k + 1 }
        if k + 2 < b.count, b[k] == 0x2B || b[k] == 0x2D, let (oh, on, oe) = number(b, at: k + 1) {
            if on == 2, oh <= 14 {
                if oe + 2 < b.count, b[oe] == 0x3A, let (om, omn, ome) = number(b, at: oe + 1), omn == 2, om <= 59 { return ome }
                return oe
            }
            if on == 4, oh / 100 <= 14, oh % 100 <= 59 { return oe }
        }
        return k
    }

    /// A form starting with digits at `s`.
    static func fromDigits(_ b: [UInt8], at s: Int) -> Match? {
        guard starts(b, s), let (n1, d1, e1) = number(b, at: s), e1 < b.count else { return nil }
        let sep = b[e1]
        guard sep == 0x2D || sep == 0x2F else { return nil }
        let p2 = e1 + 1
        guard p2 < b.count else { return nil }
        if d1 == 4, (1000...2099).contains(n1) {
            // year first: 2019-07-20T14:30Z, 2019/07/20, 2019/June/3
            var month: Int?
            var e2 = p2
            if let (m, _, e) = number(b, at: p2), (1...12).contains(m), e - p2 <= 2 { month = m; e2 = e }
            else if let (m, e) = monthName(b, at: p2) { month = m; e2 = e }
            guard let m = month, e2 + 1 < b.count, b[e2] == sep,
                  let (d, dn, e3) = number(b, at: e2 + 1), dn <= 2, (1...31).contains(d) else { return nil }
            if sep == 0x2D, isDigit(b[p2]), let te = isoTime(b, at: e3), ends(b, te) {
                return Match(end: te, year: n1, month: m, reason: "ISO 8601 date and time", score: 0.9)
            }
            // The plain ISO date 2019-07-20 stays with the token rules.
            guard sep == 0x2F || !isDigit(b[p2]), ends(b, e3) else { return nil }
            return Match(end: e3, year: n1, month: m, reason: "year, month and day", score: 0.85)
        }
        guard d1 <= 2, n1 >= 1, n1 <= 31 else { return nil }
        if let (m, e2) = monthName(b, at: p2), sep == 0x2D {
            // 5-May-2021, 21-May
            if e2 + 1 < b.count, b[e2] == 0x2D, let (y, yn, e3) = number(b, at: e2 + 1), yn == 4 || yn == 2, ends(b, e3) {
                return Match(end: e3, year: yn == 4 ? y : nil, month: m, reason: "day, month name and year", score: 0.85)
            }
            guard ends(b, e2) else { return nil }
            return Match(end: e2, year: nil, month: m, reason: "day and month name", score: 0.75)
        }
        guard let (n2, d2, e2) = number(b, at: p2) else { return nil }
        if d2 <= 2, e2 + 1 < b.count, b[e2] == sep, sep == 0x2D, let (y, yn, e3) = number(b, at: e2 + 1), yn == 4,
           (1900...2099).contains(y), (1...31).contains(n2), min(n1, n2) <= 12, ends(b, e3) {
            // 5-20-2021, 20-05-2021
            return Match(end: e3, year: y, month: nil, reason: "numeric date with dashes", score: 0.85)
        }
        if sep == 0x2F, n1 <= 12, ends(b, e2) {
            // 5/2021, 05/21: month and year (or month and day)
            if d2 == 4, (1900...2099).contains(n2) {
                return Match(end: e2, year: n2, month: n1, reason: "month and year", score: 0.7)
            }
            if d2 == 2 {
                return Match(end: e2, year: nil, month: n1, reason: "month and day or year", score: 0.6)
            }
        }
        return nil
    }

    /// A form starting with a month name at `s`: `May-21`, `May-2021`.
    static func fromMonth(_ b: [UInt8], at s: Int) -> Match? {
        guard starts(b, s), let (m, e1) = monthName(b, at: s), e1 + 1 < b.count, b[e1] == 0x2D,
              let (n, d, e2) = number(b, at: e1 + 1), ends(b, e2) else { return nil }
        if d == 4, (1000...2099).contains(n) { return Match(end: e2, year: n, month: m, reason: "month name and year", score: 0.85) }
        if d <= 2, (1...31).contains(n) { return Match(end: e2, year: nil, month: m, reason: "month name and day", score: 0.75) }
        return nil
    }
}

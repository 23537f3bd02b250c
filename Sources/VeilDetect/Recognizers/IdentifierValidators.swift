/// Pure byte-level parsers and checksums for identifiers found by their format: the Luhn check
/// of payment cards, IBANs (ISO 13616, mod 97 with the per-country length of the SWIFT registry),
/// IPv4 and IPv6 addresses, and top-level domains of the DNS root zone. Each parser takes the
/// UTF-8 bytes and a start offset and returns the end of the longest valid match, or nil; none
/// allocates per call except the IBAN check's small buffer.
enum IdentifierValidators {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66)
    }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
    }

    // MARK: - Luhn

    /// The Luhn checksum used by payment cards (ASCII digits; anything else fails).
    static func luhn<C: Collection>(_ digits: C) -> Bool where C.Element == UInt8 {
        var sum = 0
        var n = 0
        for d in digits.reversed() {
            guard isDigit(d) else { return false }
            var v = Int(d - 0x30)
            if n % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
            n += 1
        }
        return n > 0 && sum % 10 == 0
    }

    /// Whether a card number's digits (13-19 ASCII digits) start with a prefix of a card scheme
    /// that issues numbers of that length: Visa 4 (13, 16, 19), Mastercard 51-55 and 2221-2720
    /// (16), American Express 34/37 (15), Diners Club 300-305/36/38/39 (14-16), Discover
    /// 6011/644-649/65 (16-19), JCB 3528-3589 (16-19), Maestro 50/56-69 (12-19), UnionPay 62
    /// (16-19), UATP 1 (15).
    static func cardBrand(_ d: [UInt8]) -> String? {
        let n = d.count
        guard n >= 13 && n <= 19, d.allSatisfy(isDigit) else { return nil }
        func p(_ k: Int) -> Int { d.prefix(k).reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        if d[0] == 0x34 { return [13, 16, 19].contains(n) ? "Visa" : nil }
        if (51...55).contains(p(2)) || (2221...2720).contains(p(4)) { return n == 16 ? "Mastercard" : nil }
        if p(2) == 34 || p(2) == 37 { return n == 15 ? "American Express" : nil }
        if (300...305).contains(p(3)) || [36, 38, 39].contains(p(2)) { return (14...16).contains(n) ? "Diners Club" : nil }
        if p(4) == 6011 || (644...649).contains(p(3)) || p(2) == 65 { return n >= 16 ? "Discover" : nil }
        if (3528...3589).contains(p(4)) { return n >= 16 ? "JCB" : nil }
        if p(2) == 62 { return n >= 16 ? "UnionPay" : nil }
        if p(2) == 50 || (56...69).contains(p(2)) { return "Maestro" }
        if d[0] == 0x31 { return n == 15 ? "UATP" : nil }
        return nil
    }

    // MARK: - IBAN

    /// IBAN length per country code (two upper-case letters packed as `UInt16`), from
    /// `Lexicons/patterns/iban-lengths.tsv` (SWIFT IBAN registry).
    static let ibanLengths: [UInt16: Int] = {
        var m: [UInt16: Int] = [:]
        for row in Lexicon.load("patterns/iban-lengths.tsv").rows where row.count >= 2 {
            let cc = Array(row[0].utf8)
            guard cc.count == 2, let n = Int(row[1]) else { continue }
            m[UInt16(cc[0]) << 8 | UInt16(cc[1])] = n
        }
        return m
    }()

    /// The registry length of an IBAN starting with country code `a`,`b` (upper-case ASCII).
    static func ibanLength(_ a: UInt8, _ b: UInt8) -> Int? { ibanLengths[UInt16(a) << 8 | UInt16(b)] }

    /// ISO 13616 check of a compact IBAN (upper-case letters and digits, no spaces): a known
    /// country, its registry length, two check digits, and the number read with the first four
    /// characters moved to the end (letters as 10-35) leaving remainder 1 modulo 97.
    static func ibanValid<C: Collection>(_ s: C) -> Bool where C.Element == UInt8 {
        let a = Array(s)
        guard a.count >= 5, isUpper(a[0]), isUpper(a[1]), isDigit(a[2]), isDigit(a[3]),
              let n = ibanLength(a[0], a[1]), n == a.count else { return false }
        var r = 0
        for k in 0..<a.count {
            let c = a[(k + 4) % a.count]
            if isDigit(c) { r = (r * 10 + Int(c - 0x30)) % 97 }
            else if isUpper(c) { r = (r * 100 + Int(c - 0x41 + 10)) % 97 }
            else { return false }
        }
        return r == 1
    }

    /// An IBAN starting at `at`: compact (`DE89370400440532013000`) or in groups of four separated
    /// by single spaces or dashes (`DE89 3704 0044 0532 0130 00`), ending at a word boundary once
    /// the country's length is reached. Returns the end offset and whether the checksum holds;
    /// nil when the text is not IBAN-shaped at all.
    static func iban(_ b: [UInt8], at: Int) -> (end: Int, valid: Bool)? {
        guard at + 4 < b.count, isUpper(b[at]), isUpper(b[at + 1]), isDigit(b[at + 2]), isDigit(b[at + 3]),
              let n = ibanLength(b[at], b[at + 1]) else { return nil }
        var compact: [UInt8] = []
        compact.reserveCapacity(n)
        var k = at
        var sep: UInt8 = 0
        var inGroup = 0
        while k < b.count && compact.count < n {
            let c = b[k]
            if isAlnum(c) {
                compact.append(c); inGroup += 1; k += 1
                continue
            }
            // a separator only between full groups of four
            guard (c == 0x20 || c == 0x2D), inGroup == 4, k + 1 < b.count, isAlnum(b[k + 1]) else { break }
            if sep == 0 { guard compact.count == 4 else { break }; sep = c } else if sep != c { break }
            inGroup = 0
            k += 1
        }
        guard compact.count == n, k >= b.count || !isAlnum(b[k]) else { return nil }
        return (k, ibanValid(compact))
    }

    // MARK: - IP addresses

    /// A dotted IPv4 address at `at`: four decimal octets 0-255 (no leading zeros), not part of a
    /// longer dotted number (`1.2.3.4.5`, a version number). Returns the end offset.
    static func ipv4(_ b: [UInt8], at: Int) -> Int? {
        var k = at
        for part in 0..<4 {
            if part > 0 { guard k < b.count, b[k] == 0x2E else { return nil }; k += 1 }
            let s = k
            var v = 0
            while k < b.count && isDigit(b[k]) && k - s < 4 { v = v * 10 + Int(b[k] - 0x30); k += 1 }
            let len = k - s
            guard len >= 1 && len <= 3, v <= 255, !(len > 1 && b[s] == 0x30) else { return nil }
        }
        if k < b.count && (isAlnum(b[k]) || b[k] == 0x5F) { return nil }
        if k + 1 < b.count && b[k] == 0x2E && isDigit(b[k + 1]) { return nil }
        return k
    }

    /// An IPv6 address at `at` (RFC 4291 text forms): eight groups of one to four hex digits, or
    /// fewer with one `::`, the last 32 bits optionally as dotted IPv4 (`::ffff:192.0.2.1`), and an
    /// optional zone id (`fe80::1%eth0`). Returns the end offset.
    static func ipv6(_ b: [UInt8], at: Int) -> Int? {
        var k = at
        var groups = 0
        var compressed = false
        var end = -1
        // leading "::"
        if k + 1 < b.count && b[k] == 0x3A && b[k + 1] == 0x3A { compressed = true; k += 2; end = k }
        else if k < b.count && b[k] == 0x3A { return nil }
        while k < b.count && groups < 8 {
            // an embedded IPv4 in the last 32 bits
            if groups <= 6, let e = ipv4(b, at: k), (compressed || groups == 6) {
                groups += 2; k = e; end = k; break
            }
            let s = k
            while k < b.count && isHex(b[k]) && k - s < 5 { k += 1 }
            let len = k - s
            if len == 0 { break }
            if len > 4 { return nil }
            groups += 1
            end = k
            guard k < b.count, b[k] == 0x3A else { break }
            if k + 1 < b.count && b[k + 1] == 0x3A {
                if compressed { return nil }
                compressed = true; k += 2; end = k
                continue
            }
            guard k + 1 < b.count, isHex(b[k + 1]) else { break }
            k += 1
        }
        guard end > at else { return nil }
        k = end
        guard compressed ? groups <= 7 : groups == 8 else { return nil }
        // Not a valid address when glued to more hex digits, a colon or a dot-number.
        if k < b.count && (isAlnum(b[k]) || b[k] == 0x3A || b[k] == 0x5F) { return nil }
        if k + 1 < b.count && b[k] == 0x2E && isDigit(b[k + 1]) { return nil }
        // zone id
        if k + 1 < b.count && b[k] == 0x25 && isAlnum(b[k + 1]) {
            k += 1
            while k < b.count && (isAlnum(b[k]) || b[k] == 0x2E || b[k] == 0x5F || b[k] == 0x2D) { k += 1 }
        }
        return k
    }

    // MARK: - Domains

    /// Top-level domains of the DNS root zone (IANA), by `Lexicon.key`.
    static let tlds: Set<UInt64> = Lexicon.load("patterns/tlds.tsv").keySet()

    /// Whether `b[range]` (a label without the dot) is a top-level domain of the root zone.
    static func isTLD(_ b: [UInt8], _ range: Range<Int>) -> Bool {
        range.count >= 2 && range.count <= 24 && tlds.contains(Lexicon.key(b, range))
    }
}

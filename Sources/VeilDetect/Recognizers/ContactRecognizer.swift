import VeilModel

/// Contact details and identifiers: e-mail addresses, social handles (`@name`), web addresses
/// (with a scheme, `www.`, a path, or a bare domain whose top-level label is in the root zone),
/// IPv4 and IPv6 addresses, IBANs (mod 97), card numbers (scheme prefix and Luhn), phone numbers
/// in international, local and vanity formats (dates, year ranges and plain counts are
/// rejected), ID numbers after an ID word (`passport number M1234567`) and case numbers after a
/// cue (`case No. 2023-CR-0412`). An IBAN or card failing its checksum yields nothing. The
/// validators are in `IdentifierValidators.swift`. Fills `FindingAttribute.contactKind`
/// (email, handle, url, ip, iban, card, phone, id, case).
struct ContactRecognizer: Recognizer {
    let id = "contact.pattern"
    let summary = "E-mail addresses, handles, personal URLs, phone and ID numbers"

    let matchingExamples = [
        "Write to [[kim.mj@example.org]] or follow [[@dailynk_kr]] for updates.",
        "She wrote on Instagram ([[@sara.karimi_93]]) and on X as [[@sara_k]].",
        "Call [[+82 2 1234 5678]] or [[(02) 555-0134]] after 6 PM.",
        "His mobile number is [[010-1234-5678]].",
        "Her page is [[facebook.com/kang.mijin]] and [[https://t.me/hyesan_news]].",
        "He showed passport number [[M12345678]] at the border.",
        "His passport number is [[M12345678]] and his ID was [[850101-1234567]].",
        "The card [[4111 1111 1111 1111]] was used.",
        "Cards [[5105105105105100]], [[3782-822463-10005]] and [[5105-1051-0510-5100]] were cloned.",
        "Wire it to [[DE64100200300400500600]] or [[GB82 WEST 1234 5698 7654 32]].",
        "The server at [[203.0.113.7]] and [[2001:db8::8a2e:370:7334]] logged [[fe80::1%eth0]] and [[::ffff:198.51.100.4]].",
        "See [[example.org/path]], [[www.x.co.uk]], [[https://host:8080/a?b=c]] and [[news.example.com]].",
        "Call [[1-866-7LOCKUP]] or [[416-222-TIPS (8477)]].",
        "Police opened case No. [[2023-CR-0412]], FIR No. [[123/2024]] and incident #[[4471]].",
        "Mail [[ops@xn--80ak6aa92e.xn--p1ai]] now.",
    ]
    let nonMatchingExamples = [
        "The file is dated 2019-07-20, covers 2018-2020 and 7/20/2019.",
        "About 8,000 people fled in 2019 and 2000 stayed; 3,000 yuan was paid.",
        "Version 1.2.3 and 10.0.1.2.5 shipped; the score was 3-1 and the ratio 2:1.",
        "It costs $4,111.11 and 1,234,567 people voted in 1999, 2000 and 2019.",
        "The meeting began at 14:30:00 and ended at 16:45 (12:34:56 in all).",
        "Invalid: 256.1.1.1, 192.168.1, 4111 1111 1111 1112, DE65100200300400500600, 2001::db8::1.",
        "He saved report.zip and main.py, and e.g. the U.S. and std::cout or MyClass::toString.",
        "In case 2019 comes back, the case 12 jurors heard was closed.",
        "The meeting ran from 10:30 to 12:45 in room 1234.",
    ]

    /// Words that announce a phone number.
    static let phoneContext: Set<String> = ["phone", "telephone", "tel", "mobile", "cell", "call", "called", "number",
                                            "whatsapp", "contact", "fax", "hotline", "signal", "telegram", "wechat", "dial"]
    /// Words that announce an identity or account number.
    static let idContext: Set<String> = ["passport", "id", "identification", "identity", "card", "license", "licence",
                                         "registration", "account", "serial", "resident", "citizen", "ssn", "permit"]
    /// Keys (`Lexicon.key`) of `phoneContext` and `idContext`.
    static let phoneKeys = Set(phoneContext.map { Lexicon.key($0) })
    static let idKeys = Set(idContext.map { Lexicon.key($0) })
    /// Domains whose paths name a person.
    static let socialDomains: Set<String> = ["facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com", "t.me",
                                             "youtube.com", "tiktok.com", "linkedin.com", "vk.com", "ok.ru", "weibo.com",
                                             "github.com", "medium.com", "telegram.me", "wa.me", "threads.net"]

    func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let c = PatternCursor(text)
        let b = c.bytes
        var covered = -1   // byte offset up to which text is already in a finding (or rejected)
        var i = 0
        while i < c.count {
            let t = c.tokens[i]
            if t.range.lowerBound < covered { i += 1; continue }
            // Cheap gate: only '@', '+', '(', '::', numbers, words glued to '.' or ':', a two-letter
            // upper-case word glued to a number (an IBAN's country code), and ID words.
            if t.kind == .punctuation && !(c.isPunct(i, 0x40) || c.isPunct(i, 0x2B) || c.isPunct(i, 0x28)
                                            || c.isPunct(i, 0x3A) && c.isPunct(i + 1, 0x3A) && c.touches(i))
                || t.kind == .word && !(c.touches(i) && (c.isPunct(i + 1, 0x2E) || c.isPunct(i + 1, 0x3A)))
                    && !c.has(i, .idWord) && !ContactRecognizer.ibanStart(c, i) && !ContactRecognizer.caseStart(c, i) {
                i += 1; continue
            }
            var hit: (Range<Int>, String, Double, String)?
            let s = t.range.lowerBound
            if c.isPunct(i, 0x40) {
                hit = emailOrHandle(b, at: s)
            } else if let ip = ContactRecognizer.ipAddress(b, at: s) {
                hit = ip
            } else if ContactRecognizer.ibanStart(c, i), let (e, valid) = IdentifierValidators.iban(b, at: s) {
                if !valid { covered = e; i += 1; continue }   // an IBAN-shaped number failing mod 97 is nothing
                hit = (s..<e, "iban", 0.9, "IBAN (country length and mod-97 check passed)")
            } else if c.kind(i) == .word, let u = url(c, at: i) {
                hit = u
            } else if c.kind(i) == .number || c.isPunct(i, 0x2B) || c.isPunct(i, 0x28) {
                if c.kind(i) == .number, let (e, valid) = ContactRecognizer.cardNumber(b, at: s) {
                    if !valid { covered = e; i += 1; continue }   // a card's shape and prefix failing Luhn
                    hit = (s..<e, "card", 0.9, "card number (brand prefix and Luhn check passed)")
                } else {
                    hit = phoneOrCard(c, at: i)
                }
            }
            if hit == nil, c.kind(i) == .word, let e = idNumber(c, at: i) { hit = e }
            if hit == nil, ContactRecognizer.caseStart(c, i), let e = caseNumber(c, at: i) { hit = e }
            if let (r, kind, score, reason) = hit {
                var s = ScoredFinding(range: r, category: .contact, score: score, recognizer: id, reasons: ["contact pattern: " + reason])
                s.attributes[FindingAttribute.contactKind] = kind
                findings.append(s.finding(in: text))
                covered = r.upperBound
            }
            i += 1
        }
    }

    /// Whether token `i` is a case cue followed by `No`, `number`, `#` or a number.
    @inline(__always) static func caseStart(_ c: PatternCursor, _ i: Int) -> Bool {
        guard c.kind(i) == .word, c.kind(i + 1) == .number || c.isPunct(i + 1, 0x23) || c.isWord(i + 1, "no") || c.isWord(i + 1, "number")
        else { return false }
        return caseCues.contains(c.text.keys[i])
    }

    /// Whether token `i` is a two-letter upper-case word glued to a number (`DE89...`).
    @inline(__always) static func ibanStart(_ c: PatternCursor, _ i: Int) -> Bool {
        guard c.kind(i) == .word else { return false }
        let s = c.tokens[i].range.lowerBound
        let b = c.bytes
        return s + 3 < b.count && IdentifierValidators.isUpper(b[s]) && IdentifierValidators.isUpper(b[s + 1])
            && IdentifierValidators.isDigit(b[s + 2]) && IdentifierValidators.isDigit(b[s + 3])
    }

    /// An IPv6 or IPv4 address starting at byte `s`, not inside a longer hex or dotted run.
    static func ipAddress(_ b: [UInt8], at s: Int) -> (Range<Int>, String, Double, String)? {
        guard s < b.count else { return nil }
        let p: UInt8 = s > 0 ? b[s - 1] : 0x20
        if IdentifierValidators.isAlnum(p) || p == 0x5F || p == 0x2E && s > 1 && IdentifierValidators.isDigit(b[s - 2]) { return nil }
        // IPv6 needs a ':' within its first five bytes
        var k = s
        while k < b.count && k - s < 5 && IdentifierValidators.isHex(b[k]) { k += 1 }
        if p != 0x3A, k < b.count && b[k] == 0x3A, let e = IdentifierValidators.ipv6(b, at: s) {
            return (s..<e, "ip", 0.85, "IPv6 address")
        }
        if IdentifierValidators.isDigit(b[s]), let e = IdentifierValidators.ipv4(b, at: s) {
            return (s..<e, "ip", 0.85, "IPv4 address (four octets 0-255)")
        }
        return nil
    }

    /// A card number at byte `s`: 13-19 digits, compact or in groups (4-4-4-4, 4-4-4-4-3, 4-6-5,
    /// 4-6-4) separated by single spaces or dashes, with a card scheme's prefix. Returns its end
    /// and whether the Luhn check holds; nil when it is not card-shaped.
    static func cardNumber(_ b: [UInt8], at s: Int) -> (Int, Bool)? {
        if s > 0 && (b[s - 1] == 0x2B || IdentifierValidators.isDigit(b[s - 1])) { return nil }
        if s > 1 && (b[s - 1] == 0x2D || b[s - 1] == 0x2E) && IdentifierValidators.isDigit(b[s - 2]) { return nil }
        // Quick reject before any allocation: a card starts with four digits then a separator, or
        // with at least thirteen digits.
        var run = s
        while run < b.count && IdentifierValidators.isDigit(b[run]) && run - s < 20 { run += 1 }
        let first = run - s
        if first < 4 || first > 4 && first < 13 || first > 19 { return nil }
        if first == 4 && !(run + 1 < b.count && (b[run] == 0x20 || b[run] == 0x2D) && IdentifierValidators.isDigit(b[run + 1])) { return nil }
        var groups: [Int] = []
        var ends: [Int] = []
        var digits: [UInt8] = []
        var k = s
        var sep: UInt8 = 0
        while k < b.count {
            let g = k
            while k < b.count && IdentifierValidators.isDigit(b[k]) && digits.count < 20 { digits.append(b[k]); k += 1 }
            if k == g { break }
            groups.append(k - g); ends.append(k)
            if digits.count > 19 { break }
            guard k + 1 < b.count, b[k] == 0x20 || b[k] == 0x2D, IdentifierValidators.isDigit(b[k + 1]),
                  sep == 0 || sep == b[k] else { break }
            sep = b[k]; k += 1
        }
        var n = groups.count
        while n > 0 {
            let g = Array(groups.prefix(n))
            let count = g.reduce(0, +)
            let end = ends[n - 1]
            let shaped = n == 1 || g == [4, 6, 5] || g == [4, 6, 4]
                || n >= 4 && g.dropLast().allSatisfy { $0 == 4 } && (1...4).contains(g[n - 1])
            let boundary = end >= b.count || !(IdentifierValidators.isDigit(b[end]) || IdentifierValidators.isAlnum(b[end]))
            if shaped && boundary && (13...19).contains(count) {
                let d = Array(digits.prefix(count))
                if IdentifierValidators.cardBrand(d) != nil { return (end, IdentifierValidators.luhn(d)) }
            }
            n -= 1
        }
        return nil
    }

    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
    }

    /// `name@host.tld` around the `@` at byte `at`, or a handle `@name` when nothing precedes it.
    func emailOrHandle(_ b: [UInt8], at: Int) -> (Range<Int>, String, Double, String)? {
        var l = at
        let leftLimit = max(0, at - 64)
        while l > leftLimit, ContactRecognizer.isAlnum(b[l - 1]) || b[l - 1] == 0x2E || b[l - 1] == 0x5F || b[l - 1] == 0x2D || b[l - 1] == 0x2B || b[l - 1] == 0x25 { l -= 1 }
        while l < at && (b[l] == 0x2E || b[l] == 0x2D) { l += 1 }
        var r = at + 1
        let rightLimit = min(b.count, at + 256)
        while r < rightLimit, ContactRecognizer.isAlnum(b[r]) || b[r] == 0x2E || b[r] == 0x2D || b[r] == 0x5F { r += 1 }
        while r > at + 1 && (b[r - 1] == 0x2E || b[r - 1] == 0x2D) { r -= 1 }
        if l < at {
            // e-mail: the domain needs a dot and a alphabetic top-level label of two or more letters
            guard let dot = b[(at + 1)..<r].lastIndex(of: 0x2E), r - dot - 1 >= 2,
                  b[(dot + 1)..<r].allSatisfy({ $0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A })
                    || IdentifierValidators.isTLD(b, (dot + 1)..<r) else { return nil }
            return (l..<r, "email", 0.95, "e-mail address")
        }
        // handle: "@name" after a space, bracket or line start
        if at > 0 && ContactRecognizer.isAlnum(b[at - 1]) { return nil }
        var h = at + 1
        // Letters, digits, `_`, and a `.` inside the name (Instagram: `@sara.karimi_93`), never at its end.
        while h < min(b.count, at + 40),
              ContactRecognizer.isAlnum(b[h]) || b[h] == 0x5F || (b[h] == 0x2E && h + 1 < b.count && (ContactRecognizer.isAlnum(b[h + 1]) || b[h + 1] == 0x5F)) { h += 1 }
        guard h - at - 1 >= 2, h - at - 1 <= 30, !b[(at + 1)..<h].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return (at..<h, "handle", 0.85, "social-media handle")
    }

    /// URLs with a path: `https://...`, `www....`, or `domain.tld/path`.
    func url(_ c: PatternCursor, at i: Int) -> (Range<Int>, String, Double, String)? {
        let b = c.bytes
        let s = c.tokens[i].range.lowerBound
        let scheme = (c.isWord(i, "http") || c.isWord(i, "https")) && c.isPunct(i + 1, 0x3A) && c.touches(i)
        let www = c.isWord(i, "www") && c.isPunct(i + 1, 0x2E) && c.touches(i)
        let domainLike = c.touches(i) && c.isPunct(i + 1, 0x2E) && c.touches(i + 1) && c.kind(i + 2) == .word
        guard scheme || www || domainLike else { return nil }
        if domainLike && !scheme && !www && i > 0 && c.touches(i - 1) && !c.isPunct(i - 1, 0x28) { return nil }
        var e = s
        let urlLimit = min(b.count, s + 2048)
        while e < urlLimit {
            let ch = b[e]
            if ch <= 0x20 || ch == 0x22 || ch == 0x3C || ch == 0x3E || ch >= 0x80 { break }
            e += 1
        }
        while e > s, [0x2E, 0x2C, 0x3B, 0x3A, 0x29, 0x21, 0x3F, 0x27, 0x5D].contains(b[e - 1]) { e -= 1 }
        let whole = String(decoding: b[s..<e], as: UTF8.self)
        var rest = Substring(whole)
        if let schemeEnd = rest.range(of: "://") { rest = rest[schemeEnd.upperBound...] }
        let hostPort = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = hostPort.prefix { $0 != ":" }.lowercased()
        let path = rest.dropFirst(hostPort.count)
        let bareHost = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        // `kim.mj@example.org` is an e-mail address, read at its '@'.
        if !scheme && hostPort.contains("@") { return nil }
        // A scheme with a single-label host and a port or path: `https://host:8080/a?b=c`.
        if scheme, !bareHost.isEmpty, !bareHost.contains("."), bareHost.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
           hostPort.count > host.count || path.count > 1 {
            return (s..<e, "url", ContactRecognizer.publicURLScore, "web address")
        }
        guard bareHost.contains("."), let tld = bareHost.split(separator: ".").last, tld.count >= 2,
              tld.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), tld.first?.isLetter == true else { return nil }
        let knownTLD = ContactRecognizer.tldKnown(String(tld))
        let meaningfulPath = path.count > 1 && path != "/"
        let social = ContactRecognizer.socialDomains.contains(bareHost)
        if !meaningfulPath {
            // A bare host: with a scheme or `www.`, or a domain whose top-level label is in the
            // root zone, written in lower case, and not a common file extension (`notes.zip`).
            guard knownTLD else { return nil }
            if !scheme && !www {
                guard tld.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }),
                      !ContactRecognizer.fileExtensions.contains(String(tld)),
                      hostPort.count == host.count else { return nil }
            }
            return (s..<e, "url", ContactRecognizer.publicURLScore, scheme || www ? "web address" : "domain name with a root-zone top-level domain")
        }
        if !scheme && !www && !social && !knownTLD && path.filter({ $0 == "/" }).count < 1 { return nil }
        return (s..<e, "url", social ? 0.9 : ContactRecognizer.publicURLScore, social ? "URL of a personal page on \(bareHost)" : "URL with a path")
    }

    /// Score of a web address that names no personal page (a news site, a report, a photo
    /// credit's site): found, so an editor sees it, but below the standard policy's contact
    /// threshold (0.3), which flags it; strict (0.1) removes it. A page on a social network
    /// (`facebook.com/some.user`) names a person and scores 0.9.
    static let publicURLScore = 0.25

    /// Top-level labels that are also common file extensions; a bare `name.zip` is a file.
    static let fileExtensions: Set<String> = ["zip", "mov", "py", "sh", "md", "rs", "ps", "pl", "txt"]

    static func tldKnown(_ tld: String) -> Bool {
        let b = Array(tld.utf8)
        return IdentifierValidators.isTLD(b, 0..<b.count)
    }

    /// Phone numbers and card numbers starting at token `i`.
    func phoneOrCard(_ c: PatternCursor, at i: Int) -> (Range<Int>, String, Double, String)? {
        let b = c.bytes
        let s = c.tokens[i].range.lowerBound
        // Quick reject: a short lone number with nothing number-like after it.
        if c.kind(i) == .number, c.length(i) < 7, !(c.touches(i) && (c.isDash(i + 1) || c.isPunct(i + 1, 0x2E) || c.isPunct(i + 1, 0x29)))
            && !(c.kind(i + 1) == .number) {
            return nil
        }
        var e = s
        var digits = 0
        var groups: [Int] = []
        var current = 0
        var separators = 0
        var parens = false
        var plus = false
        var k = s
        let phoneLimit = min(b.count, s + 40)
        while k < phoneLimit {
            let ch = b[k]
            if ch >= 0x30 && ch <= 0x39 { digits += 1; current += 1; k += 1; e = k; continue }
            if current > 0 { groups.append(current); current = 0 }
            if ch == 0x2B && k == s { plus = true; k += 1; continue }
            if ch == 0x28 || ch == 0x29 { parens = true; k += 1; continue }
            if ch == 0x2D || ch == 0x2E || ch == 0x2F { separators += 1; k += 1; continue }
            if ch == 0x20 && k + 1 < b.count && (b[k + 1] >= 0x30 && b[k + 1] <= 0x39 || b[k + 1] == 0x28) { k += 1; continue }
            break
        }
        if current > 0 { groups.append(current) }
        if let v = vanity(b, start: s, digitsEnd: e, stop: k, digits: digits, groups: groups.count, plus: plus) { return v }
        guard digits >= 7, digits <= 19, e > s else { return nil }
        let raw = b[s..<e]
        if raw.contains(0x2C) || raw.contains(0x3A) { return nil }
        // Dates and year ranges are not phones.
        let text = String(decoding: raw, as: UTF8.self)
        let parts = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let years = parts.filter { (1900...2099).contains($0) }.count
        if !plus && !parens && groups.count <= 3 && years >= 1 && groups.filter({ $0 <= 2 }).count + years == groups.count { return nil }
        if !plus && groups.count == 2 && years == 2 { return nil }
        // Dotted groups of at most three digits (`192.168.1`, `300.1.1.1`) are IP- or version-shaped.
        if !plus && !parens && groups.count <= 4 && groups.allSatisfy({ $0 <= 3 }) && !raw.contains(0x2D) && !raw.contains(0x20) && raw.contains(0x2E) { return nil }
        // Card numbers: 13-19 digits passing Luhn in 4-digit groups.
        let allDigits = raw.filter { $0 >= 0x30 && $0 <= 0x39 }
        if digits >= 13 && !plus && !parens && groups.allSatisfy({ $0 == 4 }) && ContactRecognizer.luhn(allDigits) {
            return (s..<e, "card", 0.85, "card number (Luhn check passed)")
        }
        guard digits <= 15 else { return nil }
        var score = 0.45
        var why: [String] = []
        if plus { score += 0.35; why.append("international '+' prefix") }
        if parens { score += 0.2; why.append("area code in brackets") }
        if groups.count >= 3 && separators >= 1 { score += 0.25; why.append("grouped digits") }
        if groups.first.map({ _ in allDigits.first == 0x30 }) == true { score += 0.1; why.append("leading 0 trunk prefix") }
        var j = i - 1
        while j >= 0 && j >= i - 4 {
            if c.kind(j) == .word, ContactRecognizer.phoneKeys.contains(c.text.keys[j]) {
                score += 0.3; why.append("context word '\(c.text(j, j))'"); break
            }
            j -= 1
        }
        guard score >= 0.7 else { return nil }
        return (s..<e, "phone", min(score, 0.95), "phone number: " + why.joined(separator: ", "))
    }

    /// A vanity number: digit groups then capital letters standing for digits (`1-866-7LOCKUP`,
    /// `416-222-TIPS (8477)`), ten or eleven characters in all, with the spelled-out digits in
    /// brackets when they follow.
    func vanity(_ b: [UInt8], start s: Int, digitsEnd e: Int, stop k: Int, digits: Int, groups: Int, plus: Bool) -> (Range<Int>, String, Double, String)? {
        guard groups >= 2, k < b.count, IdentifierValidators.isUpper(b[k]), k == e || b[k - 1] == 0x2D else { return nil }
        var l = k
        while l < b.count && IdentifierValidators.isUpper(b[l]) && l - k < 8 { l += 1 }
        let letters = l - k
        guard letters >= 3, l >= b.count || !IdentifierValidators.isAlnum(b[l]), (10...11).contains(digits + letters) || plus && digits + letters <= 15 else { return nil }
        var end = l
        // "416-222-TIPS (8477)"
        if l + 2 < b.count, b[l] == 0x20, b[l + 1] == 0x28 {
            var m = l + 2
            while m < b.count && IdentifierValidators.isDigit(b[m]) { m += 1 }
            if m < b.count, b[m] == 0x29, m - l - 2 >= 3 { end = m + 1 }
        }
        return (s..<end, "phone", 0.85, "phone number: vanity number with letters for digits")
    }

    /// Words that announce a case, incident or report number.
    static let caseCues: Set<UInt64> = Set(["case", "fir", "incident", "docket", "complaint", "ticket", "reference", "ref",
                                            "claim", "file", "report", "dossier", "warrant", "indictment"].map { Lexicon.key($0) })

    /// A case or incident number after a cue: `case No. 2023-CR-0412`, `FIR No. 123/2024`,
    /// `incident #4471`. Without `No.`/`number`/`#` the identifier needs letters or separators
    /// with its digits (a bare count or year after "case" is not a case number).
    func caseNumber(_ c: PatternCursor, at i: Int) -> (Range<Int>, String, Double, String)? {
        var j = i + 1
        var marked = false
        if c.isWord(j, "no") || c.isWord(j, "nos") || c.isWord(j, "number") || c.isWord(j, "num") {
            marked = true; j += 1
            if c.isPunct(j, 0x2E) && c.touches(j - 1) { j += 1 }
        }
        if c.isPunct(j, 0x23) { marked = true; j += 1 }
        if c.isPunct(j, 0x3A) { j += 1 }
        guard j < c.count, c.kind(j) == .number || c.kind(j) == .word && c.touches(j) && c.kind(j + 1) == .number else { return nil }
        let s = c.tokens[j].range.lowerBound
        var k = j
        var separated = false
        while c.touches(k), c.kind(k + 1) == .number || c.kind(k + 1) == .word && !c.isWord(k + 1, "s")
                || (c.isDash(k + 1) || c.isPunct(k + 1, 0x2F) || c.isPunct(k + 1, 0x2E)) && c.touches(k + 1) && c.kind(k + 2) != nil && c.kind(k + 2) != .punctuation {
            if c.kind(k + 1) == .punctuation || c.kind(k + 1) == .word { separated = true }
            k += 1
        }
        let e = c.tokens[k].range.upperBound
        let raw = c.bytes[s..<e]
        guard raw.contains(where: IdentifierValidators.isDigit), raw.count <= 32, !raw.contains(0x2C) else { return nil }
        if !marked {
            guard separated || raw.count >= 5 else { return nil }
            if k == j, let y = c.intValue(j), (1900...2099).contains(y) { return nil }
        }
        return (s..<e, "case", 0.8, "case or incident number after '\(c.text(i, i))'")
    }

    /// An ID or account number after an ID word: `passport number M1234567`, `ID: 123456789`.
    func idNumber(_ c: PatternCursor, at i: Int) -> (Range<Int>, String, Double, String)? {
        guard ContactRecognizer.idKeys.contains(c.text.keys[i]) else { return nil }
        var j = i + 1
        var steps = 0
        while steps < 3, c.isAny(j, HoistedWords.w_number_no_num_card__is_was_reads) || c.isPunct(j, 0x2E) || c.isPunct(j, 0x3A) || c.isPunct(j, 0x23) {
            j += 1; steps += 1
        }
        guard j < c.count else { return nil }
        // the number: a word or number token, possibly glued to neighbours (M1234567, 12-3456-78)
        let s = c.tokens[j].range.lowerBound
        var e = c.tokens[j].range.upperBound
        var k = j
        while c.touches(k), c.kind(k + 1) == .number || c.kind(k + 1) == .word || c.isDash(k + 1) { k += 1; e = c.tokens[k].range.upperBound }
        let raw = c.bytes[s..<e]
        let digits = raw.filter { $0 >= 0x30 && $0 <= 0x39 }.count
        guard digits >= 5, raw.count <= 24, !raw.contains(0x2C) else { return nil }
        if c.kind(j) == .number, let y = c.intValue(j), (1900...2099).contains(y), raw.count == 4 { return nil }
        // A card number's shape and prefix failing the Luhn check is not an account number.
        if c.kind(j) == .number, let (ce, valid) = ContactRecognizer.cardNumber(c.bytes, at: s) {
            guard valid else { return nil }
            return (s..<ce, "card", 0.9, "card number after '\(c.text(i, i))' (brand prefix and Luhn check passed)")
        }
        return (s..<e, "id", 0.8, "identity or account number after '\(c.text(i, i))'")
    }

    /// The Luhn checksum used by payment cards (ASCII digits).
    static func luhn<C: Collection>(_ digits: C) -> Bool where C.Element == UInt8 {
        IdentifierValidators.luhn(digits)
    }
}

/// Word lists of this file's checks, built once instead of at every call.
private enum HoistedWords {
    static let w_number_no_num_card__is_was_reads: [StaticString] = ["number", "no", "num", "card", "#", "is", "was", "reads"]
}

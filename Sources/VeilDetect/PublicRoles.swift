import VeilModel

/// Public roles and credit lines, marked on the findings after the recognizers ran (the
/// detector's last pass; it knows nothing of what policy does with them):
///
/// - a person named with a public office or an on-record role gets `person.role` (the role's
///   words, lower case: "judge", "interior minister", "spokesman") and `person.role.form`:
///   `title` ("Judge Maria Ortega": the role opens the finding), `before` ("police chief Si
///   Kiri", "the ministry's spokesman, Peter Blake"), `after` ("Peter Blake, the ministry's
///   spokesman,", "Ana Ruiz, a lawyer for the family,") or `inherited` (a later mention of the
///   same person: "Ortega said", the whole name repeated);
/// - an occupation whose head is a public office ("the judge", "police chief") gets
///   `occupation.office: public`, and so does an office title right before a name or a
///   bracketed placeholder ("Officer [person]");
/// - findings inside a byline ("By NAME" opening a line, "Reported by NAME", "(Reporting by
///   NAME; Editing by NAME)", "NAME | Agency"), a dateline ("KABUL, March 3 (Reuters) -",
///   "BEIRUT (AP) —" opening a paragraph) or a photo credit ("Photo: NAME/Agency", "(Photo by
///   NAME)", "Credit: NAME") get `credit`: `byline`, `dateline` or `photo`.
///
/// Offices come from `Lexicons/names/public-offices.tsv`. One pass over the findings and the
/// lines of the text, each look-around bounded: linear in the document.
enum PublicRoles {
    /// Office phrase (lower-case words, one space) -> true when public also as a head noun
    /// ("the mayor"), false when only as a capitalized title before a name ("Officer Diaz").
    static let offices: [String: Bool] = {
        var out: [String: Bool] = [:]
        for row in Lexicon.load("names/public-offices.tsv").rows where row.count >= 2 {
            out[row[0].lowercased()] = row[1] == "office"
        }
        return out
    }()

    /// The most words an office phrase has.
    static let maxOfficeWords = 4

    /// Lower-case nouns before a name that make it a place's ("the community General ...").
    static let placeNouns: Set<String> = ["community", "village", "town", "city", "municipality", "colony", "colonia", "ejido",
                                           "settlement", "district", "neighborhood", "neighbourhood", "street", "avenue", "camp",
                                           "port", "province", "county", "township", "hamlet", "barrio", "base", "airport", "station"]

    /// Words that end the head of a role phrase ("a lawyer for the family": "lawyer").
    static let headStops: Set<String> = ["for", "of", "at", "in", "with", "from", "on", "to", "who", "whose", "which",
                                          "that", "and", "or", "since", "until", "over", "under", "said", "says", "told"]
    /// Words an appositive role may open with.
    static let appositiveOpeners: Set<String> = ["the", "a", "an", "former", "then", "acting", "interim", "deputy", "chief",
                                                  "senior", "retired", "veteran", "top", "regional", "local", "state", "federal",
                                                  "provincial", "national", "his", "her", "their"]

    static func mark(_ findings: inout [Finding], bytes: [UInt8]) {
        guard !findings.isEmpty else { return }
        markCredits(&findings, bytes: bytes)
        // Person findings named with a role; then occupations that are public offices.
        for i in findings.indices where findings[i].category == .person && findings[i].attributes[FindingAttribute.entity] != "public" {
            if let (role, form) = role(of: findings[i], bytes: bytes) {
                findings[i].attributes[FindingAttribute.publicRole] = role
                findings[i].attributes[FindingAttribute.publicRoleForm] = form
            }
        }
        // The role word of a named official ("Chief" in "Chief Justice Luke Malaba", "Police
        // chief" before "Si Kiri") is an office whatever its word.
        var named: [Range<Int>] = []
        for f in findings where f.category == .person {
            guard let form = f.attributes[FindingAttribute.publicRoleForm], form == "title" || form == "before" else { continue }
            named.append(f.range)
        }
        for i in findings.indices where findings[i].category == .occupation {
            let r = findings[i].range
            // Persons are sorted by start: the last few starting by the occupation's end + 2.
            var lo = 0, hi = named.count
            while lo < hi { let mid = (lo + hi) / 2; if named[mid].lowerBound <= r.upperBound + 2 { lo = mid + 1 } else { hi = mid } }
            var k = lo - 1
            var ofNamed = false
            while k >= 0 && k >= lo - 4 {
                let p = named[k]
                if p.lowerBound <= r.lowerBound && r.upperBound <= p.upperBound { ofNamed = true }
                if r.upperBound <= p.lowerBound && p.lowerBound - r.upperBound <= 2 { ofNamed = true }
                k -= 1
            }
            if ofNamed || isOffice(findings[i], bytes: bytes) { findings[i].attributes[FindingAttribute.office] = "public" }
        }
        inherit(&findings)
    }

    // MARK: - Words

    static func isWordByte(_ c: UInt8) -> Bool {
        c >= 0x80 || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x27 || c == 0x2E
    }

    /// The words of `text` split on spaces, trailing commas and periods removed, lower-cased.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { normalize(Substring($0)) }
    }

    static func normalize(_ w: Substring) -> String {
        var s = w
        while let last = s.last, last == "." || last == "," || last == ":" || last == ";" { s = s.dropLast() }
        return s.lowercased()
    }

    /// The longest office phrase ending at `words[end]` (its first index and whether its use is
    /// `office`), at most `maxOfficeWords` words.
    static func officeEnding(_ words: [String], at end: Int, from floor: Int = 0) -> (start: Int, isOffice: Bool)? {
        var best: (Int, Bool)?
        var k = end
        while k >= max(floor, end - maxOfficeWords + 1) {
            if let use = offices[words[k...end].joined(separator: " ")] { best = (k, use) }
            k -= 1
        }
        return best
    }

    /// The role a person finding is named with, and where it stands.
    static func role(of f: Finding, bytes: [UInt8]) -> (String, String)? {
        // Title: the role opens the finding's own text ("Judge Maria Ortega", "Interior Minister Jane Doe").
        let original = f.text.split(separator: " ")
        let w = original.map { normalize($0) }
        // "the community General Emiliano Zapata", "the town of General Santos": a place named
        // after an office holder is no person named in a role.
        let prior = wordsBefore(bytes, max(0, f.range.lowerBound - 1), max: 2).map { normalize(Substring($0)) }
        let namesAPlace = prior.contains { placeNouns.contains($0) } || (prior.last == "of" && prior.count == 2 && placeNouns.contains(prior[0]))
        if w.count >= 2 && !namesAPlace {
            var last: Int?
            for end in 0..<min(w.count - 1, 5) {
                // (Every word before the office is a capitalized qualifier: `Provincial Police Chief`.)
                if let m = officeEnding(w, at: end), (0..<m.start).allSatisfy({ isQualifier(original[$0]) }) { last = end }
            }
            if let last, isCapitalized(original[last + 1]) {
                return (roleText(original[0...last]), "title")
            }
        }
        // Before: up to `maxOfficeWords` words ending right before the name (", " allowed).
        var i = f.range.lowerBound
        if i > 0 && bytes[i - 1] == 0x20 {
            i -= 1
            let comma = i > 0 && bytes[i - 1] == 0x2C
            if comma { i -= 1 }
            let before = wordsBefore(bytes, i, max: maxOfficeWords + 4)
            if !before.isEmpty {
                let b = before.map { normalize(Substring($0)) }
                if let m = officeEnding(b, at: b.count - 1), m.isOffice {
                    return (roleText(ArraySlice(before[m.start...].map { Substring($0) })), "before")
                }
                // Set off by a comma, the role may name its institution: "a spokeswoman for the
                // ministry, Jane Doe" (the head is the word before the last "for"/"of"/"at").
                if comma, let p = b.lastIndex(where: { $0 == "for" || $0 == "of" || $0 == "at" }), p >= 1, b.count - p <= 5,
                   let m = officeEnding(b, at: p - 1), m.isOffice {
                    return (roleText(ArraySlice(before[m.start...(p - 1)].map { Substring($0) })), "before")
                }
            }
        }
        // After: an appositive ", the ministry's spokesman," / ", a lawyer for the family,".
        let e = f.range.upperBound
        if e + 2 < bytes.count && bytes[e] == 0x2C && bytes[e + 1] == 0x20 {
            let after = wordsAfter(bytes, e + 2, max: 8)
            let a = after.map { normalize(Substring($0)) }
            if let first = a.first, appositiveOpeners.contains(first) || first.hasSuffix("'s") || offices[first] != nil {
                var head = 0
                while head + 1 < a.count && !headStops.contains(a[head + 1]) { head += 1 }
                if let m = officeEnding(a, at: head), m.isOffice, (0..<m.start).allSatisfy({ !headStops.contains(a[$0]) }) {
                    return (roleText(ArraySlice(after[m.start...head].map { Substring($0) })), "after")
                }
            }
        }
        return nil
    }

    /// An occupation finding that is a public office: its head ("the ministry's spokesman",
    /// "Police chief", "a lawyer for the family") is an office; or a title-only office word,
    /// capitalized, stands right before a name or placeholder ("Officer [person]").
    static func isOffice(_ f: Finding, bytes: [UInt8]) -> Bool {
        let w = words(f.text)
        guard !w.isEmpty else { return false }
        var head = 0
        while head + 1 < w.count && !headStops.contains(w[head + 1]) { head += 1 }
        guard let m = officeEnding(w, at: head) else { return false }
        if m.isOffice { return true }
        let e = f.range.upperBound
        // Before a title and a placeholder, set off or not: "another officer, Constable [person]".
        var k = e
        if k < bytes.count && bytes[k] == 0x2C { k += 1 }
        if k + 1 < bytes.count && bytes[k] == 0x20 {
            let next = wordsAfter(bytes, k + 1, max: 3)
            if let t = next.first, offices[normalize(Substring(t))] != nil {
                var j = k + 1 + t.utf8.count
                while j < bytes.count && bytes[j] == 0x20 { j += 1 }
                if j < bytes.count && bytes[j] == UInt8(ascii: "[") { return true }
            }
        }
        guard let lead = f.text.unicodeScalars.first, lead.properties.isUppercase, e + 1 < bytes.count, bytes[e] == 0x20 else { return false }
        let next = bytes[e + 1]
        return next == UInt8(ascii: "[") || (next >= 0x41 && next <= 0x5A)
    }

    /// A word that may stand before an office in a title: a department or qualifier
    /// (`Interior`, `Provincial`), another title (`Deputy`), or an acronym (`NASA`).
    static func isQualifier(_ w: Substring) -> Bool {
        let key = Lexicon.key(normalize(w))
        if PersonNameRecognizer.departments.contains(key) || NameLexicon.shared.titles[key] != nil { return true }
        let letters = w.filter { $0.isLetter }
        return letters.count >= 2 && letters.allSatisfy { $0.isUppercase }
    }

    static func isCapitalized(_ w: Substring) -> Bool {
        guard let c = w.unicodeScalars.first else { return false }
        return c.properties.isUppercase
    }

    /// The role's words as written, lower-cased except acronyms ("US", "NASA").
    static func roleText(_ words: ArraySlice<Substring>) -> String {
        words.map { w -> String in
            let letters = w.filter { $0.isLetter }
            return letters.count >= 2 && letters.allSatisfy({ $0.isUppercase }) ? String(w) : w.lowercased()
        }.joined(separator: " ")
    }

    /// Up to `max` words ending at byte `end` (exclusive), nearest last; stops at any other
    /// punctuation or a line break.
    static func wordsBefore(_ b: [UInt8], _ end: Int, max: Int) -> [String] {
        var out: [String] = []
        var i = end
        while out.count < max && i > 0 {
            // (A word ending a sentence or an abbreviation is no part of a role before a name.)
            if b[i - 1] == 0x2E { break }
            var j = i
            while j > 0 && isWordByte(b[j - 1]) { j -= 1 }
            guard j < i else { break }
            out.append(String(decoding: b[j..<i], as: UTF8.self))
            guard j > 1, b[j - 1] == 0x20, isWordByte(b[j - 2]) else { break }
            i = j - 1
        }
        return out.reversed()
    }

    /// Up to `max` words from byte `start`; stops at a comma, other punctuation or a line break.
    static func wordsAfter(_ b: [UInt8], _ start: Int, max: Int) -> [String] {
        var out: [String] = []
        var i = start
        while out.count < max && i < b.count {
            var j = i
            while j < b.count && isWordByte(b[j]) && !(b[j] == 0x2E && (j + 1 == b.count || !isWordByte(b[j + 1]))) { j += 1 }
            guard j > i else { break }
            out.append(String(decoding: b[i..<j], as: UTF8.self))
            guard j + 1 < b.count, b[j] == 0x20, isWordByte(b[j + 1]) else { break }
            i = j + 1
        }
        return out
    }

    // MARK: - Later mentions

    /// A person found without a role who is the same as one found with it takes the role: the
    /// same text (a repeat of the whole name, or of the name without its title), or the same
    /// surname alone, unless a private person of that surname is named in full too.
    static func inherit(_ findings: inout [Finding]) {
        var names: [String: String] = [:]
        var surnames: [String: String] = [:]
        var privateSurnames: Set<String> = []
        for f in findings where f.category == .person {
            let surname = f.attributes[FindingAttribute.surname].map(TextFolding.key)
            if let role = f.attributes[FindingAttribute.publicRole] {
                names[TextFolding.key(f.text)] = role
                if f.attributes[FindingAttribute.publicRoleForm] == "title" {
                    let n = f.text.split(separator: " ").count - role.split(separator: " ").count
                    names[TextFolding.key(f.text.split(separator: " ").suffix(n).joined(separator: " "))] = role
                }
                if let surname, !surname.isEmpty, surnames[surname] == nil { surnames[surname] = role }
            }
        }
        guard !names.isEmpty else { return }
        // (A repeat of a public person's whole name is no private namesake.)
        for f in findings where f.category == .person && f.attributes[FindingAttribute.publicRole] == nil && f.text.contains(" ")
            && f.attributes[FindingAttribute.entity] != "public" && names[TextFolding.key(f.text)] == nil {
            if let surname = f.attributes[FindingAttribute.surname] { privateSurnames.insert(TextFolding.key(surname)) }
        }
        for i in findings.indices where findings[i].category == .person && findings[i].attributes[FindingAttribute.publicRole] == nil
            && findings[i].attributes[FindingAttribute.entity] != "public" {
            let key = TextFolding.key(findings[i].text)
            var role = names[key]
            if role == nil, !findings[i].text.contains(" "), !privateSurnames.contains(key) { role = surnames[key] }
            if let role {
                findings[i].attributes[FindingAttribute.publicRole] = role
                findings[i].attributes[FindingAttribute.publicRoleForm] = "inherited"
            }
        }
    }

    // MARK: - Credit lines

    static let bylineOpeners = ["By ", "BY ", "Reported by ", "Written by ", "Story by ", "Words by ", "Text by ", "Reporting by ",
                                "Additional reporting by ", "Compiled by "]
    static let inlineBylines = ["(Reporting by ", "(Additional reporting by ", "; Editing by ", "; editing by ", "; Writing by ",
                                "(Writing by ", "(Editing by "]
    static let photoOpeners = ["Photo: ", "Photo by ", "Photograph: ", "Photograph by ", "Photos: ", "Picture: ", "Image: ",
                               "Credit: ", "Photo credit: ", "Photo Credit: ", "PHOTO: ", "(Photo: ", "(Photo by ", "(Photograph: ",
                               "(Image: ", "(Credit: ", "(Picture: "]

    /// Marks findings inside bylines, datelines and photo credits.
    static func markCredits(_ findings: inout [Finding], bytes: [UInt8]) {
        // (Bylines opening a line must open with a name: not "By Monday, Ana Ruiz had fled".)
        var personStarts: Set<Int> = []
        for f in findings where f.category == .person { personStarts.insert(f.range.lowerBound) }
        var regions: [(range: Range<Int>, kind: String)] = []
        var lineStart = 0
        let n = bytes.count
        while lineStart < n {
            var lineEnd = lineStart
            while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var s = lineStart
            // Markdown emphasis or a heading mark before a credit line.
            while s < lineEnd && (bytes[s] == 0x20 || bytes[s] == 0x2A || bytes[s] == 0x5F || bytes[s] == 0x23 || bytes[s] == 0x3E) { s += 1 }
            let line = s..<lineEnd
            if line.count > 2 {
                if lineEnd - s <= 160, let o = bylineOpeners.first(where: { hasPrefix(bytes, s, $0) }),
                   personStarts.contains(s + o.utf8.count) {
                    regions.append((s + o.utf8.count..<lineEnd, "byline"))
                } else if let bar = firstBar(bytes, s, lineEnd), bar - s <= 60, personStarts.contains(s) {
                    regions.append((s..<lineEnd, "byline"))
                }
                if let d = datelineEnd(bytes, s, lineEnd) { regions.append((s..<d, "dateline")) }
                // Photo credits and inline bylines anywhere on the line: to the next ")" or the line's end.
                var k = s
                while k < lineEnd {
                    if bytes[k] == UInt8(ascii: "P") || bytes[k] == UInt8(ascii: "I") || bytes[k] == UInt8(ascii: "C") || bytes[k] == UInt8(ascii: "(")
                        || bytes[k] == UInt8(ascii: ";") {
                        let atWord = k == s || !isWordByte(bytes[k - 1])
                        if atWord, let o = photoOpeners.first(where: { hasPrefix(bytes, k, $0) }) {
                            let from = k + o.utf8.count
                            regions.append((from..<creditEnd(bytes, from, lineEnd), "photo"))
                            k = from
                            continue
                        }
                        if let o = inlineBylines.first(where: { hasPrefix(bytes, k, $0) }) {
                            let from = k + o.utf8.count
                            regions.append((from..<creditEnd(bytes, from, lineEnd), "byline"))
                            k = from
                            continue
                        }
                    }
                    k += 1
                }
            }
            lineStart = lineEnd + 1
        }
        guard !regions.isEmpty else { return }
        regions.sort { $0.range.lowerBound < $1.range.lowerBound }
        // Findings are sorted by start: one merge walk.
        var r = 0
        for i in findings.indices {
            let f = findings[i].range
            while r < regions.count && regions[r].range.upperBound <= f.lowerBound { r += 1 }
            var k = r
            while k < regions.count && regions[k].range.lowerBound <= f.lowerBound {
                let region = regions[k]
                if f.upperBound <= region.range.upperBound {
                    let c = findings[i].category
                    let fits = region.kind == "dateline" ? c.isPlace || c == .date || c == .organization : c == .person
                    if fits && findings[i].attributes[FindingAttribute.entity] != "public" {
                        findings[i].attributes[FindingAttribute.credit] = region.kind
                    }
                    break
                }
                k += 1
            }
        }
    }

    static func hasPrefix(_ b: [UInt8], _ at: Int, _ p: String) -> Bool {
        var i = at
        for c in p.utf8 {
            guard i < b.count, b[i] == c else { return false }
            i += 1
        }
        return true
    }

    /// "NAME | Agency": a " | " on a short line.
    static func firstBar(_ b: [UInt8], _ s: Int, _ e: Int) -> Int? {
        guard e - s <= 120 else { return nil }
        var k = s + 1
        while k + 1 < e {
            if b[k] == UInt8(ascii: "|") && b[k - 1] == 0x20 && b[k + 1] == 0x20 { return k }
            k += 1
        }
        return nil
    }

    /// End of a credit: the first ")" or the line's end, at most 120 bytes on.
    static func creditEnd(_ b: [UInt8], _ from: Int, _ lineEnd: Int) -> Int {
        var k = from
        let limit = min(lineEnd, from + 120)
        while k < limit && b[k] != UInt8(ascii: ")") { k += 1 }
        return k
    }

    /// The end of a dateline opening the line at `s`: words that are capitalized, numbers or
    /// month names, with commas, periods, slashes and one "(Agency)", then a dash (" - ", "–",
    /// "—"); the first word all capitals, or an "(Agency)" before the dash.
    static func datelineEnd(_ b: [UInt8], _ s: Int, _ e: Int) -> Int? {
        let limit = min(e, s + 90)
        var k = s
        var dash: Int?
        while k < limit {
            if b[k] == 0xE2 && k + 2 < e && b[k + 1] == 0x80 && (b[k + 2] == 0x93 || b[k + 2] == 0x94) { dash = k; break }
            if b[k] == 0x2D && k > s && b[k - 1] == 0x20 && k + 1 < e && b[k + 1] == 0x20 { dash = k; break }
            k += 1
        }
        guard let d = dash, d > s + 1 else { return nil }
        let prefix = String(decoding: b[s..<d], as: UTF8.self)
        var agency = false
        var firstCaps = false
        var first = true
        var sawParen = false
        let parts = prefix.split(separator: " ")
        guard parts.count <= 8 else { return nil }
        for raw in parts {
            var w = Substring(raw)
            if w.hasPrefix("(") {
                guard !sawParen else { return nil }
                sawParen = true
                w = w.dropFirst()
                guard w.hasSuffix(")") else { return nil }
                w = w.dropLast()
                guard let c = w.first, c.isUppercase else { return nil }
                agency = true
                continue
            }
            while let last = w.last, last == "," || last == "." || last == "/" { w = w.dropLast() }
            guard let c = w.first else { continue }
            let isNumber = w.allSatisfy { $0.isNumber }
            guard c.isUppercase || isNumber else { return nil }
            if first {
                let letters = w.filter { $0.isLetter }
                firstCaps = letters.count >= 2 && letters.allSatisfy { $0.isUppercase }
                first = false
            }
        }
        guard agency || firstCaps else { return nil }
        return d
    }
}

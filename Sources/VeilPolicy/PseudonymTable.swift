import Foundation
import VeilModel

/// The mapping from names to pseudonyms ("Person A", "Person B"...) for one story. Keep one
/// table per story and pass it to every draft's `PolicyEngine.decide` so that "Person A" stays
/// the same person in the next draft. It holds folded real names: seal it (the vault does),
/// never write it in clear text.
///
/// Linking: names are compared by `TextFolding.key`. A full name registers its surname
/// (`FindingAttribute.surname` when the detector gives it, otherwise its first and last word,
/// which covers Korean/Chinese and Western order); a later surname-only mention ("Choe") takes
/// the pseudonym of the first full name with that surname. A surname-only mention seen before
/// any full name gets its own pseudonym, which the first full name with that surname then
/// adopts. Two different people with one surname: the surname-only mention goes to the first.
public struct PseudonymTable: Sendable, Codable, Equatable {
    /// "category|folded name" -> pseudonym number (0 = A).
    public private(set) var entries: [String: Int] = [:]
    /// Folded surname -> pseudonym number of the person it links to (persons only).
    public private(set) var surnames: [String: Int] = [:]
    /// Surnames first seen alone, not yet claimed by a full name.
    public private(set) var unclaimedSurnames: Set<String> = []
    /// Next pseudonym number, per category.
    public private(set) var counters: [String: Int] = [:]
    /// Persons' names of two or more words, as their folded words joined by spaces -> pseudonym
    /// number, so that the end of a longer name is the same person ("Abu Hasira" after "Mahmoud
    /// Abu Hasira"). Optional: story files sealed before it existed still open.
    public private(set) var wholeNames: [String: Int]? = nil
    /// Folded given names (the first word of a full name whose surname is its last, as the
    /// detector says) -> pseudonym number, so that "Roger" after "Roger Deal" is the same
    /// person. Optional: story files sealed before it existed still open.
    public private(set) var givenNames: [String: Int]? = nil
    /// Every proper word suffix of every key of `wholeNames` (its last word, last two words...,
    /// joined by spaces) -> the smallest pseudonym number of a whole name ending so: one
    /// dictionary look-up answers "is this name the end of a longer one", where a search of
    /// every whole name per new name was quadratic in the number of distinct names. Derived
    /// from `wholeNames` (never sealed: the table's JSON is unchanged; rebuilt when decoded).
    private var suffixes: [String: Int] = [:]

    private enum CodingKeys: String, CodingKey {
        case entries, surnames, unclaimedSurnames, counters, wholeNames, givenNames
    }

    /// An empty table (a new story).
    public init() {}

    /// A table sealed before (story files of every version: `wholeNames` and `givenNames` may
    /// be absent); the suffix index is rebuilt from `wholeNames`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        entries = try c.decode([String: Int].self, forKey: .entries)
        surnames = try c.decode([String: Int].self, forKey: .surnames)
        unclaimedSurnames = try c.decode(Set<String>.self, forKey: .unclaimedSurnames)
        counters = try c.decode([String: Int].self, forKey: .counters)
        wholeNames = try c.decodeIfPresent([String: Int].self, forKey: .wholeNames)
        givenNames = try c.decodeIfPresent([String: Int].self, forKey: .givenNames)
        rebuildSuffixes()
    }

    /// Tables are equal when their sealed fields are (the suffix index is derived from them).
    public static func == (lhs: PseudonymTable, rhs: PseudonymTable) -> Bool {
        lhs.entries == rhs.entries && lhs.surnames == rhs.surnames && lhs.unclaimedSurnames == rhs.unclaimedSurnames
            && lhs.counters == rhs.counters && lhs.wholeNames == rhs.wholeNames && lhs.givenNames == rhs.givenNames
    }

    /// The proper word suffixes of a whole name's key (`"a b c"` -> `"b c"`, `"c"`): each starts
    /// after a space (folded words hold none).
    static func properSuffixes(of whole: String) -> [Substring] {
        var out: [Substring] = []
        var i = whole.utf8.startIndex
        while let space = whole.utf8[i...].firstIndex(of: 0x20) {
            i = whole.utf8.index(after: space)
            out.append(whole[i...])
        }
        return out
    }

    /// Records whole name `whole` with number `n` in `wholeNames` and the suffix index.
    private mutating func addWholeName(_ whole: String, _ n: Int) {
        let previous = wholeNames?[whole]
        wholeNames = wholeNames ?? [:]
        wholeNames![whole] = n
        if let previous, previous != n {
            // A smallest number may have been overwritten: recompute (rare: the same words
            // under another folded key).
            rebuildSuffixes()
            return
        }
        for suffix in PseudonymTable.properSuffixes(of: whole) {
            let key = String(suffix)
            if let m = suffixes[key], m <= n { continue }
            suffixes[key] = n
        }
    }

    private mutating func rebuildSuffixes() {
        suffixes = [:]
        for (whole, n) in wholeNames ?? [:] {
            for suffix in PseudonymTable.properSuffixes(of: whole) {
                let key = String(suffix)
                if let m = suffixes[key], m <= n { continue }
                suffixes[key] = n
            }
        }
    }

    /// The smallest pseudonym number of a whole name (two or more words) that ends with the
    /// words `tail` (joined by spaces) after at least one more word, or nil: one look-up.
    func longerNameEnding(with tail: String) -> Int? { suffixes[tail] }

    /// The pseudonym number for `name` of `category`, assigning the next free one when the name
    /// is new. `surname` is the detector's `FindingAttribute.surname`, when known.
    public mutating func number(for name: String, category: Category, surname: String? = nil) -> Int {
        let key = TextFolding.key(name)
        let slot = category.rawValue + "|" + key
        if let n = entries[slot] { return n }
        guard category == .person else {
            let n = next(category)
            entries[slot] = n
            return n
        }
        let words = PseudonymTable.wordKeys(name)
        if words.count <= 1 {
            // A surname-only mention.
            if let n = surnames[key] { entries[slot] = n; return n }
            // A given name alone, after the full name it opens ("Roger" after "Roger Deal").
            if let n = givenNames?[key] { entries[slot] = n; return n }
            let n = next(category)
            entries[slot] = n
            surnames[key] = n
            unclaimedSurnames.insert(key)
            return n
        }
        let joined = words.joined(separator: " ")
        var candidates: [String] = []
        if let surname, case let folded = TextFolding.key(surname), !folded.isEmpty {
            candidates = [folded]
        } else {
            candidates = [words[0], words[words.count - 1]]
        }
        let n: Int
        if let claimed = candidates.first(where: { unclaimedSurnames.contains($0) }) {
            n = surnames[claimed]!
            unclaimedSurnames.remove(claimed)
        } else if let whole = longerNameEnding(with: joined) {
            // The end of a longer name seen before: "Abu Hasira" after "Mahmoud Abu Hasira".
            n = whole
        } else {
            n = next(category)
        }
        addWholeName(joined, n)
        entries[slot] = n
        for c in candidates where surnames[c] == nil { surnames[c] = n }
        // The first word, when it is not the surname, is the given name ("Roger" of "Roger Deal").
        if !candidates.contains(words[0]), givenNames?[words[0]] == nil {
            givenNames = givenNames ?? [:]
            givenNames![words[0]] = n
        }
        return n
    }

    /// The folded keys (`TextFolding.key`) of the words of `name` (split at spaces and no-break
    /// spaces), leaving out words that fold to nothing.
    static func wordKeys(_ name: String) -> [String] {
        var name = name
        let ascii: [String]? = name.withUTF8 { b in
            guard TextFolding.isASCII(b) else { return nil }
            // ASCII: one byte per character (no no-break space), so a byte split is the same split.
            var out: [String] = []
            var i = 0
            while i < b.count {
                guard b[i] != 0x20 else { i += 1; continue }
                var j = i + 1
                while j < b.count && b[j] != 0x20 { j += 1 }
                let key = TextFolding.key(ascii: UnsafeBufferPointer(rebasing: b[i..<j]))
                if !key.isEmpty { out.append(key) }
                i = j
            }
            return out
        }
        return ascii ?? wordKeysReference(name)
    }

    /// `wordKeys` through `split` on characters: the reference the byte path must agree with,
    /// and the path for non-ASCII names.
    static func wordKeysReference(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).map { TextFolding.key(String($0)) }.filter { !$0.isEmpty }
    }

    /// The pseudonym `template` with `{letter}` expanded for `name`.
    public mutating func pseudonym(for name: String, category: Category, surname: String? = nil, template: String) -> String {
        let n = number(for: name, category: category, surname: surname)
        return template.replacingOccurrences(of: "{letter}", with: PseudonymTable.letters(n))
            .replacingOccurrences(of: "{category}", with: category.rawValue)
    }

    /// 0 -> "A", 25 -> "Z", 26 -> "AA", 27 -> "AB"...
    public static func letters(_ n: Int) -> String {
        var n = n
        var out: [Character] = []
        repeat {
            out.insert(Character(Unicode.Scalar(UInt8(65 + n % 26))), at: 0)
            n = n / 26 - 1
        } while n >= 0
        return String(out)
    }

    private mutating func next(_ category: Category) -> Int {
        let n = counters[category.rawValue, default: 0]
        counters[category.rawValue] = n + 1
        return n
    }
}

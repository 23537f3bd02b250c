import VeilModel
import VeilPolicy

/// The last guard before redacted text is written: re-scans the output for every original the
/// policy removed, case-folded, NFKC-normalized and with spacing, hyphens and invisible
/// characters ignored, and reports how many survive (never which: callers must not print
/// originals). Matches are on word boundaries, so a removed surname `Kang` is found in
/// `KANG` or `Ka-ng` but not inside `Kangwon`.
public enum LeakCheck {
    /// Number of distinct removed originals that still occur in `published`.
    public static func survivors(of originals: [String], in published: Document) -> Int {
        Set(TermMatcher(terms: originals).matches(in: published).map(\.term)).count
    }

    /// Byte offsets in `published` where removed originals still occur (for reporting a
    /// position, never the text).
    public static func survivingOffsets(of originals: [String], in published: Document) -> [Int] {
        TermMatcher(terms: originals).matches(in: published).map(\.range.lowerBound).sorted()
    }
}

/// The distinctive parts of removed originals, which the re-scan looks for as well as the
/// whole originals: a place removed inside a longer replaced span ("the city of Musan
/// yesterday") must not survive alone ("Musan residents said") because only the span was
/// searched for.
///
/// A part is a word of a removed name or place (person, neighborhood, city, province, country,
/// facility, organization, `--term` or watch-list finding): a run of letters and digits, split
/// at spaces, hyphens, commas, apostrophes and dots, so `Kangan-dong, Hyesan` gives `Kangan` and
/// `Hyesan`. A part is *distinctive* unless
/// - it is shorter than two letters, or has no letter (`3`, `2009`);
/// - it is on `LeakCheck.commonParts` (below: function words, titles, place-unit words such as
///   Province, County, -dong, Village, Street, compass words): words that say nothing of who or
///   where;
/// - it is a word the published text carries by policy: a word of a finding the policy keeps
///   (a public figure `Kim Jong Un` keeps `Kim` publishable), of the policy's `allow:` list, or
///   of any replacement text (`a city in North Korea`).
/// A distinctive part that is also a frequent English word (`Rose`, `Park`, `Lee`: Zipf
/// frequency at least 3.3 in the detector's word list) counts only where it is written with a
/// capital (or in a script without case), so `the park` is not taken for `Park Ji-hoon`.
public struct RemovedPart: Sendable, Hashable {
    /// The folded key (`TextFolding.key`) of the part.
    public var key: String
    /// The category of the original it came from.
    public var category: Category
    /// Whether it counts only where capitalized (a frequent English word).
    public var capitalizedOnly: Bool
}

extension LeakCheck {
    /// Categories whose originals are split into parts: names and places.
    static let partCategories: Set<Category> = [.person, .neighborhood, .city, .province, .country, .facility,
                                                .organization, .term, .watchlist]

    /// Words that are never distinctive parts, folded: function words and name particles,
    /// titles, and the unit words of places and facilities (romanized Korean, Japanese and
    /// Chinese suffixes included). Data, not logic: add a word here if it proves too common.
    static let commonParts: Set<String> = Set("""
    a an the of in on at to for from by with and or but nor as near into onto over under about above below
    between within without up down out off is was are were be been its it this that these those
    de del della di da du des la le les el al bin ibn van von der den ter los las dos das san santa saint st
    mr mrs ms miss dr prof sir madam mister lord lady
    province provincial county city district village street road rd avenue ave lane boulevard blvd highway
    town township prefecture region regional oblast krai state ward borough neighborhood neighbourhood
    quarter square market area zone municipality municipal metropolitan capital special autonomous
    dong ri gun si do gu eup myon myeon ku shi cho machi mura ken fu sheng shi xian zhen cun qu
    camp prison hospital school university college center centre station airport port harbor harbour
    bridge river mountain mount mt lake island islands valley bay coast border
    north south east west northern southern eastern western central upper lower new old greater
    republic democratic people peoples national
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// The distinctive parts of `originals` (text and category of every removed finding), given
    /// the words the published text carries by policy (`publishable`, folded keys). See
    /// `RemovedPart`. Linear in the originals' length.
    public static func distinctiveParts(of originals: [(text: String, category: Category)],
                                        publishable: Set<String>,
                                        isCommonWord: (String) -> Bool) -> [RemovedPart] {
        var seen = Set<String>()
        var parts: [RemovedPart] = []
        for (text, category) in originals where partCategories.contains(category) {
            for word in words(of: text) {
                let key = TextFolding.key(word)
                guard key.unicodeScalars.count >= 2, key.unicodeScalars.contains(where: { $0.properties.isAlphabetic }),
                      !commonParts.contains(key), !publishable.contains(key), seen.insert(key).inserted else { continue }
                parts.append(RemovedPart(key: key, category: category, capitalizedOnly: isCommonWord(key)))
            }
        }
        return parts
    }

    /// The words of `text`: maximal runs of letters, digits and combining marks.
    public static func words(of text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let p = s.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                current.append(s)
            } else if !current.isEmpty {
                out.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    /// The folded keys of every word of `texts`, for `distinctiveParts(publishable:)`.
    public static func wordKeys<S: Sequence>(of texts: S) -> Set<String> where S.Element == String {
        var keys = Set<String>()
        for t in texts { for w in words(of: t) { keys.insert(TextFolding.key(w)) } }
        return keys
    }

    /// Whether the text at byte `offset` of `bytes` starts with a letter that is not lower-case
    /// (a capital, or a letter of a script without case).
    static func startsCapitalized(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        let b = bytes[offset]
        if b < 0x80 { return !(b >= 0x61 && b <= 0x7A) }
        var end = offset + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        guard let s = String(decoding: bytes[offset..<end], as: UTF8.self).unicodeScalars.first else { return true }
        return !s.properties.isLowercase
    }
}

import VeilModel

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

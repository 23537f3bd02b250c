import VeilModel

/// Finds a policy's deny terms in a document regardless of case, diacritics, width and
/// spacing (`Kang Mi-jin`, `KANG MIJIN`, `Káng  Mi‐Jin`), on word boundaries, by folding the
/// document the way `TextFolding.key` folds the terms and mapping matches back to byte spans.
public struct DenyScanner: Sendable {
    /// Folded terms as UTF-8 bytes, longest first.
    private let keys: [[UInt8]]

    /// A scanner for `terms` (entries that fold to nothing are ignored).
    public init(terms: [String]) {
        var seen: Set<[UInt8]> = []
        keys = terms.map { Array(TextFolding.key($0).utf8) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
            .sorted { $0.count > $1.count }
    }

    /// Whether there are no terms (scanning then costs nothing).
    public var isEmpty: Bool { keys.isEmpty }

    /// Whether `text`, folded, contains a deny term.
    public func matches(_ text: String) -> Bool {
        guard !keys.isEmpty else { return false }
        return matches(folded: TextFolding.key(text))
    }

    /// Whether text already folded with `TextFolding.key` contains a deny term.
    public func matches(folded key: String) -> Bool {
        guard !keys.isEmpty else { return false }
        let folded = Array(key.utf8)
        return keys.contains { DenyScanner.find($0, in: folded, from: 0) != nil }
    }

    /// Byte ranges of every deny-term occurrence in `document`, in document order; overlapping
    /// occurrences are all reported (policy merges them).
    public func scan(_ document: Document) -> [Range<Int>] {
        scan(bytes: document.bytes)
    }

    /// Whether a term occurs in `text` (same matching as `scan`).
    public func occurs(in text: String) -> Bool {
        !scan(bytes: Array(text.utf8), first: true).isEmpty
    }

    /// Whether one of the given folded terms occurs in ASCII `text`: `DenyScanner(terms:)
    /// .occurs(in: text)` for the terms whose keys are `folded[0..<ends[0]]`,
    /// `folded[ends[0]..<ends[1]]`... (each non-empty), without building a scanner. `nil` when
    /// `text` is not ASCII (then ask a scanner).
    ///
    /// For ASCII text the fold keeps one byte per kept byte, so a term's hit maps back to the
    /// span from its first to its last byte, checked on word boundaries as `scan` does.
    static func occurs(folded: [UInt8], ends: [Int], inASCII text: String) -> Bool? {
        var text = text
        return text.withUTF8 { b -> Bool? in
            guard TextFolding.isASCII(b) else { return nil }
            // The folded text and, per folded byte, its offset in `b` (on the stack).
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: b.count) { hay in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: b.count) { origin in
                    var n = 0
                    for i in 0..<b.count {
                        if let f = asciiFold(b[i]) { hay[n] = f; origin[n] = i; n += 1 }
                    }
                    // `isBoundary` for ASCII: no letter or digit on that side.
                    func word(_ i: Int) -> Bool {
                        let c = b[i]
                        return (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
                    }
                    return folded.withUnsafeBufferPointer { terms in
                        var start = 0
                        for end in ends {
                            defer { start = end }
                            let count = end - start
                            guard count <= n else { continue }
                            let first = terms[start]
                            for i in 0...(n - count) where hay[i] == first {
                                var k = 1
                                while k < count && hay[i + k] == terms[start + k] { k += 1 }
                                guard k == count else { continue }
                                let from = origin[i], to = origin[i + count - 1] + 1
                                if (from == 0 || !word(from - 1)) && (to == b.count || !word(to)) { return true }
                            }
                        }
                        return false
                    }
                }
            }
        }
    }

    /// The terms of `folded` (ending at `ends`, as for `occurs(folded:ends:inASCII:)`), distinct,
    /// grouped by length.
    static func termsByLength(folded: [UInt8], ends: [Int]) -> [(length: Int, terms: Set<ArraySlice<UInt8>>)] {
        var byLength: [Int: Set<ArraySlice<UInt8>>] = [:]
        var start = 0
        for end in ends {
            byLength[end - start, default: []].insert(folded[start..<end])
            start = end
        }
        return byLength.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `occurs(folded:ends:inASCII:)` with the terms grouped by `termsByLength`: each window
    /// of the text is looked up once per term length, so the cost follows the text, not the
    /// number of terms (every term was tried against every replacement wording: quadratic
    /// with many removed originals and many distinct pseudonyms).
    static func occurs(terms: [(length: Int, terms: Set<ArraySlice<UInt8>>)], inASCII text: String) -> Bool? {
        var text = text
        return text.withUTF8 { b -> Bool? in
            guard TextFolding.isASCII(b) else { return nil }
            var hay: [UInt8] = []
            var origin: [Int] = []
            hay.reserveCapacity(b.count)
            origin.reserveCapacity(b.count)
            for i in 0..<b.count {
                if let f = asciiFold(b[i]) { hay.append(f); origin.append(i) }
            }
            let n = hay.count
            func word(_ i: Int) -> Bool {
                let c = b[i]
                return (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
            }
            for (count, set) in terms {
                guard count <= n else { break }
                for i in 0...(n - count) where set.contains(hay[i..<(i + count)]) {
                    let from = origin[i], to = origin[i + count - 1] + 1
                    if (from == 0 || !word(from - 1)) && (to == b.count || !word(to)) { return true }
                }
            }
            return false
        }
    }

    /// Byte ranges of deny-term occurrences in valid UTF-8 `bytes`; with `first`, stops at one.
    func scan(bytes: [UInt8], first: Bool = false) -> [Range<Int>] {
        guard !keys.isEmpty else { return [] }
        let (folded, origin) = DenyScanner.fold(bytes)
        var out: [Range<Int>] = []
        for key in keys {
            var from = 0
            while let hit = DenyScanner.find(key, in: folded, from: from) {
                let start = origin[hit].lowerBound
                let end = origin[hit + key.count - 1].upperBound
                if DenyScanner.isBoundary(bytes, before: start) && DenyScanner.isBoundary(bytes, after: end) {
                    out.append(start..<end)
                    if first { return out }
                }
                from = hit + 1
            }
        }
        return out.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
    }

    /// `bytes` folded like `TextFolding.key`, with each folded byte's source byte range. ASCII
    /// is folded inline (the hot path); other characters go through `TextFolding.key`.
    static func fold(_ bytes: [UInt8]) -> (folded: [UInt8], origin: [Range<Int>]) {
        var folded: [UInt8] = []
        var origin: [Range<Int>] = []
        folded.reserveCapacity(bytes.count)
        origin.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                // Combining marks after an ASCII letter would fold into it: take the slow path.
                if i + 1 < n && bytes[i + 1] >= 0x80 {
                    // fall through to the character path below
                } else {
                    if let f = asciiFold(b) { folded.append(f); origin.append(i..<(i + 1)) }
                    i += 1
                    continue
                }
            }
            // One extended grapheme cluster starting at i.
            var j = i + 1
            while j < n && bytes[j] & 0xC0 == 0x80 { j += 1 }
            let first = String(decoding: bytes[i..<j], as: UTF8.self)
            var end = j
            // Extend over following scalars that join the cluster (combining marks).
            while end < n {
                var k = end + 1
                while k < n && bytes[k] & 0xC0 == 0x80 { k += 1 }
                let candidate = String(decoding: bytes[i..<k], as: UTF8.self)
                if candidate.count == 1 && first.count == 1 { end = k } else { break }
            }
            let piece = TextFolding.key(String(decoding: bytes[i..<end], as: UTF8.self))
            for f in piece.utf8 { folded.append(f); origin.append(i..<end) }
            i = end
        }
        return (folded, origin)
    }

    /// `TextFolding.key` of one ASCII byte: lower-cased, or nil for the separators it drops.
    @inline(__always)
    static func asciiFold(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x41...0x5A: return b + 32
        case 0x00...0x20, 0x7F, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "'"), UInt8(ascii: "`"):
            return nil
        default: return b
        }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count, from <= hay.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether the character before byte `start` is not a letter or digit.
    static func isBoundary(_ bytes: [UInt8], before start: Int) -> Bool {
        guard start > 0 else { return true }
        var i = start - 1
        while i > 0 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return !isWordScalar(bytes, at: i)
    }

    /// Whether the character at byte `end` is not a letter or digit.
    static func isBoundary(_ bytes: [UInt8], after end: Int) -> Bool {
        guard end < bytes.count else { return true }
        return !isWordScalar(bytes, at: end)
    }

    private static func isWordScalar(_ bytes: [UInt8], at i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 {
            return (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
        }
        var j = i + 1
        while j < bytes.count && bytes[j] & 0xC0 == 0x80 { j += 1 }
        guard let s = String(decoding: bytes[i..<j], as: UTF8.self).unicodeScalars.first else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }
}

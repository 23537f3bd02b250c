import VeilModel

/// Finds every occurrence of given terms in a document regardless of case, diacritics,
/// width, hyphens and spacing (`Kang Mi-jin` matches `KANG MIJIN`), on word boundaries.
/// Used for `veil redact --term` and to extend a removed original to all its occurrences.
public struct TermMatcher: Sendable {
    private let keys: [[Unicode.Scalar]]
    /// The keys as a trie: `children[node << 21 | scalar]` is the child node; `terminal[node]`
    /// the index of the key ending there (-1 for none). Node 0 is the root. One walk per
    /// position finds every key starting there, whatever the number of keys (trying each key
    /// with the same first scalar was quadratic with thousands of removed originals).
    private let children: [UInt64: Int32]
    private let terminal: [Int32]

    /// A matcher for `terms`; terms that fold to nothing (only spaces or punctuation) are ignored.
    public init(terms: [String]) {
        keys = Array(Set(terms.map { TextFolding.key($0) }.filter { !$0.isEmpty }))
            .sorted()
            .map { Array($0.unicodeScalars) }
        var children: [UInt64: Int32] = [:]
        var terminal: [Int32] = [-1]
        for (k, key) in keys.enumerated() {
            var node: Int32 = 0
            for scalar in key {
                let edge = UInt64(node) << 21 | UInt64(scalar.value)
                if let child = children[edge] {
                    node = child
                } else {
                    let child = Int32(terminal.count)
                    terminal.append(-1)
                    children[edge] = child
                    node = child
                }
            }
            terminal[Int(node)] = Int32(k)
        }
        self.children = children
        self.terminal = terminal
    }

    /// The folded key of term index `i` as reported by `matches(in:)`.
    public func key(at i: Int) -> String { String(String.UnicodeScalarView(keys[i])) }

    /// Whether no usable term was given.
    public var isEmpty: Bool { keys.isEmpty }

    /// UTF-8 byte ranges of every occurrence, sorted, overlapping matches merged.
    public func occurrences(in document: Document) -> [Range<Int>] {
        let found = matches(in: document).map(\.range).sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in found {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    /// The longest key, in folded scalars.
    private var longestKey: Int { keys.reduce(0) { max($0, $1.count) } }

    /// Every occurrence with the index of the term (in the folded, de-duplicated key order)
    /// it matched; the number of distinct indices is the number of terms present.
    ///
    /// The document is folded a piece of about `chunkBytes` at a time (folded scalars and their
    /// origins take 20 bytes per byte of text: folding a 64 MiB draft whole took over 1 GB),
    /// each piece read on past its end for as many folded scalars as the longest key, so that
    /// every match starting in the piece is found whole; the result does not depend on
    /// `chunkBytes`.
    public func matches(in document: Document, chunkBytes: Int = 1 << 20) -> [(term: Int, range: Range<Int>)] {
        guard !keys.isEmpty else { return [] }
        let bytes = document.bytes
        let n = bytes.count
        let longest = longestKey
        let chunk = max(chunkBytes, 16)
        var found: [(term: Int, range: Range<Int>)] = []
        var start = 0
        while start < n {
            let end = Self.cut(bytes, near: start + chunk)
            // Read on past `end` until `longest - 1` folded scalars follow it (or the text ends).
            var look = max(4 * longest, 64)
            var folded: [Unicode.Scalar] = []
            var origin: [Range<Int>] = []
            var own = 0   // folded scalars that start in start..<end
            while true {
                let stop = end >= n ? n : Self.cut(bytes, near: end + look)
                let text = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<stop]), as: UTF8.self) }
                (folded, origin) = TextFolding.keyWithOffsets(text)
                own = origin.firstIndex { $0.lowerBound + start >= end } ?? origin.count
                if stop >= n || folded.count - own >= longest - 1 { break }
                look *= 2
            }
            matchFolded(folded, origin, base: start, startingBefore: own, bytes: bytes, into: &found)
            start = end
        }
        return found
    }

    /// The matches starting at folded positions `0..<limit` of `folded` (whose origins are
    /// offset by `base` in `bytes`).
    private func matchFolded(_ folded: [Unicode.Scalar], _ origin: [Range<Int>], base: Int, startingBefore limit: Int,
                             bytes: [UInt8], into found: inout [(term: Int, range: Range<Int>)]) {
        var i = 0
        while i < limit {
            // Keys starting at `i`, shortest first (the sorted order of keys that are prefixes
            // of one another).
            var node: Int32 = 0
            var j = i
            while j < folded.count, let child = children[UInt64(node) << 21 | UInt64(folded[j].value)] {
                node = child
                let k = terminal[Int(node)]
                if k >= 0 {
                    let range = (origin[i].lowerBound + base)..<(origin[j].upperBound + base)
                    if Self.isWordBoundary(bytes, before: range.lowerBound) && Self.isWordBoundary(bytes, after: range.upperBound) {
                        found.append((Int(k), range))
                    }
                }
                j += 1
            }
            i += 1
        }
    }

    /// A byte offset at or after `offset` where the text can be cut without splitting a
    /// character (grapheme cluster): before an ASCII space between two ASCII bytes (no
    /// combining mark can follow, no CR LF is split), else the end of the text.
    static func cut(_ bytes: [UInt8], near offset: Int) -> Int {
        var p = max(offset, 1)
        while p + 1 < bytes.count {
            if bytes[p] == 0x20 && bytes[p - 1] < 0x80 && bytes[p - 1] != 0x0D && bytes[p + 1] < 0x80 { return p }
            p += 1
        }
        return bytes.count
    }

    /// True when the scalar before `offset` is not a letter or digit (or there is none).
    static func isWordBoundary(_ bytes: [UInt8], before offset: Int) -> Bool {
        guard offset > 0 else { return true }
        var start = offset - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return !isWordScalar(bytes, at: start)
    }

    /// True when the scalar at `offset` is not a letter or digit (or the text ends).
    static func isWordBoundary(_ bytes: [UInt8], after offset: Int) -> Bool {
        guard offset < bytes.count else { return true }
        return !isWordScalar(bytes, at: offset)
    }

    private static func isWordScalar(_ bytes: [UInt8], at i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 {
            return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        var end = i + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        guard let scalar = String(decoding: bytes[i..<end], as: UTF8.self).unicodeScalars.first else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}

import VeilModel

/// Finds every occurrence of given terms in a document regardless of case, diacritics,
/// width, hyphens and spacing (`Kang Mi-jin` matches `KANG MIJIN`), on word boundaries.
/// Used for `veil redact --term` and to extend a removed original to all its occurrences.
public struct TermMatcher: Sendable {
    private let keys: [[Unicode.Scalar]]

    /// A matcher for `terms`; terms that fold to nothing (only spaces or punctuation) are ignored.
    public init(terms: [String]) {
        keys = Array(Set(terms.map { TextFolding.key($0) }.filter { !$0.isEmpty }))
            .sorted()
            .map { Array($0.unicodeScalars) }
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

    /// Every occurrence with the index of the term (in the folded, de-duplicated key order)
    /// it matched; the number of distinct indices is the number of terms present.
    public func matches(in document: Document) -> [(term: Int, range: Range<Int>)] {
        guard !keys.isEmpty else { return [] }
        let (folded, origin) = TextFolding.keyWithOffsets(document.text)
        let bytes = document.bytes
        var index: [Unicode.Scalar: [Int]] = [:]
        for (k, key) in keys.enumerated() { index[key[0], default: []].append(k) }
        var found: [(term: Int, range: Range<Int>)] = []
        var i = 0
        while i < folded.count {
            if let candidates = index[folded[i]] {
                for k in candidates {
                    let key = keys[k]
                    guard i + key.count <= folded.count else { continue }
                    var match = true
                    for j in 1..<key.count where folded[i + j] != key[j] { match = false; break }
                    guard match else { continue }
                    let range = origin[i].lowerBound..<origin[i + key.count - 1].upperBound
                    if Self.isWordBoundary(bytes, before: range.lowerBound) && Self.isWordBoundary(bytes, after: range.upperBound) {
                        found.append((k, range))
                    }
                }
            }
            i += 1
        }
        return found
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

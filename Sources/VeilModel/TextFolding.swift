import Foundation

/// Normalization shared by the no-leak re-scan, deny lists and the watch-list: two strings that
/// a reader would take for the same term fold to the same key.
public enum TextFolding {
    /// Whether every byte of `b` is ASCII: the test the byte-level fast paths make before
    /// taking the general (Foundation) path for anything else.
    @inlinable
    public static func isASCII<C: Collection>(_ b: C) -> Bool where C.Element == UInt8 {
        var any: UInt8 = 0
        for x in b { any |= x }
        return any < 0x80
    }

    /// NFKC, case-folded, diacritics removed, invisible format characters removed, and every
    /// run of spaces, hyphens, dashes, apostrophes and dots removed: `Kang Mi-jin`,
    /// `KANG MIJIN` and `Káng  Mi‐Jin` all fold to `kangmijin`.
    public static func key(_ text: String) -> String {
        // ASCII fast path (most findings in English text): the same result without Foundation.
        if let folded = asciiKey(text) { return folded }
        return unicodeKey(text)
    }

    /// `key` of an ASCII `text`, written straight into the result's storage (no intermediate
    /// array); `nil` when `text` holds a non-ASCII byte (then only `unicodeKey` is exact).
    @inline(__always)
    static func asciiKey(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { b -> String? in
            guard isASCII(b) else { return nil }
            return key(ascii: b)
        }
    }

    /// `key` of ASCII bytes (the caller checks that every byte is below 0x80): lower-cased,
    /// separators dropped.
    public static func key(ascii b: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: b.count) { out in foldASCII(b, into: out.baseAddress!) }
    }

    /// Writes the UTF-8 of `key` of ASCII bytes `b` (the caller checks) to `out`, which has room
    /// for `b.count` bytes; returns how many it wrote.
    @inline(__always)
    public static func foldASCII(_ b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        for x in b where !isASCIISeparator(x) {
            out[n] = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
            n += 1
        }
        return n
    }

    /// Appends the UTF-8 of `key(text)` to `out`; ASCII text is folded in place, without
    /// building the key as a string.
    public static func appendKey(of text: String, to out: inout [UInt8]) {
        var text = text
        let ascii: Bool = text.withUTF8 { b in
            guard isASCII(b) else { return false }
            // Copy, then fold in place and drop what the separators left over.
            let start = out.count
            out.append(contentsOf: b)
            let kept = out.withUnsafeMutableBufferPointer { o -> Int in
                var n = start
                for i in start..<o.count where !isASCIISeparator(o[i]) {
                    let x = o[i]
                    o[n] = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
                    n += 1
                }
                return n
            }
            out.removeLast(out.count - kept)
            return true
        }
        if !ascii { out.append(contentsOf: unicodeKey(text).utf8) }
    }

    /// The general path of `key`, through Foundation (NFKC, case and diacritic folding).
    static func unicodeKey(_ text: String) -> String {
        var s = text.precomposedStringWithCompatibilityMapping
        s = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars where !isSeparatorOrInvisible(scalar) {
            out.append(scalar)
        }
        return String(out).lowercased()
    }

    /// Folds `text` like `key` but keeps, for every scalar of the result, the byte offset in
    /// the original UTF-8 where it came from, so a match in folded text maps back to a span.
    /// Returns the folded scalars and, per folded scalar, its source byte range.
    public static func keyWithOffsets(_ text: String) -> (folded: [Unicode.Scalar], origin: [Range<Int>]) {
        var folded: [Unicode.Scalar] = []
        var origin: [Range<Int>] = []
        folded.reserveCapacity(text.utf8.count)
        origin.reserveCapacity(text.utf8.count)
        var byte = 0
        for character in text {
            let width = character.utf8.count
            if width == 1, let a = character.asciiValue {
                // ASCII fast path: same result as `key`, without Foundation.
                if a >= 0x41 && a <= 0x5A {
                    folded.append(Unicode.Scalar(a + 0x20)); origin.append(byte..<(byte + 1))
                } else if !isASCIISeparator(a) {
                    folded.append(Unicode.Scalar(a)); origin.append(byte..<(byte + 1))
                }
                byte += 1
                continue
            }
            let piece = key(String(character))
            for scalar in piece.unicodeScalars {
                folded.append(scalar)
                origin.append(byte..<(byte + width))
            }
            byte += width
        }
        return (folded, origin)
    }

    /// `isSeparatorOrInvisible` for an ASCII byte, without Unicode property look-ups: controls,
    /// spaces, `-`, `_`, `'`, `` ` `` and `.`.
    @inline(__always)
    static func isASCIISeparator(_ b: UInt8) -> Bool {
        b <= 0x20 || b == 0x7F || b == 0x2D || b == 0x5F || b == 0x27 || b == 0x60 || b == 0x2E
    }

    /// Spaces, hyphens and dashes, apostrophes, dots, and format characters such as zero-width
    /// joiners: none of them change which term a reader sees.
    public static func isSeparatorOrInvisible(_ s: Unicode.Scalar) -> Bool {
        if s.properties.isWhitespace { return true }
        switch s.properties.generalCategory {
        case .format, .dashPunctuation, .connectorPunctuation, .control: return true
        default: break
        }
        switch s {
        case "'", "\u{2019}", "\u{2018}", "`", ".", "\u{00B7}", "\u{02BC}": return true
        default: return false
        }
    }
}

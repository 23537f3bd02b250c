import VeilModel

/// A document split once into word, number and punctuation tokens over its UTF-8 bytes; every
/// recognizer reads this shared stream instead of re-scanning the text.
public struct TokenizedText: Sendable {
    /// The kind of a token.
    public enum Kind: UInt8, Sendable {
        /// Letters (any script), possibly with inner apostrophes or hyphens: `Kangan-dong`, `didn't`.
        case word
        /// Digits, possibly with inner `,` `.` `:` `/`: `3,000`, `2019-07-20` is split at `-`.
        case number
        /// Any other single non-space scalar.
        case punctuation
    }

    /// One token: its kind and UTF-8 byte range.
    public struct Token: Sendable, Hashable {
        public var kind: Kind
        public var range: Range<Int>
        /// Whether a line break (or the start of the text) precedes the token with no other
        /// token between: true for the first word of a line (headline, caption, paragraph).
        public var startsLine: Bool
    }

    public let document: Document
    public let tokens: [Token]

    public init(_ document: Document) {
        self.document = document
        self.tokens = TokenizedText.tokenize(document.bytes)
    }

    /// The bytes of the document.
    @inlinable public var bytes: [UInt8] { document.bytes }

    /// The token's text as a String.
    public func string(_ token: Token) -> String { document.text(token.range) }

    /// Splits UTF-8 bytes into tokens. ASCII is classified by table; any non-ASCII scalar is
    /// treated as a letter unless it is a known space or punctuation mark (curly quotes, dashes,
    /// ellipsis, CJK punctuation), which covers Hangul, Han, Cyrillic, Arabic and accented Latin.
    static func tokenize(_ b: [UInt8]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(b.count / 5)
        var i = 0
        let n = b.count
        var lineStart = true
        while i < n {
            let c = b[i]
            if c == 0x0A { lineStart = true; i += 1; continue }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0C { i += 1; continue }
            let (scalarLen, cls) = classify(b, i)
            if cls == .space { i += scalarLen; continue }
            let start = i
            if cls == .letter {
                i += scalarLen
                while i < n {
                    let (l, k) = classify(b, i)
                    if k == .letter || k == .digit { i += l; continue }
                    // inner apostrophe or hyphen followed by a letter: Kangan-dong, O'Brien, don't
                    if (b[i] == 0x27 || b[i] == 0x2D || isRightQuote(b, i)) && i + l < n {
                        let (_, next) = classify(b, i + l)
                        if next == .letter { i += l; continue }
                    }
                    break
                }
                out.append(Token(kind: .word, range: start..<i, startsLine: lineStart))
            } else if cls == .digit {
                i += 1
                while i < n {
                    let d = b[i]
                    if d >= 0x30 && d <= 0x39 { i += 1; continue }
                    if (d == 0x2C || d == 0x2E || d == 0x3A) && i + 1 < n && b[i + 1] >= 0x30 && b[i + 1] <= 0x39 { i += 1; continue }
                    break
                }
                out.append(Token(kind: .number, range: start..<i, startsLine: lineStart))
            } else {
                i += scalarLen
                out.append(Token(kind: .punctuation, range: start..<i, startsLine: lineStart))
            }
            lineStart = false
        }
        return out
    }

    enum Class { case letter, digit, space, punct }

    @inline(__always)
    static func isRightQuote(_ b: [UInt8], _ i: Int) -> Bool {
        // U+2019 RIGHT SINGLE QUOTATION MARK = E2 80 99
        i + 2 < b.count && b[i] == 0xE2 && b[i + 1] == 0x80 && b[i + 2] == 0x99
    }

    @inline(__always)
    static func classify(_ b: [UInt8], _ i: Int) -> (Int, Class) {
        let c = b[i]
        if c < 0x80 {
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) { return (1, .letter) }
            if c >= 0x30 && c <= 0x39 { return (1, .digit) }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C { return (1, .space) }
            return (1, .punct)
        }
        let len: Int = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
        if c == 0xC2 && i + 1 < b.count {
            let d = b[i + 1]
            if d == 0xA0 { return (2, .space) }              // NBSP
            if d < 0xC0 { return (2, .punct) }               // Latin-1 punctuation and signs
        }
        if c == 0xE2 && i + 2 < b.count && b[i + 1] >= 0x80 && b[i + 1] <= 0x82 {
            // General punctuation U+2000-U+20CF: spaces, dashes, quotes, ellipsis, currency
            let d = b[i + 1], e = b[i + 2]
            if d == 0x80 && (e <= 0x8A || e == 0xAF) { return (3, .space) }
            return (3, .punct)
        }
        if c == 0xE3 && i + 2 < b.count && b[i + 1] == 0x80 {
            if b[i + 2] == 0x80 { return (3, .space) }     // ideographic space
            return (3, .punct)                              // CJK punctuation
        }
        if c == 0xEF && i + 2 < b.count && (b[i + 1] == 0xBC || b[i + 1] == 0xBD) {
            // Fullwidth forms: treat fullwidth punctuation as punctuation, letters as letters.
            let e = b[i + 2]
            if b[i + 1] == 0xBC && (e < 0xA1 || e > 0xBA) && !(e >= 0x90 && e <= 0x99) { return (3, .punct) }
        }
        if c == 0xEF && i + 2 < b.count && b[i + 1] == 0xBB && b[i + 2] == 0xBF { return (3, .space) } // BOM
        return (len, .letter)
    }
}

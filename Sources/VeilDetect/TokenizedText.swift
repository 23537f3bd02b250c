import VeilModel

/// A document split once into word, number and punctuation tokens over its UTF-8 bytes; every
/// recognizer reads this shared stream instead of re-scanning the text.
///
/// Tokenizing is one linear pass over the bytes; it also computes each token's case-insensitive
/// key (`Lexicon.key`) and the pattern recognizers' word classes, so no recognizer hashes or
/// looks a word up twice.
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

    /// One token: its kind and UTF-8 byte range. (The range is stored first, so that a token
    /// takes 24 bytes rather than 32.)
    public struct Token: Sendable, Hashable {
        public var range: Range<Int>
        public var kind: Kind
        /// Whether a line break (or the start of the text) precedes the token with no other
        /// token between: true for the first word of a line (headline, caption, paragraph).
        public var startsLine: Bool
    }

    /// The document the tokens index into.
    public let document: Document
    /// The tokens in text order.
    public let tokens: [Token]
    /// `Lexicon.key` of every token, parallel to `tokens` (case-insensitive FNV-1a of its bytes).
    public let keys: [UInt64]
    /// The pattern lexicon's entry index for every token (`-1` when the word is not in it).
    let entries: [Int32]
    /// The pattern lexicon's word classes of every token (`PatternLexicon.Flags` raw values).
    let wordFlags: [UInt64]

    /// Tokenizes `document` (one pass) and classifies its words.
    public init(_ document: Document) {
        self.document = document
        let (tokens, keys) = TokenizedText.tokenizeWithKeys(document.bytes)
        self.tokens = tokens
        self.keys = keys
        (entries, wordFlags) = PatternLexicon.shared.classify(tokens: tokens, keys: keys, bytes: document.bytes)
    }

    /// The bytes of the document.
    @inlinable public var bytes: [UInt8] { document.bytes }

    /// The token's text as a String.
    public func string(_ token: Token) -> String { document.text(token.range) }

    /// Splits UTF-8 bytes into tokens. ASCII is classified by table; any non-ASCII scalar is
    /// treated as a letter unless it is a known space or punctuation mark (curly quotes, dashes,
    /// ellipsis, CJK punctuation), which covers Hangul, Han, Cyrillic, Arabic and accented Latin.
    static func tokenize(_ b: [UInt8]) -> [Token] {
        tokenizeWithKeys(b).tokens
    }

    /// ASCII byte classes: 0 other punctuation, 1 letter, 2 digit, 3 space, 4 newline.
    static let asciiClass: [UInt8] = (0..<128).map { c -> UInt8 in
        switch c {
        case 0x61...0x7A, 0x41...0x5A: return 1
        case 0x30...0x39: return 2
        case 0x0A: return 4
        case 0x20, 0x09, 0x0D, 0x0C: return 3
        default: return 0
        }
    }

    /// Key bytes of word characters: ASCII letters lower-cased and digits for themselves; 0 for
    /// any other byte (non-ASCII included, which the scanner classifies on its own).
    static let wordKeyByte: [UInt8] = (0..<256).map { c -> UInt8 in
        switch c {
        case 0x41...0x5A: return UInt8(c) | 0x20
        case 0x61...0x7A, 0x30...0x39: return UInt8(c)
        default: return 0
        }
    }

    /// Tokens and their keys in one pass; the key of a token is the same as
    /// `Lexicon.key(bytes, token.range)`.
    static func tokenizeWithKeys(_ bytes: [UInt8]) -> (tokens: [Token], keys: [UInt64]) {
        var tokens: [Token] = []
        var keys: [UInt64] = []
        tokens.reserveCapacity(bytes.count / 5 + 4)
        keys.reserveCapacity(bytes.count / 5 + 4)
        // Batches of tokens are written through raw pointers into buffers on the stack, so that
        // the inner loop does no capacity or uniqueness check per token, then copied in bulk.
        let batch = min(bytes.count, 256)
        withUnsafeTemporaryAllocation(of: Token.self, capacity: batch) { tokenBatch in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: batch) { keyBatch in
                bytes.withUnsafeBufferPointer { b in
                    var state = ScanState()
                    while state.offset < b.count {
                        let written = scan(b, &state, tokens: tokenBatch.baseAddress!, keys: keyBatch.baseAddress!, capacity: batch)
                        tokens.append(contentsOf: UnsafeBufferPointer(start: tokenBatch.baseAddress!, count: written))
                        keys.append(contentsOf: UnsafeBufferPointer(start: keyBatch.baseAddress!, count: written))
                    }
                }
            }
        }
        return (tokens, keys)
    }

    /// Where `scan` stopped: the next byte offset and whether it lies at the start of a line.
    struct ScanState {
        var offset = 0
        var lineStart = true
    }

    /// Tokenizes `b` from `state` on, writing at most `capacity` tokens and their keys; returns
    /// how many it wrote and leaves `state` after the last one.
    private static func scan(_ b: UnsafeBufferPointer<UInt8>, _ state: inout ScanState, tokens: UnsafeMutablePointer<Token>,
                             keys: UnsafeMutablePointer<UInt64>, capacity: Int) -> Int {
        asciiClass.withUnsafeBufferPointer { cls in wordKeyByte.withUnsafeBufferPointer { keyByte in
            let n = b.count
            var i = state.offset
            var lineStart = state.lineStart
            var count = 0
            let basis: UInt64 = 0xcbf29ce484222325
            let prime: UInt64 = 0x100000001b3
            @inline(__always) func fold(_ h: UInt64, _ c: UInt8) -> UInt64 {
                let l = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
                return (h ^ UInt64(l)) &* prime
            }
            @inline(__always) func foldBytes(_ h: UInt64, _ from: Int, _ to: Int) -> UInt64 {
                var h = h
                var k = from
                while k < to { h = fold(h, b[k]); k += 1 }
                return h
            }
            @inline(__always) func emit(_ kind: Kind, _ start: Int, _ key: UInt64) {
                (tokens + count).initialize(to: Token(range: start..<i, kind: kind, startsLine: lineStart))
                (keys + count).initialize(to: key)
                count += 1
            }
            while i < n && count < capacity {
                let c = b[i]
                if c < 0x80 {
                    let k = cls[Int(c)]
                    if k == 4 { lineStart = true; i += 1; continue }
                    if k == 3 { i += 1; continue }
                    let start = i
                    if k == 1 {
                        // ASCII-led word.
                        var h = fold(basis, c)
                        i += 1
                        wordLoop: while i < n {
                            let d = b[i]
                            // ASCII letter or digit: one table read gives its key byte.
                            let key = keyByte[Int(d)]
                            if key != 0 { h = (h ^ UInt64(key)) &* prime; i += 1; continue }
                            if d < 0x80 {
                                if (d == 0x27 || d == 0x2D) && i + 1 < n && isLetterAt(b, i + 1) {
                                    h = fold(h, d); i += 1; continue
                                }
                                break wordLoop
                            }
                            let (l, kc) = classify(b, i)
                            if kc == .letter { h = foldBytes(h, i, i + l); i += l; continue }
                            if isRightQuote(b, i) && i + 3 < n && isLetterAt(b, i + 3) {
                                h = fold(h, 0x27); i += 3; continue
                            }
                            break wordLoop
                        }
                        emit(.word, start, h)
                    } else if k == 2 {
                        var h = fold(basis, c)
                        i += 1
                        while i < n {
                            let d = b[i]
                            if d >= 0x30 && d <= 0x39 { h = fold(h, d); i += 1; continue }
                            if (d == 0x2C || d == 0x2E || d == 0x3A) && i + 1 < n && b[i + 1] >= 0x30 && b[i + 1] <= 0x39 {
                                h = fold(h, d); i += 1; continue
                            }
                            break
                        }
                        emit(.number, start, h)
                    } else {
                        i += 1
                        emit(.punctuation, start, fold(basis, c))
                    }
                    lineStart = false
                    continue
                }
                let (scalarLen, kind) = classify(b, i)
                if kind == .space { i += scalarLen; continue }
                let start = i
                if kind == .letter {
                    var h = foldBytes(basis, i, i + scalarLen)
                    i += scalarLen
                    while i < n {
                        let (l, k) = classify(b, i)
                        if k == .letter || k == .digit { h = foldBytes(h, i, i + l); i += l; continue }
                        // inner apostrophe or hyphen followed by a letter: Kangan-dong, O'Brien, don't
                        if (b[i] == 0x27 || b[i] == 0x2D || isRightQuote(b, i)) && i + l < n && isLetterAt(b, i + l) {
                            h = fold(h, b[i] == 0x2D ? 0x2D : 0x27); i += l; continue
                        }
                        break
                    }
                    emit(.word, start, h)
                } else {
                    i += scalarLen
                    emit(.punctuation, start, isRightQuote(b, start) ? fold(basis, 0x27) : foldBytes(basis, start, i))
                }
                lineStart = false
            }
            state = ScanState(offset: i, lineStart: lineStart)
            return count
        } }
    }

    enum Class { case letter, digit, space, punct }

    @inline(__always)
    static func isLetterAt(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = b[i]
        if c < 0x80 { return (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }
        return classify(b, i).1 == .letter
    }

    @inline(__always)
    static func isRightQuote(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        // U+2019 RIGHT SINGLE QUOTATION MARK = E2 80 99
        i + 2 < b.count && b[i] == 0xE2 && b[i + 1] == 0x80 && b[i + 2] == 0x99
    }

    @inline(__always)
    static func classify(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Class) {
        let c = b[i]
        if c < 0x80 {
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) { return (1, .letter) }
            if c >= 0x30 && c <= 0x39 { return (1, .digit) }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C { return (1, .space) }
            return (1, .punct)
        }
        var len: Int = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
        if i + len > b.count { len = b.count - i }
        if c == 0xC2 && i + 1 < b.count {
            let d = b[i + 1]
            if d == 0xA0 { return (2, .space) }              // NBSP
            if d < 0xC0 { return (2, .punct) }               // Latin-1 punctuation and signs
        }
        if c == 0xC3 && i + 1 < b.count && (b[i + 1] == 0x97 || b[i + 1] == 0xB7) { return (2, .punct) } // × ÷
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

/// Why a file cannot be read as a draft. Messages never quote the document's content.
public enum DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input has no bytes at all.
    case empty
    /// The input looks like a binary file: a NUL byte, or more than 10% control bytes in some
    /// 8 KiB stretch, anywhere in it. `offset` is the byte offset of the first NUL, or of the
    /// first control byte of the dense stretch.
    case binary(offset: Int)
    /// The input is UTF-16 text (a byte-order mark, or NUL bytes at every other position).
    case utf16(bigEndian: Bool)
    /// The input is not valid UTF-8; `offset` is the byte offset of the first bad byte.
    case invalidUTF8(offset: Int)

    public var description: String {
        switch self {
        case .empty: return "the file is empty"
        case .binary(let offset): return "the file looks binary (NUL or dense control bytes from byte offset \(offset)), not a text draft"
        case .utf16(let bigEndian):
            return "the file is UTF-16 text (\(bigEndian ? "big" : "little")-endian), not UTF-8; convert it first: iconv -f UTF-16 -t UTF-8 draft.txt > draft-utf8.txt"
        case .invalidUTF8(let offset): return "the file is not valid UTF-8 (first bad byte at offset \(offset))"
        }
    }
}

/// A validated UTF-8 draft. Everything downstream works on its bytes; Unicode scalar offsets
/// (what JSON outputs report) are derived on demand.
public struct Document: Sendable {
    /// The raw, validated UTF-8 bytes, exactly as read (BOM and line endings untouched).
    public let bytes: [UInt8]
    /// The largest draft read from a file: 64 MiB, thousands of times a long report. Reports,
    /// decisions and the vault of one draft are held in memory (a 200 MB file of dense news
    /// text would take over 10 GB); larger texts go through the streaming JSON Lines audit.
    public static let maxFileBytes = 64 << 20

    /// Where the document came from, for reports; `nil` for standard input.
    public let path: String?
    /// Scalar count at every `stride`-th byte, for O(stride) offset conversion.
    private let checkpoints: [Int32]
    private static let stride = 256

    /// Validates `bytes` as a text draft.
    /// - Parameter allowEmpty: empty input is an error for files, but a valid (finding-free)
    ///   document for streamed JSON Lines.
    public init(bytes: [UInt8], path: String? = nil, allowEmpty: Bool = false) throws(DocumentError) {
        try self.init(checking: bytes, path: path, allowEmpty: allowEmpty, utf16: true)
    }

    /// `utf16`: whether to name UTF-16 input as such (bytes read from a file); a Swift string's
    /// NULs are characters, and are simply binary.
    private init(checking bytes: [UInt8], path: String?, allowEmpty: Bool, utf16: Bool) throws(DocumentError) {
        if bytes.isEmpty && !allowEmpty { throw .empty }
        if utf16, let bigEndian = Document.looksUTF16(bytes) { throw .utf16(bigEndian: bigEndian) }
        if let bad = Document.firstInvalidUTF8(bytes) {
            // A NUL or dense control bytes early in a file (or before its first bad byte) is the
            // classic sign of a binary file.
            if let binary = Document.firstBinaryOffset(bytes), binary < Document.binaryWindow || binary <= bad {
                throw .binary(offset: binary)
            }
            throw .invalidUTF8(offset: bad)
        }
        if let binary = Document.firstBinaryOffset(bytes) { throw .binary(offset: binary) }
        self.bytes = bytes
        self.path = path
        checkpoints = Document.checkpoints(bytes)
    }

    /// A document of `bytes` that the caller has already validated as UTF-8 (the JSON Lines
    /// reader validates while it decodes): only the binary check is left, with the same error
    /// `init(bytes:path:allowEmpty:)` would throw for these bytes.
    package init(validatedUTF8 bytes: [UInt8], allowEmpty: Bool) throws(DocumentError) {
        if bytes.isEmpty && !allowEmpty { throw .empty }
        if let binary = Document.firstBinaryOffset(bytes) { throw .binary(offset: binary) }
        self.bytes = bytes
        self.path = nil
        checkpoints = Document.checkpoints(bytes)
    }

    /// The segment `range` of an already validated document, as a document of its own. It
    /// cannot fail: the whole document passed every check (UTF-8 and binary checks run over
    /// all of it), so any part of it cut at scalar boundaries is scannable text. The detector
    /// and the streaming JSON Lines audit build their segments this way, so no segment can be
    /// dropped.
    package init(segment range: Range<Int>, of document: Document) {
        let b = document.bytes
        precondition(range.lowerBound >= 0 && range.upperBound <= b.count, "segment out of range")
        precondition(range.lowerBound == b.count || b[range.lowerBound] & 0xC0 != 0x80, "segment splits a UTF-8 sequence")
        precondition(range.upperBound == b.count || b[range.upperBound] & 0xC0 != 0x80, "segment splits a UTF-8 sequence")
        bytes = Array(b[range])
        path = document.path
        checkpoints = Document.checkpoints(bytes)
    }

    /// Text spliced from a validated document and Swift strings (published text): only UTF-8
    /// validity is checked, never the binary heuristics, so the re-scan of an output can never
    /// be skipped. Throws only if `bytes` is not UTF-8 (a splice at a non-scalar boundary).
    package init(splicedUTF8 bytes: [UInt8]) throws(DocumentError) {
        if let bad = Document.firstInvalidUTF8(bytes) { throw .invalidUTF8(offset: bad) }
        self.bytes = bytes
        self.path = nil
        checkpoints = Document.checkpoints(bytes)
    }

    /// The sum of the eight byte lanes of `lanes` (each at most 255).
    @inline(__always)
    private static func laneSum(_ lanes: UInt64) -> Int {
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int((pairs &* 0x0001_0001_0001_0001) >> 48)
    }

    /// Scalar count at every `stride`-th byte.
    private static func checkpoints(_ bytes: [UInt8]) -> [Int32] {
        let blocks = (bytes.count + stride - 1) / stride
        return [Int32](unsafeUninitializedCapacity: Swift.max(blocks, 1)) { marks, initialized in
            bytes.withUnsafeBufferPointer { b in
                var scalars: Int32 = 0
                var block = 0
                var i = 0
                let n = b.count
                while i < n {
                    marks[block] = scalars
                    block += 1
                    let start = i, end = Swift.min(i + stride, n)
                    var lanes: UInt64 = 0
                    while i + 8 <= end {
                        let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                        lanes &+= (w & ~(w << 1) & 0x8080_8080_8080_8080) >> 7
                        i += 8
                    }
                    var continuation = laneSum(lanes)
                    while i < end {
                        continuation &+= Int(b[i] & 0xC0 == 0x80 ? 1 : 0)
                        i += 1
                    }
                    scalars &+= Int32(truncatingIfNeeded: end - start - continuation)
                }
                initialized = block
            }
        }
    }

    /// Convenience for text already in memory (tests, JSON Lines input).
    public init(text: String, path: String? = nil) throws(DocumentError) {
        try self.init(checking: Array(text.utf8), path: path, allowEmpty: true, utf16: false)
    }

    /// The document as a Swift string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text of a byte range (which must lie on scalar boundaries).
    public func text(_ range: Range<Int>) -> String {
        // Through a buffer pointer: the contiguous fast path of `String(decoding:)`.
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Number of Unicode scalars before byte offset `byte`.
    public func scalarOffset(ofByte byte: Int) -> Int {
        precondition(byte >= 0 && byte <= bytes.count, "byte offset out of range")
        if byte == bytes.count && bytes.isEmpty { return 0 }
        let block = min(byte / Document.stride, checkpoints.count - 1)
        let from = block * Document.stride
        var continuation = 0
        bytes.withUnsafeBufferPointer { b in
            var i = from
            // Eight bytes at a time: a continuation byte has its top bits 10.
            // Per-byte lane sums (at most 32 words, so no lane overflows), added up once.
            var lanes: UInt64 = 0
            while i + 8 <= byte {
                let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                lanes &+= (w & ~(w << 1) & 0x8080_8080_8080_8080) >> 7
                i += 8
            }
            continuation = Document.laneSum(lanes)
            while i < byte {
                continuation &+= Int(b[i] & 0xC0 == 0x80 ? 1 : 0)
                i += 1
            }
        }
        return Int(checkpoints[block]) + (byte - from) - continuation
    }

    /// 1-based line and column (in scalars) of byte offset `byte`, for editor-facing reports.
    public func lineColumn(ofByte byte: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        var i = 0
        while i < byte {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        var column = 1
        var j = lineStart
        while j < byte {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return (line, column)
    }

    /// Offset of the first byte that breaks UTF-8 validity, or `nil` when valid. Rejects
    /// overlong forms, surrogates and code points above U+10FFFF, as the standard requires.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            guard let (need, lower, upper) = utf8Continuation(lead: b) else { return i }
            if i + need >= n { return i }
            let c1 = bytes[i + 1]
            if c1 < lower || c1 > upper { return i }
            var k = 2
            while k <= need {
                if bytes[i + k] & 0xC0 != 0x80 { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// For a UTF-8 lead byte of a multi-byte sequence: how many continuation bytes follow and
    /// the range the first of them must lie in (RFC 3629: no overlong forms, no surrogates, at
    /// most U+10FFFF). Nil for a byte that cannot lead a sequence.
    @inline(__always)
    public static func utf8Continuation(lead: UInt8) -> (count: Int, lower: UInt8, upper: UInt8)? {
        switch lead {
        case 0xC2...0xDF: return (1, 0x80, 0xBF)
        case 0xE0: return (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (2, 0x80, 0xBF)
        case 0xED: return (2, 0x80, 0x9F)
        case 0xF0: return (3, 0x90, 0xBF)
        case 0xF1...0xF3: return (3, 0x80, 0xBF)
        case 0xF4: return (3, 0x80, 0x8F)
        default: return nil
        }
    }

    /// The window of the control-byte density test.
    static let binaryWindow = 8192

    /// Whether `bytes` look binary (`firstBinaryOffset` is not nil).
    static func looksBinary(_ bytes: [UInt8]) -> Bool { firstBinaryOffset(bytes) != nil }

    /// Where the input stops looking like text, or nil: the first NUL byte anywhere, or the
    /// first control byte (other than tab, LF, CR and form feed) of the first stretch of
    /// `binaryWindow` bytes (or of the whole input, when shorter) in which more than 10% of the
    /// bytes are such control bytes. One pass over every byte, eight at a time where none is
    /// below 0x20; the window is tracked with a ring of the last control-byte positions.
    static func firstBinaryOffset(_ bytes: [UInt8]) -> Int? {
        let n = bytes.count
        guard n > 0 else { return nil }
        let window = Swift.min(n, binaryWindow)
        // More than `limit` control bytes inside any `window`-byte stretch is dense.
        let limit = window / 10
        var ring = [Int](repeating: 0, count: limit + 1)
        var head = 0, count = 0
        return bytes.withUnsafeBufferPointer { b -> Int? in
            var i = 0
            while i < n {
                // Eight bytes at a time while none is below 0x20 (exact test, no false negatives).
                if i + 8 <= n {
                    let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                }
                let c = b[i]
                if c == 0 { return i }
                if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x0C {
                    // Drop control bytes that fell out of the window ending at `i`.
                    while count > 0 && ring[head] <= i - window { head = (head + 1) % ring.count; count -= 1 }
                    ring[(head + count) % ring.count] = i
                    count += 1
                    if count > limit { return ring[head] }
                }
                i += 1
            }
            return nil
        }
    }

    /// UTF-16 text: `true` for big-endian, `false` for little-endian, nil when not UTF-16. A
    /// byte-order mark (FF FE or FE FF) at the start, or, in the first 8 KiB, NUL bytes at more
    /// than a third of the odd (or even) positions and at almost none of the others (ASCII text
    /// in UTF-16).
    static func looksUTF16(_ bytes: [UInt8]) -> Bool? {
        if bytes.count >= 2 {
            if bytes[0] == 0xFF && bytes[1] == 0xFE { return false }
            if bytes[0] == 0xFE && bytes[1] == 0xFF { return true }
        }
        let n = Swift.min(bytes.count, binaryWindow) & ~1
        guard n >= 16 else { return nil }
        var evenNUL = 0, oddNUL = 0
        var i = 0
        while i < n {
            if bytes[i] == 0 { evenNUL += 1 }
            if bytes[i + 1] == 0 { oddNUL += 1 }
            i += 2
        }
        let pairs = n / 2
        if oddNUL * 3 > pairs && evenNUL * 20 < pairs { return false }
        if evenNUL * 3 > pairs && oddNUL * 20 < pairs { return true }
        return nil
    }
}

import Foundation
import VeilModel

/// A strict reader of one `{"id", "text", ...}` input line of `veil audit --jsonl`, the fast path
/// in front of `JSONSerialization`.
///
/// It accepts only what is plainly valid JSON (RFC 8259) and reads the way `JSONSerialization`
/// does; whenever a line is anything else, or could be read differently by
/// `JSONSerialization`, it answers `.unusual` and the caller parses the line with
/// `JSONSerialization` as before. So it never decides an error line itself: every error (a line
/// that is not JSON, a missing or non-string `text`) comes from the Foundation path, unchanged.
///
/// `.unusual` cases: any syntax error; invalid UTF-8 (overlong, surrogate, above U+10FFFF,
/// truncated); a raw U+FEFF outside a string (a byte-order mark before the line's `{`); an
/// escape in a key; `id` or `text` given twice; `text` missing or not a string;
/// a number with an exponent or more than 15 integer digits (Foundation refuses numbers out of
/// `Double` range); nesting deeper than 64; a lone surrogate escape.
///
/// One deliberate difference from `JSONSerialization`: a raw U+FEFF inside a string is kept
/// (Foundation drops it, which shifted every later offset). `parseWithFoundation` escapes raw
/// U+FEFF before handing a line to Foundation, so both paths read the text as given.
enum JSONLineParser {
    /// What the line's `id` is.
    enum ID: Equatable {
        /// A string: its decoded UTF-8.
        case string([UInt8])
        /// `null`, an object or an array: written as `null`.
        case null
        /// A number, `true` or `false`: the bytes of the literal, for `JSONSerialization` to
        /// turn into the `NSNumber` it would have given.
        case literal(ArraySlice<UInt8>)
    }

    enum Result: Equatable {
        /// The line read: its `id` and its decoded `text` (valid UTF-8).
        case parsed(id: ID, text: [UInt8])
        /// Anything else: parse the line with `JSONSerialization`.
        case unusual
    }

    private struct Unusual: Error {}

    static func parse(_ line: [UInt8]) -> Result {
        line.withUnsafeBufferPointer { b in
            var p = Cursor(b: b)
            do {
                return try p.line(line)
            } catch {
                return .unusual
            }
        }
    }

    private struct Cursor {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

        @inline(__always)
        mutating func skipSpace() {
            while i < b.count {
                let c = b[i]
                guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
                i += 1
            }
        }

        @inline(__always)
        mutating func expect(_ c: UInt8) throws(Unusual) {
            guard i < b.count, b[i] == c else { throw Unusual() }
            i += 1
        }

        mutating func line(_ line: [UInt8]) throws(Unusual) -> Result {
            var id: ID?
            var text: [UInt8]?
            skipSpace()
            try expect(0x7B)  // {
            skipSpace()
            if i < b.count && b[i] == 0x7D { throw Unusual() }  // {}: no text
            while true {
                try expect(0x22)
                let keyStart = i
                try skipString(decodingInto: nil, allowEscapes: false)
                let key = UnsafeBufferPointer(rebasing: b[keyStart..<(i - 1)])
                skipSpace()
                try expect(0x3A)  // :
                skipSpace()
                guard i < b.count else { throw Unusual() }
                if key.count == 4 && key[0] == 0x74 && key[1] == 0x65 && key[2] == 0x78 && key[3] == 0x74 {  // text
                    guard text == nil, b[i] == 0x22 else { throw Unusual() }
                    i += 1
                    var out: [UInt8] = []
                    out.reserveCapacity(b.count - i)
                    try skipString(decodingInto: &out, allowEscapes: true)
                    text = out
                } else if key.count == 2 && key[0] == 0x69 && key[1] == 0x64 {  // id
                    guard id == nil else { throw Unusual() }
                    switch b[i] {
                    case 0x22:
                        i += 1
                        var out: [UInt8] = []
                        try skipString(decodingInto: &out, allowEscapes: true)
                        id = .string(out)
                    case 0x6E, 0x7B, 0x5B:  // null, {, [
                        try skipValue(depth: 0)
                        id = .null
                    default:
                        let start = i
                        try skipValue(depth: 0)
                        id = .literal(line[start..<i])
                    }
                } else {
                    try skipValue(depth: 0)
                }
                skipSpace()
                guard i < b.count else { throw Unusual() }
                if b[i] == 0x2C {  // ,
                    i += 1
                    skipSpace()
                    continue
                }
                try expect(0x7D)  // }
                break
            }
            skipSpace()
            guard i == b.count, let text else { throw Unusual() }
            return .parsed(id: id ?? .null, text: text)
        }

        /// Skips one value (validating it).
        mutating func skipValue(depth: Int) throws(Unusual) {
            guard i < b.count, depth < 64 else { throw Unusual() }
            switch b[i] {
            case 0x22:
                i += 1
                try skipString(decodingInto: nil, allowEscapes: true)
            case 0x7B:  // {
                i += 1
                skipSpace()
                if i < b.count && b[i] == 0x7D { i += 1; return }
                while true {
                    try expect(0x22)
                    try skipString(decodingInto: nil, allowEscapes: true)
                    skipSpace()
                    try expect(0x3A)
                    skipSpace()
                    try skipValue(depth: depth + 1)
                    skipSpace()
                    guard i < b.count else { throw Unusual() }
                    if b[i] == 0x2C { i += 1; skipSpace(); continue }
                    try expect(0x7D)
                    return
                }
            case 0x5B:  // [
                i += 1
                skipSpace()
                if i < b.count && b[i] == 0x5D { i += 1; return }
                while true {
                    try skipValue(depth: depth + 1)
                    skipSpace()
                    guard i < b.count else { throw Unusual() }
                    if b[i] == 0x2C { i += 1; skipSpace(); continue }
                    try expect(0x5D)
                    return
                }
            case 0x74: try literal([0x74, 0x72, 0x75, 0x65])  // true
            case 0x66: try literal([0x66, 0x61, 0x6C, 0x73, 0x65])  // false
            case 0x6E: try literal([0x6E, 0x75, 0x6C, 0x6C])  // null
            default: try number()
            }
        }

        mutating func literal(_ word: [UInt8]) throws(Unusual) {
            guard b.count - i >= word.count else { throw Unusual() }
            for c in word {
                guard b[i] == c else { throw Unusual() }
                i += 1
            }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)?`; an exponent, or more than 15 integer digits,
        /// is unusual (Foundation refuses numbers beyond `Double`'s range).
        mutating func number() throws(Unusual) {
            if i < b.count && b[i] == 0x2D { i += 1 }
            let start = i
            guard i < b.count, isDigit(b[i]) else { throw Unusual() }
            if b[i] == 0x30 {
                i += 1
            } else {
                while i < b.count && isDigit(b[i]) { i += 1 }
            }
            guard i - start <= 15 else { throw Unusual() }
            if i < b.count && b[i] == 0x2E {
                i += 1
                guard i < b.count, isDigit(b[i]) else { throw Unusual() }
                while i < b.count && isDigit(b[i]) { i += 1 }
            }
            if i < b.count && (b[i] == 0x65 || b[i] == 0x45 || isDigit(b[i])) { throw Unusual() }
        }

        @inline(__always)
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

        /// Reads a string whose opening quote is consumed, up to and including its closing quote;
        /// appends its decoded UTF-8 to `out` when given.
        mutating func skipString(decodingInto out: UnsafeMutablePointer<[UInt8]>?, allowEscapes: Bool) throws(Unusual) {
            let n = b.count
            var run = i
            while i < n {
                // Eight plain bytes (printable ASCII but `"` and `\`) at a time.
                while i + 8 <= n && isPlain(UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)) { i += 8 }
                if i >= n { break }
                let c = b[i]
                if c >= 0x20 && c < 0x80 && c != 0x22 && c != 0x5C { i += 1; continue }
                if let out, run < i { out.pointee.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i])) }
                if c == 0x22 {
                    i += 1
                    return
                }
                if c == 0x5C {
                    guard allowEscapes, i + 1 < n else { throw Unusual() }
                    let e = b[i + 1]
                    i += 2
                    let decoded: UInt8
                    switch e {
                    case 0x22, 0x5C, 0x2F: decoded = e
                    case 0x62: decoded = 0x08
                    case 0x66: decoded = 0x0C
                    case 0x6E: decoded = 0x0A
                    case 0x72: decoded = 0x0D
                    case 0x74: decoded = 0x09
                    case 0x75:
                        var scalar = try hex4()
                        if scalar >= 0xDC00 && scalar <= 0xDFFF { throw Unusual() }
                        if scalar >= 0xD800 && scalar <= 0xDBFF {
                            guard i + 1 < n, b[i] == 0x5C, b[i + 1] == 0x75 else { throw Unusual() }
                            i += 2
                            let low = try hex4()
                            guard low >= 0xDC00 && low <= 0xDFFF else { throw Unusual() }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        if let out { appendUTF8(scalar, to: &out.pointee) }
                        run = i
                        continue
                    default: throw Unusual()
                    }
                    out?.pointee.append(decoded)
                    run = i
                    continue
                }
                if c < 0x20 { throw Unusual() }
                // A multi-byte sequence: validated as `Document.firstInvalidUTF8` does.
                let length = try sequence(at: i)
                i += length
                if let out { out.pointee.append(contentsOf: UnsafeBufferPointer(rebasing: b[(i - length)..<i])) }
                run = i
            }
            throw Unusual()
        }

        /// Whether all eight bytes of `w` are printable ASCII other than `"` and `\`.
        @inline(__always)
        func isPlain(_ w: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let below = (w &- ones &* 0x20) & ~w
            let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
            let special = below | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
            return (w | special) & highs == 0
        }

        /// Length of the valid multi-byte UTF-8 sequence at `at` (a raw U+FEFF is kept as text).
        @inline(__always)
        func sequence(at at: Int) throws(Unusual) -> Int {
            let lead = b[at]
            guard let (need, lower, upper) = Document.utf8Continuation(lead: lead) else { throw Unusual() }
            guard at + need < b.count else { throw Unusual() }
            let c1 = b[at + 1]
            guard c1 >= lower && c1 <= upper else { throw Unusual() }
            var k = 2
            while k <= need {
                guard b[at + k] & 0xC0 == 0x80 else { throw Unusual() }
                k += 1
            }
            return need + 1
        }

        mutating func hex4() throws(Unusual) -> UInt32 {
            guard i + 4 <= b.count else { throw Unusual() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw Unusual()
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
            switch v {
            case 0..<0x80:
                out.append(UInt8(v))
            case 0x80..<0x800:
                out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
            case 0x800..<0x10000:
                out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
            default:
                out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F))
                out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
            }
        }
    }
}

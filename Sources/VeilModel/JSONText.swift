/// Minimal, fast JSON string escaping for the streaming outputs (JSON Lines, reports).
public enum JSONText {
    /// `s` as a JSON string literal, quotes included. Escapes `"` `\` and control characters;
    /// everything else is written as UTF-8.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal (what `quoted` returns) to `out`.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendQuoted($0, to: &out) }
    }

    /// Appends the UTF-8 of `s` to `out`.
    @inlinable
    public static func appendUTF8(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends the UTF-8 of the literal `s` to `out`.
    @inlinable
    public static func appendLiteral(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// `0x0101010101010101`: one in every byte of a word.
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte of `w` is below 0x20, `"`, `\` or 0xE2 (exact: no false negatives).
    @inline(__always)
    private static func needsLook(_ w: UInt64) -> Bool {
        let below = (w &- ones &* 0x20) & ~w
        let quote = (w ^ (ones &* 0x22)), backslash = (w ^ (ones &* 0x5C)), e2 = (w ^ (ones &* 0xE2))
        let zero = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((e2 &- ones) & ~e2)
        return (below | zero) & highs != 0
    }

    /// Appends the UTF-8 `bytes` as a JSON string literal (what `quoted` returns for the same
    /// text) to `out`. Runs of bytes that need no escape are copied at once.
    public static func appendQuoted(_ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        let n = b.count
        var i = 0
        var run = 0
        let base = b.baseAddress
        while i < n {
            // Eight plain bytes at a time.
            while i + 8 <= n && !needsLook(UnsafeRawPointer(base! + i).loadUnaligned(as: UInt64.self)) { i += 8 }
            if i >= n { break }
            let c = b[i]
            // Bytes copied as they are: printable ASCII but `"` and `\`, and every byte of a
            // multi-byte sequence except the lead byte of U+2028/U+2029 (0xE2).
            if c >= 0x20 && c != 0x22 && c != 0x5C && c != 0xE2 { i += 1; continue }
            if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i])) }
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x00..<0x20: appendEscape(UInt32(c), to: &out)
            case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
                // U+2028 / U+2029 are valid JSON but break JavaScript and some line readers.
                appendEscape(b[i + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                i += 2
            default: out.append(c)
            }
            i += 1
            run = i
        }
        if run < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<n])) }
        out.append(0x22)
    }

    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        out.append(0x5C); out.append(0x75)
        var shift: UInt32 = 12
        while true {
            let d = UInt8((value >> shift) & 0xF)
            out.append(d < 10 ? 0x30 + d : 0x61 + d - 10)
            if shift == 0 { break }
            shift -= 4
        }
    }

    /// A number formatted for JSON with at most `digits` decimals (no exponent, no NaN).
    public static func number(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        if r == r.rounded() { return String(Int(r)) }
        return String(r)
    }

    /// `number(x)` (three decimals) for every x in 0...1 (confidences, scores), indexed by
    /// thousandths: built with `number` itself, so the two always agree.
    private static let thousandths: [[UInt8]] = (0...1000).map { Array(number(Double($0) / 1000).utf8) }

    /// Appends `number(x)` (three decimals) to `out`; confidences and scores in 0...1 come
    /// from a table instead of formatting a `Double` each time.
    public static func appendNumber(_ x: Double, to out: inout [UInt8]) {
        if x >= 0 && x <= 1 {
            // The same rounding as `number`: (x * 1000).rounded() / 1000 is a function of k.
            let k = (x * 1000).rounded()
            out.append(contentsOf: thousandths[Int(k)])
        } else {
            out.append(contentsOf: number(x).utf8)
        }
    }

    /// Appends the decimal digits of `n` to `out` (what `String(n)` writes).
    public static func appendInt(_ n: Int, to out: inout [UInt8]) {
        if n < 0 {
            out.append(contentsOf: String(n).utf8)
            return
        }
        if n < 10 { out.append(0x30 + UInt8(n)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits, more than Int.max has
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[23 - count] = 0x30 + UInt8(v % 10)
                v /= 10
                count += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(24 - count)...]))
        }
    }
}

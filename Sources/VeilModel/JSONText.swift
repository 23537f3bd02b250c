/// Minimal, fast JSON string escaping for the streaming outputs (JSON Lines, reports).
public enum JSONText {
    /// `s` as a JSON string literal, quotes included. Escapes `"` `\` and control characters;
    /// everything else is written as UTF-8.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        out.append(0x22)
        let utf8 = Array(s.utf8)
        utf8.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
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
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [0x5C, 0x75])
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
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
}

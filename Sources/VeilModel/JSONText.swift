/// Minimal, fast JSON string escaping for the streaming outputs (JSON Lines, reports).
public enum JSONText {
    /// `s` as a JSON string literal, quotes included. Escapes `"` `\` and control characters;
    /// everything else is written as UTF-8.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
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

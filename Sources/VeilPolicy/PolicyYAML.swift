import Foundation
import VeilModel

extension Policy {
    /// The effective, merged policy as a self-contained policy file (no `extends:`): what
    /// `veil policy show` prints. Parsing it back gives the same rules.
    public var yaml: String {
        var out = "# Effective policy \(name), merged from: \(chain.joined(separator: " -> "))\n"
        out += "version: \(Policy.formatVersion)\n"
        if !description.isEmpty { out += "description: \(Policy.quote(description))\n" }
        out += "placeholder: \(placeholder.rawValue)\n"
        out += "below_confidence: \(belowConfidence.rawValue)\n"
        out += "public_entities: \(publicEntities.rawValue)\n"
        out += "categories:\n"
        for category in Category.allCases {
            let rule = rule(for: category)
            var fields = ["action: \(rule.action.rawValue)", "min_confidence: \(Policy.number(rule.minConfidence))"]
            if let template = rule.replacement { fields.append("replacement: \(Policy.quote(template))") }
            if let form = rule.form { fields.append("form: \(form.rawValue)") }
            out += "  \(category.rawValue): { \(fields.joined(separator: ", ")) }\n"
        }
        out += "allow:" + Policy.list(allow)
        out += "deny:" + Policy.list(deny)
        out += "sources:\n"
        out += "  strip: [\(Qualifier.Kind.allCases.filter { sources.strip.contains($0) }.map(\.rawValue).joined(separator: ", "))]\n"
        out += "  place: \(sources.place.rawValue)\n"
        out += "risk:\n"
        out += "  threshold: \(Policy.number(risk.threshold))\n"
        out += "  source_threshold: \(Policy.number(risk.sourceThreshold))\n"
        return out
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? " []\n" : "\n" + items.map { "  - \(quote($0))\n" }.joined()
    }

    private static func number(_ x: Double) -> String {
        x == x.rounded() ? String(format: "%.1f", x) : String(x)
    }

    /// A YAML double-quoted scalar.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

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
        out += "roles:\n"
        out += "  public_officials: \(roles.publicOfficials.rawValue)\n"
        out += "  bylines: \(roles.bylines.rawValue)\n"
        out += "  datelines: \(roles.datelines.rawValue)\n"
        out += "  photo_credits: \(roles.photoCredits.rawValue)\n"
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

/// A linear pre-scan of a policy's text before it is handed to Yams, whose loader recurses once
/// per nesting level: a policy nested thousands of levels deep (`x: [[[[...`) overflowed the
/// stack and crashed the process. The scan counts nesting the way YAML builds it (block
/// indentation levels, `- ` entries on one line, and flow `[` / `{` collections, outside quoted
/// scalars, comments and block scalars) and refuses more than `maxDepth` levels. It also names a
/// tab in a line's indentation (YAML forbids it; libyaml's own message does not say "tab").
enum YAMLShape {
    /// The deepest nesting a policy may use: 64 levels. Shipped policies use 3.
    static let maxDepth = 64

    static func check(_ text: String, file: String) throws(PolicyError) {
        var bytes = Array(text.utf8)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { bytes.removeFirst(3) }
        let n = bytes.count
        var indents: [Int] = []
        var flow = 0
        var quote: UInt8 = 0
        var blockScalarParent: Int?
        var line = 0
        var start = 0
        while start <= n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            line += 1
            var stop = end
            if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
            defer { start = end + 1 }
            var i = start
            while i < stop && bytes[i] == 0x20 { i += 1 }
            let spaces = i - start
            if let parent = blockScalarParent {
                // A block scalar's lines are text: skip them while they are more indented
                // than the line that opened it (or blank).
                var j = i
                while j < stop && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j == stop || spaces > parent { continue }
                blockScalarParent = nil
            }
            var dashes = 0
            if quote == 0 && flow == 0 {
                var j = i
                while j < stop && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j == stop || bytes[j] == 0x23 { continue }  // blank or comment line
                if j > i { throw .tabIndentation(file: file, line: line) }
                while let last = indents.last, last > spaces { indents.removeLast() }
                if indents.last.map({ spaces > $0 }) ?? true { indents.append(spaces) }
                if indents.count > maxDepth { throw .tooDeep(file: file, line: line, limit: maxDepth) }
            }
            var atNodeStart = quote == 0
            var prevSpace = true
            while i < stop {
                let c = bytes[i]
                if quote != 0 {
                    if quote == 0x22 && c == 0x5C { i += 2; continue }
                    if c == quote {
                        if quote == 0x27 && i + 1 < stop && bytes[i + 1] == 0x27 { i += 2; continue }
                        quote = 0
                    }
                    i += 1
                    continue
                }
                if c == 0x20 || c == 0x09 { prevSpace = true; i += 1; continue }
                if c == 0x23 && prevSpace { break }  // comment
                let next: UInt8 = i + 1 < stop ? bytes[i + 1] : 0x20
                let nextIsBreak = next == 0x20 || next == 0x09
                prevSpace = false
                if atNodeStart {
                    switch c {
                    case 0x22, 0x27:  // " '
                        quote = c
                        atNodeStart = false
                        i += 1
                        continue
                    case 0x5B, 0x7B:  // [ {
                        flow += 1
                        if indents.count + dashes + flow > maxDepth { throw .tooDeep(file: file, line: line, limit: maxDepth) }
                        i += 1
                        continue
                    case 0x2D where nextIsBreak && flow == 0, 0x3F where nextIsBreak && flow == 0:  // "- " or "? " entry
                        dashes += 1
                        if indents.count + dashes > maxDepth { throw .tooDeep(file: file, line: line, limit: maxDepth) }
                        i += 1
                        continue
                    case 0x7C where flow == 0, 0x3E where flow == 0:  // | or >: a block scalar follows
                        blockScalarParent = indents.last ?? 0
                        i = stop
                        continue
                    case 0x26, 0x21, 0x2A:  // & anchor, ! tag, * alias: skip the name
                        while i < stop && bytes[i] != 0x20 && bytes[i] != 0x09 && (flow == 0 || (bytes[i] != 0x2C && bytes[i] != 0x5D && bytes[i] != 0x7D)) { i += 1 }
                        if c != 0x2A { continue }
                        atNodeStart = false
                        continue
                    default:
                        atNodeStart = false
                    }
                }
                if flow > 0 {
                    switch c {
                    case 0x5B, 0x7B:
                        flow += 1
                        if indents.count + dashes + flow > maxDepth { throw .tooDeep(file: file, line: line, limit: maxDepth) }
                        atNodeStart = true
                    case 0x5D, 0x7D: flow -= 1
                    case 0x2C: atNodeStart = true
                    case 0x3A where nextIsBreak || next == 0x2C || next == 0x5D || next == 0x7D: atNodeStart = true
                    default: break
                    }
                } else if c == 0x3A && (nextIsBreak || i + 1 == stop) {
                    atNodeStart = true
                }
                i += 1
            }
        }
    }
}

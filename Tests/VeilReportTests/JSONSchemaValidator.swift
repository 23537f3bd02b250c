import Foundation

/// A small JSON Schema (draft-07) validator covering the keywords the SARIF 2.1.0 schema uses:
/// type, properties, required, additionalProperties, items, enum, $ref (to `#/definitions/...`),
/// minItems, uniqueItems, minimum, maximum, pattern, format (uri, uri-reference, date-time),
/// oneOf, anyOf, allOf. Annotations (description, default, title) are ignored.
/// Unknown keywords are reported, so the validator cannot silently skip a constraint.
struct JSONSchemaValidator {
    let root: [String: Any]
    static let known: Set<String> = ["type", "properties", "required", "additionalProperties", "items", "enum", "$ref",
                                     "minItems", "uniqueItems", "minimum", "maximum", "pattern", "format", "oneOf",
                                     "anyOf", "allOf", "description", "default", "title", "$schema", "$id", "id", "definitions"]

    /// Every violation, as "path: message".
    func validate(_ value: Any, against schema: [String: Any], at path: String = "$") -> [String] {
        var errors: [String] = []
        for key in schema.keys where !Self.known.contains(key) { errors.append("\(path): schema keyword \(key) not supported by the test validator") }
        if let ref = schema["$ref"] as? String {
            guard let target = resolve(ref) else { return ["\(path): unresolvable $ref \(ref)"] }
            errors += validate(value, against: target, at: path)
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String ?? ""]
            if !types.contains(where: { Self.matches(value, type: $0) }) {
                errors.append("\(path): expected \(types.joined(separator: "|")), got \(Self.typeName(value))")
                return errors
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
            errors.append("\(path): \(value) not in enum \(options)")
        }
        if let object = value as? [String: Any], !(value is NSNull) {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in (schema["required"] as? [String]) ?? [] where object[key] == nil {
                errors.append("\(path): missing required property \(key)")
            }
            for (key, v) in object {
                if let p = properties[key] as? [String: Any] {
                    errors += validate(v, against: p, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool {
                        if !allowed { errors.append("\(path): property \(key) not allowed") }
                    } else if let s = additional as? [String: Any] {
                        errors += validate(v, against: s, at: "\(path).\(key)")
                    }
                }
            }
        }
        if let array = value as? [Any] {
            if let min = schema["minItems"] as? Int, array.count < min { errors.append("\(path): fewer than \(min) items") }
            if let itemSchema = schema["items"] as? [String: Any] {
                for (i, item) in array.enumerated() { errors += validate(item, against: itemSchema, at: "\(path)[\(i)]") }
            }
            if schema["uniqueItems"] as? Bool == true {
                for i in array.indices { for j in array.indices where j > i && Self.equal(array[i], array[j]) {
                    errors.append("\(path): items \(i) and \(j) are equal but must be unique")
                } }
            }
        }
        if let number = Self.number(value) {
            if let min = schema["minimum"] as? NSNumber, number < min.doubleValue { errors.append("\(path): \(number) < minimum \(min)") }
            if let max = schema["maximum"] as? NSNumber, number > max.doubleValue { errors.append("\(path): \(number) > maximum \(max)") }
        }
        if let string = value as? String {
            if let pattern = schema["pattern"] as? String {
                let regex = try? NSRegularExpression(pattern: pattern)
                if regex?.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil {
                    errors.append("\(path): \(string) does not match \(pattern)")
                }
            }
            if let format = schema["format"] as? String, !Self.conforms(string, format: format) {
                errors.append("\(path): \(string) is not a valid \(format)")
            }
        }
        if let all = schema["allOf"] as? [[String: Any]] {
            for s in all { errors += validate(value, against: s, at: path) }
        }
        if let any = schema["anyOf"] as? [[String: Any]], !any.contains(where: { validate(value, against: $0, at: path).isEmpty }) {
            errors.append("\(path): matches none of anyOf")
        }
        if let one = schema["oneOf"] as? [[String: Any]] {
            let n = one.filter { validate(value, against: $0, at: path).isEmpty }.count
            if n != 1 { errors.append("\(path): matches \(n) of oneOf, expected exactly 1") }
        }
        return errors
    }

    func resolve(_ ref: String) -> [String: Any]? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let dict = node as? [String: Any], let next = dict[String(part)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    static func isBool(_ v: Any) -> Bool {
        guard let n = v as? NSNumber else { return false }
        // Foundation stores JSON booleans as NSNumbers of ObjC type "c" (char); numbers use other codes.
        return String(cString: n.objCType) == "c" && (n.intValue == 0 || n.intValue == 1)
    }

    static func number(_ v: Any) -> Double? {
        guard let n = v as? NSNumber, !isBool(v) else { return nil }
        return n.doubleValue
    }

    static func matches(_ v: Any, type: String) -> Bool {
        switch type {
        case "object": return v is [String: Any]
        case "array": return v is [Any]
        case "string": return v is String
        case "boolean": return isBool(v)
        case "integer": return number(v).map { $0 == $0.rounded() } ?? false
        case "number": return number(v) != nil
        case "null": return v is NSNull
        default: return false
        }
    }

    static func typeName(_ v: Any) -> String {
        ["object", "array", "string", "boolean", "integer", "number", "null"].first { matches(v, type: $0) } ?? "unknown"
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        (a as? NSObject).map { $0.isEqual(b) } ?? false
    }

    /// Basic format checks: a URI has a scheme; a URI reference has no spaces or raw
    /// non-ASCII; a date-time is RFC 3339.
    static func conforms(_ s: String, format: String) -> Bool {
        switch format {
        case "uri":
            return s.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:[^ ]*$", options: .regularExpression) != nil
        case "uri-reference":
            return s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>\"{}|\\^`".unicodeScalars.contains($0) }
        case "date-time":
            return s.range(of: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$", options: .regularExpression) != nil
        default:
            return true
        }
    }
}

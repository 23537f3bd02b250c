import Foundation
import VeilModel
import Yams

/// Reads policy files with Yams' node API (which keeps line numbers), validates every key and
/// value, follows `extends:` and merges.
///
/// Merge rule (documented in policies/README.md): a policy starts from its parent (or from
/// `Policy.base` when it extends nothing); every key it sets replaces the parent's value, field
/// by field inside `categories.<name>`, `sources` and `risk`; `allow` and `deny` are the union
/// of the parent's and the child's lists (a child can add terms but never drop a deny term).
/// A category whose action changes without a new `replacement` drops the inherited template.
struct PolicyLoader {
    /// Identities of the policies being loaded, outermost first, for cycle detection.
    private var stack: [(identity: String, file: String)] = []

    /// Loads a shipped policy from its embedded copy.
    mutating func loadShipped(_ name: String, from origin: (file: String, line: Int)?) throws(PolicyError) -> Policy {
        guard let text = EmbeddedPolicies.files[name] else {
            throw .extendsNotFound(file: origin?.file ?? name, line: origin?.line ?? 1, target: name)
        }
        var policy = try loadText(text, file: "\(name).yaml (shipped)", directory: nil, identity: "shipped:" + name, origin: origin)
        policy.name = name
        return policy
    }

    /// Loads a policy file from disk.
    mutating func loadFile(_ path: String, from origin: (file: String, line: Int)?) throws(PolicyError) -> Policy {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch {
            if let origin, error.isNotFound {
                throw .extendsNotFound(file: origin.file, line: origin.line, target: path)
            }
            if error.isNotFound { throw .notFound(file: path) }
            throw .unreadable(file: path, reason: error.description)
        }
        guard Document.firstInvalidUTF8(bytes) == nil else { throw .unreadable(file: path, reason: "not valid UTF-8") }
        let identity = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        var policy = try loadText(String(decoding: bytes, as: UTF8.self), file: path,
                                  directory: AtomicFile.directory(of: path), identity: identity, origin: origin)
        policy.name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return policy
    }

    /// Parses, validates and merges one policy text. `directory` is `nil` for shipped copies
    /// (which may only extend other shipped policies).
    mutating func loadText(_ text: String, file: String, directory: String?, identity: String,
                           origin: (file: String, line: Int)? = nil) throws(PolicyError) -> Policy {
        if let index = stack.firstIndex(where: { $0.identity == identity }) {
            let chain = stack[index...].map(\.file) + [file]
            throw .extendsCycle(file: origin?.file ?? file, line: origin?.line ?? 1, chain: chain)
        }
        stack.append((identity, file))
        defer { stack.removeLast() }

        // Nesting depth and tab indentation first: Yams recurses once per nesting level.
        try YAMLShape.check(text, file: file)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw PolicyLoader.syntaxError(error, file: file)
        }
        guard let root, let top = root.mapping else {
            throw .notAPolicy(file: file, line: root?.mark?.line ?? 1)
        }
        let fields = try PolicyLoader.pairs(top, file: file, path: "")

        // version first, then extends (the parent must be loaded before this file's keys apply).
        guard let version = fields.first(where: { $0.key == "version" }) else { throw .missingVersion(file: file) }
        guard let v = version.value.scalar, Int(v.string) == Policy.formatVersion else {
            throw .unsupportedVersion(file: file, line: PolicyLoader.line(version.value, version.line))
        }
        var policy = Policy.base
        if let ext = fields.first(where: { $0.key == "extends" }) {
            let target = try PolicyLoader.string(ext.value, file: file, key: "extends", line: ext.line)
            let here = (file: file, line: ext.line)
            if PolicyLoader.isPath(target) {
                guard let directory else { throw .extendsNotFound(file: file, line: ext.line, target: target) }
                let path = target.hasPrefix("/") ? target : (directory == "." ? target : directory + "/" + target)
                policy = try loadFile(path, from: here)
            } else {
                policy = try loadShipped(target, from: here)
            }
        }
        policy.chain.append(file)

        var touched: [(Category, Int)] = []
        for field in fields {
            switch field.key {
            case "version", "extends":
                continue
            case "description":
                policy.description = try PolicyLoader.string(field.value, file: file, key: field.key, line: field.line)
            case "placeholder":
                policy.placeholder = try PolicyLoader.choice(field.value, PlaceholderStyle.allCases, file: file, key: field.key, line: field.line)
            case "below_confidence":
                policy.belowConfidence = try PolicyLoader.choice(field.value, [Action.keep, .flag], file: file, key: field.key, line: field.line)
            case "public_entities":
                policy.publicEntities = try PolicyLoader.choice(field.value, [Action.keep, .flag], file: file, key: field.key, line: field.line)
            case "allow":
                policy.allow = PolicyLoader.union(policy.allow, try PolicyLoader.strings(field.value, file: file, key: field.key, line: field.line))
            case "deny":
                policy.deny = PolicyLoader.union(policy.deny, try PolicyLoader.strings(field.value, file: file, key: field.key, line: field.line))
            case "categories":
                touched = try PolicyLoader.applyCategories(field.value, to: &policy, file: file, line: field.line)
            case "sources":
                try PolicyLoader.applySources(field.value, to: &policy, file: file, line: field.line)
            case "risk":
                try PolicyLoader.applyRisk(field.value, to: &policy, file: file, line: field.line)
            case "roles":
                try PolicyLoader.applyRoles(field.value, to: &policy, file: file, line: field.line)
            default:
                throw .unknownKey(file: file, line: field.line, key: field.key)
            }
        }
        // Checks that need the merged rule (an inherited action with this file's template).
        for (category, line) in touched {
            try PolicyLoader.validate(policy.rule(for: category), category: category, file: file, line: line)
        }
        return policy
    }

    // MARK: - Sections

    private static func applyCategories(_ node: Node, to policy: inout Policy, file: String, line: Int) throws(PolicyError) -> [(Category, Int)] {
        guard let map = node.mapping else {
            throw .badValue(file: file, line: line, key: "categories", expected: "a mapping of category names")
        }
        var touched: [(Category, Int)] = []
        for entry in try pairs(map, file: file, path: "categories.") {
            let path = "categories." + entry.key
            guard let category = Category(rawValue: entry.key) else {
                throw .unknownKey(file: file, line: entry.line, key: path)
            }
            guard let fields = entry.value.mapping else {
                throw .badValue(file: file, line: entry.line, key: path, expected: "a mapping with action, min_confidence, replacement, form")
            }
            var rule = policy.rule(for: category)
            let inherited = rule
            var setsReplacement = false
            for f in try pairs(fields, file: file, path: path + ".") {
                let key = path + "." + f.key
                switch f.key {
                case "action":
                    rule.action = try choice(f.value, Action.allCases, file: file, key: key, line: f.line)
                case "min_confidence":
                    rule.minConfidence = try unit(f.value, file: file, key: key, line: f.line)
                case "replacement":
                    let template = try string(f.value, file: file, key: key, line: f.line)
                    try checkTemplate(template, file: file, key: key, line: f.line)
                    rule.replacement = template
                    setsReplacement = true
                case "form":
                    let allowed: [GeneralizeForm] = category.isPlace ? GeneralizeForm.placeForms
                        : category == .date ? GeneralizeForm.dateForms : []
                    guard !allowed.isEmpty else {
                        throw .badValue(file: file, line: f.line, key: key, expected: "no form: it applies to places and dates only")
                    }
                    rule.form = try choice(f.value, allowed, file: file, key: key, line: f.line)
                default:
                    throw .unknownKey(file: file, line: f.line, key: key)
                }
            }
            // A template belongs to its action: changing the action without a new template
            // drops the inherited one.
            if rule.action != inherited.action && !setsReplacement { rule.replacement = nil }
            policy.categories[category] = rule
            touched.append((category, entry.line))
        }
        return touched
    }

    private static func applySources(_ node: Node, to policy: inout Policy, file: String, line: Int) throws(PolicyError) {
        guard let map = node.mapping else { throw .badValue(file: file, line: line, key: "sources", expected: "a mapping with strip, place") }
        for f in try pairs(map, file: file, path: "sources.") {
            let key = "sources." + f.key
            switch f.key {
            case "strip":
                guard let seq = f.value.sequence else {
                    throw .badValue(file: file, line: f.line, key: key, expected: "a list of: " + Qualifier.Kind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                var kinds: Set<Qualifier.Kind> = []
                for item in seq {
                    kinds.insert(try choice(item, Qualifier.Kind.allCases, file: file, key: key, line: Self.line(item, f.line)))
                }
                policy.sources.strip = kinds
            case "place":
                policy.sources.place = try choice(f.value, SourcePlace.allCases, file: file, key: key, line: f.line)
            default:
                throw .unknownKey(file: file, line: f.line, key: key)
            }
        }
    }

    private static func applyRisk(_ node: Node, to policy: inout Policy, file: String, line: Int) throws(PolicyError) {
        guard let map = node.mapping else { throw .badValue(file: file, line: line, key: "risk", expected: "a mapping with threshold, source_threshold") }
        for f in try pairs(map, file: file, path: "risk.") {
            let key = "risk." + f.key
            switch f.key {
            case "threshold": policy.risk.threshold = try unit(f.value, file: file, key: key, line: f.line)
            case "source_threshold": policy.risk.sourceThreshold = try unit(f.value, file: file, key: key, line: f.line)
            default: throw .unknownKey(file: file, line: f.line, key: key)
            }
        }
    }

    private static func applyRoles(_ node: Node, to policy: inout Policy, file: String, line: Int) throws(PolicyError) {
        guard let map = node.mapping else {
            throw .badValue(file: file, line: line, key: "roles", expected: "a mapping with public_officials, bylines, datelines, photo_credits")
        }
        for f in try pairs(map, file: file, path: "roles.") {
            let key = "roles." + f.key
            switch f.key {
            case "public_officials": policy.roles.publicOfficials = try choice(f.value, RoleRules.personActions, file: file, key: key, line: f.line)
            case "bylines": policy.roles.bylines = try choice(f.value, RoleRules.personActions, file: file, key: key, line: f.line)
            case "datelines": policy.roles.datelines = try choice(f.value, RoleRules.datelineActions, file: file, key: key, line: f.line)
            case "photo_credits": policy.roles.photoCredits = try choice(f.value, RoleRules.personActions, file: file, key: key, line: f.line)
            default: throw .unknownKey(file: file, line: f.line, key: key)
            }
        }
    }

    /// Cross-field checks on a merged category rule.
    private static func validate(_ rule: CategoryRule, category: Category, file: String, line: Int) throws(PolicyError) {
        let key = "categories." + category.rawValue
        if (category == .term || category == .watchlist) && !rule.action.removesOriginal {
            throw .badValue(file: file, line: line, key: key + ".action", expected: "redact, generalize or pseudonymize: \(category.rawValue) findings are always removed")
        }
        if rule.action == .pseudonymize, let template = rule.replacement, !template.contains("{letter}") {
            throw .badValue(file: file, line: line, key: key + ".replacement", expected: "a template containing {letter} for pseudonymize")
        }
        if rule.action == .redact, let template = rule.replacement, template.contains("{letter}") || template.contains("{parent}") {
            throw .badValue(file: file, line: line, key: key + ".replacement", expected: "only {category} and {id} in a redact placeholder")
        }
    }

    // MARK: - Node helpers

    /// A mapping's entries with their key lines; non-scalar and duplicate keys are refused.
    private static func pairs(_ map: Node.Mapping, file: String, path: String) throws(PolicyError) -> [(key: String, value: Node, line: Int)] {
        var out: [(key: String, value: Node, line: Int)] = []
        var seen: Set<String> = []
        for (k, v) in map {
            let line = k.mark?.line ?? map.mark?.line ?? 1
            guard let key = k.scalar?.string else {
                throw .badValue(file: file, line: line, key: path.isEmpty ? "(key)" : String(path.dropLast()), expected: "plain keys")
            }
            guard seen.insert(key).inserted else { throw .duplicateKey(file: file, line: line, key: path + key) }
            out.append((key, v, line))
        }
        return out
    }

    private static func line(_ node: Node, _ fallback: Int) -> Int { node.mark?.line ?? fallback }

    private static func string(_ node: Node, file: String, key: String, line: Int) throws(PolicyError) -> String {
        guard let s = node.scalar, !(s.style == .plain && (s.string.isEmpty || s.string == "~" || s.string == "null")) else {
            throw .badValue(file: file, line: Self.line(node, line), key: key, expected: "a text")
        }
        return s.string
    }

    private static func strings(_ node: Node, file: String, key: String, line: Int) throws(PolicyError) -> [String] {
        guard let seq = node.sequence else { throw .badValue(file: file, line: line, key: key, expected: "a list of texts") }
        var out: [String] = []
        for item in seq {
            let s = try string(item, file: file, key: key, line: line)
            guard !TextFolding.key(s).isEmpty else {
                throw .badValue(file: file, line: Self.line(item, line), key: key, expected: "entries with at least one letter or digit")
            }
            out.append(s)
        }
        return out
    }

    private static func choice<T: RawRepresentable>(_ node: Node, _ allowed: [T], file: String, key: String, line: Int) throws(PolicyError) -> T where T.RawValue == String {
        let expected = allowed.map(\.rawValue).joined(separator: ", ")
        guard let s = node.scalar?.string, let value = allowed.first(where: { $0.rawValue == s }) else {
            throw .badValue(file: file, line: Self.line(node, line), key: key, expected: "one of " + expected)
        }
        return value
    }

    private static func unit(_ node: Node, file: String, key: String, line: Int) throws(PolicyError) -> Double {
        guard let s = node.scalar, s.style == .plain, let x = Double(s.string), x >= 0, x <= 1 else {
            throw .badValue(file: file, line: Self.line(node, line), key: key, expected: "a number from 0 to 1")
        }
        return x
    }

    /// Templates may use only the documented variables.
    private static func checkTemplate(_ template: String, file: String, key: String, line: Int) throws(PolicyError) {
        let known: Set<String> = ["category", "id", "letter", "parent"]
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}"), known.contains(String(rest[rest.index(after: open)..<close])) else {
                throw .badValue(file: file, line: line, key: key, expected: "a template using only {category}, {id}, {letter}, {parent}")
            }
            rest = rest[rest.index(after: close)...]
        }
        if template.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .badValue(file: file, line: line, key: key, expected: "a non-empty template")
        }
    }

    /// Union of two term lists, parent first, duplicates (same folded key) dropped.
    private static func union(_ a: [String], _ b: [String]) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for term in a + b where seen.insert(TextFolding.key(term)).inserted { out.append(term) }
        return out
    }

    /// Whether an `extends:` value is a path rather than a shipped name.
    static func isPath(_ s: String) -> Bool {
        s.contains("/") || s.hasSuffix(".yaml") || s.hasSuffix(".yml")
    }

    private static func syntaxError(_ error: any Error, file: String) -> PolicyError {
        if let y = error as? YamlError {
            switch y {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                return .syntax(file: file, line: mark.line, problem: problem)
            case .reader(let problem, _, _, _):
                return .syntax(file: file, line: 1, problem: problem)
            default:
                break
            }
        }
        return .syntax(file: file, line: 1, problem: "not readable as YAML")
    }
}

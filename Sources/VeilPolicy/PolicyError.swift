/// Why a policy cannot be used. Every case names the file (and, when known, the line and the
/// dotted key) so that `veil policy check` can point at the problem. Messages never quote
/// list entries: a deny list holds a source's name or codename.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The policy file does not exist.
    case notFound(file: String)
    /// The policy file exists but cannot be read or is not UTF-8.
    case unreadable(file: String, reason: String)
    /// The file is not well-formed YAML (libyaml's problem and position).
    case syntax(file: String, line: Int, problem: String)
    /// The file holds no document, or its top level is not a mapping.
    case notAPolicy(file: String, line: Int)
    /// A key the policy format does not know.
    case unknownKey(file: String, line: Int, key: String)
    /// The same key appears twice in one mapping.
    case duplicateKey(file: String, line: Int, key: String)
    /// A value of the wrong type or outside the allowed set; `expected` says what is allowed.
    case badValue(file: String, line: Int, key: String, expected: String)
    /// `version:` is absent.
    case missingVersion(file: String)
    /// `version:` is not a version this build understands.
    case unsupportedVersion(file: String, line: Int)
    /// `extends:` names a policy that is neither shipped nor an existing file.
    case extendsNotFound(file: String, line: Int, target: String)
    /// `extends:` leads back to a policy already being loaded; `chain` lists the files in order.
    case extendsCycle(file: String, line: Int, chain: [String])
    /// The policy nests deeper than `limit` levels (block indentation, `- ` entries and flow
    /// `[`/`{` together), refused before the YAML parser, which recurses once per level.
    case tooDeep(file: String, line: Int, limit: Int)
    /// A tab in a line's indentation (YAML allows only spaces there).
    case tabIndentation(file: String, line: Int)
    /// `Policy.named` was given a name that is not shipped.
    case unknownName(String)

    /// One line: `FILE:LINE: KEY: problem`.
    public var description: String {
        switch self {
        case .notFound(let file):
            return "\(file): no such policy file"
        case .unreadable(let file, let reason):
            return "\(file): cannot read policy: \(reason)"
        case .syntax(let file, let line, let problem):
            return "\(file):\(line): invalid YAML: \(problem)"
        case .notAPolicy(let file, let line):
            return "\(file):\(line): a policy must be a YAML mapping of keys (version, extends, categories, ...)"
        case .unknownKey(let file, let line, let key):
            return "\(file):\(line): \(key): unknown key"
        case .duplicateKey(let file, let line, let key):
            return "\(file):\(line): \(key): key appears more than once"
        case .badValue(let file, let line, let key, let expected):
            return "\(file):\(line): \(key): invalid value (expected \(expected))"
        case .missingVersion(let file):
            return "\(file):1: version: missing (every policy starts with `version: 1`)"
        case .unsupportedVersion(let file, let line):
            return "\(file):\(line): version: unsupported policy version (this build reads version 1)"
        case .extendsNotFound(let file, let line, let target):
            return "\(file):\(line): extends: no shipped policy or file named \(target)"
        case .extendsCycle(let file, let line, let chain):
            return "\(file):\(line): extends: cycle (\(chain.joined(separator: " -> ")))"
        case .tooDeep(let file, let line, let limit):
            return "\(file):\(line): the policy nests deeper than \(limit) levels (lists and mappings inside each other); a policy needs 3"
        case .tabIndentation(let file, let line):
            return "\(file):\(line): a tab in the indentation: YAML indents with spaces only (replace the tab with spaces)"
        case .unknownName(let name):
            return "no shipped policy named \(name) (shipped: \(EmbeddedPolicies.names.joined(separator: ", ")))"
        }
    }

    /// The file the error is about, when there is one.
    public var file: String? {
        switch self {
        case .notFound(let f), .unreadable(let f, _), .syntax(let f, _, _), .notAPolicy(let f, _),
             .unknownKey(let f, _, _), .duplicateKey(let f, _, _), .badValue(let f, _, _, _),
             .missingVersion(let f), .unsupportedVersion(let f, _), .extendsNotFound(let f, _, _),
             .extendsCycle(let f, _, _), .tooDeep(let f, _, _), .tabIndentation(let f, _):
            return f
        case .unknownName: return nil
        }
    }

    /// The 1-based line the error is about, when known.
    public var line: Int? {
        switch self {
        case .syntax(_, let l, _), .notAPolicy(_, let l), .unknownKey(_, let l, _), .duplicateKey(_, let l, _),
             .badValue(_, let l, _, _), .unsupportedVersion(_, let l), .extendsNotFound(_, let l, _),
             .extendsCycle(_, let l, _), .tooDeep(_, let l, _), .tabIndentation(_, let l):
            return l
        case .missingVersion: return 1
        case .notFound, .unreadable, .unknownName: return nil
        }
    }

    /// The dotted key the error is about (`categories.person.action`), when there is one.
    public var key: String? {
        switch self {
        case .unknownKey(_, _, let k), .duplicateKey(_, _, let k), .badValue(_, _, let k, _): return k
        case .missingVersion, .unsupportedVersion: return "version"
        case .extendsNotFound, .extendsCycle: return "extends"
        default: return nil
        }
    }
}

import VeilModel

/// How `generalize` words its result. Places take `parent`, `name` or `noun`; dates take
/// `month`, `year`, `season` or `vague`. See policies/README.md.
public enum GeneralizeForm: String, Sendable, Hashable, CaseIterable, Codable {
    /// Places: "a neighborhood in Hyesan" (the nearest enclosing unit the policy keeps).
    case parent
    /// Places: the nearest enclosing unit's own name ("North Korea").
    case name
    /// Places: the bare kind ("a city", "a neighborhood", "a region").
    case noun
    /// Dates: month and year survive ("in July 2019", "in November").
    case month
    /// Dates: the year survives when stated, else the month ("in 2019", "in November").
    case year
    /// Dates: the year when stated, else the season ("in 2019", "in the autumn").
    case season
    /// Dates: only a vague expression ("several years ago", "at one point").
    case vague

    /// Forms valid for place categories.
    public static let placeForms: [GeneralizeForm] = [.parent, .name, .noun]
    /// Forms valid for dates.
    public static let dateForms: [GeneralizeForm] = [.month, .year, .season, .vague]
}

/// What policy does with one category of finding.
public struct CategoryRule: Sendable, Hashable {
    /// The action for findings at or above `minConfidence`.
    public var action: Action
    /// 0...1: findings below it get the policy's `belowConfidence` action instead.
    public var minConfidence: Double
    /// Template replacing the finding: for `redact`, the placeholder (`{category}` and `{id}`
    /// expand); for `pseudonymize`, the pseudonym (`{letter}` expands, and must appear); for
    /// `generalize`, a fixed text (`{parent}` expands to the nearest kept enclosing place).
    /// `nil`: the policy's placeholder style, "Person {letter}", or the computed generalization.
    public var replacement: String?
    /// How `generalize` words its result (places and dates only); `nil` uses the default.
    public var form: GeneralizeForm?

    /// A rule with the given fields.
    public init(action: Action, minConfidence: Double = 0, replacement: String? = nil, form: GeneralizeForm? = nil) {
        self.action = action
        self.minConfidence = minConfidence
        self.replacement = replacement
        self.form = form
    }
}

/// What a redaction placeholder looks like when a category sets no `replacement`.
public enum PlaceholderStyle: String, Sendable, Hashable, CaseIterable, Codable {
    /// `[redacted]`.
    case redacted
    /// `[person]`, `[city]`... (the finding's category).
    case category
    /// `[ref-4f9c2a]`: a random id, different at every occurrence.
    case random
}

/// What replaces the place attached to an anonymous source when policy strips it.
public enum SourcePlace: String, Sendable, Hashable, CaseIterable, Codable {
    /// The place's country, when known and kept by the policy ("a source in North Korea");
    /// otherwise the place is removed.
    case country
    /// Nothing: "a source in Ryanggang Province" becomes "a source".
    case remove
}

/// Rules for anonymous-source descriptors ("a source in Ryanggang Province").
public struct SourceRules: Sendable, Hashable {
    /// The attached details removed from the descriptor when the `source` action is `generalize`.
    public var strip: Set<Qualifier.Kind>
    /// What a stripped place qualifier becomes.
    public var place: SourcePlace

    /// Rules with the given fields.
    public init(strip: Set<Qualifier.Kind>, place: SourcePlace) {
        self.strip = strip
        self.place = place
    }
}

/// Rules for people named in a public capacity and for credit lines (see `roles:` in
/// policies/README.md). Each applies to the findings the detector marks with the matching
/// attribute (`person.role`, `credit`); the role word itself is never removed.
public struct RoleRules: Sendable, Hashable {
    /// Persons named with a public office or an on-record role ("Judge Maria Ortega", "police
    /// chief Si Kiri", "Peter Blake, the ministry's spokesman", their later mentions): `keep`,
    /// `flag`, `pseudonymize` ("Judge Person A") or `redact` ("Judge [person]").
    public var publicOfficials: Action
    /// Names in bylines ("By NAME", "Reporting by NAME"): `keep`, `flag`, `pseudonymize`, `redact`.
    public var bylines: Action
    /// Places, dates and agencies in a dateline ("KABUL, March 3 (Reuters) -"): `keep`, or
    /// `generalize` (the place becomes its nearest kept enclosing unit, usually the country;
    /// the date follows the date rule).
    public var datelines: Action
    /// Names in photo credits ("Photo: NAME/Agency", "(Photo by NAME)"): `keep`, `flag`,
    /// `pseudonymize`, `redact`.
    public var photoCredits: Action

    /// The values each key accepts.
    public static let personActions: [Action] = [.keep, .flag, .pseudonymize, .redact]
    public static let datelineActions: [Action] = [.keep, .generalize]

    /// Rules with the given fields.
    public init(publicOfficials: Action, bylines: Action, datelines: Action, photoCredits: Action) {
        self.publicOfficials = publicOfficials
        self.bylines = bylines
        self.datelines = datelines
        self.photoCredits = photoCredits
    }
}

/// Risk thresholds: above them `veil audit` exits 1.
public struct RiskRules: Sendable, Hashable {
    /// Threshold for the draft as a whole (0...1).
    public var threshold: Double
    /// Threshold for any single anonymous source (0...1).
    public var sourceThreshold: Double

    /// Rules with the given thresholds.
    public init(threshold: Double, sourceThreshold: Double) {
        self.threshold = threshold
        self.sourceThreshold = sourceThreshold
    }
}

/// An effective (fully merged) redaction policy. Build one with `Policy.load(path:)`,
/// `Policy.named(_:)`, `Policy.parse(yaml:file:)` or use `Policy.standard`.
public struct Policy: Sendable, Hashable {
    /// The policy format version (always 1).
    public static let formatVersion = 1

    /// Name for reports: the shipped name or the file's name.
    public var name: String
    /// Free text from the file's `description:`.
    public var description: String
    /// One rule per category; every `Category` case is present.
    public var categories: [Category: CategoryRule]
    /// Terms never removed (matched on `TextFolding.key` of the whole finding).
    public var allow: [String]
    /// Terms always redacted wherever they appear, regardless of case, diacritics and spacing.
    public var deny: [String]
    /// Default look of redaction placeholders.
    public var placeholder: PlaceholderStyle
    /// Action for findings below their category's `minConfidence`: `keep` or `flag`.
    public var belowConfidence: Action
    /// Action for findings the detector marks as public entities: `keep` or `flag`.
    public var publicEntities: Action
    /// Anonymous-source descriptor rules.
    public var sources: SourceRules
    /// Risk thresholds.
    public var risk: RiskRules
    /// Public roles and credit lines.
    public var roles: RoleRules = RoleRules(publicOfficials: .redact, bylines: .redact, datelines: .generalize, photoCredits: .redact)
    /// The files (or `shipped:NAME`) merged into this policy, base first.
    public var chain: [String]

    /// The rule for `category` (every category has one).
    public func rule(for category: Category) -> CategoryRule {
        categories[category] ?? CategoryRule(action: .redact)
    }

    /// The built-in base every policy without `extends:` starts from: everything redacted,
    /// nothing allowed, the safest defaults. Shipped policies spell every key out anyway.
    public static let base = Policy(
        name: "base",
        description: "",
        categories: Dictionary(uniqueKeysWithValues: Category.allCases.map { ($0, CategoryRule(action: .redact)) }),
        allow: [],
        deny: [],
        placeholder: .category,
        belowConfidence: .flag,
        publicEntities: .keep,
        sources: SourceRules(strip: [.place], place: .country),
        risk: RiskRules(threshold: 0.5, sourceThreshold: 0.5),
        roles: RoleRules(publicOfficials: .redact, bylines: .redact, datelines: .generalize, photoCredits: .redact),
        chain: []
    )

    /// The newsroom default, from the copy of `policies/standard.yaml` embedded in the library.
    public static let standard: Policy = {
        do { return try Policy.named("standard") } catch {
            // The embedded copy is checked by tests; reaching this is a build defect.
            preconditionFailure("embedded standard policy is invalid")
        }
    }()

    /// A shipped policy (`standard`, `strict`, `minimal`) from the embedded copies, so that
    /// `veil` works outside the repository.
    public static func named(_ name: String) throws(PolicyError) -> Policy {
        guard EmbeddedPolicies.files[name] != nil else { throw .unknownName(name) }
        var loader = PolicyLoader()
        return try loader.loadShipped(name, from: nil)
    }

    /// Loads and validates the policy file at `path`, following `extends:`.
    public static func load(path: String) throws(PolicyError) -> Policy {
        var loader = PolicyLoader()
        return try loader.loadFile(path, from: nil)
    }

    /// Parses policy text. `file` names it in errors; relative `extends:` paths resolve
    /// against `directory`.
    public static func parse(yaml: String, file: String, directory: String = ".") throws(PolicyError) -> Policy {
        var loader = PolicyLoader()
        return try loader.loadText(yaml, file: file, directory: directory, identity: "text:" + file)
    }

    /// Loads `reference`: a shipped name (no `/`, no `.yaml`/`.yml` suffix) or a file path.
    public static func resolve(_ reference: String) throws(PolicyError) -> Policy {
        if EmbeddedPolicies.files[reference] != nil { return try named(reference) }
        return try load(path: reference)
    }
}

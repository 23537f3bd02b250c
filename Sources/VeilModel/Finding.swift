/// One identifying detail found in a document: the data contract between the detector, the
/// policy engine, the vault pipeline and the reporters. The detector fills it; nobody else
/// needs to know how it was found.
public struct Finding: Sendable, Hashable, Codable {
    /// UTF-8 byte offsets into `Document.bytes`, end exclusive. Use `Document.scalarOffset`
    /// to report Unicode scalar offsets.
    public var range: Range<Int>
    /// The matched text, exactly as it stands in the document.
    public var text: String
    public var category: Category
    /// 0...1: how sure the recognizer is that this is an identifying detail of `category`.
    public var confidence: Double
    /// Stable identifier of the recognizer that produced the finding (e.g. `place.gazetteer`).
    public var recognizer: String
    /// Human-readable reason: which pattern or list matched, which context moved the score.
    public var explanation: String
    /// For places: the enclosing units, nearest first (for `Hyesan`: Ryanggang Province, North
    /// Korea). Policy uses it to generalize one or more levels up. Empty when unknown.
    public var hierarchy: [PlaceUnit]
    /// For anonymous-source findings: the quasi-identifiers attached to the source (its place,
    /// role, relation, count) that policy may strip and that risk scoring weighs.
    public var qualifiers: [Qualifier]
    /// Extra typed facts a recognizer knows (see `FindingAttribute` for the documented keys).
    public var attributes: [String: String]

    public init(range: Range<Int>, text: String, category: Category, confidence: Double,
                recognizer: String, explanation: String, hierarchy: [PlaceUnit] = [],
                qualifiers: [Qualifier] = [], attributes: [String: String] = [:]) {
        self.range = range
        self.text = text
        self.category = category
        self.confidence = confidence
        self.recognizer = recognizer
        self.explanation = explanation
        self.hierarchy = hierarchy
        self.qualifiers = qualifiers
        self.attributes = attributes
    }
}

/// One level of a place hierarchy, e.g. `PlaceUnit(name: "Ryanggang Province", level: .province)`.
public struct PlaceUnit: Sendable, Hashable, Codable {
    public var name: String
    /// `.neighborhood`, `.city`, `.province` or `.country`.
    public var level: Category
    public init(name: String, level: Category) {
        self.name = name
        self.level = level
    }
}

/// A detail attached to an anonymous source ("in Ryanggang Province", "a trader", "a relative").
public struct Qualifier: Sendable, Hashable, Codable {
    /// What kind of detail it is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Where the source is ("in Ryanggang Province", "Hyesan-based").
        case place
        /// What the source does ("a trader", "an official").
        case role
        /// How the source relates to someone in the story ("a relative of the detainee").
        case relation
        /// How many sources ("two people").
        case count
        /// Whom the source works for or belongs to ("at the ministry").
        case affiliation
        /// When the source spoke or was present.
        case time
    }
    public var kind: Kind
    public var text: String
    /// UTF-8 byte offsets of the detail inside the document (within the source finding's range).
    public var range: Range<Int>
    /// For place qualifiers: the place's level when known.
    public var placeLevel: Category?

    public init(kind: Kind, text: String, range: Range<Int>, placeLevel: Category? = nil) {
        self.kind = kind
        self.text = text
        self.range = range
        self.placeLevel = placeLevel
    }
}

/// Documented keys of `Finding.attributes`, shared by the detector (which writes them) and the
/// policy engine (which reads them).
public enum FindingAttribute {
    /// Dates: `absolute` (has a day or month), `year`, `decade` ("the 1990s"), `century` ("the
    /// 19th century"), `relative` ("four years ago"), `weekday`, `time` (clock time), `part`
    /// ("mid-June", "early October"), `holiday` ("Christmas Day", "Black History Month"),
    /// `season` ("in the spring").
    public static let dateKind = "date.kind"
    /// Dates: the year when one is stated (`2019`).
    public static let year = "date.year"
    /// Dates: the month name when one is stated (`July`).
    public static let month = "date.month"
    /// Relative dates: the unit (`day`, `week`, `month`, `year`).
    public static let relativeUnit = "date.unit"
    /// Relative dates: `past` or `future`.
    public static let relativeDirection = "date.direction"
    /// Public entities: the listed name, when the finding's text holds more (an office before a
    /// public figure's name: "President Xi Jinping" -> "Xi Jinping").
    public static let entityName = "entity.name"
    /// Places: the kind of a natural feature (`river`, `mountain`, `island`), for wording that
    /// names the kind without the name ("a river").
    public static let placeKind = "place.kind"
    /// Amounts: the numeric value as a plain decimal string (`3000`).
    public static let amountValue = "amount.value"
    /// Amounts: the currency as written in words or ISO code (`yuan`, `USD`).
    public static let currency = "amount.currency"
    /// Ages: the age in years as a decimal string (`40` for "in his 40s").
    public static let ageYears = "age.years"
    /// Persons: the surname when known (used to link a surname-only mention to a full name).
    public static let surname = "person.surname"
    /// Set to `public` for well-known public entities (national leaders, outlets).
    public static let entity = "entity"
    /// Persons named with a public office or an on-record role: the role's words, lower case
    /// except acronyms (`judge`, `interior minister`, `police chief`, `spokesman`).
    public static let publicRole = "person.role"
    /// Where that role stands: `title` (it opens the finding: "Judge Maria Ortega"), `before`
    /// ("police chief Si Kiri"), `after` (an appositive: "Peter Blake, the ministry's
    /// spokesman,") or `inherited` (a later mention of a person named with it: "Ortega said").
    public static let publicRoleForm = "person.role.form"
    /// Occupations: `public` when the role is a public office ("the judge", "police chief").
    public static let office = "occupation.office"
    /// Findings inside a credit line: `byline` ("By NAME"), `dateline` ("KABUL, March 3
    /// (Reuters) -") or `photo` ("Photo: NAME/Agency").
    public static let credit = "credit"
    /// Contacts: `phone`, `email`, `handle`, `id`, `url`.
    public static let contactKind = "contact.kind"
}

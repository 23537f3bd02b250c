/// The kind of identifying detail a finding is. The raw values are the lower-case names used
/// in every output format (JSON, SARIF, HTML, policy files).
public enum Category: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case person
    case neighborhood
    case city
    case province
    case country
    case facility
    case organization
    case date
    case age
    case amount
    case source
    case occupation
    case contact
    /// A term from a newsroom's sealed watch-list (`veil audit --watchlist`).
    case watchlist
    /// A term the user named on the command line (`veil redact --term`).
    case term

    /// The position of the category in `allCases` (a switch, not a search: used per finding to
    /// index per-category tables).
    @inline(__always) public var ordinal: Int {
        switch self {
        case .person: return 0
        case .neighborhood: return 1
        case .city: return 2
        case .province: return 3
        case .country: return 4
        case .facility: return 5
        case .organization: return 6
        case .date: return 7
        case .age: return 8
        case .amount: return 9
        case .source: return 10
        case .occupation: return 11
        case .contact: return 12
        case .watchlist: return 13
        case .term: return 14
        }
    }

    /// Places ordered from the most to the least specific; `nil` for non-places.
    public var placeLevel: Int? {
        switch self {
        case .neighborhood: return 0
        case .city: return 1
        case .province: return 2
        case .country: return 3
        default: return nil
        }
    }

    /// Whether the category is a place in the neighborhood -> city -> province -> country hierarchy.
    public var isPlace: Bool { placeLevel != nil }

    public static func < (lhs: Category, rhs: Category) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

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

import VeilModel

/// Head words of organization and facility names (`Ministry`, `Market`, `Camp`...), loaded once
/// from `Lexicons/entities/heads.tsv`.
public struct OrganizationLexicon: Sendable {
    /// What a head word makes of the name it ends.
    public enum Kind: String, Sendable {
        /// Ministries, parties, agencies, associations.
        case organization
        /// Stations, markets, companies, prisons, camps, offices, hospitals, schools, mines.
        case facility
        /// Military units (`33rd Division`, `battalion No. 6005`), reported as facilities.
        case unit
    }

    /// The shared instance.
    public static let shared = OrganizationLexicon()

    /// Head word key -> kind.
    public let heads: KeyMap<Kind>

    /// Loads the shipped head words.
    public init() {
        var heads: [UInt64: Kind] = [:]
        for row in Lexicon.load("entities/heads.tsv").rows where row.count >= 2 {
            let k = Lexicon.key(row[0])
            if heads[k] == nil, let kind = Kind(rawValue: row[1]) { heads[k] = kind }
        }
        self.heads = KeyMap(heads)
    }
}

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

    /// Head word key -> kind (`entities/heads.tsv`, loaded with the name lists).
    public let heads: KeyMap<Kind>

    /// Loads the shipped head words.
    public init() {
        heads = NameLexicon.shared.heads
    }
}

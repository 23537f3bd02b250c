/// Veil's version, reported by `veil --version` and in every report.
public enum VeilVersion {
    public static let current = "0.1.0"
}

import CSodium

/// libsodium initialisation, done once per process before any other call.
public enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// Runs `sodium_init` once; returns whether libsodium is usable.
    @discardableResult
    public static func ensureInitialized() -> Bool { initialized }
}

import CSodium
import VeilModel

/// Why a public key could not be read. Messages never echo the key text.
public enum PublicKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text does not start with `veilpk1`.
    case notAPublicKey
    /// Wrong length or a character outside the base32 alphabet.
    case malformed
    /// The checksum does not match: the key was mistyped or damaged.
    case badChecksum
    /// The `.pub` file could not be read.
    case file(FileError)

    /// A one-line message for people; it never quotes secrets, originals or terms.
    public var description: String {
        switch self {
        case .notAPublicKey: return "not a Veil public key (expected a line starting with veilpk1, or a .pub file)"
        case .malformed: return "the public key has the wrong length or an invalid character"
        case .badChecksum: return "the public key's checksum does not match: it was mistyped or damaged"
        case .file(let e): return e.description
        }
    }
}

/// An editor's X25519 public key (`crypto_box`), shown to people as one pasteable line:
/// `veilpk1` followed by 64 lower-case base32 characters encoding the 32 key bytes and an
/// 8-byte checksum, the first 8 bytes of BLAKE2b-256(`"veilpk1"` || key). A typo anywhere is
/// refused (the chance that a random change passes is 2^-64).
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The text prefix of every encoded public key.
    public static let prefix = "veilpk1"
    /// The raw 32-byte X25519 public key.
    public let bytes: [UInt8]

    /// A public key from its 32 raw bytes.
    public init?(rawBytes: [UInt8]) {
        guard rawBytes.count == 32 else { return nil }
        bytes = rawBytes
    }

    /// Parses the one-line text form (surrounding whitespace ignored, case-insensitive).
    public init(encoded text: String) throws(PublicKeyError) {
        bytes = try KeyLine.decode(text, prefix: PublicKey.prefix, checksum: PublicKey.checksum)
    }

    /// Reads a `.pub` file: the first line that is not empty and does not start with `#`.
    public init(contentsOfFile path: String) throws(PublicKeyError) {
        try self.init(encoded: try KeyLine.firstLine(ofFile: path))
    }

    /// Parses a command-line argument (`--to`): a key line when it starts with `veilpk1`,
    /// otherwise the path of a `.pub` file.
    public init(argument: String) throws(PublicKeyError) {
        if argument.trimmingASCIIWhitespace().lowercased().hasPrefix(PublicKey.prefix) {
            try self.init(encoded: argument)
        } else {
            try self.init(contentsOfFile: argument)
        }
    }

    /// The one-line text form, `veilpk1...` (71 characters).
    public var encoded: String {
        PublicKey.prefix + Base32.encode(bytes + PublicKey.checksum(bytes))
    }

    /// The contents written to a `.pub` file: the encoded key and a newline.
    public var fileContents: [UInt8] { Array((encoded + "\n").utf8) }

    /// Same as `encoded`.
    public var description: String { encoded }

    static func checksum(_ key: [UInt8]) -> [UInt8] {
        Array(Blake2b.hash(Array(prefix.utf8) + key, outputLength: 32).prefix(8))
    }
}

/// An editor's X25519 secret key in guarded memory, with its public key.
public struct SecretKey: Sendable {
    /// The 32-byte secret scalar (`crypto_box` secret key).
    public let secret: SecureBytes
    /// The matching public key.
    public let publicKey: PublicKey

    /// A fresh key pair from `crypto_box_keypair`.
    public static func generate() -> SecretKey {
        Sodium.ensureInitialized()
        let sk = SecureBytes(count: Int(crypto_box_secretkeybytes()))
        var pk = [UInt8](repeating: 0, count: Int(crypto_box_publickeybytes()))
        sk.withUnsafeMutableBytes { s in
            _ = crypto_box_keypair(&pk, s.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return SecretKey(secret: sk, publicKey: PublicKey(rawBytes: pk)!)
    }

    /// A key pair from a 32-byte secret key (the public key is recomputed with
    /// `crypto_scalarmult_base`); nil when the length is wrong.
    public init?(secret: SecureBytes) {
        guard secret.count == Int(crypto_box_secretkeybytes()) else { return nil }
        Sodium.ensureInitialized()
        var pk = [UInt8](repeating: 0, count: 32)
        let rc = secret.withUnsafeBytes { s in
            crypto_scalarmult_base(&pk, s.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard rc == 0 else { return nil }
        self.secret = secret
        self.publicKey = PublicKey(rawBytes: pk)!
    }

    private init(secret: SecureBytes, publicKey: PublicKey) {
        self.secret = secret
        self.publicKey = publicKey
    }
}

/// Constant-time equality of two plain byte arrays (`sodium_memcmp`).
func sodiumEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return sodium_memcmp(a, b, a.count) == 0
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> String {
        let u = Array(utf8)
        var lo = 0, hi = u.count
        func ws(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        while lo < hi && ws(u[lo]) { lo += 1 }
        while hi > lo && ws(u[hi - 1]) { hi -= 1 }
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}

/// A reporter's Ed25519 public signing key (`crypto_sign`), shown as one line:
/// `veilsig1` followed by 64 lower-case base32 characters (the 32 key bytes and an 8-byte
/// checksum, the first 8 bytes of BLAKE2b-256(`"veilsig1"` || key)). Editors check vault
/// signatures with it (`veil reveal --signer`).
public struct SigningPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The text prefix of every encoded signing public key.
    public static let prefix = "veilsig1"
    /// The raw 32-byte Ed25519 public key.
    public let bytes: [UInt8]

    /// A key from its 32 raw bytes.
    public init?(rawBytes: [UInt8]) {
        guard rawBytes.count == 32 else { return nil }
        bytes = rawBytes
    }

    /// Parses the one-line text form (surrounding ASCII whitespace ignored, prefix and body
    /// case-insensitive).
    public init(encoded text: String) throws(PublicKeyError) {
        bytes = try KeyLine.decode(text, prefix: SigningPublicKey.prefix, checksum: SigningPublicKey.checksum)
    }

    /// Reads a `.pub` file: the first line that is not empty and does not start with `#`.
    public init(contentsOfFile path: String) throws(PublicKeyError) {
        try self.init(encoded: try KeyLine.firstLine(ofFile: path))
    }

    /// A `veilsig1…` line, or otherwise the path of a `.pub` file.
    public init(argument: String) throws(PublicKeyError) {
        if argument.trimmingASCIIWhitespace().lowercased().hasPrefix(SigningPublicKey.prefix) {
            try self.init(encoded: argument)
        } else {
            try self.init(contentsOfFile: argument)
        }
    }

    /// The one-line text form, `veilsig1...` (72 characters).
    public var encoded: String { SigningPublicKey.prefix + Base32.encode(bytes + SigningPublicKey.checksum(bytes)) }
    /// The `.pub` file contents: the encoded key and a newline.
    public var fileContents: [UInt8] { Array((encoded + "\n").utf8) }
    public var description: String { encoded }

    static func checksum(_ key: [UInt8]) -> [UInt8] {
        Array(Blake2b.hash(Array(prefix.utf8) + key, outputLength: 32).prefix(8))
    }

    /// Whether `signature` (64 bytes) is this key's Ed25519 signature of `message`.
    public func verify<C: Collection>(_ signature: C, of message: [UInt8]) -> Bool where C.Element == UInt8 {
        Sodium.ensureInitialized()
        let sig = Array(signature)
        guard sig.count == Int(crypto_sign_bytes()) else { return false }
        return crypto_sign_verify_detached(sig, message, UInt64(message.count), bytes) == 0
    }
}

/// A reporter's Ed25519 signing key in guarded memory (the 32-byte seed and the 64-byte
/// libsodium secret key derived from it).
public struct SigningSecretKey: Sendable {
    /// The 32-byte seed (what the key file stores).
    public let seed: SecureBytes
    let secret: SecureBytes
    /// The matching public key.
    public let publicKey: SigningPublicKey

    /// A fresh random key.
    public static func generate() -> SigningSecretKey { SigningSecretKey(seed: SecureBytes.random(count: 32))! }

    /// The key pair of a 32-byte seed (`crypto_sign_seed_keypair`); nil when the length is wrong.
    public init?(seed: SecureBytes) {
        guard seed.count == Int(crypto_sign_seedbytes()) else { return nil }
        Sodium.ensureInitialized()
        let sk = SecureBytes(count: Int(crypto_sign_secretkeybytes()))
        var pk = [UInt8](repeating: 0, count: Int(crypto_sign_publickeybytes()))
        let rc = sk.withUnsafeMutableBytes { s in
            seed.withUnsafeBytes { d in
                crypto_sign_seed_keypair(&pk, s.baseAddress!.assumingMemoryBound(to: UInt8.self), d.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard rc == 0 else { return nil }
        self.seed = seed
        self.secret = sk
        self.publicKey = SigningPublicKey(rawBytes: pk)!
    }

    /// The detached Ed25519 signature (64 bytes) of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var sig = [UInt8](repeating: 0, count: Int(crypto_sign_bytes()))
        secret.withUnsafeBytes { s in
            _ = crypto_sign_detached(&sig, nil, message, UInt64(message.count), s.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return sig
    }
}

/// A reporter's signing key file: the 32-byte Ed25519 seed in a `PassphraseBox` with magic
/// `SRCSGN\0\1` (109 bytes, mode 0600), next to `FILE.pub` holding the `veilsig1…` line.
public enum SigningKeyFile {
    /// Magic of a signing key file.
    public static let magic: [UInt8] = Array("SRCSGN".utf8) + [0, 1]

    /// The key file's bytes for `key` under `passphrase`.
    public static func encode(_ key: SigningSecretKey, passphrase: SecureBytes, level: KDFLevel = .moderate) throws(KeyFileError) -> [UInt8] {
        try PassphraseBox.seal(key.seed, passphrase: passphrase, level: level, magic: magic)
    }

    /// Unlocks signing-key-file bytes.
    public static func decode(_ bytes: [UInt8], passphrase: SecureBytes) throws(KeyFileError) -> SigningSecretKey {
        let seed = try PassphraseBox.open(bytes, passphrase: passphrase, magic: magic)
        guard let key = SigningSecretKey(seed: seed) else { throw .malformed }
        return key
    }

    /// Generates a signing key and writes `path` (0600) and `path.pub` (0644), never overwriting.
    public static func create(at path: String, passphrase: SecureBytes, level: KDFLevel = .moderate) throws(KeyFileError) -> SigningSecretKey {
        guard passphrase.count > 0 else { throw .emptyPassphrase }
        let pubPath = KeyFile.publicKeyPath(for: path)
        if AtomicFile.exists(path) { throw .file(.exists(path: path)) }
        if AtomicFile.exists(pubPath) { throw .file(.exists(path: pubPath)) }
        let key = SigningSecretKey.generate()
        try KeyFile.writePair(secret: try encode(key, passphrase: passphrase, level: level), at: path,
                              publicContents: key.publicKey.fileContents, publicPath: pubPath)
        return key
    }
}

/// The parts the editor's and the reporter's key files share: the one-line public form
/// (prefix, Base32 of the key and an 8-byte checksum) and the `.pub` file holding it.
enum KeyLine {
    /// The 32 key bytes of a `prefix…` line (surrounding ASCII whitespace ignored, prefix and
    /// body case-insensitive), checked against `checksum`.
    static func decode(_ text: String, prefix: String, checksum: ([UInt8]) -> [UInt8]) throws(PublicKeyError) -> [UInt8] {
        let trimmed = text.trimmingASCIIWhitespace()
        guard trimmed.lowercased().hasPrefix(prefix) else { throw .notAPublicKey }
        let body = String(trimmed.dropFirst(prefix.count))
        guard body.utf8.count == 64, let raw = Base32.decode(body), raw.count == 40 else { throw .malformed }
        let key = Array(raw[0..<32])
        guard sodiumEqual(checksum(key), Array(raw[32..<40])) else { throw .badChecksum }
        return key
    }

    /// The first line of the `.pub` file at `path` that is not empty and does not start with `#`.
    static func firstLine(ofFile path: String) throws(PublicKeyError) -> String {
        let data: [UInt8]
        do { data = try AtomicFile.read(path) } catch { throw .file(error) }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let t = String(line).trimmingASCIIWhitespace()
            if t.isEmpty || t.hasPrefix("#") { continue }
            return t
        }
        throw .notAPublicKey
    }
}

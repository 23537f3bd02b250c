import CSodium
import VeilModel

/// Why a passphrase-sealed file (an editor's key file, a story's pseudonym table, a watch-list
/// key) could not be made or opened. Messages never quote passphrases or contents.
public enum KeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An empty passphrase was given; it is refused.
    case emptyPassphrase
    /// Authentication failed: the passphrase is wrong (or the file was altered).
    case wrongPassphrase
    /// The bytes are not a sealed file of the expected kind, or are cut short.
    case malformed
    /// A sealed file of a version this build does not know.
    case unsupportedVersion(UInt8)
    /// A key-derivation algorithm other than Argon2id, or parameters outside the accepted range.
    case unsupportedParameters
    /// Argon2id could not get the memory it needs.
    case keyDerivationFailed
    /// Reading or writing the file failed.
    case file(FileError)

    /// A one-line message for people; it never quotes secrets, originals or terms.
    public var description: String {
        switch self {
        case .emptyPassphrase: return "an empty passphrase is not accepted"
        case .wrongPassphrase: return "wrong passphrase (or the sealed file was altered)"
        case .malformed: return "not a Veil sealed file of the expected kind, or it is cut short"
        case .unsupportedVersion(let v): return "sealed file version \(v) is not supported by this version of veil"
        case .unsupportedParameters: return "the sealed file names an unsupported key-derivation algorithm or parameters"
        case .keyDerivationFailed: return "Argon2id key derivation failed (not enough memory?)"
        case .file(let e): return e.description
        }
    }

    /// Whether the error is an authentication failure (exit code 3 in the CLI).
    public var isAuthenticationFailure: Bool { self == .wrongPassphrase }
}

/// Argon2id cost levels, libsodium's named limits (`crypto_pwhash_*_INTERACTIVE` etc).
/// Unlock cost measured with `veil-bench vault` (CPU time, shared 2-core machine): interactive
/// 0.10 s, moderate 0.64 s, sensitive 3.5 s.
public enum KDFLevel: String, CaseIterable, Sendable {
    /// 2 passes over 64 MiB: for tests and throw-away files.
    case interactive
    /// 3 passes over 256 MiB: the default.
    case moderate
    /// 4 passes over 1 GiB: for the most exposed keys.
    case sensitive

    /// Argon2id passes (`opslimit`).
    public var opsLimit: UInt64 {
        switch self {
        case .interactive: return UInt64(crypto_pwhash_opslimit_interactive())
        case .moderate: return UInt64(crypto_pwhash_opslimit_moderate())
        case .sensitive: return UInt64(crypto_pwhash_opslimit_sensitive())
        }
    }

    /// Argon2id memory in bytes (`memlimit`).
    public var memLimit: UInt64 {
        switch self {
        case .interactive: return UInt64(crypto_pwhash_memlimit_interactive())
        case .moderate: return UInt64(crypto_pwhash_memlimit_moderate())
        case .sensitive: return UInt64(crypto_pwhash_memlimit_sensitive())
        }
    }
}

/// A small secret sealed under a passphrase: Argon2id (`crypto_pwhash`, algorithm passed
/// explicitly) derives a 32-byte key from the passphrase and a random salt; XChaCha20-Poly1305
/// (IETF) encrypts the secret with the whole header as associated data. Layout (integers
/// little-endian, see docs/vault-format.md):
///
///     magic 8 | alg u8 (=2, Argon2id v1.3) | opslimit u32 | memlimit u64 | salt 16 | nonce 24
///     | ciphertext (plaintext length + 16)
///
/// Used for editors' key files (magic `SRCKEY\0\1`), for generic blobs such as a story's
/// pseudonym table (magic `SRCBOX\0\1`, the default) and for the watch-list key.
public enum PassphraseBox {
    /// Magic of a generic passphrase-sealed blob.
    public static let blobMagic: [UInt8] = Array("SRCBOX".utf8) + [0, 1]
    /// Magic of an editor's key file.
    public static let keyFileMagic: [UInt8] = Array("SRCKEY".utf8) + [0, 1]
    /// Bytes before the ciphertext.
    public static let headerLength = 8 + 1 + 4 + 8 + 16 + 24
    /// Bytes the box adds to its plaintext.
    public static let overhead = headerLength + 16

    /// Largest Argon2id cost a box may ask for, checked before any key derivation (the cost
    /// is read from the file before anything is authenticated, so a flipped bit must not make
    /// a reader spend gigabytes and seconds): at most 16 passes, at most 1 GiB (the
    /// `sensitive` level) and at most 16 times the default work (`opslimit x memlimit <=
    /// 16 x 3 x 256 MiB`), as age caps scrypt near 16 times its default.
    public static let maxOpsLimit: UInt64 = 16
    public static let maxMemLimit: UInt64 = 1 << 30
    public static let maxWork: UInt64 = 16 * 3 * (256 << 20)

    /// Seals `plaintext` under `passphrase`; `magic` names the kind of file (8 bytes).
    public static func seal(_ plaintext: SecureBytes, passphrase: SecureBytes, level: KDFLevel = .moderate,
                            magic: [UInt8] = blobMagic) throws(KeyFileError) -> [UInt8] {
        precondition(magic.count == 8, "magic is 8 bytes")
        guard passphrase.count > 0 else { throw .emptyPassphrase }
        Sodium.ensureInitialized()
        var header = ByteWriter()
        header.append(magic)
        header.u8(UInt8(crypto_pwhash_alg_argon2id13()))
        header.u32(UInt32(level.opsLimit))
        header.u64(level.memLimit)
        var salt = [UInt8](repeating: 0, count: Int(crypto_pwhash_saltbytes()))
        randombytes_buf(&salt, salt.count)
        header.append(salt)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_npubbytes()))
        randombytes_buf(&nonce, nonce.count)
        header.append(nonce)
        let ad = header.bytes
        let key = try deriveKey(passphrase: passphrase, salt: salt, ops: level.opsLimit, mem: level.memLimit)
        var ct = [UInt8](repeating: 0, count: plaintext.count + Int(crypto_aead_xchacha20poly1305_ietf_abytes()))
        var ctLen: UInt64 = 0
        plaintext.withUnsafeBytes { p in
            key.withUnsafeBytes { k in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    &ct, &ctLen, p.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(p.count),
                    ad, UInt64(ad.count), nil, nonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return ad + ct
    }

    /// Opens a box made by `seal` with the same `magic`; the plaintext comes back in secret memory.
    public static func open(_ bytes: [UInt8], passphrase: SecureBytes,
                            magic: [UInt8] = blobMagic) throws(KeyFileError) -> SecureBytes {
        guard passphrase.count > 0 else { throw .emptyPassphrase }
        Sodium.ensureInitialized()
        var r = ByteReader(bytes)
        guard let m = r.take(8) else { throw .malformed }
        if !m.elementsEqual(magic) {
            if m.prefix(7).elementsEqual(magic.prefix(7)) { throw .unsupportedVersion(m.last!) }
            throw .malformed
        }
        guard let alg = r.u8(), let ops = r.u32(), let mem = r.u64(),
              let salt = r.take(Int(crypto_pwhash_saltbytes())),
              let nonce = r.take(Int(crypto_aead_xchacha20poly1305_ietf_npubbytes())) else { throw .malformed }
        guard Int32(alg) == crypto_pwhash_alg_argon2id13(),
              UInt64(ops) >= UInt64(crypto_pwhash_opslimit_min()), UInt64(ops) <= maxOpsLimit,
              mem >= UInt64(crypto_pwhash_memlimit_min()), mem <= maxMemLimit,
              UInt64(ops) * mem <= maxWork else { throw .unsupportedParameters }
        let abytes = Int(crypto_aead_xchacha20poly1305_ietf_abytes())
        guard r.remaining >= abytes else { throw .malformed }
        let ad = Array(bytes[0..<headerLength])
        let ct = Array(bytes[headerLength...])
        let key = try deriveKey(passphrase: passphrase, salt: Array(salt), ops: UInt64(ops), mem: mem)
        let out = SecureBytes(count: ct.count - abytes)
        var outLen: UInt64 = 0
        let n = Array(nonce)
        let rc = out.withUnsafeMutableBytes { o in
            key.withUnsafeBytes { k in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLen, nil, ct, UInt64(ct.count),
                    ad, UInt64(ad.count), n, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard rc == 0, Int(outLen) == out.count else { throw .wrongPassphrase }
        return out
    }

    /// The Argon2id parameters stored in a box, without opening it (nil when malformed).
    public static func parameters(of bytes: [UInt8]) -> (opsLimit: UInt64, memLimit: UInt64)? {
        var r = ByteReader(bytes, offset: 9)
        guard let ops = r.u32(), let mem = r.u64() else { return nil }
        return (UInt64(ops), mem)
    }

    static func deriveKey(passphrase: SecureBytes, salt: [UInt8], ops: UInt64, mem: UInt64) throws(KeyFileError) -> SecureBytes {
        let key = SecureBytes(count: Int(crypto_aead_xchacha20poly1305_ietf_keybytes()))
        let rc = key.withUnsafeMutableBytes { k in
            passphrase.withUnsafeBytes { p in
                crypto_pwhash(k.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(k.count),
                              p.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(p.count),
                              salt, ops, Int(mem), crypto_pwhash_alg_argon2id13())
            }
        }
        guard rc == 0 else { throw .keyDerivationFailed }
        return key
    }
}

/// An editor's key file: the X25519 secret key in a `PassphraseBox` with magic `SRCKEY\0\1`
/// (109 bytes), written with mode 0600 next to `FILE.pub` (the one-line public key).
public enum KeyFile {
    /// The key file's bytes for `key` under `passphrase`.
    public static func encode(_ key: SecretKey, passphrase: SecureBytes, level: KDFLevel = .moderate) throws(KeyFileError) -> [UInt8] {
        try PassphraseBox.seal(key.secret, passphrase: passphrase, level: level, magic: PassphraseBox.keyFileMagic)
    }

    /// Unlocks key-file bytes with `passphrase`.
    public static func decode(_ bytes: [UInt8], passphrase: SecureBytes) throws(KeyFileError) -> SecretKey {
        let secret = try PassphraseBox.open(bytes, passphrase: passphrase, magic: PassphraseBox.keyFileMagic)
        guard let key = SecretKey(secret: secret) else { throw .malformed }
        return key
    }

    /// The path of the public-key file written beside key file `path`.
    public static func publicKeyPath(for path: String) -> String { path + ".pub" }

    /// Generates a key pair and writes it: the key file at `path` (mode 0600) and `path.pub`
    /// (mode 0644). Refuses to overwrite either; when the `.pub` cannot be written the key file
    /// is removed again, so nothing half-made is left.
    public static func create(at path: String, passphrase: SecureBytes, level: KDFLevel = .moderate) throws(KeyFileError) -> SecretKey {
        guard passphrase.count > 0 else { throw .emptyPassphrase }
        let pubPath = publicKeyPath(for: path)
        if AtomicFile.exists(path) { throw .file(.exists(path: path)) }
        if AtomicFile.exists(pubPath) { throw .file(.exists(path: pubPath)) }
        let key = SecretKey.generate()
        try writePair(secret: try encode(key, passphrase: passphrase, level: level), at: path,
                      publicContents: key.publicKey.fileContents, publicPath: pubPath)
        return key
    }

    /// Writes a sealed secret key at `path` (0600) and its public line at `publicPath` (0644),
    /// never overwriting; when the public file cannot be written the key file is removed
    /// again, so nothing half-made is left. (Editor and reporter signing keys alike.)
    static func writePair(secret: [UInt8], at path: String, publicContents: [UInt8], publicPath: String) throws(KeyFileError) {
        do { try AtomicFile.write(secret, to: path, mode: 0o600, overwrite: false) } catch { throw .file(error) }
        do { try AtomicFile.write(publicContents, to: publicPath, mode: 0o644, overwrite: false) } catch {
            _ = unlinkFile(path)
            throw .file(error)
        }
    }

    /// Reads and unlocks the key file at `path`.
    public static func unlock(path: String, passphrase: SecureBytes) throws(KeyFileError) -> SecretKey {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .file(error) }
        return try decode(bytes, passphrase: passphrase)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@discardableResult
func unlinkFile(_ path: String) -> Bool { unlink(path) == 0 }

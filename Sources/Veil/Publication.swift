import VeilModel
import VeilVault
import Foundation

/// Why `Publication.write` wrote nothing (or removed what it had written). Messages name
/// paths, never content.
public enum PublicationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The vault could not be sealed (recipient count).
    case seal(VaultError)
    /// Writing the vault failed (`path` exists without overwrite, permission, full disk).
    case vaultWrite(FileError)
    /// The vault could not be read back after writing.
    case vaultReadBack(FileError)
    /// The vault read back does not verify; it was removed again (when it was new).
    case vaultVerify(path: String, VaultError)
    /// Writing the published text failed; the new vault was removed again.
    case outputWrite(FileError)

    public var description: String {
        switch self {
        case .seal(let e): return e.description
        case .vaultWrite(let e), .vaultReadBack(let e), .outputWrite(let e): return e.description
        case .vaultVerify(let path, let e):
            return "\(path): the vault read back does not verify (\(e.description)); redacted text not written"
        }
    }
}

/// Where `Publication.write` put the two files.
public struct PublishedFiles: Sendable, Equatable {
    public var output: String
    public var vault: String
    /// Records sealed into the vault.
    public var recordCount: Int
}

/// Writes a redaction's two files in the one order `veil redact` and `veil review` share:
/// the vault first (temporary file, fsync, rename), read back and verified with the file key
/// still in memory, and only then the published text. Should the published text fail, a vault
/// that did not exist before is removed again, so no orphan is left. The draft is never touched.
public enum Publication {
    public static func write(published: [UInt8], records: [VaultRecord], recipients: [PublicKey],
                             signer: SigningSecretKey? = nil, output: String, vault: String,
                             overwrite: Bool) throws(PublicationError) -> PublishedFiles {
        let vaultExisted = AtomicFile.exists(vault)
        let sealed: SealedVault
        do { sealed = try Vault.seal(records: records, recipients: recipients, publishedText: published, signer: signer) } catch {
            throw .seal(error)
        }
        do { try AtomicFile.write(sealed.bytes, to: vault, mode: 0o600, overwrite: overwrite) } catch {
            throw .vaultWrite(error)
        }
        let readBack: [UInt8]
        do { readBack = try AtomicFile.read(vault) } catch { throw .vaultReadBack(error) }
        do { try sealed.verify(readBack) } catch {
            if !vaultExisted { unlink(vault) }
            throw .vaultVerify(path: vault, error)
        }
        do { try AtomicFile.write(published, to: output, mode: 0o644, overwrite: overwrite) } catch {
            if !vaultExisted { unlink(vault) }
            throw .outputWrite(error)
        }
        return PublishedFiles(output: output, vault: vault, recordCount: records.count)
    }
}

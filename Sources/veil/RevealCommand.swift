import ArgumentParser
import Foundation
import Veil

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `veil reveal`: opens a vault with an editor's key and restores the original draft.
struct RevealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reveal",
        abstract: "Open a sealed vault with your key and restore the original draft, byte for byte.",
        discussion: """
        The whole vault is verified first (recipient, header, every record, their order and \
        count); nothing is written unless everything checks out. Without --output the draft \
        goes to standard output; with --output it is written atomically with mode 0600. \
        --list prints one line per placeholder record instead: its id, a tab, and the original \
        (backslash, tab, CR and newline escaped as \\\\, \\t, \\r, \\n).

        \(ExitStatus.helpText)
        """)

    @Argument(help: ArgumentHelp("The vault to open.", valueName: "VAULT"))
    var vault: String

    @Option(help: ArgumentHelp("Your secret key file (made by `veil keygen`).", valueName: "KEYFILE"))
    var identity: String

    @OptionGroup var passphrase: PassphraseOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "OUT"))
    var output: String?

    @Flag(help: "List each placeholder's record id and original instead of restoring the draft.")
    var list = false

    @Flag(help: "Overwrite OUT if it exists.")
    var force = false

    @Option(help: ArgumentHelp(
        "Also check that this file is exactly the redacted text the vault was sealed with (exit 4 if not).",
        valueName: "FILE"))
    var published: String?

    func run() throws {
        let vaultBytes: [UInt8]
        do { vaultBytes = try AtomicFile.read(vault) } catch { throw CommandFailure(fileExitStatus(error), error.description) }
        do { _ = try Vault.summary(vaultBytes) } catch { throw CommandFailure(error.exitStatus, "\(vault): \(error.description)") }
        let keyBytes: [UInt8]
        do { keyBytes = try AtomicFile.read(identity) } catch { throw CommandFailure(fileExitStatus(error), error.description) }
        if RevealCommand.isPublicKeyFile(keyBytes) {
            throw CommandFailure(.usage, "\(identity): this is a public key; reveal needs the editor's secret key file (the one veil keygen wrote without .pub)")
        }
        if let out = output, !force, AtomicFile.exists(out) { throw KeyFileError.file(.exists(path: out)) }
        var publishedBytes: [UInt8]?
        if let path = published {
            do { publishedBytes = try AtomicFile.read(path) } catch { throw CommandFailure(fileExitStatus(error), error.description) }
        }

        let secret = try passphrase.read(prompt: "Passphrase for \(identity): ")
        let key: SecretKey
        do { key = try KeyFile.decode(keyBytes, passphrase: secret) } catch {
            throw CommandFailure(error.exitStatus, "\(identity): \(error.description)")
        }
        let opened: OpenedVault
        do { opened = try Vault.open(vaultBytes, identity: key) } catch {
            throw CommandFailure(error.exitStatus, "\(vault): \(error.description)")
        }

        if let text = publishedBytes, let path = published, !opened.matchesPublishedText(text) {
            throw CommandFailure(.integrity, "\(path) is not the redacted text this vault was sealed with")
        }

        var bytes: [UInt8]
        if list {
            bytes = RevealCommand.listing(opened)
        } else {
            guard let draft = opened.draft else {
                throw CommandFailure(.usage, "\(vault) holds no whole draft (record \(Vault.draftRecordID)); use --list")
            }
            bytes = draft.copyBytes()
        }
        defer { SecureBytes.wipe(&bytes) }
        if let out = output {
            do { try AtomicFile.write(bytes, to: out, mode: 0o600, overwrite: force) } catch {
                throw CommandFailure(fileExitStatus(error), error.description)
            }
        } else {
            try RevealCommand.writeStandardOutput(bytes)
        }
    }

    /// One `id<TAB>original` line per placeholder record (reserved `@` records left out).
    static func listing(_ opened: OpenedVault) -> [UInt8] {
        var out: [UInt8] = []
        // Reserve the worst case up front: growing the array would leave stale copies of
        // originals in freed memory.
        out.reserveCapacity(opened.records.reduce(0) { $0 + $1.id.utf8.count + 2 * $1.content.count + 2 })
        for record in opened.records where !record.id.hasPrefix("@") {
            out.append(contentsOf: record.id.utf8)
            out.append(0x09)
            record.content.withUnsafeBytes { raw in
                for b in raw {
                    switch b {
                    case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                    case 0x09: out.append(contentsOf: [0x5C, 0x74])
                    case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                    case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                    default: out.append(b)
                    }
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Writes everything to file descriptor 1, retrying short writes.
    static func writeStandardOutput(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandFailure(.io, "cannot write to standard output: \(String(cString: strerror(errno)))")
            }
            written += n
        }
    }

    /// Whether `bytes` read as a public key file: its first line that is neither blank nor a
    /// `#` comment starts with `veilpk1` (any case).
    static func isPublicKeyFile(_ bytes: [UInt8]) -> Bool {
        for line in String(decoding: bytes.prefix(4096), as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            return t.lowercased().hasPrefix(PublicKey.prefix)
        }
        return false
    }
}

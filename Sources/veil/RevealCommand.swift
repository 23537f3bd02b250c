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
        (and, for a vault published by `veil review`, a line `@decisions` with the editor's choices as JSON) \
        (backslash, tab, CR and newline escaped as \\\\, \\t, \\r, \\n; other control \
        characters and invalid bytes as \\xHH; C1 controls and bidirectional overrides as \\u{HHHH}).

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

    @Option(help: ArgumentHelp(
        "The reporter's public signing key (a veilsig1… line or its .pub file): the vault must carry their signature (exit 4 if not).",
        valueName: "KEY"))
    var signer: String?

    func run() throws {
        let vaultBytes: [UInt8]
        do { vaultBytes = try AtomicFile.read(vault) } catch { throw CommandFailure(fileExitStatus(error), error.description) }
        let summary: VaultSummary
        do { summary = try Vault.summary(vaultBytes) } catch { throw CommandFailure(error.exitStatus, "\(vault): \(error.description)") }
        // The signature needs no secret: checked before any passphrase is asked.
        var signerKey: SigningPublicKey?
        if let signer {
            do { signerKey = try SigningPublicKey(argument: signer) } catch { throw CommandFailure(error.exitStatus, "--signer: \(error.description)") }
            do { try Vault.checkSignature(vaultBytes, signer: signerKey!) } catch {
                throw CommandFailure(error.exitStatus, "\(vault): \(error.description)")
            }
        }
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
        do { opened = try Vault.open(vaultBytes, identity: key, signer: signerKey) } catch {
            throw CommandFailure(error.exitStatus, "\(vault): \(error.description)")
        }
        if signerKey != nil {
            printError("veil: \(vault): signed by \(signerKey!.encoded) (signature checked)")
        } else if summary.isSigned {
            printError("veil: \(vault): the vault is signed, but the signature was not checked (name the reporter's key with --signer)")
        } else {
            printError("veil: \(vault): the vault is not signed: anyone holding your public key could have made it")
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

    /// One `id<TAB>original` line per placeholder record (reserved `@` records left out, but for
    /// `@decisions`: the editor's choices in `veil review`, one line of JSON, listed last).
    /// Nothing from the vault reaches the terminal raw (a vault can be forged by anyone holding
    /// the editor's public key): `\`, TAB, CR and LF become `\\`, `\t`, `\r`, `\n`; other C0
    /// controls, DEL and bytes that are not valid UTF-8 become `\xHH`; C1 controls
    /// (U+0080-U+009F) and the bidirectional overrides and isolates (U+202A-U+202E,
    /// U+2066-U+2069) become `\u{HHHH}`. Record ids are printable ASCII by the format.
    static func listing(_ opened: OpenedVault) -> [UInt8] {
        var out: [UInt8] = []
        // Reserve the worst case up front (every byte as \xHH): growing the array would leave
        // stale copies of originals in freed memory.
        out.reserveCapacity(opened.records.reduce(0) { $0 + $1.id.utf8.count + 4 * $1.content.count + 2 })
        for record in opened.records where !record.id.hasPrefix("@") || record.id == Vault.decisionsRecordID {
            out.append(contentsOf: record.id.utf8)
            out.append(0x09)
            record.content.withUnsafeBytes { raw in
                escapeForTerminal(UnsafeRawBufferPointer(raw), into: &out)
            }
            out.append(0x0A)
        }
        return out
    }

    /// Appends `bytes` to `out` with every control, invalid byte and bidi override escaped.
    static func escapeForTerminal(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        func byteEscape(_ b: UInt8) { out.append(contentsOf: [0x5C, 0x78, hex[Int(b >> 4)], hex[Int(b & 15)]]) }
        func scalarEscape(_ v: UInt32) {
            out.append(contentsOf: [0x5C, 0x75, 0x7B])
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((v >> UInt32(shift)) & 15)]) }
            out.append(0x7D)
        }
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                switch b {
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x00..<0x20, 0x7F: byteEscape(b)
                default: out.append(b)
                }
                i += 1
                continue
            }
            // Decode one UTF-8 scalar strictly (no overlongs, no surrogates, <= U+10FFFF).
            var length = 0, value: UInt32 = 0, minimum: UInt32 = 0
            switch b {
            case 0xC2...0xDF: length = 2; value = UInt32(b & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; value = UInt32(b & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; value = UInt32(b & 0x07); minimum = 0x10000
            default: length = 0
            }
            var valid = length > 0 && i + length <= n
            if valid {
                for k in 1..<length {
                    let c = bytes[i + k]
                    if c & 0xC0 != 0x80 { valid = false; break }
                    value = value << 6 | UInt32(c & 0x3F)
                }
            }
            if valid && (value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value)) { valid = false }
            guard valid else { byteEscape(b); i += 1; continue }
            if (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) {
                scalarEscape(value)
            } else {
                for k in 0..<length { out.append(bytes[i + k]) }
            }
            i += length
        }
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

import ArgumentParser
import Foundation
import Veil

/// `veil redact`: writes a publishable copy of a draft and seals every original into a vault
/// that only the named editors' secret keys open.
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Redact a draft for publication and seal the originals into a vault.",
        discussion: """
        Writes VAULT first (temporary file, fsync, rename), reads it back and verifies its \
        structure and MAC, and only then writes OUT. DRAFT is never modified. Before writing OUT, \
        Veil re-scans it and refuses (exit 5) if any removed original survives in any case, \
        spacing or Unicode form. Defaults: OUT is DRAFT with `.redacted` before its extension, \
        VAULT is DRAFT plus `.vault`; existing files are kept unless --force.
        Note: --term values appear in shell history and the process list; prefer a policy \
        file's deny list or a watch-list for names that must stay secret.

        \(ExitStatus.helpText)
        """)

    @OptionGroup var publish: PublishOptions

    @Option(name: .customLong("term"), help: ArgumentHelp(
        "Always redact this text, every occurrence, ignoring case, diacritics, hyphens and spacing. Repeatable.",
        valueName: "TEXT"))
    var terms: [String] = []

    @Option(help: ArgumentHelp(
        "A story file keeping pseudonyms consistent across drafts of one story, sealed under a passphrase (created when missing).",
        valueName: "FILE"))
    var story: String?

    @Option(help: ArgumentHelp(
        "A sealed watch-list (veil watchlist add): redact every occurrence of its terms. With --story, one --passphrase-env/--passphrase-fd unlocks both.",
        valueName: "FILE"))
    var watchlist: String?

    @Option(help: ArgumentHelp(
        "Sign the vault with this signing key file (veil keygen --signing), so editors can check it came from you (veil reveal --signer).",
        valueName: "KEYFILE"))
    var sign: String?

    @OptionGroup var passphrase: PassphraseOptions

    @OptionGroup var detection: DetectionOptions

    @Flag(help: ArgumentHelp(
        "Print each changed sentence before (-) and after (+) to the terminal, so an editor reads only what changed.",
        discussion: "The '-' lines hold the ORIGINALS: they are for the editor's terminal only. Refused when standard output is not a terminal (a pipe, a file, a CI log); --diff-file writes them to a file on purpose."))
    var diff = false

    @Option(name: .customLong("diff-file"), help: ArgumentHelp(
        "Write the changed sentences before and after to FILE (mode 0600; it holds the originals: keep it with the draft, never publish or log it).",
        valueName: "FILE"))
    var diffFile: String?

    func validate() throws {
        if diff && diffFile != nil { throw ValidationError("--diff prints to the terminal and --diff-file writes a file: choose one") }
        // The diff's "before" side holds the originals: printed only to a terminal, never into a
        // pipe or file the editor did not name.
        if diff && isatty(STDOUT_FILENO) != 1 {
            throw ValidationError("--diff prints the originals and standard output is not a terminal; use --diff-file FILE to write them to a file on purpose")
        }
        // A term with no letter or digit folds to nothing (or to bare punctuation): it would
        // redact nothing, or every comma. The message names its position, never its text.
        if let k = terms.firstIndex(where: { !$0.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil } }) {
            throw ValidationError("--term number \(k + 1) has no letter or digit (only spaces, hyphens or punctuation): it would match nothing; give the words to redact")
        }
    }

    /// `dir/name.ext` -> `dir/name.redacted.ext`; `name` -> `name.redacted`.
    static func defaultOutput(for draft: String) -> String {
        let slash = draft.lastIndex(of: "/").map { draft.index(after: $0) } ?? draft.startIndex
        if let dot = draft[slash...].lastIndex(of: "."), dot != slash {
            return String(draft[..<dot]) + ".redacted" + String(draft[dot...])
        }
        return draft + ".redacted"
    }

    func run() throws {
        let draft = publish.draft, force = publish.force
        let outPath = publish.outputPath, vaultPath = publish.vaultPath
        try checkDestinations(out: outPath, vault: vaultPath)
        if let diffFile {
            if [outPath, vaultPath, draft].contains(diffFile) || story == diffFile {
                throw CommandFailure(.usage, "--diff-file \(diffFile) is the draft or another output; name a file of its own")
            }
            if !force && AtomicFile.exists(diffFile) {
                throw CommandFailure(.usage, "\(diffFile) already exists (use --force to overwrite)")
            }
        }

        let document = try publish.readDocument()
        let keys = try publish.publicKeys()
        let chosen = try publish.resolvedPolicy()

        // A non-interactive passphrase (environment variable or file descriptor) is read once and
        // unlocks both the story file and the watch-list; at a terminal each is asked for.
        var shared: SecureBytes?
        func secret(_ prompt: String, confirm: Bool) throws -> SecureBytes {
            if passphrase.isInteractive { return try passphrase.read(prompt: prompt, confirm: confirm) }
            if let shared { return shared }
            let read = try passphrase.read(prompt: prompt)
            shared = read
            return read
        }

        // Watch-list terms are redacted wherever they stand; the list is opened before anything is written.
        var watchFindings: [Finding] = []
        if let watchlist {
            let list = try Watchlist.load(path: watchlist)
            let matcher = try list.matcher(passphrase: try secret("Passphrase for the watch-list \(watchlist): ", confirm: false))
            watchFindings = matcher.findings(in: document)
        }

        // The reporter's signing key, unlocked before anything is written.
        var signingKey: SigningSecretKey?
        if let sign {
            let keyBytes: [UInt8]
            do { keyBytes = try AtomicFile.read(sign) } catch { throw CommandFailure(fileExitStatus(error), error.description) }
            do { signingKey = try SigningKeyFile.decode(keyBytes, passphrase: try secret("Passphrase for the signing key \(sign): ", confirm: false)) } catch {
                if let e = error as? KeyFileError { throw CommandFailure(e.exitStatus, "\(sign): \(e.description)") }
                throw error
            }
        }

        // The story's pseudonym table, if any: opened before redacting, saved after.
        var table = PseudonymTable()
        var storySecret: SecureBytes?
        if let story {
            let key = try secret("Passphrase for story file \(story): ", confirm: !AtomicFile.exists(story))
            storySecret = key
            if AtomicFile.exists(story) {
                table = try StoryFile.open(story, passphrase: key)
            }
        }

        let pipeline = Pipeline(policy: chosen, detector: detection.detector)
        var result: RedactionResult
        let printer = ProgressPrinter.forTerminal(command: "veil redact")
        defer { printer?.finish() }
        do {
            result = try pipeline.redact(document, terms: terms, extraFindings: watchFindings, markdown: Pipeline.isMarkdown(path: draft),
                                         pseudonyms: &table, progress: printer?.handler)
        } catch {
            throw CommandFailure(.leak, error.description)
        }
        // The decisions are not needed to seal and write: freed before the vault is built (a
        // large draft's decisions weigh several times the draft).
        result.audited.outcome.decisions = []

        // 1. The vault: sealed, written atomically, read back and verified; 2. only then the
        // published text (a new vault is removed again should that fail). One sequence, shared
        // with `veil review` (Publication.write).
        printer?.finish()
        do {
            _ = try Publication.write(published: result.published, records: result.records, recipients: keys, signer: signingKey,
                                      output: outPath, vault: vaultPath, overwrite: force)
        } catch {
            throw CommandFailure(error.exitStatus, error.description)
        }

        // 3. The story's pseudonyms, for the next draft.
        if let story, let storySecret {
            try StoryFile.save(table, to: story, passphrase: storySecret)
        }

        // 4. The changed sentences, for the editor: to the terminal, or to the file named.
        if diff || diffFile != nil {
            let changes = Redaction.changedSentences(in: document, replacements: result.replacements)
            let rendered = RedactCommand.render(changes)
            if let diffFile {
                do { try AtomicFile.write(Array(rendered.utf8), to: diffFile, mode: 0o600, overwrite: force) } catch {
                    throw CommandFailure(fileExitStatus(error), error.description)
                }
            } else {
                FileHandle.standardOutput.write(Data(rendered.utf8))
            }
        }

        var counts: [Action: Int] = [:]
        for r in result.replacements { counts[r.action, default: 0] += 1 }
        let verbs: [(Action, String)] = [(.redact, "redacted"), (.generalize, "generalized"), (.pseudonymize, "pseudonymized")]
        let parts = verbs.compactMap { a, verb in counts[a].map { "\($0) \(verb)" } }
        printError("veil: wrote \(outPath) (\(parts.isEmpty ? "nothing replaced" : parts.joined(separator: ", ")), policy \(chosen.name)); "
                   + "sealed \(result.records.count) records for \(keys.count) recipient\(keys.count == 1 ? "" : "s") into \(vaultPath)"
                   + (signingKey == nil ? "" : ", signed"))
    }

    /// The changed sentences as the editor reads them: "@@ line N", the sentence as drafted
    /// ("- "), as published ("+ "), a blank line between sentences.
    static func render(_ changes: [SentenceChange]) -> String {
        var out = ""
        for c in changes {
            out += "@@ line \(c.line)\n- \(c.before)\n+ \(c.after)\n\n"
        }
        return out
    }

    /// Refuses before any work when an output would overwrite the draft or an existing file.
    func checkDestinations(out: String, vault: String) throws {
        try RedactCommand.checkDestinations(draft: publish.draft, out: out, vault: vault, story: story, force: publish.force)
    }

    /// As `checkDestinations(out:vault:)`, for any command writing OUT and VAULT (`veil review`).
    static func checkDestinations(draft: String, out: String, vault: String, story: String?, force: Bool) throws {
        let draftReal = realPath(draft)
        for path in [out, vault] + (story.map { [$0] } ?? []) where realPath(path) == draftReal {
            throw CommandFailure(.usage, "\(path) is the draft itself; the draft is never modified")
        }
        if out == vault { throw CommandFailure(.usage, "OUT and VAULT must be different files") }
        for path in [out, vault] {
            let dir = AtomicFile.directory(of: path)
            var isDir: ObjCBool = false
            if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
                throw CommandFailure(.usage, "\(dir): no such directory for \(path)")
            }
            if access(dir, W_OK) != 0 { throw CommandFailure(.usage, "\(dir): not writable") }
        }
        if !force {
            for path in [out, vault] where AtomicFile.exists(path) {
                throw CommandFailure(.usage, "\(path) already exists (use --force to overwrite)")
            }
        }
    }

    private static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

extension PublicationError {
    /// The exit status `veil redact` has always given each failure of the write sequence.
    var exitStatus: ExitStatus {
        switch self {
        case .seal(let e): return e.exitStatus
        case .vaultWrite(let e), .outputWrite(let e): return fileExitStatus(e)
        case .vaultReadBack: return .io
        case .vaultVerify: return .integrity
        }
    }
}

extension RedactionError: CLIFailure {
    var exitStatus: ExitStatus {
        if case .outOfSecureMemory = self { return .io }
        return .leak
    }
    var message: String { description }
}

/// A story's pseudonym table on the reporter's laptop, sealed under a passphrase (the same
/// Argon2id + XChaCha20-Poly1305 box as an editor's key file), so that "Person A" stays the same
/// person in the next draft without the table ever being stored in clear text.
enum StoryFile {
    /// Magic of a story file: a passphrase box whose plaintext is the JSON table padded with
    /// `Padding.pad` (docs/vault-format.md section 6).
    static let magic: [UInt8] = Array("SRCSTY".utf8) + [0, 1]

    static func open(_ path: String, passphrase: SecureBytes) throws -> PseudonymTable {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw CommandFailure(fileExitStatus(error), error.description) }
        let plain: SecureBytes
        do throws(KeyFileError) {
            // Story files are padded (magic SRCSTY); files of the first format (SRCBOX) are read too.
            if bytes.starts(with: StoryFile.magic) {
                guard let content = Padding.unpad(try PassphraseBox.open(bytes, passphrase: passphrase, magic: StoryFile.magic)) else {
                    throw KeyFileError.malformed
                }
                plain = content
            } else {
                plain = try PassphraseBox.open(bytes, passphrase: passphrase)
            }
        } catch {
            throw CommandFailure(error.exitStatus, "\(path): \(error.description)")
        }
        do {
            return try JSONDecoder().decode(PseudonymTable.self, from: Data(plain.copyBytes()))
        } catch {
            throw CommandFailure(.integrity, "\(path): the story file opened but its content is not a pseudonym table")
        }
    }

    static func save(_ table: PseudonymTable, to path: String, passphrase: SecureBytes) throws {
        let json: Data
        do { json = try JSONEncoder().encode(table) } catch { throw CommandFailure(.io, "cannot encode the story's pseudonyms") }
        // Padded to a Padmé bucket, so the file's size does not tell how many pseudonyms it holds.
        let sealed = try PassphraseBox.seal(Padding.pad(SecureBytes(copying: Array(json))), passphrase: passphrase, magic: StoryFile.magic)
        do { try AtomicFile.write(sealed, to: path, mode: 0o600, overwrite: true) } catch {
            throw CommandFailure(fileExitStatus(error), error.description)
        }
    }
}

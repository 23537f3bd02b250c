import ArgumentParser
import Foundation
import Veil

/// Whether the learned tagger runs beside the rules: `audit`, `redact` and `review` take it.
struct DetectionOptions: ParsableArguments {
    @Flag(name: .customLong("model"), inversion: .prefixedNo, help: ArgumentHelp(
        "Run the learned tagger beside the rules (more names and places found, about half the detector's speed).",
        discussion: "Default: off, unless the environment has VEIL_MODEL=1 (for scripts that score corpora)."))
    var model: Bool?

    /// The detector this run uses: the flag, else `VEIL_MODEL`, else the library's default.
    var detector: Detector {
        Detector(model: model ?? DetectionOptions.environmentDefault(ProcessInfo.processInfo.environment))
    }

    /// `VEIL_MODEL=1` turns the tagger on, `VEIL_MODEL=0` off; anything else leaves the default.
    static func environmentDefault(_ environment: [String: String]) -> Bool {
        switch environment["VEIL_MODEL"] {
        case "1": return true
        case "0": return false
        default: return Detector.modelByDefault
        }
    }
}

/// What `veil redact` and `veil review` share: the draft, its editors, the policy, and where the
/// published text and the vault go. Declared once, so the two commands cannot drift apart.
struct PublishOptions: ParsableArguments {
    @Argument(help: "The draft (UTF-8 text or Markdown). It is never modified.")
    var draft: String

    @Option(name: .customLong("to"), help: ArgumentHelp(
        "An editor's public key: a veilpk1… line or the path of a .pub file. Repeat for up to 8 editors.",
        valueName: "KEY"))
    var recipients: [String] = []

    @Option(help: ArgumentHelp("Policy: a shipped name (standard, strict, minimal) or a YAML file.", valueName: "FILE|NAME"))
    var policy: String = "standard"

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the redacted text (default: DRAFT with .redacted before its extension).", valueName: "OUT"))
    var output: String?

    @Option(help: ArgumentHelp("Where to write the sealed vault (default: DRAFT.vault).", valueName: "VAULT"))
    var vault: String?

    @Flag(help: "Overwrite OUT and VAULT (and redact's story file) if they exist.")
    var force = false

    func validate() throws {
        if recipients.isEmpty { throw ValidationError("name at least one editor's public key with --to") }
    }

    var outputPath: String { output ?? RedactCommand.defaultOutput(for: draft) }
    var vaultPath: String { vault ?? draft + ".vault" }

    /// The draft, read whole (up to the documented limit) and checked as text: exit 2 otherwise.
    func readDocument() throws -> Document {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(draft, limit: Document.maxFileBytes) } catch { throw CommandFailure(.usage, error.description) }
        do { return try Document(bytes: bytes, path: draft) } catch {
            throw CommandFailure(.usage, "\(draft): \(error.description)")
        }
    }

    /// The editors' keys; the same key named twice (as a line and as its .pub file, say) is one.
    func publicKeys() throws -> [PublicKey] {
        var keys: [PublicKey] = []
        for argument in recipients {
            let key = try PublicKey(argument: argument)
            if !keys.contains(where: { $0.bytes == key.bytes }) { keys.append(key) }
        }
        if keys.count > Vault.maxRecipients {
            throw CommandFailure(.usage, "at most \(Vault.maxRecipients) recipients (--to) are supported, got \(keys.count)")
        }
        return keys
    }

    /// The named policy, resolved: exit 2 when it does not load.
    func resolvedPolicy() throws -> Policy {
        do { return try Policy.resolve(policy) } catch { throw CommandFailure(.usage, error.description) }
    }
}

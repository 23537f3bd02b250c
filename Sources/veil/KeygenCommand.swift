import ArgumentParser
import Foundation
import Veil

/// `veil keygen`: creates an editor's key pair.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an editor's key pair: a passphrase-protected secret key file and its public key.",
        discussion: """
        Writes FILE (the X25519 secret key encrypted under your passphrase with Argon2id and \
        XChaCha20-Poly1305, mode 0600) and FILE.pub (the public key), refusing to overwrite \
        either, and prints the public key line (veilpk1...) to give to reporters: they seal \
        vaults to it with `veil redact --to`. The passphrase is asked twice without echo on a \
        terminal, or read from --passphrase-env / --passphrase-fd; it is never an argument. \
        Keep FILE private and backed up: without it and its passphrase no vault sealed to this \
        key can ever be opened.

        \(ExitStatus.helpText)
        """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Secret key file to create; the public key goes to FILE.pub.", valueName: "FILE"))
    var output: String

    @OptionGroup var passphrase: PassphraseOptions

    @Flag(help: "Create a reporter's Ed25519 signing key instead (for `veil redact --sign`); FILE.pub gets its veilsig1… line, which editors pass to `veil reveal --signer`.")
    var signing = false

    @Option(help: "Argon2id cost: interactive (fast, weaker), moderate, or sensitive (about 4 s and 1 GiB per unlock).")
    var level: KDFLevel = .moderate

    func run() throws {
        // Refuse before asking anything when either file exists.
        for path in [output, KeyFile.publicKeyPath(for: output)] where AtomicFile.exists(path) {
            throw CommandFailure(.usage, "\(path) already exists: veil keygen never overwrites a key (choose another --output)")
        }
        let secret = try passphrase.read(prompt: "Passphrase for the new key \(output): ", confirm: true)
        if secret.count < 12 {
            printError("veil: warning: a passphrase shorter than 12 characters is easy to guess if the key file is stolen")
        }
        if signing {
            let key = try SigningKeyFile.create(at: output, passphrase: secret, level: level)
            printError("veil: wrote \(output) (signing key: keep it private) and \(KeyFile.publicKeyPath(for: output)) (give it to your editors)")
            print(key.publicKey.encoded)
            return
        }
        let key = try KeyFile.create(at: output, passphrase: secret, level: level)
        printError("veil: wrote \(output) (secret key: keep it private) and \(KeyFile.publicKeyPath(for: output))")
        print(key.publicKey.encoded)
    }
}

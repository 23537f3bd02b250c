import ArgumentParser
import Foundation
import Veil

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `veil watchlist`: a newsroom's sealed list of terms that must never be published.
struct WatchlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchlist",
        abstract: "Keep a sealed watch-list of sensitive terms (names, codenames, numbers) for `veil audit --watchlist`.",
        discussion: """
        The file holds only keyed BLAKE2b hashes of the normalized terms; the key is sealed \
        under a passphrase (Argon2id). Without the passphrase the file reveals nothing but how \
        many terms it holds. Matching ignores case, diacritics, hyphens and spacing.
        """,
        subcommands: [Add.self, Count.self])

    /// `veil watchlist add`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create a watch-list or add terms to it.",
            discussion: """
            Terms given as arguments end up in your shell history and are visible to other users \
            in the process list: prefer --terms-fd, e.g. `veil watchlist add list.vwl --terms-fd 3 \
            3<terms.txt` (one term per line), then delete terms.txt securely. The passphrase is \
            asked on the terminal (twice when the file is created), or read from \
            --passphrase-env / --passphrase-fd.

            \(ExitStatus.helpText)
            """)

        @Argument(help: ArgumentHelp("The watch-list file (created when missing).", valueName: "FILE"))
        var file: String

        @Argument(help: ArgumentHelp("Terms to add (visible in shell history: prefer --terms-fd).", valueName: "TERM"))
        var terms: [String] = []

        @Option(name: .customLong("terms-fd"), help: ArgumentHelp(
            "Read more terms, one per line, from this open file descriptor (keeps them out of shell history).",
            valueName: "N"))
        var termsFd: Int32?

        @OptionGroup var passphrase: PassphraseOptions

        @Option(help: "Argon2id cost when creating the file: interactive, moderate or sensitive.")
        var level: KDFLevel = .moderate

        func run() throws {
            var all = terms
            if let fd = termsFd { all += try Add.readTerms(fd: fd) }
            all = all.filter { !$0.allSatisfy(\.isWhitespace) }
            guard !all.isEmpty else { throw CommandFailure(.usage, "no terms given (as arguments or with --terms-fd)") }
            let updated: Watchlist
            let before: Int
            if AtomicFile.exists(file) {
                let existing = try Watchlist.load(path: file)
                before = existing.count
                let secret = try passphrase.read(prompt: "Passphrase for the watch-list \(file): ")
                updated = try existing.adding(terms: all, passphrase: secret)
                try updated.write(to: file, overwrite: true)
            } else {
                before = 0
                let secret = try passphrase.read(prompt: "Passphrase for the new watch-list \(file): ", confirm: true)
                updated = try Watchlist.create(terms: all, passphrase: secret, level: level)
                try updated.write(to: file, overwrite: false)
            }
            print("\(file): \(updated.count) terms (\(updated.count - before) added)")
        }

        /// Reads lines from `fd` to end of file; CR and surrounding spaces removed, empty lines skipped.
        static func readTerms(fd: Int32) throws -> [String] {
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CommandFailure(.usage, "cannot read terms from file descriptor \(fd): \(String(cString: strerror(errno)))")
                }
                if n == 0 { break }
                data.append(contentsOf: buffer[0..<n])
            }
            defer { SecureBytes.wipe(&data) }
            guard Document.firstInvalidUTF8(data) == nil else {
                throw CommandFailure(.usage, "the terms read from file descriptor \(fd) are not valid UTF-8")
            }
            return String(decoding: data, as: UTF8.self)
                .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
    }

    /// `veil watchlist count`.
    struct Count: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "count",
            abstract: "Print how many terms a watch-list holds (no passphrase needed).")

        @Argument(help: ArgumentHelp("The watch-list file.", valueName: "FILE"))
        var file: String

        func run() throws {
            print(try Watchlist.load(path: file).count)
        }
    }
}

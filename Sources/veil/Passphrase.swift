import ArgumentParser
import Foundation
import Veil

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command reads a passphrase from: a named environment variable, an open file
/// descriptor, or (when neither is given) the terminal, without echo. Never from an argument,
/// which would land in shell history and in the process list. Reused by every command that
/// needs a passphrase (`keygen`, `reveal`, `watchlist add`, `redact` for a story file).
struct PassphraseOptions: ParsableArguments {
    @Option(name: .customLong("passphrase-env"), help: ArgumentHelp(
        "Read the passphrase from this environment variable (its name, not the passphrase).",
        valueName: "VAR"))
    var passphraseEnv: String?

    @Option(name: .customLong("passphrase-fd"), help: ArgumentHelp(
        "Read the passphrase from this open file descriptor, up to the first newline (e.g. 3 with 3<file).",
        valueName: "N"))
    var passphraseFd: Int32?

    /// Longest passphrase accepted, in bytes.
    static let maxLength = 4096

    func validate() throws {
        if passphraseEnv != nil && passphraseFd != nil {
            throw ValidationError("give --passphrase-env or --passphrase-fd, not both")
        }
        if let fd = passphraseFd, fd < 0 { throw ValidationError("--passphrase-fd needs a non-negative descriptor number") }
    }

    /// Whether the passphrase will be asked on the terminal.
    var isInteractive: Bool { passphraseEnv == nil && passphraseFd == nil }

    /// Reads the passphrase into guarded memory. On a terminal, `prompt` is shown and, when
    /// `confirm` is true, the passphrase is asked twice and must match. Empty is refused.
    func read(prompt: String, confirm: Bool = false) throws -> SecureBytes {
        let secret: SecureBytes
        if let name = passphraseEnv {
            guard let value = getenv(name) else {
                throw CommandFailure(.usage, "environment variable \(name) is not set")
            }
            let n = strlen(value)
            guard n <= PassphraseOptions.maxLength else { throw CommandFailure(.usage, "the passphrase is too long") }
            secret = SecureBytes(copying: UnsafeRawBufferPointer(start: value, count: n))
        } else if let fd = passphraseFd {
            secret = try PassphraseOptions.readLine(fd: fd, what: "file descriptor \(fd)")
        } else {
            secret = try PassphraseOptions.readFromTerminal(prompt: prompt)
            if confirm && secret.count > 0 {
                let again = try PassphraseOptions.readFromTerminal(prompt: "Repeat the passphrase: ")
                guard secret.constantTimeEquals(again) else { throw CommandFailure(.usage, "the passphrases do not match") }
            }
        }
        guard secret.count > 0 else { throw KeyFileError.emptyPassphrase }
        return secret
    }

    /// Reads bytes from `fd` one at a time up to a newline or end of file (so nothing after the
    /// line is consumed), into guarded memory; a trailing CR is dropped.
    static func readLine(fd: Int32, what: String) throws -> SecureBytes {
        let buffer = SecureBytes(count: maxLength + 1)
        var length = 0
        let failure: Int32? = buffer.withUnsafeMutableBytes { raw -> Int32? in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            while length <= maxLength {
                let n = Glibc.read(fd, p + length, 1)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 || p[length] == 0x0A { break }
                length += 1
            }
            if length > 0 && p[length - 1] == 0x0D { length -= 1 }
            return nil
        }
        if let e = failure { throw CommandFailure(.usage, "cannot read the passphrase from \(what): \(String(cString: strerror(e)))") }
        guard length <= maxLength else { throw CommandFailure(.usage, "the passphrase is too long") }
        return buffer.slice(0..<length)
    }

    /// Asks on the controlling terminal with echo turned off (termios), restoring it afterwards.
    static func readFromTerminal(prompt: String) throws -> SecureBytes {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure(.usage, "no terminal to ask for a passphrase: use --passphrase-env VAR or --passphrase-fd N")
        }
        defer { close(fd) }
        var saved = termios()
        let haveTermios = tcgetattr(fd, &saved) == 0
        var previousInt: sighandler_t?
        var previousTerm: sighandler_t?
        if haveTermios {
            // Ctrl-C or a kill while echo is off must not leave the terminal silent.
            TerminalRestore.fd = fd
            TerminalRestore.saved = saved
            previousInt = signal(SIGINT, TerminalRestore.handler)
            previousTerm = signal(SIGTERM, TerminalRestore.handler)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
            quiet.c_lflag |= tcflag_t(ICANON)
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if haveTermios {
                _ = tcsetattr(fd, TCSAFLUSH, &saved)
                if let p = previousInt { signal(SIGINT, p) }
                if let p = previousTerm { signal(SIGTERM, p) }
            }
            _ = "\n".withCString { Glibc.write(fd, $0, 1) }
        }
        _ = prompt.withCString { Glibc.write(fd, $0, strlen($0)) }
        return try readLine(fd: fd, what: "the terminal")
    }
}

/// What a signal handler needs to put the terminal back (only async-signal-safe calls in it).
enum TerminalRestore {
    nonisolated(unsafe) static var fd: Int32 = -1
    nonisolated(unsafe) static var saved = termios()
    static let handler: @convention(c) (Int32) -> Void = { sig in
        _ = tcsetattr(TerminalRestore.fd, TCSAFLUSH, &TerminalRestore.saved)
        signal(sig, SIG_DFL)
        raise(sig)
    }
}

/// Exit status for a file error: missing or unreadable input and existing outputs are usage
/// errors (2); failures while writing are write failures (6).
func fileExitStatus(_ error: FileError) -> ExitStatus {
    switch error {
    case .exists, .notFound, .tooLarge: return .usage
    case .system(_, let operation, _): return operation == "open" || operation == "read" ? .usage : .io
    }
}

extension KeyFileError: CLIFailure {
    var exitStatus: ExitStatus {
        switch self {
        case .wrongPassphrase: return .authentication
        case .file(let e): return fileExitStatus(e)
        case .keyDerivationFailed: return .io
        // A damaged, cut or unknown sealed file failed verification, like a damaged vault.
        case .malformed, .unsupportedVersion, .unsupportedParameters: return .integrity
        case .emptyPassphrase: return .usage
        }
    }
    var message: String { description }
}

extension PublicKeyError: CLIFailure {
    var exitStatus: ExitStatus {
        if case .file(let e) = self { return fileExitStatus(e) }
        return .usage
    }
    var message: String { description }
}

extension VaultError: CLIFailure {
    var exitStatus: ExitStatus {
        switch self {
        case .notARecipient: return .authentication
        case .recipientCount, .invalidRecordID, .duplicateRecordID: return .usage
        case .unsigned, .badSignature: return .integrity
        case .verificationFailed: return .io
        default: return .integrity
        }
    }
    var message: String { description }
}

extension WatchlistError: CLIFailure {
    var exitStatus: ExitStatus {
        switch self {
        case .key(let e): return e.exitStatus
        case .file(let e): return fileExitStatus(e)
        case .tampered, .malformed, .unsupportedVersion: return .integrity
        case .emptyTerm: return .usage
        }
    }
    var message: String { description }
}

extension KDFLevel: ExpressibleByArgument {}

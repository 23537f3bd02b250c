import ArgumentParser
import Foundation

/// Veil's documented exit codes (also listed in README and `veil --help`).
enum ExitStatus: Int32 {
    /// Success; for `veil audit`, nothing the policy would remove remains.
    case success = 0
    /// `veil audit`: the draft still holds something the policy would remove or block, or its
    /// risk exceeds the policy's threshold.
    case gate = 1
    /// Usage or input error: bad arguments, missing or unreadable file, invalid UTF-8, UTF-16,
    /// binary (anywhere in it) or empty draft, invalid policy (too deep, tab-indented included),
    /// output already exists.
    case usage = 2
    /// Authentication failure: wrong passphrase, or the identity is not a recipient of the vault.
    case authentication = 3
    /// The vault failed verification: tampered, truncated, reordered, unknown version.
    case integrity = 4
    /// Veil refused to write redacted output because a removed original (or a distinctive part
    /// of one) survived in it, or the output could not be re-scanned.
    case leak = 5
    /// Writing failed (disk full, permission denied on the output directory); nothing partial is left.
    case io = 6

    static let helpText = """
    Exit codes: 0 success; 1 audit gate (something the policy would remove remains); \
    2 usage or input error; 3 wrong passphrase or not a recipient; 4 a vault or sealed file failed \
    verification (or a required signature is missing or wrong); \
    5 output refused because an original survived; 6 write failed (nothing partial left).
    """
}

/// An error the command line knows how to report: a one-line message (never quoting
/// originals or secrets) and an exit status.
protocol CLIFailure: Error {
    var exitStatus: ExitStatus { get }
    var message: String { get }
}

/// A failure raised by the command line itself.
struct CommandFailure: CLIFailure {
    var exitStatus: ExitStatus
    var message: String
    init(_ status: ExitStatus, _ message: String) {
        self.exitStatus = status
        self.message = message
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes `text` to standard output from the string's own storage (a report of hundreds of
/// megabytes is not copied into a `Data` first). Stops at a closed pipe.
func writeStandardOutput(_ text: String) {
    var text = text
    text.withUTF8 { writeStandardOutput($0) }
}

/// Writes all of `bytes` to standard output (retrying interrupted writes); stops at an error.
func writeStandardOutput(_ bytes: UnsafeBufferPointer<UInt8>) {
    var written = 0
    while written < bytes.count {
        let n = write(STDOUT_FILENO, bytes.baseAddress! + written, bytes.count - written)
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        written += n
    }
}

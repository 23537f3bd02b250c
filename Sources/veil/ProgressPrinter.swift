import Foundation
import Veil

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows the library's progress reports on standard error, on one line rewritten in place —
/// only when standard error is a terminal, and only once the run has taken longer than
/// `VEIL_PROGRESS_AFTER` seconds (default 0.5), at most ten times a second. When standard
/// error is not a terminal there is no handler at all: nothing is ever written.
final class ProgressPrinter: @unchecked Sendable {
    private let command: String
    private let start = Date()
    private let after: Double
    private var last: Date?
    private var lastStep: ProgressReport.Step?
    private var shown = false
    private let lock = NSLock()

    private init(command: String, after: Double) {
        self.command = command
        self.after = after
    }

    /// A printer for `command` ("veil audit"), or nil when standard error is not a terminal.
    static func forTerminal(command: String) -> ProgressPrinter? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let after = ProcessInfo.processInfo.environment["VEIL_PROGRESS_AFTER"].flatMap(Double.init) ?? 0.5
        return ProgressPrinter(command: command, after: max(0, after))
    }

    /// The handler to give the library.
    var handler: ProgressHandler { { [self] report in self.show(report) } }

    private func show(_ report: ProgressReport) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(start) >= after else { return }
        // At most ten lines a second, but a new step and a step's last count always show.
        if let last, now.timeIntervalSince(last) < 0.1, report.step == lastStep, report.done != report.total { return }
        last = now
        lastStep = report.step
        shown = true
        FileHandle.standardError.write(Data(("\r" + report.line(command: command) + "\u{1B}[K").utf8))
    }

    /// Clears the progress line, if one was shown.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}

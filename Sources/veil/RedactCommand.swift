import ArgumentParser
import Veil

/// `veil redact` (being built).
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "redact", abstract: "Not built yet.")
    func run() throws { throw CommandFailure(.usage, "veil redact is not built yet") }
}

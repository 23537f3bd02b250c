import ArgumentParser
import Veil

/// `veil audit` (being built).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Not built yet.")
    func run() throws { throw CommandFailure(.usage, "veil audit is not built yet") }
}

import ArgumentParser
import Veil

/// `veil policy` (being built).
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Not built yet.")
    func run() throws { throw CommandFailure(.usage, "veil policy is not built yet") }
}

import ArgumentParser
import Veil

/// `veil reveal` (being built).
struct RevealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reveal", abstract: "Not built yet.")
    func run() throws { throw CommandFailure(.usage, "veil reveal is not built yet") }
}

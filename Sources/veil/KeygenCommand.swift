import ArgumentParser
import Veil

/// `veil keygen` (being built).
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keygen", abstract: "Not built yet.")
    func run() throws { throw CommandFailure(.usage, "veil keygen is not built yet") }
}

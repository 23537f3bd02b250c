import ArgumentParser
import Veil

/// `veil watchlist` (being built).
struct WatchlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "watchlist", abstract: "Not built yet.")
    func run() throws { throw CommandFailure(.usage, "veil watchlist is not built yet") }
}

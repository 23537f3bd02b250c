import ArgumentParser
import Veil

/// The `veil` command: protects the people in a story before it is published.
struct VeilCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "veil",
        abstract: "Find, decide on and seal the details that identify the people in a draft.",
        discussion: ExitStatus.helpText,
        version: VeilVersion.current,
        subcommands: [KeygenCommand.self, RedactCommand.self, RevealCommand.self, AuditCommand.self,
                      PolicyCommand.self, WatchlistCommand.self, ReviewCommand.self]
    )
}

import ArgumentParser
import Veil

/// `veil policy`: validate and inspect redaction policies.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate and show redaction policies.",
        discussion: "Shipped policies: \(EmbeddedPolicies.names.joined(separator: ", ")). See policies/README.md.",
        subcommands: [Check.self, Show.self]
    )

    /// `veil policy check FILE`: exit 0 and "ok", or exit 2 with FILE:LINE: KEY: problem.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a policy file (and every policy it extends).")

        @Argument(help: "The policy file, or the name of a shipped policy.")
        var policy: String

        func run() throws {
            _ = try Policy.resolve(policy)
            print("ok")
        }
    }

    /// `veil policy show FILE|NAME`: the effective, merged policy as YAML.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the effective policy, with everything it extends merged in, as YAML.")

        @Argument(help: "The policy file, or the name of a shipped policy (\(EmbeddedPolicies.names.joined(separator: ", "))).")
        var policy: String

        func run() throws {
            print(try Policy.resolve(policy).yaml, terminator: "")
        }
    }
}

/// An invalid or unreadable policy is a usage/input error (exit 2); the message names the file,
/// the line and the key.
extension PolicyError: CLIFailure {
    var exitStatus: ExitStatus { .usage }
    var message: String { description }
}

import ArgumentParser
import Foundation

// Thin entry point: parse, run, and map every failure to a documented exit code.
do {
    var command = try VeilCommand.parseAsRoot()
    try command.run()
} catch let failure as any CLIFailure {
    printError("veil: error: \(failure.message)")
    exit(failure.exitStatus.rawValue)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    // Argument parsing errors, --help and --version: ArgumentParser formats them; usage errors
    // exit 2 as documented, help and version 0.
    let message = VeilCommand.fullMessage(for: error)
    let status = VeilCommand.exitCode(for: error)
    if status == .success {
        print(message)
        exit(0)
    }
    printError(message)
    exit(ExitStatus.usage.rawValue)
}

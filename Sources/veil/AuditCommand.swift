import ArgumentParser
import Foundation
import Veil

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReportFormat: ExpressibleByArgument {}
extension FailOn: ExpressibleByArgument {}

/// `veil audit`: reports every identifying detail in drafts, with policy's decisions and the
/// risk of what survives, and gates on them (exit 1) for a newsroom's CI.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report the identifying details in drafts, and gate on them.",
        discussion: """
        Directories are searched recursively for *.txt, *.md and *.markdown drafts (hidden files \
        and directories skipped). Markdown drafts (*.md, *.markdown, or any draft with \
        --markdown) are scanned as prose: syntax such as link URLs, code and emphasis markers \
        is never flagged.

        Formats: text (default when standard output is a terminal; colour unless NO_COLOR is \
        set), json (default otherwise: the audit JSON contract plus reason and risk), sarif \
        (SARIF 2.1.0 for code scanning), html (one self-contained page). Reports quote the \
        flagged text: keep them as private as the drafts (files are written with mode 0600).

        Gate: --fail-on LEVEL chooses when veil audit exits 1:
          flag     anything flagged or removable remains, or risk is too high
          remove   (default) anything the policy would remove, or a watch-list
                   or deny-list term, remains, or risk is too high
          risk     only the risk of a draft or a source is over the policy's
                   threshold (risk.threshold, risk.source_threshold)
          never    report only (input errors still exit 2)

        One summary line ends every run (on standard error unless the text report goes to \
        standard output).

        \(ExitStatus.helpText)
        """)

    @Argument(help: ArgumentHelp("Draft files, or directories to search for *.txt and *.md drafts.", valueName: "FILE|DIR"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Report format: text, json, sarif or html (default: from the --output extension, else text on a terminal, json otherwise).", valueName: "FORMAT"))
    var format: ReportFormat?

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to FILE (atomically, mode 0600) instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Policy: a shipped name (standard, strict, minimal) or a policy file.", valueName: "FILE|NAME"))
    var policy: String = "standard"

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("When to exit 1: remove (default), flag, risk or never.", valueName: "LEVEL"))
    var failOn: FailOn = .remove

    @Option(help: ArgumentHelp("A sealed watch-list (veil watchlist add): flag every occurrence of its terms.", valueName: "FILE"))
    var watchlist: String?

    @OptionGroup var passphrase: PassphraseOptions

    @OptionGroup var detection: DetectionOptions

    @Flag(help: "Treat every draft as Markdown (default: only *.md and *.markdown).")
    var markdown = false

    @Flag(name: .customLong("show-kept"), help: "Text report: list the findings the policy keeps (by default one line counts them).")
    var showKept = false

    @Flag(name: .customLong("sarif-snippets"), help: "SARIF report: quote each finding's text (snippet) and explanation. Without it the log quotes nothing of the drafts.")
    var sarifSnippets = false

    @Flag(help: "Read JSON Lines {\"id\",\"text\"} from standard input; write one {\"id\",\"findings\"} line per input line (detector only, for scoring corpora).")
    var jsonl = false

    func validate() throws {
        if jsonl {
            if !paths.isEmpty { throw ValidationError("--jsonl reads standard input: give no files") }
            return
        }
        if paths.isEmpty { throw ValidationError("name at least one draft or directory, or use --jsonl") }
        if watchlist == nil && !passphrase.isInteractive {
            throw ValidationError("--passphrase-env and --passphrase-fd unlock a watch-list: use them with --watchlist")
        }
    }

    func run() throws {
        let policyValue: Policy
        do { policyValue = try Policy.resolve(policy) } catch { throw CommandFailure(.usage, error.description) }
        if jsonl {
            var auditor = JSONLinesAuditor.applying(policyValue, detector: detection.detector)
            if let watchlist {
                // A watch-list is applied to every line, as to every draft; never ignored.
                let list = try Watchlist.load(path: watchlist)
                let secret = try passphrase.read(prompt: "Passphrase for the watch-list \(watchlist): ")
                let matcher = try list.matcher(passphrase: secret)
                auditor.extraFindings = { matcher.findings(in: $0) }
            }
            let printer = ProgressPrinter.forTerminal(command: "veil audit")
            auditor.run(input: .standardInput, output: .standardOutput, progress: printer?.handler)
            printer?.finish()
            return
        }

        let drafts = try AuditCommand.collectDrafts(paths)
        if let output {
            try AuditCommand.refuseOverwritingInput(output, drafts: drafts)
            // Fail before a long run, not after it, when the report cannot be written.
            let dir = AtomicFile.directory(of: output)
            if access(dir, W_OK) != 0 {
                let e = errno
                throw CommandFailure(.io, "\(output): cannot write the report in \(dir): \(String(cString: strerror(e)))")
            }
        }

        var matcher: WatchlistMatcher?
        if let watchlist {
            let list = try Watchlist.load(path: watchlist)
            let secret = try passphrase.read(prompt: "Passphrase for the watch-list \(watchlist): ")
            matcher = try list.matcher(passphrase: secret)
        }

        // Read and validate every draft first: one bad input stops the run before any report.
        var documents: [Document] = []
        var problems: [String] = []
        for path in drafts {
            do {
                let bytes = try AtomicFile.read(path, limit: Document.maxFileBytes)
                documents.append(try Document(bytes: bytes, path: path))
            } catch let e as FileError {
                if case .tooLarge = e {
                    problems.append(e.description + " (stream large texts through `veil audit --jsonl`)")
                } else {
                    problems.append(e.description)
                }
            } catch let e as DocumentError {
                problems.append("\(path): \(e.description)")
            }
        }
        if !problems.isEmpty {
            for p in problems.dropLast() { printError("veil: error: \(p)") }
            throw CommandFailure(.usage, problems.last!)
        }

        let toTerminal = output == nil && isatty(STDOUT_FILENO) == 1
        let chosen = format ?? output.flatMap(AuditCommand.format(forOutput:)) ?? (toTerminal ? .text : .json)

        let printer = ProgressPrinter.forTerminal(command: "veil audit")
        let auditor = DraftAuditor(policy: policyValue, watchlist: matcher, forceMarkdown: markdown, detector: detection.detector)
        let audited = auditor.audit(documents, preview: chosen.showsPreview, progress: printer?.handler)
        printer?.finish()
        let report = AuditReport(documents: audited, policy: policyValue)

        let colour = TextReporter.wantsColour(outputIsTerminal: toTerminal, environment: ProcessInfo.processInfo.environment)
        let gate = AuditGate(level: failOn)
        let summary = gate.summaryLine(report)
        if chosen == .json && output == nil {
            // Streamed as it is built: the JSON report of a large draft (hundreds of bytes per
            // finding, several times the draft) is never held whole.
            JSONReporter().write(report) { writeStandardOutput($0) }
            printError(summary)
        } else if let output {
            do {
                if chosen == .json {
                    var bytes: [UInt8] = []
                    JSONReporter().write(report) { bytes.append(contentsOf: $0) }
                    try AtomicFile.write(bytes, to: output, mode: 0o600, overwrite: true)
                } else {
                    let rendered = chosen.reporter(colour: chosen == .text && colour, showKept: showKept, snippets: sarifSnippets).render(report)
                    try AtomicFile.write(utf8: rendered, to: output, mode: 0o600, overwrite: true)
                }
            } catch {
                throw CommandFailure(fileExitStatus(error), error.description)
            }
            printError("veil: wrote the \(chosen.rawValue) report to \(output); it quotes the flagged text: keep it as private as the drafts")
            printError(summary)
        } else {
            writeStandardOutput(chosen.reporter(colour: chosen == .text && colour, showKept: showKept, snippets: sarifSnippets).render(report))
            if chosen == .text { print("\n" + summary) } else { printError(summary) }
        }
        if gate.verdict(report).failed { throw ExitCode(ExitStatus.gate.rawValue) }
    }

    /// Files named directly, plus every `*.txt`, `*.md` and `*.markdown` under named
    /// directories (sorted, hidden entries skipped, symbolic links to directories not followed).
    static func collectDrafts(_ paths: [String]) throws -> [String] {
        var drafts: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw CommandFailure(.usage, "\(path): no such file or directory")
            }
            if !isDir.boolValue { drafts.append(path); continue }
            guard let walker = fm.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isRegularFileKey],
                                             options: [.skipsHiddenFiles]) else {
                throw CommandFailure(.usage, "\(path): cannot list the directory")
            }
            var found: [String] = []
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let rootPath = URL(fileURLWithPath: path).standardizedFileURL.path
            for case let url as URL in walker {
                guard isDraftName(url.lastPathComponent),
                      (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                // Keep the user's spelling of the directory in reported paths.
                let full = url.standardizedFileURL.path
                let relative = full.hasPrefix(rootPath + "/") ? String(full.dropFirst(rootPath.count + 1)) : url.lastPathComponent
                found.append(base + "/" + relative)
            }
            if found.isEmpty { throw CommandFailure(.usage, "\(path): no *.txt or *.md drafts in this directory") }
            drafts += found.sorted()
        }
        return drafts
    }

    /// The format an `--output` file's extension asks for (`.txt`, `.json`, `.sarif`, `.html`).
    static func format(forOutput path: String) -> ReportFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".sarif") || lower.hasSuffix(".sarif.json") { return .sarif }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".txt") { return .text }
        return nil
    }

    /// Whether a file name is a draft Veil audits when searching a directory.
    static func isDraftName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".txt") || lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }

    /// `--output` must never replace a draft being audited.
    static func refuseOverwritingInput(_ output: String, drafts: [String]) throws {
        let target = URL(fileURLWithPath: output).resolvingSymlinksInPath().standardizedFileURL.path
        for d in drafts where URL(fileURLWithPath: d).resolvingSymlinksInPath().standardizedFileURL.path == target {
            throw CommandFailure(.usage, "--output \(output) is one of the drafts being audited; choose another file")
        }
    }
}


import ArgumentParser
import Foundation
import Veil
import VeilReview

/// `veil review`: the editor's desk. Serves the draft's review page on 127.0.0.1 until Ctrl-C;
/// its Publish button writes OUT and VAULT exactly as `veil redact` does.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a draft's changes in the browser, then publish it (as veil redact would).",
        discussion: """
        Starts a local web page on 127.0.0.1 and prints its address, with an access token, as \
        the first line of standard output; then opens it in a browser (xdg-open) unless \
        --no-open. The page shows every finding, the proposed published text, each source's \
        details and risk; accept, reject or reword each change, add terms, switch the policy. \
        Publish writes VAULT first (verified) and then OUT, through the pipeline of veil redact; \
        with every change accepted OUT is byte-identical to veil redact's. The editor's \
        decisions are sealed into the vault (record @decisions; veil reveal --list shows it). \
        Publish works once. Ctrl-C (or SIGTERM) stops the server (exit 0); nothing is written \
        unless Publish was pressed. DRAFT is never modified.

        \(ExitStatus.helpText) For review, 2 also means the port is in use or cannot be bound.
        """)

    @OptionGroup var publish: PublishOptions

    @OptionGroup var detection: DetectionOptions

    @Option(help: ArgumentHelp("Listen on this port of 127.0.0.1 (default: a free one).", valueName: "N"))
    var port: Int?

    @Flag(name: .customLong("no-open"), help: "Do not open a browser; only print the address.")
    var noOpen = false

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1-65535") }
    }

    func run() throws {
        let draft = publish.draft, policy = publish.policy, force = publish.force
        let outPath = publish.outputPath, vaultPath = publish.vaultPath
        try RedactCommand.checkDestinations(draft: draft, out: outPath, vault: vaultPath, story: nil, force: force)
        let document = try publish.readDocument()
        let keys = try publish.publicKeys()
        let chosen = try publish.resolvedPolicy()
        guard let assets = ReviewAssets.bundled() else {
            throw CommandFailure(.io, "the review page's files are missing (Veil_VeilReview.resources must lie beside the veil binary)")
        }
        let session = ReviewSession(document: document, path: draft, policyReference: policy, policy: chosen, detector: detection.detector)
        let app = ReviewApp(session: session, recipients: keys, output: outPath, vault: vaultPath, overwrite: force, assets: assets)

        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        let open = !noOpen
        let draftName = draft
        Task {
            do {
                try await ReviewServer.run(app, port: port ?? 0) { _ in
                    let url = await app.url
                    // The address first, alone on its line, flushed before anything else.
                    FileHandle.standardOutput.write(Data((url + "\n").utf8))
                    printError("veil: reviewing \(draftName); Publish writes \(outPath) and \(vaultPath). Press Ctrl-C to stop.")
                    if open { ReviewCommand.openBrowser(url) }
                }
            } catch {
                outcome.set(error as? ReviewServerError ?? .cannotListen(port: port ?? 0, reason: "the server stopped with an error"))
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw CommandFailure(.usage, error.description) }
        let published = ReviewCommand.wait(for: app)
        if let published {
            printError("veil: review stopped; published \(published.output) and sealed \(published.recordCount) records into \(published.vault)")
        } else {
            printError("veil: review stopped; nothing was published")
        }
    }

    /// Opens `url` with xdg-open when it exists; never fails (the address is printed anyway).
    static func openBrowser(_ url: String) {
        let candidates = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open", "/usr/bin/open"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            printError("veil: no browser opener (xdg-open) found; open the address above yourself")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            printError("veil: could not start \(tool); open the address above yourself")
        }
    }

    /// The app's publication, read from synchronous code.
    static func wait(for app: ReviewApp) -> PublishedFiles? {
        let box = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.published = await app.publication
            done.signal()
        }
        done.wait()
        return box.published
    }
}

/// What the server task left for the synchronous command (written before the semaphore is
/// signalled, read after it is waited on).
final class ServeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var _error: ReviewServerError?
    private var _published: PublishedFiles?
    var error: ReviewServerError? { lock.lock(); defer { lock.unlock() }; return _error }
    func set(_ e: ReviewServerError) { lock.lock(); _error = e; lock.unlock() }
    var published: PublishedFiles? {
        get { lock.lock(); defer { lock.unlock() }; return _published }
        set { lock.lock(); _published = newValue; lock.unlock() }
    }
}

import ArgumentParser
import Foundation
import Veil

/// `veil audit`: reports every identifying detail in drafts.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report the identifying details in drafts, and gate on them.")

    @Argument(help: "Draft files to audit.")
    var files: [String] = []

    @Option(help: "Output format: json.")
    var format: String = "json"

    @Flag(help: "Read JSON Lines {\"id\",\"text\"} from standard input; write one {\"id\",\"findings\"} line per input line.")
    var jsonl = false

    func run() throws {
        let detector = Detector()
        let auditor = JSONLinesAuditor(detector: detector) { _, findings in
            findings.map { _ in (action: "flag", reason: nil) }
        }
        if jsonl {
            auditor.run(input: .standardInput, output: .standardOutput)
            return
        }
        guard !files.isEmpty else { throw CommandFailure(.usage, "name at least one draft, or use --jsonl") }
        var docs: [String] = []
        for path in files {
            let bytes: [UInt8]
            do { bytes = try AtomicFile.read(path) } catch { throw CommandFailure(.usage, error.description) }
            let document: Document
            do { document = try Document(bytes: bytes, path: path) } catch {
                throw CommandFailure(.usage, "\(path): \(error.description)")
            }
            let findings = detector.detect(document)
            let items = findings.map { FindingJSON.object($0, in: document, action: "flag") }
            docs.append("{\"path\":\(JSONText.quoted(path)),\"findings\":[\(items.joined(separator: ","))]}")
        }
        print("{\"tool\":\"veil\",\"version\":\"\(VeilVersion.current)\",\"documents\":[\(docs.joined(separator: ","))]}")
    }
}

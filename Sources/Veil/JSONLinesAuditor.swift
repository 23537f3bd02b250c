import Foundation
import VeilModel
import VeilDetect
import VeilPolicy

/// Streams a JSON Lines corpus (`{"id", "text"}` per line) through the detector and writes one
/// `{"id","findings":[...]}` line per input line, in input order. Lines are processed in
/// batches on every core, so memory stays bounded by the batch, whatever the corpus size.
public struct JSONLinesAuditor: Sendable {
    /// Decides the `action` of each finding; returns parallel arrays of actions and reasons.
    public typealias Decide = @Sendable (Document, [Finding]) -> [(action: String, reason: String?)]

    let detector: Detector
    let decide: Decide
    /// Lines per batch handed to the worker threads.
    public var batchSize = 256

    /// A streaming auditor over `detector`, with `decide` giving each finding's action.
    public init(detector: Detector, decide: @escaping Decide) {
        self.detector = detector
        self.decide = decide
    }

    /// A streaming auditor whose `action` and `reason` are `policy`'s decisions (each line is
    /// its own document with its own pseudonym table).
    public static func applying(_ policy: Policy, detector: Detector = Detector()) -> JSONLinesAuditor {
        let engine = PolicyEngine(policy: policy)
        return JSONLinesAuditor(detector: detector) { document, findings in
            var table = PseudonymTable()
            let outcome = engine.decide(document: document, findings: findings, pseudonyms: &table)
            // Policy may widen or merge a span; each decision remembers the finding it came from.
            return outcome.decisionsByInput(count: findings.count).map { d in
                guard let d else { return (action: "flag", reason: "no policy decision") }
                return (action: d.action.rawValue, reason: d.reason)
            }
        }
    }

    /// Processes one input line into one output line (without the newline).
    public func process(line: [UInt8]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            return "{\"id\":null,\"error\":\"line is not a JSON object\"}"
        }
        let idJSON: String
        switch object["id"] {
        case let s as String: idJSON = JSONText.quoted(s)
        case let n as NSNumber: idJSON = n.stringValue
        default: idJSON = "null"
        }
        guard let text = object["text"] as? String else {
            return "{\"id\":\(idJSON),\"error\":\"missing string field \\\"text\\\"\"}"
        }
        let document: Document
        do {
            document = try Document(text: text)
        } catch {
            return "{\"id\":\(idJSON),\"error\":\(JSONText.quoted(error.description))}"
        }
        let findings = detector.detect(document)
        let decisions = decide(document, findings)
        var out = "{\"id\":\(idJSON),\"findings\":["
        for (i, f) in findings.enumerated() {
            if i > 0 { out += "," }
            out += FindingJSON.object(f, in: document, action: decisions[i].action, reason: decisions[i].reason)
        }
        out += "]}"
        return out
    }

    /// Reads `input` to its end and writes results to `output`, batch by batch.
    public func run(input: FileHandle, output: FileHandle) {
        var reader = LineReader(handle: input)
        while true {
            var batch: [[UInt8]] = []
            batch.reserveCapacity(batchSize)
            while batch.count < batchSize, let line = reader.next() {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                batch.append(line)
            }
            if batch.isEmpty { break }
            let lines = batch
            let results = ResultSlots(count: lines.count)
            DispatchQueue.concurrentPerform(iterations: lines.count) { i in
                results.set(i, process(line: lines[i]))
            }
            var chunk = ""
            for r in results.values { chunk += r; chunk += "\n" }
            output.write(Data(chunk.utf8))
        }
    }
}

/// Fixed slots written concurrently by index, read after all writers finish.
final class ResultSlots: @unchecked Sendable {
    private(set) var values: [String]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: "", count: count) }
    func set(_ i: Int, _ v: String) {
        lock.lock(); values[i] = v; lock.unlock()
    }
}

/// Reads newline-terminated lines from a file handle in 1 MiB chunks; a line of any length
/// (a 200 MB line included) is returned whole.
struct LineReader {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var start = 0
    /// Where the newline search resumes, so a long line is scanned once, not once per chunk.
    var scanned = 0
    var eof = false

    init(handle: FileHandle) { self.handle = handle }

    mutating func next() -> [UInt8]? {
        while true {
            if let nl = buffer[max(start, scanned)...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                scanned = start
                return line
            }
            scanned = buffer.count
            if eof {
                if start < buffer.count {
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return line
                }
                return nil
            }
            if start > 0 {
                buffer.removeFirst(start)
                scanned -= start
                start = 0
            }
            let data = handle.readData(ofLength: 1 << 20)
            if data.isEmpty { eof = true } else { buffer.append(contentsOf: data) }
        }
    }
}

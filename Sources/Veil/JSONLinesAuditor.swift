import Foundation
import VeilModel
import VeilReport
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
    /// Findings the detector does not make, added to every text's (a watch-list's hits): they
    /// are decided by the policy with the rest. In a huge line, no segment cut falls inside one.
    public var extraFindings: (@Sendable (Document) -> [Finding])?

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
            // Policy may widen or merge a span; each decision remembers the finding it came from.
            // Only action and reason are printed: the engine skips the risk assessment.
            return engine.actions(document: document, findings: findings, pseudonyms: &table).map { d in
                guard let d else { return (action: "flag", reason: "no policy decision") }
                return (action: d.action.rawValue, reason: d.reason)
            }
        }
    }

    /// A parsed input line: its `id` as JSON (UTF-8) and its text as a document, or the error
    /// line to write (UTF-8, no newline).
    enum ParsedLine {
        case document(idJSON: [UInt8], Document)
        case error([UInt8])
    }

    /// Parses one input line. The JSON object and the decoded string are released on return,
    /// so a huge line is held once, as the document's bytes. Plain lines go through
    /// `JSONLineParser`; anything it calls unusual (errors included) through `JSONSerialization`.
    func parse(line: [UInt8]) -> ParsedLine {
        guard case .parsed(let id, let text) = JSONLineParser.parse(line) else { return parseWithFoundation(line: line) }
        var idJSON: [UInt8] = []
        switch id {
        case .string(let s):
            idJSON.reserveCapacity(s.count + 2)
            s.withUnsafeBufferPointer { JSONText.appendQuoted($0, to: &idJSON) }
        case .null:
            idJSON = Array("null".utf8)
        case .literal(let raw):
            // A number, true or false: the NSNumber `JSONSerialization` gives for it, as before.
            guard let n = try? JSONSerialization.jsonObject(with: Data(raw), options: .fragmentsAllowed) as? NSNumber else {
                return parseWithFoundation(line: line)
            }
            idJSON = Array(n.stringValue.utf8)
        }
        do {
            return .document(idJSON: idJSON, try Document(validatedUTF8: text, allowEmpty: true))
        } catch {
            return .error(JSONLinesAuditor.errorLine(idJSON: idJSON, error.description))
        }
    }

    /// `parse(line:)` through `JSONSerialization`: the reference reading, and the path of every
    /// line `JSONLineParser` calls unusual.
    func parseWithFoundation(line: [UInt8]) -> ParsedLine {
        guard let object = try? JSONSerialization.jsonObject(with: Data(JSONLinesAuditor.escapingRawBOMs(line))) as? [String: Any] else {
            return .error(Array("{\"id\":null,\"error\":\"line is not a JSON object\"}".utf8))
        }
        let idJSON: String
        switch object["id"] {
        case let s as String: idJSON = JSONText.quoted(s)
        case let n as NSNumber: idJSON = n.stringValue
        default: idJSON = "null"
        }
        guard let text = object["text"] as? String else {
            return .error(Array("{\"id\":\(idJSON),\"error\":\"missing string field \\\"text\\\"\"}".utf8))
        }
        do {
            return .document(idJSON: Array(idJSON.utf8), try Document(text: text))
        } catch {
            return .error(JSONLinesAuditor.errorLine(idJSON: Array(idJSON.utf8), error.description))
        }
    }

    /// `line` with a leading byte-order mark removed and every other raw U+FEFF written as the
    /// escape `\uFEFF`: `JSONSerialization` drops a raw U+FEFF even inside a string, which made
    /// offsets index a text one scalar shorter than the one given. Linear; the line is returned
    /// unchanged (not copied) when it holds no EF BB BF.
    static func escapingRawBOMs(_ line: [UInt8]) -> [UInt8] {
        var start = 0
        if line.count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF { start = 3 }
        var hasBOM = false
        var i = start
        while i + 2 < line.count {
            if line[i] == 0xEF && line[i + 1] == 0xBB && line[i + 2] == 0xBF { hasBOM = true; break }
            i += 1
        }
        if !hasBOM { return start == 0 ? line : Array(line[start...]) }
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 16)
        i = start
        while i < line.count {
            if i + 2 < line.count && line[i] == 0xEF && line[i + 1] == 0xBB && line[i + 2] == 0xBF {
                out += [0x5C, 0x75, 0x46, 0x45, 0x46, 0x46]  // \uFEFF
                i += 3
            } else {
                out.append(line[i])
                i += 1
            }
        }
        return out
    }

    /// The answer to a line holding nothing but spaces or tabs: an error line, so that every
    /// input line has its output line (documented in docs/audit.md).
    static let blankLine = Array("{\"id\":null,\"error\":\"blank line (expected a JSON object)\"}".utf8)

    static func errorLine(idJSON: [UInt8], _ message: String) -> [UInt8] {
        var out = Array("{\"id\":".utf8)
        out += idJSON
        out += ",\"error\":".utf8
        JSONText.appendQuoted(message, to: &out)
        out.append(0x7D)
        return out
    }

    /// Whether `line` holds only spaces, tabs and carriage returns (or nothing).
    static func isBlank(_ line: [UInt8]) -> Bool { line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }

    /// The detector's findings with `extraFindings`' for `document`, in the pipeline's order.
    func withExtra(_ found: [Finding], in document: Document) -> [Finding] {
        guard let extraFindings else { return found }
        let extra = extraFindings(document)
        return extra.isEmpty ? found : Pipeline.merge(found, extra)
    }

    /// `cuts` (ascending, first 0, last the text's end) moved forward so that no cut falls
    /// strictly inside one of `ranges`: each range stays in one segment. Linear in both.
    static func cuts(_ cuts: [Int], keepingWhole ranges: [Range<Int>]) -> [Int] {
        guard cuts.count > 2, !ranges.isEmpty else { return cuts }
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Int] = [cuts[0]]
        var j = 0, reach = Int.min
        for var c in cuts.dropFirst().dropLast() {
            while true {
                while j < sorted.count && sorted[j].lowerBound < c { reach = max(reach, sorted[j].upperBound); j += 1 }
                if reach > c { c = reach } else { break }
            }
            if c > out.last! && c < cuts.last! { out.append(c) }
        }
        out.append(cuts.last!)
        return out
    }

    /// Processes one input line into one output line (without the newline).
    public func process(line: [UInt8]) -> String {
        String(decoding: processLine(line), as: UTF8.self)
    }

    /// `process(line:)` as UTF-8 bytes.
    func processLine(_ line: [UInt8]) -> [UInt8] {
        if JSONLinesAuditor.isBlank(line) { return JSONLinesAuditor.blankLine }
        let idJSON: [UInt8], document: Document
        switch parse(line: line) {
        case .error(let line): return line
        case .document(let id, let d): idJSON = id; document = d
        }
        let findings = withExtra(detector.detect(document), in: document)
        let decisions = decide(document, findings)
        var out: [UInt8] = []
        out.reserveCapacity(32 + idJSON.count + findings.count * 400)
        out += "{\"id\":".utf8
        out += idJSON
        out += ",\"findings\":[".utf8
        for (i, f) in findings.enumerated() {
            if i > 0 { out.append(0x2C) }
            FindingJSON.append(f, in: document, action: decisions[i].action, reason: decisions[i].reason, to: &out)
        }
        out += "]}".utf8
        return out
    }

    /// Reads `input` to its end and writes results to `output`, batch by batch. A line longer
    /// than the detector's segment size is streamed segment by segment (`streamLarge`), so
    /// memory stays bounded by a segment's findings, not the line's.
    ///
    /// `progress` hears, after each batch, how many lines were answered and how many bytes read
    /// (and, within a huge line, of each segment).
    public func run(input: FileHandle, output: FileHandle, progress: ProgressHandler? = nil) {
        var reader = LineReader(handle: input)
        var answered = 0, read = 0
        var batch: [[UInt8]] = []
        batch.reserveCapacity(batchSize)
        func flush() {
            guard !batch.isEmpty else { return }
            let lines = batch
            batch.removeAll(keepingCapacity: true)
            let results = ResultSlots(count: lines.count)
            DispatchQueue.concurrentPerform(iterations: lines.count) { i in
                results.set(i, processLine(lines[i]))
            }
            var chunk: [UInt8] = []
            chunk.reserveCapacity(results.values.reduce(0) { $0 + $1.count + 1 })
            for r in results.values { chunk += r; chunk.append(0x0A) }
            output.write(Data(chunk))
            answered += lines.count
            progress?(ProgressReport(step: .reading, done: answered, unit: .lines, bytes: read))
        }
        while let line = reader.next() {
            read += line.count + 1
            if line.count > detector.segmentBytes {
                flush()
                streamLarge(line: line, to: output, progress: ProgressReport.segments(progress, bytes: read))
                answered += 1
                progress?(ProgressReport(step: .reading, done: answered, unit: .lines, bytes: read))
                continue
            }
            batch.append(line)
            if batch.count == batchSize { flush() }
        }
        flush()
    }

    /// Writes the output line of one huge input line as it goes: the text is cut into the
    /// detector's segments (at paragraph breaks, line breaks or spaces), each core detects and
    /// decides one segment at a time, and each segment's findings are written in order. Policy
    /// decides within a segment (its overlap rules are local; pseudonym labels, which audit does
    /// not print, restart per segment). The output is the same JSON line `process` would write.
    func streamLarge(line: [UInt8], to output: FileHandle, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) {
        if JSONLinesAuditor.isBlank(line) { output.write(Data(JSONLinesAuditor.blankLine + [0x0A])); return }
        let idJSON: [UInt8], document: Document
        switch parse(line: line) {
        case .error(let line): output.write(Data(line + [0x0A])); return
        case .document(let id, let d): idJSON = id; document = d
        }
        output.write(Data(Array("{\"id\":".utf8) + idJSON + Array(",\"findings\":[".utf8)))
        let detected = Detector.segmentCuts(document.bytes, target: detector.segmentBytes)
        let cuts = extraFindings.map { JSONLinesAuditor.cuts(detected, keepingWhole: $0(document).map(\.range)) } ?? detected
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var written = false
        var k = 0
        while k < cuts.count - 1 {
            let n = min(cores, cuts.count - 1 - k)
            let results = ResultSlots(count: n)
            let first = k
            DispatchQueue.concurrentPerform(iterations: n) { j in
                let lower = cuts[first + j], upper = cuts[first + j + 1]
                // Never fails: the whole line's text passed every check (no segment is dropped).
                let segment = Document(segment: lower..<upper, of: document)
                let base = document.scalarOffset(ofByte: lower)
                let findings = withExtra(detector.detect(segment), in: segment)
                let decisions = decide(segment, findings)
                var out: [UInt8] = []
                for (i, f) in findings.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    FindingJSON.append(f, in: segment, scalarBase: base, action: decisions[i].action, reason: decisions[i].reason, to: &out)
                }
                results.set(j, out)
            }
            for r in results.values where !r.isEmpty {
                output.write(Data((written ? [0x2C] : []) + r))
                written = true
            }
            k += n
            progress?(k, cuts.count - 1)
        }
        output.write(Data("]}\n".utf8))
    }
}

/// Fixed slots written concurrently by index, read after all writers finish.
final class ResultSlots: @unchecked Sendable {
    private(set) var values: [[UInt8]]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: [], count: count) }
    func set(_ i: Int, _ v: [UInt8]) {
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
            let from = max(start, scanned)
            let found: Int? = buffer.withUnsafeBufferPointer { b in
                guard from < b.count, let base = b.baseAddress,
                      let p = memchr(base + from, 0x0A, b.count - from) else { return nil }
                return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = found {
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

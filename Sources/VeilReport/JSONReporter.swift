import VeilModel
import VeilPolicy

/// The audit JSON contract of issue 3 — `{"tool","version","documents":[{"path","findings":[...]}]}`
/// with `start`/`end` in Unicode scalars, end exclusive — plus `reason` per finding, a `risk`
/// object per document and the `policy` name. One line, newline-terminated.
public struct JSONReporter: Reporter {
    /// `json`.
    public static let formatName = "json"

    /// A JSON reporter.
    public init() {}

    /// The whole report as one JSON object.
    public func render(_ report: AuditReport) -> String {
        var out: [UInt8] = []
        write(report) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The report `render` returns, handed to `emit` in pieces of about `chunkBytes` bytes of
    /// UTF-8 as it is built (their concatenation is `render`'s text): a report of a large draft
    /// (hundreds of bytes per finding) is written out without ever being held whole.
    public func write(_ report: AuditReport, chunkBytes: Int = 1 << 20, to emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(min(chunkBytes, 1 << 24) + 4096)
        func flush(_ out: inout [UInt8], _ force: Bool) {
            guard force || out.count >= chunkBytes else { return }
            out.withUnsafeBufferPointer { emit($0) }
            out.removeAll(keepingCapacity: true)
        }
        JSONText.appendUTF8("{\"tool\":\"veil\",\"version\":" + JSONText.quoted(VeilVersion.current), to: &out)
        JSONText.appendUTF8(",\"policy\":" + JSONText.quoted(report.policyName), to: &out)
        JSONText.appendLiteral(",\"documents\":[", to: &out)
        for (i, audited) in report.documents.enumerated() {
            if i > 0 { out.append(0x2C) }
            Self.appendDocument(audited, to: &out, flush: flush)
        }
        JSONText.appendLiteral("]}\n", to: &out)
        flush(&out, true)
    }

    /// One document object: path, findings, risk.
    static func document(_ audited: AuditedDocument) -> String {
        var out: [UInt8] = []
        appendDocument(audited, to: &out) { _, _ in }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the document object to `out`, calling `flush(&out, false)` after each finding.
    static func appendDocument(_ audited: AuditedDocument, to out: inout [UInt8], flush: (inout [UInt8], Bool) -> Void) {
        let doc = audited.document
        JSONText.appendUTF8("{\"path\":" + (doc.path.map(JSONText.quoted) ?? "null") + ",\"findings\":[", to: &out)
        for (i, d) in audited.outcome.decisions.enumerated() {
            if i > 0 { out.append(0x2C) }
            FindingJSON.append(d.finding, in: doc, action: d.action.rawValue, reason: d.reason, to: &out)
            flush(&out, false)
        }
        JSONText.appendUTF8("],\"risk\":" + riskObject(audited.outcome.risk, in: doc) + "}", to: &out)
    }

    /// A finding exactly as the contract's finding object (field order included), plus `reason`.
    static func findingObject(_ d: Decision, in document: Document) -> String {
        FindingJSON.object(d.finding, in: document, action: d.action.rawValue, reason: d.reason)
    }

    /// `{"score","threshold","exceedsThreshold","explanation","sources":[...]}`; each source's
    /// `text`, `survivingDetails` and `explanation` only when `quoting` (else a count).
    static func riskObject(_ risk: RiskAssessment, in document: Document, quoting: Bool = true) -> String {
        var s = "{\"score\":" + JSONText.number(risk.documentScore)
        s += ",\"threshold\":" + JSONText.number(risk.threshold)
        s += ",\"exceedsThreshold\":" + (risk.exceedsThreshold ? "true" : "false")
        s += ",\"explanation\":" + JSONText.quoted(risk.explanation)
        s += ",\"sources\":["
        for (i, r) in risk.sources.enumerated() {
            if i > 0 { s += "," }
            s += "{\"start\":\(document.scalarOffset(ofByte: r.source.range.lowerBound))"
            s += ",\"end\":\(document.scalarOffset(ofByte: r.source.range.upperBound))"
            if quoting { s += ",\"text\":" + JSONText.quoted(r.source.text) }
            s += ",\"score\":" + JSONText.number(r.score)
            if quoting {
                s += ",\"survivingDetails\":[" + r.survivingDetails.map(JSONText.quoted).joined(separator: ",") + "]"
                s += ",\"explanation\":" + JSONText.quoted(r.explanation)
            } else {
                // The details and the explanation quote the source's attached words.
                s += ",\"survivingDetailCount\":\(r.survivingDetails.count)"
            }
            s += "}"
        }
        s += "]}"
        return s
    }
}

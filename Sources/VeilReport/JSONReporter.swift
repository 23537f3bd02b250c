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
        var out = "{\"tool\":\"veil\",\"version\":" + JSONText.quoted(VeilVersion.current)
        out += ",\"policy\":" + JSONText.quoted(report.policyName)
        out += ",\"documents\":["
        for (i, audited) in report.documents.enumerated() {
            if i > 0 { out += "," }
            out += Self.document(audited)
        }
        out += "]}\n"
        return out
    }

    /// One document object: path, findings, risk.
    static func document(_ audited: AuditedDocument) -> String {
        let doc = audited.document
        var out = "{\"path\":" + (doc.path.map(JSONText.quoted) ?? "null") + ",\"findings\":["
        for (i, d) in audited.outcome.decisions.enumerated() {
            if i > 0 { out += "," }
            out += findingObject(d, in: doc)
        }
        out += "],\"risk\":" + riskObject(audited.outcome.risk, in: doc) + "}"
        return out
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

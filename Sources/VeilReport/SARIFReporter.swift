import VeilModel
import VeilPolicy

/// SARIF 2.1.0 (OASIS), one run, one rule per recognizer. Regions give 1-based lines and
/// columns counted in Unicode code points (`columnKind: unicodeCodePoints`), plus `charOffset`
/// and `charLength` in the same unit. Levels: removed → `error`, flagged or a watch-list term →
/// `warning`, kept → `none`. Messages name the category, decision and reason but never quote
/// the flagged text; the region's `snippet` carries it, for the person who asked for the report.
public struct SARIFReporter: Reporter {
    /// `sarif`.
    public static let formatName = "sarif"
    /// Where the SARIF 2.1.0 schema is published.
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// A SARIF reporter.
    public init() {}

    /// The whole report as a SARIF log.
    public func render(_ report: AuditReport) -> String {
        // Rules: one per recognizer, sorted by id so output is stable.
        var categories: [String: Set<Category>] = [:]
        for a in report.documents { for d in a.outcome.decisions { categories[d.finding.recognizer, default: []].insert(d.finding.category) } }
        let ruleIDs = categories.keys.sorted()
        var ruleIndex: [String: Int] = [:]
        for (i, id) in ruleIDs.enumerated() { ruleIndex[id] = i }

        var rules: [String] = []
        for id in ruleIDs {
            let cats = categories[id]!.sorted().map(\.rawValue)
            var r = "{\"id\":" + JSONText.quoted(id)
            r += ",\"name\":" + JSONText.quoted(Self.ruleName(id))
            r += ",\"shortDescription\":{\"text\":" + JSONText.quoted("Identifying detail (\(cats.joined(separator: ", "))) found by \(id)") + "}"
            r += ",\"fullDescription\":{\"text\":" + JSONText.quoted("Veil's \(id) recognizer reports details that can identify a person in a draft: \(cats.joined(separator: ", ")). The level says what the policy decided: error = would be removed, warning = flagged, none = kept.") + "}"
            r += ",\"defaultConfiguration\":{\"level\":\"warning\"}"
            r += ",\"properties\":{\"categories\":[" + cats.map(JSONText.quoted).joined(separator: ",") + "]}}"
            rules.append(r)
        }

        var artifacts: [String] = []
        var results: [String] = []
        for (docIndex, audited) in report.documents.enumerated() {
            let doc = audited.document
            let uri = Self.uri(for: doc.path ?? "stdin")
            let lines = LineIndex(doc)
            artifacts.append("{\"location\":{\"uri\":" + JSONText.quoted(uri) + "},\"length\":\(doc.bytes.count),\"encoding\":\"utf-8\",\"mimeType\":\"text/plain\"}")
            for d in audited.outcome.decisions {
                let f = d.finding
                let s = lines.position(ofByte: f.range.lowerBound)
                let e = lines.position(ofByte: f.range.upperBound)
                let startOffset = doc.scalarOffset(ofByte: f.range.lowerBound)
                let endOffset = doc.scalarOffset(ofByte: f.range.upperBound)
                var r = "{\"ruleId\":" + JSONText.quoted(f.recognizer) + ",\"ruleIndex\":\(ruleIndex[f.recognizer]!)"
                r += ",\"level\":\"" + Self.level(d) + "\""
                r += ",\"message\":{\"text\":" + JSONText.quoted(Self.message(d)) + "}"
                r += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":" + JSONText.quoted(uri) + ",\"index\":\(docIndex)}"
                r += ",\"region\":{\"startLine\":\(s.line),\"startColumn\":\(s.column),\"endLine\":\(e.line),\"endColumn\":\(e.column)"
                r += ",\"charOffset\":\(startOffset),\"charLength\":\(endOffset - startOffset)"
                r += ",\"snippet\":{\"text\":" + JSONText.quoted(f.text) + "}}}}]"
                r += ",\"properties\":{\"category\":\"" + f.category.rawValue + "\",\"action\":\"" + d.action.rawValue + "\""
                r += ",\"confidence\":" + JSONText.number(f.confidence)
                r += ",\"reason\":" + JSONText.quoted(d.reason)
                r += ",\"explanation\":" + JSONText.quoted(f.explanation) + "}}"
                results.append(r)
            }
        }
        var risks: [String] = []
        for audited in report.documents {
            risks.append(JSONReporter.riskObject(audited.outcome.risk, in: audited.document))
        }

        var out = "{\n  \"$schema\": " + JSONText.quoted(Self.schemaURI) + ",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
        out += "    \"tool\": {\"driver\": {\"name\": \"veil\", \"version\": " + JSONText.quoted(VeilVersion.current)
        out += ", \"rules\": [\n      "
        out += rules.joined(separator: ",\n      ") + "\n    ]}},\n"
        out += "    \"columnKind\": \"unicodeCodePoints\",\n"
        out += "    \"artifacts\": [\n      " + artifacts.joined(separator: ",\n      ") + "\n    ],\n"
        out += "    \"results\": [\n      " + results.joined(separator: ",\n      ") + "\n    ],\n"
        out += "    \"properties\": {\"policy\": " + JSONText.quoted(report.policyName) + ", \"risk\": [" + risks.joined(separator: ",") + "]}\n"
        out += "  }]\n}\n"
        return out
    }

    /// SARIF level for a decision.
    static func level(_ d: Decision) -> String {
        if d.action.removesOriginal { return "error" }
        if d.action == .flag || AuditGate.alwaysBlocks(d.finding.category) { return "warning" }
        return "none"
    }

    /// The result message: category, decision, reason — never the flagged text itself.
    static func message(_ d: Decision) -> String {
        var m = "\(d.finding.category.rawValue): \(d.action.rawValue)"
        if let r = d.replacement, d.action.removesOriginal { m += " → “\(r)”" }
        return m + ". " + d.reason
    }

    /// `place.gazetteer` → `PlaceGazetteer`.
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A URI reference for a path: relative paths stay relative (percent-encoded), absolute
    /// paths become `file://` URIs.
    public static func uri(for path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}

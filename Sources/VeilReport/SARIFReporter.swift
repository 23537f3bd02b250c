import VeilModel
import VeilPolicy

/// SARIF 2.1.0 (OASIS) fit for code scanning: one run, one rule per recognizer.
///
/// - Results are what a reviewer must act on: findings the policy removes (`error`) or flags,
///   and watch-list or `--term` findings (`warning`). Kept findings are left out.
/// - Regions give 1-based lines and columns in UTF-16 code units (`columnKind:
///   utf16CodeUnits`, what GitHub code scanning reads), and `charOffset`/`charLength` in the
///   same unit.
/// - Nothing quotes the draft unless `snippets` is set (`--sarif-snippets`): no `snippet`, no
///   recognizer explanation (it may quote a neighbouring word), no source text in the risk
///   objects. Messages give the category, decision and the reason in plain words.
/// - `partialFingerprints["veilOccurrence/v1"]` lets an alert track across commits without
///   revealing the original: the SHA-256 of the rule id, the artifact's URI, the category and
///   the occurrence index of that category in the file (the 0-based count of earlier findings
///   of the same category there, kept ones included). Everything hashed is already in the
///   result, so the hash tells nothing more; it stays the same while edits elsewhere in the
///   file add or remove no finding of that category before it. A hash of the original text
///   would track better and leak it (a name can be guessed and checked against the hash).
public struct SARIFReporter: Reporter {
    /// `sarif`.
    public static let formatName = "sarif"
    /// Where the SARIF 2.1.0 schema is published.
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The `partialFingerprints` key.
    public static let fingerprintKey = "veilOccurrence/v1"
    /// Whether results quote the flagged text (`snippet`) and explanations.
    public var snippets: Bool

    /// A SARIF reporter; `snippets` puts the original text into the log.
    public init(snippets: Bool = false) { self.snippets = snippets }

    /// The whole report as a SARIF log.
    public func render(_ report: AuditReport) -> String {
        // Rules: one per recognizer with a result, sorted by id so output is stable.
        var categories: [String: Set<Category>] = [:]
        for a in report.documents {
            for d in a.outcome.decisions where !Wording.isFoldedKeep(d) { categories[d.finding.recognizer, default: []].insert(d.finding.category) }
        }
        let ruleIDs = categories.keys.sorted()
        var ruleIndex: [String: Int] = [:]
        for (i, id) in ruleIDs.enumerated() { ruleIndex[id] = i }

        var rules: [String] = []
        for id in ruleIDs {
            let cats = categories[id]!.sorted().map(\.rawValue)
            var r = "{\"id\":" + JSONText.quoted(id)
            r += ",\"name\":" + JSONText.quoted(Self.ruleName(id))
            r += ",\"shortDescription\":{\"text\":" + JSONText.quoted("Identifying detail (\(cats.joined(separator: ", "))) found by \(id)") + "}"
            r += ",\"fullDescription\":{\"text\":" + JSONText.quoted("Veil's \(id) recognizer reports details that can identify a person in a draft: \(cats.joined(separator: ", ")). The level says what the policy decided: error = would be removed, warning = flagged for a person to check (or a watch-list term, which blocks publication). Kept findings are not reported.") + "}"
            r += ",\"defaultConfiguration\":{\"level\":\"warning\"}"
            r += ",\"properties\":{\"categories\":[" + cats.map(JSONText.quoted).joined(separator: ",") + "]}}"
            rules.append(r)
        }

        var artifacts: [String] = []
        var results: [String] = []
        for (docIndex, audited) in report.documents.enumerated() {
            let doc = audited.document
            let uri = Self.uri(for: doc.path ?? "stdin")
            let columns = UTF16Columns(doc)
            artifacts.append("{\"location\":{\"uri\":" + JSONText.quoted(uri) + "},\"length\":\(doc.bytes.count),\"encoding\":\"utf-8\",\"mimeType\":\"text/plain\"}")
            var occurrences: [Category: Int] = [:]
            let decisions = audited.outcome.decisions
            // Occurrence index in document order (decisions are; sorted once if not).
            let order = decisions.indices.sorted { (decisions[$0].finding.range.lowerBound, $0) < (decisions[$1].finding.range.lowerBound, $1) }
            var occurrence = [Int](repeating: 0, count: decisions.count)
            for i in order {
                let c = decisions[i].finding.category
                occurrence[i] = occurrences[c, default: 0]
                occurrences[c, default: 0] += 1
            }
            for (i, d) in decisions.enumerated() where !Wording.isFoldedKeep(d) {
                let f = d.finding
                let s = columns.position(ofByte: f.range.lowerBound)
                let e = columns.position(ofByte: f.range.upperBound)
                let plain = PlainReason.text(for: d, policy: report.policy ?? Policy.standard,
                                             outer: d.coveredBy.flatMap { $0 >= 0 && $0 < decisions.count ? decisions[$0] : nil })
                var r = "{\"ruleId\":" + JSONText.quoted(f.recognizer) + ",\"ruleIndex\":\(ruleIndex[f.recognizer]!)"
                r += ",\"level\":\"" + Self.level(d) + "\""
                r += ",\"message\":{\"text\":" + JSONText.quoted(Self.message(d, plain: plain)) + "}"
                r += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":" + JSONText.quoted(uri) + ",\"index\":\(docIndex)}"
                r += ",\"region\":{\"startLine\":\(s.line),\"startColumn\":\(s.column),\"endLine\":\(e.line),\"endColumn\":\(e.column)"
                r += ",\"charOffset\":\(s.offset),\"charLength\":\(e.offset - s.offset)"
                if snippets { r += ",\"snippet\":{\"text\":" + JSONText.quoted(f.text) + "}" }
                r += "}}}]"
                r += ",\"partialFingerprints\":{" + JSONText.quoted(Self.fingerprintKey) + ":\""
                r += Self.fingerprint(rule: f.recognizer, uri: uri, category: f.category, occurrence: occurrence[i]) + "\"}"
                r += ",\"properties\":{\"category\":\"" + f.category.rawValue + "\",\"action\":\"" + d.action.rawValue + "\""
                r += ",\"confidence\":" + JSONText.number(f.confidence)
                r += ",\"reason\":" + JSONText.quoted(d.reason)
                r += ",\"basis\":\"" + d.basis.rawValue + "\""
                if snippets { r += ",\"explanation\":" + JSONText.quoted(f.explanation) }
                r += "}}"
                results.append(r)
            }
        }
        var risks: [String] = []
        for audited in report.documents {
            risks.append(JSONReporter.riskObject(audited.outcome.risk, in: audited.document, quoting: snippets))
        }

        var out = "{\n  \"$schema\": " + JSONText.quoted(Self.schemaURI) + ",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
        out += "    \"tool\": {\"driver\": {\"name\": \"veil\", \"version\": " + JSONText.quoted(VeilVersion.current)
        out += ", \"rules\": [\n      "
        out += rules.joined(separator: ",\n      ") + "\n    ]}},\n"
        out += "    \"columnKind\": \"utf16CodeUnits\",\n"
        out += "    \"artifacts\": [\n      " + artifacts.joined(separator: ",\n      ") + "\n    ],\n"
        out += "    \"results\": [\n      " + results.joined(separator: ",\n      ") + "\n    ],\n"
        out += "    \"properties\": {\"policy\": " + JSONText.quoted(report.policyName) + ", \"risk\": [" + risks.joined(separator: ",") + "]}\n"
        out += "  }]\n}\n"
        return out
    }

    /// SARIF level for a reported decision (kept findings are not reported).
    static func level(_ d: Decision) -> String {
        if d.action.removesOriginal { return "error" }
        if d.action == .flag || AuditGate.alwaysBlocks(d.finding.category) { return "warning" }
        return "note"
    }

    /// The result message: category, decision, the reason in plain words — never the flagged
    /// text itself.
    static func message(_ d: Decision, plain: String) -> String {
        var m = "\(d.finding.category.rawValue): \(d.action.rawValue)"
        if let r = d.replacement, d.action.removesOriginal { m += " → “\(r)”" }
        return m + ". " + Self.sentence(plain) + "."
    }

    /// `s` with its first letter capitalized.
    static func sentence(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// The fingerprint of one result: lowercase hex SHA-256 of `rule`, `uri`, the category and
    /// the occurrence index, separated by NUL bytes.
    static func fingerprint(rule: String, uri: String, category: Category, occurrence: Int) -> String {
        var input = Array(rule.utf8)
        input.append(0)
        input += Array(uri.utf8)
        input.append(0)
        input += Array(category.rawValue.utf8)
        input.append(0)
        input += Array(String(occurrence).utf8)
        return SHA256.hex(input)
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

import Foundation
import VeilModel
import VeilPolicy
@testable import VeilReport

/// A fixed, hand-built policy outcome for the seed article, so the golden reports change only
/// when a reporter changes (not when the detector or the policy improves).
enum SeedOutcome {
    static let path = "seeds/dailynk-international-calls.txt"

    static var root: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("repository root not found")
    }

    static var goldenDirectory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden") }

    static func document() throws -> Document {
        let bytes = Array(try Data(contentsOf: root.appendingPathComponent(path)))
        return try Document(bytes: bytes, path: path)
    }

    /// Byte range of the `occurrence`-th (0-based) occurrence of `needle`.
    static func range(of needle: String, in doc: Document, occurrence: Int = 0) -> Range<Int> {
        let n = Array(needle.utf8)
        var found = 0
        var i = 0
        while i + n.count <= doc.bytes.count {
            if Array(doc.bytes[i..<(i + n.count)]) == n {
                if found == occurrence { return i..<(i + n.count) }
                found += 1
            }
            i += 1
        }
        fatalError("\(needle) not in the seed article")
    }

    static func finding(_ text: String, _ category: VeilModel.Category, in doc: Document, occurrence: Int = 0,
                        recognizer: String, confidence: Double = 0.9, qualifiers: [Qualifier] = []) -> Finding {
        Finding(range: range(of: text, in: doc, occurrence: occurrence), text: text, category: category,
                confidence: confidence, recognizer: recognizer, explanation: "test fixture: \(recognizer)",
                qualifiers: qualifiers)
    }

    /// The audited seed article.
    static func audited() throws -> AuditedDocument {
        let doc = try document()
        let src1 = finding("a source in Ryanggang Province", .source, in: doc, recognizer: "source.descriptor", confidence: 0.95)
        let src2 = finding("the source", .source, in: doc, recognizer: "source.descriptor", confidence: 0.8)
        let src3 = finding("a separate source in Ryanggang Province", .source, in: doc, recognizer: "source.descriptor", confidence: 0.95)
        var decisions: [Decision] = []
        func add(_ f: Finding, _ a: Action, _ replacement: String?, _ reason: String, _ basis: DecisionBasis = .categoryRule) {
            decisions.append(Decision(finding: f, action: a, replacement: replacement, reason: reason, basis: basis))
        }
        add(finding("North Korea", .country, in: doc, recognizer: "place.gazetteer", confidence: 0.99), .keep, nil, "country: kept (standard)")
        add(finding("Ministry of State Security", .organization, in: doc, recognizer: "entity.public"), .keep, nil, "public entity: kept", .publicEntity)
        add(finding("Daily NK", .organization, in: doc, recognizer: "entity.public"), .keep, nil, "allow list: Daily NK", .allowList)
        add(src1, .generalize, "a source in North Korea", "source: place stripped (standard)")
        decisions.append(Decision(finding: finding("Ryanggang Province", .province, in: doc, recognizer: "place.gazetteer"),
                                  action: .generalize, replacement: nil, reason: "province: generalize (standard)", coveredBy: decisions.count - 1))
        add(finding("Kangan-dong", .neighborhood, in: doc, recognizer: "place.korean-unit", confidence: 0.92), .redact, "[place]", "neighborhood: redact (standard)")
        add(finding("Hyesan", .city, in: doc, recognizer: "place.gazetteer"), .generalize, "a city in Ryanggang Province", "city: generalize one level (standard)")
        add(finding("four years ago", .date, in: doc, recognizer: "date.relative", confidence: 0.85), .generalize, "several years ago", "date: generalize to vague (standard)")
        add(src2, .flag, nil, "source: no attached detail")
        add(finding("3,000 yuan", .amount, in: doc, recognizer: "amount.currency", confidence: 0.97), .generalize, "thousands of yuan", "amount: band (standard)")
        add(src3, .generalize, "another source in North Korea", "source: place stripped (standard)")
        add(finding("10,000 Chinese yuan", .amount, in: doc, recognizer: "amount.currency", confidence: 0.97), .generalize, "tens of thousands of yuan", "amount: band (standard)")
        add(finding("Kang Mi Jin", .person, in: doc, occurrence: 0, recognizer: "person.korean", confidence: 0.93), .flag, nil, "person: byline, flagged for the editor <check> & \"confirm\"")
        add(finding("2009", .date, in: doc, recognizer: "date.year", confidence: 0.7), .flag, nil, "year: flag (standard)")
        let risk = RiskAssessment(
            sources: [
                SourceRisk(source: src1, survivingDetails: ["country: North Korea"], score: 0.2, explanation: "only the country survives"),
                SourceRisk(source: src3, survivingDetails: ["country: North Korea", "relation: separate source"], score: 0.25, explanation: "country and a second-source relation survive"),
            ],
            documentScore: 0.3, threshold: 0.5, exceedsThreshold: false,
            explanation: "no source keeps a place below the country")
        let outcome = PolicyOutcome(decisions: decisions, risk: risk)
        return AuditedDocument(document: doc, outcome: outcome, preview: preview(doc, outcome))
    }

    /// The fixture's own published text: each top-level removal's replacement spliced in (what
    /// `Redaction` does, without the pipeline's extensions), with the replaced spans.
    static func preview(_ doc: Document, _ outcome: PolicyOutcome) -> PublishedPreview {
        let removing = outcome.decisions.filter { $0.action.removesOriginal && $0.coveredBy == nil }
            .sorted { $0.finding.range.lowerBound < $1.finding.range.lowerBound }
        var out: [UInt8] = [], placed: [Range<Int>] = []
        var cursor = 0
        for d in removing {
            out += doc.bytes[cursor..<d.finding.range.lowerBound]
            let start = out.count
            out += Array((d.replacement ?? "[redacted]").utf8)
            placed.append(start..<out.count)
            cursor = d.finding.range.upperBound
        }
        out += doc.bytes[cursor...]
        return .text(String(decoding: out, as: UTF8.self), replaced: placed)
    }

    static func report() throws -> AuditReport {
        AuditReport(documents: [try audited()], policy: .standard)
    }
}

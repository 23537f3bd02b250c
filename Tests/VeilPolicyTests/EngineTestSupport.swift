import VeilModel
import XCTest
@testable import VeilPolicy

/// Builds findings by hand on a text, and applies decisions, for the engine tests.
struct Draft {
    let document: Document
    var findings: [Finding] = []

    init(_ text: String) {
        document = try! Document(text: text)
    }

    /// Byte range of the `occurrence`-th (0-based) occurrence of `needle`.
    func range(of needle: String, occurrence: Int = 0) -> Range<Int> {
        let hay = document.bytes
        let n = Array(needle.utf8)
        var seen = 0
        var i = 0
        while i + n.count <= hay.count {
            if Array(hay[i..<(i + n.count)]) == n {
                if seen == occurrence { return i..<(i + n.count) }
                seen += 1
            }
            i += 1
        }
        preconditionFailure("\(needle) not found")
    }

    /// Adds a finding on `text` and returns it.
    @discardableResult
    mutating func add(_ text: String, _ category: Category, occurrence: Int = 0, confidence: Double = 0.9,
                      hierarchy: [PlaceUnit] = [], qualifiers: [Qualifier] = [], attributes: [String: String] = [:]) -> Finding {
        let f = Finding(range: range(of: text, occurrence: occurrence), text: text, category: category, confidence: confidence,
                        recognizer: "test", explanation: "hand-made", hierarchy: hierarchy, qualifiers: qualifiers,
                        attributes: attributes)
        findings.append(f)
        return f
    }

    /// A qualifier on `text` inside the document.
    func qualifier(_ kind: Qualifier.Kind, _ text: String, occurrence: Int = 0, level: Category? = nil) -> Qualifier {
        Qualifier(kind: kind, text: text, range: range(of: text, occurrence: occurrence), placeLevel: level)
    }

    /// Runs the engine.
    func decide(_ policy: Policy, table: inout PseudonymTable) -> PolicyOutcome {
        PolicyEngine(policy: policy).decide(document: document, findings: findings, pseudonyms: &table)
    }

    func decide(_ policy: Policy) -> PolicyOutcome {
        var table = PseudonymTable()
        return decide(policy, table: &table)
    }

    /// The published text: every top-level replacement applied.
    func apply(_ outcome: PolicyOutcome) -> String {
        let edits = outcome.decisions.filter { $0.coveredBy == nil && $0.action.removesOriginal }
            .sorted { $0.finding.range.lowerBound < $1.finding.range.lowerBound }
        var out = [UInt8]()
        var at = 0
        for d in edits {
            precondition(d.finding.range.lowerBound >= at, "top-level replacements overlap")
            out += document.bytes[at..<d.finding.range.lowerBound]
            out += Array((d.replacement ?? "").utf8)
            at = d.finding.range.upperBound
        }
        out += document.bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The published text under `policy`.
    func published(_ policy: Policy) -> String { apply(decide(policy)) }
}

/// Hierarchies of the seed article's places.
enum Seed {
    static let northKorea = PlaceUnit(name: "North Korea", level: .country)
    static let ryanggang = PlaceUnit(name: "Ryanggang Province", level: .province)
    static let hyesan = PlaceUnit(name: "Hyesan", level: .city)
    static let kanganHierarchy = [hyesan, ryanggang, northKorea]
    static let hyesanHierarchy = [ryanggang, northKorea]
    static let ryanggangHierarchy = [northKorea]
}

/// Asserts the coverage guarantee: every removing decision lies inside a top-level replaced
/// span with a replacement, and top-level removing spans do not overlap.
func assertFullCoverage(_ outcome: PolicyOutcome, file: StaticString = #filePath, line: UInt = #line) {
    let top = outcome.decisions.enumerated().filter { $0.element.coveredBy == nil && $0.element.action.removesOriginal }
    for (i, a) in top.enumerated() {
        XCTAssertNotNil(a.element.replacement, "top-level removing decision without replacement", file: file, line: line)
        for b in top[(i + 1)...] {
            XCTAssertFalse(a.element.finding.range.overlaps(b.element.finding.range), "top-level spans overlap", file: file, line: line)
        }
    }
    for d in outcome.decisions where d.action.removesOriginal {
        let covered = top.contains { $0.element.finding.range.lowerBound <= d.finding.range.lowerBound && d.finding.range.upperBound <= $0.element.finding.range.upperBound }
        XCTAssertTrue(covered, "a removed span is not covered by a replacement", file: file, line: line)
        if let c = d.coveredBy {
            XCTAssertNil(outcome.decisions[c].coveredBy, "coveredBy must point at a top-level decision", file: file, line: line)
        }
    }
}

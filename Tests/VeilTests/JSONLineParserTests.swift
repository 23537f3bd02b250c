import XCTest
import Foundation
import VeilTestSupport
import VeilModel
import VeilPolicy
import VeilDetect
@testable import Veil

/// The fast reader of `veil audit --jsonl` lines must read every line exactly as the
/// `JSONSerialization` path does (same id, same text, same error line), and hand anything it
/// is not sure of to that path.
final class JSONLineParserTests: XCTestCase {
    let auditor = JSONLinesAuditor.applying(.standard)

    /// The two readings of `line`, as comparable text.
    private func readings(_ line: [UInt8]) -> (fast: String, foundation: String) {
        func describe(_ p: JSONLinesAuditor.ParsedLine) -> String {
            switch p {
            case .error(let e): return "error " + String(decoding: e, as: UTF8.self)
            case .document(let id, let d): return "id " + String(decoding: id, as: UTF8.self) + " text " + d.bytes.map(String.init).joined(separator: ",")
            }
        }
        return (describe(auditor.parse(line: line)), describe(auditor.parseWithFoundation(line: line)))
    }

    private func assertSameReading(_ line: [UInt8], file: StaticString = #filePath, lineNumber: UInt = #line) {
        let r = readings(line)
        XCTAssertEqual(r.fast, r.foundation, "line \(String(decoding: line, as: UTF8.self).debugDescription) \(line)", file: file, line: lineNumber)
    }

    /// Plain lines take the fast path and read as Foundation reads them.
    func testPlainLinesAreReadFastAndTheSame() {
        let plain = [
            #"{"id":"a","text":"She lives in Hyesan."}"#,
            #"{"id": "news-001", "source_url": "https://x/y", "region": "nk", "text": "North Korea \"sealed\" it.\n\tOK"}"#,
            #"{"text":"x","id":"b"}"#,
            #"{"id":7,"text":""}"#, #"{"id":-12.50,"text":"x"}"#, #"{"id":0,"text":"x"}"#, #"{"id":true,"text":"x"}"#,
            #"{"id":false,"text":"x"}"#, #"{"id":null,"text":"x"}"#, #"{"id":[1,{"a":null}],"text":"x"}"#, #"{"id":{},"text":"x"}"#,
            #"{"text":"no id"}"#,
            #"{"id":"a","text":"\u00e9\/\b\f\r\u2028\ud83d\ude00\uDBFF\uDFFF\u0041"}"#,
            #"{"id":"\"quoted\" \\ id","text":"x"}"#,
            #"{"id":"a","meta":{"n":[1,2.5,-0,true,false,null,"s",[]],"o":{}},"text":"x"}"#,
            " \t{ \"id\" : \"a\" , \"text\" : \"x\" } \r",
            "{\"id\":\"강안동\",\"text\":\"Kangan-dong (강안동) in Hyesan — “quoted” é ü 😀\"}",
            #"{"id":"a","text":"x\u0000y"}"#,  // a NUL: the document is refused as binary, with the id
            #"{"id":"a","text":"\u2029"}"#,
        ]
        for line in plain {
            let bytes = Array(line.utf8)
            guard case .parsed = JSONLineParser.parse(bytes) else { XCTFail("not read fast: \(line)"); continue }
            assertSameReading(bytes)
        }
        XCTAssertEqual(JSONLineParser.parse(Array(#"{"id":"a","text":"\u00e9"}"#.utf8)), .parsed(id: .string([0x61]), text: [0xC3, 0xA9]))
    }

    /// Everything odd goes to Foundation, which writes the error line (or reads the line its way).
    func testUnusualLinesGoToFoundation() {
        var unusual: [[UInt8]] = [
            #"not json"#, "", "[]", #""a""#, "{}", #"{"id":"a"}"#, #"{"id":"a","text":5}"#, #"{"id":"a","text":null}"#,
            #"{"id":"a","text":"x",}"#,  // Foundation accepts a trailing comma
            #"{"id":"a","text":"x"} x"#, #"{"id":"a","text":"x""#, #"{"id":"a","text":"x}"#,
            #"{"id":"a","id":"b","text":"x"}"#, #"{"id":"a","text":"x","text":"y"}"#,  // Foundation keeps the last
            #"{"i\u0064":"a","text":"x"}"#,
            #"{"id":1e2,"text":"x"}"#, #"{"id":1e400,"text":"x"}"#, #"{"id":12345678901234567890,"text":"x"}"#,
            #"{"id":"a","n":01,"text":"x"}"#, #"{"id":"a","n":1.,"text":"x"}"#, #"{"id":"a","n":-,"text":"x"}"#,
            #"{"id":"a","n":nul,"text":"x"}"#, #"{"id":"a","n":1e400,"text":"x"}"#,
            #"{"id":"a","text":"\ud800"}"#, #"{"id":"a","text":"\udc00x"}"#, #"{"id":"a","text":"\ud83d\u0041"}"#,
            #"{"id":"a","text":"\U0041"}"#, #"{"id":"a","text":"\x"}"#, #"{"id":"a","text":"\u00G0"}"#, #"{"id":"a","text":"\u00"}"#,
            "{\"id\":\"a\",\"text\":\"x\ty\"}", "{\"id\":\"a\",\u{0C}\"text\":\"x\"}",
            "\u{FEFF}{\"id\":\"a\",\"text\":\"x\"}",
        ].map { Array($0.utf8) }
        let head = Array(#"{"id":"a","text":"x"#.utf8), tail = Array(#""}"#.utf8)
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98]] {
            unusual.append(head + bad + tail)
            unusual.append(Array(#"{"id":"a","k"#.utf8) + bad + Array(#"":1,"text":"x"}"#.utf8))
        }
        unusual.append(Array(#"{"id":"a","n":"#.utf8) + Array(repeating: 0x5B, count: 100) + Array(repeating: 0x5D, count: 100) + Array(#","text":"x"}"#.utf8))
        for line in unusual {
            XCTAssertEqual(JSONLineParser.parse(line), .unusual, String(decoding: line, as: UTF8.self))
            assertSameReading(line)
        }
        // The error lines themselves are unchanged.
        XCTAssertEqual(readings(Array("not json".utf8)).fast, #"error {"id":null,"error":"line is not a JSON object"}"#)
        XCTAssertEqual(readings(Array(#"{"id":7}"#.utf8)).fast, #"error {"id":7,"error":"missing string field \"text\""}"#)
        XCTAssertEqual(readings(Array(#"{"id":"a","text":"x\u0000"}"#.utf8)).fast,
                       #"error {"id":"a","error":"the file looks binary (NUL or dense control bytes from byte offset 1), not a text draft"}"#)
    }

    /// Issue 12: `JSONSerialization` drops a raw U+FEFF even inside a string, so offsets no
    /// longer indexed the text as given. Both readings now keep it, escaped or raw.
    func testARawByteOrderMarkInsideTheTextIsKept() throws {
        let raw = Array("{\"id\":\"raw\",\"text\":\"\u{FEFF}Hyesan is a city.\"}".utf8)
        let escaped = Array(#"{"id":"raw","text":"\ufeffHyesan is a city."}"#.utf8)
        // Another line Foundation must read (an exponent in an unrelated field) keeps it too.
        let viaFoundation = Array("{\"id\":\"raw\",\"n\":1e2,\"text\":\"\u{FEFF}Hyesan is a city.\"}".utf8)
        XCTAssertEqual(JSONLineParser.parse(viaFoundation), .unusual)
        for line in [raw, escaped, viaFoundation] {
            assertSameReading(line)
            guard case .document(_, let d) = auditor.parse(line: line) else { return XCTFail("parsed") }
            XCTAssertEqual(Array(d.bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "the U+FEFF is kept")
            let out = auditor.process(line: line)
            XCTAssertTrue(out.contains(#""start":1,"end":7"#), out)
        }
    }

    /// Random lines built from JSON pieces, valid and not: both readings always agree.
    func testRandomLinesReadTheSameBothWays() {
        var rng = SplitMix(seed: 0x5EED)
        let pieces: [String] = [
            "a", "Z", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\r", "\\b", "\\f", "\\u0041", "\\u00e9", "\\u2028", "\\ud83d\\ude00",
            "\\ud800", "\\udc00", "\\u0000", "\\u001f", "\\x", "é", "강", "😀", "\u{7F}", "\u{2028}", "—", "\"", "\\", "\t", "\u{1}",
            "{", "}", "[", "]", ",", ":", "0", "-1.5", "e5", "true", "null",
        ]
        func string() -> String { "\"" + (0..<rng.next(12)).map { _ in pieces[rng.next(pieces.count)] }.joined() + "\"" }
        func value(_ depth: Int) -> String {
            switch rng.next(depth > 2 ? 6 : 8) {
            case 0: return string()
            case 1: return ["0", "-0", "7", "12.5", "-3.25", "1e3", "01", "1.", "123456789012345678"][rng.next(9)]
            case 2: return ["true", "false", "null", "nul", "tru"][rng.next(5)]
            case 3, 4, 5: return string()
            case 6: return "[" + (0..<rng.next(3)).map { _ in value(depth + 1) }.joined(separator: ",") + "]"
            default: return "{" + (0..<rng.next(3)).map { _ in string() + ":" + value(depth + 1) }.joined(separator: ",") + "}"
            }
        }
        var fast = 0
        for _ in 0..<3000 {
            var members: [String] = []
            if rng.next(5) > 0 { members.append("\"id\":" + value(0)) }
            if rng.next(8) > 0 { members.append("\"text\":" + (rng.next(6) > 0 ? string() : value(0))) }
            for _ in 0..<rng.next(3) { members.insert(string() + ":" + value(0), at: rng.next(members.count + 1)) }
            let spaces = [" ", "", "\t", "\r"]
            var line = spaces[rng.next(4)] + "{" + members.joined(separator: [",", " , ", ",\t"][rng.next(3)]) + "}" + spaces[rng.next(4)]
            if rng.next(20) == 0 { line.removeLast() }
            let bytes = Array(line.utf8)
            if case .parsed = JSONLineParser.parse(bytes) { fast += 1 }
            assertSameReading(bytes)
        }
        XCTAssertGreaterThan(fast, 150, "enough random lines take the fast path")
    }

    /// The JSON Lines actions are `decide`'s decisions, per input finding.
    func testActionsAreTheDecisionsByInput() throws {
        let engine = PolicyEngine(policy: .standard)
        let document = try Document(text: Fixtures.seedArticle)
        let findings = Detector().detect(document)
        var a = PseudonymTable(), b = PseudonymTable()
        let actions = engine.actions(document: document, findings: findings, pseudonyms: &a)
        let decisions = engine.decide(document: document, findings: findings, pseudonyms: &b).decisionsByInput(count: findings.count)
        XCTAssertEqual(actions.count, decisions.count)
        XCTAssertGreaterThan(findings.count, 20)
        for (x, y) in zip(actions, decisions) {
            XCTAssertEqual(x?.action, y?.action)
            XCTAssertEqual(x?.reason, y?.reason)
        }
        XCTAssertEqual(a, b, "the same pseudonyms")
    }
}

/// A small deterministic generator for the random tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound <= 0 ? 0 : Int(z % UInt64(bound))
    }
}

import XCTest
import VeilModel
@testable import VeilReport

/// Line and column of findings, also on one very long line (counted from the line start per
/// finding, 20,000 findings on one line made the text, SARIF and HTML reports quadratic).
final class LineIndexTests: XCTestCase {
    /// The definition: lines counted by LF, columns in scalars from the line start.
    private func naive(_ bytes: [UInt8], _ byte: Int) -> (Int, Int) {
        var line = 1, column = 1
        for i in 0..<min(byte, bytes.count) {
            if bytes[i] == 0x0A { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    func testPositionsMatchTheDefinitionOnLongAndMultibyteLines() throws {
        let text = String(repeating: "Hyesan 혜산시 — this week. ", count: 700) + "\nnext\r\nline é\n\n" + String(repeating: "ü", count: 600)
        let doc = try Document(text: text)
        let index = LineIndex(doc)
        var offsets = Array(Swift.stride(from: 0, through: doc.bytes.count, by: 7))
        offsets += [doc.bytes.count, doc.bytes.count + 5, -1]
        for o in offsets {
            // Offsets on scalar boundaries only (findings' ranges are).
            guard o < 0 || o >= doc.bytes.count || doc.bytes[o] & 0xC0 != 0x80 else { continue }
            let p = index.position(ofByte: o)
            let (line, column) = naive(doc.bytes, max(o, 0))
            XCTAssertEqual(p.line, line, "line at \(o)")
            XCTAssertEqual(p.column, column, "column at \(o)")
        }
    }

    func testTwentyThousandFindingsOnOneLineArePlaced() throws {
        let unit = "this week. "
        let doc = try Document(text: String(repeating: unit, count: 20_000))
        let index = LineIndex(doc)
        for i in Swift.stride(from: 0, to: 20_000, by: 997) {
            let p = index.position(ofByte: i * unit.utf8.count)
            XCTAssertEqual(p.line, 1)
            XCTAssertEqual(p.column, i * unit.utf8.count + 1)
        }
    }
}

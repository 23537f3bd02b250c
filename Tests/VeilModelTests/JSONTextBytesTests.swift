import XCTest
@testable import VeilModel

/// The byte-level writers of the JSON Lines output agree with the reference formatting.
final class JSONTextBytesTests: XCTestCase {
    /// The escaping `JSONText.quoted` did before the word-at-a-time scan, byte by byte.
    private func reference(_ s: String) -> String {
        var out: [UInt8] = [0x22]
        let b = Array(s.utf8), n = b.count
        var i = 0
        func escape(_ v: UInt32) { out += Array(String(format: "\\u%04x", v).utf8) }
        while i < n {
            let c = b[i]
            switch c {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x00..<0x20: escape(UInt32(c))
            case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
                escape(b[i + 2] == 0xA8 ? 0x2028 : 0x2029); i += 2
            default: out.append(c)
            }
            i += 1
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    func testQuotedMatchesTheReferenceAtEveryPosition() {
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{2030}", "—", "é", "강", "😀", "’"]
        for special in specials {
            for length in 0..<20 {
                for at in 0...length {
                    var chars = Array(repeating: "a", count: length)
                    chars.insert(special, at: at)
                    let s = chars.joined()
                    XCTAssertEqual(JSONText.quoted(s), reference(s), s.debugDescription)
                }
            }
        }
        let long = String(repeating: "Kangan-dong, Hyesan — “a source” said \"x\"\\\n\u{2028}. ", count: 50)
        XCTAssertEqual(JSONText.quoted(long), reference(long))
        var bytes: [UInt8] = []
        JSONText.appendQuoted(long, to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), reference(long))
    }

    func testNumbersAndIntegers() {
        var x = 0.0
        while x <= 1.0005 {
            for v in [x, x + 0.00049, x - 0.00049, x + 0.0005] {
                var out: [UInt8] = []
                JSONText.appendNumber(v, to: &out)
                XCTAssertEqual(String(decoding: out, as: UTF8.self), JSONText.number(v), "\(v)")
            }
            x += 0.0001
        }
        for v in [-0.0, -0.25, 1.5, 2, 1234.5678, -1e-9, .nan, .infinity] {
            var out: [UInt8] = []
            JSONText.appendNumber(v, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), JSONText.number(v), "\(v)")
        }
        for n in [0, 1, 9, 10, 99, 100, 12345, -1, -987, Int.max, Int.min] {
            var out: [UInt8] = []
            JSONText.appendInt(n, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), String(n))
        }
    }

    /// Scalar offsets (counted eight bytes at a time) equal a plain count, at every byte of
    /// texts that mix one- to four-byte characters across checkpoint boundaries.
    func testScalarOffsetsAtEveryBoundary() throws {
        let pieces = ["a", "é", "강", "😀", " ", "—"]
        for seed in 0..<6 {
            var text = ""
            var k = UInt64(seed)
            while text.utf8.count < 1200 {
                text += pieces[Int(k >> 33) % pieces.count]
                k = k &* 6364136223846793005 &+ 1442695040888963407
            }
            let d = try Document(text: text)
            let trusted = try Document(validatedUTF8: Array(text.utf8), allowEmpty: true)
            var scalars = 0
            for (i, b) in d.bytes.enumerated() {
                if b & 0xC0 != 0x80 {
                    XCTAssertEqual(d.scalarOffset(ofByte: i), scalars)
                    XCTAssertEqual(trusted.scalarOffset(ofByte: i), scalars)
                    scalars += 1
                }
            }
            XCTAssertEqual(d.scalarOffset(ofByte: d.bytes.count), scalars)
            XCTAssertEqual(scalars, text.unicodeScalars.count)
        }
        // Continuation-heavy texts whose length is a multiple of the checkpoint stride.
        for text in [String(repeating: "😀", count: 256), String(repeating: "강", count: 512), String(repeating: "é", count: 384)] {
            let d = try Document(text: text)
            XCTAssertEqual(d.bytes.count % 256, 0)
            XCTAssertEqual(d.scalarOffset(ofByte: d.bytes.count), text.unicodeScalars.count)
            let width = d.bytes.count / text.unicodeScalars.count
            for k in stride(from: 0, through: text.unicodeScalars.count, by: 7) {
                XCTAssertEqual(d.scalarOffset(ofByte: k * width), k)
            }
        }
        XCTAssertEqual(try Document(validatedUTF8: [], allowEmpty: true).scalarOffset(ofByte: 0), 0)
        XCTAssertThrowsError(try Document(validatedUTF8: Array("a\u{0}b".utf8), allowEmpty: true)) {
            XCTAssertEqual($0 as? DocumentError, .binary(offset: 1))
        }
        XCTAssertThrowsError(try Document(validatedUTF8: [], allowEmpty: false)) { XCTAssertEqual($0 as? DocumentError, .empty) }
    }
}

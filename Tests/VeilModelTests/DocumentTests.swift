import XCTest
@testable import VeilModel

final class DocumentTests: XCTestCase {
    func testEmptyFileIsRefused() {
        XCTAssertThrowsError(try Document(bytes: [])) { XCTAssertEqual($0 as? DocumentError, .empty) }
    }

    func testEmptyTextIsAllowedForStreams() throws {
        let d = try Document(text: "")
        XCTAssertEqual(d.bytes.count, 0)
    }

    func testBinaryIsRefused() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        XCTAssertThrowsError(try Document(bytes: png)) { XCTAssertEqual($0 as? DocumentError, .binary(offset: 8)) }
        XCTAssertThrowsError(try Document(bytes: Array("abc\u{0}def".utf8))) { XCTAssertEqual($0 as? DocumentError, .binary(offset: 3)) }
    }

    /// Issue 12: the binary check read only the first 8 KiB, so a NUL or a dense run of control
    /// bytes later in a large draft passed, and the detector then dropped that segment.
    func testANulOrDenseControlBytesAnywhereMakeTheDraftBinary() {
        let filler = Array(String(repeating: "The sky was blue and the river was calm. ", count: 2_000).utf8)
        XCTAssertGreaterThan(filler.count, 3 * Document.binaryWindow)
        XCTAssertNoThrow(try Document(bytes: filler))
        let nul = filler + [0] + Array("Kang Mi Jin".utf8)
        XCTAssertThrowsError(try Document(bytes: nul)) { XCTAssertEqual($0 as? DocumentError, .binary(offset: filler.count)) }
        XCTAssertThrowsError(try Document(validatedUTF8: nul, allowEmpty: true)) {
            XCTAssertEqual($0 as? DocumentError, .binary(offset: filler.count))
        }
        let control = filler + [UInt8](repeating: 0x01, count: 900) + Array("Kang Mi Jin".utf8)
        XCTAssertThrowsError(try Document(bytes: control)) { XCTAssertEqual($0 as? DocumentError, .binary(offset: filler.count)) }
        // Sparse control bytes (one per 100 bytes) stay text; the same count packed together does not.
        var sparse = filler
        for k in stride(from: 50, to: sparse.count, by: 100) { sparse[k] = 0x01 }
        XCTAssertNoThrow(try Document(bytes: sparse))
        // A dense run straddling two 8 KiB blocks (half in each) is still found.
        var straddle = filler
        let mid = 2 * Document.binaryWindow - 450
        for k in mid..<(mid + 900) { straddle[k] = 0x02 }
        XCTAssertThrowsError(try Document(bytes: straddle)) { XCTAssertEqual($0 as? DocumentError, .binary(offset: mid)) }
        XCTAssertFalse(DocumentError.binary(offset: 5).description.contains("Kang"))
    }

    func testUTF16IsNamedWithTheIconvFix() {
        let text = "Kang Mi Jin lives in Hyesan."
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let bare = Array(le.dropFirst(2))
        XCTAssertThrowsError(try Document(bytes: le)) { XCTAssertEqual($0 as? DocumentError, .utf16(bigEndian: false)) }
        XCTAssertThrowsError(try Document(bytes: be)) { XCTAssertEqual($0 as? DocumentError, .utf16(bigEndian: true)) }
        XCTAssertThrowsError(try Document(bytes: bare)) { XCTAssertEqual($0 as? DocumentError, .utf16(bigEndian: false)) }
        let message = DocumentError.utf16(bigEndian: false).description
        XCTAssertTrue(message.contains("UTF-16"))
        XCTAssertTrue(message.contains("iconv -f UTF-16 -t UTF-8 draft.txt > draft-utf8.txt"))
    }

    func testASegmentOfAValidatedDocumentCannotFail() throws {
        let d = try Document(text: String(repeating: "강안동 Hyesan ", count: 5) + "\n\n\u{1}\u{1}\u{1}x")
        // The last six bytes alone are half control bytes: a document of their own would be
        // refused as binary, but as a segment of a validated draft they are scanned.
        let tail = Document(segment: (d.bytes.count - 5)..<d.bytes.count, of: d)
        XCTAssertEqual(tail.bytes, Array(d.bytes.suffix(5)))
        XCTAssertThrowsError(try Document(bytes: tail.bytes))
    }

    func testInvalidUTF8ReportsTheOffset() {
        var bytes = Array("Hyesan is in the north.".utf8)
        bytes.insert(0xFF, at: 7)
        XCTAssertThrowsError(try Document(bytes: bytes)) { XCTAssertEqual($0 as? DocumentError, .invalidUTF8(offset: 7)) }
        // Overlong encoding of "/", a lone surrogate, and a truncated sequence at the end.
        for (bad, offset) in [([0x41, 0xC0, 0xAF], 1), ([0xED, 0xA0, 0x80], 0), (Array("ab".utf8) + [0xE2, 0x82], 2)] as [([UInt8], Int)] {
            XCTAssertEqual(Document.firstInvalidUTF8(bad), offset, "\(bad)")
        }
        XCTAssertNil(Document.firstInvalidUTF8(Array("강안동 😀 é".utf8)))
    }

    func testErrorMessagesDoNotQuoteContent() {
        let message = DocumentError.invalidUTF8(offset: 12).description
        XCTAssertTrue(message.contains("12"))
        XCTAssertFalse(DocumentError.binary(offset: 0).description.isEmpty)
    }

    func testScalarOffsetsCountUnicodeScalars() throws {
        let text = String(repeating: "강안동 😀 Hyesan ", count: 40)
        let d = try Document(text: text)
        let bytes = Array(text.utf8)
        var byte = 0
        var scalars = 0
        for s in text.unicodeScalars {
            XCTAssertEqual(d.scalarOffset(ofByte: byte), scalars)
            byte += String(s).utf8.count
            scalars += 1
        }
        XCTAssertEqual(d.scalarOffset(ofByte: bytes.count), text.unicodeScalars.count)
    }

    func testLineColumn() throws {
        let d = try Document(text: "one\ntwo 강 three")
        let offset = Array("one\ntwo 강 ".utf8).count
        let lc = d.lineColumn(ofByte: offset)
        XCTAssertEqual(lc.line, 2)
        XCTAssertEqual(lc.column, 7)
    }
}

final class TextFoldingTests: XCTestCase {
    func testVariantsFoldToOneKey() {
        let key = TextFolding.key("Kang Mi-jin")
        XCTAssertEqual(key, "kangmijin")
        for variant in ["KANG MIJIN", "Káng  Mi\u{2010}Jin", "kang\u{200B}mi jin", "Ｋａｎｇ Mi Jin"] {
            XCTAssertEqual(TextFolding.key(variant), key, variant)
        }
        XCTAssertNotEqual(TextFolding.key("Kang Mi Jun"), key)
    }

    func testASCIIFastPathAgreesWithTheUnicodePath() {
        var samples = ["Kang Mi-jin", "O'Brien", "U.S. Dept.", "a_b\tc\r\nd", "3,000 yuan", "@handle", "x--y  z", "MIXED case 42"]
        samples.append(String(decoding: (0x01...0x7F).map { UInt8($0) }, as: UTF8.self))
        for s in samples {
            XCTAssertEqual(TextFolding.key(s), TextFolding.unicodeKey(s), s.debugDescription)
        }
    }

    func testOffsetsMapFoldedScalarsBack() {
        let text = "Mr. Choe-Il"
        let (folded, origin) = TextFolding.keyWithOffsets(text)
        XCTAssertEqual(String(String.UnicodeScalarView(folded)), "mrchoeil")
        XCTAssertEqual(origin.first, 0..<1)
        XCTAssertEqual(origin.last, 10..<11)
    }
}

final class AtomicFileTests: XCTestCase {
    func testWriteRefusesToOverwriteAndLeavesNoTemporaryFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veil-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.txt").path
        try AtomicFile.write(Array("first".utf8), to: path, mode: 0o600, overwrite: false)
        XCTAssertThrowsError(try AtomicFile.write(Array("second".utf8), to: path, overwrite: false)) {
            XCTAssertEqual($0 as? FileError, .exists(path: path))
        }
        XCTAssertEqual(try AtomicFile.read(path), Array("first".utf8))
        try AtomicFile.write(Array("second".utf8), to: path, overwrite: true)
        XCTAssertEqual(try AtomicFile.read(path), Array("second".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o644)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".veil-tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testUnwritableDirectoryFailsCleanly() {
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: "/nonexistent-dir-veil/out.txt", overwrite: false)) { error in
            guard case .system = error as? FileError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try AtomicFile.read("/nonexistent-dir-veil/in.txt")) {
            XCTAssertEqual($0 as? FileError, .notFound(path: "/nonexistent-dir-veil/in.txt"))
        }
    }
}

final class JSONTextTests: XCTestCase {
    func testQuotedEscapesAndRoundTrips() throws {
        let samples = ["plain", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u{1}\u{1F}", "강안동 😀", "sep\u{2028}par\u{2029}"]
        for s in samples {
            let json = JSONText.quoted(s)
            let back = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
            XCTAssertEqual(back, [s], json)
        }
        XCTAssertEqual(JSONText.quoted("a\u{1}"), "\"a\\u0001\"")
        XCTAssertEqual(JSONText.quoted("\u{2028}"), "\"\\u2028\"")
    }
}

/// `Category.ordinal` indexes per-category tables in the detector's tagger and the policy
/// engine: it must be each category's position in `allCases`.
final class CategoryOrdinalTests: XCTestCase {
    func testOrdinalIsThePositionInAllCases() {
        for (i, c) in Category.allCases.enumerated() { XCTAssertEqual(c.ordinal, i, c.rawValue) }
    }
}

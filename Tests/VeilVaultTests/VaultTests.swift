import XCTest
@testable import VeilVault

final class VaultTests: XCTestCase {
    static func secure(_ s: String) -> SecureBytes { SecureBytes(copying: Array(s.utf8)) }

    static func records(_ pairs: [(String, String)]) -> [VaultRecord] {
        pairs.map { VaultRecord(id: $0.0, content: secure($0.1)) }
    }

    /// A small two-record version 1 vault for one recipient, used by the tamper loops and the
    /// structure tests of version 1 (version 2 has its own in VaultV2Tests).
    static func sample(_ key: SecretKey) throws -> [UInt8] {
        let recs = records([(Vault.draftRecordID, "Kim met the trader in Hyesan.\n"), ("r-abcdefgh", "Hyesan")])
        return try Vault.sealVersion1(records: recs, recipients: [key.publicKey], publishedText: Array("Kim met the trader in [place].\n".utf8)).bytes
    }

    func testRoundTripIsByteExact() throws {
        let key = SecretKey.generate()
        let drafts: [[UInt8]] = [
            Array("혜산의 소식통은 \"전화 단속\"이 심해졌다고 말했다. 🙂👩‍👩‍👧\r\nSecond line\r\n".utf8),
            Array("no final newline — café".utf8),
            Array("CRLF only\r\n\r\n".utf8),
            [0xEF, 0xBB, 0xBF] + Array("BOM kept\n".utf8),
        ]
        for draft in drafts {
            let recs = [VaultRecord(id: Vault.draftRecordID, content: SecureBytes(copying: draft)),
                        VaultRecord(id: Vault.newRecordID(), content: Self.secure("혜산")),
                        VaultRecord(id: Vault.pseudonymsRecordID, content: Self.secure("{\"Person A\":\"Kang\"}"))]
            let published = Array("published".utf8)
            let sealed = try Vault.seal(records: recs, recipients: [key.publicKey], publishedText: published)
            let opened = try Vault.open(sealed.bytes, identity: key)
            XCTAssertEqual(opened.draft?.copyBytes(), draft)
            XCTAssertEqual(opened.records.map(\.id), recs.map(\.id))
            XCTAssertEqual(opened.records[1].content.utf8String(), "혜산")
            XCTAssertTrue(opened.matchesPublishedText(published))
            XCTAssertFalse(opened.matchesPublishedText(Array("published!".utf8)))
        }
    }

    func testEmptyAndLargeRecords() throws {
        let key = SecretKey.generate()
        let big = [UInt8]((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let recs = [VaultRecord(id: "r-empty", content: SecureBytes(count: 0)),
                    VaultRecord(id: "r-big", content: SecureBytes(copying: big))]
        let opened = try Vault.open(Vault.seal(records: recs, recipients: [key.publicKey], publishedText: []).bytes, identity: key)
        XCTAssertEqual(opened.records[0].content.count, 0)
        XCTAssertEqual(opened.records[1].content.copyBytes(), big)
    }

    func testEveryRecipientOpensAndOthersCannot() throws {
        let a = SecretKey.generate(), b = SecretKey.generate(), c = SecretKey.generate()
        let bytes = try Vault.sealVersion1(records: Self.records([("r-1", "secret")]), recipients: [a.publicKey, b.publicKey],
                                   publishedText: []).bytes
        XCTAssertEqual(try Vault.open(bytes, identity: a).records[0].content.utf8String(), "secret")
        XCTAssertEqual(try Vault.open(bytes, identity: b).records[0].content.utf8String(), "secret")
        XCTAssertThrowsError(try Vault.open(bytes, identity: c)) { XCTAssertEqual($0 as? VaultError, .notARecipient) }
        XCTAssertEqual(try Vault.summary(bytes), VaultSummary(version: 1, recipientCount: 2, recordCount: 1))
        // No recipient ids: the public keys appear nowhere in the file.
        for pk in [a.publicKey, b.publicKey] {
            XCTAssertFalse(contains(bytes, pk.bytes))
        }
    }

    func testRecipientLimits() throws {
        let recs = Self.records([("r-1", "x")])
        XCTAssertThrowsError(try Vault.seal(records: recs, recipients: [], publishedText: [])) {
            XCTAssertEqual($0 as? VaultError, .recipientCount(0))
        }
        let nine = (0..<9).map { _ in SecretKey.generate().publicKey }
        XCTAssertThrowsError(try Vault.seal(records: recs, recipients: nine, publishedText: [])) {
            XCTAssertEqual($0 as? VaultError, .recipientCount(9))
        }
        let eight = try Vault.seal(records: recs, recipients: Array(nine.prefix(8)), publishedText: [])
        XCTAssertEqual(try Vault.summary(eight.bytes).recipientCount, 8)
    }

    func testRecordIDValidation() {
        let pk = SecretKey.generate().publicKey
        for bad in ["", "has space", String(repeating: "a", count: 256), "é"] {
            XCTAssertThrowsError(try Vault.seal(records: Self.records([(bad, "x")]), recipients: [pk], publishedText: [])) {
                XCTAssertEqual($0 as? VaultError, .invalidRecordID)
            }
        }
        XCTAssertThrowsError(try Vault.seal(records: Self.records([("r-1", "x"), ("r-1", "y")]), recipients: [pk], publishedText: [])) {
            XCTAssertEqual($0 as? VaultError, .duplicateRecordID)
        }
        let ids = (0..<500).map { _ in Vault.newRecordID() }
        XCTAssertEqual(Set(ids).count, ids.count)
        for id in ids {
            XCTAssertEqual(id.utf8.count, 10)
            XCTAssertTrue(id.hasPrefix("r-"))
            XCTAssertTrue(id.dropFirst(2).allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        }
        XCTAssertNotEqual(Vault.newRecordID(excluding: [ids[0]]), ids[0])
    }

    func testEveryFlippedByteIsDetected() throws {
        let key = SecretKey.generate()
        let bytes = try Self.sample(key)
        XCTAssertNoThrow(try Vault.open(bytes, identity: key))
        for i in 0..<bytes.count {
            for mask: UInt8 in [0x01, 0x80] {
                var bad = bytes
                bad[i] ^= mask
                XCTAssertThrowsError(try Vault.open(bad, identity: key), "flip \(mask) at byte \(i) not detected")
            }
        }
    }

    /// Past the recipient stanzas, a flipped byte is an integrity failure, never "not a recipient".
    func testFlipsAfterTheStanzasAreIntegrityFailures() throws {
        let key = SecretKey.generate()
        let bytes = try Self.sample(key)
        let (header, records) = Self.split(bytes)
        XCTAssertEqual(header.count, 165)
        for i in 109..<bytes.count {
            var bad = bytes
            bad[i] ^= 0x40
            XCTAssertThrowsError(try Vault.open(bad, identity: key)) { error in
                XCTAssertNotEqual(error as? VaultError, .notARecipient, "byte \(i)")
            }
        }
        // Inside a record's ciphertext: authentication failure.
        var bad = bytes
        bad[165 + records[0].count - 20] ^= 1
        XCTAssertThrowsError(try Vault.open(bad, identity: key)) { XCTAssertEqual($0 as? VaultError, .tampered) }
        // Cut exactly after a record: no final record.
        XCTAssertThrowsError(try Vault.open(header + records[0], identity: key)) { XCTAssertEqual($0 as? VaultError, .truncated) }
    }

    func testEveryTruncationIsDetected() throws {
        let key = SecretKey.generate()
        let bytes = try Self.sample(key)
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try Vault.open(Array(bytes[0..<length]), identity: key), "truncation at \(length) not detected") { error in
                guard let e = error as? VaultError else { return XCTFail("unexpected error type") }
                if length >= 165 { XCTAssertNotEqual(e, .notARecipient) }
            }
        }
        XCTAssertThrowsError(try Vault.open(bytes + [0], identity: key)) {
            XCTAssertEqual($0 as? VaultError, .malformed("bytes after the final record"))
        }
    }

    /// Splits a vault into header and record chunks (following docs/vault-format.md).
    static func split(_ bytes: [UInt8]) -> (header: [UInt8], records: [[UInt8]]) {
        let n = Int(bytes[28])
        let headerEnd = 29 + 80 * n + 24 + 32
        var records: [[UInt8]] = []
        var i = headerEnd
        while i < bytes.count {
            let pidLen = Int(bytes[i])
            let clenAt = i + 1 + pidLen
            let clen = Int(bytes[clenAt]) | Int(bytes[clenAt + 1]) << 8 | Int(bytes[clenAt + 2]) << 16 | Int(bytes[clenAt + 3]) << 24
            let end = clenAt + 4 + clen
            records.append(Array(bytes[i..<end]))
            i = end
        }
        return (Array(bytes[0..<headerEnd]), records)
    }

    func testSwappedRemovedDuplicatedRecordsAreDetected() throws {
        let key = SecretKey.generate()
        let recs = Self.records([("@draft", "draft"), ("r-aaaaaaaa", "one"), ("r-bbbbbbbb", "two")])
        let bytes = try Vault.sealVersion1(records: recs, recipients: [key.publicKey], publishedText: []).bytes
        let (header, r) = Self.split(bytes)
        XCTAssertEqual(r.count, 4)
        XCTAssertEqual(header + r.joined(), bytes)
        let variants: [String: [[UInt8]]] = [
            "swapped": [r[0], r[2], r[1], r[3]],
            "removed": [r[0], r[2], r[3]],
            "removed last": [r[0], r[1], r[3]],
            "duplicated": [r[0], r[1], r[1], r[2], r[3]],
            "final removed": [r[0], r[1], r[2]],
            "final duplicated": [r[0], r[1], r[2], r[3], r[3]],
        ]
        for (name, chunks) in variants {
            XCTAssertThrowsError(try Vault.open(header + chunks.joined(), identity: key), name)
        }
        // A record moved from another vault sealed to the same key is refused too.
        let other = try Vault.sealVersion1(records: recs, recipients: [key.publicKey], publishedText: []).bytes
        let (_, r2) = Self.split(other)
        XCTAssertThrowsError(try Vault.open(header + [r[0], r2[1], r[2], r[3]].joined(), identity: key)) {
            XCTAssertEqual($0 as? VaultError, .tampered)
        }
    }

    func testUnknownVersionAndForeignFilesAreRefused() throws {
        let key = SecretKey.generate()
        var bytes = try Self.sample(key)
        bytes[7] = 3
        XCTAssertThrowsError(try Vault.open(bytes, identity: key)) { XCTAssertEqual($0 as? VaultError, .unsupportedVersion(3)) }
        XCTAssertThrowsError(try Vault.open(Array("hello, this is not a vault".utf8), identity: key)) {
            guard case .malformed = $0 as? VaultError else { return XCTFail("expected malformed") }
        }
        XCTAssertThrowsError(try Vault.open([], identity: key)) { XCTAssertEqual($0 as? VaultError, .truncated) }
    }

    func testPaddingHidesLengths() throws {
        let key = SecretKey.generate()
        func size(_ n: Int) throws -> Int {
            let rec = VaultRecord(id: "r-aaaaaaaa", content: SecureBytes(copying: [UInt8](repeating: 0x41, count: n)))
            return try Vault.sealVersion1(records: [rec], recipients: [key.publicKey], publishedText: []).bytes.count
        }
        let one = try size(1)
        XCTAssertEqual(one, try size(200))
        XCTAssertEqual(one, try size(255))
        XCTAssertEqual(try size(256), one + 256)
    }

    func testNoPlaintextInVault() throws {
        let key = SecretKey.generate()
        let secret = "Kang Mi-jin of Hyesan"
        let bytes = try Vault.seal(records: Self.records([("r-1", secret)]), recipients: [key.publicKey], publishedText: []).bytes
        XCTAssertFalse(contains(bytes, Array(secret.utf8)))
        XCTAssertFalse(contains(bytes, Array("Hyesan".utf8)))
    }

    func testSealedVaultVerifiesWhatWasWritten() throws {
        let key = SecretKey.generate()
        let sealed = try Vault.seal(records: Self.records([("r-1", "a"), ("r-2", "b")]), recipients: [key.publicKey], publishedText: [])
        XCTAssertNoThrow(try sealed.verify(sealed.bytes))
        var bad = sealed.bytes
        bad[bad.count - 1] ^= 1
        XCTAssertThrowsError(try sealed.verify(bad)) { XCTAssertEqual($0 as? VaultError, .verificationFailed) }
        XCTAssertThrowsError(try sealed.verify(Array(sealed.bytes.dropLast())))
    }

    func testErrorMessagesAreOneLineAndQuoteNothing() {
        let all: [VaultError] = [.notARecipient, .truncated, .tampered, .unsupportedVersion(9), .malformed("x"),
                                 .recipientCount(0), .invalidRecordID, .duplicateRecordID, .verificationFailed]
        for e in all {
            XCTAssertFalse(e.description.contains("\n"))
            XCTAssertFalse(e.description.isEmpty)
        }
        XCTAssertTrue(VaultError.notARecipient.isAuthenticationFailure)
        XCTAssertFalse(VaultError.tampered.isAuthenticationFailure)
    }
}

/// Whether `needle` occurs in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, needle.count <= haystack.count else { return false }
    for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
        if Array(haystack[i..<(i + needle.count)]) == needle { return true }
    }
    return false
}

final class VaultScaleTests: XCTestCase {
    /// Thousands of records are sealed and opened while all of them stay alive in guarded memory.
    func testTenThousandRecords() throws {
        let key = SecretKey.generate()
        var used = Set<String>()
        let records: [VaultRecord] = (0..<10_000).map { i in
            let id = Vault.newRecordID(excluding: used)
            used.insert(id)
            return VaultRecord(id: id, content: SecureBytes(copying: Array("original \(i)".utf8)))
        }
        let sealed = try Vault.seal(records: records, recipients: [key.publicKey], publishedText: [])
        try sealed.verify(sealed.bytes)
        let opened = try Vault.open(sealed.bytes, identity: key)
        XCTAssertEqual(opened.records.count, 10_000)
        XCTAssertEqual(opened.records[9_999].content.utf8String(), "original 9999")
        XCTAssertEqual(opened.records.map(\.id), records.map(\.id))
    }
}

import XCTest
@testable import VeilVault

/// Vault version 2 (docs/vault-format.md section 3): the record count and lengths are inside
/// the ciphertext, padded to a Padmé bucket; an optional Ed25519 signature covers the whole vault.
final class VaultV2Tests: XCTestCase {
    static func recs(_ pairs: [(String, String)]) -> [VaultRecord] {
        pairs.map { VaultRecord(id: $0.0, content: SecureBytes(copying: Array($0.1.utf8))) }
    }

    func testNewVaultsAreVersion2AndRoundTrip() throws {
        let key = SecretKey.generate()
        let records = Self.recs([(Vault.draftRecordID, "Kim met the trader in Hyesan.\r\n"), ("r-aaaaaaaa", ""), ("r-bbbbbbbb", "Hyesan")])
        let sealed = try Vault.seal(records: records, recipients: [key.publicKey], publishedText: Array("pub".utf8))
        XCTAssertEqual(sealed.bytes[7], 2)
        let opened = try Vault.open(sealed.bytes, identity: key)
        XCTAssertEqual(opened.version, 2)
        XCTAssertEqual(opened.records.map(\.id), records.map(\.id))
        XCTAssertEqual(opened.records.map { $0.content.copyBytes() }, records.map { $0.content.copyBytes() })
        XCTAssertTrue(opened.matchesPublishedText(Array("pub".utf8)))
        XCTAssertFalse(opened.isSigned)
        let summary = try Vault.summary(sealed.bytes)
        XCTAssertEqual(summary.version, 2)
        XCTAssertNil(summary.recordCount)
        try sealed.verify(sealed.bytes)
    }

    /// A seized vault no longer tells how many originals were replaced nor how long each is:
    /// one 200-byte original and forty 1-byte ones give files of the same size (in version 1,
    /// the record count and each padded length were in the clear).
    func testCountAndLengthsAreHidden() throws {
        let pk = SecretKey.generate().publicKey
        let one = try Vault.seal(records: Self.recs([("r-aaaaaaaa", String(repeating: "x", count: 200))]), recipients: [pk], publishedText: [])
        let many = try Vault.seal(records: (0..<40).map { VaultRecord(id: "r-\($0)", content: SecureBytes(copying: [0x41])) },
                                  recipients: [pk], publishedText: [])
        XCTAssertEqual(one.bytes.count, many.bytes.count)
        // No record id is visible either.
        XCTAssertFalse(contains(one.bytes, Array("r-aaaaaaaa".utf8)))
        let v1one = try Vault.sealVersion1(records: Self.recs([("r-aaaaaaaa", String(repeating: "x", count: 200))]), recipients: [pk], publishedText: [])
        XCTAssertTrue(contains(v1one.bytes, Array("r-aaaaaaaa".utf8)))
    }

    func testPadme() {
        XCTAssertEqual(Padding.padme(512), 512)
        XCTAssertEqual(Padding.padme(513), 544)
        XCTAssertEqual(Padding.padme(1000), 1024)
        XCTAssertEqual(Padding.padme(100_000), 100_352)
        for l in [600, 5_000, 123_457, 10_000_001] {
            let p = Padding.padme(l)
            XCTAssertGreaterThanOrEqual(p, l)
            XCTAssertLessThanOrEqual(Double(p - l) / Double(l), 0.12)
        }
        let padded = Padding.pad(SecureBytes(copying: Array("{}".utf8)))
        XCTAssertEqual(padded.count, 512)
        XCTAssertEqual(Padding.unpad(padded)?.copyBytes(), Array("{}".utf8))
        var bad = padded.copyBytes()
        bad[100] = 1
        XCTAssertNil(Padding.unpad(SecureBytes(copying: bad)))
    }

    func testEveryFlippedByteAndTruncationIsDetected() throws {
        let key = SecretKey.generate()
        let signer = SigningSecretKey.generate()
        for signing in [nil, signer] {
            let bytes = try Vault.seal(records: Self.recs([("@draft", "draft"), ("r-aaaaaaaa", "Hyesan")]),
                                       recipients: [key.publicKey], publishedText: [], signer: signing).bytes
            for i in 0..<bytes.count {
                var bad = bytes
                bad[i] ^= 0x01
                // The signature is only checked when a signer is named; everything else always.
                XCTAssertThrowsError(try Vault.open(bad, identity: key, signer: signing?.publicKey), "flip at \(i) accepted")
            }
            for length in 0..<bytes.count {
                XCTAssertThrowsError(try Vault.open(Array(bytes[0..<length]), identity: key), "cut at \(length) accepted")
            }
            XCTAssertThrowsError(try Vault.open(bytes + [0], identity: key))
        }
    }

    func testSignatures() throws {
        let key = SecretKey.generate()
        let reporter = SigningSecretKey.generate(), other = SigningSecretKey.generate()
        let records = Self.recs([("@draft", "draft"), ("r-aaaaaaaa", "Hyesan")])
        let signed = try Vault.seal(records: records, recipients: [key.publicKey], publishedText: [], signer: reporter)
        try signed.verify(signed.bytes)
        XCTAssertTrue(try Vault.summary(signed.bytes).isSigned)
        XCTAssertTrue(try Vault.open(signed.bytes, identity: key, signer: reporter.publicKey).isSigned)
        XCTAssertNoThrow(try Vault.checkSignature(signed.bytes, signer: reporter.publicKey))
        XCTAssertThrowsError(try Vault.checkSignature(signed.bytes, signer: other.publicKey)) { XCTAssertEqual($0 as? VaultError, .badSignature) }
        // Without a signer the vault opens and says it is signed (checked by nobody).
        XCTAssertTrue(try Vault.open(signed.bytes, identity: key).isSigned)
        let unsigned = try Vault.seal(records: records, recipients: [key.publicKey], publishedText: [])
        XCTAssertThrowsError(try Vault.open(unsigned.bytes, identity: key, signer: reporter.publicKey)) { XCTAssertEqual($0 as? VaultError, .unsigned) }
        let v1 = try Vault.sealVersion1(records: records, recipients: [key.publicKey], publishedText: [])
        XCTAssertThrowsError(try Vault.checkSignature(v1.bytes, signer: reporter.publicKey)) { XCTAssertEqual($0 as? VaultError, .unsigned) }
        // Stripping the signature and clearing the flag breaks the header MAC.
        var stripped = Array(signed.bytes.dropLast(64))
        stripped[9] = 0
        XCTAssertThrowsError(try Vault.open(stripped, identity: key)) { XCTAssertEqual($0 as? VaultError, .tampered) }
        // A forger holding only the editor's public key can seal a vault, but not sign as the reporter.
        let forged = try Vault.seal(records: records, recipients: [key.publicKey], publishedText: [], signer: other)
        XCTAssertThrowsError(try Vault.open(forged.bytes, identity: key, signer: reporter.publicKey)) { XCTAssertEqual($0 as? VaultError, .badSignature) }
    }

    func testSigningKeyLineAndFile() throws {
        let key = SigningSecretKey.generate()
        let line = key.publicKey.encoded
        XCTAssertTrue(line.hasPrefix("veilsig1"))
        XCTAssertEqual(line.count, 72)
        XCTAssertEqual(try SigningPublicKey(encoded: " " + line.uppercased() + "\n"), key.publicKey)
        XCTAssertThrowsError(try SigningPublicKey(encoded: "veilpk1" + line.dropFirst(8))) { XCTAssertEqual($0 as? PublicKeyError, .notAPublicKey) }
        var typo = Array(line)
        typo[20] = typo[20] == "a" ? "b" : "a"
        XCTAssertThrowsError(try SigningPublicKey(encoded: String(typo)))
        let pass = SecureBytes(copying: Array("signing pass".utf8))
        let file = try SigningKeyFile.encode(key, passphrase: pass, level: .interactive)
        XCTAssertEqual(file.count, 109)
        XCTAssertEqual(Array(file.prefix(8)), Array("SRCSGN".utf8) + [0, 1])
        XCTAssertEqual(try SigningKeyFile.decode(file, passphrase: pass).publicKey, key.publicKey)
        // An editor key file is not a signing key file.
        let editor = try KeyFile.encode(SecretKey.generate(), passphrase: pass, level: .interactive)
        XCTAssertThrowsError(try SigningKeyFile.decode(editor, passphrase: pass)) { XCTAssertEqual($0 as? KeyFileError, .malformed) }
    }

    /// Version 1 vaults made by `sealVersion1` still open (besides the frozen fixture).
    func testVersion1StillOpens() throws {
        let key = SecretKey.generate()
        let v1 = try Vault.sealVersion1(records: Self.recs([("@draft", "d"), ("r-aaaaaaaa", "x")]), recipients: [key.publicKey], publishedText: [])
        XCTAssertEqual(v1.bytes[7], 1)
        let opened = try Vault.open(v1.bytes, identity: key)
        XCTAssertEqual(opened.version, 1)
        XCTAssertEqual(opened.records.map { $0.content.utf8String() }, ["d", "x"])
        try v1.verify(v1.bytes)
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return true }
        }
        return false
    }
}

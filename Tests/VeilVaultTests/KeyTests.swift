import XCTest
import VeilModel
import VeilTestSupport
@testable import VeilVault

final class KeyTests: XCTestCase {
    static let pass = SecureBytes(copying: Array("correct horse battery staple".utf8))

    func testPublicKeyRoundTripAndShape() throws {
        let key = SecretKey.generate()
        let line = key.publicKey.encoded
        XCTAssertTrue(line.hasPrefix("veilpk1"))
        XCTAssertEqual(line.count, 71)
        XCTAssertEqual(try PublicKey(encoded: line), key.publicKey)
        XCTAssertEqual(try PublicKey(encoded: "  " + line.uppercased() + "\n"), key.publicKey)
    }

    func testChecksumCatchesEveryOneCharacterTypo() throws {
        let line = SecretKey.generate().publicKey.encoded
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var chars = Array(line)
        for i in 7..<chars.count {
            let original = chars[i]
            for replacement in alphabet where replacement != original {
                chars[i] = replacement
                XCTAssertThrowsError(try PublicKey(encoded: String(chars)), "typo at \(i) accepted")
            }
            chars[i] = original
        }
        // Dropped and transposed characters.
        XCTAssertThrowsError(try PublicKey(encoded: String(line.dropLast()))) { XCTAssertEqual($0 as? PublicKeyError, .malformed) }
        var swapped = Array(line)
        if let i = (7..<(swapped.count - 1)).first(where: { swapped[$0] != swapped[$0 + 1] }) { swapped.swapAt(i, i + 1) }
        XCTAssertThrowsError(try PublicKey(encoded: String(swapped))) { XCTAssertEqual($0 as? PublicKeyError, .badChecksum) }
        XCTAssertThrowsError(try PublicKey(encoded: "age1qqqq")) { XCTAssertEqual($0 as? PublicKeyError, .notAPublicKey) }
    }

    func testKeyFileRoundTripAndWrongPassphrase() throws {
        let key = SecretKey.generate()
        let file = try KeyFile.encode(key, passphrase: Self.pass, level: .interactive)
        XCTAssertEqual(file.count, PassphraseBox.overhead + 32)
        XCTAssertEqual(Array(file.prefix(8)), Array("SRCKEY".utf8) + [0, 1])
        let back = try KeyFile.decode(file, passphrase: Self.pass)
        XCTAssertEqual(back.publicKey, key.publicKey)
        XCTAssertTrue(back.secret.constantTimeEquals(key.secret))
        XCTAssertThrowsError(try KeyFile.decode(file, passphrase: SecureBytes(copying: Array("correct horse battery stapler".utf8)))) {
            XCTAssertEqual($0 as? KeyFileError, .wrongPassphrase)
        }
        XCTAssertThrowsError(try KeyFile.decode(file, passphrase: SecureBytes(count: 0))) {
            XCTAssertEqual($0 as? KeyFileError, .emptyPassphrase)
        }
        // The stored parameters are the interactive ones.
        let params = PassphraseBox.parameters(of: file)
        XCTAssertEqual(params?.opsLimit, KDFLevel.interactive.opsLimit)
        XCTAssertEqual(params?.memLimit, KDFLevel.interactive.memLimit)
        // The header is authenticated: raising the cost parameters or changing the salt fails.
        for index in [9, 10, 13, 21, 30, 50, 70, file.count - 1] {
            var bad = file
            bad[index] ^= 1
            XCTAssertThrowsError(try KeyFile.decode(bad, passphrase: Self.pass), "byte \(index)")
        }
        var version = file
        version[7] = 9
        XCTAssertThrowsError(try KeyFile.decode(version, passphrase: Self.pass)) { XCTAssertEqual($0 as? KeyFileError, .unsupportedVersion(9)) }
        XCTAssertThrowsError(try KeyFile.decode(Array(file.prefix(40)), passphrase: Self.pass)) { XCTAssertEqual($0 as? KeyFileError, .malformed) }
    }

    /// Cost parameters outside the accepted range are refused before any memory is allocated
    /// (a crafted file cannot make a reader allocate 1 TiB), and so is another algorithm.
    func testUnreasonableParametersAreRefused() throws {
        let file = try KeyFile.encode(SecretKey.generate(), passphrase: Self.pass, level: .interactive)
        var huge = file
        huge[13 + 5] = 0x01 // memlimit += 1 TiB (byte 5 of the u64 at offset 13)
        XCTAssertThrowsError(try KeyFile.decode(huge, passphrase: Self.pass)) { XCTAssertEqual($0 as? KeyFileError, .unsupportedParameters) }
        var passes = file
        passes[9] = 200
        XCTAssertThrowsError(try KeyFile.decode(passes, passphrase: Self.pass)) { XCTAssertEqual($0 as? KeyFileError, .unsupportedParameters) }
        var argon2i = file
        argon2i[8] = 1
        XCTAssertThrowsError(try KeyFile.decode(argon2i, passphrase: Self.pass)) { XCTAssertEqual($0 as? KeyFileError, .unsupportedParameters) }
    }

    func testKeyFileIsPrivateAndNeverOverwritten() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("editor.key").path
        let key = try KeyFile.create(at: path, passphrase: Self.pass, level: .interactive)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try PublicKey(contentsOfFile: path + ".pub"), key.publicKey)
        XCTAssertEqual(try PublicKey(argument: path + ".pub"), key.publicKey)
        XCTAssertEqual(try PublicKey(argument: key.publicKey.encoded), key.publicKey)
        let before = try AtomicFile.read(path)
        XCTAssertThrowsError(try KeyFile.create(at: path, passphrase: Self.pass, level: .interactive)) {
            XCTAssertEqual($0 as? KeyFileError, .file(.exists(path: path)))
        }
        XCTAssertEqual(try AtomicFile.read(path), before)
        XCTAssertTrue(try KeyFile.unlock(path: path, passphrase: Self.pass).secret.constantTimeEquals(key.secret))
        // The secret key never appears in the file.
        XCTAssertFalse(contains(before, key.secret.copyBytes()))
        // A leftover .pub blocks creation too, and then no key file is written.
        let other = dir.appendingPathComponent("other.key").path
        try AtomicFile.write([1], to: other + ".pub", overwrite: false)
        XCTAssertThrowsError(try KeyFile.create(at: other, passphrase: Self.pass, level: .interactive))
        XCTAssertFalse(AtomicFile.exists(other))
    }

    func testPassphraseBoxForOtherSecrets() throws {
        let table = SecureBytes(copying: Array("{\"Kang Mi-jin\":\"Person A\"}".utf8))
        let box = try PassphraseBox.seal(table, passphrase: Self.pass, level: .interactive)
        XCTAssertEqual(Array(box.prefix(8)), PassphraseBox.blobMagic)
        XCTAssertFalse(contains(box, Array("Kang".utf8)))
        XCTAssertEqual(try PassphraseBox.open(box, passphrase: Self.pass).copyBytes(), table.copyBytes())
        XCTAssertThrowsError(try PassphraseBox.open(box, passphrase: SecureBytes(copying: Array("nope".utf8)))) {
            XCTAssertEqual($0 as? KeyFileError, .wrongPassphrase)
        }
        // A key file is not accepted where a blob is expected, and the reverse.
        let keyFile = try KeyFile.encode(SecretKey.generate(), passphrase: Self.pass, level: .interactive)
        XCTAssertThrowsError(try PassphraseBox.open(keyFile, passphrase: Self.pass)) { XCTAssertEqual($0 as? KeyFileError, .malformed) }
        XCTAssertThrowsError(try KeyFile.decode(box, passphrase: Self.pass)) { XCTAssertEqual($0 as? KeyFileError, .malformed) }
        // Two seals of the same secret differ (fresh salt and nonce).
        XCTAssertNotEqual(try PassphraseBox.seal(table, passphrase: Self.pass, level: .interactive), box)
    }

    func testSecureBytesHelpers() {
        let a = SecureBytes(copying: [1, 2, 3, 4])
        XCTAssertEqual(a.slice(1..<3).copyBytes(), [2, 3])
        XCTAssertTrue(a.constantTimeEquals(SecureBytes(copying: [1, 2, 3, 4])))
        XCTAssertFalse(a.constantTimeEquals(SecureBytes(copying: [1, 2, 3, 5])))
        XCTAssertFalse(a.constantTimeEquals(SecureBytes(copying: [1, 2, 3])))
        XCTAssertNotEqual(SecureBytes.random(count: 32).copyBytes(), SecureBytes.random(count: 32).copyBytes())
        var plain: [UInt8] = [9, 9, 9]
        SecureBytes.wipe(&plain)
        XCTAssertTrue(plain.isEmpty)
    }

    func testBase32() {
        XCTAssertEqual(Base32.encode(Array("foobar".utf8)), "mzxw6ytboi")
        XCTAssertEqual(Base32.decode("mzxw6ytboi"), Array("foobar".utf8))
        XCTAssertEqual(Base32.decode("MZXW6YTBOI"), Array("foobar".utf8))
        XCTAssertNil(Base32.decode("mzxw6ytbo1"))
    }
}

/// Argon2 costs stored in a box are read before anything is authenticated: they are capped
/// (issue 12) so one flipped bit cannot cost gigabytes and seconds.
final class KDFCostCapTests: XCTestCase {
    func testFlippedCostBitIsRefusedBeforeDeriving() throws {
        let pass = SecureBytes(copying: Array("cap".utf8))
        let file = try KeyFile.encode(SecretKey.generate(), passphrase: pass, level: .interactive)
        var mem = file
        mem[13 + 3] ^= 0x80 // memlimit bit 31: 64 MiB -> 2.1 GB
        XCTAssertThrowsError(try KeyFile.decode(mem, passphrase: pass)) { XCTAssertEqual($0 as? KeyFileError, .unsupportedParameters) }
        var ops = file
        ops[9] = 17
        XCTAssertThrowsError(try KeyFile.decode(ops, passphrase: pass)) { XCTAssertEqual($0 as? KeyFileError, .unsupportedParameters) }
        // 16 passes over 1 GiB is above 16 times the default work.
        var both = file
        both[9] = 16
        for i in 0..<8 { both[13 + i] = UInt8(truncatingIfNeeded: UInt64(1 << 30) >> (8 * UInt64(i))) }
        XCTAssertThrowsError(try KeyFile.decode(both, passphrase: pass)) { XCTAssertEqual($0 as? KeyFileError, .unsupportedParameters) }
        // Every level veil writes is within the caps.
        for level in KDFLevel.allCases {
            XCTAssertLessThanOrEqual(level.opsLimit, PassphraseBox.maxOpsLimit)
            XCTAssertLessThanOrEqual(level.memLimit, PassphraseBox.maxMemLimit)
            XCTAssertLessThanOrEqual(level.opsLimit * level.memLimit, PassphraseBox.maxWork)
        }
    }
}

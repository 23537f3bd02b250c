import Foundation
import XCTest
import VeilTestSupport
import VeilModel
@testable import VeilVault

/// The vault through the `veil` executable (issue 12, items 6 and 7): terminal escaping of
/// `reveal --list`, exit 4 for damaged sealed files, `--to` deduplication, signatures.
final class VaultCLITests: XCTestCase {
    static let pass = "cli vault passphrase"
    var dir: URL!
    var env: [String: String] { ["VP": Self.pass] }

    override func setUpWithError() throws { dir = try Fixtures.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func editorKey() throws -> SecretKey {
        let key = SecretKey.generate()
        try AtomicFile.write(KeyFile.encode(key, passphrase: SecureBytes(copying: Array(Self.pass.utf8)), level: .interactive),
                             to: path("ed.key"), mode: 0o600, overwrite: true)
        try AtomicFile.write(key.publicKey.fileContents, to: path("ed.key.pub"), overwrite: true)
        return key
    }

    /// A vault forged by someone holding only the editor's public key, with terminal control
    /// sequences in its originals: `reveal --list` prints them escaped, never raw.
    func testListEscapesControlsAndBidiOverrides() throws {
        let key = try editorKey()
        let nasty: [UInt8] = Array("a\u{1B}]0;owned\u{07}b\u{202E}c\u{2066}d\u{85}e\u{7F}f\\g\th".utf8) + [0x9B, 0x32, 0x4A, 0xC3]
        let sealed = try Vault.seal(records: [VaultRecord(id: "r-aaaaaaaa", content: SecureBytes(copying: nasty))],
                                    recipients: [key.publicKey], publishedText: [])
        try AtomicFile.write(sealed.bytes, to: path("f.vault"), overwrite: true)
        let r = try VeilCLI.run(["reveal", path("f.vault"), "--identity", path("ed.key"), "--passphrase-env", "VP", "--list"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdoutBytes
        for forbidden: [UInt8] in [[0x1B], [0x07], [0x7F], [0x9B], [0xC2, 0x85], [0xE2, 0x80, 0xAE], [0xE2, 0x81, 0xA6]] {
            XCTAssertFalse(contains(out, forbidden), "raw \(forbidden) reached the terminal")
        }
        XCTAssertEqual(r.stdout, "r-aaaaaaaa\ta\\x1B]0;owned\\x07b\\u{202E}c\\u{2066}d\\u{0085}e\\x7Ff\\\\g\\th\\x9B2J\\xC3\n")
    }

    func testDamagedKeyFileAndWatchlistExit4() throws {
        _ = try editorKey()
        try AtomicFile.write(Array("x".utf8), to: path("d.txt"), overwrite: true)
        var key = try AtomicFile.read(path("ed.key"))
        key[7] = 9 // unknown version
        try AtomicFile.write(key, to: path("bad.key"), overwrite: true)
        try AtomicFile.write(Array(key.prefix(30)), to: path("cut.key"), overwrite: true)
        let sealed = try Vault.seal(records: [VaultRecord(id: "@draft", content: SecureBytes(copying: [0x41]))],
                                    recipients: [try PublicKey(contentsOfFile: path("ed.key.pub"))], publishedText: [])
        try AtomicFile.write(sealed.bytes, to: path("v.vault"), overwrite: true)
        for k in ["bad.key", "cut.key"] {
            let r = try VeilCLI.run(["reveal", path("v.vault"), "--identity", path(k), "--passphrase-env", "VP"], environment: env)
            XCTAssertEqual(r.status, 4, "\(k): \(r.stderr)")
        }
        let list = try Watchlist.create(terms: ["Kang"], passphrase: SecureBytes(copying: Array(Self.pass.utf8)), level: .interactive)
        var bytes = list.bytes
        bytes.removeLast(5)
        try AtomicFile.write(bytes, to: path("bad.watch"), overwrite: true)
        try AtomicFile.write(Array("Kang met Lee.\n".utf8), to: path("draft.txt"), overwrite: true)
        let r = try VeilCLI.run(["redact", path("draft.txt"), "--to", path("ed.key.pub"), "--watchlist", path("bad.watch"),
                                 "--passphrase-env", "VP"], environment: env)
        XCTAssertEqual(r.status, 4, r.stderr)
    }

    func testSameRecipientTwiceIsOneRecipient() throws {
        let key = try editorKey()
        try AtomicFile.write(Array("Kang met Lee in Hyesan.\n".utf8), to: path("draft.txt"), overwrite: true)
        let r = try VeilCLI.run(["redact", path("draft.txt"), "--to", path("ed.key.pub"), "--to", key.publicKey.encoded,
                                 "--to", key.publicKey.encoded.uppercased(), "--term", "Hyesan"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("for 1 recipient into"), r.stderr)
        XCTAssertEqual(try Vault.summary(AtomicFile.read(path("draft.txt.vault"))).recipientCount, 1)
    }

    func testSignedVaultThroughTheCommandLine() throws {
        _ = try editorKey()
        try AtomicFile.write(Array("Kang met Lee in Hyesan.\n".utf8), to: path("draft.txt"), overwrite: true)
        for name in ["rep.sign", "other.sign"] {
            let k = try VeilCLI.run(["keygen", "--signing", "--output", path(name), "--level", "interactive", "--passphrase-env", "VP"], environment: env)
            XCTAssertEqual(k.status, 0, k.stderr)
            XCTAssertTrue(k.stdout.hasPrefix("veilsig1"))
        }
        let red = try VeilCLI.run(["redact", path("draft.txt"), "--to", path("ed.key.pub"), "--term", "Hyesan", "--sign", path("rep.sign"),
                                   "--passphrase-env", "VP"], environment: env)
        XCTAssertEqual(red.status, 0, red.stderr)
        let reveal = ["reveal", path("draft.txt.vault"), "--identity", path("ed.key"), "--passphrase-env", "VP"]
        let good = try VeilCLI.run(reveal + ["--signer", path("rep.sign.pub")], environment: env)
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertEqual(good.stdout, "Kang met Lee in Hyesan.\n")
        XCTAssertTrue(good.stderr.contains("signature checked"))
        let unchecked = try VeilCLI.run(reveal, environment: env)
        XCTAssertEqual(unchecked.status, 0)
        XCTAssertTrue(unchecked.stderr.contains("signed, but the signature was not checked"), unchecked.stderr)
        let wrong = try VeilCLI.run(reveal + ["--signer", path("other.sign.pub"), "-o", path("out.txt")], environment: env)
        XCTAssertEqual(wrong.status, 4, wrong.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.txt")))
        // An unsigned vault with --signer: exit 4.
        let plain = try VeilCLI.run(["redact", path("draft.txt"), "--to", path("ed.key.pub"), "--term", "Hyesan", "--force"], environment: env)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(try VeilCLI.run(reveal + ["--signer", path("rep.sign.pub")], environment: env).status, 4)
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return true }
        }
        return false
    }
}

import XCTest
import VeilModel
import VeilTestSupport

/// Drafts with tens of thousands of findings through the command line (behaviour, not time).
final class ScaleCLITests: XCTestCase {
    var dir: URL!
    let env = ["VEIL_TEST_PASS": "correct horse battery staple"]

    override func setUpWithError() throws {
        dir = try Fixtures.temporaryDirectory()
        let keygen = try VeilCLI.run(["keygen", "--output", "editor.key", "--passphrase-env", "VEIL_TEST_PASS",
                                      "--level", "interactive"], in: dir, environment: env)
        XCTAssertEqual(keygen.status, 0, keygen.stderr)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func file(_ name: String) -> URL { dir.appendingPathComponent(name) }

    /// 20,000 vault records (one repeated place): each record had its own sodium_malloc region
    /// and the process aborted (SIGILL) near 16,000-20,000 of them.
    func testTwentyThousandRecordsRedactAndRevealByteForByte() throws {
        let draft = Array(String(repeating: "Hyesan. ", count: 20_000).utf8)
        try Data(draft).write(to: file("many.txt"))
        let redact = try VeilCLI.run(["redact", "many.txt", "--to", "editor.key.pub"], in: dir, environment: env)
        XCTAssertEqual(redact.status, 0, redact.stderr)
        XCTAssertTrue(redact.stderr.contains("sealed 20001 records"), redact.stderr)
        let published = String(decoding: try Data(contentsOf: file("many.redacted.txt")), as: UTF8.self)
        XCTAssertFalse(published.contains("Hyesan"))
        let reveal = try VeilCLI.run(["reveal", "many.txt.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_TEST_PASS"],
                                     in: dir, environment: env)
        XCTAssertEqual(reveal.status, 0, reveal.stderr)
        XCTAssertEqual(reveal.stdoutBytes, draft)
        let list = try VeilCLI.run(["reveal", "many.txt.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_TEST_PASS", "--list"],
                                   in: dir, environment: env)
        XCTAssertEqual(list.status, 0, list.stderr)
        let originals = list.stdout.split(separator: "\n").compactMap { $0.split(separator: "\t", maxSplits: 1).last }
        XCTAssertEqual(originals.count, 20_000)
        XCTAssertTrue(originals.allSatisfy { $0 == "Hyesan" })
    }

    /// 2,000 e-mail addresses in a row: every one removed, the originals restored.
    func testARunOfContactsIsRemovedWhole() throws {
        let draft = Array(String(repeating: "kang@example.org ", count: 2_000).utf8)
        try Data(draft).write(to: file("mails.txt"))
        let redact = try VeilCLI.run(["redact", "mails.txt", "--to", "editor.key.pub"], in: dir, environment: env)
        XCTAssertEqual(redact.status, 0, redact.stderr)
        let published = String(decoding: try Data(contentsOf: file("mails.redacted.txt")), as: UTF8.self)
        XCTAssertFalse(published.contains("@"), published)
        let reveal = try VeilCLI.run(["reveal", "mails.txt.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_TEST_PASS"],
                                     in: dir, environment: env)
        XCTAssertEqual(reveal.status, 0, reveal.stderr)
        XCTAssertEqual(reveal.stdoutBytes, draft)
    }
}

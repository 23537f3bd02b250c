import XCTest
import VeilTestSupport

/// `veil policy check` and `veil policy show` as a user runs them.
final class PolicyCLITests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try Fixtures.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testShippedPoliciesCheckOK() throws {
        for name in ["standard", "strict", "minimal"] {
            let r = try VeilCLI.run(["policy", "check", Fixtures.url("policies/\(name).yaml").path])
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
        }
    }

    func testUnknownKeyIsRefusedWithFileLineAndKey() throws {
        let path = dir.appendingPathComponent("bad.yaml")
        try Data("version: 1\ncategories:\n  person:\n    acton: redact\n".utf8).write(to: path)
        let r = try VeilCLI.run(["policy", "check", path.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("bad.yaml:4"), r.stderr)
        XCTAssertTrue(r.stderr.contains("acton"), r.stderr)
    }

    func testShowPrintsTheMergedPolicyWhichChecksAgain() throws {
        let child = dir.appendingPathComponent("child.yaml")
        try Data("version: 1\nextends: strict\ndeny:\n  - Codename Birch\n".utf8).write(to: child)
        let shown = try VeilCLI.run(["policy", "show", child.path])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("Codename Birch"))
        XCTAssertTrue(shown.stdout.contains("categories"))
        let merged = dir.appendingPathComponent("merged.yaml")
        try Data(shown.stdout.utf8).write(to: merged)
        XCTAssertEqual(try VeilCLI.run(["policy", "check", merged.path]).status, 0)
    }

    func testRedactWithAnInvalidPolicyWritesNothing() throws {
        let path = dir.appendingPathComponent("bad.yaml")
        try Data("version: 2\n".utf8).write(to: path)
        try Data("A draft.\n".utf8).write(to: dir.appendingPathComponent("d.txt"))
        let env = ["P": "pass phrase"]
        XCTAssertEqual(try VeilCLI.run(["keygen", "--output", "k", "--passphrase-env", "P", "--level", "interactive"], in: dir, environment: env).status, 0)
        let r = try VeilCLI.run(["redact", "d.txt", "--to", "k.pub", "--policy", path.path], in: dir, environment: env)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("version"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("d.txt.vault").path))
    }
}

import XCTest
import Foundation
import VeilTestSupport

/// `veil review` as a process: the URL on the first line, 403 without the token or with a
/// foreign Host, a clean stop on SIGTERM/SIGINT leaving no file, exit 2 on a port in use.
final class ReviewCLITests: XCTestCase {
    var dir: URL!
    var pub: String { dir.appendingPathComponent("K.pub").path }
    var out: String { dir.appendingPathComponent("out.txt").path }
    var vault: String { dir.appendingPathComponent("out.vault").path }
    let seed = Fixtures.url("seeds/dailynk-international-calls.txt").path

    override func setUpWithError() throws {
        dir = try Fixtures.temporaryDirectory()
        let r = try VeilCLI.run(["keygen", "-o", dir.appendingPathComponent("K").path, "--level", "interactive",
                                 "--passphrase-env", "P"], environment: ["P": "a passphrase for tests"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Starts `veil review` and returns the process, its first stdout line and its stderr file.
    func start(_ extra: [String] = []) throws -> (Process, String, URL) {
        let process = Process()
        process.executableURL = VeilCLI.executable
        process.arguments = ["review", seed, "--to", pub, "--output", out, "--vault", vault, "--no-open"] + extra
        let stdout = Pipe()
        let errURL = dir.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        let reader = stdout.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let first = String(decoding: line.prefix { $0 != 0x0A }, as: UTF8.self)
        return (process, first, errURL)
    }

    func testPrintsTheURLFirstRefusesStrangersAndStopsCleanly() throws {
        let (process, url, errURL) = try start()
        defer { if process.isRunning { process.terminate() } }
        let parts = try XCTUnwrap(URLComponents(string: url))
        XCTAssertEqual(parts.scheme, "http")
        XCTAssertEqual(parts.host, "127.0.0.1")
        let port = try XCTUnwrap(parts.port)
        let token = try XCTUnwrap(parts.queryItems?.first { $0.name == "token" }?.value)
        XCTAssertEqual(token.count, 64)

        XCTAssertEqual(LoopbackHTTP.get(port: port, "/", host: "127.0.0.1:\(port)")?.status, 403, "no token")
        XCTAssertEqual(LoopbackHTTP.get(port: port, "/?token=\(token)", host: "rebind.example:\(port)")?.status, 403, "foreign Host")
        let page = LoopbackHTTP.get(port: port, "/?token=\(token)", host: "127.0.0.1:\(port)")
        XCTAssertEqual(page?.status, 200)
        XCTAssertTrue(page?.body.contains(">Publish</button>") ?? false)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertTrue(stderr.contains("nothing was published"), stderr)
        XCTAssertFalse(stderr.contains("Hyesan") || stderr.contains("Kang Mi"), "nothing of the draft on stderr")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertFalse(FileManager.default.fileExists(atPath: vault))
    }

    func testSIGINTStopsTheServer() throws {
        let (process, url, _) = try start()
        defer { if process.isRunning { process.terminate() } }
        XCTAssertTrue(url.hasPrefix("http://127.0.0.1:"))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("K") && !$0.hasPrefix("stderr-") }
        XCTAssertEqual(leftovers, [], "no file left behind")
    }

    func testAPortInUseIsExit2() throws {
        let (first, url, _) = try start()
        defer { if first.isRunning { first.terminate() } }
        let port = try XCTUnwrap(URLComponents(string: url)?.port)
        let second = try VeilCLI.run(["review", seed, "--to", pub, "--output", out + "2", "--vault", vault + "2", "--no-open",
                                      "--port", String(port)])
        XCTAssertEqual(second.status, 2)
        XCTAssertTrue(second.stderr.contains("port \(port) on 127.0.0.1 is already in use"), second.stderr)
        XCTAssertEqual(second.stdout, "", "no URL printed")
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
    }

    func testUsageErrorsBeforeServing() throws {
        let noKey = try VeilCLI.run(["review", seed, "--no-open"])
        XCTAssertEqual(noKey.status, 2)
        FileManager.default.createFile(atPath: out, contents: Data("x".utf8))
        let exists = try VeilCLI.run(["review", seed, "--to", pub, "--output", out, "--vault", vault, "--no-open"])
        XCTAssertEqual(exists.status, 2)
        XCTAssertTrue(exists.stderr.contains("already exists"), exists.stderr)
        XCTAssertEqual(exists.stdout, "")
        let badPort = try VeilCLI.run(["review", seed, "--to", pub, "--port", "70000", "--no-open"])
        XCTAssertEqual(badPort.status, 2)
    }
}

import XCTest
import Foundation
import VeilModel
import VeilTestSupport

/// Runs the built `veil` executable (found next to the test bundle) as a subprocess.
enum VeilBinary {
    /// The `veil` executable of the build the tests belong to.
    static let url: URL? = {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        for dir in candidates {
            var d = dir
            // Inside a bundle (macOS): walk up to the products directory.
            for _ in 0..<4 {
                let veil = d.appendingPathComponent("veil")
                if FileManager.default.isExecutableFile(atPath: veil.path) { return veil }
                d.deleteLastPathComponent()
            }
        }
        return nil
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `veil arguments` in `directory` with `stdin` as standard input; output goes through
    /// temporary files (no pipe deadlock on large reports).
    static func run(_ arguments: [String], in directory: URL = Fixtures.root, stdin: String? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        guard let url else { throw XCTSkip("the veil executable was not built next to the tests") }
        return try runProgram(url.path, arguments, in: directory, stdin: stdin, environment: environment)
    }

    /// Runs any program as `run` runs veil.
    static func runProgram(_ program: String, _ arguments: [String], in directory: URL = Fixtures.root, stdin: String? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let url = URL(fileURLWithPath: program)
        let tmp = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("out"), err = tmp.appendingPathComponent("err"), inp = tmp.appendingPathComponent("in")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        FileManager.default.createFile(atPath: inp.path, contents: Data((stdin ?? "").utf8))
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = try FileHandle(forReadingFrom: inp)
        try p.run()
        p.waitUntilExit()
        return Result(status: p.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

final class AuditCLITests: XCTestCase {
    let seed = "seeds/dailynk-international-calls.txt"
    /// `veil audit SEED` (no --format, not a terminal), run once: each run costs seconds in debug builds.
    nonisolated(unsafe) static var seedRun: VeilBinary.Result?
    private func seedDefault() throws -> VeilBinary.Result {
        if let r = Self.seedRun { return r }
        let r = try VeilBinary.run(["audit", seed])
        Self.seedRun = r
        return r
    }
    var tmp: URL!

    override func setUpWithError() throws { tmp = try Fixtures.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = tmp.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func json(_ s: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
    }

    // MARK: Gate exit codes

    func testGateExitCodes() throws {
        // The seed article holds details the standard policy removes.
        XCTAssertEqual(try seedDefault().status, 1)
        // (--fail-on never on the same draft exits 0: see testOutputFileIsPrivateAndSaysItQuotesFlaggedText.)
        // A draft with nothing identifying passes.
        let clean = try write("clean.txt", Array("The weather was mild and the markets were quiet.\n".utf8))
        let r = try VeilBinary.run(["audit", clean, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("gate passed"), r.stderr)
    }

    func testInputAndUsageErrorsExit2WithoutQuotingContent() throws {
        let binary = try write("b.txt", [0, 1, 2, 0x41])
        let badUTF8 = try write("u.txt", Array("Kang Mi Jin ".utf8) + [0xFF, 0x41])
        let empty = try write("e.txt", [])
        for args in [["audit", "no/such/draft.txt"], ["audit", binary], ["audit", badUTF8], ["audit", empty],
                     ["audit", seed, "--policy", "no-such-policy"], ["audit", seed, "--fail-on", "sometimes"],
                     ["audit", seed, "--format", "pdf"], ["audit"], ["audit", seed, "--jsonl"],
                     ["audit", seed, "--passphrase-env", "X"]] {
            let r = try VeilBinary.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.isEmpty)
            XCTAssertFalse(r.stderr.contains("Kang"), "errors never quote the draft")
            XCTAssertEqual(r.stdout, "", "no partial report")
        }
        let r = try VeilBinary.run(["audit", badUTF8])
        XCTAssertTrue(r.stderr.contains("offset 12"), r.stderr)
        // A file over the draft size limit is refused by its size, pointing at the streaming audit.
        let huge = try write("huge.txt", [])
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: UInt64(Document.maxFileBytes + 1))
        try handle.close()
        let big = try VeilBinary.run(["audit", huge])
        XCTAssertEqual(big.status, 2, big.stderr)
        XCTAssertTrue(big.stderr.contains("over the 64 MiB limit") && big.stderr.contains("--jsonl"), big.stderr)
        // An unreadable policy file.
        let policy = try write("p.yaml", Array("version: 1\nnot_a_key: 3\n".utf8))
        XCTAssertEqual(try VeilBinary.run(["audit", seed, "--policy", policy]).status, 2)
    }

    func testOutputNeverReplacesADraftAndWriteFailuresExit6() throws {
        let r = try VeilBinary.run(["audit", seed, "--output", seed])
        XCTAssertEqual(r.status, 2)
        let w = try VeilBinary.run(["audit", seed, "--output", tmp.appendingPathComponent("missing-dir/report.json").path])
        XCTAssertEqual(w.status, 6, w.stderr)
    }

    func testHelpDocumentsFormatsGateLevelsAndExitCodes() throws {
        let r = try VeilBinary.run(["audit", "--help"])
        XCTAssertEqual(r.status, 0)
        for word in ["--fail-on", "flag", "remove", "risk", "never", "text", "json", "sarif", "html", "NO_COLOR", "Exit codes", "--watchlist", "--output"] {
            XCTAssertTrue(r.stdout.contains(word), "help mentions \(word)")
        }
    }

    // MARK: Formats and output

    func testJSONContractOnTheSeed() throws {
        // Not a terminal: JSON by default, so scripts keep working.
        let r = try seedDefault()
        let object = try json(r.stdout)
        XCTAssertEqual(object["tool"] as? String, "veil")
        XCTAssertNotNil(object["version"] as? String)
        let doc = try XCTUnwrap((object["documents"] as? [[String: Any]])?.first)
        XCTAssertEqual(doc["path"] as? String, seed)
        XCTAssertNotNil(doc["risk"] as? [String: Any])
        let scalars = Array(Fixtures.seedArticle.unicodeScalars)
        let findings = try XCTUnwrap(doc["findings"] as? [[String: Any]])
        XCTAssertFalse(findings.isEmpty)
        for f in findings {
            let s = try XCTUnwrap(f["start"] as? Int), e = try XCTUnwrap(f["end"] as? Int)
            var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[s..<e])
            XCTAssertEqual(String(v), f["text"] as? String, "start/end are Unicode scalar offsets, end exclusive")
            for key in ["category", "confidence", "recognizer", "action", "explanation", "reason"] { XCTAssertNotNil(f[key], key) }
        }
        // Summary on stderr for machine formats, stdout stays pure JSON.
        XCTAssertTrue(r.stderr.hasPrefix("veil audit: 1 draft"), r.stderr)
    }

    func testTextReportEndsWithTheSummary() throws {
        let t = try VeilBinary.run(["audit", seed, "--format", "text"])
        XCTAssertTrue(t.stdout.contains("Anonymous sources"))
        XCTAssertFalse(t.stdout.contains("\u{1B}["), "no colour when not a terminal")
        XCTAssertTrue(t.stdout.trimmingCharacters(in: .newlines).components(separatedBy: "\n").last?.hasPrefix("veil audit: ") == true)
    }

    func testOutputFileIsPrivateAndSaysItQuotesFlaggedText() throws {
        for format in ["html", "sarif"] {
            let path = tmp.appendingPathComponent("report.\(format)").path
            // The format follows the output file's extension.
            let r = try VeilBinary.run(["audit", seed, "--output", path, "--fail-on", "never"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdout, "")
            XCTAssertTrue(r.stderr.contains("quotes the flagged text"), r.stderr)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
            let content = try String(contentsOfFile: path, encoding: .utf8)
            if format == "sarif" {
                let log = try json(content)
                XCTAssertEqual(log["version"] as? String, "2.1.0")
            }
            if format == "html" {
                XCTAssertFalse(content.contains("http://") || content.contains("<script") || content.contains("url("))
                XCTAssertTrue(content.contains("Kangan-dong"), "the report shows the flagged text to whoever asked for it")
            }
        }
    }

    // MARK: Many drafts

    func testDirectoriesRecurseIntoTextAndMarkdown() throws {
        _ = try write("drafts/a.txt", Array("A source in Hyesan said so.\n".utf8))
        _ = try write("drafts/sub/b.md", Array("# Notes\n\nMet *Kang Mi Jin* in Hyesan.\n".utf8))
        _ = try write("drafts/sub/c.json", Array("{}".utf8))
        _ = try write("drafts/.hidden/d.txt", Array("Hyesan\n".utf8))
        _ = try write("drafts/image.png", [0x89, 0x50, 0x4E, 0x47, 0])
        let r = try VeilBinary.run(["audit", "drafts", "--format", "json"], in: tmp)
        let paths = try XCTUnwrap(try json(r.stdout)["documents"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        XCTAssertEqual(paths, ["drafts/a.txt", "drafts/sub/b.md"])
        XCTAssertTrue(r.stderr.contains("2 drafts"), r.stderr)
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("nothing"), withIntermediateDirectories: true)
        XCTAssertEqual(try VeilBinary.run(["audit", "nothing"], in: tmp).status, 2)
    }

    // MARK: Markdown

    /// No finding lands on Markdown syntax, and link text, titles and prose are still scanned.
    func testMarkdownFindingsNeverOverlapSyntax() throws {
        let md = """
        ---
        title: Arrests in Hyesan
        ---
        # A woman in **Kangan-dong**, Hyesan

        She met [a source in Ryanggang Province](https://example.org/Hyesan/Kangan-dong "Hyesan") on July 20, 2019.
        `Hyesan` in code and <span class="Hyesan">text</span>.

        [ref]: https://example.org/Ryanggang-Province

        """
        let path = try write("draft.md", Array(md.utf8))
        let r = try VeilBinary.run(["audit", path, "--format", "json", "--fail-on", "never"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let findings = try XCTUnwrap((try json(r.stdout)["documents"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
        let doc = try Document(text: md)
        let syntax = Markdown.syntaxRanges(doc.bytes).map { doc.scalarOffset(ofByte: $0.lowerBound)..<doc.scalarOffset(ofByte: $0.upperBound) }
        for f in findings {
            let span = try XCTUnwrap(f["start"] as? Int)..<XCTUnwrap(f["end"] as? Int)
            // A finding may enclose syntax (a source phrase around emphasis) but never start or end inside it.
            for s in syntax where s.contains(span.lowerBound) || s.contains(span.upperBound - 1) {
                XCTFail("finding \(span) (\(f["category"] ?? "")) lands on syntax \(s)")
            }
        }
        let texts = findings.compactMap { $0["text"] as? String }
        XCTAssertTrue(texts.contains { $0.contains("Kangan-dong") }, "prose inside emphasis is scanned: \(texts)")
        XCTAssertFalse(texts.contains { $0.contains("](") })
        // A public site's address is at most flagged (a web address naming no personal page).
        for f in findings where (f["text"] as? String)?.contains("example.org") == true {
            XCTAssertNotEqual(f["action"] as? String, "redact", "\(f)")
            XCTAssertNotEqual(f["action"] as? String, "generalize", "\(f)")
        }
    }

    // MARK: JSON Lines

    func testJSONLinesStillStreamsTheDetectorContract() throws {
        let input = "{\"id\":\"a\",\"text\":\"She lives in Hyesan.\"}\nnot json\n{\"id\":7,\"text\":\"\"}\n"
        let r = try VeilBinary.run(["audit", "--jsonl"], stdin: input)
        XCTAssertEqual(r.status, 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        let first = try json(lines[0])
        XCTAssertEqual(first["id"] as? String, "a")
        XCTAssertNotNil(first["findings"] as? [Any])
        XCTAssertTrue(lines[1].hasPrefix("{\"id\":null,\"error\":"))
        XCTAssertEqual(try json(lines[2])["findings"] as? [String], [])
    }

    /// `--model` runs the learned tagger, `--no-model` does not, and without either flag
    /// `VEIL_MODEL=1` decides (the flag wins over the environment). The same switch reaches
    /// `redact` and `review` (the option group is shared).
    func testModelFlagSwitchesTheLearnedTagger() throws {
        let input = """
        {"id":"a","text":"Residents of Kaleybar said Dzhambul Ormanov was taken away by men from the Tabriz garrison."}
        {"id":"b","text":"According to Wuzhen Tiaoxi, a farmer in Shangli, the officials arrived early."}

        """
        func taggerFindings(_ arguments: [String], _ environment: [String: String] = ["VEIL_MODEL": "0"]) throws -> Int {
            let r = try VeilBinary.run(["audit", "--jsonl"] + arguments, stdin: input, environment: environment)
            XCTAssertEqual(r.status, 0, r.stderr)
            return r.stdout.components(separatedBy: "\"model.tagger\"").count - 1
        }
        XCTAssertGreaterThan(try taggerFindings(["--model"]), 0, "--model must run the tagger")
        XCTAssertEqual(try taggerFindings(["--no-model"]), 0)
        XCTAssertEqual(try taggerFindings([]), 0, "off by default")
        XCTAssertGreaterThan(try taggerFindings([], ["VEIL_MODEL": "1"]), 0, "VEIL_MODEL=1 without a flag")
        XCTAssertEqual(try taggerFindings(["--no-model"], ["VEIL_MODEL": "1"]), 0, "the flag wins")
        let help = try VeilBinary.run(["redact", "--help"])
        XCTAssertTrue(help.stdout.contains("--model") && help.stdout.contains("--no-model"), help.stdout)
    }

    // MARK: Watch-list

    func testWatchlistTermsAreFlaggedAndBlock() throws {
        let list = tmp.appendingPathComponent("list.vwl").path
        let env = ["VEIL_TEST_PASS": "correct horse battery staple"]
        let add = try VeilBinary.run(["watchlist", "add", list, "Kim Chol-su", "--passphrase-env", "VEIL_TEST_PASS", "--level", "interactive"], environment: env)
        guard add.status == 0 else { throw XCTSkip("watch-list store not available: \(add.stderr)") }
        let draft = try write("w.txt", Array("The weather was mild. KIM CHOLSU was not there.\n".utf8))
        let r = try VeilBinary.run(["audit", draft, "--format", "json", "--watchlist", list, "--passphrase-env", "VEIL_TEST_PASS"], environment: env)
        XCTAssertEqual(r.status, 1, r.stderr)
        let findings = try XCTUnwrap((try json(r.stdout)["documents"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
        XCTAssertTrue(findings.contains { $0["category"] as? String == "watchlist" }, "\(findings)")
        let wrong = try VeilBinary.run(["audit", draft, "--watchlist", list, "--passphrase-env", "NOPE"], environment: ["NOPE": "wrong"])
        XCTAssertEqual(wrong.status, 3, wrong.stderr)
        // --jsonl applies the watch-list to every line (it was silently ignored), and a wrong
        // passphrase is refused there too before anything is read.
        let lines = "{\"id\":\"w\",\"text\":\"The weather was mild. KIM CHOLSU was not there.\"}\n"
        let j = try VeilBinary.run(["audit", "--jsonl", "--watchlist", list, "--passphrase-env", "VEIL_TEST_PASS"], stdin: lines, environment: env)
        XCTAssertEqual(j.status, 0, j.stderr)
        let line = try json(j.stdout.trimmingCharacters(in: .newlines))
        let hits = try XCTUnwrap(line["findings"] as? [[String: Any]]).filter { $0["category"] as? String == "watchlist" }
        XCTAssertEqual(hits.count, 1, j.stdout)
        XCTAssertNotEqual(hits.first?["action"] as? String, "keep")
        let jwrong = try VeilBinary.run(["audit", "--jsonl", "--watchlist", list, "--passphrase-env", "NOPE"], stdin: lines, environment: ["NOPE": "wrong"])
        XCTAssertEqual(jwrong.status, 3, jwrong.stderr)
        XCTAssertEqual(jwrong.stdout, "")
    }
}

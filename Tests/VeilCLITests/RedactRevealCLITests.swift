import XCTest
import VeilModel
import VeilTestSupport

/// `veil keygen`, `veil redact` and `veil reveal` end to end, run as a user would.
final class RedactRevealCLITests: XCTestCase {
    var dir: URL!
    let env = ["VEIL_TEST_PASS": "correct horse battery staple", "VEIL_WRONG_PASS": "not the passphrase"]

    override func setUpWithError() throws {
        dir = try Fixtures.temporaryDirectory()
        let keygen = try VeilCLI.run(["keygen", "--output", "editor.key", "--passphrase-env", "VEIL_TEST_PASS",
                                      "--level", "interactive"], in: dir, environment: env)
        XCTAssertEqual(keygen.status, 0, keygen.stderr)
        try Data(Fixtures.seedArticle.utf8).write(to: dir.appendingPathComponent("draft.txt"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func file(_ name: String) -> URL { dir.appendingPathComponent(name) }
    private func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }
    private func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: file(name))) }

    func testRedactThenRevealRestoresTheDraftByteForByte() throws {
        let original = try bytes("draft.txt")
        let redact = try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub"], in: dir, environment: env)
        XCTAssertEqual(redact.status, 0, redact.stderr)
        XCTAssertTrue(exists("draft.redacted.txt"), "default output name")
        XCTAssertTrue(exists("draft.txt.vault"), "default vault name")
        XCTAssertEqual(try bytes("draft.txt"), original, "the draft is never modified")

        let published = String(decoding: try bytes("draft.redacted.txt"), as: UTF8.self)
        for gone in ["Kangan-dong", "Hyesan", "four years ago", "3,000 yuan", "10,000 Chinese yuan", "Ryanggang"] {
            XCTAssertFalse(published.contains(gone), "published text still holds a removed detail")
        }
        for kept in ["North Korea", "Ministry of State Security", "bribe"] {
            XCTAssertTrue(published.contains(kept), "the story keeps \(kept)")
        }

        let reveal = try VeilCLI.run(["reveal", "draft.txt.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_TEST_PASS"],
                                     in: dir, environment: env)
        XCTAssertEqual(reveal.status, 0, reveal.stderr)
        XCTAssertEqual(reveal.stdoutBytes, original)

        let list = try VeilCLI.run(["reveal", "draft.txt.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_TEST_PASS", "--list"],
                                   in: dir, environment: env)
        XCTAssertEqual(list.status, 0, list.stderr)
        let originals = list.stdout.split(separator: "\n").compactMap { $0.split(separator: "\t", maxSplits: 1).last.map(String.init) }
        XCTAssertFalse(originals.isEmpty)
        XCTAssertTrue(originals.contains("four years ago"))
        for o in originals { XCTAssertFalse(published.contains(o), "a sealed original is in the published text") }
    }

    func testTermRedactsEveryOccurrenceIgnoringCase() throws {
        try Data("Mr. Pak met PAK again; pak left. Pakistan is a country.\n".utf8).write(to: file("t.txt"))
        let r = try VeilCLI.run(["redact", "t.txt", "--to", "editor.key.pub", "--term", "Pak", "--policy", "minimal"], in: dir, environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = String(decoding: try bytes("t.redacted.txt"), as: UTF8.self)
        XCTAssertFalse(out.lowercased().contains("pak "), out)
        XCTAssertFalse(out.contains("PAK"), out)
        XCTAssertTrue(out.contains("Pakistan"), "word boundaries respected: \(out)")
    }

    func testWatchlistTermsAreRedactedAndAWrongPassphraseWritesNothing() throws {
        let add = try VeilCLI.run(["watchlist", "add", "list.vwl", "Kim Chol-su", "--passphrase-env", "VEIL_TEST_PASS", "--level", "interactive"],
                                  in: dir, environment: env)
        XCTAssertEqual(add.status, 0, add.stderr)
        try Data("The weather was mild. KIM CHOLSU was not there.\n".utf8).write(to: file("w.txt"))
        let wrong = try VeilCLI.run(["redact", "w.txt", "--to", "editor.key.pub", "--watchlist", "list.vwl", "--passphrase-env", "VEIL_WRONG_PASS"],
                                    in: dir, environment: env)
        XCTAssertEqual(wrong.status, 3, wrong.stderr)
        XCTAssertFalse(exists("w.redacted.txt"))
        XCTAssertFalse(exists("w.txt.vault"))
        let r = try VeilCLI.run(["redact", "w.txt", "--to", "editor.key.pub", "--watchlist", "list.vwl", "--passphrase-env", "VEIL_TEST_PASS",
                                 "--policy", "minimal"], in: dir, environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = String(decoding: try bytes("w.redacted.txt"), as: UTF8.self)
        XCTAssertFalse(out.uppercased().contains("KIM CHOLSU"), out)
        XCTAssertTrue(out.contains("The weather was mild."), out)
    }

    func testExistingOutputsAreNotOverwrittenWithoutForce() throws {
        XCTAssertEqual(try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub"], in: dir, environment: env).status, 0)
        let before = try bytes("draft.txt.vault")
        let again = try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub"], in: dir, environment: env)
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("already exists"))
        XCTAssertEqual(try bytes("draft.txt.vault"), before)
        let forced = try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub", "--force"], in: dir, environment: env)
        XCTAssertEqual(forced.status, 0, forced.stderr)
    }

    func testRefusesToWriteOverTheDraft() throws {
        let r = try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub", "--output", "draft.txt", "--force"], in: dir, environment: env)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(String(decoding: try bytes("draft.txt"), as: UTF8.self), Fixtures.seedArticle)
    }

    func testBadDraftsAreRefusedWithExitTwoAndNothingWritten() throws {
        try Data().write(to: file("empty.txt"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1]).write(to: file("image.txt"))
        try Data([0x48, 0x69, 0x20, 0xFF, 0x0A]).write(to: file("latin1.txt"))
        // A draft over the 64 MiB limit (sparse: refused by its size before a byte is read).
        FileManager.default.createFile(atPath: file("huge.txt").path, contents: nil)
        let huge = try FileHandle(forWritingTo: file("huge.txt"))
        try huge.truncate(atOffset: UInt64(Document.maxFileBytes + 1))
        try huge.close()
        for (name, expected) in [("empty.txt", "empty"), ("image.txt", "binary"), ("latin1.txt", "offset 3"), ("missing.txt", "no such file"),
                                 ("huge.txt", "over the 64 MiB limit")] {
            let r = try VeilCLI.run(["redact", name, "--to", "editor.key.pub"], in: dir, environment: env)
            XCTAssertEqual(r.status, 2, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(name): \(r.stderr)")
            let stem = (name as NSString).deletingPathExtension
            XCTAssertFalse(exists("\(stem).redacted.txt"))
            XCTAssertFalse(exists("\(name).vault"))
        }
    }

    /// Issue 12: a --term that folds to nothing was silently ignored (the reporter believed the
    /// name was redacted).
    func testTermsThatFoldToNothingAreRefused() throws {
        for term in ["", "   ", "- -", "...", "\u{2014}"] {
            let r = try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub", "--term", "Pak", "--term=" + term], in: dir, environment: env)
            XCTAssertEqual(r.status, 2, "\(term.debugDescription): \(r.stderr)")
            // (An empty value is refused by the argument parser itself, also with exit 2.)
            if !term.isEmpty { XCTAssertTrue(r.stderr.contains("--term number 2 has no letter or digit"), r.stderr) }
            XCTAssertFalse(exists("draft.txt.vault"))
        }
    }

    /// Issue 12: a `.pub` given as --identity got a passphrase prompt and a confusing error.
    func testAPublicKeyGivenAsIdentityIsNamedAsOne() throws {
        XCTAssertEqual(try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub"], in: dir, environment: env).status, 0)
        let r = try VeilCLI.run(["reveal", "draft.txt.vault", "--identity", "editor.key.pub", "--passphrase-env", "VEIL_TEST_PASS",
                                 "--output", "back.txt"], in: dir, environment: env)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("this is a public key; reveal needs the editor's secret key file"), r.stderr)
        XCTAssertFalse(exists("back.txt"))
    }

    /// Issue 12: UTF-16 drafts are named as UTF-16 with the fix; a NUL past the first 8 KiB is
    /// binary with its offset (it passed before, and the segment holding it went unscanned).
    func testUTF16AndLateBinaryDraftsAreNamed() throws {
        let text = "A woman living in Kangan-dong, Hyesan, was arrested."
        try Data([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: file("u16.txt"))
        let u16 = try VeilCLI.run(["audit", "u16.txt", "--format", "json"], in: dir, environment: env)
        XCTAssertEqual(u16.status, 2, u16.stderr)
        XCTAssertTrue(u16.stderr.contains("UTF-16") && u16.stderr.contains("iconv -f UTF-16 -t UTF-8"), u16.stderr)
        let filler = String(repeating: "The sky was blue and the river was calm. ", count: 400) + "\n\n"
        try Data(Array(filler.utf8) + [0] + Array(text.utf8)).write(to: file("late.txt"))
        for args in [["audit", "late.txt", "--format", "json"], ["redact", "late.txt", "--to", "editor.key.pub"]] {
            let r = try VeilCLI.run(args, in: dir, environment: env)
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.contains("binary") && r.stderr.contains("offset \(filler.utf8.count)"), r.stderr)
            XCTAssertFalse(r.stderr.contains("Kangan") || r.stdout.contains("Kangan"), "never quotes the draft")
        }
        XCTAssertFalse(exists("late.redacted.txt"))
    }

    func testMistypedPublicKeyIsRefused() throws {
        var line = String(decoding: try bytes("editor.key.pub"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let i = line.index(line.startIndex, offsetBy: 20)
        let replacement: Character = line[i] == "a" ? "b" : "a"
        line.replaceSubrange(i...i, with: String(replacement))
        let r = try VeilCLI.run(["redact", "draft.txt", "--to", line], in: dir, environment: env)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertFalse(exists("draft.txt.vault"))
    }

    func testUnwritableOutputDirectoryFailsBeforeAnythingIsWritten() throws {
        let r = try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub", "--output", "no/such/dir/out.txt"], in: dir, environment: env)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertFalse(exists("draft.txt.vault"), "no vault is left behind")
    }

    func testReplacementThatRepeatsARemovedDetailIsNeutralized() throws {
        // A careless policy whose replacement text repeats a removed place.
        try Data("""
        version: 1
        extends: standard
        categories:
          neighborhood: { action: redact, replacement: "HYESAN" }
          city: { action: redact, replacement: "[city]" }
        """.utf8).write(to: file("careless.yaml"))
        try Data("A woman living in Kangan-dong in Hyesan was arrested.\n".utf8).write(to: file("d.txt"))
        let r = try VeilCLI.run(["redact", "d.txt", "--to", "editor.key.pub", "--policy", "careless.yaml"], in: dir, environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = String(decoding: try bytes("d.redacted.txt"), as: UTF8.self)
        XCTAssertFalse(out.lowercased().contains("hyesan"), out)
        XCTAssertFalse(out.contains("Kangan"), out)
    }

    func testRevealFailuresHaveDistinctExitCodes() throws {
        XCTAssertEqual(try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub"], in: dir, environment: env).status, 0)
        let wrong = try VeilCLI.run(["reveal", "draft.txt.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_WRONG_PASS",
                                     "--output", "back.txt"], in: dir, environment: env)
        XCTAssertEqual(wrong.status, 3, wrong.stderr)
        XCTAssertFalse(exists("back.txt"))

        XCTAssertEqual(try VeilCLI.run(["keygen", "--output", "other.key", "--passphrase-env", "VEIL_TEST_PASS", "--level", "interactive"],
                                       in: dir, environment: env).status, 0)
        let stranger = try VeilCLI.run(["reveal", "draft.txt.vault", "--identity", "other.key", "--passphrase-env", "VEIL_TEST_PASS",
                                        "--output", "back.txt"], in: dir, environment: env)
        XCTAssertEqual(stranger.status, 3, stranger.stderr)
        XCTAssertFalse(exists("back.txt"))

        var vault = try bytes("draft.txt.vault")
        vault[vault.count / 2] ^= 0x01
        try Data(vault).write(to: file("flipped.vault"))
        let flipped = try VeilCLI.run(["reveal", "flipped.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_TEST_PASS",
                                       "--output", "back.txt"], in: dir, environment: env)
        XCTAssertEqual(flipped.status, 4, flipped.stderr)
        try Data(try bytes("draft.txt.vault").dropLast(40)).write(to: file("short.vault"))
        let short = try VeilCLI.run(["reveal", "short.vault", "--identity", "editor.key", "--passphrase-env", "VEIL_TEST_PASS",
                                     "--output", "back.txt"], in: dir, environment: env)
        XCTAssertEqual(short.status, 4, short.stderr)
        XCTAssertFalse(exists("back.txt"))
    }

    func testTwoRecipientsEachOpenTheVault() throws {
        XCTAssertEqual(try VeilCLI.run(["keygen", "--output", "second.key", "--passphrase-env", "VEIL_TEST_PASS", "--level", "interactive"],
                                       in: dir, environment: env).status, 0)
        let pub = String(decoding: try bytes("second.key.pub"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try VeilCLI.run(["redact", "draft.txt", "--to", "editor.key.pub", "--to", pub], in: dir, environment: env).status, 0)
        for key in ["editor.key", "second.key"] {
            let r = try VeilCLI.run(["reveal", "draft.txt.vault", "--identity", key, "--passphrase-env", "VEIL_TEST_PASS"], in: dir, environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdoutBytes, Array(Fixtures.seedArticle.utf8))
        }
    }

    func testStoryFileKeepsPseudonymsAcrossDrafts() throws {
        try Data("Kim Chol Su, a trader, was detained. Kim Chol Su later paid.\n".utf8).write(to: file("d1.txt"))
        try Data("New details: Kim Chol Su was released.\n".utf8).write(to: file("d2.txt"))
        for d in ["d1.txt", "d2.txt"] {
            let r = try VeilCLI.run(["redact", d, "--to", "editor.key.pub", "--story", "story.veil", "--passphrase-env", "VEIL_TEST_PASS"],
                                    in: dir, environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let one = String(decoding: try bytes("d1.redacted.txt"), as: UTF8.self)
        let two = String(decoding: try bytes("d2.redacted.txt"), as: UTF8.self)
        XCTAssertFalse(one.contains("Kim Chol Su") || two.contains("Kim Chol Su"))
        XCTAssertTrue(one.contains("Person A"), one)
        XCTAssertTrue(two.contains("Person A"), two)
        let story = try bytes("story.veil")
        XCTAssertNil(String(decoding: story, as: UTF8.self).range(of: "Kim"), "the story file holds no name in clear")
    }
}

/// `veil redact --diff` / `--diff-file`: the changed sentences, before and after; the originals
/// go only where the editor named.
final class RedactDiffCLITests: XCTestCase {
    func testDiffFileHoldsTheChangedSentencesAndDiffRefusesAPipe() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["VEIL_TEST_PASS": "correct horse battery staple"]
        XCTAssertEqual(try VeilCLI.run(["keygen", "--output", "k", "--passphrase-env", "VEIL_TEST_PASS", "--level", "interactive"],
                                       in: dir, environment: env).status, 0)
        try Data("Nothing changes here.\nA woman living in Hyesan was arrested. The end.\n".utf8).write(to: dir.appendingPathComponent("d.txt"))
        // Standard output is a pipe here: --diff refuses before writing anything.
        let piped = try VeilCLI.run(["redact", "d.txt", "--to", "k.pub", "--diff"], in: dir, environment: env)
        XCTAssertEqual(piped.status, 2, piped.stderr)
        XCTAssertFalse(piped.stdout.contains("Hyesan"))
        XCTAssertFalse(piped.stderr.contains("Hyesan"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("d.redacted.txt").path))
        // Asked for explicitly, the file holds each changed sentence, before and after (mode 0600).
        let r = try VeilCLI.run(["redact", "d.txt", "--to", "k.pub", "--diff-file", "changes.txt"], in: dir, environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.contains("Hyesan"), "nothing on standard output")
        let diff = try String(contentsOf: dir.appendingPathComponent("changes.txt"), encoding: .utf8)
        XCTAssertEqual(diff, "@@ line 2\n- A woman living in Hyesan was arrested.\n+ A woman living in a city in North Korea was arrested.\n\n")
        let mode = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("changes.txt").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        // An existing diff file is kept unless --force; --diff and --diff-file together are refused.
        let again = try VeilCLI.run(["redact", "d.txt", "--to", "k.pub", "--diff-file", "changes.txt", "-o", "o2.txt", "--vault", "v2"],
                                    in: dir, environment: env)
        XCTAssertEqual(again.status, 2, again.stderr)
        let both = try VeilCLI.run(["redact", "d.txt", "--to", "k.pub", "--diff", "--diff-file", "x.txt", "-o", "o3.txt", "--vault", "v3"],
                                   in: dir, environment: env)
        XCTAssertEqual(both.status, 2, both.stderr)
    }
}

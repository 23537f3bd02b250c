import Foundation
import XCTest
import VeilModel
import VeilPolicy
import VeilVault
import VeilTestSupport
@testable import Veil

/// A seeded mutation driver over every parser that reads untrusted bytes: the JSON line reader,
/// the policy loader, the Markdown scanner and the sealed formats. Each round mutates a valid
/// seed (bit flips, inserted tokens that parsers treat specially, deletions, duplications,
/// truncations) and checks the property each parser promises: an answer or a typed error,
/// never a crash; a changed vault never opens. The seeds and the generator are fixed, so any
/// failure replays. `VEIL_FUZZ_ROUNDS` raises the number of rounds (CI's AddressSanitizer run
/// uses the default).
final class MutationFuzzTests: XCTestCase {
    static let rounds = Int(ProcessInfo.processInfo.environment["VEIL_FUZZ_ROUNDS"] ?? "") ?? 300
    static let tokens: [[UInt8]] = ["\u{0}", "\u{1}", "\"", "\\", "\\u", "\\ud800", "{", "}", "[", "]", ":", ",", "\n", "\t",
                                    "\u{FEFF}", "---\n", "```", "`", "<!--", "-->", "](", "![", "%2", "&amp;", "*", "#",
                                    "- ", "? ", "&a", "*a", "!!", "|", ">", "é", "한", "\u{202E}"].map { Array($0.utf8) }

    /// One mutation of `seed`.
    static func mutate(_ seed: [UInt8], _ g: inout SeededGenerator) -> [UInt8] {
        var b = seed
        for _ in 0..<(1 + g.next(4)) {
            let at = b.isEmpty ? 0 : g.next(b.count + 1)
            switch g.next(6) {
            case 0 where !b.isEmpty: b[min(at, b.count - 1)] ^= UInt8(1 << g.next(8))
            case 1: b.insert(contentsOf: tokens[g.next(tokens.count)], at: at)
            case 2 where !b.isEmpty: b.removeSubrange(at..<min(b.count, at + 1 + g.next(16)))
            case 3 where !b.isEmpty: let end = min(b.count, at + 1 + g.next(32)); b.insert(contentsOf: Array(b[at..<end]), at: at)
            case 4: b = Array(b.prefix(at))
            default: b.insert(UInt8(g.next(256)), at: at)
            }
        }
        return b
    }

    func testJSONLineReaderAnswersEveryMutatedLineWithOneJSONObject() throws {
        let auditor = JSONLinesAuditor.applying(.standard)
        let seeds = [#"{"id":"a","text":"A source in Hyesan, Ryanggang Province, said Kang Mi Jin paid 3,000 yuan."}"#,
                     #"{"id":7,"text":"Call +82 10 1234 5678 or kang@example.org \u00e9 \ud83d\ude00","extra":[1,{"x":null}]}"#]
            .map { Array($0.utf8) }
        var g = SeededGenerator(state: 1)
        for round in 0..<Self.rounds {
            let line = Self.mutate(seeds[round % seeds.count], &g).filter { $0 != 0x0A }
            let answer = auditor.process(line: line)
            let object = try? JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
            XCTAssertNotNil(object, "round \(round): the answer is one JSON object")
            XCTAssertTrue(object?["findings"] != nil || object?["error"] != nil, "round \(round): findings or an error")
        }
    }

    func testPolicyLoaderReturnsAPolicyOrATypedError() throws {
        let seed = Array(try String(contentsOf: Fixtures.url("policies/standard.yaml"), encoding: .utf8).utf8)
        var g = SeededGenerator(state: 2)
        var refused = 0
        for _ in 0..<Self.rounds {
            let text = String(decoding: Self.mutate(seed, &g), as: UTF8.self)
            do { _ = try Policy.parse(yaml: text, file: "fuzz.yaml") } catch { refused += 1; XCTAssertFalse(String(describing: error).isEmpty) }
        }
        XCTAssertGreaterThan(refused, 0, "mutations do reach the error paths")
    }

    func testMarkdownScannerFindsOnlyRangesInsideTheDraft() throws {
        let seed = Array(MarkdownRedactionTests.draft.utf8)
        let pipeline = Pipeline(policy: .standard, detector: Detector())
        var g = SeededGenerator(state: 3)
        for round in 0..<Self.rounds {
            guard let doc = try? Document(bytes: Self.mutate(seed, &g), path: "fuzz.md", allowEmpty: true) else { continue }
            for f in pipeline.findings(in: doc, markdown: true) {
                XCTAssertTrue(f.range.lowerBound >= 0 && f.range.upperBound <= doc.bytes.count, "round \(round)")
            }
            var table = PseudonymTable()
            // Redaction either publishes text or refuses with a typed error; it never traps.
            _ = try? pipeline.redact(doc, markdown: true, pseudonyms: &table)
        }
    }

    func testAChangedVaultNeverOpens() throws {
        let key = SecretKey.generate()
        let records = [VaultRecord(id: Vault.draftRecordID, content: SecureBytes(copying: Array("draft".utf8))),
                       VaultRecord(id: "r1", content: SecureBytes(copying: Array("Kang Mi Jin".utf8)))]
        let sealed = try Vault.seal(records: records, recipients: [key.publicKey], publishedText: Array("pub".utf8)).bytes
        var g = SeededGenerator(state: 4)
        for round in 0..<Self.rounds {
            let changed = Self.mutate(sealed, &g)
            guard changed != sealed else { continue }
            XCTAssertThrowsError(try Vault.open(changed, identity: key), "round \(round): a changed vault opened")
            _ = try? Vault.summary(changed)
        }
    }

    func testChangedKeyFilesAndPublicKeysAreRefused() throws {
        let pass = SecureBytes(copying: Array("fuzz passphrase".utf8))
        let file = try KeyFile.encode(SecretKey.generate(), passphrase: pass, level: .interactive)
        let pub = Array(SecretKey.generate().publicKey.encoded.utf8)
        var g = SeededGenerator(state: 5)
        // Each intact header costs one Argon2 derivation: fewer rounds here.
        for round in 0..<min(Self.rounds, 40) {
            let changed = Self.mutate(file, &g)
            guard changed != file else { continue }
            XCTAssertThrowsError(try KeyFile.decode(changed, passphrase: pass), "round \(round): a changed key file opened")
        }
        for _ in 0..<Self.rounds {
            _ = try? PublicKey(encoded: String(decoding: Self.mutate(pub, &g), as: UTF8.self))
        }
    }
}

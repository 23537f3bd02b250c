import Foundation
import VeilModel
import VeilTestSupport
import XCTest
@testable import VeilPolicy

/// Parsing, validation errors (file, line, key), inheritance and the embedded copies.
final class PolicyLoadingTests: XCTestCase {
    private func parse(_ yaml: String, file: String = "p.yaml") throws(PolicyError) -> Policy {
        try Policy.parse(yaml: yaml, file: file)
    }

    private func expectError(_ yaml: String, file: String = "p.yaml", line: Int, key: String?,
                             _ fileLine: UInt = #line) {
        do {
            _ = try parse(yaml, file: file)
            XCTFail("expected an error", line: fileLine)
        } catch {
            XCTAssertEqual(error.file, file, "\(error)", line: fileLine)
            XCTAssertEqual(error.line, line, "\(error)", line: fileLine)
            XCTAssertEqual(error.key, key, "\(error)", line: fileLine)
            XCTAssertTrue(error.description.hasPrefix("\(file):\(line): "), error.description, line: fileLine)
            if let key { XCTAssertTrue(error.description.contains(key), error.description, line: fileLine) }
        }
    }

    func testShippedPoliciesLoadAndCoverEveryCategory() throws {
        for name in ["standard", "strict", "minimal"] {
            let policy = try Policy.named(name)
            XCTAssertEqual(policy.name, name)
            XCTAssertEqual(Set(policy.categories.keys), Set(Category.allCases))
            XCTAssertTrue(policy.rule(for: .term).action.removesOriginal)
            XCTAssertTrue(policy.rule(for: .watchlist).action.removesOriginal)
            XCTAssertTrue(policy.rule(for: .contact).action.removesOriginal)
        }
        XCTAssertEqual(Policy.standard, try Policy.named("standard"))
        XCTAssertThrowsError(try Policy.named("lenient")) { error in
            XCTAssertEqual(error as? PolicyError, .unknownName("lenient"))
        }
    }

    func testStrictExtendsStandardAndTightensIt() throws {
        let standard = try Policy.named("standard")
        let strict = try Policy.named("strict")
        XCTAssertEqual(strict.chain, ["standard.yaml (shipped)", "strict.yaml (shipped)"])
        // Inherited unchanged.
        XCTAssertEqual(strict.allow, standard.allow)
        XCTAssertEqual(strict.rule(for: .country), standard.rule(for: .country))
        // Overridden.
        XCTAssertEqual(strict.rule(for: .person).action, .redact)
        XCTAssertLessThan(strict.risk.threshold, standard.risk.threshold)
        for category in Category.allCases where (category.placeLevel ?? 3) < 3 {
            XCTAssertEqual(strict.rule(for: category).form, .name, "\(category)")
        }
        // A field the child does not set is inherited field by field.
        let minimal = try Policy.named("minimal")
        XCTAssertEqual(minimal.rule(for: .person), standard.rule(for: .person))
        XCTAssertEqual(minimal.rule(for: .city).minConfidence, standard.rule(for: .city).minConfidence)
        XCTAssertEqual(minimal.rule(for: .city).action, .keep)
    }

    func testEmbeddedCopiesEqualPolicyFiles() throws {
        let dir = Fixtures.url("policies")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(files.map { String($0.dropLast(5)) }, EmbeddedPolicies.names,
                       "run python3 tools/embed_policies.py")
        for file in files {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(EmbeddedPolicies.files[String(file.dropLast(5))], text,
                           "\(file) differs from its embedded copy: run python3 tools/embed_policies.py")
        }
    }

    func testLoadFromPathAndExtendsByRelativePath() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("base"), withIntermediateDirectories: true)
        try "version: 1\nextends: standard\ndeny: [Kim Chol]\ncategories:\n  city: { action: keep }\n"
            .write(to: dir.appendingPathComponent("base/newsroom.yaml"), atomically: true, encoding: .utf8)
        try "version: 1\nextends: base/newsroom.yaml\ndeny: [Jade]\ncategories:\n  city: { min_confidence: 0.9 }\n"
            .write(to: dir.appendingPathComponent("desk.yaml"), atomically: true, encoding: .utf8)
        let policy = try Policy.load(path: dir.appendingPathComponent("desk.yaml").path)
        XCTAssertEqual(policy.name, "desk")
        XCTAssertEqual(policy.deny, ["Kim Chol", "Jade"], "deny lists are the union, parent first")
        XCTAssertEqual(policy.rule(for: .city).action, .keep, "inherited from the parent file")
        XCTAssertEqual(policy.rule(for: .city).minConfidence, 0.9, "overridden by the child")
        XCTAssertEqual(policy.rule(for: .person).action, .pseudonymize, "inherited from standard")
        XCTAssertEqual(policy.chain.count, 3)
    }

    func testUnknownKeysAreNamedWithTheirLine() {
        expectError("version: 1\ncolour: red\n", line: 2, key: "colour")
        expectError("version: 1\ncategories:\n  person:\n    action: redact\n    mask: yes\n", line: 5, key: "categories.person.mask")
        expectError("version: 1\ncategories:\n  people: { action: redact }\n", line: 3, key: "categories.people")
        expectError("version: 1\nrisk:\n  treshold: 0.5\n", line: 3, key: "risk.treshold")
        expectError("version: 1\nsources:\n  strip: [place]\n  keep: [role]\n", line: 4, key: "sources.keep")
        expectError("version: 1\nallow: []\nallow: []\n", line: 3, key: "allow")
    }

    func testBadValuesAreNamedWithTheirLine() {
        expectError("version: 1\ncategories:\n  person: { action: obliterate }\n", line: 3, key: "categories.person.action")
        expectError("version: 1\ncategories:\n  age:\n    min_confidence: 1.5\n", line: 4, key: "categories.age.min_confidence")
        expectError("version: 1\ncategories:\n  age:\n    min_confidence: high\n", line: 4, key: "categories.age.min_confidence")
        expectError("version: 1\nplaceholder: stars\n", line: 2, key: "placeholder")
        expectError("version: 1\nbelow_confidence: redact\n", line: 2, key: "below_confidence")
        expectError("version: 1\nsources:\n  strip:\n    - place\n    - shoe size\n", line: 5, key: "sources.strip")
        expectError("version: 1\ncategories:\n  age: { form: month }\n", line: 3, key: "categories.age.form")
        expectError("version: 1\ncategories:\n  city: { form: month }\n", line: 3, key: "categories.city.form")
        expectError("version: 1\ncategories:\n  term: { action: keep }\n", line: 3, key: "categories.term.action")
        expectError("version: 1\ncategories:\n  person: { action: pseudonymize, replacement: \"Someone\" }\n", line: 3, key: "categories.person.replacement")
        expectError("version: 1\ncategories:\n  person: { replacement: \"[{name}]\" }\n", line: 3, key: "categories.person.replacement")
        expectError("version: 1\ndeny: Kim\n", line: 2, key: "deny")
        expectError("version: 1\ncategories: [person]\n", line: 2, key: "categories")
    }

    func testVersionIsRequiredAndChecked() {
        expectError("categories: {}\n", line: 1, key: "version")
        expectError("# header\nversion: 2\n", line: 2, key: "version")
        expectError("version: one\n", line: 1, key: "version")
    }

    func testSyntaxErrorsAndNonMappings() {
        expectError("version: 1\ncategories:\n  person: { action: redact\n", line: 4, key: nil)
        expectError("- version\n- 1\n", line: 1, key: nil)
    }

    /// Issue 12: a policy nested thousands of levels deep overflowed the stack in Yams' recursive
    /// loader (SIGSEGV). It is refused, with its file and line, before Yams sees it.
    func testDeepNestingIsRefusedBeforeTheParser() {
        for yaml in ["version: 1\nx: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n",
                     "version: 1\nx: " + String(repeating: "{a: ", count: 3000) + "1" + String(repeating: "}", count: 3000) + "\n",
                     "version: 1\n" + (0..<200).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n",
                     "version: 1\nx:\n" + String(repeating: "- ", count: 100) + "1\n"] {
            do {
                _ = try parse(yaml)
                XCTFail("expected an error")
            } catch {
                guard case .tooDeep(let file, let line, 64) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(file, "p.yaml")
                XCTAssertGreaterThanOrEqual(line, 2)
                XCTAssertTrue(error.description.contains("deeper than 64 levels"), error.description)
            }
        }
        // Nesting within the limit, brackets inside quoted scalars, comments and block scalars
        // are not nesting.
        let fine = "version: 1\ndescription: \"[[[[{{{{\" # [[[[\ndeny:\n  - '[[[['\n  - don't [ count\nallow: [a, \"b]\", 'c ['' d']\n"
        XCTAssertNoThrow(try YAMLShape.check(fine, file: "p.yaml"))
        XCTAssertNoThrow(try parse(fine))
        XCTAssertNoThrow(try YAMLShape.check("version: 1\nx: [a, [b, {c: [d]}]]\n", file: "p.yaml"))
        let scalar = "version: 1\ndescription: |\n  " + String(repeating: "[", count: 100) + "\n" + String(repeating: " ", count: 100) + "x\n"
        XCTAssertNoThrow(try YAMLShape.check(scalar, file: "p.yaml"))
    }

    /// Issue 12: a tab in the indentation was reported with libyaml's words only.
    func testATabInTheIndentationIsNamedAsATab() {
        expectError("version: 1\ncategories:\n\tperson: { action: redact }\n", line: 3, key: nil)
        do { _ = try parse("version: 1\ncategories:\n  person:\n \taction: redact\n"); XCTFail("expected an error") } catch {
            XCTAssertEqual(error, .tabIndentation(file: "p.yaml", line: 4))
            XCTAssertTrue(error.description.contains("a tab in the indentation"), error.description)
        }
        // A tab after the key is separation, not indentation.
        XCTAssertNoThrow(try YAMLShape.check("version: 1\ndescription:\tfine\n", file: "p.yaml"))
    }

    func testErrorsNeverQuoteDenyEntries() {
        do {
            _ = try parse("version: 1\ndeny:\n  - Secret Codename\n  - [nested]\n")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.line, 4)
            XCTAssertFalse(error.description.contains("Secret"))
        }
    }

    func testExtendsCycleAndMissingFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.yaml"), b = dir.appendingPathComponent("b.yaml")
        try "version: 1\nextends: b.yaml\n".write(to: a, atomically: true, encoding: .utf8)
        try "# b\nversion: 1\nextends: ./a.yaml\n".write(to: b, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Policy.load(path: a.path)) { error in
            guard let error = error as? PolicyError, case .extendsCycle(let file, let line, let chain) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(file, dir.appendingPathComponent("b.yaml").path)
            XCTAssertEqual(line, 3)
            XCTAssertEqual(chain.count, 3)
            XCTAssertEqual(error.key, "extends")
        }
        let selfRef = dir.appendingPathComponent("self.yaml")
        try "version: 1\nextends: self.yaml\n".write(to: selfRef, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Policy.load(path: selfRef.path)) { error in
            guard case .extendsCycle = error as? PolicyError else { return XCTFail("\(error)") }
        }
        let c = dir.appendingPathComponent("c.yaml")
        try "version: 1\n\nextends: missing/parent.yaml\n".write(to: c, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Policy.load(path: c.path)) { error in
            let error = error as? PolicyError
            XCTAssertEqual(error?.file, c.path)
            XCTAssertEqual(error?.line, 3)
            XCTAssertEqual(error?.key, "extends")
        }
        let d = dir.appendingPathComponent("d.yaml")
        try "version: 1\nextends: lenient\n".write(to: d, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Policy.load(path: d.path)) { error in
            XCTAssertEqual((error as? PolicyError)?.line, 2)
        }
        XCTAssertThrowsError(try Policy.load(path: dir.appendingPathComponent("none.yaml").path)) { error in
            XCTAssertEqual(error as? PolicyError, .notFound(file: dir.appendingPathComponent("none.yaml").path))
        }
    }

    func testShowPrintsAnEffectivePolicyThatParsesBackToTheSameRules() throws {
        for name in EmbeddedPolicies.names {
            var policy = try Policy.named(name)
            policy.deny = ["Blue \"Heron\"", "Kang\\Mi"]
            var again = try Policy.parse(yaml: policy.yaml, file: "shown.yaml")
            XCTAssertFalse(policy.yaml.contains("extends"))
            again.name = policy.name
            again.chain = policy.chain
            XCTAssertEqual(again, policy, name)
        }
    }
}

import XCTest
import VeilModel
import VeilDetect
import VeilPolicy
@testable import Veil

/// Every part of a Markdown draft is scanned (code, file names, alt text, destinations,
/// comments, front matter), and redaction in place keeps the Markdown's structure.
final class MarkdownRedactionTests: XCTestCase {
    static let draft = #"""
    ---
    title: Arrests in Hyesan
    author: Kang Mi Jin
    ---
    # A woman in **Kangan-dong**, Hyesan

    Call the source at `+82 10-5555-0100` tonight.

    ![Pak Chol Su at the market](images/kangan-dong_2024-03-05.jpg "Taken in Hyesan")

    Read [the report](https://www.dailynk.com/reports/choe-myong-ho-arrested) today.

    <!-- source: Kim Hyok Chol, Hyesan -->

    ```
    Interview notes: Jang Song Chol said the crackdown began.
    ```

    Write to <kang.mijin@example.org> or visit www.dailynk.com.

    | Who | Where |
    |---|---|
    | a source | Ryanggang Province |

    """#

    private let pipeline = Pipeline(policy: Policy.standard, detector: Detector())

    func testAuditFindsEveryPart() throws {
        let doc = try Document(text: Self.draft, path: "draft.md")
        let found = pipeline.findings(in: doc, markdown: true).map(\.text)
        for expected in ["Hyesan", "Kang Mi Jin", "Kangan-dong", "+82 10-5555-0100", "Pak Chol Su", "kangan-dong", "2024-03-05",
                         "Kim Hyok Chol", "Jang Song Chol", "kang.mijin@example.org", "Ryanggang Province"] {
            XCTAssertTrue(found.contains(expected), "\(expected) not found in \(found)")
        }
        XCTAssertTrue(found.contains { $0.contains("myong-ho") }, "a name in a link destination: \(found)")
        // Markdown syntax is never a finding; a public site's address is found only as a web
        // address scored below the standard policy's contact threshold (flagged, not removed).
        for f in pipeline.findings(in: doc, markdown: true) {
            XCTAssertFalse(f.text.contains("**") || f.text.hasPrefix("#") || f.text.contains("|"), f.text)
            if f.text.contains("https") || f.text.contains("dailynk.com") {
                XCTAssertEqual(f.category, .contact, f.text)
                XCTAssertLessThan(f.confidence, 0.3, f.text)
            }
        }
        // Without the Markdown layout the literals are still text, but findings never land in syntax.
        let syntax = Markdown.syntaxRanges(doc.bytes)
        for f in pipeline.findings(in: doc, markdown: true) {
            for s in syntax { XCTAssertFalse(s.contains(f.range.lowerBound) || s.contains(f.range.upperBound - 1), f.text) }
        }
    }

    /// A code block dense with control bytes, in a draft that passes the binary check as a
    /// whole, is still scanned: the literals' text is never dropped for looking binary.
    func testALiteralDenseWithControlBytesIsStillScanned() throws {
        let prose = String(repeating: "The market was quiet that week and traders waited. ", count: 160)
        let controls = String(repeating: "\u{01}", count: 300)
        let text = prose + "\n\n```\nJang Song Chol \(controls)\n```\n"
        let doc = try Document(text: text, path: "draft.md")
        let found = pipeline.findings(in: doc, markdown: true).map(\.text)
        XCTAssertTrue(found.contains("Jang Song Chol"), "the name in the code block was skipped: \(found)")
    }

    func testRedactRemovesEveryPartAndKeepsStructure() throws {
        let doc = try Document(text: Self.draft, path: "draft.md")
        var table = PseudonymTable()
        let result = try pipeline.redact(doc, markdown: true, pseudonyms: &table)
        let out = String(decoding: result.published, as: UTF8.self)
        for gone in ["Hyesan", "Kang Mi Jin", "Kangan", "kangan", "5555", "Pak Chol Su", "2024-03-05", "myong", "Kim Hyok Chol",
                     "Jang Song Chol", "kang.mijin", "Ryanggang"] {
            XCTAssertFalse(out.contains(gone), "\(gone) survives in\n\(out)")
        }
        XCTAssertEqual(Markdown.structure(result.published), Markdown.structure(doc.bytes), out)
        // URLs stay URLs, code stays code, the comment a comment.
        XCTAssertTrue(out.contains("(images/redacted.jpg \"Taken in"), out)
        XCTAssertTrue(out.contains("(https://www.dailynk.com/reports/redacted)"), out)
        XCTAssertTrue(out.contains("`redacted`"), out)
        XCTAssertTrue(out.contains("<redacted@example.invalid>"), out)
        XCTAssertTrue(out.contains("<!-- source: "), out)
        XCTAssertTrue(out.contains("visit www.dailynk.com."), out)
        XCTAssertTrue(out.hasPrefix("---\ntitle: Arrests in "), out)
    }

    /// A placeholder with brackets inside a code span or comment becomes a plain word; a name
    /// in a bare autolink keeps the link.
    func testLiteralReplacementsStayValid() throws {
        let md = "See `Choe Myong Ho` and <!-- Choe Myong Ho --> and https://example.org/choe-myong-ho.\n"
        let doc = try Document(text: md, path: "d.md")
        var table = PseudonymTable()
        let result = try Pipeline(policy: try Policy.named("strict")).redact(doc, terms: ["Choe Myong Ho"], markdown: true, pseudonyms: &table)
        let out = String(decoding: result.published, as: UTF8.self)
        XCTAssertFalse(out.lowercased().contains("choe"), out)
        XCTAssertFalse(out.contains("["), out)
        XCTAssertEqual(Markdown.structure(result.published), Markdown.structure(doc.bytes), out)
    }

    /// A term percent-encoded in a URL or underscore-joined in a file name is found through the
    /// literal's words, and every other occurrence of a removed original is removed there too.
    func testEncodedTermsInURLsAreRemoved() throws {
        let md = "The weather was fine.\n\n![x](img/zorbu_quanto.jpg) and [l](https://x.org/zorbu%20quanto)\n"
        let doc = try Document(text: md, path: "d.md")
        var table = PseudonymTable()
        let result = try pipeline.redact(doc, terms: ["Zorbu Quanto"], markdown: true, pseudonyms: &table)
        let out = String(decoding: result.published, as: UTF8.self)
        XCTAssertEqual(out, "The weather was fine.\n\n![x](img/redacted.jpg) and [l](https://x.org/redacted)\n")
        // Propagation: a name found in prose is removed where it stands percent-encoded.
        let md2 = "Kang Mi Jin was arrested.\n\n[profile](https://example.org/people/kang%20mi%20jin)\n"
        let result2 = try pipeline.redact(try Document(text: md2, path: "d.md"), markdown: true, pseudonyms: &table)
        let out2 = String(decoding: result2.published, as: UTF8.self)
        XCTAssertFalse(out2.lowercased().contains("kang"), out2)
        XCTAssertTrue(out2.contains("(https://example.org/people/redacted)"), out2)
    }

    /// A draft with every kind of syntax keeps its structure under both the standard and the
    /// strict policy (whose bracketed placeholders must not turn into links or break code).
    func testRichDraftKeepsStructureUnderEveryPolicy() throws {
        let md = #"""
        ---
        title: "Crackdown on calls in Hyesan"
        author: Kang Mi Jin
        ---

        # North Korea crackdown broadens on international calls

        ![Residents waiting at a *Ministry of State Security* office in Hyesan](images/hyesan_mss-office.jpg "MSS office, Hyesan")

        **Agents** who catch _international callers_ demand bribes, a source in
        [Ryanggang Province](https://example.org/wiki/Ryanggang "Ryanggang") told [Daily NK][dnk].

        > “A woman living in `Kangan-dong`, Hyesan, was recently arrested.”
        > > Nested quote about Kim Hyok Chol with ~~struck~~ words.

        1. She paid a bribe of 3,000 yuan on March 5, 2024.
        2. Others paid 10,000 Chinese yuan or more.
           - [ ] check the figures with Kang Mi Jin
           - [x] ask the source in Hyesan again

        ```swift
        let source = "Kang Mi Jin" // Hyesan
        ```

            indented code with a phone +82 10-5555-0100

        | Who | Where |
        |:----|------:|
        | Kim Hyok Chol | `Hyesan` |

        <div class="note">Editor's <em>note</em> on Kim Hyok Chol</div> <!-- check Hyesan spelling -->

        ***

        [dnk]: https://www.dailynk.com/hyesan "Daily NK in Hyesan"

        """#
        let doc = try Document(text: md, path: "d.md")
        for name in ["standard", "strict"] {
            var table = PseudonymTable()
            let result = try Pipeline(policy: try Policy.named(name)).redact(doc, markdown: true, pseudonyms: &table)
            let out = String(decoding: result.published, as: UTF8.self)
            XCTAssertEqual(Markdown.structure(result.published), Markdown.structure(doc.bytes), "\(name):\n\(out)")
            for gone in ["Hyesan", "hyesan", "Kang Mi Jin", "Kangan", "Kim Hyok Chol", "5555"] {
                XCTAssertFalse(out.contains(gone), "\(name): \(gone) survives in\n\(out)")
            }
        }
    }
}

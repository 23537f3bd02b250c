import XCTest
@testable import VeilModel

final class MarkdownTests: XCTestCase {
    /// Masks `s` and returns the masked text.
    private func masked(_ s: String) -> String {
        String(decoding: Markdown.proseMask(Array(s.utf8)), as: UTF8.self)
    }

    /// Asserts `input` masks to `expected`, where `expected` uses `·` for a masked byte
    /// (one `·` per byte, so the alignment is visible in the test source).
    private func check(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let out = Markdown.proseMask(Array(input.utf8))
        XCTAssertEqual(out.count, input.utf8.count, "same length", file: file, line: line)
        var shown = ""
        for (o, b) in zip(out, Array(input.utf8)) {
            shown.unicodeScalars.append(o == b ? Unicode.Scalar(b) : "·")
        }
        XCTAssertEqual(shown, expected, file: file, line: line)
    }

    func testHeadingsEmphasisAndLinkText() {
        check("# A source in *Hyesan* said", "· A source in ·Hyesan· said")
        check("## Title ##", "·· Title ··")
        // The destination and title are literals: masked in the prose, scanned on their own.
        check("Met **Kang Mi Jin** at [the market](https://example.org/x \"Hyesan market\").",
              "Met ··Kang Mi Jin·· at ·the market······················· ······· ········.")
        check("snake_case_word and 5 * 3", "snake_case_word and 5 * 3")
        check("~~struck~~ text", "··struck·· text")
    }

    func testCodeIsMasked() {
        check("Call `555-0100` now", "Call ·········· now")
        check("```\nKang Mi Jin\n```\nafter", "···\n···· ·· ···\n···\nafter")
        check("Para\n\n    code line\n\nText", "Para\n\n    ···· ····\n\nText")
    }

    func testListsQuotesAndTasks() {
        check("- a source\n- [x] done\n> quoted *Hyesan*", "· a source\n· ··· done\n· quoted ·Hyesan·")
        check("1. first\n12) second", "·· first\n··· second")
        check("2009. She fled", "2009· She fled")
        check("- item\n\n    continuation prose", "· item\n\n    continuation prose")
    }

    /// The literals of `s`, as (kind, text).
    private func literals(_ s: String) -> [String] {
        let b = Array(s.utf8)
        return Markdown.layout(b).literals.map { "\($0.kind):\(String(decoding: b[$0.range], as: UTF8.self))" }
    }

    func testAutolinksCommentsHTMLAndReferencesAreLiterals() {
        check("Write <kang@example.org> or <https://x.org/a>", "Write ·················· or ·················")
        XCTAssertEqual(literals("Write <kang@example.org> or <https://x.org/a>"), ["url:kang@example.org", "url:https://x.org/a"])
        XCTAssertEqual(literals("<!-- note about Kang -->"), ["html:<!-- note about Kang -->"])
        XCTAssertEqual(literals("<img src=\"a.png\" alt=\"Kang at home\"> <b>bold</b>"),
                       ["html:<img src=\"a.png\" alt=\"Kang at home\">", "html:<b>", "html:</b>"])
        check("<img src=\"a.png\" alt=\"Kang\"> <b>bold</b>", "···· ··········· ··········· ···bold····")
        check("See [the report][r1] and [r1].\n\n[r1]: https://x.org \"Report title\"",
              "See ·the report····· and ·r1·.\n\n····· ············· ······· ······")
        XCTAssertEqual(literals("See [the report][r1] and [r1].\n\n[r1]: https://x.org \"Report title\""),
                       ["text:r1", "text:r1", "url:https://x.org", "text:Report title"])
        check("Not a link [so they can pay bribes] here", "Not a link [so they can pay bribes] here")
        check("Kang &amp; Hyesan", "Kang ·amp· Hyesan")
    }

    func testFrontMatterKeysMaskedValuesScanned() {
        let fm = "---\ntitle: \"Arrests in Hyesan\"\ntags: [a, b]\n---\nBody"
        check(fm, "···\n······ ········ ·· ·······\n····· ··· ··\n···\nBody")
        XCTAssertEqual(literals(fm), ["frontMatter: \"Arrests in Hyesan\"", "frontMatter: [a, b]"])
        XCTAssertEqual(Markdown.structure(Array(fm.utf8)), ["front_matter", "document", "paragraph", "text"])
    }

    /// URLs and file names are read as words: separators are spaces, path words capitalized,
    /// a date's hyphens kept, the host on a line of its own; offsets map back to the draft.
    func testURLWordsMapBack() {
        let s = "![x](img/kangan-dong_2024-03-05%20Hyesan.jpg) and [y](https://www.dailynk.com/choe-myong-ho)"
        let b = Array(s.utf8)
        let l = Markdown.layout(b)
        let text = String(decoding: l.literalText, as: UTF8.self)
        XCTAssertEqual(text, "Img\nKangan Dong 2024-03-05   Hyesan Jpg\n\nhttps://www.dailynk.com\nChoe Myong Ho\n\n")
        let k = Array(l.literalText).firstIndex(of: UInt8(ascii: "K"))!
        let inText = Finding(range: k..<(k + 11), text: "Kangan Dong", category: .neighborhood, confidence: 1, recognizer: "t", explanation: "")
        let mapped = l.mapLiteralFindings([inText], original: b)
        XCTAssertEqual(mapped.map(\.text), ["kangan-dong"])
        XCTAssertEqual(l.literal(containing: mapped[0].range.lowerBound)?.kind, .url)
        XCTAssertEqual(Markdown.literalReplacement("a neighborhood", replacing: mapped[0].range, in: l.literals[0], original: b), "redacted")
    }

    func testSetextThematicBreakAndTables() {
        check("Title\n=====\n\n***\n", "Title\n·····\n\n···\n")
        check("| Name | Place |\n|---|---|\n| Kang | Hyesan |", "· Name · Place ·\n·········\n· Kang · Hyesan ·")
    }

    func testMultibyteAndCRLFKeepOffsets() {
        let s = "# Kangan‑dong\r\n*“quoted”*\r\n"
        let out = Markdown.proseMask(Array(s.utf8))
        XCTAssertEqual(out.count, s.utf8.count)
        XCTAssertEqual(out.filter { $0 == 0x0D }.count, 2)
        XCTAssertTrue(masked(s).contains("Kangan‑dong"))
        XCTAssertTrue(masked(s).contains("“quoted”"))
    }

    /// A byte-order mark is syntax, and the front matter and positions after it are found as
    /// without it.
    func testByteOrderMark() {
        let s = "\u{FEFF}---\r\ntitle: Hyesan\r\n---\r\n# Kang `Hyesan`\r\n"
        let b = Array(s.utf8)
        let l = Markdown.layout(b)
        XCTAssertEqual(l.literals.map { String(decoding: b[$0.range], as: UTF8.self) }, [" Hyesan", "Hyesan"])
        XCTAssertEqual(l.literals.map(\.kind), [.frontMatter, .code])
        XCTAssertEqual(Array(l.prose[0..<3]), [0x20, 0x20, 0x20])
        XCTAssertTrue(String(decoding: l.prose, as: UTF8.self).contains("  Kang         \r\n"))
        XCTAssertEqual(Markdown.structure(b), ["front_matter", "document", "heading", "text", "code"])
    }

    /// The round trip: replacing every prose word (any length) leaves the syntax, in order,
    /// exactly as it was; and masking never touches a byte of a prose word.
    func testRoundTripReplacingProseKeepsSyntax() {
        let original = Self.draft
        let bytes = Array(original.utf8)
        let mask = Markdown.proseMask(bytes)
        // Prose words: maximal runs of unmasked, non-space bytes.
        var replaced: [UInt8] = []
        var skeleton: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if mask[i] == bytes[i] && !isSpace(bytes[i]) {
                var j = i
                while j < bytes.count && mask[j] == bytes[j] && !isSpace(bytes[j]) { j += 1 }
                replaced += Array("Redacted".utf8)
                i = j
            } else {
                if mask[i] != bytes[i] { skeleton.append(bytes[i]) }
                replaced.append(bytes[i])
                i += 1
            }
        }
        let mask2 = Markdown.proseMask(replaced)
        var skeleton2: [UInt8] = []
        for (a, b) in zip(replaced, mask2) where a != b { skeleton2.append(a) }
        XCTAssertEqual(String(decoding: skeleton2, as: UTF8.self), String(decoding: skeleton, as: UTF8.self))
        XCTAssertGreaterThan(skeleton.count, 100, "the fixture exercises plenty of syntax")
    }

    func testClipStopsAtLinkDestinationsButNotAtEmphasis() {
        let link = Array("[a source in Ryanggang](https://x.org/Hyesan \"Hyesan\") said".utf8)
        let m = Markdown.proseMask(link)
        let whole = 1..<(link.count - 6)
        let clipped = Markdown.clip(whole, original: link, masked: m)
        XCTAssertEqual(clipped.map { String(decoding: link[$0], as: UTF8.self) }, "a source in Ryanggang")
        let name = Array("Met **Kang *Mi* Jin** there".utf8)
        let n = Markdown.proseMask(name)
        let r = Markdown.clip(4..<(name.count - 6), original: name, masked: n)
        XCTAssertEqual(r.map { String(decoding: name[$0], as: UTF8.self) }, "Kang *Mi* Jin")
        let code = Array("`Hyesan`".utf8)
        XCTAssertNil(Markdown.clip(0..<code.count, original: code, masked: Markdown.proseMask(code)))
    }

    /// A replacement in a URL's path takes its whole segment, keeping the file extension; one in
    /// the host or an e-mail address is left as it is.
    func testURLSegment() {
        func seg(_ url: String, _ word: String) -> String {
            let md = "[x](\(url))"
            let b = Array(md.utf8)
            let l = Markdown.layout(b)
            let lit = l.literals[0]
            let start = md.utf8.count - url.utf8.count - 1 + Array(url.utf8).firstRange(of: Array(word.utf8))!.lowerBound
            let r = Markdown.urlSegment(around: start..<(start + word.utf8.count), in: lit, original: b)
            return String(decoding: b[r], as: UTF8.self)
        }
        XCTAssertEqual(seg("img/kangan-dong_2024-03-05.jpg", "dong"), "kangan-dong_2024-03-05")
        XCTAssertEqual(seg("https://x.org/people/kang%20mi%20jin?a=b", "mi"), "kang%20mi%20jin")
        XCTAssertEqual(seg("https://kang.example.org/a", "kang"), "kang")
        XCTAssertEqual(seg("mailto:kang@example.org", "kang"), "kang")
        XCTAssertEqual(seg("kang-mi-jin", "mi"), "kang-mi-jin")
    }

    /// Hostile input (unmatched brackets, backticks, tags and comments on one long line) is
    /// masked in one pass over the bytes, not one pass per delimiter.
    func testUnmatchedDelimitersStayLinear() {
        let piece = Array("[a `b <c <!-- d *e _f ".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(piece.count * 40_000)
        for _ in 0..<40_000 { bytes += piece }
        let out = Markdown.proseMask(bytes)
        XCTAssertEqual(out.count, bytes.count)
        // Deeply nested brackets with a reference definition to look labels up in.
        let nested = Array(String(repeating: "[", count: 100_000).utf8) + Array(String(repeating: "]", count: 100_000).utf8)
            + Array("\n\n[x]: /u\n".utf8)
        XCTAssertEqual(Markdown.proseMask(nested).count, nested.count)
    }

    func testClipFindings() {
        let link = Array("See [a source in Ryanggang](https://x.org/Hyesan \"Hyesan\").".utf8)
        let m = Markdown.proseMask(link)
        let across = Finding(range: 5..<(link.count - 3), text: "", category: .source, confidence: 1, recognizer: "t", explanation: "",
                             qualifiers: [Qualifier(kind: .place, text: "Hyesan", range: (link.count - 9)..<(link.count - 3))])
        let inURL = Finding(range: 42..<48, text: "Hyesan", category: .city, confidence: 1, recognizer: "t", explanation: "")
        let term = Finding(range: 42..<48, text: "Hyesan", category: .watchlist, confidence: 1, recognizer: "w", explanation: "")
        let out = Markdown.clip([across, inURL, term], original: link, masked: m)
        XCTAssertEqual(out.map(\.text), ["a source in Ryanggang", "Hyesan"])
        XCTAssertEqual(out[0].qualifiers, [])
        XCTAssertEqual(out[1].category, .watchlist, "watch-list terms are never cut")
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    /// A Markdown draft exercising every kind of syntax the masker knows.
    static let draft = #"""
---
title: "Crackdown on calls in Hyesan"
author: Kang Mi Jin
tags: [north-korea, border]
---

# North Korea crackdown broadens on international calls

![Residents waiting at a *Ministry of State Security* office](images/mss-office.jpg "MSS office")

**Agents** who catch _international callers_ demand bribes, a source in
[Ryanggang Province](https://example.org/wiki/Ryanggang "Ryanggang") told [Daily NK][dnk].

> “A woman living in `Kangan-dong`, Hyesan, was recently arrested.”
> > Nested quote with ~~struck~~ words.

1. She paid a bribe of 3,000 yuan.
2. Others paid 10,000 Chinese yuan or more.
   - [ ] check the figures
   - [x] ask the source again

Contact the desk by e-mail.

```swift
let source = "Kang Mi Jin"
```

    indented code with a phone 555-0100

| Who | Where |
|:----|------:|
| a source | Ryanggang |

Setext heading
--------------

<div class="note">Editor's <em>note</em></div> <!-- check Hyesan spelling -->

***

[dnk]: https://www.dailynk.com "Daily NK"
"""#
}

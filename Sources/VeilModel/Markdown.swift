import CCmarkGFM
import Foundation

/// Markdown drafts, parsed with cmark-gfm (GitHub-flavoured CommonMark: tables, strikethrough,
/// autolinks, task lists), mapped back to byte ranges of the draft.
///
/// Every byte of a draft is one of three things:
///
/// - **prose** (text nodes: paragraphs, headings, list items, table cells, link text, image alt
///   text): kept in `Layout.prose`, which the detector reads with everything else masked;
/// - **a literal** (`Layout.literals`): code spans, fenced and indented code, link and image
///   destinations and titles, reference labels and definitions, autolinks, HTML blocks and
///   inline HTML (comments included), YAML/TOML front matter. Readers (or anyone viewing the
///   page source) can see them, so they are scanned too, as their own text
///   (`Layout.literalText`, one paragraph each, so no finding joins two of them or joins one to
///   the prose around it). In URLs and file names `-_./%20` and the like separate words for
///   the detector (`kangan-dong_2024-03-05.jpg` reads `Kangan-dong 2024-03-05 jpg`);
/// - **syntax** (emphasis, heading, list, quote and table markers, brackets, backticks): masked
///   and never a finding.
///
/// All cmark calls are in this file; every parser and tree is freed before a function returns.
public enum Markdown {
    /// What kind of non-prose text a literal is (it decides how a replacement inside it is
    /// written so the Markdown stays valid).
    public enum LiteralKind: Sendable, Equatable {
        /// A code span or a code block (fences and info string included).
        case code
        /// An HTML block or inline HTML (comments included).
        case html
        /// A link or image destination, an autolink, or a line of a reference definition.
        case url
        /// A link title or a reference label.
        case text
        /// YAML (`---`) or TOML (`+++`) front matter at the start of the draft.
        case frontMatter
    }

    public struct Literal: Sendable, Equatable {
        public var range: Range<Int>
        public var kind: LiteralKind
    }

    /// A draft split into prose, literals and syntax (see the type's documentation).
    public struct Layout: Sendable {
        /// The draft's bytes, same length, with syntax and literals masked (ASCII spaces,
        /// line endings kept): findings on it are offsets in the draft.
        public let prose: [UInt8]
        /// Non-prose text, sorted by start, not overlapping.
        public let literals: [Literal]
        /// Every literal's text (URLs with their separators as spaces), each followed by a
        /// blank line, for the detector.
        public let literalText: [UInt8]
        /// Where literal `i` starts in `literalText`.
        let starts: [Int]

        /// The literal holding byte `offset` of the draft, if any (binary search).
        public func literal(containing offset: Int) -> Literal? {
            var lo = 0, hi = literals.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if literals[mid].range.upperBound <= offset { lo = mid + 1 } else { hi = mid }
            }
            return lo < literals.count && literals[lo].range.contains(offset) ? literals[lo] : nil
        }

        /// The range of the draft that `range` of `literalText` stands for, cut to the literal
        /// it starts in; nil when it starts in the blank line after one.
        public func originalRange(ofLiteralText range: Range<Int>) -> Range<Int>? {
            var lo = 0, hi = starts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid] <= range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return nil }
            let base = starts[lo - 1], lit = literals[lo - 1].range
            let lower = range.lowerBound - base, upper = min(range.upperBound - base, lit.count)
            guard lower < upper else { return nil }
            return (lit.lowerBound + lower)..<(lit.lowerBound + upper)
        }

        /// Findings detected on `literalText`, mapped back to the draft: each cut to the
        /// literal it starts in, its text taken from `original`, qualifiers outside it dropped.
        public func mapLiteralFindings(_ findings: [Finding], original: [UInt8]) -> [Finding] {
            findings.compactMap { f in
                guard let r = originalRange(ofLiteralText: f.range) else { return nil }
                // Literal text has the literal's length: one shift maps every offset.
                let delta = r.lowerBound - f.range.lowerBound
                var g = f
                g.range = r
                g.text = String(decoding: original[r], as: UTF8.self)
                g.qualifiers = f.qualifiers.compactMap { q in
                    let qr = (q.range.lowerBound + delta)..<(q.range.upperBound + delta)
                    guard qr.lowerBound >= r.lowerBound, qr.upperBound <= r.upperBound else { return nil }
                    var q = q
                    q.range = qr
                    q.text = String(decoding: original[qr], as: UTF8.self)
                    return q
                }
                return g
            }
        }

        /// Whether byte `i` of the draft is Markdown syntax (masked, not in a literal).
        public func isSyntax(_ i: Int, original: [UInt8]) -> Bool {
            prose[i] != original[i] && literal(containing: i) == nil
        }
    }

    /// The layout of `bytes` (see the type's documentation). Linear in the draft's size.
    public static func layout(_ bytes: [UInt8]) -> Layout {
        var s = MarkdownScanner(bytes)
        s.run()
        return s.finish()
    }

    /// The draft with syntax and literals masked (`layout(_:).prose`).
    public static func proseMask(_ bytes: [UInt8]) -> [UInt8] {
        layout(bytes).prose
    }

    /// Where a finding detected on masked text may stand in the original: `range` cut before
    /// the first run of more than three masked bytes inside it (a link destination, a code
    /// span), then trimmed of masked bytes and spaces at both ends. Short runs (emphasis
    /// markers, as in `Kang *Mi* Jin`) stay inside. `nil` when nothing of the range is prose.
    public static func clip(_ range: Range<Int>, original: [UInt8], masked: [UInt8]) -> Range<Int>? {
        guard range.lowerBound >= 0, range.upperBound <= original.count, original.count == masked.count else { return nil }
        func isSyntax(_ i: Int) -> Bool { masked[i] != original[i] }
        func isGap(_ i: Int) -> Bool { isSyntax(i) || masked[i] == 0x20 || masked[i] == 0x0A || masked[i] == 0x0D || masked[i] == 0x09 }
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isGap(lower) { lower += 1 }
        var i = lower
        while i < upper {
            if isSyntax(i) {
                var j = i
                while j < upper && isSyntax(j) { j += 1 }
                if j - i > 3 { upper = i; break }
                i = j
            } else {
                i += 1
            }
        }
        while upper > lower && isGap(upper - 1) { upper -= 1 }
        return lower < upper ? lower..<upper : nil
    }

    /// Findings detected on `masked` (the `proseMask` of `original`), each cut with
    /// `clip(_:original:masked:)`: its text taken from the original, qualifiers outside the
    /// cut dropped, findings with no prose left removed. Watch-list and command-line terms
    /// are left whole (they must not survive anywhere).
    public static func clip(_ findings: [Finding], original: [UInt8], masked: [UInt8]) -> [Finding] {
        findings.compactMap { f in
            if f.category == .watchlist || f.category == .term { return f }
            guard let r = clip(f.range, original: original, masked: masked) else { return nil }
            var g = f
            if r != f.range {
                g.range = r
                g.qualifiers = f.qualifiers.filter { $0.range.lowerBound >= r.lowerBound && $0.range.upperBound <= r.upperBound }
            }
            g.text = String(decoding: original[r], as: UTF8.self)
            return g
        }
    }

    /// Byte ranges of `bytes` that are Markdown syntax: masked in the prose and not part of a
    /// literal (maximal runs, line endings excluded).
    public static func syntaxRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        let l = layout(bytes)
        var ranges: [Range<Int>] = []
        var i = 0
        var k = 0
        func inLiteral(_ i: Int) -> Bool {
            while k < l.literals.count && l.literals[k].range.upperBound <= i { k += 1 }
            return k < l.literals.count && l.literals[k].range.contains(i)
        }
        while i < bytes.count {
            if l.prose[i] != bytes[i] && !inLiteral(i) {
                let s = i
                while i < bytes.count && l.prose[i] != bytes[i] && !inLiteral(i) { i += 1 }
                ranges.append(s..<i)
            } else {
                i += 1
            }
        }
        return ranges
    }

    /// The kinds of the nodes cmark-gfm parses `bytes` into, in document order (front matter
    /// first, as `front_matter`), for checking that a redaction kept a draft's structure.
    public static func structure(_ bytes: [UInt8]) -> [String] {
        let fm = frontMatterEnd(bytes)
        var kinds: [String] = fm > byteOrderMark(bytes) ? ["front_matter"] : []
        withTree(Array(bytes[fm...])) { root in
            guard let iter = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iter) }
            while true {
                let ev = cmark_iter_next(iter)
                if ev == CMARK_EVENT_DONE { break }
                guard ev == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter),
                      let name = cmark_node_get_type_string(node) else { continue }
                kinds.append(String(cString: name))
            }
        }
        return kinds
    }

    /// The neutral text a replacement inside `literal` takes so the Markdown stays valid: a
    /// URL stays a URL (`redacted`; a whole web address `https://redacted.invalid`, a whole
    /// e-mail address `redacted@example.invalid`, so an autolink stays a link), code stays
    /// code, a comment a comment. `text` is kept when it is plain words.
    public static func literalReplacement(_ text: String, replacing range: Range<Int>, in literal: Literal,
                                          original: [UInt8]) -> String {
        switch literal.kind {
        case .url:
            // A replacement from the literal's start takes its scheme and host: the address
            // must stay one (`https://redacted.invalid/...`), or an autolink stops being a link.
            guard range.lowerBound <= literal.range.lowerBound else { return "redacted" }
            let whole = range.upperBound >= literal.range.upperBound
            let replaced = String(decoding: original[literal.range.lowerBound..<min(range.upperBound, literal.range.upperBound)], as: UTF8.self)
            if replaced.contains("://") { return "https://redacted.invalid" }
            if replaced.lowercased().hasPrefix("www.") { return whole ? "https://redacted.invalid" : "www.redacted.invalid" }
            if whole && replaced.contains("@") { return "redacted@example.invalid" }
            return "redacted"
        case .code, .html, .text, .frontMatter:
            let plain = !text.isEmpty && text.utf8.allSatisfy { b in
                (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x20 || b >= 0x80
            }
            return plain ? text : "redacted"
        }
    }

    /// The part of a URL literal a replacement at `range` takes over: the whole path segment
    /// around it (between `/`, `?`, `#`, `&`, `=`), without a file extension, so no piece of a
    /// name or place joined to it (`kang%20mi%20jin`, `kangan-dong_2024`) survives next to
    /// `redacted`. A range in the scheme or host, or in another kind of literal, is returned
    /// as it is.
    public static func urlSegment(around range: Range<Int>, in literal: Literal, original b: [UInt8]) -> Range<Int> {
        guard literal.kind == .url, literal.range.lowerBound <= range.lowerBound, range.upperBound <= literal.range.upperBound else { return range }
        let lit = literal.range
        // Host end, as in `MarkdownScanner.urlWords`.
        var pathStart = lit.lowerBound
        let bytes = b[lit]
        if let c = bytes.firstIndex(of: UInt8(ascii: ":")), c + 2 < lit.upperBound, b[c + 1] == UInt8(ascii: "/"), b[c + 2] == UInt8(ascii: "/") {
            pathStart = c + 3
        } else if bytes.count > 4, bytes.prefix(4).map({ $0 | 0x20 }) == Array("www.".utf8) {
            pathStart = lit.lowerBound
        } else if bytes.contains(UInt8(ascii: "@")) {
            return range
        } else {
            pathStart = lit.lowerBound - 1
        }
        if pathStart >= lit.lowerBound {
            while pathStart < lit.upperBound && b[pathStart] != UInt8(ascii: "/") && b[pathStart] != UInt8(ascii: "?") && b[pathStart] != UInt8(ascii: "#") { pathStart += 1 }
            guard range.lowerBound > pathStart else { return range }
        }
        func isCut(_ x: UInt8) -> Bool { x == UInt8(ascii: "/") || x == UInt8(ascii: "?") || x == UInt8(ascii: "#") || x == UInt8(ascii: "&") || x == UInt8(ascii: "=") }
        var lo = range.lowerBound
        while lo > lit.lowerBound && lo - 1 > pathStart && !isCut(b[lo - 1]) { lo -= 1 }
        var hi = range.upperBound
        while hi < lit.upperBound && !isCut(b[hi]) { hi += 1 }
        // Keep a file extension: the last `.` after the replaced text, followed by 1-5 letters or digits.
        var dot = hi
        while dot > range.upperBound && b[dot - 1] != UInt8(ascii: ".") { dot -= 1 }
        if dot > range.upperBound, hi - dot <= 5, hi > dot, b[dot..<hi].allSatisfy({ isAlnumByte($0) }) { hi = dot - 1 }
        return lo..<max(hi, range.upperBound)
    }

    // MARK: cmark

    /// cmark-gfm's extension registry is global and registering is not thread-safe; attaching
    /// extensions to a parser also edits global tables. Parses are serialized by this lock.
    private static let lock = NSLock()
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Parses `bytes` (no front matter) and calls `body` with the tree, then frees it.
    static func withTree(_ bytes: [UInt8], _ body: (OpaquePointer) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS) else { return }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) { _ = cmark_parser_attach_syntax_extension(parser, ext) }
        }
        bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress.map { $0.withMemoryRebound(to: CChar.self, capacity: buf.count) { cmark_parser_feed(parser, $0, buf.count) } }
        }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }
        body(root)
    }

    /// End of YAML (`---` … `---`/`...`) or TOML (`+++` … `+++`) front matter opening the
    /// draft, or 0.
    ///
    /// A UTF-8 byte-order mark before it is skipped (cmark skips it too); the result is then at
    /// least 3, so the parse starts after the mark.
    static func frontMatterEnd(_ b: [UInt8]) -> Int {
        let bom = byteOrderMark(b)
        func lineEnd(_ i: Int) -> (content: Int, next: Int) {
            var j = i
            while j < b.count && b[j] != 0x0A && b[j] != 0x0D { j += 1 }
            var next = j
            if next < b.count && b[next] == 0x0D { next += 1 }
            if next < b.count && b[next] == 0x0A && (next == j || b[next - 1] == 0x0D) { next += 1 }
            return (j, next)
        }
        func trimmed(_ r: Range<Int>) -> ArraySlice<UInt8> {
            var u = r.upperBound
            while u > r.lowerBound && (b[u - 1] == 0x20 || b[u - 1] == 0x09) { u -= 1 }
            return b[r.lowerBound..<u]
        }
        let first = lineEnd(bom)
        let opener = trimmed(bom..<first.content)
        let yaml = opener.elementsEqual("---".utf8), toml = opener.elementsEqual("+++".utf8)
        guard (yaml || toml), first.next > first.content else { return bom }
        var i = first.next
        while i < b.count {
            let l = lineEnd(i)
            let t = trimmed(i..<l.content)
            if (yaml && (t.elementsEqual("---".utf8) || t.elementsEqual("...".utf8))) || (toml && t.elementsEqual("+++".utf8)) {
                return l.next
            }
            if l.next == i { break }
            i = l.next
        }
        return bom
    }

    /// 3 when `b` opens with a UTF-8 byte-order mark, else 0.
    static func byteOrderMark(_ b: [UInt8]) -> Int {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
    }
}

// MARK: - The scanner: cmark's tree mapped back onto the draft's bytes

private let space: UInt8 = 0x20
private let newline: UInt8 = 0x0A
private let cr: UInt8 = 0x0D
private let tab: UInt8 = 0x09

private func isASCIIPunct(_ b: UInt8) -> Bool {
    (0x21...0x2F).contains(b) || (0x3A...0x40).contains(b) || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
}
private func isAlpha(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
private func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
private func isAlnumByte(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
private func isHex(_ b: UInt8) -> Bool { isDigit(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }

/// Per-byte state while scanning.
private enum Cell: UInt8 {
    /// Not inside any leaf block (container markers, blank lines, reference definitions).
    case outside = 0
    /// Inside a leaf block, not (yet) claimed by a node: masked if ASCII punctuation, else prose.
    case gap
    case prose
    case syntax
    case code, html, url, text, frontMatter

    var literalKind: Markdown.LiteralKind? {
        switch self {
        case .code: return .code
        case .html: return .html
        case .url: return .url
        case .text: return .text
        case .frontMatter: return .frontMatter
        default: return nil
        }
    }
}

private struct MarkdownScanner {
    let src: [UInt8]
    var cell: [Cell]
    /// Offset of the text cmark parsed (after front matter).
    var base = 0
    /// Line starts of the parsed text, as offsets in `src`.
    var lineStarts: [Int] = []
    /// The inline cursor: nodes come in source order, so each is searched for from here.
    var cursor = 0
    /// End of the leaf block being scanned (searches never pass it).
    var blockEnd = 0
    /// How far past the cursor a node's text is looked for (delimiters, escapes, entities and
    /// container markers stand between two nodes, never more).
    let window = 256

    init(_ bytes: [UInt8]) {
        src = bytes
        cell = [Cell](repeating: .outside, count: bytes.count)
    }

    /// Byte offset of cmark's (1-based line, 1-based byte column).
    func offset(line: Int32, column: Int32) -> Int {
        let l = Int(line) - 1
        guard l >= 0, l < lineStarts.count else { return l < 0 ? base : src.count }
        return min(src.count, max(lineStarts[l], lineStarts[l] + Int(column) - 1))
    }

    func range(of node: OpaquePointer) -> Range<Int> {
        let s = offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
        let e = min(src.count, offset(line: cmark_node_get_end_line(node), column: cmark_node_get_end_column(node)) + 1)
        return s..<max(s, e)
    }

    /// A code or HTML block's range. cmark-gfm sometimes ends a block before it starts (an
    /// HTML comment block followed by a blank line reads `3:1-2:0`): then the block runs as far
    /// as its literal text does.
    func blockRange(of node: OpaquePointer) -> Range<Int> {
        let r = range(of: node)
        let endLine = cmark_node_get_end_line(node), startLine = cmark_node_get_start_line(node)
        guard endLine < startLine || (endLine == startLine && cmark_node_get_end_column(node) < cmark_node_get_start_column(node)) else { return r }
        var len = literal(node).count
        while len > 0, let last = literal(node).dropFirst(len - 1).first, last == newline || last == cr { len -= 1 }
        return r.lowerBound..<min(src.count, r.lowerBound + max(len, 1))
    }

    mutating func mark(_ r: Range<Int>, _ c: Cell) {
        let r = r.clamped(to: 0..<src.count)
        for i in r { cell[i] = c }
    }

    mutating func run() {
        let bom = Markdown.byteOrderMark(src)
        mark(0..<bom, .syntax)
        let fm = Markdown.frontMatterEnd(src)
        markFrontMatter(from: bom, to: fm)
        base = fm
        lineStarts = [fm]
        var i = fm
        while i < src.count {
            if src[i] == newline || (src[i] == cr && (i + 1 >= src.count || src[i + 1] != newline)) {
                lineStarts.append(i + 1)
            }
            i += 1
        }
        cursor = fm
        Markdown.withTree(Array(src[fm...])) { root in walk(root) }
    }

    /// Front matter: its fences and each line's `key:` are syntax, the values literals (one
    /// per line, so no finding joins a value to the next key).
    mutating func markFrontMatter(from start: Int, to end: Int) {
        var i = start
        while i < end {
            var j = i
            while j < end && src[j] != newline && src[j] != cr { j += 1 }
            var k = i
            while k < j && (src[k] == space || src[k] == tab || src[k] == UInt8(ascii: "-")) { k += 1 }
            var key = k
            while key < j && (isAlpha(src[key]) || isDigit(src[key]) || src[key] == UInt8(ascii: "_") || src[key] == UInt8(ascii: "-")) { key += 1 }
            let fence = i == start || (j == end || (j - i == 3 && (src[i] == UInt8(ascii: "-") || src[i] == UInt8(ascii: "+") || src[i] == UInt8(ascii: "."))))
            if fence && (i == start || j + 2 >= end) && src[i..<j].allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == space }) {
                mark(i..<j, .syntax)
            } else if key > k, key < j, src[key] == UInt8(ascii: ":") || src[key] == UInt8(ascii: "=") {
                mark(i..<(key + 1), .syntax)
                mark((key + 1)..<j, .frontMatter)
            } else {
                mark(i..<j, .frontMatter)
            }
            i = j
            while i < end && (src[i] == newline || src[i] == cr) { i += 1 }
        }
    }

    /// Finds `needle` at or after the cursor, within the window and the block.
    func find(_ needle: [UInt8], from: Int) -> Int? {
        guard let first = needle.first else { return nil }
        let limit = min(blockEnd, from + window + needle.count) - needle.count
        var p = from
        while p <= limit {
            if src[p] == first {
                var k = 1
                while k < needle.count && src[p + k] == needle[k] { k += 1 }
                if k == needle.count { return p }
            }
            p += 1
        }
        return nil
    }

    func findByte(_ b: UInt8, from: Int, limit: Int? = nil) -> Int? {
        let end = min(blockEnd, limit ?? (from + window))
        var p = from
        while p < end {
            if src[p] == b { return p }
            p += 1
        }
        return nil
    }

    func literal(_ node: OpaquePointer) -> [UInt8] {
        guard let c = cmark_node_get_literal(node) else { return [] }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(c).assumingMemoryBound(to: UInt8.self), count: strlen(c)))
    }

    mutating func walk(_ root: OpaquePointer) {
        guard let iter = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            let enter = ev == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_CODE_BLOCK where enter:
                mark(blockRange(of: node), .code)
            case CMARK_NODE_HTML_BLOCK where enter:
                mark(blockRange(of: node), .html)
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if enter { enterLeaf(node) }
            case CMARK_NODE_TEXT where enter:
                let lit = literal(node)
                if let p = find(lit, from: cursor) {
                    mark(p..<(p + lit.count), .prose)
                    cursor = p + lit.count
                }
            case CMARK_NODE_CODE where enter:
                codeSpan(node)
            case CMARK_NODE_HTML_INLINE where enter:
                var lit = literal(node)
                if let nl = lit.firstIndex(where: { $0 == newline || $0 == cr }) { lit = Array(lit[..<nl]) }
                if let p = find(lit, from: cursor) {
                    mark(p..<(p + lit.count), .html)
                    cursor = p + lit.count
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if enter {
                    if autolink(node) { cmark_iter_reset(iter, node, CMARK_EVENT_EXIT) }
                    else if let p = findByte(UInt8(ascii: "["), from: cursor) {
                        mark(p..<(p + 1), .syntax)
                        cursor = p + 1
                    }
                } else if !isAutolinkExit(node) {
                    linkTail()
                }
            default:
                // Tables are leaves for the cursor: their cells' inlines are found inside the
                // table's range, pipes and the delimiter row are syntax.
                if enter, let name = cmark_node_get_type_string(node), strcmp(name, "table") == 0 {
                    enterLeaf(node)
                }
            }
        }
    }

    mutating func enterLeaf(_ node: OpaquePointer) {
        let r = range(of: node)
        for i in r where cell[i] == .outside { cell[i] = .gap }
        cursor = max(cursor, r.lowerBound)
        blockEnd = r.upperBound
    }

    /// Autolink nodes seen (their exit is not a link tail).
    var autolinkNodes = Set<OpaquePointer>()

    /// Autolinks (`<https://…>`, `<a@b.org>`, GFM's bare `www.…`) hold their address as their
    /// only text: it is a URL literal, not prose. Marks it and returns true.
    mutating func autolink(_ node: OpaquePointer) -> Bool {
        guard cmark_node_get_type(node) == CMARK_NODE_LINK, let child = cmark_node_first_child(node),
              cmark_node_next(child) == nil, cmark_node_get_type(child) == CMARK_NODE_TEXT,
              let urlC = cmark_node_get_url(node) else { return false }
        let text = literal(child)
        let url = String(cString: urlC)
        let t = String(decoding: text, as: UTF8.self)
        guard !text.isEmpty, url == t || url == "mailto:" + t || url == "http://" + t || url == "https://" + t else { return false }
        guard let p = find(text, from: cursor), p == 0 || src[p - 1] != UInt8(ascii: "[") else { return false }
        mark(p..<(p + text.count), .url)
        if p > 0 && src[p - 1] == UInt8(ascii: "<") && p + text.count < src.count && src[p + text.count] == UInt8(ascii: ">") {
            mark((p - 1)..<p, .syntax)
            mark((p + text.count)..<(p + text.count + 1), .syntax)
            cursor = p + text.count + 1
        } else {
            cursor = p + text.count
        }
        autolinkNodes.insert(node)
        return true
    }

    func isAutolinkExit(_ node: OpaquePointer) -> Bool { autolinkNodes.contains(node) }

    /// A code span at the cursor: its backtick runs are syntax, what they enclose is code.
    /// The closing run is looked for no further than the span's text (twice its length, for
    /// line endings and container markers cmark folded) and the window allow.
    mutating func codeSpan(_ node: OpaquePointer) {
        guard let p = findByte(UInt8(ascii: "`"), from: cursor) else { return }
        var q = p
        while q < blockEnd && src[q] == UInt8(ascii: "`") { q += 1 }
        let n = q - p
        let limit = min(blockEnd, q + 2 * literal(node).count + window)
        var i = q
        while i < limit {
            if src[i] == UInt8(ascii: "`") {
                var j = i
                while j < limit && src[j] == UInt8(ascii: "`") { j += 1 }
                if j - i == n {
                    mark(p..<q, .syntax)
                    mark(q..<i, .code)
                    mark(i..<j, .syntax)
                    cursor = j
                    return
                }
                i = j
            } else {
                i += 1
            }
        }
    }

    /// After a link's or image's text: `](destination "title")`, `][label]`, or `]`.
    mutating func linkTail() {
        guard let close = findByte(UInt8(ascii: "]"), from: cursor) else { return }
        mark(close..<(close + 1), .syntax)
        cursor = close + 1
        let q = close + 1
        guard q < blockEnd else { return }
        if src[q] == UInt8(ascii: "(") {
            if let end = inlineDestination(q) { cursor = end }
        } else if src[q] == UInt8(ascii: "["), let e = findByte(UInt8(ascii: "]"), from: q + 1, limit: q + 1000) {
            mark(q..<(q + 1), .syntax)
            mark((q + 1)..<e, .text)
            mark(e..<(e + 1), .syntax)
            cursor = e + 1
        }
    }

    /// Skips spaces and line endings, and after a line ending the block-quote markers of the
    /// next line.
    func skipSpace(_ i: inout Int) {
        var lineStart = false
        while i < blockEnd {
            let b = src[i]
            if b == newline || b == cr { lineStart = true } else if b == space || b == tab {} else if lineStart && b == UInt8(ascii: ">") {} else { break }
            i += 1
        }
    }

    /// Parses `(destination "title")` at `open`; marks it and returns the offset after `)`, or
    /// nil (nothing marked) when it is not an inline destination.
    mutating func inlineDestination(_ open: Int) -> Int? {
        var i = open + 1
        skipSpace(&i)
        var dest = i..<i
        if i < blockEnd && src[i] == UInt8(ascii: "<") {
            var j = i + 1
            while j < blockEnd && src[j] != UInt8(ascii: ">") && src[j] != newline && src[j] != cr && src[j] != UInt8(ascii: "<") {
                j += src[j] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard j < blockEnd, src[j] == UInt8(ascii: ">") else { return nil }
            dest = (i + 1)..<j
            i = j + 1
        } else {
            var depth = 0
            var j = i
            while j < blockEnd {
                let b = src[j]
                if b <= space || b == 0x7F { break }
                if b == UInt8(ascii: "\\") { j += 2; continue }
                if b == UInt8(ascii: "(") { depth += 1 }
                if b == UInt8(ascii: ")") { if depth == 0 { break }; depth -= 1 }
                j += 1
            }
            j = min(j, blockEnd)
            dest = i..<j
            i = j
        }
        skipSpace(&i)
        var title: Range<Int>? = nil
        if i < blockEnd, src[i] == UInt8(ascii: "\"") || src[i] == UInt8(ascii: "'") || src[i] == UInt8(ascii: "(") {
            let closer = src[i] == UInt8(ascii: "(") ? UInt8(ascii: ")") : src[i]
            var j = i + 1
            while j < blockEnd && src[j] != closer { j += src[j] == UInt8(ascii: "\\") ? 2 : 1 }
            guard j < blockEnd else { return nil }
            title = (i + 1)..<j
            i = j + 1
            skipSpace(&i)
        }
        guard i < blockEnd, src[i] == UInt8(ascii: ")") else { return nil }
        mark(open..<i + 1, .syntax)
        mark(dest, .url)
        if let title { mark(title, .text) }
        return i + 1
    }

    /// A line `[label]: destination "title"` (cmark keeps no node for it): the label and
    /// title are text literals, the destination a URL, the rest syntax. False (nothing marked)
    /// when the line is not one.
    mutating func referenceDefinition(_ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        while i < r.upperBound && (src[i] == space || src[i] == tab || src[i] == UInt8(ascii: ">")) { i += 1 }
        guard i < r.upperBound, src[i] == UInt8(ascii: "[") else { return false }
        var close = i + 1
        while close < r.upperBound && src[close] != UInt8(ascii: "]") { close += src[close] == UInt8(ascii: "\\") ? 2 : 1 }
        guard close + 1 < r.upperBound, src[close + 1] == UInt8(ascii: ":") else { return false }
        var d = close + 2
        while d < r.upperBound && (src[d] == space || src[d] == tab) { d += 1 }
        var de = d
        let angle = d < r.upperBound && src[d] == UInt8(ascii: "<")
        if angle { while de < r.upperBound && src[de] != UInt8(ascii: ">") { de += 1 } } else {
            while de < r.upperBound && src[de] != space && src[de] != tab { de += 1 }
        }
        mark(r, .syntax)
        mark((i + 1)..<close, .text)
        mark((angle ? d + 1 : d)..<de, .url)
        var t = min(r.upperBound, de + (angle ? 1 : 0))
        while t < r.upperBound && (src[t] == space || src[t] == tab) { t += 1 }
        var te = r.upperBound
        while te > t && (src[te - 1] == space || src[te - 1] == tab) { te -= 1 }
        if te - t >= 2, src[t] == UInt8(ascii: "\"") || src[t] == UInt8(ascii: "'") || src[t] == UInt8(ascii: "(") {
            mark((t + 1)..<(te - 1), .text)
        } else if t < te {
            mark(t..<te, .text)
        }
        return true
    }

    // MARK: Result

    mutating func finish() -> Markdown.Layout {
        let n = src.count
        // Outside leaf blocks: container markers and blank lines are syntax; a line piece with
        // words in it (a reference definition, a footnote) is a URL literal; a number of four
        // or more digits (a year opening an ordered-list item) is prose.
        var i = 0
        while i < n {
            guard cell[i] == .outside else { i += 1; continue }
            var j = i
            while j < n && cell[j] == .outside && src[j] != newline && src[j] != cr { j += 1 }
            var words = false
            var k = i
            while k < j {
                if src[k] >= 0x80 || (isAlpha(src[k]) && k + 1 < j && isAlpha(src[k + 1])) { words = true; break }
                k += 1
            }
            if words {
                if !referenceDefinition(i..<j) {
                    var s = i, e = j
                    while s < e && (src[s] == space || src[s] == tab) { s += 1 }
                    while e > s && (src[e - 1] == space || src[e - 1] == tab) { e -= 1 }
                    for x in s..<e { cell[x] = .text }
                }
            } else {
                var x = i
                while x < j {
                    if isDigit(src[x]) {
                        var y = x
                        while y < j && isDigit(src[y]) { y += 1 }
                        for z in x..<y { cell[z] = y - x >= 4 ? .prose : .syntax }
                        x = y
                    } else {
                        cell[x] = .syntax
                        x += 1
                    }
                }
            }
            i = max(j, i + 1)
        }
        var prose = src
        var literals: [Markdown.Literal] = []
        var text: [UInt8] = []
        var starts: [Int] = []
        i = 0
        while i < n {
            let c = cell[i]
            let b = src[i]
            let keep: Bool
            switch c {
            case .prose: keep = true
            case .gap: keep = !isASCIIPunct(b)
            default: keep = false
            }
            if !keep && b != newline && b != cr { prose[i] = space }
            if let kind = c.literalKind {
                var j = i
                while j < n && cell[j] == c { j += 1 }
                literals.append(Markdown.Literal(range: i..<j, kind: kind))
                starts.append(text.count)
                text += kind == .url ? MarkdownScanner.urlWords(src[i..<j]) : MarkdownScanner.plainWords(src[i..<j])
                text += [newline, newline]
                for x in (i + 1)..<j where src[x] != newline && src[x] != cr { prose[x] = space }
                i = j
            } else {
                i += 1
            }
        }
        return Markdown.Layout(prose: prose, literals: literals, literalText: text, starts: starts)
    }

    /// A literal's text for the detector, same length: `_` and percent-escapes (`%20`) read
    /// as spaces.
    static func plainWords(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = Array(s)
        var i = 0
        while i < out.count {
            if out[i] == UInt8(ascii: "_") { out[i] = space }
            if out[i] == UInt8(ascii: "%"), i + 2 < out.count, isHex(out[i + 1]), isHex(out[i + 2]) {
                out[i] = space; out[i + 1] = space; out[i + 2] = space
                i += 3
                continue
            }
            i += 1
        }
        return out
    }

    /// A URL's text for the detector, same length: the scheme and host kept as they are
    /// (`https://www.dailynk.com`, `www.dailynk.com`) on a line of their own, an e-mail
    /// address kept whole, and in the path each segment on a line of its own and every other
    /// separator (`._-+=&?#~:` and percent-escapes) a space, except a hyphen between two
    /// digits (`2024-03-05`); each path word starts with a capital
    /// (`kangan-dong` reads `Kangan Dong`, `choe-myong-ho` `Choe Myong Ho`), as a file name's
    /// words are written lower case.
    static func urlWords(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = plainWords(s)
        let n = out.count
        var start = 0
        // Scheme and host.
        let www = n > 4 && (out[0] | 0x20) == UInt8(ascii: "w") && (out[1] | 0x20) == UInt8(ascii: "w")
            && (out[2] | 0x20) == UInt8(ascii: "w") && out[3] == UInt8(ascii: ".")
        let colon = out.firstIndex(of: UInt8(ascii: ":"))
        let scheme = colon.map { $0 + 2 < n && out[$0 + 1] == UInt8(ascii: "/") && out[$0 + 2] == UInt8(ascii: "/") } ?? false
        if scheme || www {
            start = scheme ? colon! + 3 : 0
            while start < n && out[start] != UInt8(ascii: "/") && out[start] != UInt8(ascii: "?") && out[start] != UInt8(ascii: "#") { start += 1 }
        } else if out.contains(UInt8(ascii: "@")) {
            if out.starts(with: "mailto:".utf8) { for k in 0..<7 { out[k] = space } }
            return out
        }
        // The host ends a line, so no path word is read together with it.
        if start > 0 && start < n { out[start] = newline; start += 1 }
        var i = start
        while i < n {
            let b = out[i]
            if b == UInt8(ascii: "-") {
                let prevDigit = i > 0 && isDigit(out[i - 1]), nextDigit = i + 1 < n && isDigit(out[i + 1])
                if !(prevDigit && nextDigit) { out[i] = space }
            } else if b == UInt8(ascii: "/") {
                out[i] = newline
            } else if isASCIIPunct(b) && b != UInt8(ascii: "'") && b != UInt8(ascii: "@") {
                out[i] = space
            } else if isAlpha(b) && (i == 0 || out[i - 1] == space || out[i - 1] == newline) && (0x61...0x7A).contains(b) {
                out[i] = b - 0x20
            }
            i += 1
        }
        return out
    }
}

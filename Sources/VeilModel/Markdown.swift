/// Markdown drafts: separates the syntax from the prose so the detector reads only prose.
///
/// `Markdown.proseMask(_:)` returns a copy of the bytes, same length, in which every byte of
/// Markdown syntax is an ASCII space (newlines kept), so byte offsets of findings on the masked
/// text are offsets in the original, and no finding can land on syntax.
///
/// Masked (syntax): front-matter fences and keys, fenced and indented code blocks, code spans,
/// link and image destinations (URLs), reference definitions, HTML tags, heading `#` markers,
/// setext underlines, thematic breaks, emphasis and strikethrough markers, list, task and
/// blockquote markers, table pipes and delimiter rows, backslash escapes.
///
/// Kept as prose, because readers of the published page see it and it can identify a source:
/// link text and image alt text, link titles (shown as tooltips), the address inside an
/// autolink (`<kang@example.org>` is a contact detail), front-matter values (titles and
/// descriptions are published), HTML comment text, and `alt`/`title` attribute values.
/// Ordered-list numbers longer than three digits are kept too (a line starting `2009.` is a
/// year as often as a list item). When in doubt the masker keeps text: a false finding costs an
/// editor a glance, a missed one can cost a source.
public enum Markdown {
    /// The masked copy of `bytes` (see the type's documentation).
    public static func proseMask(_ bytes: [UInt8]) -> [UInt8] {
        var m = Masker(bytes)
        m.run()
        return m.out
    }

    /// Where a finding detected on masked text may stand in the original: `range` cut before
    /// the first run of more than three syntax bytes inside it (a link destination, a code span),
    /// then trimmed of syntax and spaces at both ends. Short runs (emphasis markers, as in
    /// `Kang *Mi* Jin`) stay inside. `nil` when nothing of the range is prose.
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

    /// Byte ranges of `bytes` that are Markdown syntax (maximal runs, newlines excluded).
    public static func syntaxRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        let masked = proseMask(bytes)
        var ranges: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            if masked[i] != bytes[i] {
                let s = i
                while i < bytes.count && masked[i] != bytes[i] { i += 1 }
                ranges.append(s..<i)
            } else {
                i += 1
            }
        }
        return ranges
    }
}

private let space: UInt8 = 0x20
private let newline: UInt8 = 0x0A
private let cr: UInt8 = 0x0D
private let tab: UInt8 = 0x09

private func isASCIIPunct(_ b: UInt8) -> Bool {
    (0x21...0x2F).contains(b) || (0x3A...0x40).contains(b) || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
}
private func isWS(_ b: UInt8) -> Bool { b == space || b == tab || b == newline || b == cr || b == 0x0C }
private func isAlpha(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
private func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

private struct Line {
    let start: Int
    /// End of content (before `\r\n` or `\n`).
    let end: Int
}

private struct Masker {
    let src: [UInt8]
    var out: [UInt8]
    var lines: [Line] = []
    /// Reference-definition labels, normalized.
    var labels = Set<String>()
    /// Inline regions: runs of prose lines scanned for inline syntax, as (from, to) byte ranges.
    var regions: [Range<Int>] = []
    /// Per inline region: matched brackets, the last closing-backtick search per run length,
    /// and the last `-->` search.
    var brackets: [Int: Int] = [:]
    var closerCache: [Int: (from: Int, found: Int?)] = [:]
    var commentEnd: (from: Int, found: Int?)? = nil

    init(_ bytes: [UInt8]) {
        src = bytes
        out = bytes
        var s = 0
        for (i, b) in bytes.enumerated() where b == newline {
            let e = (i > s && bytes[i - 1] == cr) ? i - 1 : i
            lines.append(Line(start: s, end: e))
            s = i + 1
        }
        if s < bytes.count {
            let e = bytes.last == cr ? bytes.count - 1 : bytes.count
            lines.append(Line(start: s, end: e))
        }
    }

    /// How far (in bytes) the scanner looks for the end of an HTML tag: real tags are far
    /// shorter, and the bound keeps hostile input (unclosed quotes in tags) linear.
    static let reach = 16 * 1024

    mutating func mask(_ r: Range<Int>) {
        for i in r where i >= 0 && i < out.count && out[i] != newline && out[i] != cr { out[i] = space }
    }

    mutating func run() {
        var first = 0
        if let fm = frontMatter() { first = fm }
        blocks(from: first)
        for r in regions { inline(r) }
    }

    // MARK: Front matter

    /// Masks YAML (`---`) or TOML (`+++`) front matter at the very start; returns the index of
    /// the first line after it.
    mutating func frontMatter() -> Int? {
        guard let l0 = lines.first else { return nil }
        var s = l0.start
        if src.count >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF { s = 3 }
        let fence = trimmedTrailing(s, l0.end)
        let isYAML = fence == Array("---".utf8)
        let isTOML = fence == Array("+++".utf8)
        guard isYAML || isTOML else { return nil }
        var close: Int?
        for k in 1..<lines.count {
            let t = trimmedTrailing(lines[k].start, lines[k].end)
            if t == fence || (isYAML && t == Array("...".utf8)) { close = k; break }
        }
        guard let close else { return nil }
        mask(s..<l0.end)
        mask(lines[close].start..<lines[close].end)
        for k in 1..<close { frontMatterLine(lines[k], toml: isTOML) }
        return close + 1
    }

    /// Masks a key (`title:` / `title =`), list dashes, comments, quotes and block-scalar
    /// indicators; keeps values as prose.
    mutating func frontMatterLine(_ line: Line, toml: Bool) {
        var i = line.start
        while i < line.end && (src[i] == space || src[i] == tab) { i += 1 }
        guard i < line.end else { return }
        if src[i] == UInt8(ascii: "#") { mask(i..<line.end); return }
        if toml && src[i] == UInt8(ascii: "[") { mask(i..<line.end); return }
        while i + 1 < line.end && src[i] == UInt8(ascii: "-") && src[i + 1] == space { mask(i..<i + 1); i += 2 }
        // key: (or key =)
        var j = i
        let sep = toml ? UInt8(ascii: "=") : UInt8(ascii: ":")
        while j < line.end && src[j] != sep && src[j] != space && src[j] != UInt8(ascii: "\"") { j += 1 }
        var k = j
        while k < line.end && src[k] == space { k += 1 }
        if k < line.end && src[k] == sep && (k + 1 == line.end || src[k + 1] == space || toml) && j > i {
            mask(i..<k + 1)
            i = k + 1
        }
        // Value punctuation: quotes, brackets, block indicators, trailing comments.
        var inQuote: UInt8? = nil
        while i < line.end {
            let b = src[i]
            if let q = inQuote {
                if b == q { mask(i..<i + 1); inQuote = nil }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                // Only quotes that open a scalar (after a space or a bracket) are syntax.
                if i == line.start || isWS(src[i - 1]) || src[i - 1] == UInt8(ascii: "[") || src[i - 1] == UInt8(ascii: ",") {
                    mask(i..<i + 1); inQuote = b
                }
            } else if b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") {
                mask(i..<i + 1)
            } else if b == UInt8(ascii: ",") && (i + 1 == line.end || src[i + 1] == space) {
                mask(i..<i + 1)
            } else if (b == UInt8(ascii: "|") || b == UInt8(ascii: ">")) && i > 0 && isWS(src[i - 1]) && trimmedTrailing(i + 1, line.end).allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || isDigit($0) }) {
                mask(i..<line.end); return
            } else if b == UInt8(ascii: "#") && i > 0 && isWS(src[i - 1]) {
                mask(i..<line.end); return
            }
            i += 1
        }
    }

    func trimmedTrailing(_ s: Int, _ e: Int) -> [UInt8] {
        var e = e
        while e > s && (src[e - 1] == space || src[e - 1] == tab) { e -= 1 }
        return Array(src[s..<e])
    }

    // MARK: Blocks

    func indent(_ line: Line, from s: Int) -> (columns: Int, end: Int) {
        var col = 0
        var i = s
        while i < line.end {
            if src[i] == space { col += 1 } else if src[i] == tab { col += 4 - col % 4 } else { break }
            i += 1
        }
        return (col, i)
    }

    func isBlank(_ line: Line) -> Bool { (line.start..<line.end).allSatisfy { src[$0] == space || src[$0] == tab } }

    enum Prev { case blank, paragraph, other }

    mutating func blocks(from first: Int) {
        var prev = Prev.blank
        var inList = false
        var fence: (char: UInt8, count: Int)? = nil
        var inIndentedCode = false
        var inTable = false
        var regionStart: Int? = nil
        var regionEnd = 0

        func closeRegion(_ me: inout Masker) {
            if let s = regionStart { me.regions.append(s..<regionEnd) }
            regionStart = nil
        }

        var k = first
        while k < lines.count {
            let line = lines[k]
            defer { k += 1 }
            if let f = fence {
                mask(line.start..<line.end)
                let (_, p) = indent(line, from: line.start)
                var n = 0
                var q = p
                while q < line.end && src[q] == f.char { n += 1; q += 1 }
                if n >= f.count && trimmedTrailing(q, line.end).isEmpty { fence = nil }
                continue
            }
            if isBlank(line) {
                closeRegion(&self)
                prev = .blank
                inTable = false
                continue
            }
            let (cols, p0) = indent(line, from: line.start)
            if inIndentedCode {
                if cols >= 4 { mask(line.start..<line.end); continue }
                inIndentedCode = false
            }
            if cols >= 4 && prev == .blank && !inList {
                closeRegion(&self)
                inIndentedCode = true
                mask(line.start..<line.end)
                prev = .other
                continue
            }
            if cols == 0 && prev == .blank && inList && !isListMarker(line, p0) { inList = false }
            // Fenced code (top level, or indented inside a list).
            if cols <= 3 || inList, let f = fenceOpen(line, p0) {
                closeRegion(&self)
                fence = f
                mask(line.start..<line.end)
                prev = .other
                continue
            }
            // Container markers: blockquotes and list items, possibly nested.
            var p = p0
            var sawContainer = false
            while p < line.end {
                if src[p] == UInt8(ascii: ">") {
                    mask(p..<p + 1); p += 1
                    if p < line.end && (src[p] == space || src[p] == tab) { p += 1 }
                    sawContainer = true
                } else if isThematicBreak(p, line.end) {
                    break
                } else if let e = listMarkerEnd(p, line.end) {
                    mask(p..<e.markerEnd); p = e.markerEnd
                    inList = true
                    sawContainer = true
                    while p < line.end && (src[p] == space || src[p] == tab) { p += 1 }
                    // Task list box.
                    if p + 3 <= line.end && src[p] == UInt8(ascii: "[") && (src[p + 1] == space || src[p + 1] == UInt8(ascii: "x") || src[p + 1] == UInt8(ascii: "X")) && src[p + 2] == UInt8(ascii: "]") && (p + 3 == line.end || src[p + 3] == space) {
                        mask(p..<p + 3); p += 3
                    }
                } else {
                    break
                }
                while p < line.end && (src[p] == space || src[p] == tab) { p += 1 }
            }
            if sawContainer { closeRegion(&self) }
            // Setext underline after a paragraph line.
            if prev == .paragraph && !sawContainer && cols <= 3 && isSetextUnderline(p, line.end) {
                closeRegion(&self)
                mask(line.start..<line.end)
                prev = .other
                continue
            }
            if isThematicBreak(p, line.end) {
                closeRegion(&self)
                mask(p..<line.end)
                prev = .other
                continue
            }
            // ATX heading.
            if let h = atxHeading(p, line.end) {
                closeRegion(&self)
                for r in h.masks { mask(r) }
                regions.append(h.text)
                prev = .other
                continue
            }
            // Reference definition (cannot interrupt a paragraph).
            if prev != .paragraph && referenceDefinition(p, line.end) {
                closeRegion(&self)
                prev = .other
                continue
            }
            // Tables: a delimiter row under a header row that has pipes.
            if isTableDelimiter(p, line.end), k > first, prev == .paragraph, src[lines[k - 1].start..<lines[k - 1].end].contains(UInt8(ascii: "|")) {
                mask(p..<line.end)
                maskPipes(lines[k - 1])
                inTable = true
                closeRegion(&self)
                prev = .other
                continue
            }
            if inTable && src[p..<line.end].contains(UInt8(ascii: "|")) { maskPipes(line) }
            // Prose line: part of the current inline region.
            if regionStart == nil { regionStart = p }
            regionEnd = line.end
            prev = .paragraph
        }
        closeRegion(&self)
    }

    func isListMarker(_ line: Line, _ p: Int) -> Bool { listMarkerEnd(p, line.end) != nil }

    /// End of a list marker at `p` (`-`, `*`, `+`, or 1–3 digits then `.`/`)`) followed by a
    /// space, a tab or the end of the line.
    func listMarkerEnd(_ p: Int, _ end: Int) -> (markerEnd: Int, ordered: Bool)? {
        guard p < end else { return nil }
        let b = src[p]
        if b == UInt8(ascii: "-") || b == UInt8(ascii: "*") || b == UInt8(ascii: "+") {
            if p + 1 == end || src[p + 1] == space || src[p + 1] == tab { return (p + 1, false) }
            return nil
        }
        var q = p
        while q < end && isDigit(src[q]) && q - p < 4 { q += 1 }
        let digits = q - p
        guard digits >= 1 && digits <= 3, q < end, src[q] == UInt8(ascii: ".") || src[q] == UInt8(ascii: ")") else { return nil }
        if q + 1 == end || src[q + 1] == space || src[q + 1] == tab { return (q + 1, true) }
        return nil
    }

    func fenceOpen(_ line: Line, _ p: Int) -> (char: UInt8, count: Int)? {
        guard p < line.end, src[p] == UInt8(ascii: "`") || src[p] == UInt8(ascii: "~") else { return nil }
        let c = src[p]
        var q = p
        while q < line.end && src[q] == c { q += 1 }
        guard q - p >= 3 else { return nil }
        if c == UInt8(ascii: "`") && src[q..<line.end].contains(UInt8(ascii: "`")) { return nil }
        return (c, q - p)
    }

    func isThematicBreak(_ p: Int, _ end: Int) -> Bool {
        guard p < end else { return false }
        let c = src[p]
        guard c == UInt8(ascii: "*") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") else { return false }
        var n = 0
        for i in p..<end {
            if src[i] == c { n += 1 } else if src[i] != space && src[i] != tab { return false }
        }
        return n >= 3
    }

    func isSetextUnderline(_ p: Int, _ end: Int) -> Bool {
        guard p < end, src[p] == UInt8(ascii: "=") || src[p] == UInt8(ascii: "-") else { return false }
        let c = src[p]
        var q = p
        while q < end && src[q] == c { q += 1 }
        return trimmedTrailing(q, end).isEmpty
    }

    func atxHeading(_ p: Int, _ end: Int) -> (masks: [Range<Int>], text: Range<Int>)? {
        var q = p
        while q < end && src[q] == UInt8(ascii: "#") { q += 1 }
        let level = q - p
        guard level >= 1 && level <= 6, q == end || src[q] == space || src[q] == tab else { return nil }
        var masks = [p..<q]
        // Closing sequence: spaces, #s, spaces at the end, preceded by a space.
        var e = end
        while e > q && (src[e - 1] == space || src[e - 1] == tab) { e -= 1 }
        var h = e
        while h > q && src[h - 1] == UInt8(ascii: "#") { h -= 1 }
        if h < e && (h == q || src[h - 1] == space || src[h - 1] == tab) { masks.append(h..<e); e = h }
        return (masks, q..<max(q, e))
    }

    /// `[label]: destination "title"` — masks all but the title's text; records the label.
    mutating func referenceDefinition(_ p: Int, _ end: Int) -> Bool {
        guard p < end, src[p] == UInt8(ascii: "["), p + 1 < end, src[p + 1] != UInt8(ascii: "^") else { return false }
        var q = p + 1
        while q < end && src[q] != UInt8(ascii: "]") {
            if src[q] == UInt8(ascii: "[") { return false }
            if src[q] == UInt8(ascii: "\\") { q += 1 }
            q += 1
        }
        guard q < end, q > p + 1, q + 1 < end, src[q + 1] == UInt8(ascii: ":") else { return false }
        let label = Masker.normalizeLabel(Array(src[(p + 1)..<q]))
        var i = q + 2
        while i < end && (src[i] == space || src[i] == tab) { i += 1 }
        guard i < end else { return false }
        var destEnd = i
        if src[i] == UInt8(ascii: "<") {
            while destEnd < end && src[destEnd] != UInt8(ascii: ">") { destEnd += 1 }
            guard destEnd < end else { return false }
            destEnd += 1
        } else {
            while destEnd < end && src[destEnd] != space && src[destEnd] != tab { destEnd += 1 }
        }
        var j = destEnd
        while j < end && (src[j] == space || src[j] == tab) { j += 1 }
        var title: Range<Int>? = nil
        if j < end {
            let open = src[j]
            let close: UInt8 = open == UInt8(ascii: "(") ? UInt8(ascii: ")") : open
            guard open == UInt8(ascii: "\"") || open == UInt8(ascii: "'") || open == UInt8(ascii: "(") else { return false }
            var t = j + 1
            while t < end && src[t] != close { if src[t] == UInt8(ascii: "\\") { t += 1 }; t += 1 }
            guard t < end, trimmedTrailing(t + 1, end).isEmpty else { return false }
            title = (j + 1)..<t
        }
        labels.insert(label)
        if let title {
            mask(p..<title.lowerBound)
            mask(title.upperBound..<end)
        } else {
            mask(p..<end)
        }
        return true
    }

    static func normalizeLabel(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    func isTableDelimiter(_ p: Int, _ end: Int) -> Bool {
        var dashes = 0
        var pipes = 0
        for i in p..<end {
            switch src[i] {
            case UInt8(ascii: "-"): dashes += 1
            case UInt8(ascii: "|"): pipes += 1
            case UInt8(ascii: ":"), space, tab: break
            default: return false
            }
        }
        return dashes >= 1 && pipes >= 1
    }

    mutating func maskPipes(_ line: Line) {
        var i = line.start
        var inCode = false
        while i < line.end {
            let b = src[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if b == UInt8(ascii: "`") { inCode.toggle() }
            if b == UInt8(ascii: "|") && !inCode { mask(i..<i + 1) }
            i += 1
        }
    }

    // MARK: Inline

    /// Byte at `i` in the block-masked text, or a space outside `r`.
    func at(_ i: Int, _ r: Range<Int>) -> UInt8 { r.contains(i) ? out[i] : space }

    mutating func inline(_ r: Range<Int>) {
        closerCache = [:]
        commentEnd = nil
        matchBrackets(r)
        var i = r.lowerBound
        var skip: [Int: Int] = [:]
        while i < r.upperBound {
            if let to = skip[i] { i = to; continue }
            let b = out[i]
            switch b {
            case UInt8(ascii: "\\"):
                if i + 1 < r.upperBound && (isASCIIPunct(out[i + 1]) || out[i + 1] == newline || out[i + 1] == cr) {
                    mask(i..<i + 1); i += 2
                } else if i + 1 == r.upperBound {
                    mask(i..<i + 1); i += 1
                } else { i += 1 }
            case UInt8(ascii: "`"):
                i = codeSpan(i, r)
            case UInt8(ascii: "<"):
                i = angle(i, r)
            case UInt8(ascii: "!") where at(i + 1, r) == UInt8(ascii: "["):
                if let (closer, end) = link(i + 1, r, image: true) {
                    mask(i..<i + 2); skip[closer] = end; i += 2
                } else { i += 1 }
            case UInt8(ascii: "["):
                if let (closer, end) = link(i, r, image: false) {
                    mask(i..<i + 1); skip[closer] = end; i += 1
                } else { i += 1 }
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                i = emphasis(i, r)
            default:
                i += 1
            }
        }
    }

    /// A code span starting at `i`: masked whole when a closing run of the same length exists.
    mutating func codeSpan(_ i: Int, _ r: Range<Int>) -> Int {
        var q = i
        while q < r.upperBound && out[q] == UInt8(ascii: "`") { q += 1 }
        if let e = codeCloser(after: q, length: q - i, r) { mask(i..<e); return e }
        return q
    }

    /// End of the first backtick run of exactly `length` starting at or after `from` (a run
    /// boundary), or nil. Searches resume from a per-length cache, so a region full of
    /// unmatched backticks is still scanned about once per run length.
    mutating func codeCloser(after from: Int, length n: Int, _ r: Range<Int>) -> Int? {
        if let c = closerCache[n], c.from <= from, c.found.map({ $0 >= from }) ?? true {
            guard let start = c.found else { return nil }
            var e = start
            while e < r.upperBound && out[e] == UInt8(ascii: "`") { e += 1 }
            return e
        }
        var j = from
        while j < r.upperBound {
            if out[j] == UInt8(ascii: "`") {
                var e = j
                while e < r.upperBound && out[e] == UInt8(ascii: "`") { e += 1 }
                if e - j == n { closerCache[n] = (from, j); return e }
                j = e
            } else { j += 1 }
        }
        closerCache[n] = (from, nil)
        return nil
    }

    /// Matches every `[` with its `]` in one pass (escapes and code spans skipped).
    mutating func matchBrackets(_ r: Range<Int>) {
        brackets = [:]
        var stack: [Int] = []
        var k = r.lowerBound
        while k < r.upperBound {
            let b = out[k]
            if b == UInt8(ascii: "\\") { k += 2; continue }
            if b == UInt8(ascii: "`") {
                var q = k
                while q < r.upperBound && out[q] == UInt8(ascii: "`") { q += 1 }
                k = codeCloser(after: q, length: q - k, r) ?? q
                continue
            }
            if b == UInt8(ascii: "[") { stack.append(k) }
            if b == UInt8(ascii: "]"), let open = stack.popLast() { brackets[open] = k }
            k += 1
        }
    }

    /// Autolinks (brackets masked, the address kept), HTML comments (delimiters masked), tags
    /// (masked, except `alt`/`title` values).
    mutating func angle(_ i: Int, _ r: Range<Int>) -> Int {
        let e = r.upperBound
        // Comment.
        if i + 3 < e && out[i + 1] == UInt8(ascii: "!") && out[i + 2] == UInt8(ascii: "-") && out[i + 3] == UInt8(ascii: "-") {
            let from = i + 4
            var found: Int?
            if let c = commentEnd, c.from <= from, c.found.map({ $0 >= from }) ?? true {
                found = c.found
            } else {
                var j = from
                while j + 2 < e && !(out[j] == UInt8(ascii: "-") && out[j + 1] == UInt8(ascii: "-") && out[j + 2] == UInt8(ascii: ">")) { j += 1 }
                found = j + 2 < e ? j : nil
                commentEnd = (from, found)
            }
            if let j = found { mask(i..<i + 4); mask(j..<j + 3); return j + 3 }
            return i + 1
        }
        // Autolink: scheme:... or an e-mail address, no spaces or angle brackets.
        var j = i + 1
        while j < e && !isWS(out[j]) && out[j] != UInt8(ascii: "<") && out[j] != UInt8(ascii: ">") { j += 1 }
        if j < e && out[j] == UInt8(ascii: ">") && j > i + 1 {
            let body = out[(i + 1)..<j]
            let colon = body.firstIndex(of: UInt8(ascii: ":"))
            let isURI = colon.map { c in c - (i + 1) >= 2 && isAlpha(out[i + 1]) && out[(i + 1)..<c].allSatisfy { isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") } } ?? false
            let isEmail = body.contains(UInt8(ascii: "@")) && !body.contains(UInt8(ascii: "/"))
            if isURI || isEmail { mask(i..<i + 1); mask(j..<j + 1); return j + 1 }
        }
        // HTML tag: <name ...>, </name>, <!...>, <?...?>.
        var q = i + 1
        if q < e && out[q] == UInt8(ascii: "/") { q += 1 }
        guard q < e, isAlpha(out[q]) || out[q] == UInt8(ascii: "!") || out[q] == UInt8(ascii: "?") else { return i + 1 }
        var quote: UInt8? = nil
        var keep: [Range<Int>] = []
        var valueStart = 0
        var keepValue = false
        var k = q
        let tagLimit = min(e, i + Masker.reach)
        while k < tagLimit {
            let b = out[k]
            if let qch = quote {
                if b == qch {
                    if keepValue { keep.append(valueStart..<k) }
                    quote = nil
                }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
                valueStart = k + 1
                keepValue = attributeName(before: k, from: q).map { $0 == "alt" || $0 == "title" } ?? false
            } else if b == UInt8(ascii: ">") {
                var last = i
                for kr in keep { mask(last..<kr.lowerBound); last = kr.upperBound }
                mask(last..<k + 1)
                return k + 1
            } else if b == UInt8(ascii: "<") {
                return i + 1
            }
            k += 1
        }
        return i + 1
    }

    /// The attribute name before `name="` (lower-cased), for the quote at `quoteAt`.
    func attributeName(before quoteAt: Int, from: Int) -> String? {
        var k = quoteAt - 1
        while k > from && (out[k] == space) { k -= 1 }
        guard k > from, out[k] == UInt8(ascii: "=") else { return nil }
        k -= 1
        while k > from && out[k] == space { k -= 1 }
        let e = k + 1
        while k > from && (isAlpha(out[k]) || out[k] == UInt8(ascii: "-")) { k -= 1 }
        return String(decoding: out[(k + 1)..<e], as: UTF8.self).lowercased()
    }

    /// Finds the `]` matching the `[` at `open`, skipping escapes and code spans.
    func closingBracket(_ open: Int, _ r: Range<Int>) -> Int? { brackets[open] }

    /// A link or image whose text opens at `open` (`[`). Masks everything after the text
    /// (brackets, destination, title delimiters, reference label) and returns the position of
    /// the closing `]` and the end of the link, so the scanner jumps over the masked tail.
    mutating func link(_ open: Int, _ r: Range<Int>, image: Bool) -> (Int, Int)? {
        guard let close = closingBracket(open, r) else { return nil }
        let e = r.upperBound
        // Footnote references [^1] are left alone (text).
        if !image && at(open + 1, r) == UInt8(ascii: "^") { return nil }
        if close + 1 < e && out[close + 1] == UInt8(ascii: "(") {
            if let (end, title) = inlineTail(close + 1, r) {
                if let title { mask(close..<title.lowerBound); mask(title.upperBound..<end) } else { mask(close..<end) }
                return (close, end)
            }
        }
        if close + 1 < e && out[close + 1] == UInt8(ascii: "[") {
            var q = close + 2
            while q < e && out[q] != UInt8(ascii: "]") && out[q] != UInt8(ascii: "[") { q += 1 }
            if q < e && out[q] == UInt8(ascii: "]") {
                let label = q == close + 2 ? (open + 1)..<close : (close + 2)..<q
                if isLabel(label) { mask(close..<q + 1); return (close, q + 1) }
            }
        }
        if isLabel((open + 1)..<close) {
            mask(close..<close + 1)
            return (close, close + 1)
        }
        return nil
    }

    /// Whether `range` holds a defined reference label (CommonMark: at most 999 characters).
    func isLabel(_ range: Range<Int>) -> Bool {
        !labels.isEmpty && range.count <= 999 && labels.contains(Masker.normalizeLabel(Array(src[range])))
    }

    /// `(destination "title")` starting at `paren`: the end (after `)`) and the title's text.
    func inlineTail(_ paren: Int, _ r: Range<Int>) -> (Int, Range<Int>?)? {
        let e = r.upperBound
        var k = paren + 1
        while k < e && isWS(out[k]) { k += 1 }
        if k < e && out[k] == UInt8(ascii: "<") {
            while k < e && out[k] != UInt8(ascii: ">") && out[k] != newline { k += 1 }
            guard k < e && out[k] == UInt8(ascii: ">") else { return nil }
            k += 1
        } else {
            var depth = 0
            while k < e && !isWS(out[k]) {
                if out[k] == UInt8(ascii: "\\") { k += 2; continue }
                if out[k] == UInt8(ascii: "(") { depth += 1 }
                if out[k] == UInt8(ascii: ")") { if depth == 0 { break }; depth -= 1 }
                k += 1
            }
        }
        while k < e && isWS(out[k]) { k += 1 }
        guard k < e else { return nil }
        var title: Range<Int>? = nil
        let b = out[k]
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "(") {
            let closer: UInt8 = b == UInt8(ascii: "(") ? UInt8(ascii: ")") : b
            var t = k + 1
            while t < e && out[t] != closer { if out[t] == UInt8(ascii: "\\") { t += 1 }; t += 1 }
            guard t < e else { return nil }
            title = (k + 1)..<t
            k = t + 1
            while k < e && isWS(out[k]) { k += 1 }
        }
        guard k < e && out[k] == UInt8(ascii: ")") else { return nil }
        return (k + 1, title)
    }

    /// Emphasis (`*`, `_`) and strikethrough (`~~`) delimiter runs that can open or close.
    mutating func emphasis(_ i: Int, _ r: Range<Int>) -> Int {
        let c = out[i]
        var q = i
        while q < r.upperBound && out[q] == c { q += 1 }
        let n = q - i
        if c == UInt8(ascii: "~") && n > 2 { return q }
        let before = i > r.lowerBound ? out[i - 1] : space
        let after = at(q, r)
        let bWS = isWS(before), aWS = isWS(after)
        let bP = isASCIIPunct(before), aP = isASCIIPunct(after)
        let left = !aWS && (!aP || bWS || bP)
        let right = !bWS && (!bP || aWS || aP)
        let delimiter: Bool
        if c == UInt8(ascii: "_") {
            delimiter = (left && (!right || bP)) || (right && (!left || aP))
        } else {
            delimiter = left || right
        }
        if delimiter { mask(i..<q) }
        return q
    }
}

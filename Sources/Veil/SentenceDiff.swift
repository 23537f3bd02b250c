import VeilModel

/// One sentence of a draft that redaction changed, before and after: what `veil redact --diff`
/// shows the editor, so that only what changed needs reading. `before` holds originals: it is
/// for the editor's terminal, never for a log or a file nobody asked for.
public struct SentenceChange: Sendable, Equatable {
    /// The 1-based line of the draft where the sentence starts.
    public var line: Int
    /// The sentence as drafted (originals included).
    public var before: String
    /// The sentence as published.
    public var after: String

    public init(line: Int, before: String, after: String) {
        self.line = line
        self.before = before
        self.after = after
    }
}

extension Redaction {
    /// Each sentence of `document` that `replacements` (non-overlapping, as `RedactionResult`
    /// holds them) change, before and after, in document order. Sentences end after `.`, `!` or
    /// `?` (and closing quotes or brackets) before white space, and at line breaks; sentences
    /// that one replacement spans are shown as one. One pass over the draft and the
    /// replacements: linear in both.
    public static func changedSentences(in document: Document, replacements: [Replacement]) -> [SentenceChange] {
        let b = document.bytes
        let sorted = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }
        guard !sorted.isEmpty else { return [] }
        // The sentences: (start, end, line of start), one pass.
        var sentences: [(start: Int, end: Int, line: Int)] = []
        var start = 0, line = 1, startLine = 1
        var i = 0
        while i < b.count {
            let c = b[i]
            var end: Int?
            if c == 0x0A {
                end = i + 1
            } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "!") || c == UInt8(ascii: "?") {
                var j = i + 1
                while j < b.count && (b[j] == UInt8(ascii: "\"") || b[j] == UInt8(ascii: "'") || b[j] == UInt8(ascii: ")")
                                      || b[j] == UInt8(ascii: "]")) { j += 1 }
                // Curly closing quotes (U+201D, U+2019).
                while j + 2 < b.count && b[j] == 0xE2 && b[j + 1] == 0x80 && (b[j + 2] == 0x9D || b[j + 2] == 0x99) { j += 3 }
                if j == b.count || b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0A || b[j] == 0x0D { end = j }
            }
            if let end {
                for m in i..<end where b[m] == 0x0A { line += 1 }
                sentences.append((start, end, startLine))
                start = end
                startLine = line
                i = end
                continue
            }
            i += 1
        }
        if start < b.count { sentences.append((start, b.count, startLine)) }

        var out: [SentenceChange] = []
        var k = 0   // the first replacement not yet shown
        var s = 0
        while s < sentences.count && k < sorted.count {
            let unitStart = sentences[s].start
            var unitEnd = sentences[s].end
            let unitLine = sentences[s].line
            s += 1
            // Replacements in this sentence; one that runs past its end takes the next in.
            guard sorted[k].range.lowerBound < unitEnd else { continue }
            var after: [UInt8] = []
            var at = unitStart
            while k < sorted.count && sorted[k].range.lowerBound < unitEnd {
                let r = sorted[k]
                after += b[at..<r.range.lowerBound]
                after += Array(r.text.utf8)
                at = r.range.upperBound
                while at > unitEnd && s < sentences.count { unitEnd = sentences[s].end; s += 1 }
                k += 1
            }
            after += b[min(at, unitEnd)..<unitEnd]
            let before = trimmed(b[unitStart..<unitEnd])
            let published = trimmed(after[...])
            if before != published { out.append(SentenceChange(line: unitLine, before: before, after: published)) }
        }
        return out
    }

    /// `bytes` without the white space around them, as text.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var lo = bytes.startIndex, hi = bytes.endIndex
        func space(_ x: UInt8) -> Bool { x == 0x20 || x == 0x09 || x == 0x0A || x == 0x0D }
        while lo < hi && space(bytes[lo]) { lo += 1 }
        while hi > lo && space(bytes[hi - 1]) { hi -= 1 }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

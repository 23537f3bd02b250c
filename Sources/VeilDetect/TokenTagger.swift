import Foundation
import VeilModel

/// The learned token tagger's features: a fixed number of hashed feature slots per token, built
/// from the token stream (words, shapes, affixes, capitals, neighbours, sentence position), the
/// name and pattern lexicons, and the labels the rule recognizers gave the token. The trainer
/// (`tools/model/train.py`) reads these very slots through `veil-bench model-features`, so the
/// features it learns from are the ones the recognizer computes, bit for bit.
///
/// Every feature is a template number and a 64-bit value, hashed into one of `1 << bits` rows;
/// row 0 is the empty slot (its weights are zero).
public enum TaggerFeatures {
    /// Slots per token (unused slots hold row 0).
    public static let slots = 34

    /// Per-token facts the features read: sentence starts and the rule findings covering a token.
    public struct Context {
        /// Whether a token starts a sentence (first of a line, or after `.` `!` `?`).
        public var sentenceStart: [Bool]
        /// Categories (bit = `Category.allCases` index) of rule findings starting at the token.
        var begins: [UInt32]
        /// Categories of rule findings covering the token without starting at it.
        var insides: [UInt32]
        /// The recognizer of the longest rule finding covering the token (a hash; 0 none).
        var recognizer: [UInt64]
    }

    /// Sentence starts and rule coverage of every token of `text`, from `findings` (in any order).
    public static func context(_ text: TokenizedText, findings: [Finding]) -> Context {
        let tokens = text.tokens
        let n = tokens.count
        let b = text.bytes
        var starts = [Bool](repeating: false, count: n)
        for i in 0..<n {
            if i == 0 || tokens[i].startsLine { starts[i] = true; continue }
            let p = tokens[i - 1]
            if p.kind == .punctuation && p.range.count == 1 {
                let c = b[p.range.lowerBound]
                let first = b[tokens[i].range.lowerBound]
                if (c == 0x2E || c == 0x21 || c == 0x3F) && !(first >= 0x61 && first <= 0x7A) { starts[i] = true }
            }
        }
        var begins = [UInt32](repeating: 0, count: n)
        var insides = [UInt32](repeating: 0, count: n)
        var recognizer = [UInt64](repeating: 0, count: n)
        var longest = [Int32](repeating: 0, count: n)
        var recognizerKeys: [String: UInt64] = [:]
        for f in findings {
            // First token ending after the finding's start.
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if tokens[mid].range.upperBound <= f.range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            let bit = UInt32(1) << UInt32(categoryIndex(f.category))
            var key = recognizerKeys[f.recognizer]
            if key == nil { key = Lexicon.key(f.recognizer); recognizerKeys[f.recognizer] = key }
            var k = lo
            var first = true
            while k < n && tokens[k].range.lowerBound < f.range.upperBound {
                if first { begins[k] |= bit; first = false } else { insides[k] |= bit }
                if Int32(f.range.count) > longest[k] { longest[k] = Int32(f.range.count); recognizer[k] = key! }
                k += 1
            }
        }
        return Context(sentenceStart: starts, begins: begins, insides: insides, recognizer: recognizer)
    }

    /// What the tagger sees of `document` in the detector: its tokens' byte ranges, sentence
    /// starts and feature rows after the rule recognizers ran (for the trainer's dump).
    public static func features(of document: Document, bits: Int) -> (tokens: [Range<Int>], sentenceStart: [Bool], rows: [UInt32], findings: [Finding]) {
        let text = TokenizedText(document)
        var findings: [Finding] = []
        for r in Detector.ruleRecognizers { r.recognize(text, into: &findings) }
        let context = TaggerFeatures.context(text, findings: findings)
        var rows: [UInt32] = []
        extract(text, context: context, bits: bits, into: &rows)
        return (text.tokens.map(\.range), context.sentenceStart, rows, findings)
    }

    /// The index of a category in `Category.allCases`.
    @inline(__always) static func categoryIndex(_ c: Category) -> Int { c.ordinal }

    /// Writes the `slots` feature rows of every token (token-major) into `rows`, hashed into
    /// `1 << bits` rows.
    public static func extract(_ text: TokenizedText, context: Context, bits: Int, into rows: inout [UInt32]) {
        let tokens = text.tokens
        let n = tokens.count
        rows = [UInt32](repeating: 0, count: n * slots)
        guard n > 0 else { return }
        let shift = UInt64(64 - bits)
        let words = NameLexicon.shared.words
        // Per-token values read by neighbours: shape hash, capital flags, lexicon summary.
        var shapes = [UInt64](repeating: 0, count: n)
        var caps = [UInt64](repeating: 0, count: n)
        var lex = [UInt64](repeating: 0, count: n)
        let b = text.bytes
        b.withUnsafeBufferPointer { bp in
            for i in 0..<n {
                let r = tokens[i].range
                var shape: UInt64 = 0xcbf29ce484222325
                var last: UInt8 = 0
                var length = 0
                var upper = 0, lower = 0, nonASCII = false
                var k = r.lowerBound
                while k < r.upperBound {
                    let c = bp[k]
                    var s: UInt8
                    if c >= 0x41 && c <= 0x5A { s = 0x58; upper += 1 } else if c >= 0x61 && c <= 0x7A { s = 0x78; lower += 1 }
                    else if c >= 0x30 && c <= 0x39 { s = 0x64 } else if c >= 0xC0 { s = 0x75; nonASCII = true }
                    else if c >= 0x80 { k += 1; continue } else { s = c }
                    if s != last && length < 8 { shape = (shape ^ UInt64(s)) &* 0x100000001b3; last = s; length += 1 }
                    k += 1
                }
                shapes[i] = shape
                let first = bp[r.lowerBound]
                var cap: UInt64 = UInt64(tokens[i].kind.rawValue)
                if first >= 0x41 && first <= 0x5A { cap |= 4 }
                if upper > 1 && lower == 0 { cap |= 8 }
                if tokens[i].startsLine { cap |= 16 }
                if context.sentenceStart[i] { cap |= 32 }
                if nonASCII { cap |= 64 }
                if r.count <= 2 { cap |= 128 }
                caps[i] = cap
                if tokens[i].kind == .word {
                    let e = words.entry(text.keys[i])
                    let zipf = e.flags & WordTable.isEnglish != 0 ? min(7, max(0, Int(e.zipf))) : 0
                    lex[i] = UInt64(e.flags & 0x0F) | UInt64(e.surname) << 4 | UInt64(e.title) << 8
                        | UInt64(e.head) << 12 | UInt64(zipf) << 16 | 1 << 20
                }
            }
            rows.withUnsafeMutableBufferPointer { out in
                @inline(__always) func row(_ template: UInt64, _ value: UInt64) -> UInt32 {
                    var h = value ^ (template &* 0x9E3779B97F4A7C15)
                    h ^= h >> 30; h = h &* 0xBF58476D1CE4E5B9
                    h ^= h >> 27; h = h &* 0x94D049BB133111EB
                    h ^= h >> 31
                    let r = UInt32(truncatingIfNeeded: h >> shift)
                    return r == 0 ? 1 : r
                }
                let bos: UInt64 = 0x5A5A_0001, eos: UInt64 = 0x5A5A_0002
                // Distance (in tokens, bucketed) to the nearest reporting verb (`said`, `told`)
                // after and before each token: a source descriptor is the subject or object of one.
                let verb = PatternLexicon.Flags.sourceVerb.rawValue
                var nextVerb = [UInt8](repeating: 255, count: n), prevVerb = [UInt8](repeating: 255, count: n)
                var last = -1
                for i in 0..<n {
                    if last >= 0 && i - last < 255 { prevVerb[i] = UInt8(i - last) }
                    if text.wordFlags[i] & verb != 0 { last = i }
                }
                last = -1
                for i in stride(from: n - 1, through: 0, by: -1) {
                    if last >= 0 && last - i < 255 { nextVerb[i] = UInt8(last - i) }
                    if text.wordFlags[i] & verb != 0 { last = i }
                }
                @inline(__always) func bucket(_ d: UInt8) -> UInt64 {
                    d <= 3 ? UInt64(d) : d <= 6 ? 4 : d <= 10 ? 5 : d <= 16 ? 6 : 7
                }
                for i in 0..<n {
                    let base = i * slots
                    var s = 0
                    @inline(__always) func put(_ template: UInt64, _ value: UInt64) {
                        if s < slots { out[base + s] = row(template, value); s += 1 }
                    }
                    let key = text.keys
                    let w0 = key[i]
                    let wm1 = i > 0 ? key[i - 1] : bos, wp1 = i + 1 < n ? key[i + 1] : eos
                    let wm2 = i > 1 ? key[i - 2] : bos, wp2 = i + 2 < n ? key[i + 2] : eos
                    let sh0 = shapes[i], shm1 = i > 0 ? shapes[i - 1] : bos, shp1 = i + 1 < n ? shapes[i + 1] : eos
                    put(0, 0)
                    put(1, w0); put(2, wm1); put(3, wp1); put(4, wm2); put(5, wp2)
                    put(6, sh0); put(7, shm1 &* 31 ^ sh0); put(8, sh0 &* 31 ^ shp1)
                    // Affixes of the lower-cased bytes.
                    let r = tokens[i].range
                    var p3: UInt64 = 0, s3: UInt64 = 0, s2: UInt64 = 0
                    var k = r.lowerBound
                    while k < min(r.upperBound, r.lowerBound + 3) { p3 = p3 << 8 | UInt64(TokenizedText.lower(bp[k])); k += 1 }
                    k = max(r.lowerBound, r.upperBound - 3)
                    while k < r.upperBound { s3 = s3 << 8 | UInt64(TokenizedText.lower(bp[k])); k += 1 }
                    s2 = s3 & 0xFFFF
                    put(9, p3); put(10, s3); put(11, s2 | UInt64(r.count > 2 ? 1 << 20 : 0))
                    put(12, caps[i])
                    put(13, wm1 &* 0x100000001b3 ^ w0); put(14, w0 &* 0x100000001b3 ^ wp1)
                    let l0 = lex[i]
                    put(15, l0 & 0xFF); put(16, l0 >> 8 & 0xF); put(17, l0 >> 12 & 0xF); put(18, (l0 >> 16 & 0x1F) | (caps[i] & 4) << 4)
                    put(19, i > 0 ? lex[i - 1] : bos); put(20, i + 1 < n ? lex[i + 1] : eos)
                    put(21, caps[i] &* 131 ^ (i > 0 ? caps[i - 1] : bos))
                    // Rule recognizers' labels of this token and its neighbours.
                    let bm = context.begins[i], im = context.insides[i]
                    put(22, UInt64(bm) | UInt64(im) << 32)
                    put(23, context.recognizer[i] ^ (bm != 0 ? 1 : 0))
                    let covm1 = i > 0 ? UInt64(context.begins[i - 1] | context.insides[i - 1]) : bos
                    let covp1 = i + 1 < n ? UInt64(context.begins[i + 1] | context.insides[i + 1]) : eos
                    put(24, covm1); put(25, covp1)
                    put(26, UInt64(bm | im) &* 1_000_003 ^ (caps[i] & 0x24))
                    // Pattern lexicon word classes (source cues, relations, determiners, dates...).
                    let fl = text.wordFlags[i]
                    put(27, fl)
                    put(28, i > 0 ? text.wordFlags[i - 1] : bos)
                    put(29, i + 1 < n ? text.wordFlags[i + 1] : eos)
                    put(30, i > 1 ? text.wordFlags[i - 2] : bos)
                    put(31, (i + 1 < n ? caps[i + 1] : eos) &* 131 ^ caps[i])
                    put(32, bucket(nextVerb[i]) | (caps[i] & 4) << 2 | (context.sentenceStart[i] ? 64 : 0))
                    put(33, bucket(prevVerb[i]) | (caps[i] & 4) << 2)
                }
            }
        }
    }
}

extension TokenizedText {
    /// ASCII letters lower-cased; other bytes unchanged.
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
}

/// The averaged-perceptron tagger's weights (`Lexicons/model/tagger.bin`) and its decoder: BIO
/// labels over a few categories, first-order transitions, Viterbi per sentence.
public struct TaggerModel: Sendable {
    /// The labels: `O`, then `B-x` and `I-x` per category.
    public let labels: [String]
    /// The category of each label (nil for `O`) and whether it begins a span.
    let labelCategory: [Category?]
    let labelBegins: [Bool]
    /// Hashed feature rows (`1 << bits`).
    public let bits: Int
    /// The compact row of every hashed row (0: the zero row), and the compact rows' weights,
    /// `lanes` per row, dequantized: only rows the training touched are stored, so the table the
    /// tagger reads per token stays small enough for the caches.
    let rowIndex: [UInt16]
    let weights: [Float]
    /// `transitions` by column: lane `p` of column `c` is the score of `p -> c`.
    let columns: [SIMD16<Float>]
    /// `transitions[prev * lanes + cur]`; disallowed BIO transitions are -1e9.
    let transitions: [Float]
    let start: [Float]
    /// Confidence calibration per label category: sigmoid(a * margin + b).
    let calibration: [Category: (a: Double, b: Double)]
    /// Provenance lines from the file header (training commit and command).
    public let provenance: [String]
    static let lanes = 16

    /// The shipped model, loaded once; nil when the resource is missing or malformed.
    public static let shipped: TaggerModel? = {
        guard let url = Lexicon.resourceURL("model/tagger.bin"), let data = try? Data(contentsOf: url) else { return nil }
        return TaggerModel(bytes: [UInt8](data))
    }()

    /// Parses a weights file: a text header (`key value` lines, ending with an empty line; its
    /// `slots` must equal `TaggerFeatures.slots`, the feature layout the weights were trained on), then
    /// little-endian binary: transitions (L*L Int16), start (L Int16), then rows (UInt32 row,
    /// L Int16). Returns nil on any inconsistency.
    public init?(bytes: [UInt8]) {
        // Header.
        var i = 0
        var header: [String: String] = [:]
        var provenance: [String] = []
        while true {
            guard let nl = bytes[i...].firstIndex(of: 0x0A) else { return nil }
            let line = String(decoding: bytes[i..<nl], as: UTF8.self)
            i = nl + 1
            if line.isEmpty { break }
            guard let sp = line.firstIndex(of: " ") else { return nil }
            let k = String(line[..<sp]), v = String(line[line.index(after: sp)...])
            header[k] = v
            if k == "trained" || k == "command" || k == "data" { provenance.append(line) }
        }
        guard header["format"] == "veil-tagger 1", header["slots"] == String(TaggerFeatures.slots), let bits = Int(header["bits"] ?? ""), (8...24).contains(bits),
              let scale = Float(header["scale"] ?? ""), scale > 0,
              let rowCount = Int(header["rows"] ?? ""), let labelList = header["labels"] else { return nil }
        let labels = labelList.split(separator: ",").map(String.init)
        let L = labels.count
        guard L >= 3, L <= TaggerModel.lanes, labels[0] == "O" else { return nil }
        var cats: [Category?] = [nil], begins = [false]
        for l in labels.dropFirst() {
            guard l.count > 2, l.hasPrefix("B-") || l.hasPrefix("I-"), let c = Category(rawValue: String(l.dropFirst(2))) else { return nil }
            cats.append(c); begins.append(l.hasPrefix("B-"))
        }
        let need = i + 2 * (L * L + L) + rowCount * (4 + 2 * L)
        guard bytes.count == need else { return nil }
        func i16(_ o: Int) -> Float { Float(Int16(bitPattern: UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8)) / scale }
        let lanes = TaggerModel.lanes
        var trans = [Float](repeating: -1e9, count: lanes * lanes)
        var start = [Float](repeating: -1e9, count: lanes)
        for p in 0..<L { for c in 0..<L { trans[p * lanes + c] = i16(i + 2 * (p * L + c)) } }
        i += 2 * L * L
        for c in 0..<L { start[c] = i16(i + 2 * c) }
        i += 2 * L
        // BIO: I-x only after B-x or I-x.
        for c in 0..<L where cats[c] != nil && !begins[c] {
            start[c] = -1e9
            for p in 0..<L where cats[p] != cats[c] { trans[p * lanes + c] = -1e9 }
        }
        guard rowCount < Int(UInt16.max) else { return nil }
        var rowIndex = [UInt16](repeating: 0, count: 1 << bits)
        var weights = [Float](repeating: 0, count: (rowCount + 1) * lanes)
        for k in 1...max(1, rowCount) where k <= rowCount {
            let r = Int(UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
            guard r > 0, r < 1 << bits, rowIndex[r] == 0 else { return nil }
            rowIndex[r] = UInt16(k)
            i += 4
            // Lanes past the labels stay 0 (the transitions into them are -1e9: they never win).
            for c in 0..<L { weights[k * lanes + c] = i16(i + 2 * c) }
            i += 2 * L
        }
        var columns = [SIMD16<Float>](repeating: SIMD16(repeating: -1e9), count: lanes)
        for c in 0..<L { for p in 0..<L { columns[c][p] = trans[p * lanes + c] } }
        var calibration: [Category: (a: Double, b: Double)] = [:]
        for (k, v) in header where k.hasPrefix("calibration.") {
            let parts = v.split(separator: " ").compactMap { Double($0) }
            if parts.count == 2, let c = Category(rawValue: String(k.dropFirst("calibration.".count))) { calibration[c] = (parts[0], parts[1]) }
        }
        self.labels = labels
        self.labelCategory = cats
        self.labelBegins = begins
        self.bits = bits
        self.rowIndex = rowIndex
        self.weights = weights
        self.columns = columns
        self.transitions = trans
        self.start = start
        self.calibration = calibration
        self.provenance = provenance
    }

    /// A tagged span: token range, category, and the smallest margin of its tokens' label over `O`.
    public struct Span: Sendable, Hashable {
        public var tokens: Range<Int>
        public var category: Category
        public var margin: Float
    }

    /// Tags the tokens whose feature rows are `rows` (`TaggerFeatures.slots` per token), one
    /// Viterbi pass per sentence; returns the spans in token order.
    public func tag(rows: [UInt32], sentenceStart: [Bool]) -> [Span] {
        let slots = TaggerFeatures.slots
        let n = rows.count / slots
        guard n > 0, sentenceStart.count == n else { return [] }
        let L = labels.count
        var emissions = [SIMD16<Float>](repeating: SIMD16(repeating: 0), count: n)
        // Forward scores of every token (Viterbi); back pointers are recomputed along the best path.
        var alpha = [SIMD16<Float>](repeating: SIMD16(repeating: 0), count: n)
        var best = [UInt8](repeating: 0, count: n)
        let startScores = SIMD16<Float>((0..<TaggerModel.lanes).map { start[$0] })
        weights.withUnsafeBufferPointer { w in rows.withUnsafeBufferPointer { rw in rowIndex.withUnsafeBufferPointer { ix in
        emissions.withUnsafeMutableBufferPointer { ev in alpha.withUnsafeMutableBufferPointer { al in
        columns.withUnsafeBufferPointer { col in sentenceStart.withUnsafeBufferPointer { ss in best.withUnsafeMutableBufferPointer { bst in
            w.baseAddress!.withMemoryRebound(to: SIMD16<Float>.self, capacity: w.count / TaggerModel.lanes) { wv in
                for t in 0..<n {
                    var acc = SIMD16<Float>(repeating: 0)
                    let base = t * slots
                    for s in 0..<slots { acc += wv[Int(ix[Int(rw[base + s])])] }
                    ev[t] = acc
                }
            }
            var t = 0
            while t < n {
                var end = t + 1
                while end < n && !ss[end] { end += 1 }
                var delta = startScores + ev[t]
                al[t] = delta
                var u = t + 1
                while u < end {
                    var next = SIMD16<Float>(repeating: -1e9)
                    for c in 0..<L { next[c] = (delta + col[c]).max() }
                    delta = next + ev[u]
                    al[u] = delta
                    u += 1
                }
                var arg = 0
                for c in 1..<L where delta[c] > delta[arg] { arg = c }
                var k = end - 1
                while true {
                    bst[k] = UInt8(arg)
                    if k == t { break }
                    // The previous label: the first best predecessor, as the forward pass chose it.
                    let v = al[k - 1] + col[arg]
                    var p = 0
                    for q in 1..<L where v[q] > v[p] { p = q }
                    arg = p; k -= 1
                }
                t = end
            }
        } } } } } } } }
        // Spans from the BIO labels.
        var spans: [Span] = []
        var k = 0
        while k < n {
            let l = Int(best[k])
            guard let c = labelCategory[l] else { k += 1; continue }
            var end = k + 1
            while end < n, !labelBegins[Int(best[end])], labelCategory[Int(best[end])] == c { end += 1 }
            var margin = Float.infinity
            for u in k..<end { margin = min(margin, emissions[u][Int(best[u])] - emissions[u][0]) }
            spans.append(Span(tokens: k..<end, category: c, margin: margin))
            k = end
        }
        return spans
    }

    /// The calibrated confidence of a span of `category` with `margin`.
    public func confidence(_ category: Category, margin: Float) -> Double {
        let (a, b) = calibration[category] ?? (1, 0)
        let p = 1 / (1 + exp(-(a * Double(margin) + b)))
        return min(0.95, max(0.05, (p * 100).rounded() / 100))
    }
}

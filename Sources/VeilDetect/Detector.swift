import Dispatch
import Foundation
import VeilModel

/// Finds identifying details in a draft. Knows nothing of policy: it reports everything it
/// finds with a confidence and an explanation; what to do with each finding is policy's job.
public struct Detector: Sendable {
    /// The recognizers run, in order.
    public let recognizers: [any Recognizer]

    /// Documents longer than this many bytes are detected in segments of about this size, cut
    /// at paragraph breaks (or line breaks, sentence ends, spaces), so that the detector's working
    /// memory stays bounded by the segment, not the document, and both cores share one huge
    /// document. News drafts are far smaller; a 200 MB single-line file is not.
    public let segmentBytes: Int

    /// The default segment size: 4 MiB, hundreds of times a long news report.
    public static let defaultSegmentBytes = 4 << 20

    /// Whether `Detector()` runs the learned tagger (`ModelRecognizer`). The command line
    /// switches it per run (`--model`/`--no-model`); the library reads no environment.
    public static let modelByDefault = false

    /// A detector with every built-in recognizer, and the learned tagger when
    /// `modelByDefault` (see `docs/evaluation.md` for what it costs and gains).
    public init() {
        self.init(model: Detector.modelByDefault)
    }

    /// A detector with the given recognizers (tests run one at a time).
    public init(recognizers: [any Recognizer]) {
        self.init(recognizers: recognizers, segmentBytes: Detector.defaultSegmentBytes)
    }

    /// A detector with the given recognizers and segment size (at least 1 KiB).
    public init(recognizers: [any Recognizer], segmentBytes: Int) {
        self.recognizers = recognizers
        self.segmentBytes = max(segmentBytes, 1024)
    }

    /// Every built-in recognizer. Add new recognizers here.
    public static var builtInRecognizers: [any Recognizer] {
        // The unknown-name net runs last: it reports only what no other recognizer explains.
        ruleRecognizers + [UnknownNameRecognizer()]
    }

    /// The built-in recognizers with the learned tagger (`ModelRecognizer`) between the rules,
    /// whose findings are among its features, and the unknown-name net.
    public static var builtInRecognizersWithModel: [any Recognizer] {
        ruleRecognizers + [ModelRecognizer(), UnknownNameRecognizer()]
    }

    /// A detector with every built-in recognizer, and the learned tagger when `model` is true.
    public init(model: Bool) {
        self.init(recognizers: model ? Detector.builtInRecognizersWithModel : Detector.builtInRecognizers)
    }

    /// The rule recognizers (places, then patterns): the ones that run before the learned
    /// tagger, whose findings the tagger reads as features.
    public static var ruleRecognizers: [any Recognizer] {
        PlaceRecognizers.all + PatternRecognizers.all
    }

    /// All findings in `document`, sorted by start offset, overlapping duplicates resolved.
    public func detect(_ document: Document) -> [Finding] { detect(document, progress: nil) }

    /// As `detect(_:)`, calling `progress(done, total)` as segments finish (once, `(1, 1)`, for
    /// a document of one segment), from any thread.
    public func detect(_ document: Document, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) -> [Finding] {
        guard document.bytes.count > segmentBytes else {
            let found = detectWhole(document)
            progress?(1, 1)
            return found
        }
        let cuts = Detector.segmentCuts(document.bytes, target: segmentBytes)
        let results = SegmentResults(count: cuts.count - 1)
        DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { k in
            let lower = cuts[k], upper = cuts[k + 1]
            // A cut never splits a UTF-8 sequence, and the whole document passed every check:
            // a segment is scannable by construction (no segment can be dropped).
            let segment = Document(segment: lower..<upper, of: document)
            var found = detectWhole(segment)
            for i in found.indices {
                found[i].range = (found[i].range.lowerBound + lower)..<(found[i].range.upperBound + lower)
                for q in found[i].qualifiers.indices {
                    let r = found[i].qualifiers[q].range
                    found[i].qualifiers[q].range = (r.lowerBound + lower)..<(r.upperBound + lower)
                }
            }
            let done = results.set(k, found)
            progress?(done, cuts.count - 1)
        }
        return results.joined()
    }

    /// Segment boundaries (byte offsets, first 0, last `bytes.count`) of about `target` bytes
    /// each, cut after the last blank line in the second half of the window, else after its last
    /// line break, sentence end or space, else at the last UTF-8 sequence start.
    public static func segmentCuts(_ bytes: [UInt8], target: Int) -> [Int] {
        var cuts = [0]
        var start = 0
        while bytes.count - start > target {
            let end = start + target
            let floor = start + target / 2
            var cut = -1
            // Blank line, then line break, then ". ", then any space.
            var k = end - 1
            while k > floor { if bytes[k] == 0x0A && bytes[k - 1] == 0x0A { cut = k + 1; break }; k -= 1 }
            if cut < 0 { k = end - 1; while k > floor { if bytes[k] == 0x0A { cut = k + 1; break }; k -= 1 } }
            if cut < 0 { k = end - 1; while k > floor { if bytes[k] == 0x20 && bytes[k - 1] == 0x2E { cut = k + 1; break }; k -= 1 } }
            if cut < 0 { k = end - 1; while k > floor { if bytes[k] == 0x20 || bytes[k] == 0x09 { cut = k + 1; break }; k -= 1 } }
            if cut < 0 { cut = end; while cut > start + 1 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 } }
            cuts.append(cut)
            start = cut
        }
        cuts.append(bytes.count)
        return cuts
    }

    /// Detection over the whole document at once.
    func detectWhole(_ document: Document) -> [Finding] {
        var findings: [Finding] = []
        do {
            let text = TokenizedText(document)
            for recognizer in recognizers {
                recognizer.recognize(text, into: &findings)
            }
        }
        TextShapeCache.shared.release()
        FindingMerger.merge(&findings)
        Detector.dropPlacesInsideNames(&findings)
        Detector.resolveSourcePlaces(&findings)
        PublicRoles.mark(&findings, bytes: document.bytes)
        Detector.shareEqualStrings(&findings)
        return findings
    }

    /// Makes findings with equal explanations (a few dozen distinct texts, one per pattern or
    /// list) or equal attributes (`entity: public`, a date's kind) share one copy: built per
    /// finding, they cost about 190 bytes of heap each, the largest part of a finding after its
    /// inline fields. Values are unchanged.
    static func shareEqualStrings(_ findings: inout [Finding]) {
        var explanations = Set<String>()
        var attributes = Set<[String: String]>()
        for i in findings.indices {
            let e = findings[i].explanation
            if let shared = explanations.firstIndex(of: e).map({ explanations[$0] }) {
                findings[i].explanation = shared
            } else if explanations.count < 4096 {
                explanations.insert(e)
            }
            let a = findings[i].attributes
            guard !a.isEmpty else { continue }
            if let shared = attributes.firstIndex(of: a).map({ attributes[$0] }) {
                findings[i].attributes = shared
            } else if attributes.count < 4096 {
                attributes.insert(a)
            }
        }
    }

    /// A place named inside a longer person's name is part of the name (`Obama` in `Barack
    /// Obama`, `Paris` in `Paris Hilton`), and so is a public figure's surname alone (a later
    /// `Obama`): left as a place, policy would publish "Barack a city in Japan". A private
    /// person's lone word that is also a place (`Virginia`) stays both. Findings must be sorted
    /// by start.
    static func dropPlacesInsideNames(_ findings: inout [Finding]) {
        // Names of persons, and of public organizations (`Hamas` is not a German town).
        var names: [(range: Range<Int>, isPublic: Bool)] = []
        for f in findings where f.category == .person || f.category == .organization && f.attributes[FindingAttribute.entity] == "public" {
            names.append((f.range, f.attributes[FindingAttribute.entity] == "public"))
        }
        guard !names.isEmpty else { return }
        func insideName(_ r: Range<Int>) -> Bool {
            // The last name starting at or before `r`; names may overlap, so look a few back.
            var lo = 0, hi = names.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if names[mid].range.lowerBound <= r.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            var k = lo - 1
            while k >= 0 && k >= lo - 4 {
                let p = names[k]
                if p.range.lowerBound <= r.lowerBound && r.upperBound <= p.range.upperBound && (p.isPublic || p.range.count > r.count) { return true }
                k -= 1
            }
            return false
        }
        findings.removeAll { $0.category.isPlace && insideName($0.range) }
    }

    /// Fills `placeLevel` of anonymous-source place qualifiers from the place findings they
    /// overlap (the source recognizer marks "in Ryanggang Province" as a place qualifier; the
    /// gazetteer knows it is a province). Findings must be sorted by start.
    static func resolveSourcePlaces(_ findings: inout [Finding]) {
        // The place findings' ranges and categories only (copying the findings would retain
        // their strings and arrays).
        var places: [(range: Range<Int>, category: Category)] = []
        for f in findings where f.category.isPlace { places.append((f.range, f.category)) }
        guard !places.isEmpty else { return }
        for i in findings.indices where findings[i].category == .source {
            for q in findings[i].qualifiers.indices where findings[i].qualifiers[q].kind == .place {
                let range = findings[i].qualifiers[q].range
                // First place starting at or after the qualifier's end; overlapping ones lie before it.
                var lo = 0, hi = places.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if places[mid].range.lowerBound < range.upperBound { lo = mid + 1 } else { hi = mid }
                }
                var best: Category?
                var k = lo - 1
                while k >= 0 && k >= lo - 8 {
                    let p = places[k]
                    if p.range.overlaps(range), let level = p.category.placeLevel {
                        if best == nil || level < best!.placeLevel! { best = p.category }
                    }
                    k -= 1
                }
                if findings[i].qualifiers[q].placeLevel == nil, let best {
                    findings[i].qualifiers[q].placeLevel = best
                }
            }
        }
    }
}

/// Resolves findings of several recognizers over the same text.
enum FindingMerger {
    /// Sorts by start, then longer first; drops a finding wholly inside another of the same
    /// category (the longer one explains more). Findings of different categories may overlap:
    /// a source descriptor contains its place, and both are reported.
    ///
    /// In place: the findings are moved into their order, where building a new array would copy
    /// each one (retaining its strings, arrays and dictionary) and then free the original.
    static func merge(_ findings: inout [Finding]) {
        // Sort small keys, not the findings themselves (each carries strings, arrays and a dictionary).
        struct SortKey { var start: Int; var end: Int; var confidence: Double; var index: Int }
        let order = findings.indices.map { SortKey(start: findings[$0].range.lowerBound, end: findings[$0].range.upperBound,
                                                     confidence: findings[$0].confidence, index: $0) }.sorted {
            if $0.start != $1.start { return $0.start < $1.start }
            if $0.end != $1.end { return $0.end > $1.end }
            return $0.confidence > $1.confidence
        }
        var kept: [Int] = []
        kept.reserveCapacity(order.count)
        // The category and end of every kept finding, side by side, so that the look-back below
        // reads two small arrays rather than whole findings.
        var keptCategories: [Category] = []
        var keptEnds: [Int] = []
        keptCategories.reserveCapacity(order.count)
        keptEnds.reserveCapacity(order.count)
        for key in order {
            // Look back a bounded distance so merging stays linear in the number of findings.
            let category = findings[key.index].category
            var covered = false
            var k = kept.count - 1
            let floor = max(0, kept.count - 16)
            while k >= floor {
                if keptCategories[k] == category && keptEnds[k] >= key.end {
                    covered = true
                    break
                }
                k -= 1
            }
            if !covered {
                kept.append(key.index)
                keptCategories.append(category)
                keptEnds.append(key.end)
            }
        }
        // Kept findings first, in order, then the dropped ones, which are removed.
        let n = findings.count
        var isKept = [Bool](repeating: false, count: n)
        for k in kept { isKept[k] = true }
        findings.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let moved = UnsafeMutablePointer<Finding>.allocate(capacity: n)
            var w = 0
            for k in kept { (moved + w).moveInitialize(from: base + k, count: 1); w += 1 }
            for k in 0..<n where !isKept[k] { (moved + w).moveInitialize(from: base + k, count: 1); w += 1 }
            base.moveInitialize(from: moved, count: n)
            moved.deallocate()
        }
        findings.removeLast(n - kept.count)
    }
}

/// Per-segment findings written concurrently by index, joined in order afterwards.
final class SegmentResults: @unchecked Sendable {
    private var values: [[Finding]]
    private var filled = 0
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: [], count: count) }
    /// Stores segment `i`'s findings; returns how many segments are done.
    @discardableResult
    func set(_ i: Int, _ v: [Finding]) -> Int {
        lock.lock(); defer { lock.unlock() }
        values[i] = v
        filled += 1
        return filled
    }
    func joined() -> [Finding] {
        lock.lock(); defer { lock.unlock() }
        // Each segment's array is freed as soon as it is copied (a flatMap held them all beside
        // the joined array).
        var out: [Finding] = []
        out.reserveCapacity(values.reduce(0) { $0 + $1.count })
        for i in values.indices {
            out.append(contentsOf: values[i])
            values[i] = []
        }
        return out
    }
}

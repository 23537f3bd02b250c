import VeilModel

/// Finds identifying details in a draft. Knows nothing of policy: it reports everything it
/// finds with a confidence and an explanation; what to do with each finding is policy's job.
public struct Detector: Sendable {
    /// The recognizers run, in order.
    public let recognizers: [any Recognizer]

    /// A detector with every built-in recognizer.
    public init() {
        self.init(recognizers: Detector.builtInRecognizers)
    }

    /// A detector with the given recognizers (tests run one at a time).
    public init(recognizers: [any Recognizer]) {
        self.recognizers = recognizers
    }

    /// Every built-in recognizer. Add new recognizers here.
    public static var builtInRecognizers: [any Recognizer] {
        PlaceRecognizers.all + PatternRecognizers.all
    }

    /// All findings in `document`, sorted by start offset, overlapping duplicates resolved.
    public func detect(_ document: Document) -> [Finding] {
        let text = TokenizedText(document)
        var findings: [Finding] = []
        for recognizer in recognizers {
            recognizer.recognize(text, into: &findings)
        }
        var merged = FindingMerger.merge(findings)
        Detector.resolveSourcePlaces(&merged)
        return merged
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
    static func merge(_ input: [Finding]) -> [Finding] {
        // Sort small keys, not the findings themselves (each carries strings, arrays and a dictionary).
        struct SortKey { var start: Int; var end: Int; var confidence: Double; var index: Int }
        let order = input.indices.map { SortKey(start: input[$0].range.lowerBound, end: input[$0].range.upperBound,
                                                  confidence: input[$0].confidence, index: $0) }.sorted {
            if $0.start != $1.start { return $0.start < $1.start }
            if $0.end != $1.end { return $0.end > $1.end }
            return $0.confidence > $1.confidence
        }
        var out: [Finding] = []
        out.reserveCapacity(order.count)
        for key in order {
            let f = input[key.index]
            // Look back a bounded distance so merging stays linear in the number of findings.
            // (Indices, not a slice: a live slice of `out` would make every append copy it.)
            var covered = false
            var k = out.count - 1
            let floor = max(0, out.count - 16)
            while k >= floor {
                if out[k].category == f.category && out[k].range.upperBound >= f.range.upperBound {
                    covered = true
                    break
                }
                k -= 1
            }
            if covered { continue }
            out.append(f)
        }
        return out
    }
}

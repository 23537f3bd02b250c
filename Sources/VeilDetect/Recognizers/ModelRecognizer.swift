import VeilModel

/// The learned tagger (`TaggerModel`, weights in `Lexicons/model/tagger.bin`, trained by
/// `tools/model/train.py` on the train-side outlets of the project's news corpus): an averaged
/// structured perceptron over hashed token features, whose features include the labels the rule
/// recognizers that ran before it gave each token, so it learns when to trust them. It reports
/// person names, places, facilities, occupations and source descriptors the rules missed, with a
/// confidence calibrated on out-of-fold predictions of the training corpus.
///
/// It adds only what the rules left out: a span is dropped when a finding of the same family
/// (person; any place level; facility or organization; occupation; source) already overlaps it,
/// or a public entity does, so the rules' findings with their hierarchy, qualifiers and
/// attributes are never replaced.
public struct ModelRecognizer: Recognizer {
    let model: TaggerModel?

    /// The recognizer with the shipped model (finds nothing when the weights did not load).
    public init() { self.model = TaggerModel.shipped }

    /// The recognizer with the given model.
    public init(model: TaggerModel?) { self.model = model }

    public var id: String { "model.tagger" }
    public var summary: String { "Learned token tagger: names, places, facilities, roles and sources the rules missed" }
    public var matchingExamples: [String] {
        [
            "Police said [[Tomasz Wierzbicki]] was detained on Monday.",
            "The court heard that [[Olumide Adeyemi-Cole]] had paid the bribe.",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "The weather was cold and the road was closed for repairs.",
            "It rained all week, and the match was postponed again.",
        ]
    }

    /// Category families: a model span is dropped when a finding of its family overlaps it.
    static func family(_ c: Category) -> Int {
        switch c {
        case .person: return 0
        case .neighborhood, .city, .province, .country: return 1
        case .facility, .organization: return 2
        case .occupation: return 3
        case .source: return 4
        default: return 5 + TaggerFeatures.categoryIndex(c)
        }
    }

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        guard let model, !text.tokens.isEmpty else { return }
        let context = TaggerFeatures.context(text, findings: findings)
        var rows: [UInt32] = []
        TaggerFeatures.extract(text, context: context, bits: model.bits, into: &rows)
        let spans = model.tag(rows: rows, sentenceStart: context.sentenceStart)
        guard !spans.isEmpty else { return }
        // Bytes covered per family by the findings so far, and by public entities (linear).
        let n = text.bytes.count
        var covered = [UInt32](repeating: 0, count: n + 1)
        for f in findings {
            var bit = UInt32(1) << UInt32(Self.family(f.category))
            if f.attributes[FindingAttribute.entity] == "public" { bit |= 1 << 31 }
            for b in f.range where b < n { covered[b] |= bit }
        }
        let tokens = text.tokens
        for s in spans {
            let range = tokens[s.tokens.lowerBound].range.lowerBound..<tokens[s.tokens.upperBound - 1].range.upperBound
            let bit = UInt32(1) << UInt32(Self.family(s.category)) | 1 << 31
            var clash = false
            for b in range where covered[b] & bit != 0 { clash = true; break }
            if clash { continue }
            // A span of punctuation only, or a lone lower-case word for a name or place, is noise.
            if !tokens[s.tokens].contains(where: { $0.kind != .punctuation }) { continue }
            let confidence = model.confidence(s.category, margin: s.margin)
            findings.append(Finding(range: range, text: text.document.text(range), category: s.category,
                                    confidence: confidence, recognizer: id,
                                    explanation: "learned tagger: \(s.category.rawValue), score margin \(Int(s.margin.rounded())) over no label"))
        }
    }
}

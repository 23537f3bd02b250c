import VeilModel

/// What policy decides to do with a finding.
public enum Action: String, Sendable, Codable, CaseIterable, Comparable {
    /// Leave the text as it is and say nothing (public entities, allow-listed terms).
    case keep
    /// Leave the text but report it to the editor.
    case flag
    /// Replace with a placeholder that carries nothing of the original.
    case redact
    /// Replace with a less specific, readable description ("a city in Ryanggang Province").
    case generalize
    /// Replace with a consistent pseudonym ("Person A").
    case pseudonymize

    /// Whether the action removes the original from the published text.
    public var removesOriginal: Bool {
        switch self {
        case .keep, .flag: return false
        case .redact, .generalize, .pseudonymize: return true
        }
    }

    /// Ordered by how much they protect: keep < flag < generalize < pseudonymize < redact.
    var strength: Int {
        switch self {
        case .keep: return 0
        case .flag: return 1
        case .generalize: return 2
        case .pseudonymize: return 3
        case .redact: return 4
        }
    }

    /// Orders actions by `strength`.
    public static func < (lhs: Action, rhs: Action) -> Bool { lhs.strength < rhs.strength }
}

/// Which of policy's rules decided a finding: what `PlainReason` words for people (the
/// `reason` string names the configuration key instead).
public enum DecisionBasis: String, Sendable, Hashable, CaseIterable, Codable {
    /// The category's rule (`categories.<c>.action`) at or above its minimum confidence.
    case categoryRule
    /// Confidence below `categories.<c>.min_confidence`: the `below_confidence` action.
    case belowConfidence
    /// The detector marks it a public entity: the `public_entities` action.
    case publicEntity
    /// The text is on the policy's allow list.
    case allowList
    /// The text contains a term of the policy's deny list: always redacted.
    case denyList
    /// A watch-list or `--term` finding: always removed.
    case alwaysRemoved
    /// Already worded the way this policy words it (a pseudonym, a placeholder, its own
    /// generalization): kept, so that auditing published text finds nothing to do.
    case ownWording
    /// A facility or organization whose name holds a place the policy removes: generalized whole.
    case placeInName
    /// The rule asked for a generalization, but nothing less specific could be said safely
    /// (or its wording would repeat a detail removed elsewhere): redacted instead.
    case noSafeGeneralization
    /// Partially overlapping removals merged: their union is redacted once.
    case mergedOverlap
    /// A `roles:` rule: a person named in a public office, an office word, a byline, a
    /// dateline or a photo credit.
    case publicRole
}

/// Policy's decision for one finding, with the reason it gives the editor.
public struct Decision: Sendable, Hashable {
    /// The finding decided on (for overlapping findings merged by policy, the merged span).
    public var finding: Finding
    /// What policy does with the finding.
    public var action: Action
    /// The text that replaces `finding.range` in the published draft; `nil` when the action
    /// does not remove the original (`keep`, `flag`), or when the span is covered by another
    /// decision's replacement (see `coveredBy`).
    public var replacement: String?
    /// Why: which policy rule applied, at what threshold.
    public var reason: String
    /// When this finding lies inside a span that another decision replaces, the index of that
    /// decision in `PolicyOutcome.decisions`.
    public var coveredBy: Int?
    /// Index of the finding in the array given to `PolicyEngine.decide`; `nil` for findings
    /// the engine added itself (deny-list occurrences). Use it to pair decisions with findings:
    /// `finding.range` may be wider than the input finding's (a merged or widened span).
    public var inputIndex: Int?
    /// Which rule decided (for the reason in plain words, `PlainReason`).
    public var basis: DecisionBasis

    /// A decision with the given fields.
    public init(finding: Finding, action: Action, replacement: String?, reason: String, coveredBy: Int? = nil,
                inputIndex: Int? = nil, basis: DecisionBasis = .categoryRule) {
        self.finding = finding
        self.action = action
        self.replacement = replacement
        self.reason = reason
        self.coveredBy = coveredBy
        self.inputIndex = inputIndex
        self.basis = basis
    }
}

/// How identifying the details that survive redaction are, for one anonymous source.
public struct SourceRisk: Sendable, Hashable {
    /// The anonymous-source finding this is about.
    public var source: Finding
    /// The quasi-identifiers attached to the source that survive in the published text.
    public var survivingDetails: [String]
    /// 0 (nothing identifying survives) ... 1 (the combination points at one person).
    public var score: Double
    /// One line explaining the score.
    public var explanation: String

    /// A source risk with the given fields.
    public init(source: Finding, survivingDetails: [String], score: Double, explanation: String) {
        self.source = source
        self.survivingDetails = survivingDetails
        self.score = score
        self.explanation = explanation
    }
}

/// Risk of the draft as a whole once the policy is applied.
public struct RiskAssessment: Sendable, Hashable {
    /// One entry per anonymous-source finding, in document order.
    public var sources: [SourceRisk]
    /// Score of the whole draft (0...1).
    public var documentScore: Double
    /// The policy's threshold; above it `veil audit` exits 1.
    public var threshold: Double
    /// Whether `documentScore` (or any source's score) exceeds `threshold`.
    public var exceedsThreshold: Bool
    /// One line explaining the document score.
    public var explanation: String

    /// An assessment with the given fields.
    public init(sources: [SourceRisk], documentScore: Double, threshold: Double, exceedsThreshold: Bool, explanation: String) {
        self.sources = sources
        self.documentScore = documentScore
        self.threshold = threshold
        self.exceedsThreshold = exceedsThreshold
        self.explanation = explanation
    }
}

/// Everything policy decided for one document.
public struct PolicyOutcome: Sendable {
    /// One decision per finding, in document order. Decisions whose action removes the
    /// original and whose `coveredBy` is nil have non-overlapping ranges and carry a replacement.
    public var decisions: [Decision]
    /// The risk of what survives the decisions.
    public var risk: RiskAssessment

    /// An outcome with the given decisions and risk.
    public init(decisions: [Decision], risk: RiskAssessment) {
        self.decisions = decisions
        self.risk = risk
    }

    /// The decision for each input finding, aligned with the `findings` array given to
    /// `PolicyEngine.decide` (`count` is its length); `nil` where none matches.
    public func decisionsByInput(count: Int) -> [Decision?] {
        var out = [Decision?](repeating: nil, count: count)
        for d in decisions {
            if let i = d.inputIndex, i >= 0, i < count { out[i] = d }
        }
        return out
    }
}

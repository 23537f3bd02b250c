import Foundation
import VeilModel

/// Estimates how identifying the details that survive the policy are.
///
/// Each surviving detail has a weight (how far it narrows down who the person is): a
/// neighborhood 0.35, a city 0.25, a province 0.15, a country 0.02; a private person's name
/// 0.35, a pseudonym 0.05; a role 0.20, a relation 0.25, an affiliation 0.15, a time 0.08; an
/// exact date 0.15, a relative date 0.10, a year 0.05; an age 0.15; a sum 0.08; an occupation
/// 0.20; a facility 0.20; a contact, term or watch-list entry 0.60. Generalized details keep
/// the weight of what remains ("a city in Ryanggang Province" weighs as a province).
/// Weights combine like independent clues: score = 1 - Π(1 - w).
///
/// - Per source: its own surviving qualifiers at full weight, plus the surviving details in the
///   same paragraph at half weight.
/// - Per draft: the heaviest surviving detail of each kind (place, person, date, age, sum,
///   occupation, facility, organization, direct identifier) combined, and at least the highest
///   source score.
struct RiskScorer {
    let policy: Policy
    let document: Document

    /// One surviving detail.
    struct Detail {
        var kind: String
        var label: String
        var weight: Double
        var at: Int
    }

    static let qualifierWeights: [Qualifier.Kind: Double] = [
        .role: 0.20, .relation: 0.25, .affiliation: 0.15, .time: 0.08, .count: 0.0,
    ]

    func assess(_ work: [PolicyEngine.Work]) -> RiskAssessment {
        let details = surviving(work).sorted { $0.at < $1.at }
        let starts = details.map(\.at)
        // The places only (mapping every finding first copied all of them: at the policy's peak).
        var places: [Finding] = []
        for w in work where w.finding.category.isPlace { places.append(w.finding) }
        places.sort { $0.range.lowerBound < $1.range.lowerBound }
        let placeStarts = places.map(\.range.lowerBound)
        var sources: [SourceRisk] = []
        for w in work where w.finding.category == .source {
            sources.append(sourceRisk(w, work: work, details: details, starts: starts, places: (places, placeStarts)))
        }
        var byKind: [String: Detail] = [:]
        for d in details where d.weight > byKind[d.kind]?.weight ?? 0 { byKind[d.kind] = d }
        let kinds = byKind.values.sorted { $0.weight > $1.weight }
        var score = RiskScorer.combine(kinds.map(\.weight))
        let worstSource = sources.max { $0.score < $1.score }
        var explanation = kinds.isEmpty ? "nothing identifying survives"
            : "surviving details: " + kinds.map { "\($0.label) \(PolicyEngine.format($0.weight))" }.joined(separator: ", ")
        if let worstSource, worstSource.score > score {
            score = worstSource.score
            explanation += "; raised to the most exposed source's score"
        }
        score = min(1, max(0, score))
        let exceeds = score > policy.risk.threshold || sources.contains { $0.score > policy.risk.sourceThreshold }
        explanation += " -> \(PolicyEngine.format(score)) (risk.threshold \(PolicyEngine.format(policy.risk.threshold)), risk.source_threshold \(PolicyEngine.format(policy.risk.sourceThreshold)))"
        return RiskAssessment(sources: sources, documentScore: score, threshold: policy.risk.threshold,
                              exceedsThreshold: exceeds, explanation: explanation)
    }

    /// Details that survive in the published text, excluding anonymous sources themselves.
    private func surviving(_ work: [PolicyEngine.Work]) -> [Detail] {
        var out: [Detail] = []
        for w in work where w.coveredBy == nil && w.finding.category != .source {
            let f = w.finding
            let kind = RiskScorer.kind(f.category)
            switch w.action {
            case .keep where w.ownWording:
                // Veil's own wording met again weighs what its generalization weighs.
                if w.residual > 0 {
                    out.append(Detail(kind: kind, label: "generalized " + f.category.rawValue, weight: w.residual, at: f.range.lowerBound))
                }
            case .keep, .flag:
                if w.basis == .allowList || w.basis == .publicEntity { continue }
                // Public officials, office words and credit lines kept by a `roles:` rule are
                // the story's public side: they point at no source.
                if w.role != nil { continue }
                // A detection below 0.5 (the recall net's unknown capitalized words, centuries)
                // weighs in proportion to how likely it is to be the detail at all.
                let weight = RiskScorer.weight(of: f) * min(1, f.confidence / 0.5)
                if weight > 0 { out.append(Detail(kind: kind, label: f.category.rawValue, weight: weight, at: f.range.lowerBound)) }
            case .generalize, .pseudonymize:
                if w.residual > 0 {
                    out.append(Detail(kind: kind, label: "generalized " + f.category.rawValue, weight: w.residual, at: f.range.lowerBound))
                }
            case .redact:
                continue
            }
        }
        return out
    }

    private func sourceRisk(_ w: PolicyEngine.Work, work: [PolicyEngine.Work], details: [Detail], starts: [Int],
                            places: (list: [Finding], starts: [Int])) -> SourceRisk {
        var own: [(String, Double)] = []
        let removedWhole = w.action == .redact || w.action == .pseudonymize
            || (w.coveredBy.map { work[$0].action.removesOriginal && work[$0].finding.category != .source } ?? false)
        if !removedWhole {
            for q in w.finding.qualifiers {
                if w.action == .generalize && w.stripped.contains(q.kind) {
                    if q.kind == .place && policy.sources.place == .country { own.append(("place: country", 0.02)) }
                    continue
                }
                let weight = q.kind == .place ? Generalizer.weight(ofLevel: q.placeLevel ?? placeLevel(q.range, places)) : RiskScorer.qualifierWeights[q.kind] ?? 0
                if weight > 0 { own.append(("\(q.kind.rawValue): \(q.text)", weight)) }
            }
        }
        let paragraph = paragraphRange(around: w.finding.range.lowerBound)
        var nearby: [Detail] = []
        var k = Resolver.lastIndex(in: starts, atMost: paragraph.lowerBound - 1) + 1
        while k < details.count && details[k].at < paragraph.upperBound { nearby.append(details[k]); k += 1 }
        let weights = own.map(\.1) + nearby.map { $0.weight / 2 }
        let score = RiskScorer.combine(weights)
        let parts = own.map { "\($0.0) \(PolicyEngine.format($0.1))" } + nearby.map { "nearby \($0.label) \(PolicyEngine.format($0.weight / 2))" }
        let explanation = (parts.isEmpty ? "no identifying detail survives" : parts.joined(separator: ", "))
            + " -> \(PolicyEngine.format(score))"
        return SourceRisk(source: w.finding, survivingDetails: own.map(\.0) + nearby.map { "nearby " + $0.label },
                          score: score, explanation: explanation)
    }

    /// Level of the place finding inside a qualifier, when the detector found one.
    private func placeLevel(_ range: Range<Int>, _ places: (list: [Finding], starts: [Int])) -> Category? {
        var k = max(0, Resolver.lastIndex(in: places.starts, atMost: range.lowerBound - 256) + 1)
        var best: Category?
        while k < places.list.count && places.list[k].range.lowerBound < range.upperBound {
            let f = places.list[k]
            if f.range.overlaps(range), (f.category.placeLevel ?? 9) < (best?.placeLevel ?? 9) { best = f.category }
            k += 1
        }
        return best
    }

    /// Byte range of the line (paragraph) holding `offset`, at most 4 KiB either side.
    private func paragraphRange(around offset: Int) -> Range<Int> {
        let b = document.bytes
        // Bounded, so that a draft without line breaks stays linear.
        var lo = min(offset, b.count)
        let floor = max(0, lo - 4096)
        while lo > floor && b[lo - 1] != 0x0A { lo -= 1 }
        var hi = min(offset, b.count)
        let ceiling = min(b.count, hi + 4096)
        while hi < ceiling && b[hi] != 0x0A { hi += 1 }
        return lo..<hi
    }

    static func combine(_ weights: [Double]) -> Double {
        1 - weights.reduce(1.0) { $0 * (1 - min(1, max(0, $1))) }
    }

    static func kind(_ c: Category) -> String {
        switch c {
        case .neighborhood, .city, .province, .country: return "place"
        case .contact, .term, .watchlist: return "direct identifier"
        default: return c.rawValue
        }
    }

    /// Weight of a detail that survives as written.
    static func weight(of f: Finding) -> Double {
        switch f.category {
        case .person: return 0.35
        case .neighborhood, .city, .province, .country: return Generalizer.weight(ofLevel: f.category)
        case .facility: return 0.20
        case .organization: return 0.10
        case .date:
            switch f.attributes[FindingAttribute.dateKind] {
            case "relative"?: return 0.10
            case "year"?: return 0.05
            case "decade"?: return 0.03
            case "season"?: return 0.05
            default: return 0.15
            }
        case .age: return 0.15
        case .amount: return 0.08
        case .occupation: return 0.20
        case .contact, .term, .watchlist: return 0.60
        case .source: return 0
        }
    }
}

import Foundation
import Veil

/// What the editor decided on the review page: the policy, terms added, and per change
/// (identified by `ChangeID`) a rejection or a wording of their own. Every change not named
/// is accepted as policy proposes it. The page sends the whole set with every request, so two
/// tabs never disagree about what the server applies.
public struct ReviewDecisions: Codable, Sendable, Equatable {
    /// A policy of `ReviewSession.policyNames`; nil: the one the command started with.
    public var policy: String?
    /// Texts to redact wherever they stand (as `veil redact --term`).
    public var terms: [String]
    /// Changes to publish as written (the original stays).
    public var rejected: [String]
    /// Changes whose replacement text the editor wrote (change id -> wording).
    public var edits: [String: String]

    public init(policy: String? = nil, terms: [String] = [], rejected: [String] = [], edits: [String: String] = [:]) {
        self.policy = policy
        self.terms = terms
        self.rejected = rejected
        self.edits = edits
    }

    /// Every change accepted, the starting policy.
    public static let acceptAll = ReviewDecisions()

    enum CodingKeys: String, CodingKey { case policy, terms, rejected, edits }

    /// Missing members mean "none" (`{}` accepts everything).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
        terms = try c.decodeIfPresent([String].self, forKey: .terms) ?? []
        rejected = try c.decodeIfPresent([String].self, forKey: .rejected) ?? []
        edits = try c.decodeIfPresent([String: String].self, forKey: .edits) ?? [:]
    }

    /// Limits on what one request may carry.
    public static let maxTerms = 200
    public static let maxTermBytes = 400
    public static let maxWordingBytes = 2_000

    /// Parses a request body. Errors never quote the body (it may hold the draft's words).
    public static func decode(json: [UInt8]) throws(ReviewRequestError) -> ReviewDecisions {
        let decoded: ReviewDecisions
        do { decoded = try JSONDecoder().decode(ReviewDecisions.self, from: Data(json)) } catch {
            throw .malformedJSON
        }
        return decoded
    }

    /// Checks the decisions against the draft and the session's policies; returns them with
    /// duplicates removed and terms trimmed.
    func validated(documentLength: Int, policyNames: [String]) throws(ReviewRequestError) -> ReviewDecisions {
        var out = self
        if let p = policy, !policyNames.contains(p) { throw .unknownPolicy }
        if terms.count > ReviewDecisions.maxTerms { throw .tooManyTerms(ReviewDecisions.maxTerms) }
        var seen = Set<String>()
        out.terms = []
        for (k, raw) in terms.enumerated() {
            let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.utf8.count > ReviewDecisions.maxTermBytes { throw .termTooLong(number: k + 1, limit: ReviewDecisions.maxTermBytes) }
            // As `veil redact --term`: a term of only spaces or punctuation would match nothing
            // (or every comma).
            if !t.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
                throw .termWithoutLetters(number: k + 1)
            }
            if seen.insert(TextFolding.key(t)).inserted { out.terms.append(t) }
        }
        var ids = Set<String>()
        out.rejected = []
        for id in rejected {
            guard let range = ChangeID.range(id), range.upperBound <= documentLength else { throw .unknownChange }
            _ = range
            if ids.insert(id).inserted { out.rejected.append(id) }
        }
        for (id, wording) in edits {
            guard let range = ChangeID.range(id), range.upperBound <= documentLength else { throw .unknownChange }
            _ = range
            if wording.utf8.count > ReviewDecisions.maxWordingBytes { throw .wordingTooLong(limit: ReviewDecisions.maxWordingBytes) }
            if wording.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { throw .wordingHasControl }
        }
        return out
    }
}

/// A change's identifier: `c<start>-<end>`, the UTF-8 byte range of the draft it replaces.
/// Stable across recomputations (a rejection or an edit keeps naming the same words).
public enum ChangeID {
    public static func make(_ range: Range<Int>) -> String { "c\(range.lowerBound)-\(range.upperBound)" }

    public static func range(_ id: String) -> Range<Int>? {
        guard id.hasPrefix("c"), id.utf8.count <= 24 else { return nil }
        let parts = id.dropFirst().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let a = Int(parts[0]), let b = Int(parts[1]), a < b else { return nil }
        return a..<b
    }
}

/// Why a request was refused. Messages never quote the request or the draft.
public enum ReviewRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedJSON
    case unknownPolicy
    case unknownChange
    case tooManyTerms(Int)
    case termTooLong(number: Int, limit: Int)
    case termWithoutLetters(number: Int)
    case wordingTooLong(limit: Int)
    case wordingHasControl

    public var description: String {
        switch self {
        case .malformedJSON: return "the request body is not a JSON object of decisions (policy, terms, rejected, edits)"
        case .unknownPolicy: return "unknown policy: choose one the page offers"
        case .unknownChange: return "a decision names no change of this draft"
        case .tooManyTerms(let n): return "at most \(n) terms can be added"
        case .termTooLong(let k, let limit): return "term number \(k) is longer than \(limit) bytes"
        case .termWithoutLetters(let k): return "term number \(k) has no letter or digit: it would match nothing"
        case .wordingTooLong(let limit): return "a wording is longer than \(limit) bytes"
        case .wordingHasControl: return "a wording holds a line break or control character; write it on one line"
        }
    }
}

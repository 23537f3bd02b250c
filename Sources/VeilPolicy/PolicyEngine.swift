import Foundation
import VeilModel

/// Turns a document's findings into decisions under a policy: which action, which replacement
/// text, why; plus the risk of what survives.
///
/// Precedence for one finding (first match wins; documented in policies/README.md):
/// 1. the finding's text contains a deny term -> `redact` (deny wins over everything);
/// 2. `term` and `watchlist` findings -> their category action (always a removing one);
/// 3. the finding's text is on the allow list -> `keep`;
/// 4. the detector marks it a public entity -> `public_entities` (`keep` or `flag`);
/// 5. confidence below `categories.<c>.min_confidence` -> `below_confidence` (`keep` or `flag`);
/// 6. otherwise `categories.<c>.action`.
///
/// Overlap rule: removing decisions whose spans intersect form one group, replaced once.
/// When one of them spans the whole group (the outer finding), it wins: its replacement covers
/// the group (a source descriptor is rewritten with its inner findings' replacements applied);
/// otherwise (partial overlap) the union of the spans is redacted with the longest finding's
/// placeholder. The other members get `coveredBy`. A place immediately followed by its
/// enclosing place ("Kangan-dong, Hyesan") is replaced as one span, and so are removing
/// findings of one category and action separated only by spaces ("Deputy Governor"). A replacement may take in a
/// preposition or article next to its finding ("on Nov. 10" -> "in November"); the decision's
/// `finding.range` and `finding.text` then describe the widened span.
public struct PolicyEngine: Sendable {
    /// The effective policy applied.
    public let policy: Policy
    private let deny: DenyScanner
    private let allowKeys: Set<String>
    /// `allowLengths[n]`: whether an allow-list key is `n` bytes long (for n < 64; longer keys
    /// are always looked up). Most keys are ruled out without hashing.
    private let allowLengths: [Bool]
    /// The fixed parts of `initialDecision`'s reasons, per category: the text around the
    /// finding's confidence (built once instead of interpolated per finding).
    /// (An array in `Category.allCases` order, read through `Category.ordinal`: cheaper than hashing.)
    private let reasonParts: [ReasonParts]
    private let publicReason: String

    struct ReasonParts: Sendable {
        /// `action` and `minConfidence` of the category's `policy.rule(for:)`.
        var action: Action, minConfidence: Double
        /// "categories.city.action: generalize (confidence " ... " >= min_confidence 0.50)".
        var actionPrefix: String, actionSuffix: String
        /// "confidence " ... " below categories.city.min_confidence 0.50 (below_confidence: flag)".
        var belowSuffix: String
        /// Both reasons whole for the confidences `format` reads from its table (0.00 ... 1.00,
        /// by hundredths): `actionReasons[i]` is `actionPrefix + hundredths[i] + actionSuffix`,
        /// `belowReasons[i]` is `"confidence " + hundredths[i] + belowSuffix`. Built once per
        /// engine, so that a decision's reason is shared rather than built per finding.
        var actionReasons: [String], belowReasons: [String]
    }

    /// An engine applying `policy`.
    public init(policy: Policy) {
        self.policy = policy
        self.deny = DenyScanner(terms: policy.deny)
        self.allowKeys = Set(policy.allow.map(TextFolding.key))
        var lengths = [Bool](repeating: false, count: 64)
        for k in allowKeys where k.utf8.count < 64 { lengths[k.utf8.count] = true }
        self.allowLengths = lengths
        var parts: [ReasonParts] = []
        for category in Category.allCases {
            precondition(category.ordinal == parts.count, "Category.ordinal follows Category.allCases")
            let rule = policy.rule(for: category), c = category.rawValue
            let min = PolicyEngine.format(rule.minConfidence)
            let actionPrefix = "categories.\(c).action: \(rule.action.rawValue) (confidence "
            let actionSuffix = " >= min_confidence \(min))"
            let belowSuffix = " below categories.\(c).min_confidence \(min) (below_confidence: \(policy.belowConfidence.rawValue))"
            parts.append(ReasonParts(
                action: rule.action, minConfidence: rule.minConfidence,
                actionPrefix: actionPrefix, actionSuffix: actionSuffix, belowSuffix: belowSuffix,
                actionReasons: PolicyEngine.hundredths.map { PolicyEngine.join(actionPrefix, $0, actionSuffix) },
                belowReasons: PolicyEngine.hundredths.map { PolicyEngine.join("confidence ", $0, belowSuffix) }))
        }
        self.reasonParts = parts
        self.publicReason = "public entity (public_entities: \(policy.publicEntities.rawValue))"
    }

    /// Working state of one decision while the engine resolves overlaps.
    struct Work {
        var finding: Finding
        var action: Action
        var reason: String
        /// Which rule decided (`Decision.basis`).
        var basis: DecisionBasis = .categoryRule
        var replacement: String?
        var residual: Double = 0
        var coveredBy: Int?
        var stripped: Set<Qualifier.Kind> = []
        /// Kept because it is already worded as the policy words it (its risk is `residual`).
        var ownWording = false
        /// Decided by a `roles:` rule (a public official, an office word, a credit line).
        var role: RoleKind?
    }

    /// Decides on every finding of `document` (plus every deny-list occurrence the engine finds
    /// itself) and assesses the risk of what survives. `pseudonyms` is read and extended: pass
    /// the same table for every draft of one story.
    public func decide(document: Document, findings: [Finding], pseudonyms: inout PseudonymTable) -> PolicyOutcome {
        decide(document: document, findings: findings, pseudonyms: &pseudonyms, overrides: .none)
    }

    /// As `decide`, with an editor's decisions over policy's (`EditorOverrides`): findings inside
    /// a kept span are kept as written, and a removing decision whose span has an editor's
    /// wording takes it. The risk is assessed on the result.
    public func decide(document: Document, findings: [Finding], pseudonyms: inout PseudonymTable,
                       overrides: EditorOverrides) -> PolicyOutcome {
        let (work, inputs) = resolve(document: document, findings: findings, pseudonyms: &pseudonyms, overrides: overrides)
        // Risk first: its working arrays are freed before the decisions are built beside `work`.
        let risk = RiskScorer(policy: policy, document: document).assess(work)
        let decisions = work.enumerated().map { i, w in
            Decision(finding: w.finding, action: w.action, replacement: w.coveredBy == nil && w.action.removesOriginal ? w.replacement : nil,
                     reason: w.reason, coveredBy: w.coveredBy, inputIndex: inputs[i], basis: w.basis)
        }
        return PolicyOutcome(decisions: decisions, risk: risk)
    }

    /// The action and reason of each input finding, aligned with `findings`: what
    /// `decide(...).decisionsByInput(count:)` gives, without the risk assessment and the
    /// decisions' other fields (the streaming JSON Lines audit prints only these two). `nil`
    /// where no decision matches an input finding.
    public func actions(document: Document, findings: [Finding], pseudonyms: inout PseudonymTable) -> [(action: Action, reason: String)?] {
        let (work, inputs) = resolve(document: document, findings: findings, pseudonyms: &pseudonyms)
        var out = [(action: Action, reason: String)?](repeating: nil, count: findings.count)
        for i in work.indices {
            if let k = inputs[i], k >= 0, k < findings.count { out[k] = (work[i].action, work[i].reason) }
        }
        return out
    }

    /// The resolved working decisions, in document order, and for each the index of its input
    /// finding (`nil` for deny-list occurrences the engine found itself).
    private func resolve(document: Document, findings: [Finding], pseudonyms: inout PseudonymTable,
                         overrides: EditorOverrides = .none) -> (work: [Work], inputs: [Int?]) {
        // Input findings keep their index (for `Decision.inputIndex`); deny occurrences, which
        // follow them in `pool`, get nil. The order is sorted as indices: each finding is copied
        // once, into its working decision.
        let denied = deny.scan(document).map { range in
            Finding(range: range, text: document.text(range), category: .term, confidence: 1,
                    recognizer: "policy.deny", explanation: "matches a term of the policy's deny list")
        }
        let pool = denied.isEmpty ? findings : findings + denied
        var order = findings.indices.filter { i in
            let r = findings[i].range
            return r.lowerBound >= 0 && r.upperBound <= document.bytes.count && !r.isEmpty
        }
        order += findings.count..<pool.count
        // By start, longest first, then category name and input index (a tuple comparison,
        // written out so that the category names are compared only on a tie; deny occurrences
        // count as input Int.max).
        order.sort { i, j in
            let x = pool[i].range, y = pool[j].range
            if x.lowerBound != y.lowerBound { return x.lowerBound < y.lowerBound }
            if x.count != y.count { return x.count > y.count }
            let a = pool[i].category, b = pool[j].category
            if a != b { return a.rawValue < b.rawValue }
            return (i < findings.count ? i : Int.max) < (j < findings.count ? j : Int.max)
        }
        var inputs = order.map { $0 < findings.count ? $0 : nil }

        // (Folding a text costs less than looking it up in a cache of folded texts.)
        var work = order.map { k -> Work in
            let f = pool[k]
            let (action, reason, basis) = initialDecision(f, key: TextFolding.key(f.text))
            return Work(finding: f, action: action, reason: reason, basis: basis)
        }
        // The `roles:` rules (public officials, office words, credit lines) before an editor's decisions.
        assignRoles(&work)
        let kept = overrides.mergedKeep
        if !kept.isEmpty {
            for i in work.indices where overrides.keeps(work[i].finding.range, sortedKeep: kept) {
                work[i].action = .keep
                work[i].reason = EditorOverrides.keptReason
            }
        }
        // A named person's public role stays; only the name is replaced (`PersonLadder`).
        separateTitlesFromNames(&work, inputs: &inputs, document: document)
        keepRolesOfNamedPeople(&work, document: document)
        // The places as detected, in this order, before any merge widens them.
        let places = work.compactMap { $0.finding.category.isPlace ? $0.finding : nil }
        mergePlaceChains(&work, document: document)
        mergeAdjacentRuns(&work, document: document)
        generalizeFacilitiesNamingRemovedPlaces(&work)

        let generalizer = Generalizer(bytes: document.bytes, nameable: nameable)
        var resolver = Resolver(engine: self, document: document, generalizer: generalizer, places: places)
        resolver.resolve(&work, pseudonyms: &pseudonyms)
        if !overrides.wording.isEmpty {
            for i in work.indices where work[i].coveredBy == nil && work[i].action.removesOriginal {
                if let text = overrides.wording[work[i].finding.range] {
                    work[i].replacement = text
                    work[i].reason += "; wording chosen by the editor"
                }
            }
        }
        return (work, inputs)
    }

    // MARK: - Rules

    /// The action and reason for one finding before overlaps are resolved.
    func initialDecision(_ f: Finding, key: String? = nil) -> (Action, String, DecisionBasis) {
        let key = key ?? TextFolding.key(f.text)
        let slot = f.category.ordinal
        let action = reasonParts[slot].action
        let c = f.category.rawValue
        if f.recognizer == "policy.deny" || deny.matches(folded: key) {
            return (.redact, "deny list: always redacted (deny wins over allow list and public entities)", .denyList)
        }
        if f.category == .term || f.category == .watchlist {
            return (action, "\(c) findings are always removed (categories.\(c).action: \(action.rawValue))", .alwaysRemoved)
        }
        if isAllowed(key) {
            return (.keep, "allow list", .allowList)
        }
        // A public figure found with the office before the name ("Chairman Kim Jong Un") is
        // allowed by the name alone.
        if let name = f.attributes[FindingAttribute.entityName], isAllowed(TextFolding.key(name)) {
            return (.keep, "allow list", .allowList)
        }
        if f.attributes[FindingAttribute.entity] == "public" {
            return (policy.publicEntities, publicReason, .publicEntity)
        }
        // `format` reads confidences in 0...1 from its table: so do the whole reasons.
        let x = f.confidence
        let tabled = x >= 0 && x <= 1 ? Int((x * 100).rounded()) : nil
        if x < reasonParts[slot].minConfidence {
            if let tabled { return (policy.belowConfidence, reasonParts[slot].belowReasons[tabled], .belowConfidence) }
            return (policy.belowConfidence, PolicyEngine.join("confidence ", PolicyEngine.format(x), reasonParts[slot].belowSuffix), .belowConfidence)
        }
        if let tabled { return (action, reasonParts[slot].actionReasons[tabled], .categoryRule) }
        return (action, PolicyEngine.join(reasonParts[slot].actionPrefix, PolicyEngine.format(x), reasonParts[slot].actionSuffix), .categoryRule)
    }

    /// Whether folded `key` is on the allow list.
    private func isAllowed(_ key: String) -> Bool {
        let n = key.utf8.count
        return (n >= 64 || allowLengths[n]) && allowKeys.contains(key)
    }

    /// `a + b + c`.
    static func join(_ a: String, _ b: String, _ c: String) -> String {
        var out = a
        out.reserveCapacity(a.utf8.count + b.utf8.count + c.utf8.count)
        out.append(b)
        out.append(c)
        return out
    }

    /// The wording `finding` (a place, facility or organization the policy generalizes) takes
    /// as the head of a noun phrase after a preposition ("a city in North Korea"): where a copy
    /// of its replacement for another occurrence starts from, before `SlotFitter` fits it to
    /// that occurrence's slot. Nil for other categories or when nothing general can be said.
    public func headWording(of finding: Finding) -> String? {
        guard finding.category.isPlace || finding.category == .facility || finding.category == .organization else { return nil }
        var bytes = Array("Seen in ".utf8)
        let lo = bytes.count
        bytes += Array(finding.text.utf8)
        let hi = bytes.count
        bytes += Array(" today.".utf8)
        var f = finding
        f.range = lo..<hi
        let rule = policy.rule(for: f.category)
        guard let g = Generalizer(bytes: bytes, nameable: nameable).generalize(f, rule: rule), g.start == nil, g.end == nil,
              !g.text.isEmpty, !Resolver.leaks(g.text, original: f.text) else { return nil }
        return g.text
    }

    /// Whether the policy lets `unit`'s name appear in published text.
    func nameable(_ unit: PlaceUnit) -> Bool {
        if deny.matches(unit.name) { return false }
        if isAllowed(TextFolding.key(unit.name)) { return true }
        return !policy.rule(for: unit.level).action.removesOriginal
    }

    /// A redaction placeholder for `category`, following `replacement` or the policy's style. A
    /// contact's kind (`FindingAttribute.contactKind`) names it in the `category` style:
    /// "[phone number]", "[web address]".
    func placeholder(_ category: Category, kind: String? = nil) -> String {
        let template = policy.rule(for: category).replacement.flatMap { $0.contains("{letter}") || $0.contains("{parent}") ? nil : $0 }
        let id = "ref-" + String((0..<6).map { _ in "0123456789abcdef".randomElement()! })
        if let template {
            return template.replacingOccurrences(of: "{category}", with: category.rawValue).replacingOccurrences(of: "{id}", with: id)
        }
        switch policy.placeholder {
        case .redacted: return "[redacted]"
        // A watch-list or deny-list hit of unknown kind says only that something was redacted.
        case .category where category == .term || category == .watchlist: return "[redacted]"
        case .category:
            if category == .contact, let kind, let words = PolicyEngine.contactWords[kind] { return "[\(words)]" }
            return "[\(category.rawValue)]"
        case .random: return "[\(id)]"
        }
    }

    /// "Hyesan Stadium": a facility the policy would keep or flag, whose name holds a place the
    /// policy removes, is generalized as a whole ("a stadium"); replacing the place alone would
    /// leave "a city in North Korea Stadium".
    private func generalizeFacilitiesNamingRemovedPlaces(_ work: inout [Work]) {
        // Places removed anywhere in the draft (folded), for facilities that hold one the detector
        // did not mark inside them (`the Harris County Jail` where `Harris County` is removed
        // elsewhere): kept as they are, they would publish the place the draft removes.
        // (By length, as UTF-8: each facility's key is looked up by its substrings of those
        // lengths, O(key length x distinct lengths), not compared with every removed place,
        // which was quadratic in a long draft.)
        var removedPlaces: [Int: Set<ArraySlice<UInt8>>]?
        for i in work.indices where (work[i].finding.category == .facility
                                     || work[i].finding.category == .organization && work[i].finding.attributes[FindingAttribute.entity] != "public")
                                     && !work[i].action.removesOriginal {
            let r = work[i].finding.range
            // Work is sorted by start (longest first): the places inside follow it.
            var j = i + 1
            var holds = false
            while j < work.count && work[j].finding.range.lowerBound < r.upperBound {
                if work[j].finding.category.isPlace, work[j].action.removesOriginal, work[j].finding.range.upperBound <= r.upperBound {
                    holds = true
                    break
                }
                j += 1
            }
            if !holds {
                if removedPlaces == nil {
                    var byLength: [Int: Set<ArraySlice<UInt8>>] = [:]
                    for w in work where w.finding.category.isPlace && w.action.removesOriginal {
                        let k = Array(TextFolding.key(w.finding.text).utf8)
                        if k.count >= 5 { byLength[k.count, default: []].insert(k[...]) }
                    }
                    removedPlaces = byLength
                }
                let key = Array(TextFolding.key(work[i].finding.text).utf8)
                holds = removedPlaces!.contains { length, keys in
                    guard length <= key.count else { return false }
                    for a in 0...(key.count - length) where keys.contains(key[a..<(a + length)]) { return true }
                    return false
                }
            }
            if holds {
                work[i].action = .generalize
                work[i].basis = .placeInName
                work[i].reason += "; generalized as a whole: its name holds a place the policy removes"
            }
        }
    }

    /// "Kangan-dong, Hyesan": a removing place followed by ", " or " " and its own enclosing
    /// place (also removing) is widened to take the enclosing place in.
    private func mergePlaceChains(_ work: inout [Work], document: Document) {
        guard work.count > 1 else { return }
        // Removing findings other than places that have started by the current place's start
        // and not yet ended, by end (a min-heap): whether a chain would cross one's end is read
        // from its top instead of a scan of every finding per place (quadratic in long drafts).
        // Work is sorted by start, and this pass widens only places.
        var open = Heap<Int>(precedes: <)
        var next = 0
        for i in work.indices where work[i].finding.category.isPlace && work[i].action.removesOriginal {
            let placeStart = work[i].finding.range.lowerBound
            while next < work.count && work[next].finding.range.lowerBound <= placeStart {
                if work[next].action.removesOriginal && !work[next].finding.category.isPlace {
                    open.push(work[next].finding.range.upperBound)
                }
                next += 1
            }
            while let top = open.top, top <= placeStart { open.pop() }
            var end = work[i].finding.range.upperBound
            var merged = false
            // Work is sorted by start: only the findings starting within a short appositive of the
            // end matter.
            var j = i + 1
            while j < work.count && work[j].finding.range.lowerBound <= end + 40 {
                defer { j += 1 }
                guard work[j].finding.category.isPlace && work[j].action.removesOriginal else { continue }
                let next = work[j].finding
                guard next.range.lowerBound > end else { continue }
                let gap = document.bytes[end..<next.range.lowerBound]
                guard gap.count <= 2 && gap.allSatisfy({ $0 == 0x20 || $0 == UInt8(ascii: ",") })
                        || PolicyEngine.isPlaceAppositive(gap) else { continue }
                let key = TextFolding.key(next.text)
                // Its enclosing place by name, or by level and country when the text spells the
                // name another way ("Hyesan, Yanggang Province" for Ryanggang Province).
                let hierarchy = work[i].finding.hierarchy
                let named = hierarchy.contains(where: { TextFolding.key($0.name) == key })
                let sameCountry = next.category != .country && hierarchy.last.map { $0.level == .country && next.hierarchy.last?.name == $0.name } == true
                    && hierarchy.contains(where: { $0.level == next.category })
                    && (next.category.placeLevel ?? 0) > (work[i].finding.category.placeLevel ?? 0)
                guard named || sameCountry else { continue }
                end = next.range.upperBound
                merged = true
            }
            // A chain that would run out of a removed descriptor around its first place ("a
            // nurse at ... in Tulsa" + ", Oklahoma") stays inside it: crossing its end would
            // merge the two into one placeholder.
            let start = work[i].finding.range.lowerBound
            func crosses(_ end: Int) -> Bool {
                // Some removing non-place finding with lowerBound <= start < upperBound < end.
                open.top.map { $0 < end } ?? false
            }
            if merged && crosses(end) { merged = false }
            if merged {
                // "living in Kangan-dong, Hyesan, was arrested": the comma closing the appositive
                // goes too, unless the place opens the sentence ("In Kangan-dong, Hyesan, people...")
                // or a descriptor around the place ends before it.
                let b = document.bytes
                if end + 2 < b.count, b[end] == UInt8(ascii: ","), b[end + 1] == 0x20, b[end + 2] >= 0x61, b[end + 2] <= 0x7A,
                   let prev = TextFit.previousWord(b, before: start), !TextFit.isSentenceStart(b, at: prev.start), !crosses(end + 1) {
                    end += 1
                }
                let range = start..<end
                work[i].finding.range = range
                work[i].finding.text = document.text(range)
                work[i].reason += "; replaced together with its enclosing place"
            }
        }
    }

    /// Whether `gap` is an appositive that describes the place before it by the one after it:
    /// ", a city in ", ", a border town in ", ", the capital of ".
    static func isPlaceAppositive(_ gap: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: gap, as: UTF8.self)
        guard text.hasPrefix(", "), text.hasSuffix(" in ") || text.hasSuffix(" of ") else { return false }
        let words = text.dropFirst(2).dropLast(4).split(separator: " ").map { $0.lowercased() }
        guard (2...4).contains(words.count), ["a", "an", "the"].contains(words[0]), let noun = words.last,
              Generalizer.unitNouns.contains(noun) else { return false }
        return words.dropFirst().allSatisfy { $0.allSatisfy { $0.isLetter || $0 == "-" } }
    }

    /// "Deputy Governor": removing findings of one category and one action separated only by
    /// spaces are replaced as one span (so the text does not read "a worker worker").
    ///
    /// The run is merged into its first member only: the later members stay as found (inside
    /// the merged span, so covered by it). Widening every member to the run's end made a run
    /// of n findings (2,000 e-mail addresses in a row) n spans of O(n) bytes each.
    private func mergeAdjacentRuns(_ work: inout [Work], document: Document) {
        var absorbed = [Bool](repeating: false, count: work.count)
        var i = 0
        while i < work.count {
            defer { i += 1 }
            guard !absorbed[i], work[i].action.removesOriginal, work[i].finding.category != .source else { continue }
            var end = work[i].finding.range.upperBound
            var merged = false
            var members: [Int] = []
            for j in (i + 1)..<work.count {
                let next = work[j].finding
                if next.range.lowerBound < end { continue }
                guard next.range.lowerBound > end, next.category == work[i].finding.category, work[j].action == work[i].action,
                      document.bytes[end..<next.range.lowerBound].allSatisfy({ $0 == 0x20 }) else { break }
                end = next.range.upperBound
                merged = true
                members.append(j)
            }
            for j in members { absorbed[j] = true }
            if merged {
                let range = work[i].finding.range.lowerBound..<end
                work[i].finding.range = range
                work[i].finding.text = document.text(range)
                work[i].reason += "; replaced together with the adjacent \(work[i].finding.category.rawValue) finding(s)"
            }
        }
    }

    /// Two decimals without Foundation's `String(format:)` (it dominated the policy's profile).
    static func format(_ x: Double) -> String {
        // Confidences and scores (0...1) from a table built by `formatted` itself.
        if x >= 0 && x <= 1 { return hundredths[Int((x * 100).rounded())] }
        return formatted(x)
    }

    private static let hundredths: [String] = (0...100).map { formatted(Double($0) / 100) }

    private static func formatted(_ x: Double) -> String {
        guard x.isFinite else { return "0.00" }
        let hundredths = Int((abs(x) * 100).rounded())
        let frac = hundredths % 100
        return (x < 0 && hundredths > 0 ? "-" : "") + "\(hundredths / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
    }
}

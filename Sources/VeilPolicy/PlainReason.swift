import VeilModel

/// Why a decision was made, in words for a reporter or an editor ("a city; the policy
/// generalizes cities to their province"), built from the decision's structured fields —
/// `basis`, `action`, the finding's category and contact kind, `coveredBy` — and the policy's
/// rules (which enclosing place level it keeps, which date form it uses). Never from the
/// `reason` string, which names configuration keys and stays for tooltips and JSON.
public enum PlainReason {
    /// The plain reason for `decision` under `policy`. `outer` is the decision whose
    /// replacement covers this one (`decisions[decision.coveredBy!]`), when there is one.
    public static func text(for decision: Decision, policy: Policy, outer: Decision? = nil) -> String {
        let f = decision.finding
        let c = f.category
        let what = singular(c, contactKind: f.attributes[FindingAttribute.contactKind])
        if decision.coveredBy != nil {
            let around = outer.map { singular($0.finding.category, contactKind: $0.finding.attributes[FindingAttribute.contactKind]) }
            return "\(what) inside a longer passage (\(around ?? "another finding")) that is replaced as a whole"
        }
        switch decision.basis {
        case .denyList:
            return "\(what) that contains a term on the policy's deny list, so it is always removed"
        case .alwaysRemoved:
            return c == .watchlist ? "a term on the watch-list: always removed, whatever the policy"
                                   : "a term you asked to remove (--term): always removed, whatever the policy"
        case .allowList:
            return "on the policy's allow list, so it stays as written"
        case .publicEntity:
            return "a public \(c == .person ? "figure" : "body or place") (\(what)); the policy "
                + (decision.action == .flag ? "leaves public entities in place but asks you to check them" : "leaves public entities as they are")
        case .belowConfidence:
            return "possibly \(what), but the detector is not sure (confidence \(hundredths(f.confidence)), below the "
                + "\(hundredths(policy.rule(for: c).minConfidence)) the policy acts on), so "
                + (decision.action == .flag ? "it is left in place for you to check" : "it is left as it is")
        case .ownWording:
            return "already worded the way this policy words it (a pseudonym, a placeholder or a generalization), so it stays"
        case .placeInName:
            return "\(what) whose name holds a place the policy removes, so the whole name is generalized"
        case .noSafeGeneralization:
            return "\(what); the policy generalizes \(plural(c)), but nothing less specific could be said safely here, so it is removed"
        case .mergedOverlap:
            return "\(what) that overlaps another finding; both are removed together"
        case .publicRole:
            return publicRole(decision, what: what, policy: policy)
        case .categoryRule:
            let rule = policy.rule(for: c)
            if c == .source && !decision.action.removesOriginal && rule.action.removesOriginal {
                return "an anonymous source with nothing attached that the policy strips, so it stays as written"
            }
            return "\(what); the policy " + doing(decision.action, category: c, policy: policy)
        }
    }

    /// What the policy does to a category under `action`, as a verb phrase
    /// ("generalizes cities to their province", "replaces names with a consistent pseudonym").
    static func doing(_ action: Action, category c: Category, policy: Policy) -> String {
        let many = plural(c)
        switch action {
        case .keep: return "leaves \(many) as they are"
        case .flag: return "leaves \(many) in place but asks you to check them"
        case .redact: return "removes \(many)"
        case .pseudonymize: return "replaces \(many) with a consistent pseudonym (the same one every time)"
        case .generalize: break
        }
        let rule = policy.rule(for: c)
        switch c {
        case .neighborhood, .city, .province, .country:
            let parent = keptParent(of: c, policy: policy)
            switch rule.form ?? .parent {
            case .noun: return "replaces \(many) with the kind of place they are (\u{201C}a \(PlaceWording.noun(c))\u{201D})"
            case .name:
                return parent.map { "replaces \(many) with the name of their \(levelWord($0))" } ?? "replaces \(many) with the kind of place they are"
            default:
                return parent.map { "generalizes \(many) to their \(levelWord($0))" } ?? "replaces \(many) with the kind of place they are"
            }
        case .date:
            switch rule.form ?? .year {
            case .month: return "keeps only the month and year of dates"
            case .season: return "keeps only the year or the season of dates"
            case .vague: return "replaces dates with a vague expression (\u{201C}several years ago\u{201D})"
            default: return "keeps only the year of dates (or the month, when no year is given)"
            }
        case .age: return "replaces ages with an age range"
        case .amount: return "replaces sums with their order of magnitude"
        case .occupation: return "replaces occupations with a more general role"
        case .person: return "replaces names with \u{201C}a person\u{201D}"
        case .facility: return "replaces facilities with the kind of place they are"
        case .organization: return "replaces organizations with the kind of body they are"
        case .source: return "rewrites source descriptions without the details that could point to the source"
        case .contact, .term, .watchlist: return "removes \(many)"
        }
    }

    /// The nearest enclosing level of place whose names the policy lets the text keep.
    static func keptParent(of c: Category, policy: Policy) -> Category? {
        let levels: [Category] = [.neighborhood, .city, .province, .country]
        guard let i = levels.firstIndex(of: c) else { return nil }
        return levels[(i + 1)...].first { !policy.rule(for: $0).action.removesOriginal }
    }

    static func levelWord(_ c: Category) -> String {
        switch c {
        case .city: return "city"
        case .province: return "province"
        case .country: return "country"
        default: return c.rawValue
        }
    }

    /// One detail of a category, with its article ("a city", "a phone number").
    public static func singular(_ c: Category, contactKind: String? = nil) -> String {
        switch c {
        case .person: return "a person's name"
        case .neighborhood: return "a neighborhood"
        case .city: return "a city"
        case .province: return "a province"
        case .country: return "a country"
        case .facility: return "a building or facility"
        case .organization: return "an organization"
        case .date: return "a date"
        case .age: return "an age"
        case .amount: return "a sum of money"
        case .source: return "an anonymous source"
        case .occupation: return "an occupation or role"
        case .contact:
            if let kind = contactKind, let words = PolicyEngine.contactWords[kind] {
                return (words.first.map { "aeiouAEIOU".contains($0) } == true ? "an " : "a ") + words
            }
            return "a contact detail"
        case .watchlist: return "a term on the watch-list"
        case .term: return "a term you asked to remove"
        }
    }

    /// The category's details in the plural ("cities", "names").
    public static func plural(_ c: Category) -> String {
        switch c {
        case .person: return "names"
        case .neighborhood: return "neighborhoods"
        case .city: return "cities"
        case .province: return "provinces"
        case .country: return "countries"
        case .facility: return "facilities"
        case .organization: return "organizations"
        case .date: return "dates"
        case .age: return "ages"
        case .amount: return "sums"
        case .source: return "descriptions of anonymous sources"
        case .occupation: return "occupations"
        case .contact: return "contact details"
        case .watchlist: return "watch-list terms"
        case .term: return "terms you asked to remove"
        }
    }

    /// "0.42".
    static func hundredths(_ x: Double) -> String {
        guard x.isFinite else { return "0.00" }
        let h = Int((min(max(x, 0), 1) * 100).rounded())
        return "\(h / 100).\(h % 100 < 10 ? "0" : "")\(h % 100)"
    }

    /// A `roles:` decision in plain words: who the finding is in the story's public side, and
    /// what the policy does with it.
    static func publicRole(_ d: Decision, what: String, policy: Policy) -> String {
        let f = d.finding
        let who: String
        switch f.attributes[FindingAttribute.credit] {
        case "byline": who = "the outlet's reporter, in a byline"
        case "photo": who = "a photographer, in a photo credit"
        case "dateline": who = "\(what) in the dateline, where the outlet reports from"
        default:
            who = f.category == .occupation ? "a public office, named as such"
                : "a person named in a public role (\(f.attributes[FindingAttribute.publicRole] ?? "office"))"
        }
        switch d.action {
        case .keep: return "\(who); the policy keeps it as written"
        case .flag: return "\(who); left in place for you to check"
        case .pseudonymize: return "\(who); the policy replaces the name with a pseudonym and keeps the role word"
        case .generalize: return "\(who); the policy names only its country"
        default: return "\(who); the policy withholds the name and keeps the role word"
        }
    }
}

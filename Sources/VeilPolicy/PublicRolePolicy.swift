import VeilModel

/// Which of the policy's `roles:` rules decides a finding.
enum RoleKind: Sendable, Hashable {
    /// A person named with a public office or an on-record role (`roles.public_officials`).
    case publicOfficial
    /// An occupation that is a public office ("the judge", "police chief"): the role word,
    /// always kept (a role word is never relabelled; only the name beside it may be hidden).
    case office
    /// A name in a byline (`roles.bylines`).
    case byline
    /// A place in a dateline (`roles.datelines`).
    case dateline
    /// A name in a photo credit (`roles.photo_credits`).
    case photoCredit
}

/// Public roles and credit lines: the `roles:` rules, applied after the deny list, the
/// watch-list and term rules, the allow list and the public-entity rule, and before the
/// confidence threshold and the category's action (documented in policies/README.md).
extension PolicyEngine {
    /// The role rule that applies to `f`, if any (from the detector's attributes).
    func roleKind(_ f: Finding) -> RoleKind? {
        switch f.category {
        case .person:
            switch f.attributes[FindingAttribute.credit] {
            case "byline": return .byline
            case "photo": return .photoCredit
            default: return f.attributes[FindingAttribute.publicRole] != nil ? .publicOfficial : nil
            }
        case .occupation:
            return f.attributes[FindingAttribute.office] == "public" ? .office : nil
        case .neighborhood, .city, .province, .country:
            // (A country is what a generalized dateline names: it follows the country rule.)
            if f.category == .country && policy.roles.datelines == .generalize { return nil }
            return f.attributes[FindingAttribute.credit] == "dateline" ? .dateline : nil
        default:
            // A date or an agency in a dateline is kept with it; generalized, it follows its own rule.
            return f.attributes[FindingAttribute.credit] == "dateline" && policy.roles.datelines == .keep ? .dateline : nil
        }
    }

    /// The action a role rule gives.
    func roleAction(_ kind: RoleKind) -> Action {
        switch kind {
        case .publicOfficial: return policy.roles.publicOfficials
        case .office: return .keep
        case .byline: return policy.roles.bylines
        case .dateline: return policy.roles.datelines
        case .photoCredit: return policy.roles.photoCredits
        }
    }

    /// The reason an editor reads for a role decision.
    func roleReason(_ kind: RoleKind, _ f: Finding, _ action: Action) -> String {
        let p = "the \(policy.name) policy"
        switch kind {
        case .publicOfficial:
            let role = f.attributes[FindingAttribute.publicRole] ?? "office"
            let named = f.attributes[FindingAttribute.publicRoleForm] == "inherited"
                ? "a later mention of a person named in a public role (\(role))" : "named in a public role (\(role))"
            switch action {
            case .keep: return "\(named); \(p) keeps public officials (roles.public_officials: keep)"
            case .flag: return "\(named); shown to the editor, not changed (roles.public_officials: flag)"
            case .pseudonymize: return "\(named); \(p) replaces the name with a pseudonym and keeps the role word (roles.public_officials: pseudonymize)"
            default: return "\(named); \(p) withholds the name and keeps the role word (roles.public_officials: \(action.rawValue))"
            }
        case .office:
            return "a public office, named as such; the role word is kept whatever becomes of a name beside it (roles.public_officials: \(policy.roles.publicOfficials.rawValue))"
        case .byline, .photoCredit:
            let (what, key, plural) = kind == .byline ? ("the outlet's reporter, in a byline", "bylines", "bylines")
                : ("a photographer, in a photo credit", "photo_credits", "photo credits")
            switch action {
            case .keep: return "\(what); \(p) keeps \(plural) (roles.\(key): keep)"
            case .flag: return "\(what); shown to the editor, not changed (roles.\(key): flag)"
            default: return "\(what); \(p) does not publish the name (roles.\(key): \(action.rawValue))"
            }
        case .dateline:
            if action == .keep {
                return "in the dateline, where the outlet reports from; \(p) keeps datelines (roles.datelines: keep)"
            }
            return "in the dateline, where the outlet reports from; \(p) names only its country (roles.datelines: generalize)"
        }
    }

    /// Roles a private person takes on record ("a lawyer for the family", "rights activist"):
    /// on the detector's list of on-record roles, but no public office.
    static func isPrivateOnRecordRole(_ role: String) -> Bool {
        guard let head = role.lowercased().split(separator: " ").last else { return false }
        return ["lawyer", "attorney", "barrister", "activist"].contains(String(head))
    }

    static func privateOnRecordReason(_ role: String, _ f: Finding, policy: String, action: Action) -> String {
        let named = f.attributes[FindingAttribute.publicRoleForm] == "inherited"
            ? "a later mention of a person named on record as \(role)" : "named on record as \(role)"
        return "\(named), which is no public office: a private person, so the \(policy) policy's person rule applies and the role word is kept (categories.person.action: \(action.rawValue))"
    }

    /// Applies the role rules to the initial decisions: after the deny list, term and
    /// watch-list findings, the allow list and public entities, which keep their decisions.
    func assignRoles(_ work: inout [Work]) {
        // A dateline place the draft removes elsewhere ("Khartoum" in a caption) is removed in
        // the dateline too (the leak check would remove it anyway), and the dateline's date and
        // agency then follow their own rules: "January 19, 2019 (a city in Sudan)" would be no
        // dateline when audited again.
        var removedElsewhere: Set<String> = []
        for w in work where w.finding.category.isPlace && w.action.removesOriginal && roleKind(w.finding) != .dateline {
            removedElsewhere.insert(TextFolding.key(w.finding.text))
        }
        var broken: [Int] = []
        if policy.roles.datelines == .keep && !removedElsewhere.isEmpty {
            for w in work where w.finding.category.isPlace && roleKind(w.finding) == .dateline
                && removedElsewhere.contains(TextFolding.key(w.finding.text)) {
                broken.append(w.finding.range.lowerBound)
            }
            broken.sort()
        }
        func inBrokenDateline(_ r: Range<Int>) -> Bool {
            guard !broken.isEmpty else { return false }
            let k = Resolver.lastIndex(in: broken, atMost: r.lowerBound + 120)
            return k >= 0 && abs(broken[k] - r.lowerBound) <= 120 || k + 1 < broken.count && abs(broken[k + 1] - r.lowerBound) <= 120
        }
        for i in work.indices {
            let f = work[i].finding
            guard f.category != .term, f.category != .watchlist, let kind = roleKind(f) else { continue }
            if kind == .dateline && inBrokenDateline(f.range) { continue }
            // The deny list, the allow list and public entities keep their decisions (by basis,
            // not by the wording of the reason).
            if [.denyList, .allowList, .publicEntity].contains(work[i].basis)
                || f.attributes[FindingAttribute.entity] == "public" { continue }
            var action = roleAction(kind)
            var reason = roleReason(kind, f, action)
            // A lawyer or an activist named on record holds no public office: a private person
            // (the annotation guidelines' PERSON), whose name follows the person rule when that
            // removes more than the office rule would; the role word beside it stays.
            if kind == .publicOfficial, let role = f.attributes[FindingAttribute.publicRole],
               PolicyEngine.isPrivateOnRecordRole(role), !roleAction(kind).removesOriginal {
                let person = policy.rule(for: .person).action
                if person.removesOriginal {
                    action = person
                    reason = PolicyEngine.privateOnRecordReason(role, f, policy: policy.name, action: person)
                }
            }
            work[i].action = action
            work[i].reason = reason
            work[i].role = kind
            work[i].basis = .publicRole
        }
    }

    /// The replacement of a public official's name that keeps the role word: "Judge Person A",
    /// "Judge [person]"; a name whose role stands beside it ("police chief Si Kiri") or was
    /// given earlier ("Ortega said") is replaced alone. Veil's own wording met again ("Judge
    /// [person]") is kept. Returns false when the finding is no public official's to word.
    func wordPublicOfficial(_ w: inout Work, pseudonyms: inout PseudonymTable) -> Bool {
        guard w.role == .publicOfficial, w.action == .pseudonymize || w.action == .redact else { return false }
        let f = w.finding
        var prefix = ""
        var name = f.text
        if f.attributes[FindingAttribute.publicRoleForm] == "title", let role = f.attributes[FindingAttribute.publicRole] {
            let n = role.split(separator: " ").count
            let parts = f.text.split(separator: " ", omittingEmptySubsequences: false)
            if parts.count > n {
                prefix = parts.prefix(n).joined(separator: " ") + " "
                name = parts.dropFirst(n).joined(separator: " ")
            }
        }
        if isOwnPseudonym(name) || PolicyEngine.isPlaceholder(name) {
            w.action = .keep
            w.ownWording = true
            w.residual = 0
            w.reason += "; already worded as this policy words it (the role word and a pseudonym or placeholder), kept"
            return true
        }
        if w.action == .redact {
            w.replacement = prefix + placeholder(.person)
            w.residual = 0
        } else {
            let template = policy.rule(for: .person).replacement.flatMap { Resolver.contains($0, "{letter}") ? $0 : nil } ?? "Person {letter}"
            w.replacement = prefix + Resolver.pseudonym(&pseudonyms, for: name, category: .person,
                                                        surname: f.attributes[FindingAttribute.surname], template: template)
            w.residual = 0
        }
        return true
    }
}

import VeilModel
import XCTest
@testable import VeilPolicy

/// Actions, precedence, deny-list matching, pseudonyms, overlaps and coverage.
final class PolicyEngineTests: XCTestCase {
    private func policy(_ body: String) throws -> Policy {
        try Policy.parse(yaml: "version: 1\nextends: standard\n" + body, file: "test.yaml")
    }

    func testRedactPlaceholderCarriesNothingOfTheOriginal() throws {
        var d = Draft("Kim Chol and Pak Yong-hwan-sun met Ri.")
        d.add("Kim Chol", .person)
        d.add("Pak Yong-hwan-sun", .person)
        d.add("Ri", .person)
        let byCategory = try policy("categories:\n  person: { action: redact }\n")
        let out = d.decide(byCategory)
        assertFullCoverage(out)
        XCTAssertEqual(d.apply(out), "[person] and [person] met [person].")
        XCTAssertTrue(out.decisions.allSatisfy { $0.action == .redact && $0.reason.contains("categories.person.action: redact") })

        XCTAssertEqual(d.published(try policy("placeholder: redacted\ncategories:\n  person: { action: redact }\n")),
                       "[redacted] and [redacted] met [redacted].")
        let random = d.decide(try policy("placeholder: random\ncategories:\n  person: { action: redact }\n"))
        let ids = random.decisions.compactMap(\.replacement)
        XCTAssertEqual(ids.count, 3)
        XCTAssertEqual(Set(ids).count, 3, "a random id per occurrence links nothing")
        for id in ids {
            XCTAssertEqual(id.count, 12, "same length whatever the original's length")
            XCTAssertTrue(id.hasPrefix("[ref-") && id.hasSuffix("]"))
        }
        XCTAssertEqual(d.published(try policy("categories:\n  person: { action: redact, replacement: \"[name withheld]\" }\n")),
                       "[name withheld] and [name withheld] met [name withheld].")
    }

    func testAllowListNamesAPublicFigureFoundWithAnOffice() throws {
        var d = Draft("Chairman Kim Jong Un met President Xi Jinping.")
        d.add("Chairman Kim Jong Un", .person, attributes: [FindingAttribute.entity: "public", FindingAttribute.entityName: "Kim Jong Un"])
        d.add("President Xi Jinping", .person, attributes: [FindingAttribute.entity: "public", FindingAttribute.entityName: "Xi Jinping"])
        let p = try policy("public_entities: flag\nallow:\n  - Kim Jong Un\n")
        let out = d.decide(p)
        XCTAssertEqual(out.decisions.map(\.action), [.keep, .flag])
        XCTAssertEqual(out.decisions[0].reason, "allow list")
    }

    func testKeepAndFlagLeaveTheTextAndSayWhy() throws {
        var d = Draft("An agent from the Ministry of State Security visited Hyesan Market.")
        d.add("agent", .occupation)
        d.add("Ministry of State Security", .organization, attributes: [FindingAttribute.entity: "public"])
        d.add("Hyesan Market", .facility)
        // (Standard generalizes facilities since issue 10: the flag is this desk's choice.)
        let out = d.decide(try policy("categories:\n  facility: { action: flag }\n"))
        XCTAssertEqual(d.apply(out), d.document.text)
        XCTAssertEqual(out.decisions.map(\.action), [.flag, .keep, .flag])
        XCTAssertTrue(out.decisions.allSatisfy { $0.replacement == nil })
        XCTAssertEqual(out.decisions[1].reason, "allow list")
        XCTAssertTrue(out.decisions[0].reason.contains("categories.occupation.action: flag"))
        // Without the allow entry, the public-entity rule keeps it.
        let noAllow = try Policy.parse(yaml: "version: 1\ncategories:\n  occupation: { action: flag }\n  facility: { action: flag }\n", file: "p.yaml")
        XCTAssertTrue(d.decide(noAllow).decisions[1].reason.hasPrefix("public entity"))
        XCTAssertEqual(d.decide(noAllow).decisions[1].action, .keep)
    }

    func testBelowMinConfidenceFollowsBelowConfidence() throws {
        var d = Draft("He met Pak in Musan.")
        d.add("Pak", .person, confidence: 0.3)
        d.add("Musan", .city, confidence: 0.45)
        let out = d.decide(.standard)
        XCTAssertEqual(out.decisions.map(\.action), [.flag, .flag])
        XCTAssertTrue(out.decisions[0].reason.contains("confidence 0.30 below categories.person.min_confidence 0.50"), out.decisions[0].reason)
        XCTAssertEqual(d.decide(try policy("below_confidence: keep\n")).decisions.map(\.action), [.keep, .keep])
        // At or above the threshold the category action applies.
        XCTAssertEqual(d.decide(try policy("categories:\n  person: { min_confidence: 0.3 }\n")).decisions[0].action, .pseudonymize)
    }

    func testTermsAndWatchlistAreRemovedEvenWhenAllowListedOrPublic() throws {
        var d = Draft("The code word was Daily NK and Jade.")
        d.add("Daily NK", .term, attributes: [FindingAttribute.entity: "public"])
        d.add("Jade", .watchlist, confidence: 0.01)
        let out = d.decide(.standard)
        XCTAssertEqual(out.decisions.map(\.action), [.redact, .redact])
        XCTAssertEqual(d.apply(out), "The code word was [redacted] and [redacted].")
    }

    func testDenyWinsOverAllowAndPublicEntities() throws {
        var d = Draft("Daily NK reported it. Kim Jong Un spoke.")
        d.add("Daily NK", .organization, attributes: [FindingAttribute.entity: "public"])
        d.add("Kim Jong Un", .person, attributes: [FindingAttribute.entity: "public"])
        XCTAssertEqual(d.published(.standard), d.document.text, "allow-listed and public entities are kept")
        let denying = try policy("deny: [daily nk]\n")
        XCTAssertTrue(denying.allow.contains("Daily NK"), "the allow entry is still there")
        let out = d.decide(denying)
        assertFullCoverage(out)
        XCTAssertEqual(d.apply(out), "[organization] reported it. Kim Jong Un spoke.", "replaced once, by the finding of the same span")
        let org = out.decisions.first { $0.finding.category == .organization }!
        XCTAssertEqual(org.action, .redact)
        XCTAssertTrue(org.reason.hasPrefix("deny list"))
    }

    func testDenyMatchesAcrossCaseDiacriticsAndSpacing() throws {
        let d = Draft("Kang Mi-jin wrote. KANG MIJIN again; Káng  Mi‐Jin too; kang mi jin; Kangmijinx is another word; xKang Mi Jin too.")
        let denying = try policy("deny: [Kang Mi-jin]\n")
        let out = d.decide(denying)
        assertFullCoverage(out)
        XCTAssertEqual(out.decisions.count, 4)
        XCTAssertTrue(out.decisions.allSatisfy { $0.finding.recognizer == "policy.deny" && $0.action == .redact })
        XCTAssertEqual(d.apply(out), "[redacted] wrote. [redacted] again; [redacted] too; [redacted]; Kangmijinx is another word; xKang Mi Jin too.")
        // The scan is spacing-insensitive in the other direction too.
        let spaced = Draft("Their codename was Blue Heron.")
        XCTAssertEqual(spaced.published(try policy("deny: [\"BLUE-HERON\"]\n")), "Their codename was [redacted].")
    }

    func testAsciiFoldingAgreesWithTextFolding() {
        for b in UInt8(0)..<0x80 {
            let expected = TextFolding.key(String(UnicodeScalar(b)))
            let folded = DenyScanner.asciiFold(b).map { String(UnicodeScalar($0)) } ?? ""
            XCTAssertEqual(folded, expected, "byte \(b)")
        }
        let text = "Ça  va, Müller-Lüdenscheidt! Ｋａｎｇ e\u{301}"
        let (folded, origin) = DenyScanner.fold(Array(text.utf8))
        XCTAssertEqual(String(decoding: folded, as: UTF8.self), TextFolding.key(text))
        XCTAssertEqual(folded.count, origin.count)
    }

    func testPseudonymsAreConsistentAcrossDraftsAndLinkSurnames() throws {
        var table = PseudonymTable()
        var first = Draft("Choe Myong-il met Kim Song-hui. Later Choe left.")
        first.add("Choe Myong-il", .person, attributes: [FindingAttribute.surname: "Choe"])
        first.add("Kim Song-hui", .person)
        first.add("Choe", .person, occurrence: 1)
        XCTAssertEqual(first.apply(first.decide(.standard, table: &table)), "Person A met Person B. Later Person A left.")

        // The next draft of the story: same table, different order, different spelling.
        let sealed = try JSONEncoder().encode(table)
        var restored = try JSONDecoder().decode(PseudonymTable.self, from: sealed)
        XCTAssertEqual(restored, table)
        var second = Draft("KIM SONG HUI and Ri Chol spoke; choe myong il did not.")
        second.add("KIM SONG HUI", .person)
        second.add("Ri Chol", .person)
        second.add("choe myong il", .person)
        XCTAssertEqual(second.apply(second.decide(.standard, table: &restored)), "Person B and Person C spoke; Person A did not.")

        // A surname seen before the full name: the full name adopts its pseudonym.
        var early = PseudonymTable()
        XCTAssertEqual(early.number(for: "Jang", category: .person), 0)
        XCTAssertEqual(early.number(for: "Kim Chol", category: .person), 1)
        XCTAssertEqual(early.number(for: "Jang Song-thaek", category: .person), 0)
        XCTAssertEqual(early.number(for: "Kim Yong", category: .person), 2, "a second Kim is another person")
        XCTAssertEqual(early.number(for: "Kim", category: .person), 1, "a bare surname goes to the first full name")
        // The end of a longer name is that person; a name ending in another's last word is not.
        var tail = PseudonymTable()
        XCTAssertEqual(tail.number(for: "Mahmoud Abu Hasira", category: .person, surname: "Hasira"), 0)
        XCTAssertEqual(tail.number(for: "Abu Hasira", category: .person, surname: "Hasira"), 0)
        XCTAssertEqual(tail.number(for: "Joann Lee", category: .person), 1)
        XCTAssertEqual(tail.number(for: "Ann Lee", category: .person), 2, "'ann lee' is no whole-word end of 'joann lee'")
        // A story file sealed before the table of whole names existed still opens.
        let old = Data(#"{"entries":{"person|kimchol":0},"surnames":{"kim":0},"unclaimedSurnames":[],"counters":{"person":1}}"#.utf8)
        var reopened = try JSONDecoder().decode(PseudonymTable.self, from: old)
        XCTAssertEqual(reopened.number(for: "Kim Chol", category: .person), 0)
        XCTAssertEqual(reopened.number(for: "Ri Su", category: .person), 1)
        XCTAssertEqual(PseudonymTable.letters(0), "A")
        XCTAssertEqual(PseudonymTable.letters(25), "Z")
        XCTAssertEqual(PseudonymTable.letters(26), "AA")
        XCTAssertEqual(PseudonymTable.letters(27), "AB")
    }

    func testContainedFindingsAreCoveredByTheOuterOne() throws {
        var d = Draft("He was held at Hyesan Market Management Office in 2019.")
        d.add("Hyesan Market Management Office", .facility)
        d.add("Hyesan", .city, hierarchy: Seed.hyesanHierarchy)
        d.add("2019", .date, attributes: [FindingAttribute.dateKind: "year"])
        let redactFacilities = try policy("categories:\n  facility: { action: redact }\n")
        let out = d.decide(redactFacilities)
        assertFullCoverage(out)
        XCTAssertEqual(d.apply(out), "He was held at [facility] in 2019.")
        let city = out.decisions.first { $0.finding.category == .city }!
        XCTAssertEqual(out.decisions[city.coveredBy!].finding.category, .facility)
        XCTAssertNil(city.replacement)
        // When the outer finding is only flagged, replacing the place inside alone would read "a
        // city in North Korea Market Management Office": the facility is generalized as a whole.
        let flagged = d.decide(try policy("categories:\n  facility: { action: flag }\n"))
        assertFullCoverage(flagged)
        XCTAssertEqual(d.apply(flagged), "He was held at an office in 2019.")
        let facility = try XCTUnwrap(flagged.decisions.first { $0.finding.category == .facility })
        XCTAssertEqual(facility.action, .generalize)
        XCTAssertTrue(facility.reason.contains("holds a place"), facility.reason)
    }

    func testStandardGeneralizesNamedFacilities() throws {
        // Issue 10: a named market, jail or clinic locates the people in it. Before, standard
        // flagged facilities and published "Evin Prison" as written (134 of 882 train-side
        // survivors were facilities); now standard generalizes them by their kind.
        var d = Draft("He was held at Evin Prison for a year.")
        d.add("Evin Prison", .facility)
        let before = d.decide(try policy("categories:\n  facility: { action: flag }\n"))
        XCTAssertEqual(d.apply(before), "He was held at Evin Prison for a year.")
        XCTAssertEqual(before.decisions.first { $0.finding.category == .facility }?.action, .flag)
        let after = d.decide(.standard)
        assertFullCoverage(after)
        XCTAssertEqual(d.apply(after), "He was held at a prison for a year.")
        let facility = try XCTUnwrap(after.decisions.first { $0.finding.category == .facility })
        XCTAssertEqual(facility.action, .generalize)
        XCTAssertTrue(facility.reason.contains("categories.facility.action: generalize"), facility.reason)
    }

    func testNamesHoldingAPlaceRemovedElsewhereAreGeneralized() throws {
        // The place is found only outside the facility and the organization: kept as they are,
        // "the Harris County Jail" would publish what "the Harris County Sheriff's Office" lost.
        var d = Draft("She worked at the Harris County Jail and wrote to the Texas Commission on Jail Standards. The Harris County deputies and Texas officials did not reply.")
        d.add("Harris County Jail", .facility)
        d.add("Texas Commission on Jail Standards", .organization)
        d.add("Harris County", .city, occurrence: 1, hierarchy: [PlaceUnit(name: "United States", level: .country)])
        d.add("Texas", .province, occurrence: 1, hierarchy: [PlaceUnit(name: "United States", level: .country)])
        let out = d.decide(try policy("categories:\n  facility: { action: flag }\n"))
        XCTAssertEqual(d.apply(out), "She worked at the jail and wrote to the commission. The county deputies and the United States officials did not reply.")
        XCTAssertTrue(out.decisions.filter { [.facility, .organization].contains($0.finding.category) }.allSatisfy { $0.reason.contains("holds a place") })
    }

    func testContactPlaceholderNamesItsKind() throws {
        var d = Draft("Call 010-1234 or see example.org, from 203.0.113.7, or write to DE64100200300400500600.")
        d.add("010-1234", .contact, attributes: [FindingAttribute.contactKind: "phone"])
        d.add("example.org", .contact, attributes: [FindingAttribute.contactKind: "url"])
        d.add("203.0.113.7", .contact, attributes: [FindingAttribute.contactKind: "ip"])
        d.add("DE64100200300400500600", .contact)
        XCTAssertEqual(d.apply(d.decide(.standard)),
                       "Call [phone number] or see [web address], from [IP address], or write to [contact].")
    }

    func testPartialOverlapsAreRedactedAsOneUnion() throws {
        var d = Draft("Call Pak Chol Su on 010-1234.")
        d.add("Pak Chol", .person)
        d.add("Chol Su on 010", .contact)
        d.add("010-1234", .contact)
        let out = d.decide(.standard)
        assertFullCoverage(out)
        XCTAssertEqual(d.apply(out), "Call [contact].")
        let primary = out.decisions.first { $0.coveredBy == nil && $0.action.removesOriginal }!
        XCTAssertEqual(primary.finding.text, "Pak Chol Su on 010-1234")
        XCTAssertTrue(primary.reason.contains("union"), primary.reason)
        XCTAssertEqual(out.decisions.filter { $0.coveredBy != nil }.count, 2)
    }

    func testAdjacentFindingsStaySeparate() throws {
        var d = Draft("Pak Chol010-1234 and Ri")
        d.add("Pak Chol", .person)
        d.add("010-1234", .contact)
        d.add("Ri", .person)
        let out = d.decide(.standard)
        assertFullCoverage(out)
        XCTAssertEqual(d.apply(out), "Person A[contact] and Person B")
        XCTAssertTrue(out.decisions.allSatisfy { $0.coveredBy == nil })
    }

    /// Random findings over a text: coverage and non-overlap hold whatever the mix.
    func testCoverageHoldsForRandomFindings() throws {
        let text = String(repeating: "On Nov. 10 a source in Hyesan met Kim Chol, 43, a trader, and paid 3,000 yuan. ", count: 3)
        let base = Draft(text)
        var generator = SystemRandomNumberGenerator()
        let categories = Category.allCases
        for policy in [Policy.standard, try Policy.named("strict"), try Policy.named("minimal")] {
            for _ in 0..<200 {
                var d = base
                for _ in 0..<Int.random(in: 1...12, using: &generator) {
                    var a = Int.random(in: 0..<(text.utf8.count - 1), using: &generator)
                    var b = min(text.utf8.count, a + Int.random(in: 1...40, using: &generator))
                    let bytes = Array(text.utf8)
                    while a > 0 && bytes[a] & 0xC0 == 0x80 { a -= 1 }
                    while b < bytes.count && bytes[b] & 0xC0 == 0x80 { b += 1 }
                    let category = categories.randomElement(using: &generator)!
                    var qualifiers: [Qualifier] = []
                    if category == .source && b - a > 4 {
                        let q = (a + 2)..<(b - 1)
                        qualifiers = [Qualifier(kind: .place, text: String(decoding: bytes[q], as: UTF8.self), range: q, placeLevel: .city)]
                    }
                    d.findings.append(Finding(range: a..<b, text: String(decoding: bytes[a..<b], as: UTF8.self), category: category,
                                              confidence: Double.random(in: 0...1, using: &generator), recognizer: "random", explanation: "",
                                              hierarchy: [Seed.ryanggang, Seed.northKorea], qualifiers: qualifiers))
                }
                let out = d.decide(policy)
                assertFullCoverage(out)
                XCTAssertGreaterThanOrEqual(out.decisions.count, d.findings.count)
                // A random span can be exactly the word "source", which the `[{category}]` template of
                // another finding spells too; `veil redact`'s re-scan refuses such output
                // (OutputCheckTests), so only real originals are checked here.
                let placeholderWords = Set(Category.allCases.map(\.rawValue))
                let removed = DenyScanner(terms: out.decisions.filter { $0.action.removesOriginal }.map(\.finding.text)
                    .filter { !placeholderWords.contains($0.trimmingCharacters(in: .whitespaces).lowercased()) })
                for r in out.decisions.compactMap(\.replacement) {
                    XCTAssertFalse(removed.occurs(in: r), "a replacement repeats a removed original: \(r)")
                }
                _ = d.apply(out)
            }
        }
    }

    func testNoReplacementRepeatsAnOriginalRemovedElsewhere() throws {
        // "merchant" generalizes to "trader", an original removed elsewhere in the draft (here
        // as a name: the occupation class "trader" itself is kept, already the ladder's wording).
        var d = Draft("A merchant met a Trader in Hyesan.")
        d.add("merchant", .occupation)
        d.add("Trader", .person)
        d.add("Hyesan", .city, hierarchy: Seed.hyesanHierarchy)
        let strict = try Policy.named("strict")
        let out = d.decide(strict)
        assertFullCoverage(out)
        let text = d.apply(out)
        XCTAssertEqual(text, "A [occupation] met a [person] in North Korea.")
        let merchant = out.decisions.first { $0.finding.text == "merchant" }!
        XCTAssertTrue(merchant.reason.contains("would repeat a detail removed elsewhere"), merchant.reason)
        // Every removed original is gone from the published text (on word boundaries).
        let originals = out.decisions.filter { $0.action.removesOriginal }.map(\.finding.text)
        XCTAssertFalse(DenyScanner(terms: originals).occurs(in: text))
    }

    func testDecisionsPairWithTheirInputFindingsEvenWhenWidened() throws {
        var d = Draft("Agents came on Nov. 10 at 6 PM yesterday; Jade saw Kim.")
        d.add("Nov. 10", .date)
        d.add("6 PM", .date)
        d.add("yesterday", .date)
        d.add("Kim", .person)
        let out = d.decide(try policy("deny: [jade]\n"))
        assertFullCoverage(out)
        let paired = out.decisions.compactMap(\.inputIndex)
        XCTAssertEqual(paired.sorted(), [0, 1, 2, 3], "every input finding has exactly one decision")
        XCTAssertEqual(out.decisions.filter { $0.inputIndex == nil }.map(\.finding.recognizer), ["policy.deny"])
        let byInput = out.decisionsByInput(count: d.findings.count)
        XCTAssertEqual(byInput[0]?.finding.text, "on Nov. 10", "widened to take in its preposition")
        XCTAssertEqual(byInput[1]?.finding.text, "at 6 PM yesterday", "merged with the adjacent date")
        XCTAssertNotNil(byInput[2]?.coveredBy)
        XCTAssertEqual(byInput[3]?.action, .pseudonymize)
        XCTAssertEqual(d.apply(out), "Agents came in November in the evening; [redacted] saw Person A.")
    }
}

final class ReasonNumberFormatTests: XCTestCase {
    func testTwoDecimalsLikePrintf() {
        for (x, s) in [(0.0, "0.00"), (0.3, "0.30"), (0.9, "0.90"), (1.0, "1.00"), (0.05, "0.05"), (0.125, "0.13"), (-0.5, "-0.50"), (12.5, "12.50")] {
            XCTAssertEqual(PolicyEngine.format(x), s, "\(x)")
        }
    }
}

/// The policy's ASCII fast paths equal the Foundation calls they replace.
final class PolicyFastPathTests: XCTestCase {
    func testReplacingAndContainsMatchFoundation() {
        let texts = ["Person {letter}", "{letter}{letter}", "{category} {letter} of {category}", "", "no braces", "{lett", "{letter",
                     "Person {létter}", "Personne {letter} é", "{category}{category}{"]
        for t in texts {
            for target in ["{letter}", "{category}", "{", "er", "é"] {
                XCTAssertEqual(Resolver.replacingAll(t, target, with: "AB"), t.replacingOccurrences(of: target, with: "AB"), "\(t) \(target)")
                XCTAssertEqual(Resolver.contains(t, target), t.contains(target), "\(t) \(target)")
            }
        }
        XCTAssertTrue(Resolver.leaks("a city in hyesan", original: "Hyesan"))
        XCTAssertFalse(Resolver.leaks("a city in North Korea", original: "Hyesan"))
        var a = PseudonymTable(), b = PseudonymTable()
        for (name, template) in [("Kim Chol", "Person {letter}"), ("Kim", "Person {letter}"), ("Ri Mi", "{category} {letter}!"),
                                 ("Pak", "Person {letter}"), ("Choe Ok", "Persön {letter}")] {
            XCTAssertEqual(Resolver.pseudonym(&a, for: name, category: .person, surname: nil, template: template),
                           b.pseudonym(for: name, category: .person, surname: nil, template: template))
        }
        XCTAssertEqual(a, b)
    }

    func testTwoDecimalsFromTheTable() {
        var x = -0.01
        while x <= 1.02 {
            for v in [x, x + 0.004, x + 0.005, x + 0.0051] {
                let h = Int((abs(v) * 100).rounded())
                let expected = (v < 0 && h > 0 ? "-" : "") + "\(h / 100)." + (h % 100 < 10 ? "0" : "") + "\(h % 100)"
                XCTAssertEqual(PolicyEngine.format(v), expected, "\(v)")
            }
            x += 0.001
        }
        XCTAssertEqual(PolicyEngine.format(.nan), "0.00")
    }
}

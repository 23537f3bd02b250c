import VeilModel
import XCTest
@testable import VeilPolicy

/// The policy's own wordings met again are kept (the fixed point), watch-list and deny-list hits
/// take their category's wording, and one person keeps one pseudonym.
final class OwnWordingTests: XCTestCase {
    func testTheDateLaddersOwnWordingsAreKeptUnderTheFormThatWritesThem() throws {
        let strict = try Policy.named("strict")
        // Before: "in March" -> "in the spring", "in 2019" -> "in the late 2010s", "several years
        // ago" -> "[date]", "in the late 2010s" -> "in the early 21st century".
        for (text, standardKeeps, strictKeeps) in [("in March", true, false), ("in 2019", true, true), ("several years ago", true, true),
                                                  ("in the late 2010s", true, true), ("in the spring", true, true),
                                                  ("in the afternoon", true, true), ("the past few years", true, true),
                                                  ("in March 2019", false, false), ("on Nov. 10", false, false), ("four years ago", false, false)] {
            var d = Draft("It happened \(text), they said.")
            d.add(text, .date)
            XCTAssertEqual(d.decide(.standard).decisions[0].action == .keep, standardKeeps, "standard: \(text) -> \(d.published(.standard))")
            XCTAssertEqual(d.decide(strict).decisions[0].action == .keep, strictKeeps, "strict: \(text) -> \(d.published(strict))")
        }
        // What standard writes for a month alone, strict (form: season) still generalizes.
        var m = Draft("It happened in March, they said.")
        m.add("in March", .date)
        XCTAssertEqual(m.published(strict), "It happened in the spring, they said.")
    }

    func testAgeBandsAreKept() throws {
        for text in ["in her 40s", "in his teens", "a twentysomething", "in middle age"] {
            var d = Draft("The woman, \(text), spoke.")
            d.add(text, .age)
            XCTAssertEqual(d.decide(.standard).decisions[0].action, .keep, text)
        }
        var d = Draft("The woman, 43 years old, spoke.")
        d.add("43 years old", .age)
        XCTAssertEqual(d.published(.standard), "The woman, in her 40s, spoke.")
    }

    func testPseudonymsAndPlaceholdersAreKept() throws {
        var d = Draft("Image by Person A. Colombia, 2019. Person B's car. [person] left.")
        d.add("Person A. Colombia", .person)
        d.add("Person B's", .person)
        d.add("[person]", .person)
        XCTAssertEqual(d.decide(.standard).decisions.map(\.action), [.keep, .keep, .keep])
        XCTAssertEqual(d.decide(try Policy.named("strict")).decisions.map(\.action), [.keep, .keep, .keep])
        // A real name is still pseudonymized.
        var r = Draft("Personal Ahn said.")
        r.add("Personal Ahn", .person)
        XCTAssertEqual(r.published(.standard), "Person A said.")
    }

    func testACourtesyTitleGoesWithThePseudonym() throws {
        var d = Draft("Roger Deal left. Mr. Deal said so.")
        d.add("Roger Deal", .person, attributes: [FindingAttribute.surname: "Deal"])
        d.add("Deal", .person, occurrence: 1)
        // Before: "Mr. Person A said so."
        XCTAssertEqual(d.published(.standard), "Person A left. Person A said so.")
    }

    func testAGivenNameAloneKeepsThePseudonymOfItsFullName() throws {
        var d = Draft("Roger Deal was held. Roger told deputies. Ann Lee saw it.")
        d.add("Roger Deal", .person, attributes: [FindingAttribute.surname: "Deal"])
        d.add("Roger", .person, occurrence: 1)
        d.add("Ann Lee", .person, attributes: [FindingAttribute.surname: "Lee"])
        // Before: "Person B told deputies. Person C saw it."
        XCTAssertEqual(d.published(.standard), "Person A was held. Person A told deputies. Person B saw it.")
    }

    func testWatchlistAndTermHitsTakeTheirCategorysWording() throws {
        var d = Draft("Kim Chol met Jade at Hyesan. The code word was Heron.")
        d.add("Kim Chol", .person)
        d.add("Kim Chol", .watchlist)
        d.add("Hyesan", .city, hierarchy: Seed.hyesanHierarchy)
        d.add("Hyesan", .term)
        d.add("Heron", .watchlist)
        // Before: "[watchlist] met Jade at [term]. The code word was [watchlist]."
        XCTAssertEqual(d.published(.standard), "Person A met Jade at a city in North Korea. The code word was [redacted].")
        XCTAssertEqual(d.published(try Policy.named("strict")), "[person] met Jade at North Korea. The code word was [redacted].")
    }
}

import XCTest
import VeilModel
@testable import VeilDetect

/// Typed attributes that policy reads from date, age, amount and contact findings.
final class PatternAttributeTests: XCTestCase {
    func find(_ r: any Recognizer, _ text: String) throws -> [Finding] {
        var out: [Finding] = []
        r.recognize(TokenizedText(try Document(text: text)), into: &out)
        return out
    }

    func testDateAttributes() throws {
        let f = try find(DateRecognizer(), "She called four years ago, on July 20, 2019, in mid-June and at 3:30 p.m. last Tuesday.")
        let byText = Dictionary(uniqueKeysWithValues: f.map { ($0.text, $0.attributes) })
        XCTAssertEqual(byText["four years ago"]?[FindingAttribute.dateKind], "relative")
        XCTAssertEqual(byText["four years ago"]?[FindingAttribute.relativeUnit], "year")
        XCTAssertEqual(byText["four years ago"]?[FindingAttribute.relativeDirection], "past")
        XCTAssertEqual(byText["July 20, 2019"]?[FindingAttribute.month], "July")
        XCTAssertEqual(byText["July 20, 2019"]?[FindingAttribute.year], "2019")
        XCTAssertEqual(byText["July 20, 2019"]?[FindingAttribute.dateKind], "absolute")
        XCTAssertEqual(byText["mid-June"]?[FindingAttribute.dateKind], "part")
        XCTAssertEqual(byText["3:30 p.m."]?[FindingAttribute.dateKind], "time")
        XCTAssertEqual(byText["last Tuesday"]?[FindingAttribute.relativeUnit], "week")
    }

    func testCenturyAndHolidayAttributes() throws {
        let f = try find(DateRecognizer(), "It grew in the early 20th century and in the 1800s, and shut on Yom Kippur and during Black History Month.")
        let byText = Dictionary(uniqueKeysWithValues: f.map { ($0.text, $0) })
        XCTAssertEqual(byText["the early 20th century"]?.attributes[FindingAttribute.dateKind], "century")
        XCTAssertEqual(byText["the early 20th century"]?.attributes[FindingAttribute.year], "1900")
        XCTAssertEqual(byText["the 1800s"]?.attributes[FindingAttribute.dateKind], "century")
        XCTAssertEqual(byText["the 1800s"]?.attributes[FindingAttribute.year], "1800")
        // A century rarely names anyone: below the shipped policies' date threshold, so flagged.
        XCTAssertLessThan(byText["the 1800s"]?.confidence ?? 1, 0.5)
        XCTAssertEqual(byText["Yom Kippur"]?.attributes[FindingAttribute.dateKind], "holiday")
        XCTAssertEqual(byText["Black History Month"]?.attributes[FindingAttribute.dateKind], "holiday")
        // A headline's capitals make no observance.
        XCTAssertEqual(try find(DateRecognizer(), "Unemployment Rises For Third Straight Month\nPrices rose.").map(\.text), [])
    }

    func testDateExplanationNamesPatternAndContext() throws {
        let f = try find(DateRecognizer(), "It happened on Thursday.")
        XCTAssertEqual(f.map(\.text), ["on Thursday"])
        XCTAssertTrue(f[0].explanation.contains("weekday"))
        XCTAssertTrue(f[0].explanation.contains("after 'on'"))
        XCTAssertEqual(f[0].recognizer, "date.pattern")
    }

    func testAgeYears() throws {
        let f = try find(AgeRecognizer(), "A 20-year-old, a man in his 40s and Kim (32) were held.")
        XCTAssertEqual(f.map(\.text), ["20-year-old", "in his 40s", "(32)"])
        XCTAssertEqual(f.map { $0.attributes[FindingAttribute.ageYears] }, ["20", "40", "32"])
    }

    func testAmountValueAndCurrency() throws {
        let f = try find(AmountRecognizer(), "Bribes of 10,000 Chinese yuan, US$20,000, 5 million won and KPW 50,000 were paid.")
        XCTAssertEqual(f.map(\.text), ["10,000 Chinese yuan", "US$20,000", "5 million won", "KPW 50,000"])
        XCTAssertEqual(f.map { $0.attributes[FindingAttribute.amountValue] }, ["10000", "20000", "5000000", "50000"])
        XCTAssertEqual(f.map { $0.attributes[FindingAttribute.currency] }, ["CNY", "USD", "KRW", "KPW"])
    }

    func testContactKinds() throws {
        let f = try find(ContactRecognizer(), "Mail kim@example.org, call +82 10 1234 5678, or see @kimmj.")
        XCTAssertEqual(f.map(\.text), ["kim@example.org", "+82 10 1234 5678", "@kimmj"])
        XCTAssertEqual(f.map { $0.attributes[FindingAttribute.contactKind] }, ["email", "phone", "handle"])
    }

    func testPhoneRejectsDatesAndYears() throws {
        XCTAssertTrue(try find(ContactRecognizer(), "Filed 2019-07-20 and 20.07.2019, covering 2018-2020 and 1999 2000.").isEmpty)
    }

    func testLuhnValidation() {
        XCTAssertTrue(ContactRecognizer.luhn(Array("4111111111111111".utf8)))
        XCTAssertFalse(ContactRecognizer.luhn(Array("4111111111111112".utf8)))
    }
}

import XCTest
import VeilModel
@testable import VeilDetect

/// The pure parsers and checksums behind identifiers found by their format, and the contact
/// and date findings built on them.
final class IdentifierValidatorsTests: XCTestCase {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    private func find(_ r: any Recognizer, _ text: String) throws -> [Finding] {
        var out: [Finding] = []
        r.recognize(TokenizedText(try Document(text: text)), into: &out)
        return out
    }

    func testLuhnAndCardBrands() {
        XCTAssertTrue(IdentifierValidators.luhn(bytes("5105105105105100")))
        XCTAssertFalse(IdentifierValidators.luhn(bytes("5105105105105101")))
        XCTAssertFalse(IdentifierValidators.luhn(bytes("")))
        XCTAssertFalse(IdentifierValidators.luhn(bytes("41x1")))
        XCTAssertEqual(IdentifierValidators.cardBrand(bytes("4111111111111111")), "Visa")
        XCTAssertEqual(IdentifierValidators.cardBrand(bytes("378282246310005")), "American Express")
        XCTAssertEqual(IdentifierValidators.cardBrand(bytes("5105105105105100")), "Mastercard")
        XCTAssertNil(IdentifierValidators.cardBrand(bytes("37828224631000")))      // Amex prefix, 14 digits
        XCTAssertNil(IdentifierValidators.cardBrand(bytes("9999999999999999")))    // no scheme
    }

    func testIBANLengthsLoadAndMod97() {
        XCTAssertEqual(IdentifierValidators.ibanLength(0x44, 0x45), 22)   // DE
        XCTAssertEqual(IdentifierValidators.ibanLength(0x4E, 0x4F), 15)   // NO
        XCTAssertTrue(IdentifierValidators.ibanValid(bytes("DE64100200300400500600")))
        XCTAssertFalse(IdentifierValidators.ibanValid(bytes("DE65100200300400500600")))  // check digits
        XCTAssertFalse(IdentifierValidators.ibanValid(bytes("DE6410020030040050060")))   // length
        XCTAssertFalse(IdentifierValidators.ibanValid(bytes("ZZ64100200300400500600")))  // no such country
        let grouped = bytes("IBAN GB82 WEST 1234 5698 7654 32, thanks")
        XCTAssertEqual(IdentifierValidators.iban(grouped, at: 5)?.end, 32)
        XCTAssertEqual(IdentifierValidators.iban(grouped, at: 5)?.valid, true)
        XCTAssertEqual(IdentifierValidators.iban(bytes("GB82-WEST-1234-5698-7654-32"), at: 0)?.valid, true)
        XCTAssertNil(IdentifierValidators.iban(bytes("GB82 WEST-1234 5698 7654 32"), at: 0))   // mixed separators
        XCTAssertEqual(IdentifierValidators.iban(bytes("GB82 wEST 1234 5698 7654 32"), at: 0)?.valid, false)
    }

    func testIPv4() {
        XCTAssertEqual(IdentifierValidators.ipv4(bytes("203.0.113.7"), at: 0), 11)
        XCTAssertEqual(IdentifierValidators.ipv4(bytes("0.0.0.0."), at: 0), 7)
        for bad in ["256.1.1.1", "192.168.1", "1.2.3.4.5", "01.2.3.4", "1.2.3.4x", "1.2.3.256"] {
            XCTAssertNil(IdentifierValidators.ipv4(bytes(bad), at: 0), bad)
        }
    }

    func testIPv6() {
        for (good, end) in [("2001:db8::1", 11), ("::1", 3), ("::", 2), ("fe80::1%eth0 x", 12), ("::ffff:198.51.100.4", 19),
                            ("2001:0db8:0000:0000:0000:ff00:0042:8329", 39), ("64:ff9b::192.0.2.1]", 18),
                            ("0:0:0:0:0:FFFF:129.144.52.38", 28)] {
            XCTAssertEqual(IdentifierValidators.ipv6(bytes(good), at: 0), end, good)
        }
        for bad in ["2001::db8::1", "12345:db8::1", "1:2:3:4", "14:30:00", "fe80::1text", "::ffff:192.168.1", ":::", "aa:bb:cc:dd:ee:ff"] {
            XCTAssertNil(IdentifierValidators.ipv6(bytes(bad), at: 0), bad)
        }
    }

    func testTopLevelDomainsLoad() {
        XCTAssertTrue(IdentifierValidators.isTLD(bytes("org"), 0..<3))
        XCTAssertTrue(IdentifierValidators.isTLD(bytes("vlaanderen"), 0..<10))
        XCTAssertFalse(IdentifierValidators.isTLD(bytes("pdf"), 0..<3))
    }

    func testContactKindsOfNewFormats() throws {
        let f = try find(ContactRecognizer(), "Wire DE64100200300400500600 from 203.0.113.7 via news.example.com, card 5105105105105100, case No. 2023-CR-0412.")
        XCTAssertEqual(f.map(\.text), ["DE64100200300400500600", "203.0.113.7", "news.example.com", "5105105105105100", "2023-CR-0412"])
        XCTAssertEqual(f.map { $0.attributes[FindingAttribute.contactKind] }, ["iban", "ip", "url", "card", "case"])
    }

    func testDottedEmailIsAnEmailNotAWebAddress() throws {
        let f = try find(ContactRecognizer(), "Write to kim.mj@example.org today.")
        XCTAssertEqual(f.map(\.text), ["kim.mj@example.org"])
        XCTAssertEqual(f.map { $0.attributes[FindingAttribute.contactKind] }, ["email"])
    }

    func testInvalidChecksumsLeaveNoContact() throws {
        // An IBAN failing mod 97 and a card failing Luhn are not read as phone or ID numbers either.
        XCTAssertTrue(try find(ContactRecognizer(), "Account DE65 1002 0030 0400 5006 00 and card number 5105-1051-0510-5101.").isEmpty)
    }

    func testISODateTimeIsADateNotAContact() throws {
        let text = "Logged 2019-07-20T14:30:00+09:00 and 2019-07-20."
        XCTAssertTrue(try find(ContactRecognizer(), text).isEmpty)
        let d = try find(DateRecognizer(), text)
        XCTAssertEqual(d.map(\.text), ["2019-07-20T14:30:00+09:00", "2019-07-20"])
        XCTAssertEqual(d.first?.attributes[FindingAttribute.year], "2019")
        XCTAssertEqual(d.first?.attributes[FindingAttribute.month], "July")
    }

    func testNumericDateFormsRejectRatiosAndGlue() {
        XCTAssertNil(NumericDateForms.fromDigits(bytes("3-1"), at: 0))
        XCTAssertNil(NumericDateForms.fromDigits(bytes("1/2"), at: 0))
        XCTAssertNil(NumericDateForms.fromDigits(bytes("24/7"), at: 0))
        XCTAssertNil(NumericDateForms.fromDigits(bytes("is5/21"), at: 2))
        XCTAssertNil(NumericDateForms.fromDigits(bytes("5/21and"), at: 0))
        XCTAssertEqual(NumericDateForms.fromDigits(bytes("5/2021"), at: 0)?.year, 2021)
        XCTAssertEqual(NumericDateForms.fromDigits(bytes("2024-03-15T14:30Z"), at: 0)?.end, 17)
        XCTAssertEqual(NumericDateForms.fromMonth(bytes("Sept-2021"), at: 0)?.month, 9)
    }
}

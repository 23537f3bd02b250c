import XCTest
import VeilModel
import VeilTestSupport
@testable import VeilVault

final class WatchlistTests: XCTestCase {
    static let pass = SecureBytes(copying: Array("newsroom watch-list passphrase".utf8))
    static let terms = ["Kang Mi-jin", "+82 10-5555-0199", "Hyesan", "강미진", "Nightingale"]

    static func make() throws -> Watchlist {
        try Watchlist.create(terms: terms, passphrase: pass, level: .interactive)
    }

    static func matches(_ matcher: WatchlistMatcher, _ text: String) throws -> [String] {
        try matcher.findings(in: Document(text: text)).map(\.text)
    }

    func testFileHoldsNoPlaintextAndOnlyTheCount() throws {
        let list = try Self.make()
        let bytes = list.bytes
        XCTAssertEqual(list.count, Self.terms.count)
        XCTAssertEqual(try Watchlist(bytes: bytes).count, Self.terms.count)
        for term in Self.terms {
            for form in [term, Watchlist.fold(term: term), term.lowercased(), term.uppercased()] {
                XCTAssertFalse(contains(bytes, Array(form.utf8)), "plaintext of a term found in the file")
            }
        }
        // Unkeyed hashes of the folded terms do not appear either.
        for term in Self.terms {
            XCTAssertFalse(contains(bytes, Blake2b.hash(Array(Watchlist.fold(term: term).utf8))))
        }
        // The same terms under a fresh key give unrelated hashes.
        let other = try Self.make()
        XCTAssertNotEqual(Array(other.bytes.suffix(32 * 6)), Array(bytes.suffix(32 * 6)))
    }

    func testMatchesVariants() throws {
        let m = try Self.make().matcher(passphrase: Self.pass)
        XCTAssertEqual(m.count, 5)
        let text = """
        We met Kang Mi-jin, then KANG MIJIN again; "Káng  Mi‐Jin" said Kang-Mijin's friend.
        Call +82 10 5555 0199 or +82-10-5555-0199. (Hyesan) HYESAN-based traders.
        강미진은 혜산에서 일한다. 강미진의 친구. The codename was nightingale.
        Nothing here: Kang Min, Mijin Park, Hyesanbased, 강미.
        """
        let found = try Self.matches(m, text)
        // Surrounding punctuation stays outside the span (the "+" of the phone number too).
        XCTAssertEqual(found, ["Kang Mi-jin", "KANG MIJIN", "Káng  Mi‐Jin", "Kang-Mijin", "82 10 5555 0199",
                               "82-10-5555-0199", "Hyesan", "HYESAN", "강미진", "강미진", "nightingale"])
        let doc = try Document(text: text)
        for f in m.findings(in: doc) {
            XCTAssertEqual(f.category, .watchlist)
            XCTAssertEqual(f.recognizer, "watchlist")
            XCTAssertEqual(f.explanation, "matches a sealed watch-list term")
            XCTAssertEqual(doc.text(f.range), f.text)
        }
    }

    func testAddExtendsAndDeduplicates() throws {
        let list = try Self.make()
        let more = try list.adding(terms: ["Changbai", "kang mijin"], passphrase: Self.pass)
        XCTAssertEqual(more.count, Self.terms.count + 1)
        let reread = try Watchlist(bytes: more.bytes)
        let m = try reread.matcher(passphrase: Self.pass)
        XCTAssertEqual(try Self.matches(m, "From Changbai to Hyesan."), ["Changbai", "Hyesan"])
        XCTAssertThrowsError(try list.adding(terms: ["x"], passphrase: SecureBytes(copying: Array("wrong".utf8)))) {
            XCTAssertEqual($0 as? WatchlistError, .key(.wrongPassphrase))
        }
        XCTAssertThrowsError(try list.adding(terms: [" -- "], passphrase: Self.pass)) { XCTAssertEqual($0 as? WatchlistError, .emptyTerm) }
    }

    func testTamperingIsDetected() throws {
        let bytes = try Self.make().bytes
        // Remove one hash and fix up the count: structure is valid, the MAC is not.
        var w = Array(bytes)
        let countAt = 8 + 4 + (PassphraseBox.overhead + 32)
        w[countAt] -= 1
        w.removeSubrange((countAt + 4)..<(countAt + 4 + 32))
        let cut = try Watchlist(bytes: w)
        XCTAssertEqual(cut.count, Self.terms.count - 1)
        XCTAssertThrowsError(try cut.matcher(passphrase: Self.pass)) { XCTAssertEqual($0 as? WatchlistError, .tampered) }
        var flipped = bytes
        flipped[flipped.count - 40] ^= 1
        XCTAssertThrowsError(try Watchlist(bytes: flipped).matcher(passphrase: Self.pass))
        XCTAssertThrowsError(try Watchlist(bytes: Array(bytes.dropLast()))) { XCTAssertEqual($0 as? WatchlistError, .malformed) }
        var version = bytes
        version[7] = 7
        XCTAssertThrowsError(try Watchlist(bytes: version)) { XCTAssertEqual($0 as? WatchlistError, .unsupportedVersion(7)) }
    }

    func testFoldAgreesWithTextFolding() {
        for term in ["Kang Mi-jin", "Káng  Mi‐Jin", "O'Brien", "강미진", "Ｆｕｌｌｗｉｄｔｈ"] {
            XCTAssertEqual(Watchlist.fold(term: term), TextFolding.key(term))
        }
        XCTAssertEqual(Watchlist.fold(term: "\"Kang,\""), "kang")
        XCTAssertEqual(Watchlist.fold(term: "..."), "")
    }

    func testLongDocumentIsFast() throws {
        let m = try Self.make().matcher(passphrase: Self.pass)
        let paragraph = "The trader from the border city said prices rose sharply after the crackdown on phones. "
        let text = String(repeating: paragraph, count: 400) + "Kang Mi-jin"
        let start = Date()
        XCTAssertEqual(try Self.matches(m, text), ["Kang Mi-jin"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}

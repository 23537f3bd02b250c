import XCTest
import VeilModel
@testable import VeilDetect

/// The lexicon loader, the phrase table and the place gazetteer built from the shipped data files.
final class GazetteerTests: XCTestCase {
    func testLexiconParsesHeaderFieldsAndBlankLines() {
        let lex = Lexicon(name: "t.tsv", text: "# Source: test\n# Licence: CC0\n\nKim\tkorean\tGim\r\n  \nLee\tkorean\n")
        XCTAssertEqual(lex.header, ["Source: test", "Licence: CC0"])
        XCTAssertEqual(lex.rows, [["Kim", "korean", "Gim"], ["Lee", "korean"]])
        XCTAssertEqual(lex.column(2), ["Gim"])
        XCTAssertTrue(lex.isLoaded)
    }

    func testMissingLexiconIsEmptyNotFatal() {
        let lex = Lexicon.load("places/no-such-file.tsv")
        XCTAssertFalse(lex.isLoaded)
        XCTAssertTrue(lex.rows.isEmpty)
    }

    func testEveryShippedLexiconLoadsWithSourceAndLicence() {
        let files = Gazetteer.files + ["names/census-given.tsv", "names/census-surnames.tsv", "names/given-world.tsv", "names/given-faker.tsv",
                                       "names/surnames-world.tsv", "names/titles.tsv", "names/english-common.tsv",
                                       "entities/public.tsv", "entities/heads.tsv", "places/natural-features.tsv"]
        for f in files {
            let lex = Lexicon.load(f)
            XCTAssertTrue(lex.isLoaded, "\(f) did not load")
            XCTAssertFalse(lex.rows.isEmpty, "\(f) is empty")
            let header = lex.header.joined(separator: " ").lowercased()
            XCTAssertTrue(header.contains("source"), "\(f) header names no source")
            XCTAssertTrue(header.contains("licen"), "\(f) header names no licence")
        }
        XCTAssertTrue(Gazetteer.shared.missingFiles.isEmpty)
    }

    func testKeysIgnoreCaseAndApostropheStyle() {
        XCTAssertEqual(Lexicon.key("Hyesan"), Lexicon.key("HYESAN"))
        XCTAssertEqual(Lexicon.key("Workers'"), Lexicon.key("Workers\u{2019}"))
        XCTAssertNotEqual(Lexicon.key("Hyesan"), Lexicon.key("Hyesa"))
    }

    func testPhraseTableFindsLongestMatch() {
        var t = PhraseTable<Int>()
        t.insert("North Korea", 1)
        t.insert("North Korean Workers' Party", 2)
        t.insert("North", 3)
        let doc = try! Document(text: "the north korean workers' party met")
        let keys = TokenizedText(doc).tokenKeys()
        XCTAssertEqual(t.longestMatch(keys: keys, at: 1)?.length, 5)
        XCTAssertEqual(t.longestMatch(keys: keys, at: 1)?.value, 2)
        XCTAssertEqual(t.longestMatch(keys: keys, at: 1, limit: 2)?.value, 3)
        XCTAssertNil(t.longestMatch(keys: keys, at: 0))
    }

    func testHyesanHierarchyReachesTheCountry() {
        let p = Gazetteer.best(Gazetteer.shared.lookup("Hyesan"))
        XCTAssertEqual(p?.level, .city)
        XCTAssertEqual(p?.hierarchy, [PlaceUnit(name: "Ryanggang Province", level: .province),
                                      PlaceUnit(name: "North Korea", level: .country)])
    }

    func testProvinceSpellingVariants() {
        for v in ["Yanggang", "Ryanggang", "Ryangkang"] {
            XCTAssertEqual(Gazetteer.best(Gazetteer.shared.lookup(v))?.name, "Ryanggang Province", v)
        }
        for v in ["North Hamkyung", "North Hamgyong", "Hamgyong-bukto"] {
            XCTAssertEqual(Gazetteer.best(Gazetteer.shared.lookup(v))?.name, "North Hamgyong Province", v)
        }
        XCTAssertEqual(Gazetteer.best(Gazetteer.shared.lookup("Bochon"))?.hierarchy.first?.name, "Ryanggang Province")
    }

    func testChinaBorderAndPublicData() {
        XCTAssertEqual(Gazetteer.best(Gazetteer.shared.lookup("Changbai"))?.hierarchy.first?.name, "Jilin Province")
        XCTAssertEqual(Gazetteer.best(Gazetteer.shared.lookup("Dandong"))?.hierarchy.last?.name, "China")
        XCTAssertEqual(Gazetteer.best(Gazetteer.shared.lookup("North Korea"))?.level, .country)
        // GeoNames data: a big city anywhere.
        XCTAssertEqual(Gazetteer.best(Gazetteer.shared.lookup("Toronto"))?.level, .city)
    }

    func testKoreanSyllableShape() {
        func ok(_ s: String) -> Bool {
            let b = Array(s.utf8)
            return b.withUnsafeBufferPointer { NameLexicon.isKoreanGivenPart($0) }
        }
        XCTAssertTrue(ok("Jong-un"))
        XCTAssertTrue(ok("Mi"))
        XCTAssertTrue(ok("Kwang"))
        XCTAssertTrue(ok("Hyeon"))
        XCTAssertFalse(ok("Street"))
        XCTAssertFalse(ok("Ministry"))
    }

    /// The seed article's places, names and hierarchy, through the whole detector.
    func testSeedArticleDetails() throws {
        let text = """
        A resident of Kangan-dong, Hyesan, in Ryanggang Province told Daily NK that Kim Jong Un's Ministry of \
        State Security arrested her four years ago. Kang Mi Jin contributed. Ms. Kang said the MSS took bribes.
        """
        let doc = try Document(text: text)
        let found = Detector().detect(doc)
        func finding(_ s: String, _ c: Category) -> Finding? {
            found.first { $0.text == s && $0.category == c }
        }
        let dong = try XCTUnwrap(finding("Kangan-dong", .neighborhood))
        XCTAssertEqual(dong.hierarchy.first?.name, "Hyesan")
        XCTAssertEqual(dong.hierarchy.last?.name, "North Korea")
        let hyesan = try XCTUnwrap(finding("Hyesan", .city))
        XCTAssertEqual(hyesan.hierarchy.map(\.name), ["Ryanggang Province", "North Korea"])
        XCTAssertNotNil(finding("Ryanggang Province", .province))
        let kang = try XCTUnwrap(finding("Kang Mi Jin", .person))
        XCTAssertEqual(kang.attributes[FindingAttribute.surname], "Kang")
        XCTAssertNil(kang.attributes[FindingAttribute.entity])
        let later = try XCTUnwrap(finding("Ms. Kang", .person))
        XCTAssertEqual(later.attributes[FindingAttribute.surname], "Kang")
        let kim = try XCTUnwrap(finding("Kim Jong Un", .person))
        XCTAssertEqual(kim.attributes[FindingAttribute.entity], "public")
        XCTAssertEqual(finding("Daily NK", .organization)?.attributes[FindingAttribute.entity], "public")
        XCTAssertEqual(finding("Ministry of State Security", .organization)?.attributes[FindingAttribute.entity], "public")
        XCTAssertFalse(found.contains { $0.category == .person && $0.text == "Daily" })
    }

    func testHeadlineCapitalsAreNotNames() throws {
        let doc = try Document(text: "Residents Wait Hours For Rice As Prices Soar\nResidents wait in line.")
        let found = Detector().detect(doc)
        XCTAssertFalse(found.contains { $0.category == .person }, "\(found.map(\.text))")
    }

    /// A name found in several countries takes the country the rest of the text points to, or
    /// none when nothing settles it and no reading dominates; a far larger reading stays.
    func testNamesOfSeveralCountriesAreSettledByTheDocument() throws {
        func country(of name: String, in text: String) throws -> String? {
            var found: [Finding] = []
            PlaceGazetteerRecognizer().recognize(TokenizedText(try Document(text: text)), into: &found)
            let f = try XCTUnwrap(found.first { $0.text == name }, "\(name) not found in: \(text)")
            return f.hierarchy.last(where: { $0.level == .country })?.name
        }
        XCTAssertEqual(try country(of: "Punjab", in: "Farmers in Punjab and Haryana protested."), "India")
        XCTAssertEqual(try country(of: "Punjab", in: "Farmers in Punjab and Sindh protested."), "Pakistan")
        XCTAssertNil(try country(of: "Punjab", in: "Farmers in Punjab protested."))
        XCTAssertEqual(try country(of: "Paris", in: "She flew from Texas to Paris."), "France")
        XCTAssertEqual(try country(of: "Hyesan", in: "Smugglers in Hyesan were caught."), "North Korea")
    }

    /// A place inside a longer name, or a public figure's surname alone, is the person's: "Barack
    /// Obama" held a city of Japan, and policy published "Barack a city in Japan".
    func testPlacesInsideNamesBelongToTheName() throws {
        let found = Detector().detect(try Document(text: "US President Barack Obama spoke. Later Obama left. Paris Hilton came from Paris."))
        XCTAssertFalse(found.contains { $0.category.isPlace && $0.text == "Obama" }, "\(found.map { ($0.text, $0.category) })")
        XCTAssertTrue(found.contains { $0.category == .person && $0.text.hasSuffix("Barack Obama") })
        let paris = found.filter { $0.text == "Paris" && $0.category.isPlace }
        XCTAssertEqual(paris.count, 1, "only the city at the end: \(paris.map(\.range))")
        XCTAssertGreaterThan(paris.first?.range.lowerBound ?? 0, 60)
        // A public organization's name is no place: "Hamas" is also a variant of Hamm, Germany.
        let hamas = Detector().detect(try Document(text: "The military said it struck a Hamas command center."))
        XCTAssertFalse(hamas.contains { $0.category.isPlace }, "\(hamas.map { ($0.text, $0.category) })")
        XCTAssertTrue(hamas.contains { $0.text == "Hamas" && $0.category == .organization })
    }

    /// An unlisted neighbourhood after a known city's possessive lies in that city.
    func testPossessiveOwnerIsTheParent() throws {
        let found = Detector().detect(try Document(text: "In Minsk's Uruchcha neighbourhood, a pensioner was fined."))
        let n = try XCTUnwrap(found.first { $0.text == "Uruchcha neighbourhood" })
        XCTAssertEqual(n.hierarchy.first?.name, "Minsk")
        XCTAssertEqual(n.hierarchy.last?.name, "Belarus")
    }

    /// A river named like a city is the river after "the" ("swim the Tumen"), the city
    /// otherwise; a listed river lying in one country carries it.
    func testNaturalFeaturesNamedLikeCities() throws {
        let found = Detector().detect(try Document(text: "They swim the Tumen at night. Trade in Tumen grew. Boats sail the Taedong."))
        let river = try XCTUnwrap(found.first { $0.text == "Tumen" && $0.range.lowerBound < 20 })
        XCTAssertEqual(river.attributes[FindingAttribute.placeKind], "river")
        XCTAssertEqual(found.filter { $0.text == "Tumen" && $0.range.lowerBound < 20 }.count, 1)
        let city = try XCTUnwrap(found.first { $0.text == "Tumen" && $0.range.lowerBound > 20 })
        XCTAssertNil(city.attributes[FindingAttribute.placeKind])
        XCTAssertEqual(city.hierarchy.last?.name, "China")
        let taedong = try XCTUnwrap(found.first { $0.text == "Taedong" })
        XCTAssertEqual(taedong.hierarchy.last?.name, "North Korea")
    }

    /// A country's name is the country, not a city that lists it as a variant; an unlisted
    /// village whose first word is a known place elsewhere does not take that place's country.
    func testCountryNamesAndUnlistedVillages() throws {
        let found = Detector().detect(try Document(text: "Workers marched in Bangladesh. Troops entered Yae Myet village at dawn."))
        let bangladesh = try XCTUnwrap(found.first { $0.text == "Bangladesh" })
        XCTAssertEqual(bangladesh.category, .country)
        let village = try XCTUnwrap(found.first { $0.text == "Yae Myet village" })
        XCTAssertEqual(village.category, .neighborhood)
        XCTAssertFalse(village.hierarchy.contains { $0.name == "Japan" }, "\(village.hierarchy)")
        // A bulk-data city's name before a lower unit word lends no country either.
        let more = Detector().detect(try Document(text: "About 200 residents of Bostan village had been detained."))
        let bostan = try XCTUnwrap(more.first { $0.text.hasPrefix("Bostan") && $0.category == .neighborhood })
        XCTAssertTrue(bostan.hierarchy.isEmpty, "\(bostan.hierarchy)")
        // A district named like a division is that division and keeps its country.
        let district = Detector().detect(try Document(text: "A woman from Kurigram district told reporters."))
        let kurigram = try XCTUnwrap(district.first { $0.text == "Kurigram district" })
        XCTAssertEqual(kurigram.hierarchy.last?.name, "Bangladesh")
    }
}

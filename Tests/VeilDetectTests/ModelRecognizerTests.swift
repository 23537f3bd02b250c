import XCTest
import VeilModel
@testable import VeilDetect

/// The learned tagger: its shipped weights load, its features and decoding are deterministic, a
/// hand-made model decodes exactly as written, and it merges with the rules without replacing them.
final class ModelRecognizerTests: XCTestCase {
    func testShippedWeightsLoad() throws {
        let model = try XCTUnwrap(TaggerModel.shipped, "Lexicons/model/tagger.bin must load")
        XCTAssertEqual(model.labels.first, "O")
        XCTAssertTrue(model.labels.contains("B-person") && model.labels.contains("I-source"))
        XCTAssertGreaterThanOrEqual(model.bits, 12)
        XCTAssertTrue(model.provenance.contains { $0.hasPrefix("trained commit ") }, "provenance: \(model.provenance)")
        XCTAssertTrue(model.provenance.contains { $0.hasPrefix("command tools/model/train.py") })
        // Every weight row was read: a trained model tags something in a plain news sentence.
        let doc = try Document(text: "Police said Tomasz Wierzbicki, a retired teacher from the village, was detained.")
        var found: [Finding] = []
        ModelRecognizer().recognize(TokenizedText(doc), into: &found)
        XCTAssertFalse(found.isEmpty)
    }

    func testMalformedWeightsAreRejected() {
        XCTAssertNil(TaggerModel(bytes: []))
        XCTAssertNil(TaggerModel(bytes: Array("format veil-tagger 1\nbits 8\n\n".utf8)))
        // Weights trained on another feature layout (slot count) must not load.
        let otherSlots = String(decoding: Self.handMade(rows: [:]), as: UTF8.self)
            .replacingOccurrences(of: "slots \(TaggerFeatures.slots)", with: "slots \(TaggerFeatures.slots - 1)")
        XCTAssertNil(TaggerModel(bytes: Array(otherSlots.utf8)))
        var good = Self.handMade(rows: [:])
        XCTAssertNotNil(TaggerModel(bytes: good))
        good.removeLast()
        XCTAssertNil(TaggerModel(bytes: good), "a truncated file must not load")
    }

    /// A model with bits 16, labels O, B-person, I-person, zero transitions and the given rows
    /// (row -> weights of the three labels, unscaled).
    static func handMade(rows: [UInt32: [Int16]]) -> [UInt8] {
        var b = Array("format veil-tagger 1\nslots \(TaggerFeatures.slots)\nbits 16\nlabels O,B-person,I-person\nscale 1\nrows \(rows.count)\ncalibration.person 1 0\n\n".utf8)
        for _ in 0..<(9 + 3) { b += [0, 0] }
        for (r, w) in rows.sorted(by: { $0.key < $1.key }) {
            b += [UInt8(r & 0xFF), UInt8(r >> 8 & 0xFF), UInt8(r >> 16 & 0xFF), UInt8(r >> 24)]
            for v in w { let u = UInt16(bitPattern: v); b += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        }
        return b
    }

    func testHandMadeModelDecodesAsWritten() throws {
        // The word-identity row (slot 1) of "Zorbo" and "Quilt" favours B-person, then I-person:
        // the decoder must return exactly that two-token span, and nothing else.
        let doc = try Document(text: "then Zorbo Quilt left")
        let text = TokenizedText(doc)
        let context = TaggerFeatures.context(text, findings: [])
        var rows: [UInt32] = []
        TaggerFeatures.extract(text, context: context, bits: 16, into: &rows)
        XCTAssertEqual(rows.count, 4 * TaggerFeatures.slots)
        let zorbo = rows[1 * TaggerFeatures.slots + 1], quilt = rows[2 * TaggerFeatures.slots + 1]
        XCTAssertNotEqual(zorbo, quilt)
        let model = try XCTUnwrap(TaggerModel(bytes: Self.handMade(rows: [zorbo: [0, 5, 0], quilt: [0, 0, 5]])))
        let spans = model.tag(rows: rows, sentenceStart: context.sentenceStart)
        XCTAssertEqual(spans.map(\.tokens), [1..<3])
        XCTAssertEqual(spans.first?.category, .person)
        XCTAssertEqual(spans.first?.margin, 5)
        var found: [Finding] = []
        ModelRecognizer(model: model).recognize(text, into: &found)
        XCTAssertEqual(found.map(\.text), ["Zorbo Quilt"])
        XCTAssertEqual(found.first?.recognizer, "model.tagger")
        // sigmoid(1 * 5 + 0), rounded to hundredths and capped at 0.95.
        XCTAssertEqual(found.first?.confidence, 0.95)
        // I-person can't start a span (BIO): favouring only I-person on "Zorbo" makes the decoder
        // open the span on "then" (a tie with O there: the span's margin is 0).
        let onlyInside = try XCTUnwrap(TaggerModel(bytes: Self.handMade(rows: [zorbo: [0, 0, 5]])))
        XCTAssertEqual(onlyInside.tag(rows: rows, sentenceStart: context.sentenceStart),
                       [TaggerModel.Span(tokens: 0..<2, category: .person, margin: 0)])
        // A rule finding of the same family already covering the span: the model adds nothing.
        var withRule = [Finding(range: 5..<10, text: "Zorbo", category: .person, confidence: 0.9, recognizer: "test", explanation: "test")]
        ModelRecognizer(model: model).recognize(text, into: &withRule)
        XCTAssertEqual(withRule.count, 1)
        // A rule finding of another family (a city) does not stop it, and becomes a feature.
        var withCity = [Finding(range: 11..<16, text: "Quilt", category: .city, confidence: 0.9, recognizer: "test", explanation: "test")]
        let cityContext = TaggerFeatures.context(text, findings: withCity)
        var cityRows: [UInt32] = []
        TaggerFeatures.extract(text, context: cityContext, bits: 16, into: &cityRows)
        XCTAssertNotEqual(Array(cityRows[(2 * TaggerFeatures.slots)..<(3 * TaggerFeatures.slots)]),
                          Array(rows[(2 * TaggerFeatures.slots)..<(3 * TaggerFeatures.slots)]), "rule labels are features")
        ModelRecognizer(model: model).recognize(text, into: &withCity)
        XCTAssertEqual(withCity.map(\.text), ["Quilt", "Zorbo Quilt"])
    }

    func testDeterministic() throws {
        let text = """
        A trader, surnamed Ri, told reporters in Hyesan that a retired teacher and her neighbour \
        Sun-hui were held at the county security office on 4 March. A resident who asked not to \
        be named said the guards beat them.
        """
        let doc = try Document(text: text)
        let detector = Detector(model: true)
        let first = detector.detect(doc)
        for _ in 0..<3 { XCTAssertEqual(detector.detect(doc), first) }
        let a = TaggerFeatures.features(of: doc, bits: 18), b = TaggerFeatures.features(of: doc, bits: 18)
        XCTAssertEqual(a.rows, b.rows)
        XCTAssertEqual(a.rows.count, a.tokens.count * TaggerFeatures.slots)
        XCTAssertTrue(a.rows.allSatisfy { $0 < 1 << 18 })
        XCTAssertEqual(a.rows[0], a.rows[TaggerFeatures.slots], "the bias feature is one row")
    }

    func testModelIsOptionalAndAddsToTheRules() throws {
        XCTAssertFalse(Detector.builtInRecognizers.contains { $0.id == "model.tagger" })
        let ids = Detector.builtInRecognizersWithModel.map(\.id)
        XCTAssertEqual(ids.last, "name.unknown")
        XCTAssertEqual(ids.dropLast().last, "model.tagger")
        // Every rule finding survives beside the model's (same text, rules alone and with the model).
        let doc = try Document(text: "Kim Chol-su, 45, a market vendor in Hyesan, said on Monday that police took 3,000 yuan.")
        let rules = Detector(model: false).detect(doc)
        let both = Detector(model: true).detect(doc)
        for f in rules { XCTAssertTrue(both.contains(f), "lost \(f.text) [\(f.category)]") }
    }
}

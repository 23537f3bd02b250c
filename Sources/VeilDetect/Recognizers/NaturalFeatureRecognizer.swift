import VeilModel

/// Natural features: rivers, lakes, seas, mountains, valleys, islands, deserts. A crossing "of
/// the Yalu River near Hyesan" or a village "below Mount Paektu" places a person as surely as a
/// town does. Three shapes: a capitalized name before a kind word (`Yalu River`, `Deccan
/// Plateau`, `Shark Island`), a kind word before the name (`Lake Chad`, `Mount Paektu`, `the
/// Gulf of Mexico`, `the River Thames`), and a bare name from `places/natural-features.tsv`
/// after "the" (`the Danube`, `the Alps`). Reported as `city`-level places (a local feature, the
/// level that generalizes to "a river in North Korea"), with `place.kind` naming the kind.
public struct NaturalFeatureRecognizer: Recognizer {
    /// A recognizer with the built-in kind words and feature list.
    public init() {}

    public var id: String { "place.feature" }
    public var summary: String { "Natural features: rivers, lakes, mountains, islands, deserts, seas ('the Yalu River', 'Mount Paektu', 'the Danube')" }
    public var matchingExamples: [String] {
        [
            "They crossed the [[Yalu River]] near Hyesan.",
            "[[Tumen River]] smugglers were caught.",
            "He climbed [[Mount Paektu]] and [[Mt. Everest]].",
            "The village lies on the [[Deccan Plateau]] near [[Lake Chad]].",
            "Tankers sailed through the [[Strait of Hormuz]] into the [[Gulf of Oman]].",
            "Tourists visited the [[Danube]] and the [[Alps]].",
            "Boats capsized off [[Shark Island]] in the [[Bay of Bengal]].",
            "A barge sank in the [[River Thames]] near the [[Red River Valley]].",
            "Smugglers ford the [[Amu Darya]] at night and swim the [[Tumen]] by day.",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "He swam in the river and climbed a mountain.",
            "The Yalu River Bridge was closed.",
            "Faith Hill sang, and the Mekong River Commission met.",
            "Many Rivers To Cross Tonight",
            "Danube shipping fell; they mount a defence.",
            "Sea levels rise. Lake levels fall. The River Cats won.",
        ]
    }

    /// Kind words written after a name: `Yalu River`, `Deccan Plateau`. Key -> kind.
    static let suffixKinds: KeyMap<String> = KeyMap(suffixKindsByKey)
    static let suffixKindsByKey: [UInt64: String] = Dictionary(uniqueKeysWithValues: [
        ("river", "river"), ("lake", "lake"), ("sea", "sea"), ("ocean", "ocean"), ("mountains", "mountain range"),
        ("mountain", "mountain"), ("range", "mountain range"), ("valley", "valley"), ("desert", "desert"),
        ("plateau", "plateau"), ("peninsula", "peninsula"), ("bay", "bay"), ("gulf", "gulf"), ("strait", "strait"),
        ("straits", "strait"), ("island", "island"), ("islands", "group of islands"), ("isles", "group of islands"),
        ("archipelago", "group of islands"), ("canal", "canal"), ("delta", "delta"), ("basin", "basin"), ("forest", "forest"),
        ("hills", "hill area"), ("hill", "hill"), ("heights", "hill area"), ("falls", "waterfall"), ("glacier", "glacier"),
        ("creek", "creek"), ("reservoir", "reservoir"), ("lagoon", "lagoon"), ("canyon", "canyon"), ("gorge", "gorge"),
        ("pass", "mountain pass"), ("beach", "beach"), ("cave", "cave"), ("caves", "cave"), ("oasis", "oasis"),
        ("fjord", "fjord"), ("marshes", "marsh"), ("marsh", "marsh"), ("wetlands", "wetland"), ("swamp", "swamp"),
        ("volcano", "volcano"), ("peak", "mountain"), ("ridge", "ridge"), ("highlands", "highland area"),
        ("plain", "plain"), ("plains", "plain"), ("steppe", "steppe"), ("coast", "coast"),
    ].map { (Lexicon.key($0.0), $0.1) })

    /// Kind words written before a name: `Lake Chad`, `Mount Paektu`, `Gulf of Mexico`.
    /// Key -> (kind, whether "of" follows).
    static let prefixKinds: KeyMap<(kind: String, of: Bool)> = KeyMap(prefixKindsByKey)
    static let prefixKindsByKey: [UInt64: (kind: String, of: Bool)] = Dictionary(uniqueKeysWithValues: [
        ("lake", ("lake", false)), ("mount", ("mountain", false)), ("mt", ("mountain", false)), ("cape", ("cape", false)),
        ("river", ("river", false)), ("gulf", ("gulf", true)), ("sea", ("sea", true)), ("bay", ("bay", true)),
        ("strait", ("strait", true)), ("straits", ("strait", true)), ("isle", ("island", true)),
    ].map { (Lexicon.key($0.0), $0.1) })

    /// Kind words whose name before them is often a person's (`Faith Hill`, `Ricki Lake`): a
    /// lone given name before them is not taken.
    static let personLike = KeySet(["hill", "hills", "lake", "forest", "bay", "beach", "falls", "ridge", "heights"].map { Lexicon.key($0) })

    /// First words that never start a feature's name, even capitalized.
    static let badFirst = KeySet(["the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "its",
                                  "my", "your", "every", "each", "no", "many", "some", "any", "one", "two", "three", "big",
                                  "small", "great", "long", "high", "new", "old", "same", "other", "another", "of", "and",
                                  "in", "on", "at", "to", "from", "by", "for", "with", "near", "across"].map { Lexicon.key($0) })

    /// A feature from the list: its name, kind and (when it lies in one) country.
    struct Listed: Sendable {
        var second: UInt64?
        var kind: String
        var country: String?
    }

    /// Listed features by the key of their first word.
    static let listed: KeyMap<[Listed]> = KeyMap(listedByFirst)
    static let listedByFirst: [UInt64: [Listed]] = {
        var byFirst: [UInt64: [Listed]] = [:]
        for row in Lexicon.load("places/natural-features.tsv").rows where row.count >= 2 {
            let words = row[0].split(separator: " ").map(String.init)
            guard let first = words.first, words.count <= 2 else { continue }
            let country = row.count > 2 && !row[2].isEmpty ? row[2] : nil
            byFirst[Lexicon.key(first), default: []].append(
                Listed(second: words.count == 2 ? Lexicon.key(words[1]) : nil, kind: row[1], country: country))
        }
        return byFirst
    }()

    /// Kinds too large to place a person.
    static let broad: Set<String> = ["ocean", "sea", "gulf"]

    static let theKey = Lexicon.key("the")
    static let ofKey = Lexicon.key("of")
    static let mtKey = Lexicon.key("mt")
    static let riverKey = Lexicon.key("river")

    /// Every key any of the three shapes can start from: one lookup per capitalized word turns
    /// the others away.
    static let anyKey: KeySet = {
        KeySet(Array(suffixKindsByKey.keys) + Array(prefixKindsByKey.keys) + Array(listedByFirst.keys))
    }()

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let tokens = text.tokens
        guard tokens.count > 1 else { return }
        let shape = TextShapeCache.shared.shape(text)
        let suffixKinds = Self.suffixKinds, prefixKinds = Self.prefixKinds, listed = Self.listed, anyKey = Self.anyKey
        var lastEnd = -1
        var i = 0
        func capWord(_ k: Int) -> Bool { k >= 0 && k < tokens.count && tokens[k].kind == .word && shape.capitalized[k] }
        func emit(_ first: Int, _ last: Int, kind: String, country: String?, confidence: Double, _ why: String) {
            // Oceans, seas and gulfs are too large to place anyone: found, with a confidence
            // under the shipped policies' thresholds, so that they are flagged, not rewritten.
            let confidence = Self.broad.contains(kind) ? 0.45 : confidence
            let range = tokens[first].range.lowerBound..<shape.coreRange(text, last).upperBound
            findings.append(Finding(range: range, text: text.document.text(range), category: .city, confidence: confidence,
                                    recognizer: id, explanation: why,
                                    hierarchy: country.map { [PlaceUnit(name: $0, level: .country)] } ?? [],
                                    attributes: [FindingAttribute.placeKind: kind]))
            lastEnd = last
        }
        while i < tokens.count {
            defer { i += 1 }
            guard i > lastEnd, tokens[i].kind == .word, shape.capitalized[i], !shape.titleLine[i] else { continue }
            let key = shape.keys[i]
            guard anyKey.contains(key) else { continue }
            // A kind word after the name: `Yalu River`. A kind word or another capitalized word
            // after it makes a longer name (`Red River Valley`, `Yalu River Bridge`): not this one.
            let longer = capWord(i + 1) && !tokens[i + 1].startsLine && shape.possessive[i] == 0
            if let kind = suffixKinds[key], i > 0, !longer {
                var first = i
                while first - 1 > lastEnd, i - first < 3, capWord(first - 1), !tokens[first].startsLine,
                      shape.possessive[first - 1] == 0, !Self.badFirst.contains(shape.keys[first - 1]) {
                    first -= 1
                    if shape.sentenceStart[first] { break }
                }
                // A sentence's first word that is an ordinary word is no part of the name.
                if first < i, shape.sentenceStart[first], shape.isCommon(first, zipf: 4.0), shape.given(first) == nil { first += 1 }
                if first < i && !(i - first == 1 && Self.personLike.contains(key) && shape.given(first) != nil) {
                    let country = listedMatch(listed, shape, first, i - 1)?.country
                    emit(first, i, kind: kind, country: country, confidence: 0.75,
                         String(joining: ["natural feature: name before the kind word '", text.document.text(tokens[i].range), "'"]))
                    continue
                }
            }
            // A kind word before the name: `Lake Chad`, `Mount Paektu`, `Gulf of Mexico`.
            if let (kind, of) = prefixKinds[key] {
                var n = i + 1
                if key == Self.mtKey, n < tokens.count, tokens[n].kind == .punctuation, text.bytes[tokens[n].range.lowerBound] == 0x2E { n += 1 }
                if of { guard n < tokens.count, shape.keys[n] == Self.ofKey, tokens[n].kind == .word else { continue }; n += 1 }
                // "the River Thames": river first only after "the".
                if key == Self.riverKey, !(i > 0 && shape.keys[i - 1] == Self.theKey) { continue }
                guard capWord(n), !tokens[n].startsLine, !Self.badFirst.contains(shape.keys[n]) else { continue }
                // "the River Cats": a team's ordinary word, not a river's name.
                if key == Self.riverKey, shape.isCommon(n, zipf: 4.0) { continue }
                var last = n
                while last + 1 < tokens.count, last - n < 2, capWord(last + 1), !tokens[last + 1].startsLine,
                      shape.possessive[last] == 0, suffixKinds[shape.keys[last + 1]] == nil { last += 1 }
                emit(i, last, kind: kind, country: nil, confidence: 0.75,
                     String(joining: ["natural feature: kind word '", text.document.text(tokens[i].range), "' before the name"]))
                continue
            }
            // A listed bare name after "the": `the Danube`, `the Amu Darya`.
            if i > 0, shape.keys[i - 1] == Self.theKey, tokens[i - 1].kind == .word, let m = listedMatch(listed, shape, i, nil) {
                let last = m.last
                if capWord(last + 1) && !tokens[last + 1].startsLine && shape.possessive[last] == 0 { continue }
                emit(i, last, kind: m.kind, country: m.country, confidence: 0.92, "natural feature from the list (places/natural-features.tsv) after 'the'")
            }
        }
    }

    /// The listed feature starting at token `first` (ending at `last` when given).
    private func listedMatch(_ listed: KeyMap<[Listed]>, _ shape: TextShape, _ first: Int, _ last: Int?) -> (last: Int, kind: String, country: String?)? {
        guard let entries = listed[shape.keys[first]] else { return nil }
        for e in entries {
            if let second = e.second {
                guard first + 1 < shape.keys.count, shape.keys[first + 1] == second, last == nil || last == first + 1 else { continue }
                return (first + 1, e.kind, e.country)
            }
            if last == nil || last == first { return (first, e.kind, e.country) }
        }
        return nil
    }
}

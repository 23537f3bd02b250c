import VeilModel

/// Well-known public entities (national leaders, national institutions and parties, news
/// outlets) from `Lexicons/entities/public.tsv`, reported with `attributes["entity"] = "public"`
/// so that policy can keep them.
public struct PublicEntityRecognizer: Recognizer {
    /// One entry of the public-entity list.
    public struct Entity: Sendable {
        /// Canonical name (`Kim Jong Un`).
        public let name: String
        /// `.person` or `.organization`.
        public let category: Category
        /// Surname of a person, used to link later surname-only mentions.
        public let surname: String
    }

    /// The list, loaded once.
    public static let table: PhraseTable<Entity> = {
        var t = PhraseTable<Entity>()
        for row in Lexicon.load("entities/public.tsv").rows where row.count >= 2 {
            let category: Category = row[1] == "person" ? .person : .organization
            let e = Entity(name: row[0], category: category, surname: row.count > 3 ? row[3] : "")
            t.insert(row[0], e)
            if row.count > 2 && !row[2].isEmpty {
                for v in row[2].split(separator: "|") { t.insert(String(v), e) }
            }
        }
        return t
    }()

    /// A recognizer over the built-in list.
    public init() {}

    public var id: String { "entity.public" }
    public var summary: String { "Public figures, national institutions and news outlets (kept by policy)" }
    public var matchingExamples: [String] {
        [
            "a source told [[Daily NK]] on Tuesday",
            "[[Kim Jong Un]] ordered a crackdown",
            "officials of the [[Ministry of State Security]] searched homes",
            "[[Radio Free Asia]] reported",
            "the [[Korean Workers' Party]] said",
            "[[President Xi Jinping]] met [[Vladimir Putin]], [[US President Barack Obama]] and [[Prime Minister Narendra Modi]]",
            "according to [[RFA]]",
            "[[Kim Jong Un]]'s sister",
        ]
    }
    public var nonMatchingExamples: [String] {
        [
            "Kim Hyun Woo said he left.",
            "the daily news from the ministry",
            "a daily nk-style report",
        ]
    }

    public func recognize(_ text: TokenizedText, into findings: inout [Finding]) {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return }
        let shape = TextShapeCache.shared.shape(text)
        let keys = shape.keys
        let table = Self.table
        var i = 0
        while i < tokens.count {
            // Proper names are capitalized as listed (checked below too): skip other words before any lookup.
            let lead = text.bytes[tokens[i].range.lowerBound]
            guard tokens[i].kind == .word, lead >= 0x41 && lead <= 0x5A, table.startsPhrase(keys[i]),
                  let m = table.longestMatch(keys: keys, at: i, limit: 8) else { i += 1; continue }
            // Proper names are capitalized as listed: `Daily NK`, not `daily nk`.
            let first = text.bytes[tokens[i].range.lowerBound]
            let last = tokens[i + m.length - 1]
            let endsInsideWord = i + m.length < tokens.count && tokens[i + m.length].range.lowerBound == last.range.upperBound
                && text.bytes[last.range.upperBound] == 0x2D
            guard first >= 0x41 && first <= 0x5A, !endsInsideWord else { i += 1; continue }
            var from = i
            if m.value.category == .person {
                // The office before a public figure belongs to the mention, as for anyone else
                // (`President Xi Jinping`, `US President Barack Obama`, `Sen. Mitch McConnell`).
                let titles = NameLexicon.shared.titles
                var k = i - 1
                if k >= 0, TextShape.isChar(text, k, 0x2E) { k -= 1 }
                var office = false
                while k >= 0, k >= i - 4, tokens[k].kind == .word, shape.capitalized[k], !tokens[k + 1].startsLine,
                      let isOffice = titles[keys[k]] {
                    office = office || isOffice
                    from = k
                    k -= 1
                    if k >= 0, TextShape.isChar(text, k, 0x2E) { k -= 1 }
                }
                if from < i, office, k >= 0, tokens[k].kind == .word, shape.capitalized[k], !tokens[k + 1].startsLine,
                   shape.allCaps[k] || PersonNameRecognizer.departments.contains(keys[k]) {
                    from = k
                }
            }
            let range = tokens[from].range.lowerBound..<shape.coreRange(text, i + m.length - 1).upperBound
            var attributes = [FindingAttribute.entity: "public"]
            if from < i { attributes[FindingAttribute.entityName] = m.value.name }
            if !m.value.surname.isEmpty { attributes[FindingAttribute.surname] = m.value.surname }
            findings.append(Finding(range: range, text: text.document.text(range), category: m.value.category,
                                    confidence: 0.95, recognizer: id,
                                    explanation: String(joining: ["public entity list (entities/public.tsv): ", m.value.name]),
                                    attributes: attributes))
            i += m.length
        }
    }
}

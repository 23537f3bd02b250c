import Foundation
import VeilModel

/// A data file of the detector: UTF-8, one entry per line, fields separated by tabs, lines that
/// start with `#` are the header (source, licence, column names), blank lines are ignored.
/// Files live in the target's `Lexicons/` resource folder (e.g. `places/korea.tsv`). Load each
/// file once, into a `static let`, never per document.
public struct Lexicon: Sendable {
    /// The path of the file relative to `Lexicons/` (e.g. `names/given.tsv`).
    public let name: String
    /// The `#` header lines, without the leading `#` and surrounding spaces.
    public let header: [String]
    /// The entries: one array of tab-separated fields per data line (fields trimmed of spaces).
    public let rows: [[String]]
    /// False when the file could not be found or read; `rows` is then empty.
    public let isLoaded: Bool

    /// Parses lexicon text (the format described on the type).
    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// Parses lexicon bytes (UTF-8); byte-level so that loading 40,000 lines takes milliseconds.
    public init(name: String, bytes b: [UInt8]) {
        var header: [String] = []
        var rows: [[String]] = []
        func trimmed(_ lo: Int, _ hi: Int) -> String {
            var lo = lo, hi = hi
            while lo < hi && (b[lo] == 0x20 || b[lo] == 0x0D) { lo += 1 }
            while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x0D) { hi -= 1 }
            return String(decoding: b[lo..<hi], as: UTF8.self)
        }
        var i = 0
        let n = b.count
        while i < n {
            var end = i
            while end < n && b[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > i && b[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd > i && b[i] == 0x23 {
                header.append(trimmed(i + 1, lineEnd))
            } else {
                var blank = true
                for k in i..<lineEnd where b[k] != 0x20 && b[k] != 0x09 { blank = false; break }
                if !blank {
                    var fields: [String] = []
                    var start = i
                    for k in i..<lineEnd where b[k] == 0x09 {
                        fields.append(trimmed(start, k)); start = k + 1
                    }
                    fields.append(trimmed(start, lineEnd))
                    rows.append(fields)
                }
            }
            i = end + 1
        }
        self.name = name
        self.header = header
        self.rows = rows
        self.isLoaded = true
    }

    private init(missing name: String) {
        self.name = name
        self.header = []
        self.rows = []
        self.isLoaded = false
    }

    /// Loads `Lexicons/<name>` from the module's resources. A missing or unreadable file gives an
    /// empty lexicon with `isLoaded == false` (library code never traps or prints; tests check
    /// that every shipped file loads).
    public static func load(_ name: String) -> Lexicon {
        guard let url = resourceURL(name),
              let data = try? Data(contentsOf: url) else { return Lexicon(missing: name) }
        return Lexicon(name: name, bytes: [UInt8](data))
    }

    /// The URL of `Lexicons/<name>` in the module's resources, when it exists.
    public static func resourceURL(_ name: String) -> URL? {
        guard let base = Bundle.module.resourceURL else { return nil }
        let url = base.appendingPathComponent("Lexicons").appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The values of column `column` (rows too short are skipped).
    public func column(_ column: Int) -> [String] {
        rows.compactMap { column < $0.count ? $0[column] : nil }
    }

    /// Case-insensitive token keys (see `Lexicon.key`) of column `column`, for O(1) lookups of
    /// single words.
    public func keySet(column: Int = 0) -> Set<UInt64> {
        Set(self.column(column).map { Lexicon.key($0) })
    }

    // MARK: - Token keys

    /// A case-insensitive 64-bit key of a word: FNV-1a over its UTF-8 bytes with ASCII letters
    /// lower-cased and the typographic apostrophe (U+2019) read as `'`. Recognizers look words up
    /// by this key instead of building strings, so lookups allocate nothing.
    @inlinable
    public static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var i = 0
        let n = bytes.count
        while i < n {
            var c = bytes[i]
            if c == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x99 {
                c = 0x27
                i += 2
            } else if c >= 0x41 && c <= 0x5A {
                c |= 0x20
            }
            h = (h ^ UInt64(c)) &* 0x100000001b3
            i += 1
        }
        return h
    }

    /// The key of `bytes[range]`.
    @inlinable
    public static func key(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBufferPointer { key(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The key of a string (used when building tables).
    public static func key(_ string: String) -> UInt64 {
        if let k = string.utf8.withContiguousStorageIfAvailable({ key($0) }) { return k }
        let b = Array(string.utf8)
        return key(b, 0..<b.count)
    }

    /// Combines the key of a phrase so far with the key of its next token.
    @inlinable
    public static func combine(_ phrase: UInt64, _ next: UInt64) -> UInt64 {
        let r = (phrase << 29) | (phrase >> 35)
        return (r ^ next) &* 0x9E3779B97F4A7C15
    }
}

/// Multi-token phrases (e.g. `Ministry of State Security`, `North Hamgyong Province`) looked up
/// case-insensitively on the shared token stream, longest match first. Phrases are tokenized
/// with the detector's own tokenizer, so `Workers' Party` matches however the text splits it.
public struct PhraseTable<Value: Sendable>: Sendable {
    private var values = KeyMap<Value>()
    /// First word -> bit mask of the phrase lengths (in tokens, bit n-1 for n <= 32) that start with it.
    private var lengths = KeyMap<UInt32>()
    private var longest = KeyMap<Int>()
    /// Number of phrases stored.
    public var count: Int { values.count }

    /// An empty table.
    public init() {}

    /// The token keys of `phrase` as the detector's tokenizer splits it.
    /// A possessive `'s` is left out of a word's key, as the recognizers do for text
    /// (`People's Daily` matches `People's` and `People`).
    public static func keys(of phrase: String) -> [UInt64] {
        let b = Array(phrase.utf8)
        return TokenizedText.tokenize(b).map { t in
            var r = t.range
            if t.kind == .word && r.count > 3 && (b[r.upperBound - 1] == 0x73 || b[r.upperBound - 1] == 0x53) {
                if b[r.upperBound - 2] == 0x27 { r = r.lowerBound..<(r.upperBound - 2) }
                else if r.upperBound - 4 >= r.lowerBound && b[r.upperBound - 4] == 0xE2 && b[r.upperBound - 3] == 0x80
                            && b[r.upperBound - 2] == 0x99 { r = r.lowerBound..<(r.upperBound - 4) }
            }
            return Lexicon.key(b, r)
        }
    }

    /// Adds `phrase`; when it is already present the first value is kept unless `replace`.
    public mutating func insert(_ phrase: String, _ value: Value, replace: Bool = false) {
        let keys = PhraseTable.keys(of: phrase)
        guard let first = keys.first else { return }
        var h = first
        for k in keys.dropFirst() { h = Lexicon.combine(h, k) }
        let full = Lexicon.combine(h, UInt64(keys.count))
        if values[full] == nil || replace { values[full] = value }
        if keys.count > (longest[first] ?? 0) { longest[first] = keys.count }
        lengths[first, default: 0] |= keys.count <= 32 ? (1 << UInt32(keys.count - 1)) : (1 << 31)
    }

    /// Whether any phrase starts with the word whose key is `key`.
    @inlinable public func startsPhrase(_ key: UInt64) -> Bool { maxLength(key) > 0 }

    /// The most tokens of a phrase starting with the word of key `key` (0 when none).
    public func maxLength(_ key: UInt64) -> Int { longest[key] ?? 0 }

    /// The longest phrase starting at token `index` of `text` (at most `limit` tokens), with its
    /// length in tokens. `keys` must hold `Lexicon.key` of every token of `text`.
    public func longestMatch(keys: [UInt64], at index: Int, limit: Int = .max) -> (length: Int, value: Value)? {
        longestMatchSlot(keys: keys, at: index, limit: limit).map { (length: $0.length, value: values.value(atSlot: $0.slot)) }
    }

    /// Like `longestMatch`, but gives where the value is stored (read it with `value(atSlot:)`)
    /// rather than the value: a per-document table of matches then holds no references.
    public func longestMatchSlot(keys: [UInt64], at index: Int, limit: Int = .max) -> (length: Int, slot: Int)? {
        guard index < keys.count, let mask = lengths[keys[index]] else { return nil }
        let maxLen = min(32 - mask.leadingZeroBitCount, keys.count - index, limit)
        guard maxLen > 0 else { return nil }
        // Incremental hashing; only lengths some phrase has are looked up; the last hit is the longest.
        var best: (length: Int, slot: Int)?
        var h = keys[index]
        var len = 1
        while true {
            if mask & (1 << UInt32(len - 1)) != 0, let slot = values.slot(of: Lexicon.combine(h, UInt64(len))) { best = (len, slot) }
            if len == maxLen { break }
            h = Lexicon.combine(h, keys[index + len])
            len += 1
        }
        return best
    }

    /// The value stored at `slot` (from `longestMatchSlot`).
    @inline(__always) public func value(atSlot slot: Int) -> Value { values.value(atSlot: slot) }

    /// The value of exactly the phrase made of `keys` (e.g. one token's key).
    public func value(forKeys keys: ArraySlice<UInt64>) -> Value? {
        guard let first = keys.first else { return nil }
        var h = first
        for k in keys.dropFirst() { h = Lexicon.combine(h, k) }
        return values[Lexicon.combine(h, UInt64(keys.count))]
    }
}

extension TokenizedText {
    /// `Lexicon.key` of every token, in token order (compute once per document and recognizer).
    public func tokenKeys() -> [UInt64] {
        bytes.withUnsafeBufferPointer { buf in
            tokens.map { Lexicon.key(UnsafeBufferPointer(rebasing: buf[$0.range])) }
        }
    }
}

/// A read-mostly hash map from token keys (`Lexicon.key`, already well mixed 64-bit hashes) to
/// values: open addressing with linear probing and a multiplicative index, keys stored beside
/// their values, so a lookup is a multiply, a shift and usually one cache line (no SipHash as in
/// `Dictionary`). Key 0 is stored apart.
public struct KeyMap<Value: Sendable>: Sendable {
    @usableFromInline struct Entry: Sendable {
        @usableFromInline var key: UInt64
        @usableFromInline var value: Value?
    }
    @usableFromInline var entries: [Entry]
    @usableFromInline var shift: UInt64
    private var zeroValue: Value?
    /// Number of entries.
    public private(set) var count: Int = 0

    /// An empty map.
    public init() {
        entries = [Entry](repeating: Entry(key: 0, value: nil), count: 8)
        shift = 64 - 3
    }

    /// A map with the entries of `dictionary`.
    public init(_ dictionary: [UInt64: Value]) {
        self.init()
        rehash(KeyMap.capacity(for: dictionary.count))
        for (k, v) in dictionary { self[k] = v }
    }

    /// The table size for `count` entries: a power of two at least four times `count` for small
    /// maps, twice for large ones. With linear probing a lookup that misses walks to the next
    /// empty slot, about `(1 + 1/(1-load)^2)/2` probes: 8.5 at a load of 3/4, 1.4 at 1/4; most
    /// lookups of the recognizers' word lists are misses.
    @usableFromInline static func capacity(for count: Int) -> Int {
        var capacity = 8
        let factor = count < 4096 ? 4 : 2
        while capacity < count * factor { capacity *= 2 }
        return capacity
    }

    @inline(__always) @usableFromInline func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> shift)
    }

    private mutating func rehash(_ capacity: Int) {
        let old = entries
        entries = [Entry](repeating: Entry(key: 0, value: nil), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for e in old where e.key != 0 {
            var s = slot(e.key)
            while entries[s].key != 0 { s = (s + 1) & (capacity - 1) }
            entries[s] = e
        }
    }

    /// The value of `key`, or nil; setting nil is ignored (entries are never removed).
    public subscript(key: UInt64) -> Value? {
        @inline(__always) get {
            if key == 0 { return zeroValue }
            return entries.withUnsafeBufferPointer { eb in
                let mask = eb.count - 1
                var s = slot(key)
                while true {
                    let k = eb[s].key
                    if k == key { return eb[s].value }
                    if k == 0 { return nil }
                    s = (s + 1) & mask
                }
            }
        }
        set {
            guard let newValue else { return }
            if key == 0 {
                if zeroValue == nil { count += 1 }
                zeroValue = newValue
                return
            }
            if KeyMap.capacity(for: count + 1) > entries.count { rehash(entries.count * 2) }
            let mask = entries.count - 1
            var s = slot(key)
            while entries[s].key != 0 && entries[s].key != key { s = (s + 1) & mask }
            if entries[s].key == 0 { count += 1; entries[s].key = key }
            entries[s].value = newValue
        }
    }

    /// Where the value of `key` is stored (`-1` for key 0, which is stored apart), or nil.
    /// Slots stay valid while the map is not modified.
    public func slot(of key: UInt64) -> Int? {
        if key == 0 { return zeroValue == nil ? nil : -1 }
        return entries.withUnsafeBufferPointer { eb in
            let mask = eb.count - 1
            var s = slot(key)
            while true {
                let k = eb[s].key
                if k == key { return s }
                if k == 0 { return nil }
                s = (s + 1) & mask
            }
        }
    }

    /// The value at `slot` (from `slot(of:)`).
    @inline(__always) public func value(atSlot slot: Int) -> Value {
        slot < 0 ? zeroValue! : entries[slot].value!
    }

    /// The value of `key`, or `defaultValue`.
    public subscript(key: UInt64, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        set { self[key] = newValue }
    }
}

/// A set of token keys with `KeyMap`'s cheap lookups.
public struct KeySet: Sendable {
    private var map = KeyMap<Bool>()

    /// An empty set.
    public init() {}

    /// The set of the given keys.
    public init<S: Sequence>(_ keys: S) where S.Element == UInt64 {
        for k in keys { map[k] = true }
    }

    /// Whether `key` is in the set.
    @inline(__always) public func contains(_ key: UInt64) -> Bool { map[key] != nil }

    /// Adds `key`.
    public mutating func insert(_ key: UInt64) { map[key] = true }

    /// Number of keys.
    public var count: Int { map.count }
}

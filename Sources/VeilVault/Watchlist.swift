import CSodium
import VeilModel

/// Why a watch-list could not be read, extended or unlocked. Messages never quote terms.
public enum WatchlistError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a watch-list file, or its structure is invalid.
    case malformed
    /// A watch-list of a version this build does not know.
    case unsupportedVersion(UInt8)
    /// The hash list does not match its MAC: terms were removed, added or changed without the key.
    case tampered
    /// A term folds to nothing (only spaces or punctuation).
    case emptyTerm
    /// Unlocking the watch-list key failed (wrong passphrase, empty passphrase...).
    case key(KeyFileError)
    /// Reading or writing the file failed.
    case file(FileError)

    /// A one-line message for people; it never quotes secrets, originals or terms.
    public var description: String {
        switch self {
        case .malformed: return "not a Veil watch-list file, or it is damaged"
        case .unsupportedVersion(let v): return "watch-list version \(v) is not supported by this version of veil"
        case .tampered: return "the watch-list failed authentication: its terms were changed without the key"
        case .emptyTerm: return "a watch-list term is empty once spaces and punctuation are removed"
        case .key(let e): return e.description
        case .file(let e): return e.description
        }
    }
}

/// 32 bytes of a BLAKE2b-256 output, hashable without allocation.
struct Digest: Hashable, Comparable, Sendable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    init(_ bytes: UnsafeRawBufferPointer) {
        // Big-endian words, so that sorting digests sorts their bytes.
        func word(_ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[i * 8 + $1]) } }
        a = word(0); b = word(1); c = word(2); d = word(3)
    }

    init<C: Collection>(bytes: C) where C.Element == UInt8 {
        let arr = Array(bytes)
        self = arr.withUnsafeBytes { Digest($0) }
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for w in [a, b, c, d] { for i in (0..<8).reversed() { out.append(UInt8(truncatingIfNeeded: w >> (8 * UInt64(i)))) } }
        return out
    }

    static func < (l: Digest, r: Digest) -> Bool { (l.a, l.b, l.c, l.d) < (r.a, r.b, r.c, r.d) }
}

/// A newsroom's sealed watch-list of sensitive terms (docs/vault-format.md, "Watch-list"):
///
///     magic "SRCWLS\0\1" | box_len u32 | PassphraseBox(watch-list key, magic "SRCWLK\0\1")
///     | count u32 | count x 32-byte keyed BLAKE2b-256 hashes, strictly ascending | MAC 32
///
/// Each hash is BLAKE2b-256 keyed with a subkey of the watch-list key over the term's folded
/// form (`TextFolding.key`); sorting makes the order of addition unrecoverable. Without the
/// passphrase the file reveals only how many terms it holds.
public struct Watchlist: Sendable {
    static let magic: [UInt8] = Array("SRCWLS".utf8) + [0, 1]
    static let keyMagic: [UInt8] = Array("SRCWLK".utf8) + [0, 1]

    let box: [UInt8]
    let digests: [Digest]
    let mac: [UInt8]

    /// Number of terms held (no passphrase needed).
    public var count: Int { digests.count }

    /// Parses a watch-list file's bytes (structure only: no passphrase, nothing verified but the layout).
    public init(bytes: [UInt8]) throws(WatchlistError) {
        var r = ByteReader(bytes)
        guard let m = r.take(8) else { throw .malformed }
        if !m.elementsEqual(Watchlist.magic) {
            if m.prefix(7).elementsEqual(Watchlist.magic.prefix(7)) { throw .unsupportedVersion(m.last!) }
            throw .malformed
        }
        guard let boxLen = r.u32(), Int(boxLen) >= PassphraseBox.overhead + 32, let box = r.take(Int(boxLen)),
              let n = r.u32(), Int(n) <= r.remaining / 32 else { throw .malformed }
        var digests: [Digest] = []
        digests.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let h = r.take(32) else { throw .malformed }
            let d = Digest(bytes: h)
            if let last = digests.last, !(last < d) { throw .malformed }
            digests.append(d)
        }
        guard let mac = r.take(32), r.atEnd else { throw .malformed }
        self.box = Array(box)
        self.digests = digests
        self.mac = Array(mac)
    }

    private init(box: [UInt8], digests: [Digest], mac: [UInt8]) {
        self.box = box
        self.digests = digests
        self.mac = mac
    }

    /// Reads the watch-list file at `path`.
    public static func load(path: String) throws(WatchlistError) -> Watchlist {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .file(error) }
        return try Watchlist(bytes: bytes)
    }

    /// A new watch-list holding `terms`, its fresh random key sealed under `passphrase`.
    public static func create(terms: [String], passphrase: SecureBytes, level: KDFLevel = .moderate) throws(WatchlistError) -> Watchlist {
        Sodium.ensureInitialized()
        let key = SecureBytes.random(count: 32)
        let box: [UInt8]
        do { box = try PassphraseBox.seal(key, passphrase: passphrase, level: level, magic: keyMagic) } catch { throw .key(error) }
        return try Watchlist(box: box, digests: [], mac: []).adding(terms: terms, key: key)
    }

    /// This watch-list with `terms` added (terms already present are not counted twice).
    /// Needs the passphrase: the hashes are keyed. Verifies the existing list first.
    public func adding(terms: [String], passphrase: SecureBytes) throws(WatchlistError) -> Watchlist {
        let key = try unlockKey(passphrase: passphrase)
        try verify(key: key)
        return try adding(terms: terms, key: key)
    }

    /// Unlocks the watch-list and returns a matcher for documents; verifies the list's MAC first.
    public func matcher(passphrase: SecureBytes) throws(WatchlistError) -> WatchlistMatcher {
        let key = try unlockKey(passphrase: passphrase)
        try verify(key: key)
        return WatchlistMatcher(hashKey: Blake2b.deriveKey(key, label: "SRCWL1/hash"), digests: Set(digests))
    }

    /// The file's bytes.
    public var bytes: [UInt8] { serializedBody + mac }

    /// Writes the watch-list atomically to `path` (mode 0600).
    public func write(to path: String, overwrite: Bool) throws(WatchlistError) {
        do { try AtomicFile.write(bytes, to: path, mode: 0o600, overwrite: overwrite) } catch { throw .file(error) }
    }

    /// The folded form of a term as it is hashed: leading and trailing punctuation trimmed, then
    /// `TextFolding.key` (piece by piece, split where the matcher splits a document, so both
    /// agree exactly). Empty when nothing is left.
    public static func fold(term: String) -> String {
        let bytes = Array(term.utf8)
        var pieces = WatchlistMatcher.pieces(bytes)
        guard !pieces.isEmpty else { return "" }
        let first = WatchlistMatcher.trimLeading(bytes, pieces[0])
        pieces[0] = first
        let lastIndex = pieces.count - 1
        pieces[lastIndex] = WatchlistMatcher.trimTrailing(bytes, pieces[lastIndex], possessive: false)
        var out = ""
        for p in pieces where !p.isEmpty { out += WatchlistMatcher.foldBytes(bytes[p]) }
        return out
    }

    // MARK: - Internals

    private var serializedBody: [UInt8] {
        var w = ByteWriter()
        w.append(Watchlist.magic)
        w.u32(UInt32(box.count))
        w.append(box)
        w.u32(UInt32(digests.count))
        for d in digests { w.append(d.bytes) }
        return w.bytes
    }

    private func unlockKey(passphrase: SecureBytes) throws(WatchlistError) -> SecureBytes {
        let key: SecureBytes
        do { key = try PassphraseBox.open(box, passphrase: passphrase, magic: Watchlist.keyMagic) } catch { throw .key(error) }
        guard key.count == 32 else { throw .malformed }
        return key
    }

    private func verify(key: SecureBytes) throws(WatchlistError) {
        let expected = Blake2b.mac(serializedBody, key: Blake2b.deriveKey(key, label: "SRCWL1/mac"))
        guard sodiumEqual(expected, mac) else { throw .tampered }
    }

    private func adding(terms: [String], key: SecureBytes) throws(WatchlistError) -> Watchlist {
        let hasher = WatchlistMatcher(hashKey: Blake2b.deriveKey(key, label: "SRCWL1/hash"), digests: [])
        var set = Set(digests)
        let scratch = WatchlistMatcher.Scratch()
        for term in terms {
            let folded = Watchlist.fold(term: term)
            guard !folded.isEmpty else { throw .emptyTerm }
            set.insert(hasher.digest(Array(folded.utf8), [], scratch: scratch))
        }
        let next = Watchlist(box: box, digests: set.sorted(), mac: [])
        let mac = Blake2b.mac(next.serializedBody, key: Blake2b.deriveKey(key, label: "SRCWL1/mac"))
        return Watchlist(box: box, digests: next.digests, mac: mac)
    }
}

/// An unlocked watch-list: finds every occurrence of its terms in a document, including case,
/// diacritic, width, hyphen, apostrophe and spacing variants (`Kang Mi-jin`, `KANG MIJIN`,
/// `Káng  Mi‐Jin`), possessives (`Kang's`) and Korean particles (`강미진은`).
///
/// The document is split into pieces at spaces, hyphens and dashes; every run of 1...8 pieces
/// is folded (each end tried with and without its surrounding punctuation) and its keyed hash
/// looked up in a hash set. Terms are never held in the clear.
public struct WatchlistMatcher: Sendable {
    /// Longest run of pieces tried (a term of up to 8 words or hyphen-joined parts).
    public static let maxPieces = 8
    let digests: Set<Digest>
    /// The BLAKE2b state after absorbing the hash key, kept in guarded memory and copied for
    /// each lookup (saves one compression per hash).
    let keyedState: SecureBytes

    init(hashKey: SecureBytes, digests: Set<Digest>) {
        self.digests = digests
        let scratch = Scratch()
        hashKey.withUnsafeBytes { k in
            _ = crypto_generichash_init(OpaquePointer(scratch.pointer), k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count, 32)
        }
        keyedState = SecureBytes(copying: UnsafeRawBufferPointer(start: scratch.pointer, count: Scratch.size))
    }

    /// 64-byte-aligned memory for a BLAKE2b state (libsodium declares the state aligned, so it
    /// is not imported as a Swift type); wiped when released.
    final class Scratch {
        static let size = crypto_generichash_statebytes()
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: Scratch.size, alignment: 64)
        deinit {
            sodium_memzero(pointer, Scratch.size)
            pointer.deallocate()
        }
    }

    /// Number of terms in the unlocked list.
    public var count: Int { digests.count }

    /// Every occurrence of a watch-list term in `document`, in document order. The findings
    /// carry the document's text (as every finding does) but nothing of the stored terms.
    public func findings(in document: Document) -> [Finding] {
        guard !digests.isEmpty else { return [] }
        let bytes = document.bytes
        let pieces = WatchlistMatcher.pieces(bytes)
        let scratch = Scratch()
        var cache: [ArraySlice<UInt8>: [UInt8]] = [:]
        func fold(_ r: Range<Int>) -> [UInt8] {
            let s = bytes[r]
            if let f = cache[s] { return f }
            let f = Array(WatchlistMatcher.foldBytes(s).utf8)
            cache[s] = f
            return f
        }
        // Per piece: the ways it may start a match (without or with leading punctuation) and
        // end one (without a particle or possessive, without trailing punctuation, as is),
        // tightest first, each with its folded bytes.
        let starts: [[(position: Int, folded: [UInt8])]] = pieces.map { p in
            let t = WatchlistMatcher.trimLeading(bytes, p)
            let positions = t.isEmpty || t.lowerBound == p.lowerBound ? [p.lowerBound] : [t.lowerBound, p.lowerBound]
            return positions.map { ($0, fold($0..<p.upperBound)) }
        }
        let ends: [[(position: Int, folded: [UInt8])]] = pieces.map { p in
            var out: [Int] = []
            let possessive = WatchlistMatcher.trimTrailing(bytes, p, possessive: true)
            let particle = WatchlistMatcher.trimParticle(bytes, possessive)
            let plain = WatchlistMatcher.trimTrailing(bytes, p, possessive: false)
            for r in [particle, possessive, plain, p] where !r.isEmpty && !out.contains(r.upperBound) { out.append(r.upperBound) }
            return out.map { ($0, fold(p.lowerBound..<$0)) }
        }
        var found: [Finding] = []
        var seen = Set<Range<Int>>()
        func report(_ m: Range<Int>) {
            if seen.insert(m).inserted {
                found.append(Finding(range: m, text: document.text(m), category: .watchlist, confidence: 1.0,
                                     recognizer: "watchlist", explanation: "matches a sealed watch-list term"))
            }
        }
        for i in pieces.indices {
            // One piece: every start/end combination inside it.
            single: for s in starts[i] {
                for e in ends[i] where e.position > s.position {
                    let key = fold(s.position..<e.position)
                    if !key.isEmpty && digests.contains(digest(key, [], scratch: scratch)) { report(s.position..<e.position); break single }
                }
            }
            // Several pieces: the start variant's fold, the middle pieces in full, the end variant.
            var prefixes = starts[i].map(\.folded)
            for j in (i + 1)..<min(pieces.count, i + WatchlistMatcher.maxPieces) {
                search: for (k, s) in starts[i].enumerated() {
                    for e in ends[j] where prefixes[k].count + e.folded.count > 0 {
                        if digests.contains(digest(prefixes[k], e.folded, scratch: scratch)) { report(s.position..<e.position); break search }
                    }
                }
                let middle = fold(pieces[j])
                for k in prefixes.indices { prefixes[k] += middle }
            }
        }
        found.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        return found
    }

    /// Keyed BLAKE2b-256 of `message || suffix`.
    func digest(_ message: [UInt8], _ suffix: [UInt8], scratch: Scratch) -> Digest {
        keyedState.withUnsafeBytes { scratch.pointer.copyMemory(from: $0.baseAddress!, byteCount: Scratch.size) }
        let st = OpaquePointer(scratch.pointer)
        var out = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &out) { o in
            _ = crypto_generichash_update(st, message, UInt64(message.count))
            if !suffix.isEmpty { _ = crypto_generichash_update(st, suffix, UInt64(suffix.count)) }
            _ = crypto_generichash_final(st, o.baseAddress!.assumingMemoryBound(to: UInt8.self), 32)
            return Digest(UnsafeRawBufferPointer(o))
        }
    }

    // MARK: - Byte-level splitting, trimming and folding

    /// Length of the UTF-8 sequence starting with `b` (1 for stray continuation bytes).
    @inline(__always)
    static func scalarLength(_ b: UInt8) -> Int { b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4 }

    @inline(__always)
    static func scalar(_ bytes: [UInt8], _ i: Int) -> (Unicode.Scalar, Int) {
        let b = bytes[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        let n = min(scalarLength(b), bytes.count - i)
        var v = UInt32(b) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
        for k in 1..<max(n, 1) { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", n)
    }

    /// Spaces, hyphens, dashes and connector punctuation split pieces.
    static func isSplit(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            switch s.value {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x2D, 0x5F: return true
            default: return false
            }
        }
        if s.properties.isWhitespace { return true }
        switch s.properties.generalCategory {
        case .dashPunctuation, .connectorPunctuation, .lineSeparator, .paragraphSeparator, .spaceSeparator: return true
        default: return false
        }
    }

    /// Letters, digits and combining marks: what a term is made of.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        let p = s.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Byte ranges of the pieces of `bytes`, split at spaces, hyphens and dashes.
    static func pieces(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start: Int?
        var i = 0
        while i < bytes.count {
            let (s, n) = scalar(bytes, i)
            if isSplit(s) {
                if let st = start { out.append(st..<i); start = nil }
            } else if start == nil {
                start = i
            }
            i += n
        }
        if let st = start { out.append(st..<bytes.count) }
        return out
    }

    /// `r` without leading non-word scalars (empty when nothing is left).
    static func trimLeading(_ bytes: [UInt8], _ r: Range<Int>) -> Range<Int> {
        var i = r.lowerBound
        while i < r.upperBound {
            let (s, n) = scalar(bytes, i)
            if isWordScalar(s) { return i..<r.upperBound }
            i += n
        }
        return r.upperBound..<r.upperBound
    }

    /// `r` without trailing non-word scalars; with `possessive`, also without a final `'s`/`’s`.
    static func trimTrailing(_ bytes: [UInt8], _ r: Range<Int>, possessive: Bool) -> Range<Int> {
        var end = r.upperBound
        func stripPunctuation() {
            while end > r.lowerBound {
                var start = end - 1
                while start > r.lowerBound && bytes[start] & 0xC0 == 0x80 { start -= 1 }
                let (s, _) = scalar(bytes, start)
                if isWordScalar(s) { return }
                end = start
            }
        }
        stripPunctuation()
        if possessive && end - r.lowerBound > 2 && (bytes[end - 1] == 0x73 || bytes[end - 1] == 0x53) {
            if bytes[end - 2] == 0x27 { end -= 2; stripPunctuation() }
            else if end - r.lowerBound > 4 && bytes[end - 4] == 0xE2 && bytes[end - 3] == 0x80 && bytes[end - 2] == 0x99 {
                end -= 4; stripPunctuation()
            }
        }
        return r.lowerBound..<end
    }

    /// Korean particles that attach to a name (`강미진은`, `혜산에서`), longest first.
    static let particles: [[UInt8]] = ["에서는", "에게서", "으로는", "이라고", "에서", "에게", "한테", "께서", "으로", "이랑", "까지", "부터",
                                       "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "랑", "만"].map { Array($0.utf8) }

    /// `r` without one trailing Korean particle, when it ends in one after at least one Hangul syllable.
    static func trimParticle(_ bytes: [UInt8], _ r: Range<Int>) -> Range<Int> {
        for p in particles where r.count >= p.count + 3 && bytes[(r.upperBound - p.count)..<r.upperBound].elementsEqual(p) {
            return r.lowerBound..<(r.upperBound - p.count)
        }
        return r
    }

    /// `TextFolding.key` of the bytes, with an exact ASCII fast path.
    static func foldBytes(_ s: ArraySlice<UInt8>) -> String {
        if s.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(s.count)
            for b in s {
                switch b {
                case 0x41...0x5A: out.append(b + 32)
                case 0x00...0x20, 0x7F, 0x27, 0x2D, 0x2E, 0x5F, 0x60: continue
                default: out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return TextFolding.key(String(decoding: s, as: UTF8.self))
    }
}

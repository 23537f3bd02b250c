import CSodium

/// Little-endian byte writer for the vault, key-file and watch-list formats.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func append<C: Collection>(_ b: C) where C.Element == UInt8 { bytes.append(contentsOf: b) }
}

/// Little-endian byte reader; every read is bounds-checked and returns nil when the input ends.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int = 0

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var atEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, n <= remaining else { return nil }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func u8() -> UInt8? { take(1)?.first }

    mutating func u16() -> UInt16? {
        guard let s = take(2) else { return nil }
        return s.reversed().reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func u32() -> UInt32? {
        guard let s = take(4) else { return nil }
        return s.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() -> UInt64? {
        guard let s = take(8) else { return nil }
        return s.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// BLAKE2b (`crypto_generichash`) helpers.
enum Blake2b {
    /// Unkeyed BLAKE2b with `outputLength` bytes (16...64).
    static func hash<C: Collection>(_ message: C, outputLength: Int = 32) -> [UInt8] where C.Element == UInt8 {
        Sodium.ensureInitialized()
        let m = Array(message)
        var out = [UInt8](repeating: 0, count: outputLength)
        _ = m.withUnsafeBufferPointer { mp in
            crypto_generichash(&out, outputLength, mp.baseAddress, UInt64(mp.count), nil, 0)
        }
        return out
    }

    /// Keyed BLAKE2b-256 with the key in secret memory, output returned as a plain array
    /// (MACs, hashes).
    static func mac<C: Collection>(_ message: C, key: SecureBytes) -> [UInt8] where C.Element == UInt8 {
        let m = Array(message)
        var out = [UInt8](repeating: 0, count: 32)
        key.withUnsafeBytes { k in
            _ = m.withUnsafeBufferPointer { mp in
                crypto_generichash(&out, 32, mp.baseAddress, UInt64(mp.count),
                                   k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count)
            }
        }
        return out
    }

    /// Keyed BLAKE2b-256 of an ASCII label, kept in secret memory: subkey derivation
    /// (`K = BLAKE2b-256(key = parent, message = label)`).
    static func deriveKey(_ parent: SecureBytes, label: String) -> SecureBytes {
        let m = Array(label.utf8)
        let out = SecureBytes(count: 32)
        parent.withUnsafeBytes { k in
            out.withUnsafeMutableBytes { o in
                _ = crypto_generichash(o.baseAddress!.assumingMemoryBound(to: UInt8.self), 32, m, UInt64(m.count),
                                       k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count)
            }
        }
        return out
    }
}

/// RFC 4648 base32, lower-case alphabet, no padding (used for public keys and record ids).
enum Base32 {
    static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func encode<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for b in data {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes lower- or upper-case base32 without padding; nil on any other character or on
    /// non-zero trailing bits.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt32
            switch c {
            case 0x61...0x7A: v = UInt32(c - 0x61)
            case 0x41...0x5A: v = UInt32(c - 0x41)
            case 0x32...0x37: v = UInt32(c - 0x32 + 26)
            default: return nil
            }
            buffer = (buffer << 5) | v
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        if bits >= 5 || (buffer & ((1 << UInt32(bits)) - 1)) != 0 { return nil }
        return out
    }
}

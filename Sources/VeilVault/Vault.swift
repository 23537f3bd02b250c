import CSodium

/// Why a vault could not be sealed or opened. Messages never quote originals or record contents.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The identity's secret key opens none of the vault's recipient stanzas.
    case notARecipient
    /// The vault ends before its final record: it was cut short.
    case truncated
    /// Authentication failed (header MAC or a record): the vault was altered, or records were
    /// swapped, removed or duplicated.
    case tampered
    /// The vault is a Veil vault of a version this build does not know.
    case unsupportedVersion(UInt8)
    /// The bytes are not a Veil vault, or their structure is invalid (bad lengths, trailing bytes).
    case malformed(String)
    /// Sealing needs 1 to 8 recipients.
    case recipientCount(Int)
    /// A record id is empty, longer than 255 bytes, or not printable ASCII.
    case invalidRecordID
    /// Two records share an id.
    case duplicateRecordID
    /// The bytes read back after writing differ from what was sealed.
    case verificationFailed

    /// A one-line message for people; it never quotes secrets, originals or terms.
    public var description: String {
        switch self {
        case .notARecipient: return "this identity is not a recipient of the vault (or its recipient list was altered)"
        case .truncated: return "the vault is truncated: it ends before its final record"
        case .tampered: return "the vault failed authentication: it was altered, or records were swapped, removed or duplicated"
        case .unsupportedVersion(let v): return "vault format version \(v) is not supported by this version of veil"
        case .malformed(let why): return "not a valid Veil vault: \(why)"
        case .recipientCount(let n): return "a vault needs 1 to \(Vault.maxRecipients) recipients, got \(n)"
        case .invalidRecordID: return "a record id must be 1 to 255 printable ASCII characters"
        case .duplicateRecordID: return "two vault records have the same id"
        case .verificationFailed: return "the vault read back from disk does not match what was sealed"
        }
    }

    /// Whether the failure is about who may open the vault (exit 3) rather than its integrity (exit 4).
    public var isAuthenticationFailure: Bool { self == .notARecipient }
}

/// One sealed original: a placeholder's record id and the original bytes (in secret memory).
public struct VaultRecord: Sendable {
    /// Printable ASCII, 1...255 bytes, unique in a vault. `@draft` and `@pseudonyms` are reserved
    /// for the whole draft and the pseudonym table (see `Vault.draftRecordID`).
    public let id: String
    /// The original bytes.
    public let content: SecureBytes

    /// A record.
    public init(id: String, content: SecureBytes) {
        self.id = id
        self.content = content
    }
}

/// A vault just sealed: its bytes, and (in guarded memory) the file key, so the sealer can
/// verify the copy it wrote to disk without an editor's secret key.
public struct SealedVault: Sendable {
    /// The vault file's bytes.
    public let bytes: [UInt8]
    /// Number of records sealed (without the final record).
    public let recordCount: Int
    let fileKey: SecureBytes

    /// Verifies `bytesReadBack` (the file as re-read from disk): same bytes as sealed, structure
    /// re-parsed, header MAC checked, every record pulled and authenticated, final record with
    /// the right count. Throws when anything differs.
    public func verify(_ bytesReadBack: [UInt8]) throws(VaultError) {
        guard sodiumEqual(bytesReadBack, bytes) else { throw .verificationFailed }
        let opened = try Vault.open(bytesReadBack, fileKey: fileKey, header: try Vault.parseHeader(bytesReadBack))
        guard opened.records.count == recordCount else { throw .verificationFailed }
    }
}

/// A vault opened and fully verified: nothing here exists unless every check passed.
public struct OpenedVault: Sendable {
    /// The records in sealed order (the draft first when the pipeline follows the convention).
    public let records: [VaultRecord]
    /// BLAKE2b-256 of the published text the vault was sealed with.
    public let publishedTextHash: [UInt8]
    /// The vault's random 16-byte document id.
    public let documentID: [UInt8]

    /// The record with `id`, if any.
    public func record(_ id: String) -> VaultRecord? { records.first { $0.id == id } }

    /// The whole original draft (record `@draft`), if the vault holds one.
    public var draft: SecureBytes? { record(Vault.draftRecordID)?.content }

    /// Whether `text` is exactly the published text this vault was sealed with.
    public func matchesPublishedText(_ text: [UInt8]) -> Bool {
        sodiumEqual(Blake2b.hash(text), publishedTextHash)
    }
}

/// What can be learnt from a vault without a key: enough to tell a vault from another file.
public struct VaultSummary: Sendable, Equatable {
    /// Format version (1).
    public let version: UInt8
    /// Number of recipient stanzas (who they are is not recorded).
    public let recipientCount: Int
    /// Number of records before the final record.
    public let recordCount: Int
}

/// The sealed vault, format `SRCVLT` v1 (docs/vault-format.md): a random 32-byte file key
/// sealed to each of 1-8 editors with `crypto_box_seal`, a header authenticated with keyed
/// BLAKE2b, and one secretstream (XChaCha20-Poly1305) message per original, padded to 256-byte
/// blocks, each bound to the vault, its index and its record id; a final record carries the
/// record count and the BLAKE2b-256 of the published text.
public enum Vault {
    /// Largest number of recipients.
    public static let maxRecipients = 8
    /// Originals are padded with `sodium_pad` to a multiple of this many bytes.
    public static let padBlock = 256
    /// Record id of the whole original draft (reveal restores it byte for byte).
    public static let draftRecordID = "@draft"
    /// Record id of the pseudonym table (JSON).
    public static let pseudonymsRecordID = "@pseudonyms"

    static let magicPrefix: [UInt8] = Array("SRCVLT".utf8) + [0]
    static let version: UInt8 = 1
    static let suite: UInt8 = 1
    static let stanzaLength = 32 + 48
    static let ssHeaderLength = 24
    static let macLength = 32
    static let abytes = 17

    /// A fresh random record id: `r-` and 8 lower-case base32 characters (40 random bits). It
    /// carries nothing of the original. Ids in `excluding` are never returned.
    public static func newRecordID(excluding used: Set<String> = []) -> String {
        Sodium.ensureInitialized()
        while true {
            var raw = [UInt8](repeating: 0, count: 5)
            randombytes_buf(&raw, 5)
            let id = "r-" + Base32.encode(raw)
            if !used.contains(id) { return id }
        }
    }

    /// Seals `records` for `recipients` (1-8 public keys; duplicates are sealed once).
    /// `publishedText` is the redacted output the vault belongs to; its hash goes in the final record.
    public static func seal(records: [VaultRecord], recipients: [PublicKey], publishedText: [UInt8]) throws(VaultError) -> SealedVault {
        Sodium.ensureInitialized()
        var unique: [PublicKey] = []
        for r in recipients where !unique.contains(r) { unique.append(r) }
        guard (1...maxRecipients).contains(unique.count) else { throw .recipientCount(unique.count) }
        var seen = Set<String>()
        for r in records {
            guard isValidRecordID(r.id) else { throw .invalidRecordID }
            guard seen.insert(r.id).inserted else { throw .duplicateRecordID }
        }
        guard records.count < Int(UInt32.max) else { throw .malformed("too many records") }

        let fileKey = SecureBytes.random(count: 32)
        var w = ByteWriter()
        w.append(magicPrefix)
        w.u8(version)
        w.u8(suite)
        w.u8(0)
        w.u16(UInt16(padBlock))
        var docID = [UInt8](repeating: 0, count: 16)
        randombytes_buf(&docID, 16)
        w.append(docID)
        w.u8(UInt8(unique.count))
        for pk in unique {
            var stanza = [UInt8](repeating: 0, count: stanzaLength)
            fileKey.withUnsafeBytes { k in
                _ = crypto_box_seal(&stanza, k.baseAddress!.assumingMemoryBound(to: UInt8.self), 32, pk.bytes)
            }
            w.append(stanza)
        }
        let streamKey = Blake2b.deriveKey(fileKey, label: "SRCVLT1/stream")
        let macKey = Blake2b.deriveKey(fileKey, label: "SRCVLT1/mac")
        var state = crypto_secretstream_xchacha20poly1305_state()
        var ssHeader = [UInt8](repeating: 0, count: ssHeaderLength)
        streamKey.withUnsafeBytes { k in
            _ = crypto_secretstream_xchacha20poly1305_init_push(&state, &ssHeader, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        w.append(ssHeader)
        let headerMAC = Blake2b.mac(w.bytes, key: macKey)
        w.append(headerMAC)

        let messageTag = crypto_secretstream_xchacha20poly1305_tag_message()
        // One guarded scratch buffer for padding, reused for every record.
        let scratch = SecureBytes(count: (records.map(\.content.count).max() ?? 0) + padBlock)
        for (index, record) in records.enumerated() {
            let pid = Array(record.id.utf8)
            let ad = recordAD(headerMAC: headerMAC, index: UInt32(index), pid: pid)
            let paddedLength = pad(record.content, into: scratch)
            var ct = [UInt8](repeating: 0, count: paddedLength + abytes)
            scratch.withUnsafeBytes { p in
                _ = crypto_secretstream_xchacha20poly1305_push(
                    &state, &ct, nil, p.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(paddedLength),
                    ad, UInt64(ad.count), messageTag)
            }
            w.u8(UInt8(pid.count))
            w.append(pid)
            w.u32(UInt32(ct.count))
            w.append(ct)
        }
        var final = ByteWriter()
        final.u32(UInt32(records.count))
        final.append(Blake2b.hash(publishedText))
        let finalAD = self.finalAD(headerMAC: headerMAC)
        var ct = [UInt8](repeating: 0, count: final.bytes.count + abytes)
        _ = crypto_secretstream_xchacha20poly1305_push(
            &state, &ct, nil, final.bytes, UInt64(final.bytes.count), finalAD, UInt64(finalAD.count),
            crypto_secretstream_xchacha20poly1305_tag_final())
        w.u8(0)
        w.u32(UInt32(ct.count))
        w.append(ct)
        return SealedVault(bytes: w.bytes, recordCount: records.count, fileKey: fileKey)
    }

    /// Opens `bytes` with `identity`'s secret key. Everything is verified (structure, recipient,
    /// header MAC, every record in order, final record and count) before any record is returned.
    public static func open(_ bytes: [UInt8], identity: SecretKey) throws(VaultError) -> OpenedVault {
        Sodium.ensureInitialized()
        let header = try parseHeader(bytes)
        // Check the whole record structure before any secret-key operation.
        _ = try walkRecords(bytes, from: header.recordsOffset)
        let fileKey = SecureBytes(count: 32)
        var found = false
        for stanza in header.stanzas {
            let rc = fileKey.withUnsafeMutableBytes { k in
                identity.secret.withUnsafeBytes { s in
                    crypto_box_seal_open(k.baseAddress!.assumingMemoryBound(to: UInt8.self), stanza, UInt64(stanza.count),
                                         identity.publicKey.bytes, s.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
            if rc == 0 { found = true; break }
        }
        guard found else { throw .notARecipient }
        return try open(bytes, fileKey: fileKey, header: header)
    }

    /// Structural facts about a vault without opening it; throws when the structure is invalid.
    public static func summary(_ bytes: [UInt8]) throws(VaultError) -> VaultSummary {
        let header = try parseHeader(bytes)
        let records = try walkRecords(bytes, from: header.recordsOffset)
        return VaultSummary(version: version, recipientCount: header.stanzas.count, recordCount: records.count - 1)
    }

    // MARK: - Internals

    struct Header {
        var padBlock: Int
        var documentID: [UInt8]
        var stanzas: [[UInt8]]
        var ssHeader: [UInt8]
        var authenticated: ArraySlice<UInt8>
        var mac: [UInt8]
        var recordsOffset: Int
    }

    struct RawRecord {
        var pid: [UInt8]
        var ciphertext: ArraySlice<UInt8>
    }

    static func isValidRecordID(_ id: String) -> Bool {
        let u = Array(id.utf8)
        return !u.isEmpty && u.count <= 255 && u.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    static func parseHeader(_ bytes: [UInt8]) throws(VaultError) -> Header {
        var r = ByteReader(bytes)
        guard let magic = r.take(7) else {
            if magicPrefix.starts(with: bytes) { throw .truncated }
            throw .malformed("it does not start with the vault magic")
        }
        guard magic.elementsEqual(magicPrefix) else { throw .malformed("it does not start with the vault magic") }
        guard let v = r.u8() else { throw .truncated }
        guard v == version else { throw .unsupportedVersion(v) }
        guard let s = r.u8(), let flags = r.u8(), let block = r.u16(), let docID = r.take(16), let n = r.u8() else { throw .truncated }
        guard s == suite else { throw .malformed("unknown cipher suite") }
        guard flags == 0 else { throw .malformed("unknown flags") }
        guard block >= 16 else { throw .malformed("invalid padding block") }
        guard n >= 1 && Int(n) <= maxRecipients else { throw .malformed("it must have 1 to \(maxRecipients) recipients") }
        var stanzas: [[UInt8]] = []
        for _ in 0..<n {
            guard let st = r.take(stanzaLength) else { throw .truncated }
            stanzas.append(Array(st))
        }
        guard let ss = r.take(ssHeaderLength) else { throw .truncated }
        let authenticatedEnd = r.offset
        guard let mac = r.take(macLength) else { throw .truncated }
        return Header(padBlock: Int(block), documentID: Array(docID), stanzas: stanzas, ssHeader: Array(ss),
                      authenticated: bytes[0..<authenticatedEnd], mac: Array(mac), recordsOffset: r.offset)
    }

    /// Splits the record section; the last record is the final one (empty id). Checks lengths,
    /// ids, that exactly one final record ends the file, and that nothing trails it.
    static func walkRecords(_ bytes: [UInt8], from offset: Int) throws(VaultError) -> [RawRecord] {
        var r = ByteReader(bytes, offset: offset)
        var out: [RawRecord] = []
        while true {
            guard let pidLen = r.u8() else { throw .truncated }
            guard let pid = r.take(Int(pidLen)), let clen = r.u32() else { throw .truncated }
            guard Int(clen) >= abytes else { throw .malformed("record too short") }
            guard let ct = r.take(Int(clen)) else { throw .truncated }
            if pidLen > 0 && !pid.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) { throw .malformed("invalid record id") }
            out.append(RawRecord(pid: Array(pid), ciphertext: ct))
            if pidLen == 0 {
                guard r.atEnd else { throw .malformed("bytes after the final record") }
                return out
            }
            guard out.count <= Int(UInt32.max) else { throw .malformed("too many records") }
        }
    }

    static func open(_ bytes: [UInt8], fileKey: SecureBytes, header: Header) throws(VaultError) -> OpenedVault {
        let macKey = Blake2b.deriveKey(fileKey, label: "SRCVLT1/mac")
        let expected = Blake2b.mac(header.authenticated, key: macKey)
        guard sodiumEqual(expected, header.mac) else { throw .tampered }
        let raw = try walkRecords(bytes, from: header.recordsOffset)
        let streamKey = Blake2b.deriveKey(fileKey, label: "SRCVLT1/stream")
        var state = crypto_secretstream_xchacha20poly1305_state()
        let initRC = streamKey.withUnsafeBytes { k in
            crypto_secretstream_xchacha20poly1305_init_pull(&state, header.ssHeader, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard initRC == 0 else { throw .tampered }
        let messageTag = crypto_secretstream_xchacha20poly1305_tag_message()
        let finalTag = crypto_secretstream_xchacha20poly1305_tag_final()
        var records: [VaultRecord] = []
        var ids = Set<[UInt8]>()
        records.reserveCapacity(raw.count - 1)
        // All originals are decrypted into one guarded allocation; each record is a view of it.
        let arena = SecureBytes(count: raw.dropLast().reduce(0) { $0 + $1.ciphertext.count - abytes })
        var offset = 0
        for (index, rec) in raw.enumerated() {
            let isFinal = index == raw.count - 1
            let ad = isFinal ? finalAD(headerMAC: header.mac) : recordAD(headerMAC: header.mac, index: UInt32(index), pid: rec.pid)
            let plainLength = rec.ciphertext.count - abytes
            let plain = isFinal ? SecureBytes(count: plainLength) : arena.view(offset..<(offset + plainLength))
            var tag: UInt8 = 0
            let rc = plain.withUnsafeMutableBytes { p in
                rec.ciphertext.withUnsafeBufferPointer { c in
                    crypto_secretstream_xchacha20poly1305_pull(
                        &state, p.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, &tag, c.baseAddress, UInt64(c.count),
                        ad, UInt64(ad.count))
                }
            }
            guard rc == 0 else { throw .tampered }
            if isFinal {
                guard tag == finalTag, plain.count == 36 else { throw .tampered }
                let body = plain.copyBytes()
                var br = ByteReader(body)
                guard let count = br.u32(), Int(count) == raw.count - 1, let hash = br.take(32) else { throw .tampered }
                return OpenedVault(records: records, publishedTextHash: Array(hash), documentID: header.documentID)
            }
            guard tag == messageTag else { throw .tampered }
            guard ids.insert(rec.pid).inserted else { throw .tampered }
            guard let length = unpaddedLength(plain, block: header.padBlock) else { throw .tampered }
            records.append(VaultRecord(id: String(decoding: rec.pid, as: UTF8.self), content: arena.view(offset..<(offset + length))))
            offset += plainLength
        }
        throw .truncated
    }

    static func recordAD(headerMAC: [UInt8], index: UInt32, pid: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.append(Array("SRCVLT1/e".utf8))
        w.append(headerMAC)
        w.u32(index)
        w.u8(UInt8(pid.count))
        w.append(pid)
        return w.bytes
    }

    static func finalAD(headerMAC: [UInt8]) -> [UInt8] {
        Array("SRCVLT1/f".utf8) + headerMAC
    }

    /// Copies `content` into `buffer` and pads it there with `sodium_pad` (always at least one
    /// byte of padding); returns the padded length.
    static func pad(_ content: SecureBytes, into buffer: SecureBytes) -> Int {
        var paddedLen = 0
        buffer.withUnsafeMutableBytes { b in
            content.withUnsafeBytes { c in
                if c.count > 0 { b.baseAddress!.copyMemory(from: c.baseAddress!, byteCount: c.count) }
            }
            _ = sodium_pad(&paddedLen, b.baseAddress!.assumingMemoryBound(to: UInt8.self), content.count, padBlock, b.count)
        }
        return paddedLen
    }

    /// The original length inside a padded plaintext (`sodium_unpad`), nil when the padding is invalid.
    static func unpaddedLength(_ padded: SecureBytes, block: Int) -> Int? {
        guard padded.count > 0, padded.count % block == 0 else { return nil }
        var len = 0
        let rc = padded.withUnsafeBytes { p in
            sodium_unpad(&len, p.baseAddress!.assumingMemoryBound(to: UInt8.self), padded.count, block)
        }
        return rc == 0 ? len : nil
    }
}

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
    /// A signer was required (`--signer`) but the vault carries no signature.
    case unsigned
    /// The vault's signature is not the named signer's signature of the vault.
    case badSignature

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
        case .unsigned: return "the vault is not signed, so it cannot be checked against the given signer"
        case .badSignature: return "the vault's signature is not the given signer's: it was not sealed by that reporter, or it was altered"
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
    /// The signer's public key when the vault was signed.
    public var signer: SigningPublicKey? = nil

    /// Verifies `bytesReadBack` (the file as re-read from disk): same bytes as sealed, structure
    /// re-parsed, header MAC checked, every record pulled and authenticated, final record with
    /// the right count. Throws when anything differs.
    public func verify(_ bytesReadBack: [UInt8]) throws(VaultError) {
        guard sodiumEqual(bytesReadBack, bytes) else { throw .verificationFailed }
        let header = try Vault.parseHeader(bytesReadBack)
        let opened = try Vault.open(bytesReadBack, fileKey: fileKey, header: header)
        guard opened.records.count == recordCount else { throw .verificationFailed }
        if let signer { try Vault.checkSignature(bytesReadBack, signer: signer) }
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
    /// Format version (1 or 2).
    public var version: UInt8 = 1
    /// Whether the vault carries a signature (checked only when a signer was given to `open`).
    public var isSigned: Bool = false

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
    /// Format version (1 or 2).
    public let version: UInt8
    /// Number of recipient stanzas (who they are is not recorded).
    public let recipientCount: Int
    /// Number of records before the final record; nil for version 2, which keeps it inside the
    /// ciphertext.
    public let recordCount: Int?
    /// Whether the vault carries a reporter's signature (version 2 only).
    public var isSigned: Bool = false
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
    /// Record id of the editor's decisions made in `veil review` (JSON; docs/vault-format.md).
    public static let decisionsRecordID = "@decisions"

    static let magicPrefix: [UInt8] = Array("SRCVLT".utf8) + [0]
    static let version1: UInt8 = 1
    static let version2: UInt8 = 2
    /// Version 2 flag: an Ed25519 signature of the whole vault follows the body.
    static let flagSigned: UInt8 = 1
    static let signatureLength = 64
    /// Version 2 bodies are padded to at least this many bytes, then to a Padmé bucket.
    static let minimumBody = 512
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

    /// Seals `records` for `recipients` (1-8 public keys; duplicates are sealed once) as a
    /// version 2 vault: every record, the count and the published text's hash in one
    /// secretstream message padded to a Padmé bucket, so the file tells neither how many
    /// originals it holds nor how long each is. With `signer`, an Ed25519 signature of the
    /// whole vault is appended (flag 1).
    /// `publishedText` is the redacted output the vault belongs to; its hash goes in the sealed body.
    public static func seal(records: [VaultRecord], recipients: [PublicKey], publishedText: [UInt8],
                            signer: SigningSecretKey? = nil) throws(VaultError) -> SealedVault {
        Sodium.ensureInitialized()
        var unique: [PublicKey] = []
        for r in recipients where !unique.contains(where: { $0.bytes == r.bytes }) { unique.append(r) }
        guard (1...maxRecipients).contains(unique.count) else { throw .recipientCount(unique.count) }
        var seen = Set<String>()
        var bodyLength = 4 + 32 + 1
        for r in records {
            guard isValidRecordID(r.id) else { throw .invalidRecordID }
            guard seen.insert(r.id).inserted else { throw .duplicateRecordID }
            guard r.content.count <= Int(UInt32.max) else { throw .malformed("a record is too long") }
            bodyLength += 1 + r.id.utf8.count + 4 + r.content.count
        }
        guard records.count < Int(UInt32.max) else { throw .malformed("too many records") }

        let fileKey = SecureBytes.random(count: 32)
        var w = ByteWriter()
        w.append(magicPrefix)
        w.u8(version2)
        w.u8(suite)
        w.u8(signer == nil ? 0 : flagSigned)
        w.u16(0)
        let tail = sealHeaderTail(&w, fileKey: fileKey, recipients: unique, labels: "SRCVLT2")
        var state = tail.state
        let headerMAC = tail.mac

        // The sealed body, built in guarded memory: count, records, hash, 0x80, zeros.
        let padded = Padding.padme(max(bodyLength, minimumBody))
        let body = SecureBytes(count: padded)
        body.withUnsafeMutableBytes { b in
            let p = b.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var o = 0
            func put32(_ v: UInt32) { for i in 0..<4 { p[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }; o += 4 }
            put32(UInt32(records.count))
            for r in records {
                let pid = Array(r.id.utf8)
                p[o] = UInt8(pid.count); o += 1
                for c in pid { p[o] = c; o += 1 }
                put32(UInt32(r.content.count))
                r.content.withUnsafeBytes { c in
                    if c.count > 0 { (p + o).update(from: c.baseAddress!.assumingMemoryBound(to: UInt8.self), count: c.count) }
                }
                o += r.content.count
            }
            for c in Blake2b.hash(publishedText) { p[o] = c; o += 1 }
            p[o] = 0x80
            // The rest is already zero (SecureBytes is zero-initialised).
        }
        let ad = bodyAD(headerMAC: headerMAC)
        var ct = [UInt8](repeating: 0, count: padded + abytes)
        body.withUnsafeBytes { p in
            _ = crypto_secretstream_xchacha20poly1305_push(
                &state, &ct, nil, p.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(padded),
                ad, UInt64(ad.count), crypto_secretstream_xchacha20poly1305_tag_final())
        }
        guard ct.count <= Int(UInt32.max) else { throw .malformed("the vault is too large") }
        w.u32(UInt32(ct.count))
        w.append(ct)
        if let signer { w.append(signer.sign(signatureMessage(w.bytes[...]))) }
        return SealedVault(bytes: w.bytes, recordCount: records.count, fileKey: fileKey, signer: signer?.publicKey)
    }

    /// Seals a version 1 vault (docs/vault-format.md section 3; kept so that the version 1
    /// reader stays tested; `veil` writes version 2).
    static func sealVersion1(records: [VaultRecord], recipients: [PublicKey], publishedText: [UInt8]) throws(VaultError) -> SealedVault {
        Sodium.ensureInitialized()
        var unique: [PublicKey] = []
        for r in recipients where !unique.contains(r) { unique.append(r) }
        guard (1...maxRecipients).contains(unique.count) else { throw .recipientCount(unique.count) }
        var seen = Set<String>()
        for r in records {
            guard isValidRecordID(r.id) else { throw .invalidRecordID }
            guard seen.insert(r.id).inserted else { throw .duplicateRecordID }
        }
        let fileKey = SecureBytes.random(count: 32)
        var w = ByteWriter()
        w.append(magicPrefix)
        w.u8(version1)
        w.u8(suite)
        w.u8(0)
        w.u16(UInt16(padBlock))
        let tail = sealHeaderTail(&w, fileKey: fileKey, recipients: unique, labels: "SRCVLT1")
        var state = tail.state
        let headerMAC = tail.mac
        let messageTag = crypto_secretstream_xchacha20poly1305_tag_message()
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

    /// Checks that `bytes` (a whole vault) carries `signer`'s signature: the structure is
    /// walked first; an unsigned vault throws `.unsigned`, a wrong signature `.badSignature`.

    /// The header after its fixed fields, as versions 1 and 2 write it: a random document id,
    /// one sealed-box stanza of the file key per recipient, the secretstream header, and the
    /// header MAC over all of it (keys derived from the file key under `labels`/stream and
    /// `labels`/mac). Returns the stream's push state for the body and the header MAC, which
    /// the body's associated data binds.
    static func sealHeaderTail(_ w: inout ByteWriter, fileKey: SecureBytes, recipients: [PublicKey],
                               labels: String) -> (state: crypto_secretstream_xchacha20poly1305_state, mac: [UInt8]) {
        var docID = [UInt8](repeating: 0, count: 16)
        randombytes_buf(&docID, 16)
        w.append(docID)
        w.u8(UInt8(recipients.count))
        for pk in recipients {
            var stanza = [UInt8](repeating: 0, count: stanzaLength)
            fileKey.withUnsafeBytes { k in
                _ = crypto_box_seal(&stanza, k.baseAddress!.assumingMemoryBound(to: UInt8.self), 32, pk.bytes)
            }
            w.append(stanza)
        }
        let streamKey = Blake2b.deriveKey(fileKey, label: labels + "/stream")
        let macKey = Blake2b.deriveKey(fileKey, label: labels + "/mac")
        var state = crypto_secretstream_xchacha20poly1305_state()
        var ssHeader = [UInt8](repeating: 0, count: ssHeaderLength)
        streamKey.withUnsafeBytes { k in
            _ = crypto_secretstream_xchacha20poly1305_init_push(&state, &ssHeader, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        w.append(ssHeader)
        let mac = Blake2b.mac(w.bytes, key: macKey)
        w.append(mac)
        return (state, mac)
    }

    /// Needs no secret key, so it runs before any passphrase is asked.
    public static func checkSignature(_ bytes: [UInt8], signer: SigningPublicKey) throws(VaultError) {
        let header = try parseHeader(bytes)
        let layout = try walkVersion(bytes, header: header)
        guard let sigOffset = layout.signatureOffset else { throw .unsigned }
        guard signer.verify(bytes[sigOffset...], of: signatureMessage(bytes[0..<sigOffset])) else { throw .badSignature }
    }

    static func signatureMessage(_ signed: ArraySlice<UInt8>) -> [UInt8] { Array("SRCVLT2/sig".utf8) + signed }

    /// Opens `bytes` with `identity`'s secret key. Everything is verified (structure, recipient,
    /// header MAC, every record in order, final record and count) before any record is returned.
    /// With `signer`, the vault must carry that signer's signature (checked first, before any
    /// secret-key operation): `.unsigned` or `.badSignature` otherwise.
    public static func open(_ bytes: [UInt8], identity: SecretKey, signer: SigningPublicKey? = nil) throws(VaultError) -> OpenedVault {
        Sodium.ensureInitialized()
        let header = try parseHeader(bytes)
        // Check the whole structure before any secret-key operation.
        _ = try walkVersion(bytes, header: header)
        if let signer { try checkSignature(bytes, signer: signer) }
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
        let layout = try walkVersion(bytes, header: header)
        return VaultSummary(version: header.version, recipientCount: header.stanzas.count, recordCount: layout.recordCount,
                            isSigned: layout.signatureOffset != nil)
    }

    // MARK: - Internals

    struct Header {
        var version: UInt8
        var flags: UInt8
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
        guard v == version1 || v == version2 else { throw .unsupportedVersion(v) }
        guard let s = r.u8(), let flags = r.u8(), let block = r.u16(), let docID = r.take(16), let n = r.u8() else { throw .truncated }
        guard s == suite else { throw .malformed("unknown cipher suite") }
        if v == version1 {
            guard flags == 0 else { throw .malformed("unknown flags") }
            guard block >= 16 else { throw .malformed("invalid padding block") }
        } else {
            guard flags & ~flagSigned == 0 else { throw .malformed("unknown flags") }
            guard block == 0 else { throw .malformed("reserved field is not zero") }
        }
        guard n >= 1 && Int(n) <= maxRecipients else { throw .malformed("it must have 1 to \(maxRecipients) recipients") }
        var stanzas: [[UInt8]] = []
        for _ in 0..<n {
            guard let st = r.take(stanzaLength) else { throw .truncated }
            stanzas.append(Array(st))
        }
        guard let ss = r.take(ssHeaderLength) else { throw .truncated }
        let authenticatedEnd = r.offset
        guard let mac = r.take(macLength) else { throw .truncated }
        return Header(version: v, flags: flags, padBlock: Int(block), documentID: Array(docID), stanzas: stanzas, ssHeader: Array(ss),
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

    struct Layout {
        /// Version 1: the number of content records (from the walk); version 2: nil.
        var recordCount: Int?
        /// Version 2: where the body ciphertext lies and where the signature starts, if any.
        var body: Range<Int>?
        var signatureOffset: Int?
    }

    /// The structural walk of either version (no key needed).
    static func walkVersion(_ bytes: [UInt8], header: Header) throws(VaultError) -> Layout {
        if header.version == version1 {
            let records = try walkRecords(bytes, from: header.recordsOffset)
            return Layout(recordCount: records.count - 1, body: nil, signatureOffset: nil)
        }
        var r = ByteReader(bytes, offset: header.recordsOffset)
        guard let clen = r.u32() else { throw .truncated }
        guard Int(clen) >= minimumBody + abytes else { throw .malformed("sealed body too short") }
        let start = r.offset
        guard r.take(Int(clen)) != nil else { throw .truncated }
        let body = start..<(start + Int(clen))
        var sigOffset: Int?
        if header.flags & flagSigned != 0 {
            sigOffset = r.offset
            guard r.take(signatureLength) != nil else { throw .truncated }
        }
        guard r.atEnd else { throw .malformed("bytes after the sealed body") }
        return Layout(recordCount: nil, body: body, signatureOffset: sigOffset)
    }

    static func open(_ bytes: [UInt8], fileKey: SecureBytes, header: Header) throws(VaultError) -> OpenedVault {
        if header.version == version2 { return try openVersion2(bytes, fileKey: fileKey, header: header) }
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
                return OpenedVault(records: records, publishedTextHash: Array(hash), documentID: header.documentID, version: version1)
            }
            guard tag == messageTag else { throw .tampered }
            guard ids.insert(rec.pid).inserted else { throw .tampered }
            guard let length = unpaddedLength(plain, block: header.padBlock) else { throw .tampered }
            records.append(VaultRecord(id: String(decoding: rec.pid, as: UTF8.self), content: arena.view(offset..<(offset + length))))
            offset += plainLength
        }
        throw .truncated
    }

    static func openVersion2(_ bytes: [UInt8], fileKey: SecureBytes, header: Header) throws(VaultError) -> OpenedVault {
        let layout = try walkVersion(bytes, header: header)
        guard let bodyRange = layout.body else { throw .malformed("no sealed body") }
        let macKey = Blake2b.deriveKey(fileKey, label: "SRCVLT2/mac")
        guard sodiumEqual(Blake2b.mac(header.authenticated, key: macKey), header.mac) else { throw .tampered }
        let streamKey = Blake2b.deriveKey(fileKey, label: "SRCVLT2/stream")
        var state = crypto_secretstream_xchacha20poly1305_state()
        let initRC = streamKey.withUnsafeBytes { k in
            crypto_secretstream_xchacha20poly1305_init_pull(&state, header.ssHeader, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard initRC == 0 else { throw .tampered }
        let ad = bodyAD(headerMAC: header.mac)
        let body = SecureBytes(count: bodyRange.count - abytes)
        var tag: UInt8 = 0
        let rc = body.withUnsafeMutableBytes { p in
            bytes.withUnsafeBufferPointer { all in
                crypto_secretstream_xchacha20poly1305_pull(
                    &state, p.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, &tag,
                    all.baseAddress! + bodyRange.lowerBound, UInt64(bodyRange.count), ad, UInt64(ad.count))
            }
        }
        guard rc == 0, tag == crypto_secretstream_xchacha20poly1305_tag_final() else { throw .tampered }
        // Parse the authenticated body: count, records, hash, 0x80, zeros, exact Padmé length.
        struct Span { var id: String; var range: Range<Int> }
        var spans: [Span] = []
        var hash: [UInt8] = []
        let ok: Bool = body.withUnsafeBytes { raw -> Bool in
            let n = raw.count
            var o = 0
            func u32() -> Int? {
                guard o + 4 <= n else { return nil }
                var v = 0
                for i in 0..<4 { v |= Int(raw[o + i]) << (8 * i) }
                o += 4
                return v
            }
            guard let count = u32(), count <= n / 6 else { return false }
            var ids = Set<String>()
            spans.reserveCapacity(count)
            for _ in 0..<count {
                guard o < n else { return false }
                let pidLen = Int(raw[o]); o += 1
                guard pidLen >= 1, o + pidLen <= n else { return false }
                let pid = Array(raw[o..<(o + pidLen)]); o += pidLen
                guard pid.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { return false }
                guard let len = u32(), o + len <= n else { return false }
                let id = String(decoding: pid, as: UTF8.self)
                guard ids.insert(id).inserted else { return false }
                spans.append(Span(id: id, range: o..<(o + len)))
                o += len
            }
            guard o + 33 <= n else { return false }
            hash = Array(raw[o..<(o + 32)]); o += 32
            guard raw[o] == 0x80 else { return false }
            let used = o + 1
            var nonZero: UInt8 = 0
            for i in used..<n { nonZero |= raw[i] }
            return nonZero == 0 && n == Padding.padme(max(used, minimumBody))
        }
        guard ok else { throw .malformed("the sealed body is not well formed") }
        let records = spans.map { VaultRecord(id: $0.id, content: body.view($0.range)) }
        return OpenedVault(records: records, publishedTextHash: hash, documentID: header.documentID,
                           version: version2, isSigned: layout.signatureOffset != nil)
    }

    static func bodyAD(headerMAC: [UInt8]) -> [UInt8] { Array("SRCVLT2/b".utf8) + headerMAC }

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

/// Length hiding: Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
/// Communication with PURBs", 2019) rounds a length up so that at most O(log log L) bits of it
/// remain, with at most 12 % overhead.
public enum Padding {
    /// The Padmé bucket of `length`: with E = floor(log2 L) and S = floor(log2 E) + 1, the
    /// low E - S bits are rounded up.
    public static func padme(_ length: Int) -> Int {
        guard length >= 2 else { return length }
        let e = Int.bitWidth - 1 - length.leadingZeroBitCount
        let s = Int.bitWidth - e.leadingZeroBitCount
        let lastBits = e - s
        let mask = (1 << lastBits) - 1
        return (length + mask) & ~mask
    }

    /// `content || 0x80 || zeros` up to `padme(max(count + 1, minimum))`, in guarded memory.
    public static func pad(_ content: SecureBytes, minimum: Int = 512) -> SecureBytes {
        let out = SecureBytes(count: padme(max(content.count + 1, minimum)))
        out.withUnsafeMutableBytes { o in
            content.withUnsafeBytes { c in
                if c.count > 0 { o.baseAddress!.copyMemory(from: c.baseAddress!, byteCount: c.count) }
            }
            o[content.count] = 0x80
        }
        return out
    }

    /// The content of a `pad` result (a view), nil when the padding is not exactly as `pad`
    /// writes it.
    public static func unpad(_ padded: SecureBytes, minimum: Int = 512) -> SecureBytes? {
        let length: Int? = padded.withUnsafeBytes { p -> Int? in
            var i = p.count - 1
            while i >= 0 && p[i] == 0 { i -= 1 }
            guard i >= 0, p[i] == 0x80 else { return nil }
            return i
        }
        guard let length, padded.count == padme(max(length + 1, minimum)) else { return nil }
        return padded.view(0..<length)
    }
}

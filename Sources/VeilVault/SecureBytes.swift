import CSodium

/// Secret bytes (secret keys, file keys, passphrases, decrypted originals) in memory allocated
/// with `sodium_malloc`: guard pages around it, and it is wiped with `sodium_memzero` and freed
/// when the last reference goes away. Never put a secret in a `String`.
///
/// The class is `@unchecked Sendable`: its storage is only mutated through
/// `withUnsafeMutableBytes`, which callers use while they alone hold the value (filling a
/// freshly allocated buffer); after that it is only read.
public final class SecureBytes: @unchecked Sendable {
    /// One `sodium_malloc` allocation, wiped and freed when the last `SecureBytes` using it goes.
    fileprivate final class Region {
        let pointer: UnsafeMutableRawPointer
        let size: Int
        /// Nil when `sodium_malloc` fails (no memory, or no memory mappings left).
        init?(allocating size: Int) {
            Sodium.ensureInitialized()
            // sodium_malloc(0) may return NULL: always ask for at least one byte.
            guard size < Int.max - 1, let p = sodium_malloc(Swift.max(size, 1)) else { return nil }
            sodium_memzero(p, Swift.max(size, 1))
            pointer = p
            self.size = Swift.max(size, 1)
        }
        deinit {
            sodium_memzero(pointer, size)
            sodium_free(pointer)
        }
    }

    private let region: Region
    private let pointer: UnsafeMutableRawPointer
    /// Number of bytes held.
    public let count: Int

    /// Zero-filled secret memory of `count` bytes.
    public init(count: Int) {
        precondition(count >= 0, "negative size")
        // (Callers that can fail cleanly use `allocate(count:)` or `SecureArena`.)
        guard let region = Region(allocating: count) else { fatalError("sodium_malloc failed: out of memory") }
        self.region = region
        pointer = region.pointer
        self.count = count
    }

    /// Zero-filled secret memory of `count` bytes; throws instead of stopping the process when
    /// `sodium_malloc` fails.
    public static func allocate(count: Int) throws(SecureMemoryError) -> SecureBytes {
        precondition(count >= 0, "negative size")
        guard let region = Region(allocating: count) else { throw .outOfMemory(bytes: count) }
        return SecureBytes(region: region, offset: 0, count: count)
    }

    /// Copies `bytes` into newly allocated secret memory; throws when `sodium_malloc` fails.
    public static func copying<C: Collection>(_ bytes: C) throws(SecureMemoryError) -> SecureBytes where C.Element == UInt8 {
        let s = try allocate(count: bytes.count)
        s.fill(from: bytes, at: 0)
        return s
    }

    /// Copies `bytes` to offset `at` of this buffer (which must hold them).
    fileprivate func fill<C: Collection>(from bytes: C, at offset: Int) where C.Element == UInt8 {
        precondition(offset >= 0 && offset + bytes.count <= count, "fill out of range")
        let dest = (pointer + offset).assumingMemoryBound(to: UInt8.self)
        let done: Bool? = bytes.withContiguousStorageIfAvailable { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 { dest.update(from: base, count: buffer.count) }
            return true
        }
        if done == nil {
            var i = 0
            for b in bytes { dest[i] = b; i += 1 }
        }
    }

    fileprivate init(region: Region, offset: Int, count: Int) {
        self.region = region
        self.pointer = region.pointer + offset
        self.count = count
    }

    /// Copies `bytes` into secret memory. The caller's array still holds its copy: wipe it with
    /// `SecureBytes.wipe(_:)` when it was secret.
    public convenience init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        self.init(count: bytes.count)
        let dest = pointer.assumingMemoryBound(to: UInt8.self)
        let done: Bool? = bytes.withContiguousStorageIfAvailable { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 { dest.update(from: base, count: buffer.count) }
            return true
        }
        if done == nil {
            var i = 0
            for b in bytes { dest[i] = b; i += 1 }
        }
    }

    /// `count` random bytes from `randombytes_buf` (keys, salts).
    public static func random(count: Int) -> SecureBytes {
        let s = SecureBytes(count: count)
        if count > 0 { randombytes_buf(s.pointer, count) }
        return s
    }

    /// Read access to the secret bytes; do not let the pointer escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Write access, for filling a freshly allocated buffer; do not let the pointer escape.
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// A new `SecureBytes` holding bytes `range` of this one.
    public func slice(_ range: Range<Int>) -> SecureBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of range")
        let s = SecureBytes(count: range.count)
        if !range.isEmpty { s.pointer.copyMemory(from: pointer + range.lowerBound, byteCount: range.count) }
        return s
    }

    /// A `SecureBytes` sharing bytes `range` of this one's memory, without copying: many
    /// small secrets (a vault's originals) can live in one guarded allocation, which is wiped
    /// when the last view goes.
    public func view(_ range: Range<Int>) -> SecureBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "view out of range")
        return SecureBytes(region: region, offset: (pointer - region.pointer) + range.lowerBound, count: range.count)
    }

    /// Constant-time comparison (`sodium_memcmp`); false when the lengths differ.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return sodium_memcmp(pointer, other.pointer, count) == 0
    }

    /// A plain array copy of the bytes, for handing them to a writer. The copy is ordinary
    /// memory: wipe it with `SecureBytes.wipe(_:)` as soon as it has been written.
    public func copyBytes() -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The bytes decoded as UTF-8 text. Only for content that is not secret in the process that
    /// asks (for example, an editor revealing originals to their own screen).
    public func utf8String() -> String {
        String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Overwrites an ordinary array's bytes with zeros (`sodium_memzero`) and empties it.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { sodium_memzero(base, raw.count) }
        }
        bytes.removeAll()
    }
}

/// `sodium_malloc` could not provide guarded memory.
public enum SecureMemoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The allocation of `bytes` bytes failed (out of memory, or of memory mappings).
    case outOfMemory(bytes: Int)

    public var description: String {
        switch self {
        case .outOfMemory(let bytes):
            return "could not allocate \(bytes) bytes of guarded memory (sodium_malloc failed: out of memory or memory mappings)"
        }
    }
}

/// Many small secrets (a vault's originals, one per replaced span) held contiguously in a few
/// guarded allocations instead of one `sodium_malloc` region each: every region costs the
/// process several memory mappings (guard pages), and one region per record ran out of them
/// (`vm.max_map_count`) near 16,000 records. Each `append` returns a `SecureBytes` view into
/// the current chunk; a chunk is wiped and freed when the arena and every view into it are gone.
/// Chunks grow geometrically, so n bytes take O(log n) allocations.
public struct SecureArena {
    private var chunk: SecureBytes?
    private var used = 0
    /// Size of the next chunk to allocate.
    private var nextSize: Int
    /// Number of `sodium_malloc` regions allocated so far.
    public private(set) var regions = 0

    /// An arena whose first chunk holds `capacity` bytes (allocated on the first `append`).
    public init(capacity: Int = 64 << 10) {
        nextSize = Swift.max(capacity, 1)
    }

    /// Copies `bytes` into the arena and returns the guarded view of them.
    public mutating func append<C: Collection>(_ bytes: C) throws(SecureMemoryError) -> SecureBytes where C.Element == UInt8 {
        let n = bytes.count
        if chunk == nil || used + n > chunk!.count {
            let size = Swift.max(nextSize, n)
            chunk = try SecureBytes.allocate(count: size)
            regions += 1
            used = 0
            nextSize = Swift.min(size, 1 << 30) * 2
        }
        let view = chunk!.view(used..<(used + n))
        view.fill(from: bytes, at: 0)
        used += n
        return view
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written or read. Messages name the path, never the content.
public enum FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The destination exists and overwriting was not allowed.
    case exists(path: String)
    /// The file does not exist.
    case notFound(path: String)
    /// The operating system refused (permission, full disk, I/O error).
    case system(path: String, operation: String, errno: Int32)
    /// The file is larger than the reader accepts (`bytes` and `limit` in bytes).
    case tooLarge(path: String, bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .exists(let path): return "\(path) already exists (use --force to overwrite)"
        case .notFound(let path): return "\(path): no such file"
        case .system(let path, let op, let code):
            return "\(path): cannot \(op): \(String(cString: strerror(code)))"
        case .tooLarge(let path, let bytes, let limit):
            return "\(path): the file is \(bytes >> 20) MiB, over the \(limit >> 20) MiB limit for one draft"
        }
    }

    /// Whether the failure is about the input (missing, unreadable) rather than writing.
    public var isNotFound: Bool { if case .notFound = self { return true } else { return false } }
}

/// Reads and writes whole files with the guarantees a redaction tool needs: writes go to a
/// temporary file in the destination's directory, are fsynced, then renamed over the
/// destination and the directory is fsynced, so a crash or a full disk leaves either the old
/// file or the new one, never a partial one.
public enum AtomicFile {
    /// Reads the whole file at `path`.
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        try read(path, limit: Int.max)
    }

    /// Reads the whole file at `path`, refusing (before reading) a file over `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            if e == ENOENT { throw .notFound(path: path) }
            throw .system(path: path, operation: "open", errno: e)
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw .system(path: path, operation: "read", errno: EISDIR)
        }
        var out: [UInt8] = []
        if Int(st.st_size) > limit { throw .tooLarge(path: path, bytes: Int(st.st_size), limit: limit) }
        if st.st_size > 0 { out.reserveCapacity(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Writes `bytes` to `path` atomically with permissions `mode`.
    ///
    /// On Linux the data goes first into an unnamed file (`O_TMPFILE`): until it is linked into
    /// place it has no name, so an interruption at any step (Ctrl-C, a kill, even SIGKILL or a
    /// crash) leaves nothing behind. Where the filesystem refuses `O_TMPFILE` (and on other
    /// systems) a named `.veil-tmp-*` file is used; its path is registered with a SIGINT /
    /// SIGTERM / SIGHUP handler that unlinks it, so a Ctrl-C or a kill still leaves nothing.
    /// Replacing an existing file links the data to a registered temporary name and renames it
    /// over the destination (the only moment a named temporary file exists on Linux).
    /// - Parameter overwrite: when false, an existing destination is an error and is left untouched
    ///   (checked at link time, so a file created meanwhile is not clobbered).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, overwrite: Bool) throws(FileError) {
        var failure: FileError?
        bytes.withUnsafeBytes { raw in
            do throws(FileError) { try write(raw: raw, to: path, mode: mode, overwrite: overwrite) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// `write(_:to:mode:overwrite:)` of a string's UTF-8, written from the string's own storage
    /// (a report of hundreds of megabytes is not copied into an array first).
    public static func write(utf8 text: String, to path: String, mode: mode_t = 0o644, overwrite: Bool) throws(FileError) {
        var text = text
        var failure: FileError?
        text.withUTF8 { b in
            do throws(FileError) { try write(raw: UnsafeRawBufferPointer(b), to: path, mode: mode, overwrite: overwrite) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// `write` of the bytes `bytes` points at.
    private static func write(raw bytes: UnsafeRawBufferPointer, to path: String, mode: mode_t, overwrite: Bool) throws(FileError) {
        if !overwrite && exists(path) { throw .exists(path: path) }
        let dir = directory(of: path)
        #if os(Linux)
        // VEIL_TEST_NAMED_TMPFILE=1 forces the named-file fallback (tools/check_interruption.sh
        // exercises both paths).
        if getenv("VEIL_TEST_NAMED_TMPFILE") == nil, let done = try writeUnnamed(bytes, to: path, dir: dir, mode: mode, overwrite: overwrite), done {
            syncDirectory(dir)
            return
        }
        #endif
        try writeNamed(bytes, to: path, dir: dir, mode: mode, overwrite: overwrite)
        syncDirectory(dir)
    }

    /// Writes all of `bytes` to `fd`, fsyncs and closes it (closes on failure too).
    private static func fill(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String, mode: mode_t) throws(FileError) {
        if fchmod(fd, mode) != 0 { let e = errno; close(fd); throw .system(path: path, operation: "set permissions", errno: e) }
        var written = 0
        while written < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno; close(fd)
                throw .system(path: path, operation: "write", errno: e)
            }
            written += n
        }
        if fsync(fd) != 0 { let e = errno; close(fd); throw .system(path: path, operation: "sync", errno: e) }
    }

    #if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`; the macro is not imported into Swift).
    static let oTmpfile: Int32 = 0o20000000 | O_DIRECTORY
    static let atSymlinkFollow: Int32 = 0x400
    static let atEmptyPath: Int32 = 0x1000

    /// The unnamed-file path; nil when the filesystem refuses `O_TMPFILE` or the file cannot be
    /// linked (the caller then falls back to a named file), true when done.
    private static func writeUnnamed(_ bytes: UnsafeRawBufferPointer, to path: String, dir: String, mode: mode_t,
                                     overwrite: Bool) throws(FileError) -> Bool? {
        let fd = open(dir, oTmpfile | O_WRONLY | O_CLOEXEC, mode_t(0o600))
        if fd < 0 {
            switch errno {
            case EOPNOTSUPP, EISDIR, EINVAL, ENOENT: return nil
            default: throw .system(path: path, operation: "create a temporary file in \(dir)", errno: errno)
            }
        }
        try fill(fd, bytes, path: path, mode: mode)
        defer { close(fd) }
        // Link the unnamed file: first straight to the destination (fails if it exists).
        func linkTo(_ target: String) -> Int32 {
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, target, atSymlinkFollow) == 0 { return 0 }
            let e = errno
            if e == EEXIST { return e }
            // No /proc: AT_EMPTY_PATH (needs CAP_DAC_READ_SEARCH on older kernels).
            if linkat(fd, "", AT_FDCWD, target, atEmptyPath) == 0 { return 0 }
            return errno == EEXIST ? EEXIST : e
        }
        let rc = linkTo(path)
        if rc == 0 { return true }
        // Neither /proc nor AT_EMPTY_PATH can link it (no /proc, no privilege): the unnamed
        // file vanishes on close and the named fallback writes again (and reports any error).
        if rc != EEXIST { return nil }
        guard overwrite else { throw .exists(path: path) }
        // Replace: link to a temporary name (registered for cleanup on a signal), rename over.
        for _ in 0..<16 {
            let tmp = dir + "/.veil-tmp-" + randomSuffix()
            let slot = InterruptCleanup.register(tmp)
            let lrc = linkTo(tmp)
            if lrc == EEXIST { InterruptCleanup.unregister(slot); continue }
            if lrc != 0 { InterruptCleanup.unregister(slot); throw .system(path: path, operation: "move into place", errno: lrc) }
            if rename(tmp, path) != 0 {
                let e = errno
                unlink(tmp)
                InterruptCleanup.unregister(slot)
                throw .system(path: path, operation: "rename into place", errno: e)
            }
            InterruptCleanup.unregister(slot)
            return true
        }
        throw .system(path: path, operation: "move into place", errno: EEXIST)
    }

    private static func randomSuffix() -> String {
        var raw = [UInt8](repeating: 0, count: 8)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if fd >= 0 { _ = Glibc.read(fd, &raw, 8); close(fd) }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        return String(decoding: raw.map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
    #endif

    /// The named-temporary-file path (no `O_TMPFILE`): `mkstemp`, registered for unlinking on
    /// SIGINT/SIGTERM/SIGHUP until it is renamed or removed.
    private static func writeNamed(_ bytes: UnsafeRawBufferPointer, to path: String, dir: String, mode: mode_t,
                                   overwrite: Bool) throws(FileError) {
        var template = Array((dir + "/.veil-tmp-XXXXXX").utf8CString)
        // Register the template's final name before it exists: mkstemp fills in the X's in place.
        let slot = InterruptCleanup.reserve()
        defer { InterruptCleanup.unregister(slot) }
        // Block the cleanup signals while mkstemp runs and the name is recorded, so no window
        // exists in which the file is on disk but not yet known to the handler.
        var all = sigset_t(), old = sigset_t()
        sigemptyset(&all)
        for s in InterruptCleanup.signals { sigaddset(&all, s) }
        pthread_sigmask(SIG_BLOCK, &all, &old)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let createErrno = errno
        let tmp = String(cString: template)
        if fd >= 0 { InterruptCleanup.set(slot, tmp) }
        pthread_sigmask(SIG_SETMASK, &old, nil)
        if fd < 0 { throw .system(path: path, operation: "create a temporary file in \(dir)", errno: createErrno) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        try fill(fd, bytes, path: path, mode: mode)
        if close(fd) != 0 { throw .system(path: path, operation: "close", errno: errno) }
        if overwrite {
            if rename(tmp, path) != 0 { throw .system(path: path, operation: "rename into place", errno: errno) }
        } else {
            // link() fails with EEXIST instead of replacing: no race with a file created meanwhile.
            if link(tmp, path) != 0 {
                let e = errno
                if e == EEXIST { throw .exists(path: path) }
                throw .system(path: path, operation: "move into place", errno: e)
            }
            unlink(tmp)
        }
        ok = true
    }

    private static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// The directory part of `path` (`.` for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }
}

/// Paths of named temporary files that must not outlive the process: a SIGINT, SIGTERM or
/// SIGHUP handler unlinks every registered path, then re-raises the signal with its default
/// action. The handler only reads preallocated memory and calls `unlink`, `sigaction` and
/// `raise` (async-signal-safe).
enum InterruptCleanup {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let slots = 16
    static let slotBytes = 4096
    /// Preallocated path storage and one in-use flag per slot (written only by the main code
    /// with the signals blocked, read by the handler).
    nonisolated(unsafe) static let storage: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: slots * slotBytes)
        p.initialize(repeating: 0, count: slots * slotBytes)
        return p
    }()
    nonisolated(unsafe) static let used: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: slots)
        p.initialize(repeating: 0, count: slots)
        return p
    }()
    nonisolated(unsafe) static var installed = false

    static let handler: @convention(c) (Int32) -> Void = { sig in
        for i in 0..<InterruptCleanup.slots where InterruptCleanup.used[i] == 1 {
            _ = unlink(InterruptCleanup.storage + i * InterruptCleanup.slotBytes)
        }
        var dfl = sigaction()
        dfl.__sigaction_handler.sa_handler = SIG_DFL
        _ = sigaction(sig, &dfl, nil)
        _ = raise(sig)
    }

    private static func install() {
        guard !installed else { return }
        installed = true
        _ = storage; _ = used
        for s in signals {
            var old = sigaction()
            _ = sigaction(s, nil, &old)
            // A signal the parent set to be ignored stays ignored.
            if let h = old.__sigaction_handler.sa_handler, unsafeBitCast(h, to: Int.self) == 1 { continue }  // SIG_IGN
            var act = sigaction()
            act.__sigaction_handler.sa_handler = handler
            sigemptyset(&act.sa_mask)
            for t in signals { sigaddset(&act.sa_mask, t) }
            _ = sigaction(s, &act, nil)
        }
    }

    /// A free slot, marked in use with an empty path (nil when all are taken).
    static func reserve() -> Int? {
        install()
        for i in 0..<slots where used[i] == 0 {
            storage[i * slotBytes] = 0
            used[i] = 1
            return i
        }
        return nil
    }

    /// Records `path` in `slot` (truncated paths are not recorded).
    static func set(_ slot: Int?, _ path: String) {
        guard let slot else { return }
        let u = Array(path.utf8)
        guard u.count < slotBytes else { return }
        let base = storage + slot * slotBytes
        for (j, b) in u.enumerated() { base[j] = CChar(bitPattern: b) }
        base[u.count] = 0
    }

    /// Registers `path` before it is created; returns its slot.
    static func register(_ path: String) -> Int? {
        var all = sigset_t(), old = sigset_t()
        sigemptyset(&all)
        for s in signals { sigaddset(&all, s) }
        pthread_sigmask(SIG_BLOCK, &all, &old)
        let slot = reserve()
        set(slot, path)
        pthread_sigmask(SIG_SETMASK, &old, nil)
        return slot
    }

    /// Forgets `slot` (the file was renamed into place or removed).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        used[slot] = 0
    }
}

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
    /// - Parameter overwrite: when false, an existing destination is an error and is left untouched
    ///   (checked at rename time with `link`, so a file created meanwhile is not clobbered).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, overwrite: Bool) throws(FileError) {
        if !overwrite && exists(path) { throw .exists(path: path) }
        let dir = directory(of: path)
        var template = Array((dir + "/.veil-tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 { throw .system(path: path, operation: "create a temporary file in \(dir)", errno: errno) }
        let tmp = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        if fchmod(fd, mode) != 0 { let e = errno; close(fd); throw .system(path: path, operation: "set permissions", errno: e) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno; close(fd)
                throw .system(path: path, operation: "write", errno: e)
            }
            written += n
        }
        if fsync(fd) != 0 { let e = errno; close(fd); throw .system(path: path, operation: "sync", errno: e) }
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

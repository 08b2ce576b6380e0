#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way plane reads a file it was pointed at (compose files, env files, label files,
/// secrets, configs, its label key): opened non-blocking, refused unless it is a regular file,
/// and bounded in size, so a FIFO, a device, a directory or a huge file can neither hang plane nor
/// exhaust its memory. Errors say what the path really is, never any content.
extension FileSystem {
    /// Size bounds, far above any real file of the kind.
    public enum ReadLimit {
        /// Compose files, env files and label files.
        public static let text = 16 << 20
        /// Secret and config files: read whole to be hashed into `dev.plane.inputs`.
        public static let hashed = 64 << 20
        /// Lint looks at the start of a file only.
        public static let lint = 1 << 20
    }

    /// Why a file could not be read.
    public struct FileReadError: Error, Sendable, CustomStringConvertible {
        public enum Problem: Sendable, Equatable {
            case missing
            case symlinkLoop
            case notRegular(FileStatus.Kind)
            case tooLarge(limit: Int)
            case system(SystemError)
        }

        public var path: String
        public var problem: Problem

        public var isMissing: Bool { problem == .missing }

        /// What the path is, in a person's words ("is a FIFO (named pipe)", "does not exist").
        public var reason: String {
            switch problem {
            case .missing: return "no such file"
            case .symlinkLoop: return "symlink loop (too many levels of symbolic links)"
            case .notRegular(let kind): return "is a \(kind.name), not a regular file"
            case .tooLarge(let limit): return "larger than \(limit >> 20) MiB, the most plane reads for this kind of file"
            case .system(let error): return error.reason
            }
        }

        public var description: String { "cannot read \(path): \(reason)" }
    }

    /// The whole content of the regular file at `path`, at most `limit` bytes; with `truncating`,
    /// its first `limit` bytes instead of an error when it is larger.
    public static func readRegular(_ path: String, limit: Int, truncating: Bool = false) -> Result<[UInt8], FileReadError> {
        func failure(_ problem: FileReadError.Problem) -> Result<[UInt8], FileReadError> {
            .failure(FileReadError(path: path, problem: problem))
        }
        func failure(errno code: Int32) -> Result<[UInt8], FileReadError> {
            switch code {
            case ENOENT, ENOTDIR: return failure(.missing)
            case ELOOP: return failure(.symlinkLoop)
            default: return failure(.system(SystemError(code: code)))
            }
        }
        // Look before opening: opening some devices has effects of its own.
        switch FileStatus.of(path, followingLinks: true) {
        case .failure(let error): return failure(errno: error.code)
        case .success(let status) where status.kind != .regular: return failure(.notRegular(status.kind))
        case .success(let status) where status.size > limit && !truncating: return failure(.tooLarge(limit: limit))
        case .success: break
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return failure(errno: errno) }
        defer { close(fd) }
        // The path may have been swapped between the stat and the open: ask the descriptor again.
        var st = stat()
        guard fstat(fd, &st) == 0 else { return failure(errno: errno) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            let kind: FileStatus.Kind
            switch st.st_mode & S_IFMT {
            case S_IFDIR: kind = .directory
            case S_IFIFO: kind = .fifo
            case S_IFSOCK: kind = .socket
            case S_IFCHR, S_IFBLK: kind = .device
            default: kind = .other
            }
            return failure(.notRegular(kind))
        }
        guard Int(st.st_size) <= limit || truncating else { return failure(.tooLarge(limit: limit)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(Int(st.st_size), limit))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            // One byte past the limit tells a file that grew while being read.
            let wanted = min(buffer.count, limit + (truncating ? 0 : 1) - bytes.count)
            if wanted == 0 { break }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
            if n < 0 {
                if errno == EINTR { continue }
                return failure(errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > limit { return failure(.tooLarge(limit: limit)) }
        }
        return .success(bytes)
    }

    /// The file as UTF-8 text for the loader; bytes that are not UTF-8 are an error naming the
    /// line and column, never replaced (a replaced byte would change what runs).
    static func readUTF8(_ path: String, shownAs display: String? = nil, limit: Int = ReadLimit.text) throws(LoadError) -> String {
        let shown = display ?? path
        let bytes: [UInt8]
        switch readRegular(path, limit: limit) {
        case .success(let b): bytes = b
        case .failure(let error):
            throw LoadError(error.isMissing ? .fileNotFound : .fileUnreadable, "cannot read \(shown): \(error.reason)",
                            hint: hint(for: error))
        }
        if let offset = firstInvalidUTF8(bytes) {
            let (line, column) = position(of: offset, in: bytes)
            throw LoadError(.fileUnreadable, "\(shown) is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16)) at offset \(offset))",
                            at: SourceLocation(file: shown, line: line, column: column),
                            hint: "save the file as UTF-8; plane never replaces bytes it cannot read")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hint(for error: FileReadError) -> String? {
        switch error.problem {
        case .notRegular: return "point it at a regular file"
        case .symlinkLoop: return "fix the symbolic link so it ends at a regular file"
        case .tooLarge: return "this is not a file plane should read; check the path"
        default: return nil
        }
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let second = bytes[i + 1]
            guard second >= low && second <= high else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    private static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes[..<offset] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}

extension FileSystem {
    /// Why `path` is not a regular file plane can read ("no such file", "is a directory",
    /// "symlink loop ..."), or nil when it is one.
    public static func notRegularReason(_ path: String) -> String? {
        switch FileStatus.of(path, followingLinks: true) {
        case .success(let status):
            return status.kind == .regular ? nil : "is a \(status.kind.name), not a regular file"
        case .failure(let error):
            switch error.code {
            case ENOENT, ENOTDIR: return "no such file"
            case ELOOP: return "symlink loop (too many levels of symbolic links)"
            default: return error.reason
            }
        }
    }
}

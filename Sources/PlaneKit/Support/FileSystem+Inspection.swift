#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The questions lint asks about files it must never print: where a link points, the raw bytes
/// (read without blocking on a FIFO, bounded in size), who runs plane.
extension FileSystem {
    /// The target of a symbolic link as written in the link (not resolved).
    public static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink(path, &buffer, 4096)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// At most `limit` bytes of a file (its start when larger), through the bounded reader: a
    /// FIFO, device or directory is an error, never a hang.
    public static func readBytes(_ path: String, limit: Int = ReadLimit.lint) -> Result<[UInt8], SystemError> {
        readRegular(path, limit: limit, truncating: true).mapError { error in
            switch error.problem {
            case .system(let system): return system
            case .missing: return SystemError(code: ENOENT)
            case .symlinkLoop: return SystemError(code: ELOOP)
            default: return SystemError(code: EINVAL, reason: error.reason)
            }
        }
    }

    /// The real user id of this process: the deploying user.
    public static var currentUserID: UInt32 { UInt32(getuid()) }
}

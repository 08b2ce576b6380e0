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

    /// At most `limit` bytes of a file. Opened non-blocking, so a FIFO cannot hang the caller.
    public static func readBytes(_ path: String, limit: Int = 1 << 20) -> Result<[UInt8], SystemError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(.last) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, min(65536, limit - bytes.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.last)
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return .success(bytes)
    }

    /// The real user id of this process: the deploying user.
    public static var currentUserID: UInt32 { UInt32(getuid()) }
}

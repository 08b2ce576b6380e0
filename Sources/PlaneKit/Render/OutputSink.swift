#if canImport(Glibc)
import Glibc
#endif

/// Writes rendered bytes to a file descriptor, retrying short writes.
enum OutputSink {
    static func flush(_ buffer: inout [UInt8], to fd: Int32) {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

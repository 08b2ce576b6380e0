#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One mutating run per project at a time: an exclusive `flock` on `locks/<project>.lock` in the
/// state folder, held for the life of the run (the kernel drops it when the process dies, so a
/// killed run never leaves a stale lock). The file says who holds it ("PID since ISO time") so the
/// run that must wait can say so. Read-only commands never take it.
public final class RunLock: @unchecked Sendable {
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32?
        public var since: String?
        public var description: String { "locked by PID \(pid.map(String.init) ?? "?") since \(since ?? "?")" }
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Another run holds it past the timeout.
        case held(Holder)
        /// The lock file cannot be opened.
        case unusable(String)

        public var description: String {
            switch self {
            case .held(let holder): "skipped: \(holder)"
            case .unusable(let message): message
            }
        }
    }

    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { release() }

    private var released = false
    /// Drops the lock (also done when the process exits, however it exits).
    public func release() {
        guard !released else { return }
        released = true
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Takes the lock, polling every 100 ms until `timeout` (0: one try).
    public static func acquire(path: String, timeout: Duration) async throws(Failure) -> RunLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unusable("cannot open the run lock \(path): \(String(cString: strerror(errno)))") }
        let deadline = ContinuousClock.now + timeout
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .unusable("cannot lock \(path): \(reason)")
            }
            if ContinuousClock.now >= deadline {
                let holder = readHolder(fd)
                close(fd)
                throw .held(holder)
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let since = UTCTimestamp.string(Date())
        let text = "\(getpid()) \(since)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return RunLock(descriptor: fd, path: path)
    }

    static func readHolder(_ fd: Int32) -> Holder {
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return Holder() }
        let words = String(decoding: buffer[..<count], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        return Holder(pid: words.first.flatMap { Int32($0) }, since: words.count > 1 ? String(words[1]) : nil)
    }
}

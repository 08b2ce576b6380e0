#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed syscall: errno and the OS's own words for it (always shown: a catch-all message once
/// hid the real cause of an outage for weeks).
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int32
    public var reason: String

    public init(code: Int32) {
        self.code = code
        self.reason = String(cString: strerror(code))
    }

    public init(code: Int32, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The error of the last failed call (`errno`).
    public static var last: SystemError { SystemError(code: errno) }

    /// ENOENT: nothing at that path.
    public var isMissing: Bool { code == ENOENT }

    public var description: String { reason }
}

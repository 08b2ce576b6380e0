#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileSystem {
    /// Why a file could not be read: the OS reason only, never any content.
    public struct ReadFailure: Error, Sendable {
        public var path: String
        public var reason: String
        public var missing: Bool
    }

    /// Reads a whole file as bytes (secrets and env files are hashed, never decoded or printed),
    /// through the bounded reader: at most `ReadLimit.hashed`, regular files only.
    public static func readBytes(_ path: String) throws(ReadFailure) -> [UInt8] {
        switch readRegular(path, limit: ReadLimit.hashed) {
        case .success(let bytes): return bytes
        case .failure(let error): throw ReadFailure(path: path, reason: error.reason, missing: error.isMissing)
        }
    }

    /// Writes `bytes` to a new file readable by its owner only; fails if the file exists.
    public static func createPrivateFile(_ path: String, bytes: [UInt8]) throws(ReadFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ReadFailure(path: path, reason: String(cString: strerror(errno)), missing: false) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw ReadFailure(path: path, reason: String(cString: strerror(errno)), missing: false)
        }
    }

    /// `mkdir -p` with mode 0700 for the folders it creates.
    public static func makeDirectories(_ path: String) -> Bool {
        if kind(path) == .directory { return true }
        let parent = PathRules.dirname(path)
        if parent != path && !makeDirectories(parent) { return false }
        return mkdir(path, 0o700) == 0 || errno == EEXIST
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)`/`lstat(2)` say about a path: its kind, permission bits, owner and size.
public struct FileStatus: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case regular, directory, symlink, fifo, socket, device, other

        /// How a person calls it in a message.
        public var name: String {
            switch self {
            case .regular: return "regular file"
            case .directory: return "directory"
            case .symlink: return "symbolic link"
            case .fifo: return "named pipe (FIFO)"
            case .socket: return "socket"
            case .device: return "device"
            case .other: return "special file"
            }
        }
    }

    public var kind: Kind
    /// Permission bits (`0o7777` mask).
    public var mode: UInt32
    public var owner: UInt32
    public var size: Int
    /// The later of the last content change and the last status change (rename, chmod), in
    /// seconds since the epoch: a file swapped in with `mv` counts as changed at the move.
    public var changed: Int64 = 0

    /// The entry itself when `followingLinks` is false (`lstat`), what it points to otherwise.
    public static func of(_ path: String, followingLinks: Bool) -> Result<FileStatus, SystemError> {
        var st = stat()
        let rc = followingLinks ? stat(path, &st) : lstat(path, &st)
        guard rc == 0 else { return .failure(.last) }
        let kind: Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFCHR, S_IFBLK: kind = .device
        default: kind = .other
        }
        var status = FileStatus(kind: kind, mode: UInt32(st.st_mode) & 0o7777, owner: UInt32(st.st_uid), size: Int(st.st_size))
        status.changed = Int64(max(st.st_mtim.tv_sec, st.st_ctim.tv_sec))
        return .success(status)
    }

    /// `0644`-style text of the permission bits.
    public var octalMode: String {
        var digits = String(mode & 0o777, radix: 8)
        while digits.count < 4 { digits = "0" + digits }
        return digits
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system questions the loader asks, answered with plain syscalls (no Foundation on
/// the hot path: `plane config` must start and finish in milliseconds).
public enum FileSystem {
    public enum Kind: Sendable { case missing, regular, directory, other }

    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public static func exists(_ path: String) -> Bool { kind(path) != .missing }

    /// Reads a whole file as UTF-8 text (bounded, non-blocking: `readRegular`). Errors carry what
    /// the path is, never the content.
    public static func readText(_ path: String) throws(LoadError) -> String {
        try readUTF8(path)
    }

    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(cString: buffer)
    }
}

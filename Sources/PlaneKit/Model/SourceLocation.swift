#if canImport(Glibc)
import Glibc
#endif

/// Where a value came from: a file and a 1-based line and column, as a person opens it in an editor.
///
/// Every node of a model carries one, so it is kept to 8 bytes (which keeps `Node` at 32): the
/// file is an index into a process-wide table of file names; columns past 65535 are clamped.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    private let fileID: UInt16
    private let packedColumn: UInt16
    private let packedLine: UInt32

    public init(file: String, line: Int, column: Int) {
        self.fileID = FileTable.shared.id(for: file)
        self.packedLine = UInt32(clamping: line)
        self.packedColumn = UInt16(clamping: column)
    }

    public var file: String { FileTable.shared.name(for: fileID) }
    public var line: Int { Int(packedLine) }
    public var column: Int { Int(packedColumn) }

    public var description: String { "\(file):\(line):\(column)" }
}

/// The file names locations refer to; append-only, shared by every load in the process.
final class FileTable: @unchecked Sendable {
    static let shared = FileTable()

    private var names: [String] = []
    private var ids: [String: UInt16] = [:]
    private var lock = pthread_mutex_t()

    private init() { pthread_mutex_init(&lock, nil) }

    func id(for name: String) -> UInt16 {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if let id = ids[name] { return id }
        // More distinct files than a UInt16 counts would be a runaway include; the last id absorbs them.
        let id = UInt16(clamping: names.count)
        guard Int(id) == names.count else { return id }
        names.append(name)
        ids[name] = id
        return id
    }

    func name(for id: UInt16) -> String {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return names[Int(id)]
    }
}

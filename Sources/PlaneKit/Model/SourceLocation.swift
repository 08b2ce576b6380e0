#if canImport(Glibc)
import Glibc
#endif

/// Where a value came from: a file and a 1-based line and column, as a person opens it in an editor.
///
/// Every node of a model carries one, so it is kept to 12 bytes: the file is an index into a
/// process-wide table of file names.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    private let fileID: UInt32
    private let packedLine: UInt32
    private let packedColumn: UInt32

    public init(file: String, line: Int, column: Int) {
        self.fileID = FileTable.shared.id(for: file)
        self.packedLine = UInt32(clamping: line)
        self.packedColumn = UInt32(clamping: column)
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
    private var ids: [String: UInt32] = [:]
    private var lock = pthread_mutex_t()

    private init() { pthread_mutex_init(&lock, nil) }

    func id(for name: String) -> UInt32 {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if let id = ids[name] { return id }
        let id = UInt32(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    func name(for id: UInt32) -> String {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return names[Int(id)]
    }
}

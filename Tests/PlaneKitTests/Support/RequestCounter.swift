import DockerEngine
import Synchronization

/// Counts the requests a client made (through `TransportConfiguration.requestObserver`).
final class RequestCounter: Sendable {
    private let records = Mutex<[RequestRecord]>([])
    func record(_ record: RequestRecord) { records.withLock { $0.append(record) } }
    var all: [RequestRecord] { records.withLock { $0 } }
    var writes: [RequestRecord] { all.filter(\.isWrite) }
}

import Foundation
import PlaneKit
@testable import PlaneStore

/// A fresh state folder per test, and realistic records.
enum HistoryFixture {
    /// `<tmp>/plane-store-XXXX/state/history.sqlite` (the folder does not exist yet).
    static func path() throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("plane-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        return base.appendingPathComponent("state/history.sqlite").path
    }

    /// A fixed clock that moves one second per reading.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var now: Date
        init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { now = start }
        func tick() -> Date {
            lock.lock()
            defer { lock.unlock() }
            now += 1
            return now
        }
    }

    static func start(project: String = "vm300", kind: RunKind = .up, at seconds: TimeInterval = 1_790_000_000,
                      profiles: [String] = ["core", "medias"], services: [String] = ["traefik", "radarr"]) -> RunStart {
        RunStart(project: project, kind: kind, startedAt: Date(timeIntervalSince1970: seconds), user: "plane-admin", pid: 4242,
                 profiles: profiles, services: services, trigger: "interactive", planeVersion: "0.9.0")
    }

    static func step(_ index: Int, service: String = "radarr", action: String = "create") -> StepRecord {
        StepRecord(index: index, action: action, target: "vm300-\(service)-1", service: service, cause: "secret-changed",
                   causeText: "recreate \(service): secret transmission_pass changed",
                   intent: "replace \(service): vm300-\(service)-1 (3f2a9c) -> new")
    }

    static func result(_ service: String) -> ServiceResult {
        ServiceResult(service: service, containerID: "c0ffee\(service)", imageID: "sha256:\(String(repeating: "ab", count: 32))",
                      repoDigest: "lscr.io/linuxserver/\(service)@sha256:\(String(repeating: "cd", count: 32))", status: "healthy")
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

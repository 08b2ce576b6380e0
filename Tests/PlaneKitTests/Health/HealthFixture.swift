import Foundation

/// Fixtures captured from the real components by scripts/health-capture-fixtures.sh
/// (Traefik 3.5.3, Prometheus 2.42 agents, the doubles): Resources/Health/.
enum HealthFixture {
    static func url(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Health").appendingPathComponent(path)
    }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }
    static func text(_ path: String) throws -> String { String(decoding: try data(path), as: UTF8.self) }

    /// A Traefik API answer: status from the saved headers, body as saved.
    static func traefik(_ name: String) throws -> (status: Int, headers: [String: String], body: Data) {
        let head = try text("traefik/\(name).headers").split(separator: "\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers, try data("traefik/\(name).json"))
    }

    /// A proxy answer: `HTTP/x STATUS ...`, some headers, a blank line, the body.
    static func proxy(_ name: String) throws -> (status: Int, headers: [String: String], body: Data) {
        let raw = try text("proxy/\(name).txt")
        let parts = raw.components(separatedBy: "\n\n")
        let head = parts[0].split(separator: "\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = parts.dropFirst().joined(separator: "\n\n")
        return (status, headers, Data(body.utf8))
    }
}

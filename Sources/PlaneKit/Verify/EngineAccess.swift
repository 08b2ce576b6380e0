import DockerEngine

/// `plane doctor`: tries every endpoint plane needs with a request that changes nothing, and says
/// which ones a socket proxy in between refuses.
public enum EngineAccess {
    public static func check(_ engine: any ContainerEngine, probes: [AccessProbe] = AccessProbe.all) async -> [AccessResult] {
        await withTaskGroup(of: (Int, AccessResult).self) { group in
            for (index, probe) in probes.enumerated() {
                group.addTask { (index, await run(probe, engine)) }
            }
            var results: [(Int, AccessResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func run(_ probe: AccessProbe, _ engine: any ContainerEngine) async -> AccessResult {
        do {
            try await probe.request(engine)
            return AccessResult(probe: probe, outcome: .allowed)
        } catch let error as EngineError {
            switch error.code {
            case .daemon, .stream: return AccessResult(probe: probe, outcome: .allowed)
            case .proxyDenied: return AccessResult(probe: probe, outcome: .denied, error: error)
            case .unauthorized: return AccessResult(probe: probe, outcome: .unauthorized, error: error)
            default: return AccessResult(probe: probe, outcome: .failed, error: error)
            }
        } catch {
            return AccessResult(probe: probe, outcome: .failed, error: EngineError(.invalidConfiguration, "\(error)"))
        }
    }
}

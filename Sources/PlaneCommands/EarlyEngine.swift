import DockerEngine
import PlaneKit

/// The engine connection of a read command, begun before the project loads: on another thread it
/// connects (the `/_ping` negotiation), finds the project's name (`ProjectLoader.name`: the flags, the
/// environment or the root files' `name:`), and starts a `PrefetchingEngine` on that name, so the
/// engine's answers travel while this thread resolves the files (issue 12: `plane drift`'s speed).
///
/// A connection failure surfaces where the caller asks for the engine, as it would have without the
/// head start; a name that differs from the loaded project's leaves the prefetch unused.
final class EarlyEngine: Sendable {
    private let task: Task<(client: Engine.Client, prefetch: PrefetchingEngine?), any Error>

    private init(_ task: Task<(client: Engine.Client, prefetch: PrefetchingEngine?), any Error>) { self.task = task }

    static func start(_ configuration: TransportConfiguration, options: ProjectOptions) -> EarlyEngine {
        EarlyEngine(Task {
            async let client = Engine.Client.connectQuickly(configuration)
            let name = try? ProjectLoader.name(options)
            let connected = try await client.sendingRegistryLogins(from: EngineFlags.registryLogins())
            return (connected, name.map { PrefetchingEngine(connected, project: $0) })
        })
    }

    /// The engine for the loaded project `name`: the prefetching one when the early name matched.
    func engine(for name: String) async throws -> any ContainerEngine {
        let (client, prefetch) = try await task.value
        guard let prefetch, prefetch.project == name else { return client }
        return prefetch
    }

    /// Waits for reads nobody took (the process must not exit under a transfer).
    func settle() async {
        guard case .success(let (_, prefetch)) = await task.result else { return }
        await prefetch?.settle()
    }

    /// The command failed before using the engine: stop what still travels and wait for it.
    func abandon() async {
        task.cancel()
        await settle()
    }
}

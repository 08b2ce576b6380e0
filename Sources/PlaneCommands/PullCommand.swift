import ArgumentParser
import DockerEngine
import PlaneKit
import Synchronization

/// `plane pull`: pulls the images of the services `plane up` would select (profiles, services
/// named), each image once, in parallel, and reports each one's digest. Nothing is created or
/// recreated: the next `plane up` (or `plane plan`) shows which services a new image changes.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull the images of the selected services; report their digests; recreate nothing.",
        discussion: """
            Progress goes to stderr (one line per image and per finished layer); stdout gets one line per \
            service: SERVICE IMAGE DIGEST (the repo digest, or the image ID when the registry gave none).
            Exit codes: 0 every image pulled; 1 a pull failed; 2 unknown service or profile, or no service \
            selected... (1 as compose); 3 engine unreachable.
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: ArgumentHelp("Only these services.", valueName: "service"), completion: .custom(Completion.services))
    var services: [String] = []
    @Flag(name: .customLong("include-deps"), help: "Also pull the images of the services' dependencies.") var includeDeps = false
    @Flag(name: .customLong("ignore-pull-failures"), help: "Pull what can be pulled; exit 0 even when some fail.") var ignorePullFailures = false
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "No progress on stderr.") var quiet = false

    func run() async throws {
        let resolved = try ProjectLoading.load(project.allProfiles)
        let environment = Environment.current
        let request = UpRequest(
            profiles: project.requestedProfiles(environment: environment), services: services,
            withDependencies: includeDeps || services.isEmpty, reconcile: ReconcileOptions())
        let selection = try await ErrorReporter.exiting { try Convergence.select(project: resolved, request: request) }
        var images: [String: [String]] = [:]  // image -> services
        for name in selection.services {
            guard let image = resolved.services[name]?["image"]?.string else {
                if !quiet { ErrorReporter.note("\(name) has no image (build only): skipped") }
                continue
            }
            images[image, default: []].append(name)
        }
        let client = try await engine.connect(quickly: true)
        let quiet = quiet
        let results = PullResults()
        await withTaskGroup(of: Void.self) { group in
            for image in images.keys.sorted() {
                group.addTask {
                    if !quiet { ErrorReporter.writeStderr(" Image \(image)  Pulling\n") }
                    do {
                        let result = try await client.pullImage(image) { line in
                            guard !quiet, line.status == "Pull complete" else { return }
                            ErrorReporter.writeStderr(" Image \(image)  layer \(line.id ?? "?") pulled\n")
                        }
                        let digest: String
                        if let pulled = result.digest {
                            digest = pulled
                        } else {
                            digest = (try? await client.inspectImage(image))?.id ?? "unknown"
                        }
                        let status = result.status.map { $0.hasPrefix("Status: ") ? String($0.dropFirst(8)) : $0 } ?? "pulled"
                        if !quiet { ErrorReporter.writeStderr(" Image \(image)  Pulled \(digest) (\(status))\n") }
                        results.set(image, .success(digest))
                    } catch let error as EngineError {
                        if !quiet { ErrorReporter.writeStderr(" Image \(image)  Error\n") }
                        results.set(image, .failure(error))
                    } catch {
                        results.set(image, .failure(EngineError(.stream, "\(error)")))
                    }
                }
            }
        }
        let done = results.all
        var table: [[String]] = []
        var failed = false
        for image in images.keys.sorted() {
            switch done[image] {
            case .success(let digest)?:
                for service in images[image]!.sorted() { table.append([service, image, digest]) }
            case .failure(let error)?:
                failed = true
                ErrorReporter.writeStderr("\(ignorePullFailures ? ErrorReporter.label(.warning) : ErrorReporter.label(.error))[pull]: \(error.description)\n")
            case nil: break
            }
        }
        ErrorReporter.writeStdout(PsCommand.align(table.sorted { $0[0] < $1[0] }))
        if failed && !ignorePullFailures { throw PlaneExit.failure }
    }
}

/// Each image's outcome, written by concurrent pulls.
final class PullResults: Sendable {
    private let storage = Mutex<[String: Result<String, EngineError>]>([:])
    func set(_ image: String, _ result: Result<String, EngineError>) { storage.withLock { $0[image] = result } }
    var all: [String: Result<String, EngineError>] { storage.withLock { $0 } }
}

import DockerEngine
import PlaneKit

extension ErrorReporter {
    static func report(_ error: EngineError) {
        var text = "\(label(.error))[\(error.kind)]: \(error.description)\n"
        if case .proxyDenied = error.code {
            text += "  run `plane doctor` to check every endpoint plane needs through this proxy\n"
        }
        writeStderr(text)
        emit(ErrorEvent(code: error.kind, message: error.description))
    }

    static func report(_ error: PlanError) {
        writeStderr("\(label(.error))[\(error.code.rawValue)]: \(error.description)\n")
        emit(ErrorEvent(code: error.code.rawValue, message: error.description, location: error.location))
    }

    static func note(_ text: String) {
        writeStderr("\(label(.note)): \(text)\n")
    }

    static func warn(_ text: String) {
        writeStderr("\(label(.warning)): \(text)\n")
    }

    /// Runs a step that may fail with a plan, engine or execution error, reporting it with the
    /// exit code it maps to: 2 for the project or selection, 3 for the engine, 1 for a failed
    /// operation.
    static func exiting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PlanError {
            report(error)
            // compose exits 1 for "no service selected": a valid project that selects nothing.
            throw error.code == .noServiceSelected ? PlaneExit.failure : PlaneExit.invalidProject
        } catch let error as EngineError {
            report(error)
            throw PlaneExit.engineUnavailable
        } catch let error as HistoryError {
            self.error("history", error.description)
            throw PlaneExit.failure
        } catch let error as ExecutionError {
            self.error("operation-failed", error.description)
            if let engineError = error.engineError {
                switch engineError.code {
                case .proxyDenied, .unauthorized, .transport:
                    if case .proxyDenied = engineError.code {
                        writeStderr("  run `plane doctor` to check every endpoint plane needs through this proxy\n")
                    }
                    throw PlaneExit.engineUnavailable
                default: break
                }
            }
            throw PlaneExit.failure
        }
    }
}

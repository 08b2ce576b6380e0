#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// SIGINT/SIGTERM during a mutating run: the first one cancels the run (the step in flight ends,
/// nothing more starts, what was set aside is restored, the run is recorded as interrupted, and
/// plane exits 130 for SIGINT, 143 for SIGTERM); a second one aborts at once, saying what may be left.
final class Interruption: Sendable {
    private let received = Mutex<Int32?>(nil)
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    /// The signal that interrupted the run, if one did.
    var caught: Int32? { received.withLock { $0 } }

    /// The exit code of an interrupted run: 128 + the signal (130 SIGINT, 143 SIGTERM).
    var exitCode: Int32 { 128 + (caught ?? SIGINT) }

    private let action = Mutex<(@Sendable () -> Void)?>(nil)

    /// What the first signal does once the run has begun (cancel its task). Before that, a signal
    /// ends plane at once: nothing has been changed yet.
    func onInterrupt(_ cancel: @escaping @Sendable () -> Void) {
        action.withLock { $0 = cancel }
        if caught != nil { cancel() }
    }

    /// Watches SIGINT and SIGTERM from now on (call it first thing).
    func watch() {
        for number in [SIGINT, SIGTERM] {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let first = received.withLock { current -> Bool in
                    if current == nil { current = number; return true }
                    return false
                }
                if first {
                    guard let cancel = action.withLock({ $0 }) else {
                        ErrorReporter.writeStderr("\ninterrupted before any change was made\n")
                        _exit(128 + number)
                    }
                    ErrorReporter.writeStderr("\ninterrupted: finishing the step in flight and putting back what was set aside (press Ctrl-C again to abort at once)\n")
                    cancel()
                } else {
                    ErrorReporter.writeStderr("\naborted at once: containers set aside as <name>_plane-old and new containers not yet proven may be left; the next `plane up` converges them\n")
                    _exit(128 + number)
                }
            }
            source.resume()
            sources.append(source)  // set up once, before any signal can arrive
        }
    }
}

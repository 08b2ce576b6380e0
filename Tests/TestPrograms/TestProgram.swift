import Foundation
import Synchronization

/// A program a test runs: spawned with nothing of the test process but its three standard streams,
/// output to files, its end seen by `wait4` on its PID. Every test starts programs through it.
///
/// Foundation's `Process` is not safe for this on Linux, and a CI run hung on it. It closes the
/// test process's other descriptors in the child from a list made before the spawn, so a pipe or
/// socket another test opens in that instant is inherited; and it learns that a program ended when
/// a socket the program inherits is closed. A daemon that inherited either (Traefik, a double,
/// HAProxy, a registry, all living for a whole suite) makes a reader wait for the daemon, and makes
/// `isRunning`, `waitUntilExit` and the termination handler wait for it too; a wait blocking a thread
/// of the cooperative pool (two threads on 2 cores) then stops the very test that would stop the
/// daemon. Here the child closes every descriptor above 2 in one step (closefrom), nothing is read
/// to its end, and the end of the program is its exit, nothing else.
public final class TestProgram: Sendable {
    public let processIdentifier: pid_t
    /// The raw wait status, once reaped.
    private let reaped = Mutex<Int32?>(nil)

    public struct Result: Sendable, CustomStringConvertible {
        /// The exit code, or the number of the signal that killed it.
        public var status: Int32
        /// Standard output as written (compose's JSON is compared byte for byte).
        public var output: Data
        public var stderr: String
        /// Killed at the time limit.
        public var timedOut: Bool
        public var stdout: String { String(decoding: output, as: UTF8.self) }
        public var description: String { "exit \(status)\(timedOut ? " (killed at its time limit)" : "")\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    /// Starts `program` (a path). `environment` nil passes the test process's own; standard input
    /// comes from the file `input`, output and errors go to the files given (appended, created).
    public init(_ program: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
                input: String = "/dev/null", output: String = "/dev/null", errors: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if let errors, errors != output {
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        guard let closeFrom = Self.closeFrom, closeFrom(&actions, 3) == 0 else {
            throw TestProgramError("posix_spawn_file_actions_addclosefrom_np is missing (glibc 2.34+)")
        }
        if let directory {
            guard let chdir = Self.changeDirectory, chdir(&actions, directory.path) == 0 else {
                throw TestProgramError("posix_spawn_file_actions_addchdir_np is missing (glibc 2.29+)")
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A child starts with default signal handling and nothing blocked, whatever the test runner set.
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
            ?? ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw TestProgramError("cannot start \(program): \(String(cString: strerror(rc)))") }
        processIdentifier = pid
    }

    /// Reaps the program if it ended (never blocks).
    public var isRunning: Bool {
        reaped.withLock { status in
            if status != nil { return false }
            var raw: Int32 = 0
            let pid = wait4(processIdentifier, &raw, WNOHANG, nil)
            if pid == processIdentifier { status = raw }
            return status == nil && !(pid < 0 && errno == ECHILD)
        }
    }

    /// The exit code, or the number of the signal that killed it (as Foundation's `Process` says
    /// it); -1 while it runs.
    public var terminationStatus: Int32 {
        guard !isRunning, let raw = reaped.withLock({ $0 }) else { return -1 }
        return raw & 0x7F == 0 ? (raw >> 8) & 0xFF : raw & 0x7F
    }

    /// The signal that killed it; nil when it exited (or runs).
    public var terminationSignal: Int32? {
        guard !isRunning, let raw = reaped.withLock({ $0 }), raw & 0x7F != 0 else { return nil }
        return raw & 0x7F
    }

    public func signal(_ signal: Int32) {
        if isRunning { kill(processIdentifier, signal) }
    }

    public func terminate() { signal(SIGTERM) }

    /// Waits for the exit without holding a thread of the cooperative pool; SIGKILL at `timeout`.
    /// Returns whether it ended by itself.
    @discardableResult
    public func exit(timeout: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt64 = 1
        while isRunning && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(pause))
            pause = min(pause * 2, 20)
        }
        return endAtLimit()
    }

    /// The same, blocking the calling thread (synchronous tests).
    @discardableResult
    public func exitBlocking(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt32 = 500
        while isRunning && Date() < deadline {
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        return endAtLimit()
    }

    private func endAtLimit() -> Bool {
        guard isRunning else { return true }
        kill(processIdentifier, SIGKILL)
        while isRunning { usleep(1_000) }
        return false
    }

    /// Runs to completion, output collected: bounded by `timeout`, then killed (`timedOut`).
    public static func run(
        _ program: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        stdin: String? = nil, timeout: TimeInterval = 180
    ) async throws -> Result {
        let files = try Files(stdin: stdin)
        defer { files.remove() }
        let child = try TestProgram(program, arguments, in: directory, environment: environment, input: files.input, output: files.output, errors: files.errors)
        let ended = await child.exit(timeout: timeout)
        return files.result(child.terminationStatus, timedOut: !ended)
    }

    /// The same for synchronous tests (blocks the calling thread).
    public static func runBlocking(
        _ program: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        stdin: String? = nil, timeout: TimeInterval = 180
    ) throws -> Result {
        let files = try Files(stdin: stdin)
        defer { files.remove() }
        let child = try TestProgram(program, arguments, in: directory, environment: environment, input: files.input, output: files.output, errors: files.errors)
        let ended = child.exitBlocking(timeout: timeout)
        return files.result(child.terminationStatus, timedOut: !ended)
    }

    private struct Files {
        let input: String, output: String, errors: String

        init(stdin: String?) throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("plane-test-\(UUID().uuidString)").path
            (input, output, errors) = (base + ".in", base + ".out", base + ".err")
            // 0600: a test's password reaches `openssl passwd -stdin` through it.
            guard FileManager.default.createFile(atPath: input, contents: Data((stdin ?? "").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw TestProgramError("cannot write \(input)")
            }
        }

        func result(_ status: Int32, timedOut: Bool) -> Result {
            Result(status: status, output: (try? Data(contentsOf: URL(fileURLWithPath: output))) ?? Data(),
                   stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errors))) ?? Data(), as: UTF8.self),
                   timedOut: timedOut)
        }

        func remove() {
            for path in [input, output, errors] { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Adds "close every descriptor from N up" to spawn actions (glibc 2.34+; hidden from Swift by
    /// its header without _GNU_SOURCE, so looked up once). BadInputTests' own spawner uses it too.
    public static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    private static let changeDirectory: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    }()
}

public struct TestProgramError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

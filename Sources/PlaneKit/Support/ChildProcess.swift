#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program without a shell (`posix_spawnp`, arguments passed as they are) and collects its
/// exit status and output. For short-lived helpers such as `git ls-files`.
public enum ChildProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var standardOutput: [UInt8]
        public var standardError: [UInt8]
        /// It ran past its time limit and was killed (SIGKILL); `status` is then 137.
        public var timedOut = false

        /// The first line of standard error, for a note on why something was skipped.
        public var errorLine: String {
            let line = standardError.split(separator: 0x0A, maxSplits: 1).first.map { Array($0) } ?? []
            return String(decoding: line, as: UTF8.self)
        }
    }

    /// The most `input` may hold: it is written into the pipe before the program starts, so it
    /// must fit the pipe's buffer (Linux: 64 KiB) and no write can block or raise SIGPIPE.
    public static let inputLimit = 4096

    /// Runs `program` (looked up in PATH, or a path) with `arguments`; `extraEnvironment` is added
    /// to the process environment. `input` (at most `inputLimit` bytes) is the program's standard
    /// input, else /dev/null: how a secret-adjacent value reaches a helper without appearing in its
    /// argv. With `timeLimit`, a program still running (or whose output is still open) then is killed
    /// and the outcome says `timedOut`. Fails only when the program cannot be started.
    public static func run(_ program: String, _ arguments: [String],
                           extraEnvironment: [String: String] = [:], input: [UInt8]? = nil,
                           timeLimit: Duration? = nil) -> Result<Outcome, SystemError> {
        var stdin: [Int32] = [-1, -1]
        if let input {
            guard input.count <= inputLimit else { return .failure(SystemError(code: E2BIG)) }
            guard pipe(&stdin) == 0 else { return .failure(.last) }
            let written = input.withUnsafeBytes { write(stdin[1], $0.baseAddress, input.count) }
            close(stdin[1])
            guard written == input.count else {
                close(stdin[0])
                return .failure(.last)
            }
        }
        defer { if stdin[0] >= 0 { close(stdin[0]) } }
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { return .failure(.last) }
        guard pipe(&err) == 0 else {
            close(out[0]); close(out[1])
            return .failure(.last)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin[0] >= 0 {
            posix_spawn_file_actions_adddup2(&actions, stdin[0], 0)
            posix_spawn_file_actions_addclose(&actions, stdin[0])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in out + err { posix_spawn_file_actions_addclose(&actions, fd) }
        // Nothing else of plane's reaches the program: not its engine connections, not another
        // program's pipes (a daemon the program leaves behind would hold them open).
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        var environment: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if extraEnvironment[name] == nil { environment.append(text) }
            pointer += 1
        }
        for (key, value) in extraEnvironment { environment.append("\(key)=\(value)") }

        var pid = pid_t()
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        let rc = posix_spawnp(&pid, program, &actions, nil, argv, envp)
        close(out[1])
        close(err[1])
        guard rc == 0 else {
            close(out[0]); close(err[0])
            return .failure(SystemError(code: rc))
        }
        let deadline = timeLimit.map { ContinuousClock.now + $0 }
        let (standardOutput, standardError, complete) = drain(out[0], err[0], until: deadline)
        close(out[0])
        close(err[0])
        if !complete { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return .success(Outcome(status: code, standardOutput: standardOutput, standardError: standardError, timedOut: !complete))
    }

    /// Both outputs until both end, or until `deadline` (then `complete` is false): what the program
    /// wrote so far. A grandchild that keeps a pipe open (a daemon the helper started) holds it only
    /// until the deadline.
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+; its header hides it from Swift
    /// without _GNU_SOURCE), looked up once; nil on a libc without it (the program then inherits what
    /// plane has open without close-on-exec).
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        #else
        return nil
        #endif
    }()

    private static func drain(_ out: Int32, _ err: Int32, until deadline: ContinuousClock.Instant?) -> ([UInt8], [UInt8], complete: Bool) {
        var bytes: [[UInt8]] = [[], []]
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open[0] || open[1] {
            var fds = [pollfd(fd: open[0] ? out : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: open[1] ? err : -1, events: Int16(POLLIN), revents: 0)]
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { return (bytes[0], bytes[1], false) }
                wait = Int32(min(max(left / .milliseconds(1), 1), 60_000))
            }
            let ready = poll(&fds, 2, wait)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { break }
            for index in 0..<2 where open[index] && fds[index].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, 65536) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { open[index] = false } else { bytes[index].append(contentsOf: buffer[0..<n]) }
            }
        }
        return (bytes[0], bytes[1], true)
    }
}

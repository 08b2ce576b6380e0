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
    /// argv. Fails only when the program cannot be started.
    public static func run(_ program: String, _ arguments: [String],
                           extraEnvironment: [String: String] = [:], input: [UInt8]? = nil) -> Result<Outcome, SystemError> {
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
        let standardOutput = drain(out[0])
        let standardError = drain(err[0])
        close(out[0])
        close(err[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return .success(Outcome(status: code, standardOutput: standardOutput, standardError: standardError))
    }

    private static func drain(_ fd: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return bytes
    }
}

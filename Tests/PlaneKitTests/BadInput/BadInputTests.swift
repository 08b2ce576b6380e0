import Foundation
import TestPrograms
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The bad-input corpus (`Resources/BadInput/cases.json`, written by `generate.py` there): each
/// case runs the built `plane` on hostile input (overflowing numbers, wrong types, alias bombs,
/// FIFOs, devices, symlink loops, huge and sparse files, odd flags and variables) and requires
/// the exit code it names, file:line:column where it names one, nothing on stdout when plane
/// fails, an end within 5 s and a peak RSS under 200 MiB. No crash (signal), no hang. Where
/// compose accepts the input (`oracle: same`), plane prints the same services as compose.
@Suite struct BadInputTests {
    static let maxSeconds = 5.0
    static let maxRSSKiB = 200 * 1024

    @Test func corpusIsLargeEnough() {
        #expect(BadInputCase.all.count >= 200)
    }

    // Serialized: hundreds of plane processes at once would starve the shared cores and turn the
    // time bound into a measure of the machine's load.
    @Test(.serialized, arguments: BadInputCase.all)
    func planeHandlesIt(_ spec: BadInputCase) async throws {
        guard let binary = PlaneProcess.binary else {
            Issue.record("the plane executable was not found next to the tests")
            return
        }
        let dir = try spec.materialize()
        defer { try? FileManager.default.removeItem(at: dir) }
        var environment = ["PATH": "/usr/bin:/bin", "HOME": "/root", "NO_COLOR": "1", "PLANE_STATE_DIR": dir.appendingPathComponent(".state").path]
        for (key, value) in spec.env ?? [:] { environment[key] = value }
        let run = try await BoundedRun.run(binary, spec.args, in: dir, environment: environment, timeout: 30)

        if ProcessInfo.processInfo.environment["PLANE_BADINPUT_STATS"] != nil {
            print("badinput-stat \(spec.name) exit=\(run.status) cpu=\(run.cpuSeconds) wall=\(run.seconds) rssKiB=\(run.peakRSSKiB)")
        }
        #expect(run.signal == nil, "\(spec.name): plane died of signal \(run.signal ?? 0)\n\(run)")
        #expect(!run.timedOut, "\(spec.name): plane did not finish in 30 s\n\(run)")
        // CPU time, not wall time: the suite runs cases in parallel on few shared cores.
        #expect(run.cpuSeconds < Self.maxSeconds, "\(spec.name): took \(run.cpuSeconds) s of CPU")
        // No wall-time bound beyond the 30 s kill: with the suite's other tests saturating the
        // cooperative pool, the waiting test itself is what is late (seen: 117 s of wall for a case
        // that used 0.02 s of CPU).
        #expect(run.peakRSSKiB < Self.maxRSSKiB, "\(spec.name): peak RSS \(run.peakRSSKiB) KiB")
        if let exit = spec.exit {
            #expect(run.status == exit, "\(spec.name): expected exit \(exit)\n\(run)")
        } else {
            #expect(run.status >= 0 && run.status <= 3, "\(spec.name): unexpected exit\n\(run)")
        }
        if run.status == 2 || run.status == 3 {
            #expect(run.stdout.isEmpty, "\(spec.name): output on stdout on error\n\(run)")
        }
        for text in spec.stderr {
            #expect(run.stderr.contains(text), "\(spec.name): stderr should contain \"\(text)\"\n\(run)")
        }
        for text in spec.stdout ?? [] {
            #expect(run.stdout.contains(text), "\(spec.name): stdout should contain \"\(text)\"\n\(run)")
        }
        if spec.oracle == "same", run.status == 0, let oracle = ComposeOracle.binary {
            let reference = try ComposeOracle.run(oracle, arguments: spec.args + ["--format", "json"], in: dir, environment: environment)
            let ours = try await BoundedRun.run(binary, spec.args + ["--format", "json"], in: dir, environment: environment, timeout: 30)
            #expect(reference.status == 0, "\(spec.name): compose refused what plane accepted: \(reference.stderr)")
            if reference.status == 0 {
                let theirs = try JSONSerialization.jsonObject(with: reference.output) as? [String: Any]
                let mine = try JSONSerialization.jsonObject(with: Data(ours.stdout.utf8)) as? [String: Any]
                let same = NSDictionary(dictionary: (mine?["services"] as? [String: Any]) ?? [:])
                    .isEqual(to: (theirs?["services"] as? [String: Any]) ?? [:])
                #expect(same, "\(spec.name): plane and compose disagree\nplane: \(ours.stdout)\ncompose: \(reference.stdout)")
            }
        }
    }
}

/// One case of `cases.json`.
struct BadInputCase: Decodable, Sendable, CustomStringConvertible {
    struct Special: Decodable, Sendable {
        var path: String
        /// fifo, directory, symlinkLoop, dangling, device (a link to `target`), socket, sparse (`size`
        /// bytes, no disk used), repeat (`prefix` + `text` x `count` + `suffix`).
        var kind: String
        var target: String?
        var size: Int?
        var prefix: String?
        var text: String?
        var count: Int?
        var suffix: String?
    }

    var name: String
    var files: [String: String]
    var hex: [String: String]?
    var special: [Special]?
    var args: [String]
    var env: [String: String]?
    /// nil: any clean exit (0-3).
    var exit: Int32?
    var stderr: [String]
    var stdout: [String]?
    var oracle: String?

    var description: String { name }

    static let all: [BadInputCase] = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Resources/BadInput/cases.json")
        let fallback = Bundle.module.resourceURL!.appendingPathComponent("BadInput/cases.json")
        guard let data = (try? Data(contentsOf: url)) ?? (try? Data(contentsOf: fallback)) else { return [] }
        return (try? JSONDecoder().decode([BadInputCase].self, from: data)) ?? []
    }()

    /// A fresh folder holding the case's files, the special ones made now.
    func materialize() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-bad-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func place(_ relative: String) throws -> String {
            let url = dir.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            return url.path
        }
        for (path, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: try place(path))) }
        for (path, hexText) in hex ?? [:] {
            var bytes: [UInt8] = []
            var index = hexText.startIndex
            while index < hexText.endIndex {
                let next = hexText.index(index, offsetBy: 2)
                bytes.append(UInt8(hexText[index..<next], radix: 16)!)
                index = next
            }
            try Data(bytes).write(to: URL(fileURLWithPath: try place(path)))
        }
        for item in special ?? [] {
            let path = try place(item.path)
            switch item.kind {
            case "fifo":
                guard mkfifo(path, 0o644) == 0 else { throw SetupError("mkfifo \(path)") }
            case "directory":
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            case "symlinkLoop":
                guard symlink(path + ".loop", path) == 0, symlink(path, path + ".loop") == 0 else { throw SetupError("symlink loop \(path)") }
            case "dangling":
                guard symlink(path + ".nowhere", path) == 0 else { throw SetupError("symlink \(path)") }
            case "device":
                guard symlink(item.target ?? "/dev/zero", path) == 0 else { throw SetupError("symlink \(path)") }
            case "socket":
                let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_un()
                address.sun_family = sa_family_t(AF_UNIX)
                let bytes = Array(path.utf8)
                guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw SetupError("socket path too long: \(path)") }
                withUnsafeMutableBytes(of: &address.sun_path) { raw in
                    for (i, b) in bytes.enumerated() { raw[i] = b }
                }
                let bound = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
                }
                close(fd)
                guard bound == 0 else { throw SetupError("bind \(path)") }
            case "sparse":
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                defer { close(fd) }
                guard fd >= 0, ftruncate(fd, off_t(item.size ?? 0)) == 0 else { throw SetupError("sparse \(path)") }
            case "repeat":
                var data = Data((item.prefix ?? "").utf8)
                let unit = Data((item.text ?? "").utf8)
                data.reserveCapacity(data.count + unit.count * (item.count ?? 0))
                for _ in 0..<(item.count ?? 0) { data.append(unit) }
                data.append(Data((item.suffix ?? "").utf8))
                try data.write(to: URL(fileURLWithPath: path))
            default:
                throw SetupError("unknown special kind \(item.kind)")
            }
        }
        return dir
    }
}

/// Runs a program with posix_spawn and reaps it with wait4, which gives that child's own peak
/// RSS; a watchdog kills it after `timeout`.
enum BoundedRun {
    struct Result: CustomStringConvertible {
        var status: Int32
        var signal: Int32?
        var timedOut: Bool
        var seconds: Double
        var cpuSeconds: Double
        var peakRSSKiB: Int
        var stdout: String
        var stderr: String
        var description: String {
            "exit \(status) signal \(signal.map(String.init) ?? "-") \(String(format: "%.2f", seconds)) s (\(String(format: "%.2f", cpuSeconds)) s CPU) \(peakRSSKiB) KiB\n--- stdout\n\(stdout.prefix(2000))\n--- stderr\n\(stderr.prefix(2000))"
        }
    }

    static func run(_ program: String, _ arguments: [String], in directory: URL, environment: [String: String], timeout: Double) async throws -> Result {
        let out = directory.appendingPathComponent(".plane-stdout").path
        let err = directory.appendingPathComponent(".plane-stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else of the test process (TestProgram says why).
        if let closeFrom = TestProgram.closeFrom { _ = closeFrom(&actions, 3) }
        // `env -C` changes directory and execs plane in the same process (wait4 sees plane itself).
        let argv = (["/usr/bin/env", "-C", directory.path, program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard rc == 0 else { throw SetupError("posix_spawn \(program): \(rc)") }
        let start = ContinuousClock.now
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { throw SetupError("wait4: \(errno)") }
            let elapsed = ContinuousClock.now - start
            if !timedOut && elapsed > .seconds(timeout) {
                kill(pid, SIGKILL)
                timedOut = true
            }
            try await Task.sleep(for: .milliseconds(elapsed < .milliseconds(100) ? 2 : 20))
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        return Result(
            status: signaled ? -1 : (status >> 8) & 0xff, signal: signaled ? status & 0x7f : nil, timedOut: timedOut,
            seconds: seconds,
            cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
            peakRSSKiB: usage.ru_maxrss,
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "<not UTF-8>",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "<not UTF-8>")
    }
}

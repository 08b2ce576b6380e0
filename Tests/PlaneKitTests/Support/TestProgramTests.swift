import Foundation
import TestPrograms
import Testing

/// The tests' own runner must end with the program, whoever else holds its output: a CI run hung
/// when readers waited for the end of pipes that daemons of other tests had inherited.
@Suite("The tests' program runner") struct TestProgramTests {
    /// Leaves a daemon holding both outputs and prints its PID. Whether the daemon still runs when
    /// the run returns shows what was waited for, whatever the load (time would not: at the suite's
    /// start every task waits its turn on the pool for about 100 s).
    static let script = "sleep 300 & echo $!; echo to-stderr >&2"

    static func daemonStillRuns(_ result: TestProgram.Result) -> Bool {
        guard let pid = pid_t(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        defer { kill(pid, SIGKILL) }
        return kill(pid, 0) == 0
    }

    @Test("a daemon left holding the output does not hold the wait: both outputs at the program's exit, the daemon still running")
    func daemonHoldingTheOutput() async throws {
        let blocking = try TestProgram.runBlocking("/bin/sh", ["-c", Self.script])
        #expect(blocking.status == 0 && blocking.stderr == "to-stderr\n" && !blocking.timedOut, "\(blocking)")
        #expect(Self.daemonStillRuns(blocking), "the wait lasted as long as the daemon: \(blocking)")

        let run = try await TestProgram.run("/bin/sh", ["-c", Self.script])
        #expect(run.status == 0 && run.stderr == "to-stderr\n" && !run.timedOut, "\(run)")
        #expect(Self.daemonStillRuns(run), "the wait lasted as long as the daemon: \(run)")
    }

    @Test("standard input from the text given; past the time limit: killed (SIGKILL) and said so")
    func inputAndTimeLimit() async throws {
        let echoed = try await TestProgram.run("/bin/cat", [], stdin: "line\n")
        #expect(echoed.stdout == "line\n")
        let slow = try TestProgram.runBlocking("/bin/sleep", ["300"], timeout: 0.5)
        #expect(slow.timedOut && slow.status == SIGKILL, "\(slow)")
        let slowAsync = try await TestProgram.run("/bin/sleep", ["300"], timeout: 0.5)
        #expect(slowAsync.timedOut && slowAsync.status == SIGKILL, "\(slowAsync)")
    }

    @Test("the program gets nothing of the test process but its three streams, even a pipe opened without close-on-exec")
    func nothingInherited() async throws {
        var held: [Int32] = [-1, -1]
        #expect(pipe(&held) == 0)
        defer { close(held[0]); close(held[1]) }
        let listing = try await TestProgram.run("/bin/sh", ["-c", "ls /proc/$$/fd"])
        #expect(listing.stdout.split(separator: "\n").sorted() == ["0", "1", "2"], "\(listing)")
    }
}

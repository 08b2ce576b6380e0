import Foundation
import TestPrograms
import Testing

/// The tests' own runner must end with the program, whoever else holds its output: a CI run hung
/// when readers waited for the end of pipes that daemons of other tests had inherited.
@Suite("The tests' program runner") struct TestProgramTests {
    static let script = "sleep 20 & echo started; echo to-stderr >&2"

    @Test("a daemon left holding the output does not hold the wait: both outputs at the program's exit")
    func daemonHoldingTheOutput() async throws {
        let clock = ContinuousClock()
        var result: TestProgram.Result?
        let blocking = try clock.measure { result = try TestProgram.runBlocking("/bin/sh", ["-c", Self.script]) }
        #expect(blocking < .seconds(10), "waited \(blocking) for the daemon")
        #expect(result?.stdout == "started\n" && result?.stderr == "to-stderr\n" && result?.status == 0 && result?.timedOut == false)

        let start = clock.now
        let run = try await TestProgram.run("/bin/sh", ["-c", Self.script])
        #expect(clock.now - start < .seconds(10))
        #expect(run.stdout == "started\n" && run.stderr == "to-stderr\n" && run.status == 0)
    }

    @Test("standard input from the text given; past the time limit: killed and said so")
    func inputAndTimeLimit() async throws {
        let echoed = try await TestProgram.run("/bin/cat", [], stdin: "line\n")
        #expect(echoed.stdout == "line\n")
        let clock = ContinuousClock()
        let start = clock.now
        let slow = try TestProgram.runBlocking("/bin/sleep", ["30"], timeout: 0.5)
        #expect(slow.timedOut && slow.status == SIGKILL, "\(slow)")
        let slowAsync = try await TestProgram.run("/bin/sleep", ["30"], timeout: 0.5)
        #expect(slowAsync.timedOut, "\(slowAsync)")
        #expect(clock.now - start < .seconds(10))
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

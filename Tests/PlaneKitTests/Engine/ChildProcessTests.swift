import Testing
@testable import PlaneKit

/// `ChildProcess.run`'s time limit: a program past it is killed and said to be, what it wrote is kept,
/// and a program that ends in time is untouched.
@Suite("ChildProcess time limit")
struct ChildProcessTests {
    @Test("past the limit: killed (status 137), timedOut, its output so far kept, no wait for its end")
    func killedAtTheLimit() throws {
        let started = ContinuousClock.now
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "echo before; exec sleep 30"], timeLimit: .milliseconds(300)).get()
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(outcome.timedOut && outcome.status == 137, "\(outcome.status)")
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "before\n")
    }

    @Test("in time: its status and both outputs, not timed out; a daemon child holding the output ends the wait at the limit")
    func inTime() throws {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], timeLimit: .seconds(10)).get()
        #expect(!outcome.timedOut && outcome.status == 3)
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "out\n" && outcome.errorLine == "err")
        let started = ContinuousClock.now
        let held = try ChildProcess.run("/bin/sh", ["-c", "sleep 30 & echo started"], timeLimit: .milliseconds(300)).get()
        #expect(ContinuousClock.now - started < .seconds(5) && held.timedOut)
        #expect(String(decoding: held.standardOutput, as: UTF8.self) == "started\n")
    }
}

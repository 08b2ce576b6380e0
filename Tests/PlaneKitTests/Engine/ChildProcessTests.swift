#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PlaneKit

/// `ChildProcess.run`'s time limit: a program past it is killed and said to be, what it wrote is kept,
/// and a program that ends in time is untouched.
@Suite("ChildProcess time limit")
struct ChildProcessTests {
    @Test("past the limit: killed (status 137), timedOut, its output so far kept, no wait for its end")
    func killedAtTheLimit() throws {
        let started = ContinuousClock.now
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "echo before; exec sleep 10"], timeLimit: .milliseconds(300)).get()
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
        let held = try ChildProcess.run("/bin/sh", ["-c", "sleep 10 & echo started"], timeLimit: .milliseconds(300)).get()
        #expect(ContinuousClock.now - started < .seconds(5) && held.timedOut)
        #expect(String(decoding: held.standardOutput, as: UTF8.self) == "started\n")
    }

    @Test("the program inherits standard input, output and error only: nothing else plane has open (an engine connection, another program's pipe)")
    func inheritsNothingElse() throws {
        var open: [Int32] = [-1, -1]
        #expect(pipe(&open) == 0, "a descriptor without close-on-exec, as a connection may be")
        defer { close(open[0]); close(open[1]) }
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "cd /proc/self/fd && echo *"], timeLimit: .seconds(10)).get()
        let inherited = String(decoding: outcome.standardOutput, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        // 0-2, and the one the shell opened to list the folder.
        #expect(!inherited.contains(open[0]) && !inherited.contains(open[1]) && inherited.filter { $0 > 3 }.isEmpty, "\(inherited), pipe \(open)")
    }
}

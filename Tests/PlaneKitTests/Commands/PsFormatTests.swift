import Testing
@testable import PlaneCommands

/// `plane ps --format json`'s values made as compose v2.40.3 makes them (docker's formatter and
/// go-units): the boundaries the live comparison with compose cannot reach in a test's lifetime.
@Suite struct PsFormatTests {
    @Test("RunningFor: go-units HumanDuration + ' ago', at each boundary")
    func runningFor() {
        let cases: [(Int64, String)] = [
            (0, "Less than a second ago"), (1, "1 second ago"), (59, "59 seconds ago"), (60, "About a minute ago"),
            (119, "About a minute ago"), (120, "2 minutes ago"), (3599, "59 minutes ago"), (3600, "About an hour ago"),
            (5399, "About an hour ago"), (5400, "2 hours ago"), (47 * 3600, "47 hours ago"), (48 * 3600, "2 days ago"),
            (14 * 86400, "2 weeks ago"), (60 * 86400, "2 months ago"), (730 * 86400, "2 years ago"),
        ]
        for (seconds, text) in cases {
            #expect(PsCommand.runningFor(since: 1_000_000_000, now: 1_000_000_000 + seconds) == text, "\(seconds) s")
        }
    }

    @Test("Command and Mounts: cut with an ellipsis to 20 / 15 characters, Command quoted as Go's strconv.Quote")
    func truncation() {
        #expect(PsCommand.ellipsis("sh -c 'exec sleep 3600'", 20) == "sh -c 'exec sleep 3…")
        #expect(PsCommand.ellipsis("exactly-twenty-chars", 20) == "exactly-twenty-chars")
        #expect(PsCommand.ellipsis("/srv/config/radarr", 15) == "/srv/config/ra…")
        #expect(PsCommand.goQuote("sh -c 'exit 3'") == #""sh -c 'exit 3'""#)
        #expect(PsCommand.goQuote("a\"b\\c\td\u{01}") == #""a\"b\\c\td\x01""#)
    }
}

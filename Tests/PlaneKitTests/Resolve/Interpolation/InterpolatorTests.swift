#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import PlaneKit

// Every expected value below is what Docker Compose v2.40.3 (compose-go v2.9.1) really produced for
//
//     services: {a: {image: busybox, environment: {V: <template as a JSON string>}}}
//
// read back from `env -i PATH=$PATH VAR=... docker-compose config --format json` (with compose's `$$`
// output escaping undone), its stderr warnings and its error texts (path `services.a.environment.V`).

private let path = "services.a.environment.V"
private let here = PlaneKit.SourceLocation(file: "compose.yaml", line: 5, column: 10)

private func interpolate(_ text: String, _ env: [String: String] = [:]) throws(LoadError) -> String {
    try Interpolator(lookup: { env[$0] }).interpolate(text, at: here)
}

private func warnings(_ text: String, _ env: [String: String] = [:]) throws(LoadError) -> [String] {
    var collected: [InterpolationWarning] = []
    _ = try Interpolator(lookup: { env[$0] }).interpolate(text, at: here, path: path, warnings: &collected)
    return collected.map(\.variable)
}

private func failure(_ text: String, _ env: [String: String] = [:]) -> LoadError? {
    var collected: [InterpolationWarning] = []
    do {
        _ = try Interpolator(lookup: { env[$0] }).interpolate(text, at: here, path: path, warnings: &collected)
        return nil
    } catch {
        return error
    }
}

private func invalid(_ template: String) -> String {
    "invalid interpolation format for \(path).\nYou may need to escape any $ with another $.\n\(template)"
}

@Suite struct InterpolatorOperatorTests {
    // Oracle group: plain references and unset variables.
    @Test func plainReferences() throws {
        #expect(try interpolate("a $X b", ["X": "1"]) == "a 1 b")
        #expect(try interpolate("${X}", ["X": "1"]) == "1")
        #expect(try interpolate("${a}${A}", ["a": "l", "A": "u"]) == "lu")
        #expect(try interpolate("$a-b", ["a": "l"]) == "l-b")
        #expect(try interpolate("plain") == "plain")
    }

    @Test func unsetIsBlankWithAWarning() throws {
        #expect(try interpolate("a $X b") == "a  b")
        #expect(try warnings("a $X b") == ["X"])
        var collected: [InterpolationWarning] = []
        _ = try Interpolator(lookup: { _ in nil }).interpolate("${A}-$B", at: here, path: path, warnings: &collected)
        #expect(collected == [
            InterpolationWarning(variable: "A", location: here, path: path),
            InterpolationWarning(variable: "B", location: here, path: path),
        ])
        #expect(collected[0].description == "compose.yaml:5:10: The \"A\" variable is not set. Defaulting to a blank string.")
    }

    // Oracle group: the six operators.
    @Test func defaults() throws {
        #expect(try interpolate("${X:-d}", ["X": ""]) == "d")
        #expect(try interpolate("${X-d}", ["X": ""]) == "")
        #expect(try interpolate("${X-d}") == "d")
        #expect(try interpolate("${A-}") == "")
        #expect(try interpolate("${A-x}${B-y}") == "xy")
        #expect(try interpolate("${A:-x}-${B}-${C:-z}", ["B": "b"]) == "x-b-z")
        #expect(try interpolate("${A}:${B-q}", ["A": "a"]) == "a:q")
        #expect(try warnings("${X:-d}") == [])
    }

    @Test func replacements() throws {
        #expect(try interpolate("${X:+r}", ["X": ""]) == "")
        #expect(try interpolate("${X+r}", ["X": ""]) == "r")
        #expect(try interpolate("${X:+r}", ["X": "v"]) == "r")
        #expect(try interpolate("${X+r}") == "")
    }

    @Test func required() throws {
        #expect(try interpolate("${X?msg}", ["X": ""]) == "")
        #expect(try interpolate("${A?}", ["A": ""]) == "")
        let error = failure("${X:?msg here}", ["X": ""])
        #expect(error?.code == .requiredVariable)
        #expect(error?.message == "error while interpolating \(path): required variable X is missing a value: msg here")
        #expect(error?.location == here)
        #expect(failure("${X?msg}")?.message == "error while interpolating \(path): required variable X is missing a value: msg")
        #expect(failure("${X:?}")?.message == "error while interpolating \(path): required variable X is missing a value")
        #expect(failure("${A:?${B:-dflt} is needed}")?.message
            == "error while interpolating \(path): required variable A is missing a value: dflt is needed")
        // Without a path the text is compose-go's own.
        do throws(LoadError) {
            _ = try interpolate("${X:?boom}")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "required variable X is missing a value: boom")
            #expect(error.description.hasPrefix("compose.yaml:5:10: required variable X is missing a value: boom"))
        }
    }
}

@Suite struct InterpolatorSyntaxTests {
    // Oracle group: dollars that are not references.
    @Test func escapesAndLoneDollars() throws {
        #expect(try interpolate("$$X $${X}") == "$X ${X}")
        #expect(try interpolate("$ x $1 $- $") == "$ x $1 $- $")
        #expect(try interpolate("${A:-$}") == "$")
        #expect(try interpolate("${A:-$$}") == "$")
    }

    @Test func invalidFormats() {
        for template in ["${X", "${X:-a", "${}", "${1X}", "${X:x}", "${X::-x}"] {
            let error = failure(template)
            #expect(error?.code == .interpolation)
            #expect(error?.message == invalid(template))
            #expect(error?.location == here)
        }
    }

    @Test func invalidFormatShowsTheInnermostTemplate() {
        #expect(failure("ſ$${B?:${B:-${A}$ſC{${B:-_x")?.message == invalid("${A"))
        #expect(failure("_x$} ${C-}${C-$C${A}${C-")?.message == invalid("$C${A"))
    }

    // Oracle group: nesting and how far a `${` reaches.
    @Test func nestedDefaults() throws {
        #expect(try interpolate("${A:-${B:-c}}") == "c")
        #expect(try interpolate("${A:-${B:-c}}", ["B": "b"]) == "b")
        #expect(try interpolate("${A:-${B}x}y") == "xy")
        #expect(try warnings("${A:-${B}x}y") == ["B"])
    }

    @Test func defaultsAreEvaluatedEvenWhenUnused() throws {
        #expect(try interpolate("${A:-$B}", ["A": "1"]) == "1")
        #expect(try warnings("${A:-$B}", ["A": "1"]) == ["B"])
        #expect(try warnings("${A:+$B}") == ["B"])
        #expect(failure("${A:-${B:?err}}", ["A": "1"])?.message
            == "error while interpolating \(path): required variable B is missing a value: err")
    }

    @Test func braceCounting() throws {
        #expect(try interpolate("${A:-{}x}") == "{}x")
        #expect(try interpolate("${A:-{}x}", ["A": "1"]) == "1")
        #expect(try interpolate("${A:-{x}}", ["A": "1"]) == "1")
        #expect(try interpolate("${A:-a}b}", ["A": "1"]) == "1b}")
        #expect(try interpolate("${A:-a}b}") == "ab}")
        #expect(try interpolate("${A:-{}") == "{")
        #expect(try interpolate("${A:-}}") == "}")
        #expect(try interpolate("${A:-a}}}", ["A": "1"]) == "1}}")
    }

    @Test func aReferenceNeverCrossesALineBreak() throws {
        #expect(failure("${A:-x\ny}")?.message == invalid("${A:-x\ny}"))
        #expect(failure("${A:-x\n}}")?.message == invalid("${A:-x\n}}"))
        #expect(try interpolate("${A}\n${B:-x}") == "\nx")
        #expect(try interpolate("${A:-x}\n${B:-y}") == "x\ny")
        #expect(try interpolate("${A:-x}\n}") == "x\n}")
    }

    @Test func goCaseFoldingLetsTwoNonASCIILettersIntoNames() throws {
        #expect(try interpolate("a$ſb", ["ſb": "1"]) == "a1")
        #expect(try interpolate("a${ſ}b", ["ſ": "2"]) == "a2b")
        #expect(try interpolate("a$\u{212A}x", ["\u{212A}x": "3"]) == "a3")
        #expect(try interpolate("$é") == "$é")
    }
}

@Suite struct InterpolatorNodeTests {
    private func loc(_ line: Int, _ column: Int) -> PlaneKit.SourceLocation {
        PlaneKit.SourceLocation(file: "compose.yaml", line: line, column: column)
    }

    // Oracle group: `config` on a file with `${K:-key}: v` environment keys, `$K` label keys,
    // `command: ["echo", "${V:-d}"]` and an `x-ext` mapping.
    @Test func valuesAreInterpolatedKeysAreNot() throws {
        var environment = Mapping()
        environment.set("${K:-key}", .string("v", at: loc(5, 18)), keyLocation: loc(5, 7))
        var labels = Mapping()
        labels.set("$K", .string("x", at: loc(7, 11)), keyLocation: loc(7, 7))
        var service = Mapping()
        service.set("image", .string("busybox", at: loc(3, 12)), keyLocation: loc(3, 5))
        service.set("environment", .mapping(environment), keyLocation: loc(4, 5))
        service.set("labels", .mapping(labels), keyLocation: loc(6, 5))
        service.set("command", .sequence([.string("echo", at: loc(8, 15)), .string("${V:-d}", at: loc(8, 23))]), keyLocation: loc(8, 5))
        service.set("scale", .int(2, at: loc(9, 12)), keyLocation: loc(9, 5))
        var ext = Mapping()
        ext.set("${K:-kk}", Node(.string("${V:-dd}"), location: loc(11, 13), tag: .override), keyLocation: loc(11, 3))
        var root = Mapping()
        root.set("services", .mapping(Mapping([("a", .mapping(service))])), keyLocation: loc(1, 1))
        root.set("x-ext", .mapping(ext), keyLocation: loc(10, 1))

        let result = try Interpolator(lookup: { $0 == "K" ? "kay" : nil }).interpolate(node: .mapping(root))
        let a = result["services"]?["a"]
        #expect(a?["environment"]?.mapping?.keys == ["${K:-key}"])
        #expect(a?["labels"]?.mapping?.keys == ["$K"])
        #expect(a?["command"]?.sequence?.map(\.string) == ["echo", "d"])
        #expect(a?["command"]?.sequence?[1].location == loc(8, 23))
        #expect(a?["scale"]?.int == 2)
        #expect(a?["environment"]?.mapping?.keyLocation("${K:-key}") == loc(5, 7))
        let extValue = result["x-ext"]?["${K:-kk}"]
        #expect(extValue?.string == "dd")
        #expect(extValue?.tag == .override)
        #expect(extValue?.location == loc(11, 13))
    }

    // Oracle: `invalid interpolation format for services.a.command.[].` and
    // `error while interpolating services.a.healthcheck.test.[]: required variable V is missing a value: need`.
    @Test func errorsNameTheComposePath() {
        let command = Node.sequence([.string("echo"), .string("${V", at: loc(4, 23))])
        let service = Node.mapping(Mapping([("image", .string("busybox")), ("command", command)]))
        let root = Node.mapping(Mapping([("services", .mapping(Mapping([("a", service)])))]))
        do throws(LoadError) {
            _ = try Interpolator(lookup: { _ in nil }).interpolate(node: root)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "invalid interpolation format for services.a.command.[].\nYou may need to escape any $ with another $.\n${V")
            #expect(error.location == loc(4, 23))
        }

        let test = Node.sequence([.string("CMD"), .string("${V:?need}", at: loc(6, 22))])
        let health = Node.mapping(Mapping([("healthcheck", .mapping(Mapping([("test", test)])))]))
        do throws(LoadError) {
            _ = try Interpolator(lookup: { _ in nil }).interpolate(node: health, path: ["services", "a"])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .requiredVariable)
            #expect(error.message == "error while interpolating services.a.healthcheck.test.[]: required variable V is missing a value: need")
            #expect(error.location == loc(6, 22))
        }
    }

    @Test func warningsCarryPathAndLocation() throws {
        let root = Node.mapping(Mapping([("x-a", .mapping(Mapping([("b", .sequence([.string("$U", at: loc(3, 7))]))])))]))
        var collected: [InterpolationWarning] = []
        let result = try Interpolator(lookup: { _ in nil }).interpolate(node: root, warnings: &collected)
        #expect(result["x-a"]?["b"]?.sequence?.first?.string == "")
        #expect(collected == [InterpolationWarning(variable: "U", location: loc(3, 7), path: "x-a.b.[]")])
    }

    @Test func threeHundredServicesResolveQuickly() throws {
        var services = Mapping()
        for i in 0..<300 {
            var environment = Mapping()
            for j in 0..<20 {
                environment["VAR_\(j)"] = .string(j % 2 == 0 ? "${HOST:-localhost}:${PORT_\(j):-80\(j)}/path" : "plain value \(j)")
            }
            services["svc\(i)"] = .mapping(Mapping([
                ("image", .string("registry/${IMAGE:-app}:${TAG:?tag}")),
                ("environment", .mapping(environment)),
                ("command", .sequence([.string("run"), .string("--port=$PORT"), .string("$$literal")])),
            ]))
        }
        let root = Node.mapping(Mapping([("services", .mapping(services))]))
        let env = ["TAG": "1.0", "PORT": "8080", "HOST": "db"]
        let interpolator = Interpolator(lookup: { env[$0] })
        // The thread's own CPU time, not the wall clock: on a loaded CI machine the wall clock measured
        // the scheduler (0.7 s once); the interpolation runs on this one thread.
        func threadCPU() -> Duration {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
        }
        var result = root
        let start = threadCPU()
        result = try interpolator.interpolate(node: root)
        let elapsed = threadCPU() - start
        #expect(result["services"]?["svc299"]?["image"]?.string == "registry/app:1.0")
        #expect(result["services"]?["svc0"]?["environment"]?["VAR_2"]?.string == "db:802/path")
        #expect(result["services"]?["svc0"]?["command"]?.sequence?[2].string == "$literal")
        #expect(elapsed < .milliseconds(500), "took \(elapsed) of CPU")  // debug build
    }
}

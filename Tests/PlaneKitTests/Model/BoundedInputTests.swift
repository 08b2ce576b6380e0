import Foundation
import Testing
@testable import PlaneKit

/// The bounded reader, number text, YAML expansion limits and the redaction of engine messages
/// (the end-to-end view of the same rules is BadInputTests).
@Suite("Bounded input")
struct BoundedInputTests {
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-bounded-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("FIFOs, devices, directories, symlink loops and oversized files are refused by what they are")
    func readerRefusesWhatIsNotARegularFile() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(symlink(dir + "/b", dir + "/a") == 0 && symlink(dir + "/a", dir + "/b") == 0)
        FileManager.default.createFile(atPath: dir + "/big", contents: nil)
        #expect(truncate(dir + "/big", 100 << 20) == 0)
        FileManager.default.createFile(atPath: dir + "/small", contents: Data("abcdef".utf8))

        func problem(_ path: String, limit: Int = 1 << 20) -> FileSystem.FileReadError.Problem? {
            if case .failure(let error) = FileSystem.readRegular(path, limit: limit) { return error.problem }
            return nil
        }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(problem(dir + "/fifo") == .notRegular(.fifo))
        #expect(clock.now - started < .seconds(5), "a FIFO must not block")
        #expect(problem("/dev/zero") == .notRegular(.device))
        #expect(problem(dir) == .notRegular(.directory))
        #expect(problem(dir + "/a") == .symlinkLoop)
        #expect(problem(dir + "/missing") == .missing)
        #expect(problem(dir + "/big", limit: 64 << 20) == .tooLarge(limit: 64 << 20))
        #expect(try FileSystem.readRegular(dir + "/small", limit: 6).get() == Array("abcdef".utf8))
        #expect(problem(dir + "/small", limit: 5) == .tooLarge(limit: 5))
        #expect(try FileSystem.readRegular(dir + "/small", limit: 3, truncating: true).get() == Array("abc".utf8))
        if case .failure(let error) = FileSystem.readRegular(dir + "/fifo", limit: 10) {
            #expect(error.description.contains("FIFO"))
        }
    }

    @Test("bytes that are not UTF-8 are an error at their line and column, never replaced")
    func invalidUTF8() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/x.env", contents: Data([0x41, 0x3D, 0x62, 0x0A, 0x42, 0x3D, 0xC3, 0x28, 0x0A]))
        #expect(throws: LoadError.self) { try FileSystem.readUTF8(dir + "/x.env", shownAs: "x.env") }
        do {
            _ = try FileSystem.readUTF8(dir + "/x.env", shownAs: "x.env")
        } catch {
            #expect(error.location?.line == 2 && error.location?.column == 3, "\(error)")
        }
        #expect(FileSystem.firstInvalidUTF8(Array("é中🙂".utf8)) == nil)
        #expect(FileSystem.firstInvalidUTF8([0xED, 0xA0, 0x80]) == 0)  // a UTF-16 surrogate
        #expect(FileSystem.firstInvalidUTF8([0x61, 0xC0, 0xAF]) == 1)  // overlong
        #expect(FileSystem.firstInvalidUTF8([0x61, 0xE2, 0x82]) == 1)  // truncated
    }

    @Test("a secret that is a FIFO or a device fails the plan with what it is, without blocking")
    func secretDigestIsBounded() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "services:\n  a:\n    image: alpine\n    secrets: [s, z]\nsecrets:\n  s:\n    file: ./s.txt\n  z:\n    file: ./z.txt\n"
            .write(toFile: dir + "/compose.yaml", atomically: true, encoding: .utf8)
        #expect(mkfifo(dir + "/s.txt", 0o600) == 0)
        #expect(symlink("/dev/zero", dir + "/z.txt") == 0)
        var options = ProjectOptions()
        options.currentDirectory = dir
        let project = try ProjectLoader.load(options)
        let key = LabelKey(bytes: Array(repeating: 7, count: 32))
        #expect {
            try DesiredState.inputs(of: project.services["a"]!, service: "a", project: project, key: key)
        } throws: { error in
            "\(error)".contains("FIFO")
        }
        try FileManager.default.removeItem(atPath: dir + "/s.txt")
        try "value".write(toFile: dir + "/s.txt", atomically: true, encoding: .utf8)
        #expect {
            try DesiredState.inputs(of: project.services["a"]!, service: "a", project: project, key: key)
        } throws: { error in
            "\(error)".contains("device")
        }
    }

    @Test("floats print as Go's strconv.FormatFloat(f, 'g', -1, 64), as compose prints them")
    func goFloatText() {
        let cases: [(Double, String)] = [
            (1e6, "1e+06"), (100, "100"), (123456, "123456"), (1234567, "1.234567e+06"), (0.1, "0.1"), (0.0001, "0.0001"),
            (0.00001, "1e-05"), (1e20, "1e+20"), (1.5e300, "1.5e+300"), (-2.5, "-2.5"), (9223372036854775808, "9.223372036854776e+18"),
            (123456789.5, "1.234567895e+08"), (Double.leastNonzeroMagnitude, "5e-324"), (0, "0"), (.infinity, "+Inf"), (.nan, "NaN"),
        ]
        for (value, text) in cases { #expect(Node.formatDouble(value) == text, "\(value)") }
    }

    @Test("integers past Int64 are uint64 or float as YAML reads them; 1e999 stays text")
    func bigNumbers() {
        #expect(ScalarResolver.resolve(plain: "9223372036854775808", tag: "").kindTag == "uint:9223372036854775808")
        #expect(ScalarResolver.resolve(plain: "18446744073709551616", tag: "").kindTag == "double:1.8446744073709552e+19")
        #expect(ScalarResolver.resolve(plain: "1e999", tag: "").kindTag == "string:1e999")
        #expect(ScalarResolver.resolve(plain: "-+5", tag: "").kindTag == "string:-+5")
        #expect(ByteUnits.parse("9223372036854775807") == Int64.max)
        #expect(ByteUnits.parse("8388608t") == nil)
        #expect(GoDuration.parseNanoseconds("2562047h") != nil)
        #expect(GoDuration.parseNanoseconds("2562048h") == nil)
    }

    @Test("a YAML alias bomb fails fast at its location")
    func aliasBomb() {
        let levels = "abcdefgh".map(String.init)
        var text = "x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (index, name) in levels.dropFirst().enumerated() {
            text += "x-\(name): &\(name) [" + Array(repeating: "*\(levels[index])", count: 9).joined(separator: ",") + "]\n"
        }
        let clock = ContinuousClock()
        let started = clock.now
        #expect {
            try YAMLDocumentParser.parse(text, file: "bomb.yaml")
        } throws: { error in
            "\(error)".contains("aliases") && "\(error)".contains("bomb.yaml:")
        }
        #expect(clock.now - started < .seconds(10), "was 54 s before the bound (debug build, loaded CI machines: a loose bound)")
    }

    @Test("an engine message echoing an environment value names the key instead")
    func redaction() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "services:\n  a:\n    image: alpine\n    env_file: a.env\n    environment:\n      PUID: \"1\"\n"
            .write(toFile: dir + "/compose.yaml", atomically: true, encoding: .utf8)
        try "DB_PASSWORD=hunter2-secret\nTOKEN=abc\n".write(toFile: dir + "/a.env", atomically: true, encoding: .utf8)
        var options = ProjectOptions()
        options.currentDirectory = dir
        let redaction = EnvironmentRedaction(project: try ProjectLoader.load(options))
        let shown = redaction.redact("invalid environment variable: DB_PASSWORD=hunter2-secret (abc, 1)", service: "a")
        #expect(!shown.contains("hunter2-secret"))
        #expect(shown.contains("<value of DB_PASSWORD>"))
        #expect(shown.hasSuffix("(abc, 1)"), "values under \(EnvironmentRedaction.minimumLength) characters stay")
        #expect(redaction.redact("hunter2-secret", service: nil) == "<value of DB_PASSWORD>")
    }
}

extension Node.Value {
    fileprivate var kindTag: String {
        switch self {
        case .uint(let u): return "uint:\(u)"
        case .int(let i): return "int:\(i)"
        case .double(let d): return "double:\(Node.formatDouble(d))"
        case .string(let s): return "string:\(s)"
        default: return "other"
        }
    }
}

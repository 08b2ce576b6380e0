import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// The docker CLI's logins as plane reads them (`DockerCredentials`, `DockerConfigFile`,
/// `CredentialHelper`, `RegistryKey`), on config files and helper scripts each test writes into a
/// folder of its own: no engine, no registry.
@Suite("registry logins from the docker client config")
struct DockerCredentialsTests {
    /// A DOCKER_CONFIG folder with `config.json` and helper scripts in `bin/`, which record their argv and stdin.
    struct Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("plane-creds-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: url.appendingPathComponent("bin"), withIntermediateDirectories: true)
        }
        var path: String { url.path }
        var environment: [String: String] { ["DOCKER_CONFIG": path, "HOME": "/nonexistent", "PATH": url.appendingPathComponent("bin").path + ":/usr/bin:/bin"] }
        func config(_ text: String) throws { try text.write(to: url.appendingPathComponent("config.json"), atomically: true, encoding: .utf8) }
        func read(_ name: String) -> String { (try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)) ?? "" }

        /// `docker-credential-<name>`: `get` answers per server; every call appends its argv and stdin.
        func helper(_ name: String, username: String = "helper-user", secret: String = "helper-SECRET-pw") throws {
            let script = """
                #!/bin/sh
                server=$(cat)
                printf '%s\\n' "$*" >> '\(path)/\(name).argv'
                printf '%s\\n' "$server" >> '\(path)/\(name).stdin'
                case "$server" in
                  token.example) printf '{"ServerURL":"%s","Username":"<token>","Secret":"tok-SECRET-1"}' "$server" ;;
                  missing.example) echo "credentials not found in native keychain"; exit 1 ;;
                  broken.example) printf '{"Secret":"leaked-SECRET-2"}'; exit 4 ;;
                  stuck.example) sleep 10; touch '\(path)/\(name).finished' ;;
                  *) printf '{"ServerURL":"%s","Username":"\(username)","Secret":"\(secret)"}' "$server" ;;
                esac

                """
            let file = url.appendingPathComponent("bin/docker-credential-\(name)")
            try script.write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// The header's JSON, as the engine receives it.
    static func fields(_ auth: Engine.RegistryAuth?) throws -> [String: String] {
        guard let auth else { return [:] }
        return try JSONDecoder().decode([String: String].self, from: JSONEncoder().encode(auth))
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test("auths: base64 auth, username+password, identitytoken; auth wins over the fields; an empty entry is anonymous")
    func authsEntries() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.config("""
            {"auths": {
              "registry.example:5000": {"auth": "\(Self.base64("alice:pa:ss-SECRET\u{0}"))", "username": "ignored", "password": "ignored"},
              "fields.example": {"username": "bob", "password": "bob-SECRET"},
              "token.example": {"identitytoken": "idtok-SECRET"},
              "empty.example": {},
              "https://index.docker.io/v1/": {"auth": "\(Self.base64("hubuser:hub-SECRET"))"}
            }, "currentContext": "default"}
            """)
        let credentials = DockerCredentials(environment: folder.environment)
        #expect(try Self.fields(await credentials.auth(forRegistry: "registry.example:5000"))
                == ["username": "alice", "password": "pa:ss-SECRET", "serveraddress": "registry.example:5000"],
                "split at the first colon, NULs trimmed from the ends (docker/cli's decodeAuth)")
        #expect(try Self.fields(await credentials.auth(forRegistry: "fields.example")) == ["username": "bob", "password": "bob-SECRET", "serveraddress": "fields.example"])
        #expect(try Self.fields(await credentials.auth(forRegistry: "token.example")) == ["identitytoken": "idtok-SECRET", "serveraddress": "token.example"])
        #expect(try await credentials.auth(forRegistry: "empty.example") == nil)
        #expect(try await credentials.auth(forRegistry: "other.example") == nil, "no entry: anonymous")
        #expect(try Self.fields(await credentials.auth(forRegistry: "docker.io"))["username"] == "hubuser", "Docker Hub's key is https://index.docker.io/v1/")
        #expect(await credentials.fileReads == 1, "the file is read once per run")
    }

    @Test("registry keys: Docker Hub's forms, host:port, localhost; auths keys written as URLs answer for their host")
    func keys() async throws {
        for (reference, registry) in [("busybox", "docker.io"), ("library/busybox:1", "docker.io"), ("docker.io/library/busybox", "docker.io"),
                                      ("index.docker.io/team/app:2", "docker.io"), ("ghcr.io/team/app:1", "ghcr.io"),
                                      ("127.0.0.1:5000/team/app", "127.0.0.1:5000"), ("localhost/app", "localhost"),
                                      ("registry.example:5000/a/b@sha256:0123", "registry.example:5000"), ("team/app", "docker.io")] {
            #expect(Engine.ImageReference(parsing: reference).registry == registry, "\(reference)")
        }
        #expect(RegistryKey.of(registry: "docker.io") == "https://index.docker.io/v1/")
        #expect(RegistryKey.of(registry: "index.docker.io") == "https://index.docker.io/v1/")
        #expect(RegistryKey.of(registry: "ghcr.io") == "ghcr.io")
        #expect(RegistryKey.hostname(of: "https://registry.example:5000/v2/") == "registry.example:5000")
        #expect(RegistryKey.hostname(of: "http://ghcr.io") == "ghcr.io")
        #expect(RegistryKey.hostname(of: "ghcr.io/path") == "ghcr.io")

        let folder = try Folder()
        defer { folder.remove() }
        try folder.config("""
            {"auths": {"https://registry.example:5000/v2/": {"auth": "\(Self.base64("u1:p1-SECRET"))"},
                       "http://ghcr.io": {"auth": "\(Self.base64("u2:p2-SECRET"))"},
                       "index.docker.io": {"auth": "\(Self.base64("u3:p3-SECRET"))"}}}
            """)
        let credentials = DockerCredentials(environment: folder.environment)
        #expect(try Self.fields(await credentials.auth(forRegistry: "registry.example:5000"))
                == ["username": "u1", "password": "p1-SECRET", "serveraddress": "https://registry.example:5000/v2/"])
        #expect(try Self.fields(await credentials.auth(forRegistry: "ghcr.io"))["username"] == "u2")
        #expect(try await credentials.auth(forRegistry: "registry.example") == nil, "the port is part of the host")
        #expect(try await credentials.auth(forRegistry: "docker.io") == nil,
                "Docker Hub is looked up as https://index.docker.io/v1/ only, as the docker CLI does (a key `index.docker.io` is not it)")
    }

    @Test("credHelpers beats credsStore beats auths (docker/cli's getConfiguredCredentialStore); a helper's 'not found' is anonymous")
    func precedence() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.helper("perreg", username: "from-credhelper", secret: "ch-SECRET")
        try folder.helper("store", username: "from-credsstore", secret: "cs-SECRET")
        try folder.config("""
            {"auths": {"reg.example": {"auth": "\(Self.base64("from-auths:au-SECRET"))"},
                       "other.example": {"auth": "\(Self.base64("from-auths:au-SECRET"))"},
                       "missing.example": {"auth": "\(Self.base64("from-auths:au-SECRET"))"}},
             "credHelpers": {"reg.example": "perreg"}, "credsStore": "store"}
            """)
        let credentials = DockerCredentials(environment: folder.environment)
        #expect(try Self.fields(await credentials.auth(forRegistry: "reg.example")) == ["username": "from-credhelper", "password": "ch-SECRET", "serveraddress": "reg.example"])
        #expect(try Self.fields(await credentials.auth(forRegistry: "other.example"))["username"] == "from-credsstore")
        #expect(try await credentials.auth(forRegistry: "missing.example") == nil,
                "the store's 'credentials not found' is anonymous; the auths entry is not used (the CLI's native store)")
        #expect(try Self.fields(await credentials.auth(forRegistry: "token.example")) == ["identitytoken": "tok-SECRET-1", "serveraddress": "token.example"],
                "Username <token>: Secret is an identity token")

        try folder.config("""
            {"auths": {"reg.example": {"auth": "\(Self.base64("from-auths:au-SECRET"))"}}, "credHelpers": {"elsewhere.example": "perreg"}}
            """)
        let withoutStore = DockerCredentials(environment: folder.environment)
        #expect(try Self.fields(await withoutStore.auth(forRegistry: "reg.example"))["username"] == "from-auths", "no helper for it: the auths entry")
    }

    @Test("DOCKER_AUTH_CONFIG: its auths entry beats the file's helpers and auths; a registry it does not name falls back to the file; no file needed")
    func environmentConfig() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.helper("perreg", username: "from-credhelper", secret: "ch-SECRET")
        try folder.config("""
            {"auths": {"reg.example": {"auth": "\(Self.base64("from-file:file-SECRET"))"},
                       "other.example": {"auth": "\(Self.base64("from-file:file-SECRET"))"}},
             "credHelpers": {"helped.example": "perreg"}}
            """)
        var environment = folder.environment
        environment[DockerCredentials.authConfigVariable] = """
            {"auths": {"reg.example": {"auth": "\(Self.base64("from-env:env-SECRET"))"}, "helped.example": {"username": "env-user", "password": "env-pw-SECRET"}}}
            """
        let credentials = DockerCredentials(environment: environment)
        #expect(try Self.fields(await credentials.auth(forRegistry: "reg.example")) == ["username": "from-env", "password": "env-SECRET", "serveraddress": "reg.example"])
        #expect(try Self.fields(await credentials.auth(forRegistry: "helped.example"))["username"] == "env-user")
        #expect(await credentials.helperRuns == 0, "the environment's login is used before any helper")
        #expect(try Self.fields(await credentials.auth(forRegistry: "other.example"))["username"] == "from-file", "not in the environment: the file")

        folder.remove()
        let withoutFile = DockerCredentials(environment: environment)
        #expect(try Self.fields(await withoutFile.auth(forRegistry: "reg.example"))["username"] == "from-env")
        #expect(try await withoutFile.auth(forRegistry: "other.example") == nil)
    }

    @Test("DOCKER_AUTH_CONFIG malformed: an error naming the variable and where it breaks, what to do, never its value; empty is unset")
    func environmentConfigMalformed() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        var environment = folder.environment
        environment[DockerCredentials.authConfigVariable] = #"{"auths": {"reg.example": {"auth": "not base64 SECRET!"}}}"#
        let error = await #expect(throws: EngineError.self) { try await DockerCredentials(environment: environment).auth(forRegistry: "reg.example") }
        #expect(error?.description.contains(#"the docker client config in DOCKER_AUTH_CONFIG auths."reg.example".auth is not base64"#) == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("unset it") == true)
        #expect(error.map { !"\($0)".contains("SECRET") && !($0.hint ?? "").contains("SECRET") } == true)
        environment[DockerCredentials.authConfigVariable] = "{\"auths\": {"
        let syntax = await #expect(throws: EngineError.self) { try await DockerCredentials(environment: environment).auth(forRegistry: "reg.example") }
        #expect(syntax?.description.contains("DOCKER_AUTH_CONFIG is not valid JSON") == true, "\(String(describing: syntax))")
        environment[DockerCredentials.authConfigVariable] = "  "
        #expect(try await DockerCredentials(environment: environment).auth(forRegistry: "reg.example") == nil)
    }

    @Test("a helper gets only `get` in argv and the server on stdin; each registry is looked up once, concurrent asks share it")
    func helperProtocol() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.helper("rec", secret: "rec-SECRET-pw")
        try folder.config(#"{"credsStore": "rec"}"#)
        let credentials = DockerCredentials(environment: folder.environment)
        async let first = credentials.auth(forRegistry: "reg.example:5000")
        async let second = credentials.auth(forRegistry: "reg.example:5000")
        let answers = try await [first, second]
        #expect(try answers.map(Self.fields) == Array(repeating: ["username": "helper-user", "password": "rec-SECRET-pw", "serveraddress": "reg.example:5000"], count: 2))
        _ = try await credentials.auth(forRegistry: "docker.io")
        _ = try await credentials.auth(forRegistry: "index.docker.io")
        #expect(folder.read("rec.argv") == "get\nget\n", "one run per registry, `get` alone on its command line")
        #expect(folder.read("rec.stdin") == "reg.example:5000\nhttps://index.docker.io/v1/\n", "the server address went through stdin")
        #expect(!folder.read("rec.argv").contains("SECRET") && !folder.read("rec.argv").contains("reg.example"))
        let (runs, reads) = (await credentials.helperRuns, await credentials.fileReads)
        #expect(runs == 2 && reads == 1)
    }

    /// A folder whose config names one helper, `name`, as its `credsStore`.
    static func storeFolder(_ name: String) throws -> Folder {
        let folder = try Folder()
        try folder.helper(name)
        try folder.config(#"{"credsStore": "\#(name)"}"#)
        return folder
    }

    @Test("a run that asks for no login reads nothing and runs nothing")
    func lazy() async throws {
        let folder = try Self.storeFolder("rec")
        defer { folder.remove() }
        let credentials = DockerCredentials(environment: folder.environment)
        let (runs, reads) = (await credentials.helperRuns, await credentials.fileReads)
        #expect(reads == 0 && runs == 0)
        #expect(folder.read("rec.argv").isEmpty)
    }

    @Test("missing helper, failing helper, helper answering nonsense: errors naming the helper and the registry, no secret")
    func helperFailures() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.helper("rec")
        try folder.config(#"{"credsStore": "rec", "credHelpers": {"gone.example": "absent"}}"#)
        let credentials = DockerCredentials(environment: folder.environment)
        let missing = await #expect(throws: EngineError.self) { try await credentials.auth(forRegistry: "gone.example") }
        #expect(missing?.description.contains("docker-credential-absent is not in PATH") == true, "\(String(describing: missing))")
        #expect(missing?.description.contains("gone.example") == true && missing?.description.contains("credHelpers.\"gone.example\"") == true)
        #expect(missing?.hint?.contains("install docker-credential-absent") == true)

        let broken = await #expect(throws: EngineError.self) { try await credentials.auth(forRegistry: "broken.example") }
        let text = broken.map { "\($0) \(String(reflecting: $0))" } ?? ""
        #expect(text.contains("docker-credential-rec get failed (exit 4)") && text.contains("broken.example"), "\(text)")
        #expect(!text.contains("SECRET"), "a failing helper's JSON output is never echoed: \(text)")
    }

    @Test("a helper that does not answer (a locked keychain, a prompt) is stopped at its time limit: an error that says so, no wait for ever")
    func helperTimeLimit() async throws {
        let folder = try Self.storeFolder("store")
        defer { folder.remove() }
        let credentials = DockerCredentials(environment: folder.environment, helperTimeLimit: .milliseconds(500))
        let error = await #expect(throws: EngineError.self) { try await credentials.auth(forRegistry: "stuck.example") }
        // Killed at the limit: the helper never got past its 10 s sleep (wall time is no proof on a loaded
        // test run, where the lookup itself can wait for a thread).
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("store.finished").path), "the helper ran to its end")
        #expect(error?.description.contains("docker-credential-store get did not answer within 0.5 seconds and was stopped") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("unlock the keychain") == true)
        #expect(try Self.fields(await credentials.auth(forRegistry: "reg.example"))["username"] == "helper-user", "another registry still gets its login")
    }

    @Test("malformed config: the file, what is wrong and where, what to do; nothing from its values")
    func malformed() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.config("{\n  \"auths\": {\n    \"reg.example\": {\"auth\": \"\(Self.base64("u:p-SECRET"))\" \"x\": 1}\n  }\n}\n")
        let credentials = DockerCredentials(environment: folder.environment)
        let syntax = await #expect(throws: EngineError.self) { try await credentials.auth(forRegistry: "reg.example") }
        let path = folder.url.appendingPathComponent("config.json").path
        #expect(syntax?.description.contains("the docker client config \(path) is not valid JSON at line 3, column") == true, "\(String(describing: syntax))")
        #expect(syntax?.hint?.contains("nothing was changed") == true)
        #expect(syntax.map { !"\($0)".contains("SECRET") && !"\($0)".contains(Self.base64("u:p-SECRET")) } == true)
        _ = await #expect(throws: EngineError.self) { try await credentials.auth(forRegistry: "reg.example") }
        #expect(await credentials.fileReads == 1, "the failure is remembered, the file not read again")

        for (text, expected) in [
            ("{\"auths\": {\n  \"reg.example\": {\"auth\": \"x-SECRET\"}", "is not valid JSON: it ends (at line 2, column 38) before its JSON does"),
            (#"{"auths": {"reg.example": {"auth": "not base64 SECRET!"}}}"#, #"auths."reg.example".auth is not base64"#),
            (#"{"auths": {"reg.example": {"auth": "\#(Self.base64("nocolon-SECRET"))"}}}"#, #"auths."reg.example".auth does not decode to user:password"#),
            (#"{"auths": {"reg.example": {"auth": 42}}}"#, #"has auths."reg.example".auth of the wrong type (expected a string)"#),
            (#"{"credsStore": ["SECRET"]}"#, "has credsStore of the wrong type (expected a string)"),
        ] {
            try folder.config(text)
            let error = await #expect(throws: EngineError.self) { try await DockerCredentials(environment: folder.environment).auth(forRegistry: "reg.example") }
            #expect(error?.description.contains(expected) == true, "\(text): \(String(describing: error))")
            #expect(error.map { !"\($0)".contains("SECRET") } == true, "\(text)")
        }
    }

    @Test("no config file: anonymous; RegistryAuth never prints a secret")
    func missingAndDescription() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(try await DockerCredentials(environment: folder.environment).auth(forRegistry: "reg.example") == nil)
        try folder.config(" \n")
        #expect(try await DockerCredentials(environment: folder.environment).auth(forRegistry: "reg.example") == nil, "an empty file is an empty config")
        #expect(DockerConfigFile.path(environment: ["HOME": "/home/u"]) == "/home/u/.docker/config.json")
        #expect(DockerConfigFile.path(environment: ["HOME": "/home/u", "DOCKER_CONFIG": "/etc/dc"]) == "/etc/dc/config.json")
        let auths = [Engine.RegistryAuth(username: "u", password: "pw-SECRET", serverAddress: "r"),
                     Engine.RegistryAuth(identityToken: "tok-SECRET", serverAddress: "r")]
        for auth in auths {
            #expect(!"\(auth)".contains("SECRET") && !String(reflecting: auth).contains("SECRET") && "\(auth)".contains("<redacted>"))
        }
    }
}

import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// A registry that wants a login (scripts/test-registry.sh with htpasswd) and the plane executable
/// with a DOCKER_CONFIG of the test's own: with the login in `auths` (or behind a credential helper
/// on PATH) `up` pulls the missing images, `upgrade --check` answers 2 and `upgrade` upgrades;
/// without it the same commands fail, name the registry and `docker login`, and change nothing.
/// The password appears in no output and not in the history database.
@Suite("registry logins with a loopback registry that wants one", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct RegistryLoginTests {
    static let user = "plane-ci"

    /// A DOCKER_CONFIG folder holding `config`, and a `bin/` for helpers.
    static func configFolder(_ root: URL, _ name: String, config: String?) throws -> URL {
        let folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bin"), withIntermediateDirectories: true)
        if let config { try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8) }
        return folder
    }

    @Test("auths login: up pulls the missing images, upgrade --check 2, upgrade upgrades; none: exit 1, docker login hint, nothing changed; a credHelper and DOCKER_AUTH_CONFIG work too")
    func loginFlow() async throws {
        let password = "pw-\(UUID().uuidString)"
        try await RegistryStack.with(offset: 20, login: "\(Self.user):\(password)") { stack in
            let client = try await TestEngine.client()
            let v1 = try await TestRegistry.imageID("v1"), v2 = try await TestRegistry.imageID("v2")
            let host = stack.registry.host
            let root = stack.state.appendingPathComponent("docker-configs")
            let auth = Data("\(Self.user):\(password)".utf8).base64EncodedString()
            let good = try Self.configFolder(root, "good", config: #"{"auths": {"\#(host)": {"auth": "\#(auth)"}}}"#)
            let empty = try Self.configFolder(root, "empty", config: nil)
            let helped = try Self.configFolder(root, "helped", config: #"{"credHelpers": {"\#(host)": "planetest"}, "auths": {}}"#)
            // The helper answers from a file (0600), records its argv and stdin.
            let secretFile = helped.appendingPathComponent("secret")
            try password.write(to: secretFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile.path)
            let helper = helped.appendingPathComponent("bin/docker-credential-planetest")
            try """
                #!/bin/sh
                server=$(cat)
                printf '%s\\n' "$*" >> '\(helped.path)/argv'
                printf '%s\\n' "$server" >> '\(helped.path)/stdin'
                printf '{"ServerURL":"%s","Username":"\(Self.user)","Secret":"%s"}' "$server" "$(cat '\(secretFile.path)')"

                """.write(to: helper, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: helper.path)
            var outputs: [PlaneProcess.Result] = []
            func plane(_ command: String, _ arguments: [String], config: URL, extra: [String: String] = [:]) async throws -> PlaneProcess.Result {
                let result = try await stack.plane(command, arguments, environment: [
                    "DOCKER_CONFIG": config.path, "PATH": config.appendingPathComponent("bin").path + ":/usr/bin:/bin"].merging(extra) { $1 })
                outputs.append(result)
                return result
            }
            let refusal = "`docker login \(host)`"

            try await stack.registry.publish(stack.core, "v1")
            try await stack.registry.publish(stack.media, "v1")
            for repository in [stack.core, stack.media] { _ = try await client.removeImage(stack.registry.reference(repository), force: true) }
            #expect((try? await client.inspectImage(stack.registry.reference(stack.core))) == nil, "the engine lacks the image: up must pull it")

            let anonymousUp = try await plane("up", ["--profile", "*", "--skip-lint"], config: empty)
            #expect(anonymousUp.status != 0 && anonymousUp.stderr.contains(refusal) && anonymousUp.stderr.contains("wants a login"), "\(anonymousUp)")
            #expect(try await TestEngine.ids(stack.project).isEmpty, "nothing was created")

            let up = try await plane("up", ["--profile", "*", "--skip-lint", "--wait"], config: good)
            #expect(up.status == 0, "\(up)")
            let (web1, media1) = (try await stack.imageOf("web"), try await stack.imageOf("media"))
            #expect(web1 == v1 && media1 == v1)

            try await stack.registry.publish(stack.core, "v2")
            let anonymousCheck = try await plane("upgrade", ["--profile", "*", "--check"], config: empty)
            #expect(anonymousCheck.status == 1 && anonymousCheck.stderr.contains(refusal) && anonymousCheck.stderr.contains("registry-lookup"), "\(anonymousCheck)")
            let anonymousUpgrade = try await plane("upgrade", ["--profile", "*", "--skip-lint"], config: empty)
            #expect(anonymousUpgrade.status == 1 && anonymousUpgrade.stderr.contains(refusal), "\(anonymousUpgrade)")
            let (webStill, tagStill) = (try await stack.imageOf("web"), try await stack.tagged(stack.core))
            #expect(webStill == v1 && tagStill == v1, "the engine is unchanged")

            let helperCheck = try await plane("upgrade", ["--profile", "*", "--check"], config: helped)
            #expect(helperCheck.status == 2 && helperCheck.stdout.contains("1 service with a newer image"), "\(helperCheck)")
            let argv = (try? String(contentsOf: helped.appendingPathComponent("argv"), encoding: .utf8)) ?? ""
            let stdin = (try? String(contentsOf: helped.appendingPathComponent("stdin"), encoding: .utf8)) ?? ""
            #expect(argv == "get\n" && stdin == "\(host)\n", "one helper run for the one registry, the server on stdin: argv \(argv), stdin \(stdin)")

            // The login in DOCKER_AUTH_CONFIG alone (no config file), as docker CLI 28.3+ and compose read it.
            let environmentCheck = try await plane("upgrade", ["--profile", "*", "--check"], config: empty,
                                                   extra: [DockerCredentials.authConfigVariable: #"{"auths": {"\#(host)": {"auth": "\#(auth)"}}}"#])
            #expect(environmentCheck.status == 2 && environmentCheck.stdout.contains("1 service with a newer image"), "DOCKER_AUTH_CONFIG: \(environmentCheck)")

            let check = try await plane("upgrade", ["--profile", "*", "--check", "--format", "json"], config: good)
            #expect(check.status == 2, "\(check)")
            let upgrade = try await plane("upgrade", ["--profile", "*", "--skip-lint"], config: good)
            #expect(upgrade.status == 0, "\(upgrade)")
            let (web2, media2) = (try await stack.imageOf("web"), try await stack.imageOf("media"))
            #expect(web2 == v2 && media2 == v1, "web upgraded, media (unchanged tag) not")

            try #"{"auths": {"\#(host)": {"auth": "\#(auth)"}"#.write(to: good.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
            let malformed = try await plane("upgrade", ["--profile", "*", "--check"], config: good)
            #expect(malformed.status != 0 && malformed.stderr.contains("\(good.path)/config.json is not valid JSON: it ends (at line 1"), "\(malformed)")

            for result in outputs {
                #expect(!result.stdout.contains(password) && !result.stderr.contains(password) && !result.stderr.contains(auth), "a secret in output: \(result)")
            }
            for name in ["history.sqlite", "history.sqlite-wal"] {
                let bytes = (try? Data(contentsOf: stack.state.appendingPathComponent(name))) ?? Data()
                if name == "history.sqlite" { #expect(!bytes.isEmpty, "the runs were recorded") }
                #expect(bytes.range(of: Data(password.utf8)) == nil && bytes.range(of: Data(auth.utf8)) == nil, "no secret in \(name)")
            }
        }
    }
}

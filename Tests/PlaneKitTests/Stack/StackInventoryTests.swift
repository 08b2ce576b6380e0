import Foundation
import TestPrograms
import Testing
@testable import PlaneKit

/// The inventory the spec (../shared/spec/vm300-plane-services.md) asks for, read from the
/// resolved stack, not from the files' text.
@Suite struct StackInventoryTests {
    static let profiles: [String: [String]] = [
        "core": ["traefik", "socket-proxy", "crowdsec-agent", "traefik-bouncer", "authentik-outpost", "arcane-agent"],
        "dashboard": ["dashboard-sync", "deployrr-dashboard", "homepage", "homarr"],
        "medias": ["bazarr", "jellyfin", "jellyseerr", "radarr", "sonarr", "sabnzbd", "transmission", "prowlarr",
                   "kavita", "mylar3", "cleanuparr", "huntarr", "notifiarr"],
        "apps": ["theme-park", "freshrss", "vscode"],
        "automatisation": ["n8n"],
        "monitoring": ["telemetrie-agent"],
    ]

    /// secret -> the services that must mount it.
    static let secrets: [String: [String]] = [
        "cf_dns_api_token": ["traefik"],
        "crowdsec_enroll_key": ["crowdsec-agent"],
        "crowdsec_ca_cert": ["crowdsec-agent"],
        "crowdsec_bouncer_api_key": ["traefik-bouncer"],
        "outpost_token": ["authentik-outpost"],
        "docker_api_basicauth": ["socket-proxy"],
        "transmission_user": ["transmission"],
        "transmission_pass": ["transmission"],
        "vscode_password": ["vscode"],
    ]

    @Test func twentyEightServicesEachInItsProfile() throws {
        let all = try StackFixture.load(profiles: ["*"])
        #expect(all.services.count == 28)
        for (profile, names) in Self.profiles {
            let project = try StackFixture.load(profiles: [profile])
            #expect(Set(project.services.keys) == Set(names), "profile \(profile)")
            for name in names {
                let declared = all.services[name]?["profiles"]?.sequence?.compactMap(\.scalarText) ?? []
                #expect(declared == [profile], "\(name) should be in exactly [\(profile)], is in \(declared)")
            }
        }
    }

    @Test func everySecretIsDeclaredAndMountedWhereItBelongs() throws {
        let project = try StackFixture.load(profiles: ["*"])
        for (secret, services) in Self.secrets {
            let declared = project.secrets[secret]
            #expect(declared != nil, "top-level secret \(secret)")
            #expect(declared?["file"]?.string?.contains("/secrets/") == true, "\(secret) is a file secret under a secrets/ folder")
            for service in services {
                let mounts = project.services[service]?["secrets"]?.sequence?.compactMap { $0["source"]?.scalarText } ?? []
                #expect(mounts.contains(secret), "\(service) mounts \(secret)")
            }
        }
    }

    @Test func exposedServicesAreHardened() throws {
        let project = try StackFixture.load(profiles: ["*"])
        for entry in project.services.entries {
            let service = entry.value
            let routed = service["labels"]?["traefik.enable"]?.string == "true"
            let publishes = !(service["ports"]?.sequence ?? []).isEmpty
            guard routed || publishes else { continue }
            #expect(service["read_only"]?.bool == true, "\(entry.key): read_only")
            #expect(service["cap_drop"]?.sequence?.contains { $0.string == "ALL" } == true, "\(entry.key): cap_drop ALL")
            let options = service["security_opt"]?.sequence?.compactMap(\.string) ?? []
            #expect(options.contains { $0 == "no-new-privileges:true" || $0 == "no-new-privileges" || $0 == "no-new-privileges=true" },
                    "\(entry.key): no-new-privileges")
        }
    }

    @Test func onlySocketProxyTouchesTheDockerSocketAndReadOnly() throws {
        let project = try StackFixture.load(profiles: ["*"])
        for entry in project.services.entries {
            for volume in entry.value["volumes"]?.sequence ?? [] where volume["source"]?.string?.hasSuffix("docker.sock") == true {
                #expect(entry.key == "socket-proxy", "\(entry.key) mounts the Docker socket")
                #expect(volume["read_only"]?.bool == true, "the socket is mounted read-only")
            }
        }
    }

    @Test func imagesArePinnedByVersion() throws {
        let project = try StackFixture.load(profiles: ["*"])
        for entry in project.services.entries {
            let image = entry.value["image"]?.string ?? ""
            let tag = image.split(separator: "/").last.flatMap { $0.split(separator: ":").dropFirst().first }
            #expect(tag != nil && tag != "latest", "\(entry.key): image \(image) is not pinned")
        }
    }

    @Test func noEnvOrSecretValueIsTrackedByGit() throws {
        let git = try TestProgram.runBlocking("/usr/bin/git", ["-C", StackFixture.repository.path, "ls-files"], timeout: 60)
        let files = git.stdout.split(separator: "\n")
        guard git.status == 0 else { return }  // not a git checkout (e.g. a source tarball)
        let stackFiles = files.filter { !$0.hasPrefix("Tests/") }
        let leaks = stackFiles.filter { path in
            let name = path.split(separator: "/").last.map(String.init) ?? ""
            let inSecrets = path.contains("/secrets/") && name != "README.md" && name != ".gitignore"
            return name == ".env" || inSecrets
        }
        #expect(leaks.isEmpty, "tracked env/secret files: \(leaks)")
    }
}

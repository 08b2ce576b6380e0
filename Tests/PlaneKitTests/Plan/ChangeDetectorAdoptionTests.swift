import Foundation
import Testing
@testable import PlaneKit

/// A container docker compose created (compose's labels, none of plane's): adopted when compose's
/// config-hash matches and no secret or config file changed since its creation; otherwise recreated
/// with the cause named.
@Suite("ChangeDetector: containers docker compose created")
struct ChangeDetectorAdoptionTests {
    let proxy: DesiredService

    init() throws {
        let directory = try UpFixture.copy("UpStack")
        let desired = try UpFixture.desired(try UpFixture.load(directory), profiles: ["core"])
        proxy = try #require(desired.service("proxy"))
    }

    /// What compose's `up` leaves: its labels (with its hash), no `dev.plane.*`.
    func composeMade(hash: String, created: Int64?) -> ObservedContainer {
        var container = UpFixture.observed(proxy)
        container.labels = container.labels.filter { !$0.key.hasPrefix("dev.plane.") }
        container.labels[ComposeLabel.configHash] = hash
        container.created = created
        return container
    }

    @Test("compose's hash matches and the secret is older than the container: adopted, nothing to do")
    func adopted() {
        let container = composeMade(hash: proxy.composeHash, created: Int64(Date().timeIntervalSince1970) + 3600)
        #expect(ChangeDetector.changes(container, proxy, imageID: "sha256:image").isEmpty)
    }

    @Test("a secret file changed after compose created the container: recreate, naming the secret")
    func secretRotatedSince() {
        let container = composeMade(hash: proxy.composeHash, created: 0)
        let changes = ChangeDetector.changes(container, proxy, imageID: "sha256:image")
        #expect(changes == [.input(kind: .secret, name: "proxy_users", change: .changed)])
        #expect(changes.map(\.text) == ["secret proxy_users changed"])
    }

    @Test("compose's hash differs (definition or env file changed): recreate, not adopted")
    func hashDiffers() {
        let container = composeMade(hash: "0123", created: Int64(Date().timeIntervalSince1970) + 3600)
        let changes = ChangeDetector.changes(container, proxy, imageID: "sha256:image")
        #expect(changes == [.definitionChanged, .notCreatedByPlane])
    }

    @Test("no creation time from the engine: not adopted")
    func noCreationTime() {
        let container = composeMade(hash: proxy.composeHash, created: nil)
        #expect(ChangeDetector.changes(container, proxy, imageID: "sha256:image") == [.notCreatedByPlane])
    }

    @Test("plane's own earlier hash in compose's label is still plane's container: nothing to do")
    func planesEarlierHash() {
        var container = UpFixture.observed(proxy)
        container.labels[ComposeLabel.configHash] = proxy.definitionHash
        #expect(ChangeDetector.changes(container, proxy, imageID: "sha256:image").isEmpty)
    }
}

import Foundation
import Testing
@testable import PlaneKit

@Suite("Input digests and the label key")
struct ServiceInputsTests {
    @Test("the inputs label reads back and names what changed")
    func roundTrip() {
        let old = ServiceInputs(keyID: "k", digests: [
            .init(kind: .envFile, name: "env/a.env", value: "1111"), .init(kind: .secret, name: "pw", value: "2222"),
            .init(kind: .config, name: "conf", value: "3333"),
        ])
        let parsed = ServiceInputs(labelValue: old.labelValue, keyID: "k")
        #expect(parsed == old)
        let new = ServiceInputs(keyID: "k", digests: [
            .init(kind: .envFile, name: "env/a.env", value: "1111"), .init(kind: .secret, name: "pw", value: "9999"),
            .init(kind: .secret, name: "token", value: "4444"),
        ])
        #expect(new.changes(from: old) == ["secret pw changed", "secret token added", "config conf removed"])
        #expect(ServiceInputs(labelValue: "garbage", keyID: "k") == nil)
        #expect(ServiceInputs(labelValue: "", keyID: "k")?.digests.isEmpty == true)
    }

    @Test("digests are keyed: another key gives other digests; HMAC matches RFC 4231 case 2")
    func keyed() {
        let a = LabelKey(bytes: Array(repeating: 1, count: 32)), b = LabelKey(bytes: Array(repeating: 2, count: 32))
        #expect(a.digest(Array("secret".utf8)) != b.digest(Array("secret".utf8)))
        #expect(a.id != b.id)
        #expect(HMAC.hex(HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("the key file is created once, private, and read back")
    func keyFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(UUID().uuidString)/nested").path
        let first = try LabelKey.loadOrCreate(in: dir)
        let second = try LabelKey.loadOrCreate(in: dir)
        #expect(first.id == second.id)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/label-key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(LabelKey.stateDirectory(environment: ["PLANE_STATE_DIR": "/x"]) == "/x")
        #expect(LabelKey.stateDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/plane")
        #expect(LabelKey.stateDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/plane")
    }

    @Test("an unreadable secret file names the secret and path, never content")
    func missingSecret() throws {
        let dir = try UpFixture.copy("UpStack")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("secrets/media_api_key"))
        do {
            _ = try UpFixture.desired(try UpFixture.load(dir), profiles: ["medias"])
            Issue.record("a missing secret file was accepted")
        } catch let error as PlanError {
            #expect(error.code == .unreadableInput)
            #expect(error.description.contains("services.media: secret media_api_key: cannot read secrets/media_api_key"))
        }
    }
}

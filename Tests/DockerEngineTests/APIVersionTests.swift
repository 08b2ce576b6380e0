import Testing
@testable import DockerEngine

@Suite("API version negotiation")
struct APIVersionTests {
    @Test("parses and orders numerically")
    func ordering() {
        #expect(APIVersion("1.9")! < APIVersion("1.10")!)
        #expect(APIVersion("1.41") == APIVersion(1, 41))
        #expect(APIVersion("1") == nil)
        #expect(APIVersion("v1.41") == nil)
    }

    @Test("speaks min(server max, tested max)", arguments: [
        ("1.41", "1.12", "1.41"), ("1.45", "1.24", "1.45"), ("1.52", "1.44", "1.47"),
    ])
    func chosen(maximum: String, minimum: String, expected: String) throws {
        let version = try APIVersion.negotiate(serverMaximum: APIVersion(maximum)!, serverMinimum: APIVersion(minimum)!)
        #expect(version == APIVersion(expected)!)
    }

    @Test("refuses engines older than 1.41")
    func tooOld() {
        #expect(throws: EngineError.self) {
            try APIVersion.negotiate(serverMaximum: APIVersion(1, 40), serverMinimum: APIVersion(1, 12))
        }
    }

    @Test("refuses engines whose minimum is above what plane was tested with")
    func minimumTooNew() {
        do {
            _ = try APIVersion.negotiate(serverMaximum: APIVersion(1, 55), serverMinimum: APIVersion(1, 48))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .unsupportedVersion)
            #expect(error.description.contains("1.48"))
        }
    }

    @Test("feature gates")
    func features() {
        #expect(!EngineFeatures(apiVersion: APIVersion(1, 41)).supportsMultipleNetworksAtCreate)
        #expect(EngineFeatures(apiVersion: APIVersion(1, 44)).supportsMultipleNetworksAtCreate)
        #expect(!EngineFeatures(apiVersion: APIVersion(1, 41)).logsDeclareContentType)
        #expect(EngineFeatures(apiVersion: APIVersion(1, 42)).logsDeclareContentType)
    }
}

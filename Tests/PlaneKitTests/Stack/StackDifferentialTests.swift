import Foundation
import Testing
@testable import PlaneKit

/// The repo's own stack: docker compose accepts every profile, and plane prints the same model.
@Suite struct StackDifferentialTests {
    @Test(arguments: ["core", "dashboard", "medias", "apps", "automatisation", "monitoring", "*"])
    func planeAgreesWithComposeOnTheStack(profile: String) throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let reference = try ComposeOracle.run(oracle, arguments: ["--profile", profile, "config", "--format", "json"],
                                              in: StackFixture.prepared, environment: ["PATH": "/usr/bin:/bin"])
        #expect(reference.status == 0, "docker compose refused profile \(profile): \(reference.stderr)")
        let project = try StackFixture.load(profiles: [profile])
        let ours = try JSONSerialization.jsonObject(with: Data(JSONWriter.write(ProjectDocument.build(project, flavor: .json), style: .compose).utf8))
        let theirs = try JSONSerialization.jsonObject(with: reference.stdout)
        #expect(NSDictionary(dictionary: ours as! [String: Any]).isEqual(to: theirs as! [String: Any]))
    }

    @Test func yamlOutputReadsBackToTheSameModel() throws {
        let project = try StackFixture.load(profiles: ["*"])
        let yaml = YAMLWriter.write(ProjectDocument.build(project, flavor: .yaml))
        let reread = try YAMLDocumentParser.parse(yaml, file: "config.yaml")
        #expect(reread.count == 1)
        let again = JSONWriter.write(ProjectDocument.withoutExtensions(reread[0]))
        let direct = JSONWriter.write(ProjectDocument.withoutExtensions(ProjectDocument.build(project, flavor: .yaml)))
        #expect(again == direct)
    }
}

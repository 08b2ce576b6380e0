import Foundation
import DockerEngine
import Testing
@testable import PlaneKit

@Suite("Dependency conditions on inspected containers")
struct ConditionCheckTests {
    static func container(status: String, exit: Int = 0, health: String? = nil, healthcheck: Bool = true) -> Engine.ContainerInspect {
        var config = Engine.ContainerConfig()
        if healthcheck { config.healthcheck = Engine.HealthConfig(test: ["CMD", "true"]) }
        let json = """
            {"Id":"abc","Name":"/p-db-1","State":{"Status":"\(status)","ExitCode":\(exit)\(health.map { ",\"Health\":{\"Status\":\"\($0)\",\"FailingStreak\":3}" } ?? "")}}
            """
        var inspect = try! JSONDecoder().decode(Engine.ContainerInspect.self, from: Data(json.utf8))
        inspect.config = config
        return inspect
    }

    @Test func conditions() {
        #expect(ConditionCheck.evaluate(.started, Self.container(status: "running")) == .satisfied)
        #expect(ConditionCheck.evaluate(.started, Self.container(status: "created")) == .pending("p-db-1 is created"))
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "running", health: "healthy")) == .satisfied)
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "running", health: "starting")) == .pending("p-db-1 health: starting"))
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "running", health: "unhealthy")) == .failed("p-db-1 is unhealthy (3 failed checks in a row)"))
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "exited", exit: 2)) == .failed("p-db-1 exited with code 2"))
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "running", healthcheck: false)) == .failed("p-db-1 has no healthcheck, so it can never be healthy"))
        #expect(ConditionCheck.evaluate(.runningOrHealthy, Self.container(status: "running", healthcheck: false)) == .satisfied)
        #expect(ConditionCheck.evaluate(.completedSuccessfully, Self.container(status: "exited")) == .satisfied)
        #expect(ConditionCheck.evaluate(.completedSuccessfully, Self.container(status: "exited", exit: 1)) == .failed("p-db-1 exited with code 1"))
        #expect(ConditionCheck.evaluate(.completedSuccessfully, Self.container(status: "running")) == .pending("p-db-1 is running, waiting for it to complete"))
    }
}

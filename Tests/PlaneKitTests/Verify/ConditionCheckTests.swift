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
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "running", health: "unhealthy")) == .failed("p-db-1 is unhealthy: its healthcheck failed 3 times in a row"))
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "exited", exit: 2)) == .failed("p-db-1 exited with code 2"))
        #expect(ConditionCheck.evaluate(.healthy, Self.container(status: "running", healthcheck: false)) == .failed("p-db-1 has no healthcheck, so it can never be healthy"))
        #expect(ConditionCheck.evaluate(.runningOrHealthy, Self.container(status: "running", healthcheck: false)) == .satisfied)
        #expect(ConditionCheck.evaluate(.completedSuccessfully, Self.container(status: "exited")) == .satisfied)
        #expect(ConditionCheck.evaluate(.completedSuccessfully, Self.container(status: "exited", exit: 1)) == .failed("p-db-1 exited with code 1"))
        #expect(ConditionCheck.evaluate(.completedSuccessfully, Self.container(status: "running")) == .pending("p-db-1 is running, waiting for it to complete"))
    }

    static func inspect(_ json: String, healthcheck: Bool = false, restart: String? = nil) -> Engine.ContainerInspect {
        var inspect = try! JSONDecoder().decode(Engine.ContainerInspect.self, from: Data(json.utf8))
        var config = Engine.ContainerConfig()
        if healthcheck { config.healthcheck = Engine.HealthConfig(test: ["CMD", "true"]) }
        inspect.config = config
        if let restart {
            var host = Engine.HostConfig()
            host.restartPolicy = Engine.RestartPolicy(name: restart)
            inspect.hostConfig = host
        }
        return inspect
    }

    @Test("a replacement's proof: a restart loop, an exit, failed checks fail it; a completed one-shot and healthy pass")
    func replacementProof() {
        let loop = Self.inspect(#"{"Id":"n","Name":"/p-web-1","RestartCount":2,"State":{"Status":"running","ExitCode":1}}"#, restart: "unless-stopped")
        #expect(ReplacementProof.evaluate(loop, restartsBefore: 0)
            == .failed("p-web-1 is in a restart loop: it exited (last exit code 1) and was restarted 2 times while plane watched it"))
        let restarting = Self.inspect(#"{"Id":"n","Name":"/p-web-1","RestartCount":0,"State":{"Status":"restarting","ExitCode":1}}"#)
        if case .failed(let why) = ReplacementProof.evaluate(restarting, restartsBefore: 0) { #expect(why.contains("restart loop")) } else { Issue.record("restarting passed") }
        let exited = Self.inspect(#"{"Id":"n","Name":"/p-web-1","State":{"Status":"exited","ExitCode":1}}"#, restart: "no")
        #expect(ReplacementProof.evaluate(exited, restartsBefore: 0) == .failed("p-web-1 exited with code 1 right after it started"))
        let oneShot = Self.inspect(#"{"Id":"n","Name":"/p-init-1","State":{"Status":"exited","ExitCode":0}}"#, restart: "no")
        #expect(ReplacementProof.evaluate(oneShot, restartsBefore: 0) == .satisfied)
        let sick = Self.inspect(#"{"Id":"n","Name":"/p-web-1","State":{"Status":"running","Health":{"Status":"unhealthy","FailingStreak":0,"Log":[{"ExitCode":0},{"ExitCode":7},{"ExitCode":7}]}}}"#, healthcheck: true)
        #expect(ReplacementProof.evaluate(sick, restartsBefore: 0) == .failed("p-web-1 is unhealthy: its healthcheck failed 2 times (last exit code 7)"))
        let healthy = Self.inspect(#"{"Id":"n","Name":"/p-web-1","State":{"Status":"running","Health":{"Status":"healthy"}}}"#, healthcheck: true)
        #expect(ReplacementProof.evaluate(healthy, restartsBefore: 0) == .satisfied)
        let plain = Self.inspect(#"{"Id":"n","Name":"/p-web-1","State":{"Status":"running"}}"#)
        #expect(ReplacementProof.evaluate(plain, restartsBefore: 0) == .pending(""), "running without a healthcheck: the window decides")
    }
}

import Foundation
import Testing
@testable import PlaneKit

/// What requests through real Traefik 3.5.3 answered in each situation (scripts/health-capture-fixtures.sh:
/// routers of the file and docker providers, the doubles behind the stack's chains).
@Suite("Proxy answers named by what they mean")
struct HealthProxyAnswerTests {
    static func classify(_ name: String, forwardAuth: Bool = false) throws -> ProxyAnswer {
        let f = try HealthFixture.proxy(name)
        return ProxyAnswer.classify(status: f.status, headers: f.headers, body: f.body, hasForwardAuth: forwardAuth)
    }

    @Test("each captured failure is recognised")
    func captured() throws {
        #expect(try Self.classify("no-router") == .noRouter)
        #expect(try Self.classify("router-disabled") == .noRouter)
        #expect(try Self.classify("container-unhealthy") == .noRouter)
        #expect(try Self.classify("empty-service") == .noServer)
        #expect(try Self.classify("server-down") == .noServer)
        #expect(try Self.classify("backend-refused") == .badGateway)
        #expect(try Self.classify("auth-server-down", forwardAuth: true) == .authServerDown)
        #expect(try Self.classify("auth-server-down", forwardAuth: false) == .app(status: 500))
        // the outpost stopped, through the stack's chains: empty body without buffering, Go's status text with it
        #expect(try HealthFixture.proxy("outpost-down-stream-chain").body.isEmpty)
        #expect(try Self.classify("outpost-down-stream-chain", forwardAuth: true) == .authServerDown)
        #expect(String(decoding: try HealthFixture.proxy("outpost-down-buffered-chain").body, as: UTF8.self) == "Internal Server Error")
        #expect(try Self.classify("outpost-down-buffered-chain", forwardAuth: true) == .authServerDown)
        guard case .authRedirect(let location) = try Self.classify("auth-redirect", forwardAuth: true) else {
            Issue.record("expected a sign-in redirect"); return
        }
        #expect(location.hasPrefix("https://sonarr.health.test:PORT/outpost.goauthentik.io/start?rd="))
        // the web entrypoint redirects to websecure before any router of the stack is reached
        #expect(try Self.classify("docker-default-router") == .app(status: 301))
    }

    @Test("an app's own 404 or 500 with a body is the app's answer, not Traefik's")
    func appAnswers() {
        #expect(ProxyAnswer.classify(status: 404, headers: [:], body: Data("<html>not here</html>".utf8), hasForwardAuth: false) == .app(status: 404))
        #expect(ProxyAnswer.classify(status: 500, headers: [:], body: Data("oops".utf8), hasForwardAuth: true) == .app(status: 500))
        #expect(ProxyAnswer.classify(status: 504, headers: [:], body: Data("Gateway Timeout".utf8), hasForwardAuth: false) == .gatewayTimeout)
        #expect(ProxyAnswer.classify(status: 302, headers: ["Location": "/login"], body: Data(), hasForwardAuth: false) == .app(status: 302))
    }

    @Test("route verdicts: protected routes pass on sign-in, public ones on the app; Traefik's own errors fail by name")
    func verdicts() {
        #expect(RouteProbe.verdict(router: "sonarr@docker", service: "sonarr", answer: .authRedirect(location: "x"), protected: true).status == .pass)
        #expect(RouteProbe.verdict(router: "sonarr@docker", service: "sonarr", answer: .app(status: 200), protected: true).cause
                == "a protected route reached the app without authentication")
        #expect(RouteProbe.verdict(router: "hook@docker", service: "n8n", answer: .app(status: 200), protected: false).status == .pass)
        #expect(RouteProbe.verdict(router: "hook@docker", service: "n8n", answer: .app(status: 502), protected: false).status == .fail)
        let down = RouteProbe.verdict(router: "sonarr@docker", service: "sonarr", answer: .authServerDown, protected: true)
        #expect(down.status == .fail)
        #expect(down.cause == "500: the forward-auth server is unreachable")
        #expect(RouteProbe.verdict(router: "r", service: nil, answer: .noServer, protected: false).cause == "503: no available server")
        #expect(RouteProbe.verdict(router: "r", service: nil, answer: .forbidden, protected: false).cause.contains("failing closed"))
    }
}

import DockerEngine

/// Traefik's view of one container, for a start-first replacement (docs/UPGRADE.md, "start-first"):
/// is its address a server of its router's service, and does a request through the entrypoint get
/// an answer; has Traefik handed over from the old container to the new one. PlaneKit holds no HTTP: HealthProbe's
/// `TraefikRoutes` implements it over Traefik's API (`x-plane.health.traefik`).
public protocol RouteWatching: Sendable {
    /// Waits, at most `timeout`, until Traefik lists `container`'s address as an UP server of the
    /// service its labels route to and a request through the entrypoint is answered (not 404, not 5xx).
    func waitRouted(service: String, container: Engine.ContainerInspect, timeout: Duration) async -> RouteWait
    /// Waits, at most `timeout`, until one reading of Traefik's API lists `old`'s address in no service
    /// and `new`'s as an UP server of its router's service: a router that vanished (both left out) is
    /// not a handover.
    func waitHandedOver(service: String, from old: Engine.ContainerInspect, to new: Engine.ContainerInspect, timeout: Duration) async -> RouteWait
}

public enum RouteWait: Sendable, Equatable {
    /// It holds; the evidence ("http://10.0.0.5:80 UP in app@docker, GET / Host app.example: 200").
    case holds(String)
    /// Nothing to wait for: no Traefik router for the service, or no address Traefik would use (why).
    case notRouted(String)
    /// It did not hold within the time (why).
    case failed(String)
}

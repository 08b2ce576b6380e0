/// A registry that refused a pull or a distribution inspect for want of a login: the engine
/// forwards the registry's words ("no basic auth credentials", "unauthorized: authentication
/// required", "pull access denied ... may require 'docker login'"), with a 401, a
/// 404, a 500 or inside the pull's 200 stream depending on where it failed. Whatever the status,
/// the person needs to know which registry and that `docker login` is the fix (plane reads the
/// login the docker CLI writes).
enum RegistryRefusal {
    /// What the engine says when a registry wants a login it did not get, or refused the one it got.
    static let phrases = [
        "no basic auth credentials", "unauthorized", "authentication required", "pull access denied",
        "requested access to the resource is denied",
    ]

    static func isRefusal(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return phrases.contains { lowered.contains($0) }
    }

    /// `error` with a hint naming `registry` and `docker login` when it is a registry's refusal;
    /// other errors unchanged.
    static func explained(_ error: EngineError, registry: String, sentLogin: Bool) -> EngineError {
        guard isRefusal(error.message) else { return error }
        var explained = error
        let login = registry == "docker.io" ? "`docker login` (Docker Hub)" : "`docker login \(registry)`"
        explained.hint = sentLogin
            ? "the registry \(registry) refused the login plane sent (from the docker CLI's config): \(login) again, "
                + "and check that this account may pull the repository and that the image name is right"
            : "the registry \(registry) wants a login and plane found none for it: \(login) (plane reads the docker CLI's "
                + "logins: $DOCKER_CONFIG/config.json, else ~/.docker/config.json, and its credential helpers), or check the image name"
        return explained
    }
}

import HTTPTransport

/// The Docker Engine API, spoken directly over HTTP (unix socket, TCP, BasicAuth, TLS) through the
/// HTTPTransport target (libcurl).
///
/// `Engine.Client` is the entry point: `Engine.Client.connect(_:)` negotiates an API version and
/// every endpoint is an extension in `Endpoints/`, commented with the route it maps to. Wire types
/// live in `Types/` and keep the Engine's own JSON keys. Every failure is an `EngineError`.
public enum Engine {
    /// Starts loading the HTTP library in the background (see `CurlLibrary.loadInBackground`): a
    /// command that will talk to the engine calls this first, before loading its project.
    public static func prepareTransport() {
        CurlLibrary.loadInBackground()
    }

    /// Before the process exits: waits for a load `prepareTransport` started (see
    /// `CurlLibrary.waitForBackgroundLoad`).
    public static func settleTransport() {
        CurlLibrary.waitForBackgroundLoad()
    }
}

// The HTTP pieces the Engine API's own signatures use, from the HTTPTransport target.
public typealias BasicAuth = HTTPTransport.BasicAuth
public typealias TLSOptions = HTTPTransport.TLSOptions
public typealias RequestRecord = HTTPTransport.RequestRecord
public typealias HTTPHeaders = HTTPTransport.HTTPHeaders

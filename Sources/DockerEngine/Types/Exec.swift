extension Engine {
    /// The body of `POST /containers/{id}/exec`.
    public struct ExecCreateRequest: Codable, Sendable, Equatable {
        public var cmd: [String]
        public var attachStdin: Bool
        public var attachStdout: Bool
        public var attachStderr: Bool
        public var tty: Bool
        public var user: String?
        public var workingDir: String?
        /// `KEY=value` entries (values are the caller's: never logged by the client).
        public var env: [String]?
        public var privileged: Bool?

        public init(cmd: [String], attachStdin: Bool = false, attachStdout: Bool = true, attachStderr: Bool = true, tty: Bool = false,
                    user: String? = nil, workingDir: String? = nil, env: [String]? = nil, privileged: Bool? = nil) {
            self.cmd = cmd
            self.attachStdin = attachStdin
            self.attachStdout = attachStdout
            self.attachStderr = attachStderr
            self.tty = tty
            self.user = user
            self.workingDir = workingDir
            self.env = env
            self.privileged = privileged
        }

        enum CodingKeys: String, CodingKey {
            case cmd = "Cmd", attachStdin = "AttachStdin", attachStdout = "AttachStdout", attachStderr = "AttachStderr", tty = "Tty"
            case user = "User", workingDir = "WorkingDir", env = "Env", privileged = "Privileged"
        }
    }

    /// The body of `POST /exec/{id}/start`.
    struct ExecStartRequest: Encodable {
        var detach: Bool
        var tty: Bool
        /// `[height, width]` of the TTY (API 1.42+).
        var consoleSize: [Int]?
        enum CodingKeys: String, CodingKey { case detach = "Detach", tty = "Tty", consoleSize = "ConsoleSize" }
    }

    /// `{"Id": ...}`
    public struct ExecCreateResponse: Codable, Sendable, Equatable {
        public var id: String
        enum CodingKeys: String, CodingKey { case id = "Id" }
    }

    /// `GET /exec/{id}/json` (the fields plane reads).
    public struct ExecInspect: Codable, Sendable, Equatable {
        public var running: Bool?
        public var exitCode: Int?
        enum CodingKeys: String, CodingKey { case running = "Running", exitCode = "ExitCode" }
    }
}

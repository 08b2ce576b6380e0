#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Engine {
    /// Which stream a log chunk came from. `console` is a TTY container's single stream.
    public enum LogStream: UInt8, Sendable, Equatable {
        case stdin = 0, stdout = 1, stderr = 2
        case console = 255
    }

    /// One demultiplexed chunk of `GET /containers/{id}/logs` (a frame, not necessarily a line).
    public struct LogFrame: Sendable, Equatable {
        public var stream: LogStream
        public var payload: Data

        public init(stream: LogStream, payload: Data) {
            self.stream = stream
            self.payload = payload
        }

        /// The payload as UTF-8 (invalid bytes replaced).
        public var text: String { String(decoding: payload, as: UTF8.self) }
    }

    /// Query options of `GET /containers/{id}/logs`.
    public struct LogOptions: Sendable, Equatable {
        public var stdout: Bool
        public var stderr: Bool
        public var timestamps: Bool
        /// Last N lines; nil for all.
        public var tail: Int?
        /// Unix timestamp (seconds, may have a fraction) or RFC 3339 time.
        public var since: String?
        /// Whether the container was created with `Tty: true`; nil lets the client find out.
        public var tty: Bool?

        public init(stdout: Bool = true, stderr: Bool = true, timestamps: Bool = false, tail: Int? = nil, since: String? = nil, tty: Bool? = nil) {
            self.stdout = stdout
            self.stderr = stderr
            self.timestamps = timestamps
            self.tail = tail
            self.since = since
            self.tty = tty
        }
    }
}

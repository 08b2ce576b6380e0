extension Engine {
    /// `GET /images/{name}/json` (the fields plane reads).
    public struct ImageInspect: Codable, Sendable, Equatable {
        /// The image id, `sha256:...`.
        public var id: String
        public var repoTags: [String]?
        /// `repo@sha256:...` for images that came from (or went to) a registry; empty for imports.
        public var repoDigests: [String]?
        public var created: String?
        public var size: Int64?
        public var architecture: String?
        public var os: String?
        public var config: ContainerConfig?

        enum CodingKeys: String, CodingKey {
            case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests", created = "Created", size = "Size"
            case architecture = "Architecture", os = "Os", config = "Config"
        }
    }

    /// `GET /distribution/{name}/json`: the registry's descriptor of the manifest (or index) a
    /// reference names now, and the platforms it has.
    public struct DistributionInspect: Codable, Sendable, Equatable {
        public struct Descriptor: Codable, Sendable, Equatable {
            public var mediaType: String?
            /// `sha256:...`: what `RepoDigests` of a pulled image holds after `repo@`.
            public var digest: String
            public var size: Int64?
        }
        public var descriptor: Descriptor

        public init(digest: String, mediaType: String? = nil) {
            descriptor = Descriptor(mediaType: mediaType, digest: digest, size: nil)
        }

        enum CodingKeys: String, CodingKey { case descriptor = "Descriptor" }
    }

    /// One entry of `DELETE /images/{name}`.
    public struct ImageDeleteItem: Codable, Sendable, Equatable {
        public var untagged: String?
        public var deleted: String?

        enum CodingKeys: String, CodingKey { case untagged = "Untagged", deleted = "Deleted" }
    }

    /// An image reference split the way `POST /images/create` wants it: `fromImage` and `tag`,
    /// where the tag may be a digest. A reference without tag or digest means `latest`.
    public struct ImageReference: Sendable, Equatable, CustomStringConvertible {
        /// Registry host (if any) and repository path: `127.0.0.1:5000/team/app`.
        public var repository: String
        /// A tag (`1.2`) or a digest (`sha256:...`).
        public var tag: String

        public var isDigest: Bool { tag.contains(":") }

        public init(repository: String, tag: String) {
            self.repository = repository
            self.tag = tag
        }

        public init(parsing text: String) {
            if let at = text.firstIndex(of: "@") {
                repository = String(text[..<at])
                tag = String(text[text.index(after: at)...])
                return
            }
            // A ":" after the last "/" separates the tag; one before it is a registry port.
            let lastSlash = text.lastIndex(of: "/")
            if let colon = text.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
                repository = String(text[..<colon])
                tag = String(text[text.index(after: colon)...])
            } else {
                repository = text
                tag = "latest"
            }
        }

        public var description: String { repository + (isDigest ? "@" : ":") + tag }
    }

    /// One line of the `POST /images/create` progress stream.
    public struct PullProgress: Codable, Sendable, Equatable {
        public var status: String?
        /// The layer id the line is about, when it is about one.
        public var id: String?
        public var progress: String?
        public var progressDetail: ProgressDetail?
        public var errorDetail: ErrorDetail?
        public var error: String?

        public struct ProgressDetail: Codable, Sendable, Equatable {
            public var current: Int64?
            public var total: Int64?
        }

        public struct ErrorDetail: Codable, Sendable, Equatable {
            public var code: Int?
            public var message: String?
        }
    }

    /// What a finished pull reported.
    public struct PullResult: Sendable, Equatable {
        /// From the `Digest: sha256:...` line, when the registry sent one.
        public var digest: String?
        /// The final status line (`Status: Downloaded newer image for ...` / `... Image is up to date ...`).
        public var status: String?
    }
}

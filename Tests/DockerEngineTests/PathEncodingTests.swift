import Testing
@testable import DockerEngine

@Suite("Paths and request records")
struct PathEncodingTests {
    @Test("image references keep / : @ (the stack's socket-proxy refuses percent-encoded paths)")
    func imagePaths() {
        #expect(PercentEncoding.image("local/busybox:1") == "local/busybox:1")
        #expect(PercentEncoding.image("127.0.0.1:5000/team/app@sha256:abc") == "127.0.0.1:5000/team/app@sha256:abc")
        #expect(PercentEncoding.image("bad name") == "bad%20name")
        #expect(PercentEncoding.segment("a/b:c") == "a%2Fb%3Ac")
        #expect(PercentEncoding.encode("a/b", keepSlash: true) == "a/b")
    }

    @Test("a request record says whether it may write, and never carries more than method, path and status")
    func records() {
        #expect(!RequestRecord(method: "GET", path: "/v1.41/containers/json", status: 200).isWrite)
        #expect(!RequestRecord(method: "HEAD", path: "/_ping", status: 200).isWrite)
        #expect(RequestRecord(method: "POST", path: "/v1.41/containers/x/start", status: 204).isWrite)
        #expect(RequestRecord(method: "DELETE", path: "/v1.41/volumes/v", status: nil).description == "DELETE /v1.41/volumes/v -> no answer")
    }
}

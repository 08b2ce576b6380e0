#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key of the digests plane writes into container labels (`dev.plane.*`).
///
/// Labels are readable by anyone with read access to the Engine API (dashboards and Traefik through
/// the read-only socket-proxy listener). A plain hash of a secret file there would let them test
/// guesses offline, so every digest of a secret, config or env file is an HMAC under this key,
/// which lives only on the machine that deploys: `$PLANE_STATE_DIR/label-key`, else
/// `$XDG_STATE_HOME/plane/label-key`, else `~/.local/state/plane/label-key` (32 random bytes,
/// mode 0600, created on first use). Losing it means one recreate of every service, named as such.
public struct LabelKey: Sendable {
    private let secret: [UInt8]
    /// A short public fingerprint of the key, stored in `dev.plane.label-key`.
    public let id: String

    public init(bytes: [UInt8]) {
        secret = bytes
        var hasher = SHA256()
        hasher.update(Array("plane label key id\n".utf8) + bytes)
        id = String(HMAC.hex(hasher.finalize()).prefix(12))
    }

    /// The folder plane keeps its machine-local state in.
    public static func stateDirectory(environment: [String: String]) -> String {
        if let dir = environment["PLANE_STATE_DIR"], !dir.isEmpty { return dir }
        if let dir = environment["XDG_STATE_HOME"], !dir.isEmpty { return PathRules.join(dir, "plane") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/root"
        return PathRules.join(home, ".local/state/plane")
    }

    /// Reads the key, creating it (and its folder) when there is none yet.
    public static func loadOrCreate(in directory: String) throws(PlanError) -> LabelKey {
        let path = PathRules.join(directory, "label-key")
        for attempt in 0..<20 {
            do {
                let bytes = try FileSystem.readBytes(path)
                if bytes.count < 16 && attempt < 19 {
                    // Another plane may be writing it this instant (two first runs at once): read again.
                    usleep(10_000)
                    continue
                }
                guard bytes.count >= 16 else {
                    throw PlanError(.labelKey, "plane's label key \(path) is too short (\(bytes.count) bytes)",
                                    hint: "remove it: plane makes a new one (every service is then recreated once)")
                }
                return LabelKey(bytes: bytes)
            } catch let failure as FileSystem.ReadFailure where failure.missing {
                guard FileSystem.makeDirectories(directory) else {
                    throw PlanError(.labelKey, "cannot create plane's state folder \(directory)",
                                    hint: "set PLANE_STATE_DIR to a writable folder")
                }
                var generator = SystemRandomNumberGenerator()
                let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                do {
                    try FileSystem.createPrivateFile(path, bytes: bytes)
                    return LabelKey(bytes: bytes)
                } catch {
                    continue  // another plane created it first: read theirs
                }
            } catch let failure as FileSystem.ReadFailure {
                throw PlanError(.labelKey, "cannot read plane's label key \(path): \(failure.reason)",
                                hint: "set PLANE_STATE_DIR to a folder this user can read and write")
            } catch let error as PlanError {
                throw error
            } catch {
                throw PlanError(.labelKey, "cannot read plane's label key \(path)")
            }
        }
        throw PlanError(.labelKey, "cannot create plane's label key \(path)", hint: "set PLANE_STATE_DIR to a writable folder")
    }

    /// HMAC-SHA256 of `message` under the key, as hex.
    public func digest(_ message: [UInt8]) -> String {
        HMAC.hex(HMAC.sha256(key: secret, message: message))
    }
}

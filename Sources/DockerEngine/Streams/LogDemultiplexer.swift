#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes the Engine's multiplexed log stream (containers without a TTY): frames of an 8-byte
/// header — stream id (0 stdin, 1 stdout, 2 stderr), three zero bytes, big-endian UInt32 length —
/// followed by the payload. Frames may be split anywhere across chunks.
struct LogDemultiplexer {
    enum Failure: Error, Equatable {
        /// A header whose stream byte is not 0, 1 or 2: the stream is not multiplexed (a TTY
        /// container read as if it had none) or it is corrupt.
        case invalidHeader(offset: Int)
    }

    private var pending = Data()
    private var consumed = 0

    mutating func feed(_ chunk: Data) throws(Failure) -> [Engine.LogFrame] {
        pending.append(chunk)
        var frames: [Engine.LogFrame] = []
        var cursor = pending.startIndex
        while pending.endIndex - cursor >= 8 {
            let streamByte = pending[cursor]
            guard let stream = Engine.LogStream(rawValue: streamByte), stream != .console else {
                throw .invalidHeader(offset: consumed + (cursor - pending.startIndex))
            }
            let length = pending[(cursor + 4)..<(cursor + 8)].reduce(0) { ($0 << 8) | Int($1) }
            guard pending.endIndex - cursor - 8 >= length else { break }
            let start = cursor + 8
            frames.append(Engine.LogFrame(stream: stream, payload: Data(pending[start..<(start + length)])))
            cursor = start + length
        }
        consumed += cursor - pending.startIndex
        pending = Data(pending[cursor...])
        return frames
    }

    /// The frames of a whole body, or nil when it is not exactly a sequence of well-formed frames:
    /// each header a stream byte of 0, 1 or 2 then three zero bytes, each length within the body,
    /// the last frame ending at the body's end. (`feed` is lenient on the three bytes, as the engine
    /// never sets them; this stricter form tells a multiplexed body from raw TTY output.)
    static func wholeFrames(of body: Data) -> [Engine.LogFrame]? {
        var frames: [Engine.LogFrame] = []
        var cursor = body.startIndex
        while cursor < body.endIndex {
            guard body.endIndex - cursor >= 8, let stream = Engine.LogStream(rawValue: body[cursor]), stream != .console,
                  body[cursor + 1] == 0, body[cursor + 2] == 0, body[cursor + 3] == 0
            else { return nil }
            let length = body[(cursor + 4)..<(cursor + 8)].reduce(0) { ($0 << 8) | Int($1) }
            let start = cursor + 8
            guard body.endIndex - start >= length else { return nil }
            frames.append(Engine.LogFrame(stream: stream, payload: Data(body[start..<(start + length)])))
            cursor = start + length
        }
        return frames
    }

    /// Bytes of an incomplete frame left when the stream ended (0 for a clean end).
    var leftoverByteCount: Int { pending.count }
}

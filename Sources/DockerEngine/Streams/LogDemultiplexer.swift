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

    /// Bytes of an incomplete frame left when the stream ended (0 for a clean end).
    var leftoverByteCount: Int { pending.count }
}

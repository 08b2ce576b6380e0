#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Splits a newline-delimited stream (pull progress, events) into lines, whatever the chunking.
struct LineSplitter {
    private var pending = Data()

    /// Complete lines in `chunk` (without their "\n"; empty lines dropped).
    mutating func feed(_ chunk: Data) -> [Data] {
        pending.append(chunk)
        var lines: [Data] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = pending[pending.startIndex..<newline]
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { lines.append(Data(line)) }
            pending = Data(pending[pending.index(after: newline)...])
        }
        return lines
    }

    /// What is left when the stream ends (a last line without "\n").
    mutating func finish() -> Data? {
        defer { pending = Data() }
        return pending.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) ? nil : pending
    }
}

import PlaneKit
#if canImport(Glibc)
import Glibc
#endif

/// Prints load errors and warnings to stderr, with colour only on a terminal and without NO_COLOR.
enum ErrorReporter {
    static var useColor: Bool { colorAllowed(on: 2) }

    /// Colour on a terminal only, never with NO_COLOR set or TERM=dumb.
    static func colorAllowed(on descriptor: Int32) -> Bool {
        isatty(descriptor) == 1 && (Environment.current["NO_COLOR"] ?? "").isEmpty && Environment.current["TERM"] != "dumb"
    }

    enum Label: String {
        case error = "31", warning = "33", note = "36"
    }

    /// `error`, `warning` or `note`, coloured when stderr allows it.
    static func label(_ label: Label) -> String {
        useColor ? "\u{1B}[\(label.rawValue)m\(label)\u{1B}[0m" : "\(label)"
    }

    static func report(_ error: LoadError) {
        writeStderr("\(label(.error))[\(error.code.rawValue)]: \(error.description)\n")
        emit(ErrorEvent(code: error.code.rawValue, message: error.description, location: error.location))
    }

    static func warn(_ warning: LoadWarning) {
        writeStderr("\(label(.warning)): \(warning.description)\n")
    }

    static func writeStderr(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func writeStdout(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }
}

extension ErrorReporter {
    /// Bytes as they came (a command's output through `plane exec`), to stdout.
    static func writeStdoutBytes(_ data: some Collection<UInt8>) { writeAll(1, Array(data)) }
    static func writeStderrBytes(_ data: some Collection<UInt8>) { writeAll(2, Array(data)) }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }
}

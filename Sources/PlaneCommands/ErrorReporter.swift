import PlaneKit
#if canImport(Glibc)
import Glibc
#endif

/// Prints load errors and warnings to stderr, with colour only on a terminal and without NO_COLOR.
enum ErrorReporter {
    static var useColor: Bool {
        isatty(2) == 1 && Environment.current["NO_COLOR"].map(\.isEmpty) ?? true && Environment.current["TERM"] != "dumb"
    }

    static func report(_ error: LoadError) {
        let label = useColor ? "\u{1B}[31merror\u{1B}[0m" : "error"
        writeStderr("\(label)[\(error.code.rawValue)]: \(error.description)\n")
    }

    static func warn(_ warning: LoadWarning) {
        let label = useColor ? "\u{1B}[33mwarning\u{1B}[0m" : "warning"
        writeStderr("\(label): \(warning.description)\n")
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

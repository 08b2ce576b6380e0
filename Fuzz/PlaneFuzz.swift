// libFuzzer harness for plane's three text parsers, compiled with the PlaneKit sources into one
// module by scripts/fuzz.sh (not a SwiftPM target: the package build stays uninstrumented).
// PLANE_FUZZ_TARGET selects the parser: yaml (YAMLDocumentParser, then the schema check and
// interpolation of what it returns), dotenv (DotenvParser, both dialects) or interpolation
// (TemplateSubstitution). A crash, a trap, a timeout or the RSS limit is a finding; a thrown
// LoadError is the expected answer to bad input.

#if canImport(Glibc)
import Glibc
#endif

enum FuzzTarget {
    case yaml, dotenv, interpolation

    static let current: FuzzTarget = {
        switch getenv("PLANE_FUZZ_TARGET").map({ String(cString: $0) }) {
        case "dotenv": return .dotenv
        case "interpolation": return .interpolation
        default: return .yaml
        }
    }()
}

private let variables: [String: String] = ["A": "1", "B": "", "HOME": "/root", "LONG": String(repeating: "x", count: 300)]

@_cdecl("LLVMFuzzerTestOneInput")
public func planeFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch FuzzTarget.current {
    case .yaml:
        // The loader refuses bytes that are not UTF-8 before parsing (FileSystem.readUTF8).
        guard FileSystem.firstInvalidUTF8(bytes) == nil else { return 0 }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let documents = try? YAMLDocumentParser.parse(text, file: "fuzz.yaml") else { return 0 }
        for document in documents {
            guard let mapping = document.mapping else { continue }
            _ = try? Schema.validateTopLevel(mapping)
            _ = try? Interpolator(lookup: { variables[$0] }).interpolate(node: document)
        }
    case .dotenv:
        var warnings: [InterpolationWarning] = []
        _ = try? DotenvParser.parse(bytes: bytes, file: "fuzz.env", raw: false, lookup: { variables[$0] }, warnings: &warnings)
        _ = try? DotenvParser.parse(bytes: bytes, file: "fuzz.env", raw: true, lookup: { variables[$0] }, warnings: &warnings)
        _ = DotenvScan(bytes: bytes, file: "fuzz.env")
    case .interpolation:
        var unset: [String] = []
        _ = try? TemplateSubstitution.substitute(String(decoding: bytes, as: UTF8.self), lookup: { variables[$0] }, unset: &unset)
    }
    return 0
}

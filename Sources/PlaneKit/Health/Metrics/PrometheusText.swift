import Foundation

/// One sample of the Prometheus text exposition format (0.0.4): what Alloy's and Prometheus' `/metrics`
/// serve. Timestamps are ignored; `NaN`, `+Inf`, `-Inf` are read.
public struct MetricSample: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var value: Double

    public init(name: String, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

public enum PrometheusText {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Every sample, in order; `# HELP`/`# TYPE` and blank lines are skipped.
    public static func parse(_ text: String) throws(ParseError) -> [MetricSample] {
        var samples: [MetricSample] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            samples.append(try sample(Substring(line), line: number))
        }
        return samples
    }

    private static func sample(_ line: Substring, line number: Int) throws(ParseError) -> MetricSample {
        var rest = line
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " || $0 == "\t" } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard !name.isEmpty else { throw ParseError(line: number, reason: "no metric name") }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while true {
                rest = rest.drop { $0 == " " || $0 == "," }
                if rest.first == "}" { rest = rest.dropFirst(); break }
                guard let eq = rest.firstIndex(of: "=") else { throw ParseError(line: number, reason: "label without =") }
                let key = rest[..<eq].trimmingCharacters(in: .whitespaces)
                rest = rest[rest.index(after: eq)...]
                guard rest.first == "\"" else { throw ParseError(line: number, reason: "label value not quoted") }
                rest = rest.dropFirst()
                var value = ""
                var closed = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if c == "\\", let next = rest.first {
                        rest = rest.dropFirst()
                        value.append(next == "n" ? "\n" : next)
                    } else if c == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { throw ParseError(line: number, reason: "unterminated label value") }
                labels[key] = value
            }
        }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = fields.first, let value = parseValue(String(first)) else {
            throw ParseError(line: number, reason: "no value")
        }
        return MetricSample(name: name, labels: labels, value: value)
    }

    private static func parseValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Engine {
    /// The `filters` query parameter: a JSON object of string lists,
    /// e.g. `{"label":["com.example.project=web"],"status":["running"]}`.
    public struct Filters: Sendable, Equatable, ExpressibleByDictionaryLiteral {
        public var values: [String: [String]]

        public init(_ values: [String: [String]] = [:]) { self.values = values }

        public init(dictionaryLiteral elements: (String, [String])...) {
            values = [:]
            for (key, list) in elements { values[key, default: []] += list }
        }

        /// Containers/networks/volumes carrying `key` (any value) or `key=value`.
        public static func label(_ key: String, _ value: String? = nil) -> Filters {
            Filters(["label": [value.map { "\(key)=\($0)" } ?? key]])
        }

        public mutating func add(_ key: String, _ value: String) {
            values[key, default: []].append(value)
        }

        public func adding(_ key: String, _ value: String) -> Filters {
            var copy = self
            copy.add(key, value)
            return copy
        }

        public var isEmpty: Bool { values.isEmpty }

        /// The query value, or nil when there is nothing to filter.
        var queryValue: String? {
            guard !values.isEmpty else { return nil }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            // [String: [String]] always encodes.
            return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

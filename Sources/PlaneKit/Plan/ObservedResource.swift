/// A network or volume as the engine has it: enough to tell whether it exists and who made it.
public struct ObservedResource: Sendable, Equatable {
    public var name: String
    public var id: String
    public var labels: [String: String]

    public init(name: String, id: String? = nil, labels: [String: String] = [:]) {
        self.name = name
        self.id = id ?? name
        self.labels = labels
    }

    /// Made by this project (compose or plane): carries its project label.
    public func belongs(to project: String) -> Bool { labels[ComposeLabel.project] == project }
}

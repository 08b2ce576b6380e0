/// A test could not set up what it needs (a daemon, a tool, a file).
struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

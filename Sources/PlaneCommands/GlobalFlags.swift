/// docker compose takes its project flags before the subcommand (`docker compose -f x.yaml --profile
/// p config`); plane accepts them there too by moving them after the subcommand name.
enum GlobalFlags {
    static let withValue: Set<String> = ["-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile"]

    static let withoutValue: Set<String> = ["--all-resources", "--compatibility"]

    static func reorder(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if withValue.contains(arg), i + 1 < arguments.count {
                leading += [arg, arguments[i + 1]]
                i += 2
            } else if withoutValue.contains(arg) {
                leading.append(arg)
                i += 1
            } else if let eq = arg.firstIndex(of: "="), withValue.contains(String(arg[..<eq])) {
                leading.append(arg)
                i += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty, i < arguments.count else { return arguments }
        return [arguments[i]] + leading + arguments[(i + 1)...]
    }
}

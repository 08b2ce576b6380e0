/// docker compose takes its project flags before the subcommand (`docker compose -f x.yaml --profile
/// p config`); plane accepts them there too by moving them after the subcommand name.
enum GlobalFlags {
    /// Commands whose subcommands take the project flags.
    static let groups: Set<String> = ["timer"]
    static let withValue: Set<String> = ["-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile"]

    /// docker's `-H/--host` before the subcommand: moved after it for the commands that reach the
    /// engine; the others (config, lint, history, completions) never do, so it is dropped for them.
    static let hostFlags: Set<String> = ["-H", "--host"]
    static let offlineCommands: Set<String> = ["config", "lint", "history", "help"]
    static let withoutValue: Set<String> = ["--all-resources", "--compatibility"]

    static func reorder(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var host: [String] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if hostFlags.contains(arg), i + 1 < arguments.count {
                host += [arg, arguments[i + 1]]
                i += 2
            } else if let eq = arg.firstIndex(of: "="), hostFlags.contains(String(arg[..<eq])) {
                host.append(arg)
                i += 1
            } else if withValue.contains(arg), i + 1 < arguments.count {
                // Spelled out: after `logs`, `-f` means --follow (compose's meaning there).
                leading += [arg == "-f" ? "--file" : arg, arguments[i + 1]]
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
        guard !(leading.isEmpty && host.isEmpty), i < arguments.count else { return arguments }
        if offlineCommands.contains(arguments[i]) { host = [] }
        // A command group (`plane -p x timer install`): the flags belong to its subcommand.
        if groups.contains(arguments[i]), i + 1 < arguments.count, !arguments[i + 1].hasPrefix("-") {
            return [arguments[i], arguments[i + 1]] + leading + host + arguments[(i + 2)...]
        }
        return [arguments[i]] + leading + host + arguments[(i + 1)...]
    }
}

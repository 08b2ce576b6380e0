import ArgumentParser

/// What `plane stop` and `plane restart` take besides the project and engine flags: the services
/// and `-t/--timeout` (0 or more; `down -t` also takes a negative one, as compose does: not yet here).
struct LifecycleArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("Only these services.", valueName: "service"), completion: .custom(Completion.services))
    var services: [String] = []
    @Option(name: [.customShort("t"), .customLong("timeout")], parsing: .unconditional,
            help: "Seconds to wait for each container to stop before it is killed (default: its stop_grace_period).")
    var timeout: Int?

    func validate() throws { try LifecycleRun.validate(timeout: timeout) }
}

import ArgumentParser

/// What `plane stop` and `plane restart` take besides the project and engine flags: the services
/// and `-t/--timeout` (a negative one waits as long as the container takes, as compose and `down -t` do).
struct LifecycleArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("Only these services.", valueName: "service"), completion: .custom(Completion.services))
    var services: [String] = []
    @Option(name: [.customShort("t"), .customLong("timeout")], parsing: .unconditional,
            help: "Seconds to wait for each container to stop before it is killed (default: its stop_grace_period; negative: wait as long as it takes, as the Engine does).")
    var timeout: Int?
}

import PlaneCommands

await PlaneCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))

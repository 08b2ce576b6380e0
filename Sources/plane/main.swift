import PlaneCommands

PlaneCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))

import PlaneCommands

await PlaneCommand.main()

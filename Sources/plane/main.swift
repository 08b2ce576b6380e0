import PlaneCommands

PlaneCommand.main()

from rustdock.commands.entry import main

main()

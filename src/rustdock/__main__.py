from rustdock.entry import main

main()

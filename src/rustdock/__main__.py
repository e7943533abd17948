from rustdock.cli import main

main()

"""`python -m rustdock`: the same as the `rustdock` command."""

from rustdock.commands.entry import main

main()

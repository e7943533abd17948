"""The one error type rustdock's core raises; the CLI turns it into one line and an exit code."""


class RustdockError(Exception):
    """Bad input or a refused operation. The CLI prints it and exits with `exit_code`."""

    exit_code = 2

"""The one error type rustdock's core raises; the CLI turns it into one line and an exit code."""

import re

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """`text` as one line: control characters (a newline in a key or file name) written as escapes."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class RustdockError(Exception):
    """Bad input or a refused operation. The CLI prints it and exits with `exit_code`.

    The message is always one line, whatever the input it quotes.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))

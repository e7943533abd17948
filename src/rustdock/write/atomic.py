"""Replace a file in one step: a reader sees the old file or the new one, never half of it.

Shared by files.py (the generated files) and manifest.py (Cargo.toml), so neither imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from rustdock.errors import RustdockError


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` in one step: readers see the old file or the new one, never half of it."""
    import tempfile  # only writers need it; `check` should start fast

    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise RustdockError(f"{path}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise RustdockError(f"{path}: cannot write: {e.strerror or e}") from None
        raise

#!/usr/bin/env python3
"""The documented entry point of scripts/natives_debian: `python3 scripts/natives-debian.py --help`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from natives_debian.__main__ import main  # noqa: E402  (the package lives beside this file)

if __name__ == "__main__":
    sys.exit(main())

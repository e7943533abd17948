"""An environment variable a stage sets, with the reason it is there: the record system.py, rust.py
and the plan share, so that no decision module imports another for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EnvVar:
    name: str
    value: str
    reason: str

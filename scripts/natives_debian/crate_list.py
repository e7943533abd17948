"""Read scripts/natives-crates.txt: the crates to read, each with the hints a reader of its build script added."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ("bundled", "no-row")
LISTS = ("pkg-config", "lib", "tools")


@dataclass(frozen=True)
class Hint:
    """What a person read in a crate's build script or README that reading its files cannot follow."""

    pkg_config: tuple[str, ...] = ()  # modules its build script probes under a name it computes
    libs: tuple[str, ...] = ()  # -l names it links under a name it computes
    tools: tuple[str, ...] | None = None  # the tools its default build runs, instead of those the reading found
    bundled: bool = False  # its default build compiles its own copy: no library and no runtime from the system
    no_row: bool = False  # what it needs hangs on a feature without a default: the user's setting must say
    reason: str = field(default="", compare=False)  # where the fact comes from

    def __bool__(self) -> bool:
        return self != Hint()

    def summary(self) -> str:
        """The hint as the source column says it: what it adds, then why."""
        said = [f"pkg-config {', '.join(self.pkg_config)}"] if self.pkg_config else []
        said += [f"links {', '.join(self.libs)}"] if self.libs else []
        said += ["default build compiles its bundled copy"] if self.bundled else []
        if self.tools is not None:
            said.append("runs " + (", ".join(self.tools) or "no tool beyond the builder's gcc"))
        return f"hint: {', '.join(said)} ({self.reason})"


def read_crate_list(path: Path) -> dict[str, Hint]:
    """Crate -> its hint (empty for most), in the list's order: `crate [key=a,b | flag ...]  # reason`."""
    crates: dict[str, Hint] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        body, _, reason = line.partition("#")
        words = body.split()
        if words:
            crates[words[0]] = _hint(words[1:], reason.strip(), f"{path.name}:{number}")
    return crates


def _hint(words: list[str], reason: str, where: str) -> Hint:
    values: dict[str, tuple[str, ...]] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if (key in FLAGS) == bool(sep) or key not in FLAGS + LISTS:
            raise SystemExit(f"natives-debian: {where}: {word!r} is no hint ({', '.join(FLAGS)}, or "
                             f"{', '.join(k + '=a,b' for k in LISTS)})")
        values[key] = () if value == "-" else tuple(value.split(","))
    if words and not reason:
        raise SystemExit(f"natives-debian: {where}: a hint needs a `# reason` that says where its fact comes from")
    tools = values.get("tools", () if "bundled" in values else None)  # a bundled build runs only what it names
    return Hint(pkg_config=values.get("pkg-config", ()), libs=values.get("lib", ()), tools=tools,
                bundled="bundled" in values, no_row="no-row" in values, reason=reason)

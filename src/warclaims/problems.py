"""Problems found in input, as data: collected in full, rendered at the edge.

Like python-jsonschema's ValidationError, a Problem says where (file, line, JSON path) and
what; rendering is separate so the CLI can print text or JSON.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Sequence

_VALUE_LIMIT = 80


class InputError(ValueError):
    """A bad input file found deep inside a module (a corrupt release manifest, a truncated
    Parquet file, a mapping of the wrong type). The message names the file and the place in
    it (line, row or JSON path); the CLI prints it as one `Error:` line and exits 1, in one
    place (warclaims.cli.LazyGroup.main), so no command needs its own except clause for it."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem. `line` is 1-based (0 when the problem concerns the whole file)."""

    file: str
    line: int
    path: str
    message: str
    value: Any = None

    def render(self) -> str:
        """`FILE:LINE: $.path: message` — the format editors and CI logs understand."""
        return f"{self.file}:{self.line}: {self.path}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form; long values are shortened so a 10 MB field cannot flood output."""
        d = asdict(self)
        d["value"] = short_value(self.value)
        return d


def short_value(value: Any) -> Any:
    """A value safe to print: strings and reprs longer than 80 characters are cut."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _VALUE_LIMIT else text[: _VALUE_LIMIT - 1] + "…"


def json_path(parts: Iterable[str | int]) -> str:
    """`['entities', 3, 'end']` -> `$.entities[3].end`."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


_INDEX = re.compile(r"\[\d+\]")
_DIGITS = re.compile(r"(\d+)")


def path_pattern(path: str) -> str:
    """`$.claims[12].quote` -> `$.claims[*].quote`: the path with every array index as `[*]`,
    so that one mistake repeated on every item is one group."""
    return _INDEX.sub("[*]", path)


def path_key(path: str) -> tuple[str | int, ...]:
    """Sort key putting paths in numeric order (`[2]` before `[10]`): the path split into text
    and digit runs, the runs compared as numbers. Text and numbers alternate in every key, so
    two keys never compare a number with a text."""
    parts = _DIGITS.split(path)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def sorted_by_path(problems: Iterable[Problem]) -> list[Problem]:
    """The problems of one record in numeric path order (stable: same path keeps its order)."""
    return sorted(problems, key=lambda p: path_key(p.path))


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    """Problems with the same path pattern and message: how many, and the first of them."""

    path: str
    """The path pattern (array indices as `[*]`)."""
    message: str
    count: int
    first: Problem

    def render(self) -> str:
        """A single problem as `Problem.render`; a group as `FILE:LINE: PATTERN: MESSAGE  (x N, ...)`,
        located at its first problem so that editors still jump to an example."""
        if self.count == 1:
            return self.first.render()
        return (f"{self.first.file}:{self.first.line}: {self.path}: {self.message}  "
                f"(x {self.count:,}; first at line {self.first.line}, {self.first.path})")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: pattern, message, count and where the first problem is."""
        return {"path": self.path, "message": self.message, "count": self.count,
                "first": {"file": self.first.file, "line": self.first.line, "path": self.first.path}}


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Problems grouped by (path pattern, message), largest group first, then in order of first
    occurrence: one repeated mistake is one line, however many items it is on."""
    first: dict[tuple[str, str], Problem] = {}
    counts: dict[tuple[str, str], int] = {}
    for p in problems:
        key = (path_pattern(p.path), p.message)
        if key in counts:
            counts[key] += 1
        else:
            counts[key] = 1
            first[key] = p
    order = sorted(counts, key=lambda k: -counts[k])  # stable: ties keep their first occurrence order
    return [ProblemGroup(k[0], k[1], counts[k], first[k]) for k in order]


def capped(groups: Sequence[ProblemGroup], limit: int) -> tuple[Sequence[ProblemGroup], int, int]:
    """The first `limit` groups (all when `limit` is 0), how many groups are left out and how
    many problems those hold."""
    if limit <= 0 or len(groups) <= limit:
        return groups, 0, 0
    rest = groups[limit:]
    return groups[:limit], len(rest), sum(g.count for g in rest)


def with_location(problems: Iterable[Problem], file: str, line: int) -> list[Problem]:
    """Re-anchor problems found in one record at that record's file and line."""
    return [Problem(file, line, p.path, p.message, p.value) for p in problems]

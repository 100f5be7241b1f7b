"""Problems found in input, as data: collected in full, rendered at the edge.

Like python-jsonschema's ValidationError, a Problem says where (file, line, JSON path) and
what; rendering is separate so the CLI can print text or JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable

_VALUE_LIMIT = 80


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


def with_location(problems: Iterable[Problem], file: str, line: int) -> list[Problem]:
    """Re-anchor problems found in one record at that record's file and line."""
    return [Problem(file, line, p.path, p.message, p.value) for p in problems]

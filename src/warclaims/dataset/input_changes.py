"""How the export snapshots in a folder differ from the ones a release was built from (pure).

Why: `warclaims demo` rebuilds the shipped release from annotation/exports/ and compares file
hashes. When a new `ls pull` lands there, the rebuild differs and "rebuild differs ... train.parquet"
alone does not say why (issue 15). These lines say it: which export is new, changed or missing.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Mapping, Sequence


def recorded_exports(source_exports: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """{file name: sha256} of the export snapshots (*.json) among a release's `source_exports`
    (document inputs, *.jsonl, are not exports)."""
    out = {}
    for e in source_exports:
        path, sha = e.get("path"), e.get("sha256")
        if isinstance(path, str) and isinstance(sha, str) and PurePosixPath(path).suffix == ".json":
            out[PurePosixPath(path).name] = sha
    return out


def export_changes(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """One readable line per difference between the recorded and the current {file name: sha256},
    sorted by file name; empty when the folder holds exactly the release's exports."""
    lines = []
    for name in sorted(recorded.keys() | current.keys()):
        if name not in recorded:
            lines.append(f"new export {name} (not among the release's inputs; a pull since the release?)")
        elif name not in current:
            lines.append(f"missing export {name} (an input of the release)")
        elif recorded[name] != current[name]:
            lines.append(f"changed export {name} (sha256 {current[name][:12]}…, the release used {recorded[name][:12]}…)")
    return lines

"""Reading a build's inputs: Label Studio exports through the converter and converted Document
JSONL, every record validated and spooled to its split's temporary file.

Nothing is dropped silently: converter exclusions (cancelled annotations, drafts, predictions)
are counted in `skipped`, and every invalid record becomes a located Problem.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import orjson

from .. import paths, validate
from ..problems import InputError, Problem
from ..readers import iter_records
from . import split

if TYPE_CHECKING:
    from .build import Options


def display(path: Path) -> str:
    root = paths.repo_root()
    path = Path(path).resolve()
    for base in (root, Path.cwd()):
        if base is not None and path.is_relative_to(base.resolve()):
            return path.relative_to(base.resolve()).as_posix()
    return path.name


def export_files(exports: Path) -> list[Path]:
    """Raw export snapshots in a directory (*.json except MANIFEST.json), sorted; InputError for
    a *.json entry that is not a regular file (a folder or a dangling link would otherwise be
    skipped silently or crash the read)."""
    found = sorted(p for p in Path(exports).glob("*.json") if p.name != "MANIFEST.json")
    for p in found:
        if not p.is_file():
            raise InputError(f"{p}: not a regular file (a folder or broken link named like an export); move it out of {exports}")
    return found


CONVERTER_SKIPS = {"excluded_cancelled": "cancelled annotations (converter)", "excluded_draft": "drafts (converter)",
                   "predictions": "predictions in exports (converter; not annotations)"}


def _iter_inputs(exports: Sequence[Path], documents: Sequence[Path], skipped: Counter[str]) -> Iterator[tuple[str, int, str, Any]]:
    """(file, line, path prefix, record dict | Problem) for every input record; converter exclusions go to `skipped`."""
    for path in exports:
        from ..labelstudio.convert import convert_export_file

        conv = convert_export_file(path)
        for key, reason in CONVERTER_SKIPS.items():
            if conv.counts.get(key):
                skipped[reason] += int(conv.counts[key])
        for p in conv.problems:
            yield display(path), 0, "", p if isinstance(p, Problem) else Problem(display(path), 0, "$", str(p))
        for i, d in enumerate(conv.documents):
            yield display(path), 0, f"$[{i}]", d
    for path in documents:
        shown = display(path)
        for item in iter_records(path, shown):
            if isinstance(item, Problem):
                yield item.file, item.line, "", item
            else:
                yield shown, item.line, "", item.value


def _locate(p: Problem, file: str, line: int, prefix: str) -> Problem:
    if p.file:
        return p
    path = prefix + p.path[1:] if prefix else p.path
    return Problem(file, line, path, p.message, p.value)


def spool(exports: Sequence[Path], documents: Sequence[Path], spool_dir: Path, options: Options,
           skipped: Counter[str]) -> tuple[list[Problem], dict[str, int]]:
    """Validate inputs and write each annotation to <spool_dir>/<split>.jsonl; returns problems and rows per split."""
    from tqdm import tqdm

    names = [n for n, _ in options.ratios]
    handles = {n: open(spool_dir / f"{n}.jsonl", "wb") for n in names}
    rows = {n: 0 for n in names}
    problems: list[Problem] = []
    split_of_id: dict[str, str] = {}
    try:
        for file, line, prefix, value in tqdm(_iter_inputs(exports, documents, skipped), desc="read", unit="ann",
                                              disable=not options.progress, file=sys.stderr):
            if isinstance(value, Problem):
                problems.append(_locate(value, file, line, prefix))
                continue
            found = validate.check_document(value)
            if found:
                problems += [_locate(p, file, line, prefix) for p in found]
                continue
            ann = value["meta"]["annotation"]
            if ann["pass"] == "prediction":
                skipped["prediction records (not annotations)"] += 1
                continue
            if value["meta"]["synthetic"] and not options.allow_synthetic:
                problems.append(Problem(file, line, prefix + ".meta.synthetic" if prefix else "$.meta.synthetic",
                                        "synthetic document in a release build (use --allow-synthetic for tests only)", True))
                continue
            name = split.split_of(value, options.group_by, options.ratios, options.seed, dict(options.pinned))
            previous = split_of_id.setdefault(value["id"], name)
            if previous != name:
                problems.append(Problem(file, line, (prefix or "$") + ".meta",
                                        f"annotations of document {value['id']!r} fall into different splits "
                                        f"({previous}, {name}): their group keys differ", None))
                continue
            handles[name].write(orjson.dumps(value) + b"\n")
            rows[name] += 1
    finally:
        for h in handles.values():
            h.close()
    return problems, rows

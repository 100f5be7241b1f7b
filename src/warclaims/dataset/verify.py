"""Checks of a built release and statistics recomputed from it (read-only).

`verify` re-derives everything a release promises from its files: manifest schema, checksums,
sizes, row counts, every record valid, every document in the split its rule gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import safe_write, validate
from ..problems import InputError
from ..readers import read_json_file, read_text_file
from . import features, manifest, split, stats
from .reader import ReleaseError, iter_rows, read_release


def verify(dataset_dir: Path) -> list[str]:
    """Problems of a built release: manifest schema, checksums, sizes, row counts, records, splits."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dataset_dir = Path(dataset_dir)
    unreadable: set[str] = set()
    release_path = dataset_dir / "RELEASE.json"
    if not release_path.is_file():
        return [f"{release_path}: missing (not a release directory)"]
    rel, out = _json_object(release_path)
    out += [f"RELEASE.json {m}" for m in manifest.check(rel)] if not out else []
    if out:
        return out
    listed = set()
    for f in rel["files"]:
        path = dataset_dir / f["path"]
        listed.add(f["path"])
        if not path.is_file():
            out.append(f"{f['path']}: listed in RELEASE.json but missing")
            continue
        if path.stat().st_size != f["bytes"]:
            out.append(f"{f['path']}: {path.stat().st_size} bytes, RELEASE.json says {f['bytes']}")
        digest = manifest.sha256_file(path)
        if digest != f["sha256"]:
            out.append(f"{f['path']}: sha256 {digest} differs from RELEASE.json {f['sha256']}")
        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except (pa.ArrowInvalid, OSError) as e:
            out.append(f"{f['path']}: unreadable Parquet: {e}")
            unreadable.add(f["path"])
            continue
        if rows != f["rows"]:
            out.append(f"{f['path']}: {rows} rows, RELEASE.json says {f['rows']}")
    for path in sorted((dataset_dir / "data").rglob("*.parquet")):
        rel_path = path.relative_to(dataset_dir).as_posix()
        if rel_path not in listed:
            out.append(f"{rel_path}: data file not listed in RELEASE.json")
    out += _check_history(dataset_dir, rel)
    params = rel.get("split") or {}
    ratios = tuple((n, float(r)) for n, r in params.get("ratios", split.DEFAULT_RATIOS))
    seen: dict[str, str] = {}
    for f in rel["files"]:
        if f.get("config") != "documents" or not (dataset_dir / f["path"]).is_file() or f["path"] in unreadable:
            continue
        expected = {"claims": 0, "stances": 0}
        try:
            for i, row in enumerate(iter_rows(dataset_dir, "documents", f["split"])):
                doc = features.from_row(row)
                for p in validate.check_document(doc):
                    out.append(f"{f['path']}: row {i} ({doc.get('id')}): {p.path}: {p.message}")
                if doc["id"] in seen:
                    out.append(f"{f['path']}: document {doc['id']!r} also in split {seen[doc['id']]}")
                seen[doc["id"]] = f["split"]
                want = split.split_of(doc, params.get("group_by", "id"), ratios, params.get("seed", split.DEFAULT_SEED),
                                      params.get("pinned"))
                if want != f["split"]:
                    out.append(f"{f['path']}: document {doc['id']!r} belongs to split {want} by the split rule")
                expected["claims"] += len(doc["claims"])
                expected["stances"] += len(doc["stances"])
        except ReleaseError as e:
            out.append(str(e))
            continue
        rows_by = {g["config"]: g["rows"] for g in rel["files"] if g.get("split") == f["split"]}
        has_inputs = any(g.get("config") == "inputs" for g in rel["files"])  # releases before 0.2.1 have none
        for per_doc in ("entities", "inputs") if has_inputs else ("entities",):
            if rows_by.get(per_doc, 0) != f["rows"]:
                out.append(f"split {f['split']}: {per_doc} rows {rows_by.get(per_doc, 0)} != documents rows {f['rows']}")
        for config, n in expected.items():
            if rows_by.get(config, 0) != n:
                out.append(f"split {f['split']}: {config} rows {rows_by.get(config, 0)} != {n} {config} in documents")
    return out


def _json_object(path: Path) -> tuple[dict[str, Any], list[str]]:
    """A JSON object file read strictly, or ({}, its located problems as lines)."""
    try:
        return read_json_file(path, dict), []
    except InputError as e:
        return {}, str(e).splitlines()


def _check_history(dataset_dir: Path, rel: dict[str, Any]) -> list[str]:
    """Whether releases/<version>.json holds this release (a bad history file is a problem, not a crash)."""
    history = dataset_dir / "releases" / f"{rel['version']}.json"
    if not history.is_file():
        return [f"releases/{rel['version']}.json: missing"]
    entry, bad = _json_object(history)
    if bad:
        return bad
    if not isinstance(entry.get("release"), dict) or manifest.check(entry["release"]) or \
            manifest.content_view(entry["release"]) != manifest.content_view(rel):
        return [f"releases/{rel['version']}.json: $.release: does not match RELEASE.json"]
    return []


def release_stats(dataset_dir: Path) -> dict[str, dict[str, int]]:
    """Per-split label counts recomputed from a release's documents config."""
    from .reader import read_document_dicts, splits

    dataset_dir = Path(dataset_dir)
    order = [n for n, _ in split.DEFAULT_RATIOS]
    if (dataset_dir / "RELEASE.json").is_file():
        order = [n for n, _ in read_release(dataset_dir).get("split", {}).get("ratios", split.DEFAULT_RATIOS)]
    present = splits(dataset_dir)
    names = [n for n in order if n in present] + [n for n in present if n not in order]
    return {name: stats.split_counts(read_document_dicts(dataset_dir, name)) for name in names}


def write_card_section(card: Path, body_writer: Any, data: Any) -> bool:
    """Rewrite one marked section of a card file; returns whether the file changed."""
    old = read_text_file(card) if card.is_file() else ""
    new = body_writer(old, data)
    if new != old:
        safe_write.write_bytes(card, new.encode("utf-8"))
    return new != old

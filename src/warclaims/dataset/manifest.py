"""RELEASE.json and the per-release history manifests (pure functions plus hashing helpers).

dataset/RELEASE.json describes the current release (schema/release.schema.json);
dataset/releases/<version>.json keeps every release's RELEASE.json together with a
per-document (split, sha256 of canonical JSON) index, so later builds can compute the changelog
and refuse to rebuild an existing version with different content.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Mapping

import orjson

from .. import __version__, schemas, validate


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def doc_hash(doc: Mapping[str, Any]) -> str:
    """sha256 of a document's canonical JSON (orjson, sorted keys, compact)."""
    return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()


def dumps(value: Any, indent: int | None = None) -> str:
    """Canonical JSON text (orjson: sorted keys, UTF-8; two-space indent when `indent`), stable across runs."""
    option = orjson.OPT_SORT_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
    text = orjson.dumps(value, option=option).decode("utf-8")
    return text + "\n" if indent else text


def version_tuple(version: str) -> tuple[int, int, int]:
    """'1.2.3' -> (1, 2, 3); ValueError otherwise."""
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(f"version {version!r} is not X.Y.Z")
    return int(parts[0]), int(parts[1]), int(parts[2])


def release(version: str, guidelines_version: str, split_rule: str, split: Mapping[str, Any], adjudication_rule: str,
            source_exports: list[dict[str, str]], files: list[dict[str, Any]], counts: Mapping[str, Any]) -> dict[str, Any]:
    """The RELEASE.json dict (checked against the release schema by `check`)."""
    return {"name": "warclaims", "version": version, "builder_version": __version__,
            "schema_version": schemas.schema_version(), "guidelines_version": guidelines_version,
            "split_rule": split_rule, "split": dict(split), "adjudication_rule": adjudication_rule,
            "source_exports": source_exports, "files": files, "counts": dict(counts)}


def check(release_dict: Mapping[str, Any]) -> list[str]:
    """Schema problems of a RELEASE.json dict, as messages."""
    return [f"{p.path}: {p.message}" for p in validate.check_schema("release", release_dict)]


def content_view(release_dict: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a release that define its content (for the same-version check)."""
    return {"files": [{k: f[k] for k in ("path", "sha256", "rows")} for f in release_dict["files"]],
            "source_exports": [e["sha256"] for e in release_dict["source_exports"]],
            "split": release_dict.get("split"), "schema_version": release_dict["schema_version"]}

"""Read a built release back: the `documents` config as typed records.

Layout: <dataset_dir>/data/<config>/<split>.parquet, configs documents, entities, claims,
stances, inputs. Rows are streamed in batches, so memory does not grow with the split size.

This is the one place a release is read for use (score --dataset, dataset stats, baselines):
a corrupt, wrongly typed or non-UTF-8 RELEASE.json, a truncated Parquet file or one with
other columns raises ReleaseError naming the file and the place in it, which the CLI prints
as one line (exit 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .. import records
from ..problems import InputError
from . import features

CONFIGS: tuple[str, ...] = ("documents", "entities", "claims", "stances", "inputs")
"""Hugging Face configs of a release, one per task, plus the full records and the gold-free inputs
(id, text, meta without `meta.annotation`: what a system under test may see)."""


class ReleaseError(InputError):
    """A release folder that cannot be read as one; the message names the file and place."""


def read_release(dataset_dir: Path) -> dict[str, Any]:
    """RELEASE.json of a release, read strictly, with the fields readers use checked: `version`
    (X.Y.Z: it names runs/<baseline>/<version>/) and, when present, `split.ratios` ([name, share]
    pairs). `warclaims dataset verify` checks the whole manifest."""
    from ..readers import read_json_file
    from .manifest import version_tuple

    path = Path(dataset_dir) / "RELEASE.json"
    if not path.is_file():
        raise ReleaseError(f"{path}: missing: no release here (build one with `warclaims dataset build`)")
    rel = read_json_file(path, dict)
    version = rel.get("version")
    try:
        version_tuple(version if isinstance(version, str) else "")
    except ValueError:
        raise ReleaseError(f"{path}: $.version: {version!r} is not a release version X.Y.Z") from None
    split = rel.get("split", {})
    ratios = split.get("ratios", []) if isinstance(split, dict) else None
    if not isinstance(ratios, list) or not all(isinstance(r, list) and len(r) == 2 and isinstance(r[0], str)
                                               and isinstance(r[1], (int, float)) for r in ratios):
        raise ReleaseError(f"{path}: $.split.ratios: must be a list of [split name, share] pairs")
    return rel


def parquet_path(dataset_dir: Path, config: str, split: str) -> Path:
    """Where a config's split lives in a release."""
    return Path(dataset_dir) / "data" / config / f"{split}.parquet"


def splits(dataset_dir: Path, config: str = "documents") -> list[str]:
    """Splits with rows for `config` in a release, sorted (a split without rows has no file)."""
    return sorted(p.stem for p in (Path(dataset_dir) / "data" / config).glob("*.parquet"))


def _empty_split(dataset_dir: Path, config: str, split: str) -> bool:
    """Whether RELEASE.json declares `split` (a split with no rows has no file)."""
    if not (Path(dataset_dir) / "RELEASE.json").is_file():
        return False
    return split in [n for n, _ in read_release(dataset_dir).get("split", {}).get("ratios", [])]


def _columns(config: str) -> list[str] | None:
    """The columns a config's Parquet file has (None: not checked here, `verify` checks the rest)."""
    return [name for name, _, _ in features.document_shape().fields] if config == "documents" else None


def iter_rows(dataset_dir: Path, config: str, split: str, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """Raw Parquet rows of a config's split, streamed; ReleaseError for a file that is not one."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = parquet_path(dataset_dir, config, split)
    if not path.exists():
        if _empty_split(dataset_dir, config, split):
            return
        have = ", ".join(splits(dataset_dir, config)) or "none"
        raise ReleaseError(f"{path}: no split {split!r} for config {config!r} (available: {have})")
    try:
        pf = pq.ParquetFile(path)
        want = _columns(config)
        if want is not None and pf.schema_arrow.names != want:
            missing = [c for c in want if c not in pf.schema_arrow.names]
            extra = [c for c in pf.schema_arrow.names if c not in want]
            raise ReleaseError(f"{path}: not a {config} file of a release: columns missing {missing}, unexpected {extra}")
        for batch in pf.iter_batches(batch_size=batch_size):
            yield from batch.to_pylist()
    except (pa.ArrowException, OSError) as e:
        raise ReleaseError(f"{path}: unreadable Parquet ({type(e).__name__}: {e})") from None


def read_document_dicts(dataset_dir: Path, split: str) -> Iterator[dict[str, Any]]:
    """Document dicts (schema form) of one split of a release."""
    for i, row in enumerate(iter_rows(dataset_dir, "documents", split)):
        try:
            yield features.from_row(row)
        except (ValueError, TypeError, AttributeError) as e:
            raise ReleaseError(f"{parquet_path(dataset_dir, 'documents', split)}: row {i}: not a document ({e})") from None


def read_documents(dataset_dir: Path, split: str) -> Iterator[records.Document]:
    """Typed gold Documents of one split (train, validation, test) of a release in `dataset_dir`."""
    for d in read_document_dicts(dataset_dir, split):
        yield records.Document.from_dict(d)

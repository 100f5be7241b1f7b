"""Read a built release back: the `documents` config as typed records.

Layout: <dataset_dir>/data/<config>/<split>.parquet, configs documents, entities, claims,
stances, inputs. Rows are streamed in batches, so memory does not grow with the split size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .. import records
from . import features

CONFIGS: tuple[str, ...] = ("documents", "entities", "claims", "stances", "inputs")
"""Hugging Face configs of a release, one per task, plus the full records and the gold-free inputs
(id, text, meta without `meta.annotation`: what a system under test may see)."""


def parquet_path(dataset_dir: Path, config: str, split: str) -> Path:
    """Where a config's split lives in a release."""
    return Path(dataset_dir) / "data" / config / f"{split}.parquet"


def splits(dataset_dir: Path, config: str = "documents") -> list[str]:
    """Splits with rows for `config` in a release, sorted (a split without rows has no file)."""
    return sorted(p.stem for p in (Path(dataset_dir) / "data" / config).glob("*.parquet"))


def _empty_split(dataset_dir: Path, config: str, split: str) -> bool:
    """Whether RELEASE.json declares `split` (a split with no rows has no file)."""
    from ..readers import parse_json

    release = Path(dataset_dir) / "RELEASE.json"
    if not release.is_file():
        return False
    declared = [n for n, _ in parse_json(release.read_bytes()).get("split", {}).get("ratios", [])]
    return split in declared


def iter_rows(dataset_dir: Path, config: str, split: str, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """Raw Parquet rows of a config's split, streamed."""
    import pyarrow.parquet as pq

    path = parquet_path(dataset_dir, config, split)
    if not path.is_file():
        if _empty_split(dataset_dir, config, split):
            return
        have = ", ".join(splits(dataset_dir, config)) or "none"
        raise FileNotFoundError(f"{path}: no split {split!r} for config {config!r} (available: {have})")
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=batch_size):
        yield from batch.to_pylist()


def read_document_dicts(dataset_dir: Path, split: str) -> Iterator[dict[str, Any]]:
    """Document dicts (schema form) of one split of a release."""
    for row in iter_rows(dataset_dir, "documents", split):
        yield features.from_row(row)


def read_documents(dataset_dir: Path, split: str) -> Iterator[records.Document]:
    """Typed gold Documents of one split (train, validation, test) of a release in `dataset_dir`."""
    for d in read_document_dicts(dataset_dir, split):
        yield records.Document.from_dict(d)

"""read_documents streams typed gold Documents back from a release's documents config."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from warclaims import records, schemas
from warclaims.dataset import features, reader


def _write(tmp_path: Path, docs: list[dict]) -> None:
    path = reader.parquet_path(tmp_path, "documents", "test")
    path.parent.mkdir(parents=True)
    table = pa.Table.from_pylist([features.to_row(d) for d in docs], schema=features.document_features().arrow_schema)
    pq.write_table(table, path)


def test_read_documents_round_trip(tmp_path: Path) -> None:
    example = schemas.load("document")["examples"][0]
    _write(tmp_path, [example])
    docs = list(reader.read_documents(tmp_path, "test"))
    assert docs == [records.Document.from_dict(features.canonical(example))]
    assert docs[0].layers.claims[0].source_id == "s1"


def test_missing_split_names_available(tmp_path: Path) -> None:
    _write(tmp_path, [schemas.load("document")["examples"][0]])
    with pytest.raises(reader.ReleaseError, match="available: test"):
        list(reader.read_documents(tmp_path, "train"))

"""Synthetic (marked) documents shared by the baselines tests."""

from __future__ import annotations

import pytest

from warclaims.baselines.synthetic import synthetic_documents
from warclaims.records import Document


@pytest.fixture(scope="session")
def train_docs() -> list[Document]:
    return synthetic_documents(60, seed=1)


@pytest.fixture(scope="session")
def test_docs() -> list[Document]:
    return synthetic_documents(15, seed=2)


def make_doc(text: str, doc_id: str = "synthetic-x", **layers: list[dict]) -> Document:
    """A synthetic Document from text and layer dicts (spans get their text filled in)."""
    from warclaims.baselines.synthetic import SYNTHETIC_META_ANNOTATION

    filled = {}
    for name in ("entities", "sources", "cues", "claims", "stances"):
        items = []
        for it in layers.get(name, []):
            it = dict(it)
            if "start" in it:
                it["text"] = text[it["start"]:it["end"]]
            items.append(it)
        filled[name] = items
    meta = {"title": None, "source": "synthetic", "url": None, "published": None, "language": "en",
            "licence": "CC0-1.0", "corpus": "synthetic", "synthetic": True, "annotation": dict(SYNTHETIC_META_ANNOTATION)}
    return Document.from_dict({"id": doc_id, "text": text, "meta": meta, **filled})


def submission_problems(docs, preds) -> list:
    """Every check_submission problem of the predictions, against each document's text."""
    from warclaims.validate import check_submission

    return [p for d, layers in zip(docs, preds) for p in check_submission({"id": d.id, **layers.to_dict()}, d.text)]


def write_release(root, splits: dict, version: str = "0.0.1"):
    """A minimal synthetic release: RELEASE.json with `version` and data/documents/<split>.parquet."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from warclaims.dataset import features, reader

    root.mkdir(parents=True, exist_ok=True)
    (root / "RELEASE.json").write_text(json.dumps({"name": "warclaims", "version": version}), encoding="utf-8")
    for split, docs in splits.items():
        path = reader.parquet_path(root, "documents", split)
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [features.to_row(d.to_dict()) for d in docs]
        pq.write_table(pa.Table.from_pylist(rows, schema=features.document_features().arrow_schema), path)
    return root


@pytest.fixture(scope="session")
def synthetic_release(tmp_path_factory):
    from warclaims.baselines.synthetic import synthetic_documents

    docs = synthetic_documents(50, seed=5)
    return write_release(tmp_path_factory.mktemp("release") / "dataset",
                         {"train": docs[:30], "validation": docs[30:40], "test": docs[40:]})

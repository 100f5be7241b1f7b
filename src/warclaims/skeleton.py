"""An empty submission for a split: one line per input document, every layer an empty list.

Pure: takes document ids, returns submission lines. A submitter fills the lists (or drops a
layer it does not predict: an absent layer is not scored, an empty list predicts nothing).
"""

from __future__ import annotations

from typing import Any, Iterable

LAYERS: tuple[str, ...] = ("entities", "sources", "cues", "claims", "stances")
"""The layers of schema/submission.schema.json, in its order."""


def lines(doc_ids: Iterable[str], layers: Iterable[str] = LAYERS) -> list[dict[str, Any]]:
    """Submission lines {"id": ..., <layer>: []} for `doc_ids`, in their order."""
    chosen = tuple(layers)
    return [{"id": doc_id, **{layer: [] for layer in chosen}} for doc_id in doc_ids]

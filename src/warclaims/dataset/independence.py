"""Evidence that two annotation passes were made independently (pure functions).

Release 0.1.0's second pass repeated its first pass item for item, in the same order and with
the same ids (up to 90% of items). Two annotators working alone from the text agree on many
items, but they rarely write the same items in the same order under the same ids with the same
extents and labels throughout, because the order in which one lists entities, the ids one gives
and the exact claim extents are each a choice. This module measures exactly that copy signature
on text-anchored drafts (GUIDELINES.md section 5):

- an item's *fingerprint* is (layer, position in its layer's list, id, every other field except
  anchors `n`/`prefix`), so an item matches only when it sits at the same place, has the same id
  and the same text and labels;
- `sequence_identity(a, b)` = matching positions / max(len a, len b) summed over layers;
- `COPY_THRESHOLD` (0.85): a pair above it is reported for a look; 0.1.0's copied second pass
  reached 0.87-0.93. What the check can and cannot show, measured: 0.2.0's passes, written at the
  same time in separate folders by sessions of one language model, reach a median of about 0.8 and
  up to 1.0 on short articles, because such sessions list entities in text order and number them
  alike. So a high identity is a reason to look, not proof of copying, and a low one is not proof of
  independence; annotation/INDEPENDENCE.md records the process evidence beside these figures.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from .. import schemas

COPY_THRESHOLD = 0.85
_ANCHORS = ("n", "prefix")


def _fingerprint(item: Any) -> str:
    if not isinstance(item, dict):
        return json.dumps(item, sort_keys=True, default=str)
    return json.dumps({k: v for k, v in item.items() if k not in _ANCHORS}, sort_keys=True, default=str)


def sequence_identity(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """Per layer and overall: positions where both drafts hold the same item (same place, id,
    text and labels), over the longer list."""
    layers = {}
    same = total = 0
    for layer in schemas.LAYERS:
        xs, ys = list(a.get(layer) or ()), list(b.get(layer) or ())
        hits = sum(1 for x, y in zip(xs, ys) if _fingerprint(x) == _fingerprint(y))
        longer = max(len(xs), len(ys))
        layers[layer] = {"same": hits, "of": longer}
        same += hits
        total += longer
    return {"same": same, "of": total, "identity": same / total if total else 0.0, "layers": layers}


def check_pairs(pairs: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
                threshold: float = COPY_THRESHOLD) -> dict[str, Any]:
    """Identity of every (doc id, first draft, second draft) pair, the flagged ones, and the
    distribution (min, median, max), JSON-ready."""
    rows = [{"id": doc_id, **sequence_identity(a, b)} for doc_id, a, b in pairs]
    values = sorted(r["identity"] for r in rows)
    median = values[len(values) // 2] if values else None
    return {"threshold": threshold, "pairs": len(rows),
            "distribution": {"min": values[0] if values else None, "median": median, "max": values[-1] if values else None},
            "flagged": [r for r in rows if r["identity"] > threshold], "rows": rows}

"""Deterministic, stable train/validation/test assignment at document level.

Rule (exact): bucket = int(sha256(f"{seed}:{group_key}").hexdigest()[:16], 16) / 2**64, a number
in [0, 1); the document goes to the first split whose cumulative ratio exceeds the bucket.
The bucket depends only on the document's own group key, so adding documents never moves an
existing one. group_key is the document id by default, or meta.source (`outlet`) or meta.story
(`story`, falling back to the document id when a document has no story) so that near-duplicates
share a split.

Pins: a release may pin group keys to splits (`pins_from_previous`), so that a new release with
other ratios keeps every document of the previous one where it was. A group whose members were in
several splits goes to the first of test, validation, train (a text once in a test split is never
moved into training); such moves are listed and named in the CHANGELOG.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any, Mapping, Sequence

from ..safe_write import check_component

DEFAULT_SEED = "warclaims-split-v1"
DEFAULT_RATIOS: tuple[tuple[str, float], ...] = (("train", 0.6), ("validation", 0.2), ("test", 0.2))
GROUP_BY = ("id", "outlet", "story")


def group_key(doc: Mapping[str, Any], group_by: str = "id") -> str:
    """The key a document is split by (see module docstring)."""
    if group_by == "id":
        return f"id:{doc['id']}"
    if group_by == "outlet":
        return f"outlet:{doc['meta']['source']}"
    if group_by == "story":
        story = doc["meta"].get("story")
        return f"story:{story}" if story else f"id:{doc['id']}"
    raise ValueError(f"unknown group-by {group_by!r}; expected one of: {', '.join(GROUP_BY)}")


def bucket(key: str, seed: str = DEFAULT_SEED) -> float:
    """A uniform number in [0, 1) from sha256 of seed and key."""
    digest = hashlib.sha256(f"{seed}:{key}".encode("utf-8")).hexdigest()
    return int(digest[:16], 16) / 2**64


def check_ratios(ratios: Sequence[tuple[str, float]]) -> None:
    """Ratios must be finite, positive, named uniquely and sum to 1; a split name becomes a file
    name (data/<config>/<split>-*.parquet), so it must pass safe_write.check_component."""
    names = [n for n, _ in ratios]
    for n in names:
        check_component(n, "split name")
    if len(set(names)) != len(names) or not names:
        raise ValueError(f"split names must be unique and non-empty: {names}")
    if any(not math.isfinite(r) or r <= 0 for _, r in ratios) or abs(sum(r for _, r in ratios) - 1.0) > 1e-9:
        raise ValueError(f"split ratios must be positive and sum to 1: {list(ratios)}")


def assign(key: str, ratios: Sequence[tuple[str, float]] = DEFAULT_RATIOS, seed: str = DEFAULT_SEED) -> str:
    """The split of a group key."""
    b = bucket(key, seed)
    cumulative = 0.0
    for name, ratio in ratios:
        cumulative += ratio
        if b < cumulative:
            return name
    return ratios[-1][0]


def split_of(doc: Mapping[str, Any], group_by: str = "id", ratios: Sequence[tuple[str, float]] = DEFAULT_RATIOS,
             seed: str = DEFAULT_SEED, pinned: Mapping[str, str] | None = None) -> str:
    """The split of a Document dict: its group's pin if it has one, else the bucket rule."""
    key = group_key(doc, group_by)
    if pinned and key in pinned:
        return pinned[key]
    return assign(key, ratios, seed)


PIN_PRIORITY = ("test", "validation", "train")


def pins_from_previous(docs: Sequence[Mapping[str, Any]], previous: Mapping[str, str], group_by: str = "story"
                       ) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Pins {group key: split} keeping every document of a previous release (`previous`: id ->
    split) in its split, and the (id, old split, new split) moves forced when one group held
    documents of several splits."""
    groups: dict[str, list[str]] = {}
    for d in docs:
        groups.setdefault(group_key(d, group_by), []).append(d["id"])
    rank = {n: i for i, n in enumerate(PIN_PRIORITY)}
    pins: dict[str, str] = {}
    moves: list[tuple[str, str, str]] = []
    for key in sorted(groups):
        old = [previous[i] for i in groups[key] if i in previous]
        if not old:
            continue
        pins[key] = min(old, key=lambda n: (rank.get(n, len(rank)), n))
        moves += [(i, previous[i], pins[key]) for i in sorted(groups[key]) if i in previous and previous[i] != pins[key]]
    return pins, moves


def rule_text(group_by: str, ratios: Sequence[tuple[str, float]], seed: str, pinned: Mapping[str, str] | None = None) -> str:
    """One-line description recorded in RELEASE.json as split_rule."""
    parts = ", ".join(f"{n} {r:g}" for n, r in ratios)
    text = (f"bucket = sha256('{seed}:' + group key) first 64 bits / 2^64; group by {group_by}; "
            f"cumulative ratios {parts}")
    if pinned:
        text += f"; {len(pinned)} group(s) pinned to the previous release's split (split.pinned)"
    return text


def parse_ratios(text: str) -> tuple[tuple[str, float], ...]:
    """`train=0.6,validation=0.2,test=0.2` -> ratios tuple (validated)."""
    out = []
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"expected NAME=RATIO, got {part!r}")
        out.append((name.strip(), float(value)))
    ratios = tuple(out)
    check_ratios(ratios)
    return ratios

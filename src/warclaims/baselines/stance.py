"""Stance baseline: a linear model over text features of (holder, target) pairs.

Pairs come from the input document's entity and source mentions (`candidate_pairs`):
- `pairs="gold"`: the gold stance pairs are given; the model only chooses the polarity
  (the stance-classification setting of SemEval-2016, target given);
- `pairs="candidates"`: the outlet (AUTHOR) toward the first mention of each distinct entity
  (case-folded text), and each source toward every entity inside a claim attributed to it; the
  model adds a `none` class and a pair predicted `none` is not emitted.
Features of a pair: holder kind (AUTHOR, the source's kind or the entity's type), target type
and case-folded text, the outlet (`meta.source`) alone and crossed with the target text, the
words of the target's sentence, the words within five tokens of the target, and for a source
holder the words of its claims. Classifier: DictVectorizer + LogisticRegression (balanced
class weights, lbfgs, seeded).
"""

from __future__ import annotations

from typing import Any, Sequence

from sklearn.base import BaseEstimator

from .. import schemas
from ..records import Document, Entity, Layers, Source, Stance
from .tokens import sentence_bounds, tokenize

PAIR_MODES = ("gold", "candidates")
NONE = "none"


def check_pairs_mode(mode: str) -> None:
    """Raise ValueError for an unknown pairs mode."""
    if mode not in PAIR_MODES:
        raise ValueError(f"unknown pairs mode {mode!r}; expected one of {PAIR_MODES}")


def candidate_pairs(doc: Document, mode: str) -> list[tuple[str, str]]:
    """(holder_id, target_id) pairs to classify in `doc`, in a stable order."""
    check_pairs_mode(mode)
    if mode == "gold":
        return [(s.holder_id, s.target_id) for s in doc.layers.stances]
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for ent in sorted(doc.layers.entities):
        key = doc.text[ent.start:ent.end].casefold()
        if key not in seen:
            seen.add(key)
            pairs.append((schemas.AUTHOR, ent.id))
    by_source: dict[str, list[tuple[int, int]]] = {}
    for claim in doc.layers.claims:
        if claim.source_id is not None:
            by_source.setdefault(claim.source_id, []).append((claim.start, claim.end))
    for src in sorted(doc.layers.sources):
        for ent in sorted(doc.layers.entities):
            if any(s <= ent.start and ent.end <= e for s, e in by_source.get(src.id, ())):
                if (src.start, src.end) != (ent.start, ent.end):
                    pairs.append((src.id, ent.id))
    return list(dict.fromkeys(pairs))


def _words(text: str) -> list[str]:
    return [t.text.lower() for t in tokenize(text) if t.text[0].isalnum()]


def pair_features(doc: Document, holder_id: str, target_id: str) -> dict[str, Any]:
    """Feature dict of one (holder, target) pair of `doc` (ids must resolve)."""
    ents = {e.id: e for e in doc.layers.entities}
    srcs = {s.id: s for s in doc.layers.sources}
    target = ents[target_id]
    ttext = doc.text[target.start:target.end].casefold()
    outlet = str(doc.meta.get("source", ""))
    if holder_id == schemas.AUTHOR:
        hkind = "AUTHOR"
    elif holder_id in srcs:
        hkind = "source:" + srcs[holder_id].kind
    else:
        hkind = "entity:" + ents[holder_id].type
    f: dict[str, Any] = {
        "holder=" + hkind: 1.0, "ttype=" + target.type: 1.0, "ttext=" + ttext: 1.0,
        "outlet=" + outlet: 1.0, f"outlet|ttext={outlet}|{ttext}": 1.0, f"holder|ttype={hkind}|{target.type}": 1.0,
    }
    for s, e in sentence_bounds(doc.text):
        if s <= target.start < e:
            for w in _words(doc.text[s:e]):
                f["sent:" + w] = 1.0
            break
    left = _words(doc.text[max(0, target.start - 80):target.start])[-5:]
    right = _words(doc.text[target.end:target.end + 80])[:5]
    for w in left + right:
        f["win:" + w] = 1.0
    if holder_id in srcs:
        for claim in doc.layers.claims:
            if claim.source_id == holder_id:
                for w in _words(doc.text[claim.start:claim.end]):
                    f["claim:" + w] = 1.0
    return f


def stance_layers(doc: Document, triples: Sequence[tuple[str, str, str]]) -> Layers:
    """A submission's layers: the input entities and sources (so ids resolve) and the stances."""
    used = {x.id for x in doc.layers.entities} | {x.id for x in doc.layers.sources}
    stances, n = [], 0
    for holder, target, polarity in triples:
        n += 1
        while f"t{n}" in used:
            n += 1
        stances.append(Stance(id=f"t{n}", holder_id=holder, target_id=target, polarity=polarity))
    ents = tuple(Entity(start=e.start, end=e.end, type=e.type, id=e.id, text=doc.text[e.start:e.end]) for e in doc.layers.entities)
    srcs = tuple(Source(start=s.start, end=s.end, kind=s.kind, id=s.id, text=doc.text[s.start:s.end]) for s in doc.layers.sources)
    return Layers(entities=ents, sources=srcs, stances=tuple(stances), present=frozenset({"entities", "sources", "stances"}))


class LinearStance(BaseEstimator):
    """Polarity (and, with `pairs="candidates"`, whether a stance exists) of (holder, target) pairs."""

    def __init__(self, pairs: str = "gold", C: float = 1.0, seed: int = 0) -> None:
        self.pairs = pairs
        self.C = C
        self.seed = seed

    def fit(self, docs: Sequence[Document]) -> "LinearStance":
        """Train on the pairs of `docs` labelled with their gold polarity (or `none`)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        check_pairs_mode(self.pairs)
        xs, ys = [], []
        gold_pairs = reachable = 0
        for doc in docs:
            gold = {(s.holder_id, s.target_id): s.polarity for s in doc.layers.stances}
            cands = candidate_pairs(doc, self.pairs)
            gold_pairs += len(gold)
            reachable += len(set(cands) & set(gold))
            for h, t in cands:
                xs.append(pair_features(doc, h, t))
                ys.append(gold.get((h, t), NONE))
        self.pair_recall_ = reachable / gold_pairs if gold_pairs else 0.0
        self.classes_ = sorted(set(ys))
        self.constant_ = ys[0] if len(self.classes_) == 1 else None
        if self.constant_ is None and ys:
            self.model_ = Pipeline([
                ("vec", DictVectorizer()),
                ("clf", LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, random_state=self.seed)),
            ]).fit(xs, ys)
        elif not ys:
            self.constant_ = NONE if self.pairs == "candidates" else schemas.labels()["polarity"][-1]
        return self

    def predict(self, docs: Sequence[Document]) -> list[Layers]:
        """Stances for each document, with the document's own entities and sources."""
        out = []
        for doc in docs:
            pairs = candidate_pairs(doc, self.pairs)
            if not pairs:
                labels: list[str] = []
            elif self.constant_ is not None:
                labels = [self.constant_] * len(pairs)
            else:
                labels = list(self.model_.predict([pair_features(doc, h, t) for h, t in pairs]))
            triples = [(h, t, str(lab)) for (h, t), lab in zip(pairs, labels) if lab != NONE]
            out.append(stance_layers(doc, triples))
        return out

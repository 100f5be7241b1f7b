"""Stance baseline: a linear model over text features of (holder, target) pairs.

Pairs come from the input document's entity and source mentions (`candidate_pairs`):
- `pairs="gold"`: the gold stance pairs are given; the model only chooses the polarity
  (the stance-classification setting of SemEval-2016, target given);
- `pairs="candidates"`: the outlet (AUTHOR) toward the first mention of each distinct entity
  (case-folded text); each source toward every entity inside a claim attributed to it; and each
  entity of a type in `_HOLDER_TYPES` toward every other such entity (other text) in its
  sentence. The model adds a `none` class; a pair predicted `none` is not emitted.
Features of a pair: holder kind (AUTHOR, the source's kind or the entity's type) and text,
target type, text and words, the outlet (`meta.source`) alone and crossed with the target text,
the words of the target's sentence, the words between holder and target when they share a
sentence, and for a source holder the words of its claims. (Words within five tokens of the
target were tried and dropped: 5-fold cross-validation on the pilot drafts, F_avg 0.59 with them,
0.66 without.) Classifier: DictVectorizer + LogisticRegression (lbfgs, balanced class weights,
which won in every cross-validation setting tried, seeded).
"""

from __future__ import annotations

from typing import Any, Sequence

from sklearn.base import BaseEstimator

from .. import schemas
from ..records import Document, Entity, Layers, Source, Stance
from .tokens import sentence_bounds, single_blas_thread, tokenize

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
    ents = sorted(doc.layers.entities)
    for ent in ents:
        key = doc.text[ent.start:ent.end].casefold()
        if key not in seen:
            seen.add(key)
            pairs.append((schemas.AUTHOR, ent.id))
    by_source: dict[str, list[tuple[int, int]]] = {}
    for claim in doc.layers.claims:
        if claim.source_id is not None:
            by_source.setdefault(claim.source_id, []).append((claim.start, claim.end))
    for src in sorted(doc.layers.sources):
        for ent in ents:
            if any(s <= ent.start and ent.end <= e for s, e in by_source.get(src.id, ())):
                if (src.start, src.end) != (ent.start, ent.end):
                    pairs.append((src.id, ent.id))
    for s, e in sentence_bounds(doc.text):
        inside = [x for x in ents if s <= x.start and x.end <= e and x.type in _HOLDER_TYPES]
        for h in inside:
            for t in inside:
                if h.id != t.id and doc.text[h.start:h.end].casefold() != doc.text[t.start:t.end].casefold():
                    pairs.append((h.id, t.id))
    return list(dict.fromkeys(pairs))


_HOLDER_TYPES = frozenset({"PERSON", "ORG", "ARMED_GROUP", "GPE", "MEDIA"})
"""Entity types that take part in entity-to-entity candidate pairs (places and facilities do not)."""


def _words(text: str) -> list[str]:
    return [t.text.lower() for t in tokenize(text) if t.text[0].isalnum()]


class _View:
    """Per-document lookups shared by the features of all its pairs."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ents = {e.id: e for e in doc.layers.entities}
        self.srcs = {s.id: s for s in doc.layers.sources}
        self.bounds = sentence_bounds(doc.text)
        self.claim_words: dict[str, list[str]] = {}
        for claim in doc.layers.claims:
            if claim.source_id is not None:
                self.claim_words.setdefault(claim.source_id, []).extend(_words(doc.text[claim.start:claim.end]))

    def sentence(self, pos: int) -> tuple[int, int]:
        for s, e in self.bounds:
            if s <= pos < e:
                return s, e
        return pos, pos


def pair_features(doc: Document, holder_id: str, target_id: str, view: "_View | None" = None) -> dict[str, Any]:
    """Feature dict of one (holder, target) pair of `doc` (ids must resolve)."""
    v = view or _View(doc)
    text = doc.text
    target = v.ents[target_id]
    ttext = text[target.start:target.end].casefold()
    outlet = str(doc.meta.get("source", ""))
    holder = v.srcs.get(holder_id) or v.ents.get(holder_id)
    if holder_id == schemas.AUTHOR:
        hkind = "AUTHOR"
    elif holder_id in v.srcs:
        hkind = "source:" + v.srcs[holder_id].kind
    else:
        hkind = "entity:" + v.ents[holder_id].type
    f: dict[str, Any] = {
        "holder=" + hkind: 1.0, "ttype=" + target.type: 1.0, "ttext=" + ttext: 1.0,
        "outlet=" + outlet: 1.0, f"outlet|ttext={outlet}|{ttext}": 1.0, f"holder|ttype={hkind}|{target.type}": 1.0,
        f"holder|ttext={hkind}|{ttext}": 1.0,
    }
    for w in _words(ttext):
        f["ttok:" + w] = 1.0
    s, e = v.sentence(target.start)
    for w in _words(text[s:e]):
        f["sent:" + w] = 1.0
    if holder is not None:
        htext = text[holder.start:holder.end].casefold()
        f["htext=" + htext] = 1.0
        f[f"htext|ttext={htext}|{ttext}"] = 1.0
        if s <= holder.start < e:
            a, b = sorted((holder.end, target.start)) if holder.start < target.start else sorted((target.end, holder.start))
            f["same_sentence"] = 1.0
            f["holder_first"] = float(holder.start < target.start)
            for w in _words(text[a:b])[:12]:
                f["btw:" + w] = 1.0
    for w in v.claim_words.get(holder_id, ()):
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

    def __init__(self, pairs: str = "gold", C: float = 1.0, class_weight: str | None = "balanced", seed: int = 0) -> None:
        self.pairs = pairs
        self.C = C
        self.class_weight = class_weight
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
            view = _View(doc)
            for h, t in cands:
                xs.append(pair_features(doc, h, t, view))
                ys.append(gold.get((h, t), NONE))
        self.pair_recall_ = reachable / gold_pairs if gold_pairs else 0.0
        self.classes_ = sorted(set(ys))
        self.constant_ = ys[0] if len(self.classes_) == 1 else None
        if self.constant_ is None and ys:
            with single_blas_thread():
                self.model_ = Pipeline([
                    ("vec", DictVectorizer()),
                    ("clf", LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, random_state=self.seed)),
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
                view = _View(doc)
                labels = list(self.model_.predict([pair_features(doc, h, t, view) for h, t in pairs]))
            triples = [(h, t, str(lab)) for (h, t), lab in zip(pairs, labels) if lab != NONE]
            out.append(stance_layers(doc, triples))
        return out

"""Entity baseline: a CRF sequence labeller over hand-made token features, BIO-decoded to spans.

Features per token: `entity_features` (word, shape, affixes, capitalisation, position, a
gazetteer of train entities built by jackknife over `folds` folds, lower-case vocabulary). Training
sequences are sentences; gold entities become BIO tags on the tokens they cover. An entity whose
edges do not fall on token edges is still tagged on the tokens it overlaps (counted in
`n_unaligned_`); an entity overlapping an earlier one is left out of training (counted in
`n_overlapping_`). Decoding: a B- tag opens a span, I- of the same type extends it, an I- after
O or after another type opens a new span (the usual lenient BIO repair).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from sklearn.base import BaseEstimator

from ..records import Document, Entity, Layers
from .entity_features import Gazetteer, lower_vocabulary, sentence_features
from .tokens import Token, sentences_tokens


def _sentences(text: str) -> list[list[Token]]:
    return [toks for _, toks in sentences_tokens(text)]


def _gazetteer(docs: Sequence[Document]) -> Gazetteer:
    return Gazetteer.from_texts((doc.text[e.start:e.end], e.type) for doc in docs for e in doc.layers.entities)


def bio_tags(tokens: Sequence[Token], entities: Sequence[Entity]) -> tuple[list[str], Counter[str]]:
    """BIO tags of `tokens` for `entities`, and counts of the entities that did not map cleanly:
    `unaligned` (tagged, but an edge is inside a token), `overlapping` (left out: overlaps an
    earlier entity), `no_token` (left out: covers no token)."""
    tags = ["O"] * len(tokens)
    counts: Counter[str] = Counter()
    taken = [False] * len(tokens)
    for ent in sorted(entities, key=lambda e: (e.start, -e.end)):
        idx = [k for k, t in enumerate(tokens) if t.start < ent.end and t.end > ent.start]
        if not idx:
            counts["no_token"] += 1
            continue
        if any(taken[k] for k in idx):
            counts["overlapping"] += 1
            continue
        if tokens[idx[0]].start != ent.start or tokens[idx[-1]].end != ent.end:
            counts["unaligned"] += 1
        for n, k in enumerate(idx):
            tags[k] = ("B-" if n == 0 else "I-") + ent.type
            taken[k] = True
    return tags, counts


def decode_bio(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) spans from BIO tags (lenient: a stray I- opens a span)."""
    spans: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for tok, tag in zip(tokens, tags):
        if tag == "O":
            cur = None
            continue
        prefix, etype = tag.split("-", 1)
        if prefix == "I" and cur is not None and cur[2] == etype:
            cur[1] = tok.end
            spans[-1] = (cur[0], cur[1], cur[2])
        else:
            cur = [tok.start, tok.end, etype]
            spans.append((tok.start, tok.end, etype))
    return spans


def spans_to_layers(text: str, spans: Sequence[tuple[int, int, str]]) -> Layers:
    """An entities-only Layers from (start, end, type) spans, ids e1, e2, ... in text order."""
    ents = tuple(Entity(start=s, end=e, type=t, id=f"e{k}", text=text[s:e])
                 for k, (s, e, t) in enumerate(sorted(set(spans)), 1))
    return Layers(entities=ents, present=frozenset({"entities"}))


class CrfEntityTagger(BaseEstimator):
    """Linear-chain CRF (sklearn-crfsuite, L-BFGS, elastic-net c1/c2) over token features.

    Training is deterministic (L-BFGS has no random state), so `seed` is only recorded.
    """

    def __init__(self, c1: float = 0.1, c2: float = 0.1, max_iterations: int = 100, folds: int = 5,
                 gazetteer: bool = True, seed: int = 0) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.folds = folds
        self.gazetteer = gazetteer
        self.seed = seed

    def fit(self, docs: Sequence[Document]) -> "CrfEntityTagger":
        """Train on the gold entities of `docs`."""
        import sklearn_crfsuite

        xs, ys = [], []
        counts: Counter[str] = Counter()
        self.lower_vocab_ = lower_vocabulary(d.text for d in docs)
        self.gazetteer_ = _gazetteer(docs) if self.gazetteer else None
        folds = max(1, min(self.folds, len(docs)))
        # jackknife: a train document sees the gazetteer of the other folds only (fold = index mod folds)
        fold_gaz = [_gazetteer([d for m, d in enumerate(docs) if m % folds != f]) if self.gazetteer and folds > 1
                    else self.gazetteer_ for f in range(folds)]
        for k, doc in enumerate(docs):
            gaz = fold_gaz[k % folds]
            for sent in _sentences(doc.text):
                ents = [e for e in doc.layers.entities if e.start < sent[-1].end and e.end > sent[0].start]
                tags, found = bio_tags(sent, ents)
                counts.update(found)
                xs.append(sentence_features(sent, gaz, self.lower_vocab_))
                ys.append(tags)
        self.crf_ = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.c1, c2=self.c2,
                                         max_iterations=self.max_iterations, all_possible_transitions=True)
        if any(t != "O" for y in ys for t in y):
            self.crf_.fit(xs, ys)
            self.fitted_crf_ = True
        else:
            self.fitted_crf_ = False
        self.n_sequences_ = len(xs)
        self.n_entities_ = sum(len(d.layers.entities) for d in docs)
        self.n_unaligned_ = counts["unaligned"]
        self.n_overlapping_ = counts["overlapping"]
        self.n_no_token_ = counts["no_token"]
        return self

    def predict(self, docs: Sequence[Document]) -> list[Layers]:
        """Entity spans for each document (entities layer only)."""
        out = []
        for doc in docs:
            spans: list[tuple[int, int, str]] = []
            if self.fitted_crf_:
                sents = _sentences(doc.text)
                tagged = self.crf_.predict([sentence_features(s, self.gazetteer_, self.lower_vocab_) for s in sents]) if sents else []
                for sent, tags in zip(sents, tagged):
                    spans.extend(decode_bio(sent, tags))
            out.append(spans_to_layers(doc.text, spans))
        return out

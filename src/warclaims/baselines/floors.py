"""Floors: the scores any learned baseline must beat, one most-frequent and one seeded random per task.

Definitions (exact):
- entities: candidates are maximal runs of capitalised tokens within a sentence (`capitalised_runs`).
  `most_frequent` gives each run the most frequent train entity type; `random` draws the type from
  the train type distribution (seeded, per document, so the output does not depend on batch order).
- claims: `most_frequent` marks every occurrence of the most frequent train cue (lower-cased token
  sequence) as a cue, the capitalised run or single word just before it as a source of the most
  frequent kind, and the rest of the sentence after the cue as the claim, with the most frequent
  quote and certainty. `random` picks, in each sentence with the train rate of cue-bearing
  sentences, a random token as cue and a random other token of the sentence as source, the rest
  of the sentence after the cue as claim; kinds and labels drawn from their train distributions.
- stance: the same (holder, target) pairs as the stance baseline (`stance.candidate_pairs`), with
  `most_frequent` polarity (majority train polarity) or a polarity drawn from the train distribution.
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from typing import Sequence

from sklearn.base import BaseEstimator

from .. import schemas
from ..records import Claim, Cue, Document, Entity, Layers, Source
from .tokens import Token, sentences_tokens, tokenize  # noqa: F401  (sentences_tokens re-exported)

STRATEGIES = ("most_frequent", "random")


def doc_rng(seed: int, doc_id: str) -> random.Random:
    """A generator seeded by (seed, document id): predictions do not depend on document order."""
    return random.Random(seed * 1_000_003 + zlib.crc32(doc_id.encode("utf-8")))


def capitalised_runs(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of maximal runs of capitalised tokens."""
    runs, i = [], 0
    while i < len(tokens):
        if tokens[i].text[:1].isupper():
            j = i
            while j < len(tokens) and tokens[j].text[:1].isupper():
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


class _Prior:
    """Label counts with a most-frequent choice and seeded draws (ties broken by label order)."""

    def __init__(self, values: Sequence[str], order: Sequence[str]) -> None:
        counts = Counter(values)
        self.labels = [lab for lab in order if counts[lab]] or [order[0]]
        self.weights = [counts[lab] or 1 for lab in self.labels]
        self.top = max(self.labels, key=lambda lab: (counts[lab], -order.index(lab)))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.labels, weights=self.weights)[0]

    def pick(self, strategy: str, rng: random.Random) -> str:
        return self.top if strategy == "most_frequent" else self.draw(rng)


def _check(strategy: str) -> None:
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; expected one of {STRATEGIES}")


class EntityFloor(BaseEstimator):
    """Every capitalised token run is an entity; type most frequent or drawn from train."""

    def __init__(self, strategy: str = "most_frequent", seed: int = 0) -> None:
        self.strategy = strategy
        self.seed = seed

    def fit(self, docs: Sequence[Document]) -> "EntityFloor":
        _check(self.strategy)
        self.types_ = _Prior([e.type for d in docs for e in d.layers.entities], schemas.labels()["entity_type"])
        return self

    def predict(self, docs: Sequence[Document]) -> list[Layers]:
        out = []
        for doc in docs:
            rng = doc_rng(self.seed, doc.id)
            ents = []
            for _, toks in sentences_tokens(doc.text):
                for i, j in capitalised_runs(toks):
                    s, e = toks[i].start, toks[j - 1].end
                    ents.append(Entity(start=s, end=e, type=self.types_.pick(self.strategy, rng),
                                       id=f"e{len(ents) + 1}", text=doc.text[s:e]))
            out.append(Layers(entities=tuple(ents), present=frozenset({"entities"})))
        return out


def _cue_key(text: str) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in tokenize(text))


def _strip_end(toks: Sequence[Token]) -> list[Token]:
    toks = list(toks)
    while toks and not toks[-1].text[0].isalnum() and toks[-1].text not in "\"”’'":
        toks.pop()
    return toks


class ClaimFloor(BaseEstimator):
    """Cue, source and claim by the fixed rules in the module docstring."""

    def __init__(self, strategy: str = "most_frequent", seed: int = 0) -> None:
        self.strategy = strategy
        self.seed = seed

    def fit(self, docs: Sequence[Document]) -> "ClaimFloor":
        _check(self.strategy)
        labels = schemas.labels()
        keys = Counter(_cue_key(c.text or d.text[c.start:c.end]) for d in docs for c in d.layers.cues)
        keys.pop((), None)
        self.cue_ = min(keys, key=lambda k: (-keys[k], k)) if keys else ("said",)
        self.kinds_ = _Prior([s.kind for d in docs for s in d.layers.sources], labels["source_kind"])
        self.quotes_ = _Prior([c.quote for d in docs for c in d.layers.claims], labels["quote"])
        self.certainty_ = _Prior([c.certainty for d in docs for c in d.layers.claims], labels["certainty"])
        n_sent = n_cue_sent = 0
        for d in docs:
            for (s, e), _ in sentences_tokens(d.text):
                n_sent += 1
                n_cue_sent += any(s <= c.start < e for c in d.layers.cues)
        self.cue_rate_ = n_cue_sent / n_sent if n_sent else 0.0
        return self

    def _cue_positions(self, toks: Sequence[Token], rng: random.Random) -> list[tuple[int, int]]:
        if self.strategy == "random":
            return [(k, k + 1) for k in [rng.randrange(len(toks))] if rng.random() < self.cue_rate_]
        n = len(self.cue_)
        low = [t.text.lower() for t in toks]
        return [(i, i + n) for i in range(len(toks) - n + 1) if tuple(low[i:i + n]) == self.cue_]

    def predict(self, docs: Sequence[Document]) -> list[Layers]:
        out = []
        for doc in docs:
            rng = doc_rng(self.seed, doc.id)
            cues: list[Cue] = []
            sources: list[Source] = []
            claims: list[Claim] = []
            for _, toks in sentences_tokens(doc.text):
                for i, j in self._cue_positions(toks, rng):
                    n = len(cues) + 1
                    cue = Cue(start=toks[i].start, end=toks[j - 1].end, id=f"q{n}", text=doc.text[toks[i].start:toks[j - 1].end])
                    cues.append(cue)
                    src_id = None
                    src_range: tuple[int, int] | None = None
                    if self.strategy == "random":
                        others = [k for k in range(len(toks)) if not i <= k < j]
                        if others:
                            k = rng.choice(others)
                            src_range = (k, k + 1)
                    elif i > 0:
                        runs = [r for r in capitalised_runs(toks[:i]) if r[1] == i]
                        src_range = runs[0] if runs else (i - 1, i)
                    if src_range is not None:
                        s, e = toks[src_range[0]].start, toks[src_range[1] - 1].end
                        src_id = f"s{n}"
                        sources.append(Source(start=s, end=e, kind=self.kinds_.pick(self.strategy, rng), id=src_id, text=doc.text[s:e]))
                    rest = _strip_end(toks[j:])
                    if rest and rest[0].text.lower() == "that" and len(rest) > 1:
                        rest = rest[1:]
                    if rest:
                        s, e = rest[0].start, rest[-1].end
                        claims.append(Claim(start=s, end=e, id=f"c{n}", source_id=src_id, cue_id=cue.id,
                                            quote=self.quotes_.pick(self.strategy, rng),
                                            certainty=self.certainty_.pick(self.strategy, rng), text=doc.text[s:e]))
            out.append(Layers(sources=tuple(sources), cues=tuple(cues), claims=tuple(claims),
                              present=frozenset({"sources", "cues", "claims"})))
        return out


class StanceFloor(BaseEstimator):
    """Polarity most frequent or drawn from train, on the stance baseline's candidate pairs."""

    def __init__(self, strategy: str = "most_frequent", pairs: str = "gold", seed: int = 0) -> None:
        self.strategy = strategy
        self.pairs = pairs
        self.seed = seed

    def fit(self, docs: Sequence[Document]) -> "StanceFloor":
        from .stance import check_pairs_mode

        _check(self.strategy)
        check_pairs_mode(self.pairs)
        self.polarity_ = _Prior([s.polarity for d in docs for s in d.layers.stances], schemas.labels()["polarity"])
        return self

    def predict(self, docs: Sequence[Document]) -> list[Layers]:
        from .stance import candidate_pairs, stance_layers

        out = []
        for doc in docs:
            rng = doc_rng(self.seed, doc.id)
            pairs = candidate_pairs(doc, self.pairs)
            out.append(stance_layers(doc, [(h, t, self.polarity_.pick(self.strategy, rng)) for h, t in pairs]))
        return out

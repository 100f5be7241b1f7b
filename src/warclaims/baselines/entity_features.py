"""Token features of the entity CRF, designed to carry beyond the training vocabulary.

Besides the word itself, a token is described by what an unseen name shares with seen ones:
word shape (full and collapsed), prefixes and suffixes of length 1-4, capitalisation patterns
(title, all caps, mixed case, initial capital after a hyphen), length, digits and punctuation,
position in the sentence (first, second, last, relative third), a sentence-initial flag combined
with capitalisation, and whether the lower-cased word occurs in lower case in the training texts
(`lower_vocab`: a capitalised sentence-initial "Activists" is a common word, "Idlib" is not).

Gazetteer (`Gazetteer`): built ONLY from the entity spans of the training documents, as token
sequences with their most frequent type. Matches (longest first, non-overlapping) give a token
`gaz=B-TYPE` / `gaz=I-TYPE`; each word also gets the types of train entities it occurs in
(`gazw=TYPE`). Used naively, a train document would always find its own entities in the
gazetteer and the CRF would learn to trust it blindly; so `CrfEntityTagger.fit` builds the
features of each train fold from a gazetteer of the other folds (jackknife), and prediction uses
the gazetteer of all of train. No pretrained embeddings: none ships offline with the packages of
this project, and a train-only feature set keeps the model small, fast and deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable, Sequence

from .tokens import Token, shape, tokenize

_MAX_GAZ = 8


def _lower(tok: Token) -> str:
    return tok.text.casefold()


class Gazetteer:
    """Entity token sequences of some documents, with their most frequent type."""

    def __init__(self, entries: Iterable[tuple[tuple[str, ...], str]] = ()) -> None:
        by_key: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        words: dict[str, set[str]] = defaultdict(set)
        for key, etype in entries:
            if 0 < len(key) <= _MAX_GAZ:
                by_key[key][etype] += 1
                for w in key:
                    if w[:1].isalnum():
                        words[w].add(etype)
        self.types = {k: max(sorted(c), key=lambda t: c[t]) for k, c in by_key.items()}
        self.word_types = {w: tuple(sorted(t)) for w, t in words.items()}
        self.max_len = max((len(k) for k in self.types), default=0)

    @classmethod
    def from_texts(cls, items: Iterable[tuple[str, str]]) -> "Gazetteer":
        """From (entity text, type) pairs."""
        return cls((tuple(_lower(t) for t in tokenize(text)), etype) for text, etype in items)

    def tags(self, tokens: Sequence[Token]) -> list[str | None]:
        """`B-TYPE` / `I-TYPE` for tokens inside a gazetteer match (longest first), else None."""
        low = [_lower(t) for t in tokens]
        out: list[str | None] = [None] * len(tokens)
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_len, len(tokens) - i), 0, -1):
                etype = self.types.get(tuple(low[i:i + n]))
                if etype is not None and low[i][:1].isalnum():
                    out[i] = "B-" + etype
                    for k in range(i + 1, i + n):
                        out[k] = "I-" + etype
                    i += n
                    break
            else:
                i += 1
        return out


def lower_vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Words that occur in lower case (not sentence-case) somewhere in `texts`."""
    return frozenset(t.text for text in texts for t in tokenize(text) if t.text.islower())


def _position(i: int, n: int) -> str:
    if i == 0:
        return "first"
    if i == 1:
        return "second"
    if i == n - 1:
        return "last"
    return f"third{min(2, 3 * i // n)}"


def _context(tok: Token, gaz: str | None, prefix: str) -> dict[str, Any]:
    w = tok.text
    return {
        f"{prefix}lower": w.casefold(), f"{prefix}shape": shape(w),
        f"{prefix}title": w[:1].isupper(), f"{prefix}upper": w.isupper(),
        f"{prefix}gaz": gaz or "-",
    }


def token_features(tokens: Sequence[Token], i: int, gaz: Sequence[str | None] | None = None,
                   gazetteer: Gazetteer | None = None,
                   lower_vocab: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Feature dict of tokens[i] within its sentence (`tokens` is one sentence); `gaz` are the
    gazetteer tags of the sentence (`Gazetteer.tags`), `gazetteer` gives the word types."""
    w = tokens[i].text
    low = w.casefold()
    n = len(tokens)
    tags = gaz if gaz is not None else [None] * n
    title = w[:1].isupper()
    f: dict[str, Any] = {
        "bias": 1.0, "lower": low, "shape": shape(w), "shape_long": "".join(
            "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in w[:8]),
        "title": title, "upper": w.isupper() and len(w) > 1, "digit": w.isdigit(),
        "mixed": any(c.isupper() for c in w[1:]) and any(c.islower() for c in w),
        "alpha": w.isalpha(), "punct": not w[:1].isalnum(), f"len={min(len(w), 8)}": 1.0,
        "pos=" + _position(i, n): 1.0,
        "first_title": i == 0 and title,
        "seen_lower": low in lower_vocab,
        "title_seen_lower": title and low in lower_vocab,
        "title_unseen_lower": title and low not in lower_vocab and w.isalpha(),
        "gaz": tags[i] or "-",
        "after_det_title": title and i > 0 and tokens[i - 1].text.casefold() in ("the", "a", "an"),
        "before_clitic": i + 1 < n and tokens[i + 1].text.casefold() in ("'s", "’s"),
        "hyphen_next": i + 1 < n and tokens[i + 1].text == "-",
        "hyphen_prev": i > 0 and tokens[i - 1].text == "-",
    }
    for k in range(1, 5):
        if len(w) > k:
            f[f"pre{k}"] = w[:k]
            f[f"suf{k}"] = low[-k:]
    if gazetteer is not None:
        for etype in gazetteer.word_types.get(low, ()):
            f["gazw=" + etype] = 1.0
    for off in (-2, -1, 1, 2):
        j = i + off
        if 0 <= j < n:
            f.update(_context(tokens[j], tags[j], f"{off:+d}:"))
        else:
            f[f"{off:+d}:edge"] = True
    f["-1|0"] = (tokens[i - 1].text.casefold() if i else "<s>") + "|" + low
    f["0|+1"] = low + "|" + (tokens[i + 1].text.casefold() if i + 1 < n else "</s>")
    return f


def sentence_features(sent: Sequence[Token], gazetteer: Gazetteer | None,
                      lower_vocab: frozenset[str]) -> list[dict[str, Any]]:
    """Features of every token of one sentence."""
    gaz = gazetteer.tags(sent) if gazetteer is not None else None
    return [token_features(sent, i, gaz, gazetteer, lower_vocab) for i in range(len(sent))]

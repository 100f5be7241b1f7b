"""Features of the claims baseline: cue candidates, source candidates and source kinds.

Cue candidates carry their surface key, their lemma (`cue_lexicon.lemma_of`, so an inflection
unseen in train shares the weight of its lemma), whether train saw the key as a cue and whether
the open reporting-verb list holds it, and their context. Source candidates are the noun-phrase-like
token n-grams (words, inner hyphens and possessive clitics; up to `MAX_SOURCE` tokens) before and
after the cue, including pronouns (he, she, it, they, ...), described by side, distance, length,
edge words, determiners, pronoun-hood, capitalisation and the words between them and the cue;
in the word features a capitalised word also stands as its shape (`<Cap>`, `<CAPS>`), because most
are names, and a name not seen in train would otherwise carry no evidence at all.
"""

from __future__ import annotations

from typing import Any, Sequence

from .cue_lexicon import CUE_FORMS, lemma_of
from .tokens import Token

MAX_SOURCE = 8
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"})
QUOTES = "\"“”•"


def _is_word(tok: Token) -> bool:
    return tok.text[0].isalnum()


def _is_inner(tok: Token) -> bool:
    """A token a source may hold inside: a word, a hyphen ("US-backed") or a possessive clitic."""
    return _is_word(tok) or tok.text == "-" or tok.text.casefold() in ("'s", "’s")


def _low(toks: Sequence[Token], k: int) -> str:
    return toks[k].text.casefold() if 0 <= k < len(toks) else "<edge>"


def _word(toks: Sequence[Token], k: int) -> str:
    """A source-side word for lexical features: case-folded, but a capitalised word (a name, in
    most places) becomes its shape, so that names never seen in train are not strangers."""
    if 0 <= k < len(toks) and toks[k].text[:1].isupper():
        return "<Cap>" if not toks[k].text.isupper() else "<CAPS>"
    return _low(toks, k)


def cue_features(toks: Sequence[Token], i: int, j: int, key: tuple[str, ...],
                 train_keys: frozenset[tuple[str, ...]] | set[tuple[str, ...]] = frozenset()) -> dict[str, Any]:
    """Features of a cue candidate toks[i:j] in its sentence; `train_keys` are the train cues."""
    lemma = lemma_of(key)
    return {
        "key=" + " ".join(key): 1.0, "len": float(j - i), "lemma=" + lemma: 1.0,
        "in_train": float(key in train_keys), "open_list": float(key in CUE_FORMS),
        "form=" + ("ing" if key[-1].endswith("ing") else "ed" if key[-1].endswith(("ed", "id", "ld", "te"))
                   else "s" if key[-1].endswith("s") else "base"): 1.0,
        "lemma|next=" + lemma + "|" + _low(toks, j): 1.0, "prev|lemma=" + _low(toks, i - 1) + "|" + lemma: 1.0,
        "quote_near": float(any(t.text in QUOTES for t in toks[max(0, i - 2):j + 2])),
        "colon_next": float(_low(toks, j) in (":", ",")),
        "prev=" + _low(toks, i - 1): 1.0, "prev2=" + _low(toks, i - 2): 1.0,
        "next=" + _low(toks, j): 1.0, "next2=" + _low(toks, j + 1): 1.0,
        "prev_cap": float(i > 0 and toks[i - 1].text[:1].isupper()),
        "next_that": float(_low(toks, j) == "that"),
        "at_start": float(i == 0), "at_end": float(j >= len(toks) - 1),
        "cap": float(toks[i].text[:1].isupper()),
    }


def source_candidates(toks: Sequence[Token], i: int, j: int, window: int) -> list[tuple[int, int]]:
    """Token ranges [a, b) of source candidates around the cue toks[i:j]."""
    out = []
    for a in range(max(0, i - window), len(toks)):
        if a >= j + window:
            break
        if i <= a < j:
            continue
        for b in range(a + 1, min(len(toks), a + MAX_SOURCE) + 1):
            if a < i < b or (a < j <= b and a < i) or not _is_inner(toks[b - 1]):
                break
            if not all(_is_inner(t) for t in toks[a:b]) or not _is_word(toks[a]):
                break
            if not _is_word(toks[b - 1]):
                continue
            if b > i and a < j:
                break
            out.append((a, b))
    return out


def _bucket(d: int) -> str:
    return str(d) if d < 3 else "3-5" if d < 6 else "6+"


def source_features(toks: Sequence[Token], a: int, b: int, i: int, j: int,
                    edges: tuple[frozenset[str], ...] = (frozenset(), frozenset(), frozenset())) -> dict[str, Any]:
    """Features of candidate toks[a:b] for the cue toks[i:j]; `edges` are the case-folded
    first and last words of train sources and the one-word cues of the lexicon."""
    side = "before" if b <= i else "after"
    dist = i - b if side == "before" else a - j
    caps = [t.text[:1].isupper() for t in toks[a:b]]
    gap = toks[b:i] if side == "before" else toks[j:a]
    return {
        "known_first": float(_word(toks, a) in edges[0]), "known_last": float(_word(toks, b - 1) in edges[1]),
        "cue_word_inside": float(any(t.text.casefold() in edges[2] for t in toks[a:b])),
        "gap=" + " ".join(t.text.casefold() for t in gap[:3]): 1.0,
        "side=" + side: 1.0, f"dist={side}:{_bucket(dist)}": 1.0, f"len={min(b - a, 4)}": 1.0,
        "first=" + _word(toks, a): 1.0, "last=" + _word(toks, b - 1): 1.0,
        "first_word=" + _low(toks, a): 1.0, "last_word=" + _low(toks, b - 1): 1.0,
        "before=" + _word(toks, a - 1): 1.0, "after=" + _word(toks, b): 1.0,
        "all_cap": float(all(caps)), "any_cap": float(any(caps)),
        "first_cap": float(caps[0]), "last_cap": float(caps[-1]), "sent_start": float(a == 0),
        f"side|firstcap={side}|{caps[0]}": 1.0, f"side|dist|last={side}|{_bucket(dist)}|{_word(toks, b - 1)}": 1.0,
        **{"in=" + _word(toks, k): 1.0 for k in range(a + 1, b - 1)},
        "pronoun": float(b - a == 1 and _low(toks, a) in PRONOUNS), "det_first": float(_low(toks, a) in DETERMINERS),
        f"side|pronoun={side}|{b - a == 1 and _low(toks, a) in PRONOUNS}|{_bucket(dist)}": 1.0,
        "ends_before_word": float(b < len(toks) and _is_word(toks[b]) and b != i),
        "quote_gap": float(any(t.text in QUOTES for t in gap)),
    }


def kind_features(toks: Sequence[Token], a: int, b: int) -> dict[str, Any]:
    """Features of source span toks[a:b] for its kind: words, edges, inner capitals, length."""
    f: dict[str, Any] = {"first=" + _low(toks, a): 1.0, "last=" + _low(toks, b - 1): 1.0, f"len={min(b - a, 4)}": 1.0,
                         "cap_inner": float(any(t.text[:1].isupper() for t in toks[a + 1:b])),
                         "cap_first": float(toks[a].text[:1].isupper() and a > 0)}
    for t in toks[a:b]:
        f["w=" + t.text.casefold()] = 1.0
    return f

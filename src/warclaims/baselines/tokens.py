"""Tokens and sentences with character offsets, shared by every baseline's features.

One regular-expression tokenizer that follows the span conventions of annotation/GUIDELINES.md
(sections 0-1), so that gold span edges fall on token edges:
- words are runs of letters/digits joined by inner `.` ("U.N"), inner apostrophes ("Ma'arrat")
  and inner "•" (a lost letter, "avu•olu"); a "•" at the start of a word is a lost quotation
  mark and a token of its own;
- a possessive clitic `'s` / `’s` after a word is split off ("Trump's" -> "Trump", "'s"), since
  the guidelines keep it outside entity spans; a glued possessive without apostrophe ("Syrias")
  stays one token, as the guidelines mark it;
- hyphens split compounds ("US-backed" -> "US", "-", "backed"; "pro-Damascus", "opposition-held"),
  because a name inside such a compound is its own entity; the one exception is an Arabic article
  before a capitalised name ("al-Assad", "Al-Nusra", "el-Zour"), which is part of the name;
- every other non-space character is a token of its own (quotes, brackets, "•", commas).
Offsets are Python code-point offsets into the text (not UTF-16 or bytes), end-exclusive, so spans
built from tokens are valid submission spans as they are.
Sentences end at `.`, `!` or `?` followed by space and an upper-case letter or a quote, and at
blank lines; FA-KES text lost most commas, so nothing here relies on them.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

_TOKEN = re.compile(
    r"(?i:al|el|ad|an|ar|as|ash|at|az|ud)-(?=[A-Z])\w+(?:(?:[.•]|[’'](?![sS]\b))\w+)*"  # al-Assad
    r"|\w+(?:(?:[.•]|[’'](?![sS]\b))\w+)*"  # words: U.N, Ma'arrat, avu•olu, Syrias
    r"|(?<=\w)[’'][sS]\b"  # possessive clitic after a word
    r"|[^\w\s]",  # any other single character: - " “ ” • ( ) , .
    re.UNICODE)
_SENT_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“A-Z0-9])|\n\s*\n|\n(?=\S)")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: `text[start:end]`."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` with code-point offsets, in order."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, covering every non-blank character."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    out = []
    for s, e in bounds:
        chunk = text[s:e]
        stripped = chunk.strip()
        if not stripped:
            continue
        s2 = s + (len(chunk) - len(chunk.lstrip()))
        out.append((s2, s2 + len(stripped)))
    return out


def sentences_tokens(text: str) -> list[tuple[tuple[int, int], list[Token]]]:
    """Each sentence's bounds with its tokens (sentences without tokens left out)."""
    tokens = tokenize(text)
    bounds = sentence_bounds(text)
    per: list[list[Token]] = [[] for _ in bounds]
    for tok, s in zip(tokens, sentence_of(tokens, bounds)):
        per[s].append(tok)
    return [(b, t) for b, t in zip(bounds, per) if t]


def sentence_of(tokens: Sequence[Token], bounds: Sequence[tuple[int, int]]) -> list[int]:
    """Index of the sentence holding each token (tokens and bounds both in text order)."""
    out, j = [], 0
    for t in tokens:
        while j + 1 < len(bounds) and t.start >= bounds[j][1]:
            j += 1
        out.append(j)
    return out


def shape(word: str) -> str:
    """Collapsed word shape: 'Homs' -> 'Xx', 'HTS' -> 'X', '2011' -> 'd', 'al-Sham' -> 'x-Xx'."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def is_capitalised(word: str) -> bool:
    """Starts with an upper-case letter."""
    return bool(word) and word[0].isupper()


def token_span(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """Character (start, end) of tokens[i:j] (j exclusive, j > i)."""
    return tokens[i].start, tokens[j - 1].end


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Run a block with one BLAS/OpenMP thread.

    scipy's L-BFGS (under LogisticRegression) makes many tiny BLAS calls; on this 2-core machine
    two OpenBLAS threads made a fit 30x slower (13 s against 0.4 s, measured), so model fits run
    single-threaded. Results do not change.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield

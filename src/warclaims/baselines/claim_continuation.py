"""Speech that runs on past its cue's sentence (GUIDELINES D13: one claim per sentence, the same
source, the introducing cue reused), for the claims baseline.

After a cue, each following sentence is asked in turn, while none has a cue of its own, whether
it continues the same speech; the first "no" ends the run. The question is a logistic regression
learned from train (`examples`): for every gold cue that is the last cue of its sentence, the
following sentences covered by a claim of that cue are positives, and the first one that is not
is a negative. Its features (`features`) describe the run so far and the candidate sentence:
whether the cue's sentence (or the previous one) ends with a colon, whether a quotation opened
since the cue is still open, paragraph breaks, distance, how the candidate begins and ends, and
first-person pronouns. Nothing in it is specific to a corpus; it learns what train shows.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..records import Document
from .tokens import Token

MAX_RUN = 8
"""Sentences after the cue's sentence that may continue its speech."""

OPENING, CLOSING, STRAIGHT = "“", "”", "\""
FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me", "ours"})


def open_quote(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end (curly marks counted, straight
    marks by parity)."""
    return text.count(OPENING) > text.count(CLOSING) or text.count(STRAIGHT) % 2 == 1


def features(text: str, sents: Sequence[tuple[tuple[int, int], Sequence[Token]]], k: int, d: int, cue_end: int,
             anchor_claim: bool) -> dict[str, Any]:
    """Features of sentence k + d continuing the speech introduced by the cue ending at offset
    `cue_end` in sentence k; `anchor_claim` says whether the cue has a claim in its own sentence."""
    (ks, ke), _ = sents[k]
    (ps, pe), _ = sents[k + d - 1]
    (cs, ce), toks = sents[k + d]
    before = text[ke:cs]
    words = [t.text.casefold() for t in toks]
    since_cue = text[cue_end:cs]
    return {
        "bias": 1.0,
        "d": str(min(d, 4)),
        "cue_sentence_colon": text[ks:ke].rstrip().endswith(":"),
        "previous_colon": text[ps:pe].rstrip().endswith(":"),
        "anchor_claim": anchor_claim,
        "quote_open": open_quote(since_cue),
        "paragraph_break": "\n" in text[pe:cs],
        "paragraphs_since_cue": str(min(before.count("\n\n") + text[ks:ke].count("\n\n"), 2)),
        "starts_quote": toks[0].text in (OPENING, STRAIGHT),
        "ends_quote": any(t.text in (CLOSING, STRAIGHT) for t in toks[-2:]),
        "first_person": any(w in FIRST_PERSON for w in words),
        "short": len(toks) < 6,
    }


def examples(doc: Document, sents: Sequence[tuple[tuple[int, int], Sequence[Token]]]
             ) -> tuple[list[dict[str, Any]], list[int]]:
    """Training questions of one gold document (see the module docstring)."""
    def sentence(pos: int) -> int:
        return next((n for n, ((s, e), _) in enumerate(sents) if s <= pos < e), -1)

    cue_sentence = {c.id: sentence(c.start) for c in doc.layers.cues}
    with_cue = set(cue_sentence.values())
    last_cue: dict[int, Any] = {}
    for c in sorted(doc.layers.cues, key=lambda c: c.start):
        last_cue[cue_sentence[c.id]] = c
    claim_sentences: dict[str, set[int]] = {}
    for cl in doc.layers.claims:
        if cl.cue_id is not None:
            claim_sentences.setdefault(cl.cue_id, set()).add(sentence(cl.start))
    xs, ys = [], []
    for k, cue in sorted(last_cue.items()):
        if k < 0:
            continue
        covered = claim_sentences.get(cue.id, set())
        for d in range(1, MAX_RUN + 1):
            if k + d >= len(sents) or k + d in with_cue:
                break
            label = int(k + d in covered)
            xs.append(features(doc.text, sents, k, d, cue.end, k in covered))
            ys.append(label)
            if not label:
                break
    return xs, ys

"""Span hygiene: selections a careful annotator would not have made (pure, no I/O).

GUIDELINES.md section 0: spans are contiguous, start and end on word boundaries, and exclude
surrounding spaces, quotation marks (a "•" standing for one included), brackets and the final full
stop; two spans of one layer never overlap. `validate.check_document` already rejects what makes a
record wrong (offsets, span text, the same span with the same label twice); the findings here are
sloppy but well-formed selections ("Homs\\n", "zbollah", two overlapping ORG spans). Callers print
them as warnings; `--strict` makes them errors.

Kinds (`KINDS`), each a `Finding` with a JSON path, a message and the span text:
- `whitespace`: the span begins or ends with whitespace;
- `punctuation`: the span begins or ends with punctuation the guidelines keep outside;
- `mid-word`: the span begins or ends inside a word;
- `duplicate`: the same offsets twice in one layer with different labels (same label: validate's error);
- `overlap`: two spans of one layer share characters without being the same span.

Exceptions, each on a rule of the guidelines (tested in tests/test_hygiene.py):
- a final "." that ends an abbreviation or initial stays ("U.S.", "Jr.", "J."): the full stop the
  guidelines drop is the sentence's, and these are part of the name;
- a closing quotation mark or bracket whose opening partner is inside the span stays (a `mixed`
  claim ending in a quoted phrase: `... dispatched “surveillance troops”`); an opening one whose
  closing partner is inside the span, not at its end, stays too; only enclosing or unpaired marks
  are findings;
- "%" and other symbols are not punctuation here ("50%");
- "•" between two letters is a lost letter (D2, "avu•olu"), part of the word; at a word's start it
  is a lost quotation mark and a word boundary.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from . import schemas
from .problems import Problem, json_path, path_key

KINDS = ("whitespace", "punctuation", "mid-word", "duplicate", "overlap")

ABBREVIATIONS = frozenset({"Jr", "Sr", "St", "Mt", "Inc", "Ltd", "Co", "Corp", "Bros", "Gen", "Col", "Lt", "Sgt", "Capt",
                           "Maj", "Dr", "Mr", "Mrs", "Ms", "Prof", "Rev", "No", "vs", "etc"})
"""Words that keep their final "." when a span ends with them ("Martin Luther King Jr.")."""

PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "«": "»", "‹": "›", "„": "“"}
"""Opening -> closing marks; the ASCII `"` and the "•" quote pair with themselves (`'` is not paired:
it is an apostrophe as often as a quotation mark)."""

SELF_PAIRED = frozenset({'"', "•"})

_EDGE = frozenset(".,;:!?-–—/" + "".join(PAIRS) + "".join(PAIRS.values()) + "\"'•")
"""Characters a span may not begin or end with (unless an exception in the module docstring applies)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One hygiene finding: where (JSON path inside the record), which kind, what, the span text."""

    path: str
    kind: str
    message: str
    value: Any = None
    start: int | None = None
    end: int | None = None

    def located(self, file: str, line: int, prefix: str = "") -> Problem:
        """The finding as a Problem at FILE:LINE; its message starts with the kind in brackets."""
        return Problem(file, line, self.path, f"{prefix}[{self.kind}] {self.message}", self.value)


def kind_of(problem: Problem) -> str | None:
    """The hygiene kind of a Problem made by `Finding.located`, or None for another problem."""
    for kind in KINDS:
        if f"[{kind}] " in problem.message:
            return kind
    return None


def _word_char(text: str, i: int) -> bool:
    """Whether text[i] belongs to a word: a letter, digit or combining mark, or a "•" between two
    letters (a lost letter, D2)."""
    if not 0 <= i < len(text):
        return False
    c = text[i]
    if c.isalnum() or unicodedata.category(c).startswith("M"):
        return True
    return c == "•" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def inside_word(text: str, i: int) -> bool:
    """Whether offset `i` (a boundary between text[i-1] and text[i]) cuts a word in two."""
    return _word_char(text, i - 1) and _word_char(text, i)


def _partners(span: str) -> dict[int, int]:
    """Index -> index of its paired mark, for the quotation marks and brackets in `span`."""
    out: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(span):
        if c in SELF_PAIRED and not (c == "•" and 0 < i < len(span) - 1 and span[i - 1].isalnum() and span[i + 1].isalnum()):
            if stack and stack[-1][0] == c:
                j = stack.pop()[1]
                out[i], out[j] = j, i
            else:
                stack.append((c, i))
        elif c in PAIRS.values() and stack and PAIRS.get(stack[-1][0]) == c:
            j = stack.pop()[1]
            out[i], out[j] = j, i
        elif c in PAIRS:
            stack.append((c, i))
    return out


def _abbreviation(span: str) -> bool:
    """Whether the final "." of `span` ends an abbreviation or initial: "U.S.", "Jr.", "J."."""
    word = span[:-1].rsplit(None, 1)[-1] if span[:-1].strip() else ""
    word = word.rsplit("-", 1)[-1]
    if not word:
        return False
    return "." in word or word in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def edge_findings(text: str, start: int, end: int, path: list[str | int]) -> list[Finding]:
    """Whitespace, punctuation and mid-word findings of one span text[start:end]."""
    if text[start].isalnum() and text[end - 1].isalnum() and not inside_word(text, start) and not inside_word(text, end):
        return []  # the common case, decided without slicing the span
    span = text[start:end]
    where = json_path(path)
    at = {"start": start, "end": end}
    out: list[Finding] = []
    if span[0].isspace() or span[-1].isspace():
        side = "begins and ends" if span[0].isspace() and span[-1].isspace() else "begins" if span[0].isspace() else "ends"
        out.append(Finding(where, "whitespace", f"span {side} with whitespace", span, **at))
    last = len(span) - 1
    partners = _partners(span) if span[0] in _EDGE or span[-1] in _EDGE else {}
    if span[0] in _EDGE and not (0 in partners and 0 < partners[0] < last):
        why = "an enclosing mark" if partners.get(0) == last else f"{span[0]!r}"
        out.append(Finding(where, "punctuation", f"span begins with {why}: the guidelines keep it outside", span, **at))
    if span[-1] in _EDGE and not (last in partners and 0 < partners[last] < last) \
            and not (span[-1] == "." and _abbreviation(span)) and not (partners.get(last) == 0 and span[0] in _EDGE):
        out.append(Finding(where, "punctuation", f"span ends with {span[-1]!r}: the guidelines keep it outside", span, **at))
    cuts = [name for name, i in (("begins", start), ("ends", end)) if inside_word(text, i)]
    if cuts:
        word_start = start
        while word_start > 0 and _word_char(text, word_start - 1):
            word_start -= 1
        word_end = end
        while word_end < len(text) and _word_char(text, word_end):
            word_end += 1
        out.append(Finding(where, "mid-word", f"span {' and '.join(cuts)} inside a word ({text[word_start:word_end]!r})", span, **at))
    return out


def _spans(layers: Mapping[str, Any], layer: str, text: str) -> list[tuple[int, int, int, Any]]:
    """(index, start, end, label) of the well-formed spans of `layer` inside `text`."""
    items = layers.get(layer)
    if not isinstance(items, list):
        return []
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        s, e = item.get("start"), item.get("end")
        if type(s) is int and type(e) is int and 0 <= s < e <= len(text):
            out.append((i, s, e, item.get("type") or item.get("kind")))
    return out


def layer_findings(text: str, layer: str, spans: list[tuple[int, int, int, Any]]) -> list[Finding]:
    """Duplicate and overlap findings among the spans of one layer, each reported on the later span."""
    out: list[Finding] = []
    active: list[tuple[int, int, int, Any]] = []  # spans that may still overlap what comes next
    for i, s, e, label in sorted(spans, key=lambda x: (x[1], x[2], x[0])):
        active = [a for a in active if a[2] > s]
        for j, s2, e2, label2 in active:
            first, second = sorted((i, j))
            where = json_path([layer, second])
            if (s, e) == (s2, e2):
                if label != label2:
                    out.append(Finding(where, "duplicate", f"same span as {json_path([layer, first])} with another label "
                                       f"({label2!r} and {label!r})", text[s:e], s, e))
            else:
                out.append(Finding(where, "overlap", f"overlaps {json_path([layer, first])} ({text[s2:e2]!r}); spans of one layer "
                                   "never overlap", text[s:e], s, e))
        active.append((i, s, e, label))
    return out


def check_layers(text: str, layers: Mapping[str, Any]) -> list[Finding]:
    """Every hygiene finding of one record's span layers against its `text`, in path order.

    Malformed items (the schema's or validate's to report) are passed over.
    """
    out: list[Finding] = []
    for layer in schemas.SPAN_LAYERS:
        spans = _spans(layers, layer, text)
        for i, s, e, _ in spans:
            out += edge_findings(text, s, e, [layer, i])
        out += layer_findings(text, layer, spans)
    return sorted(out, key=lambda f: path_key(f.path))


BOUNDARY = frozenset(" \t\n\r\f\v.,;:!?()[]{}\"'“”‘’«»-–—/")
"""Characters that are certainly not part of a word: a span next to one starts or ends on a word
boundary. ("•" is not here: between two letters it is a lost letter.)"""


def quick_clean(text: str, layers: Iterable[Iterable[Any]]) -> bool:
    """True when the spans (objects with `start` and `end`, each layer in text order) certainly have
    no finding: every span starts and ends with a letter or digit next to a boundary character,
    inside the text, and starts at or after the end of the span before it in its layer. False only
    means: run `check_layers`. The validate pass over a large file takes this path for almost every
    record (bench/README.md, "validate")."""
    n = len(text)
    alnum = str.isalnum
    for items in layers:
        last = 0
        for it in items:
            s, e = it.start, it.end
            if not last <= s < e <= n or not (alnum(text[s]) and alnum(text[e - 1])):
                return False
            if (s and text[s - 1] not in BOUNDARY) or (e < n and text[e] not in BOUNDARY):
                return False
            last = e
    return True


def check_record(value: Any) -> list[Finding]:
    """`check_layers` on a Document (or any dict with `text` and span layers); [] for non-records."""
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return []
    return check_layers(value["text"], value)


def counts(findings: Iterable[Finding | Problem]) -> dict[str, int]:
    """Findings per kind, every kind present (zeros included)."""
    out = dict.fromkeys(KINDS, 0)
    for f in findings:
        kind = f.kind if isinstance(f, Finding) else kind_of(f)
        if kind is not None:
            out[kind] += 1
    return out

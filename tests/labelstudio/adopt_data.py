"""The two adoption examples of docs/LABEL_STUDIO.md: foreign Label Studio projects and their annotations.

Texts are SYNTHETIC (tests/labelstudio/data/adopt_*/tasks.json say so in the text and meta).
The annotations below are test fixtures written for these tests, in Label Studio's own result
JSON, by the AI agent that wrote the tests; they are not annotations of real news.
Offsets come from `find` in the task text, so the data reads like what an annotator marks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .e2e_data import at

DATA = Path(__file__).parent / "data"
NER = DATA / "adopt_ner"
ATTRIBUTION = DATA / "adopt_attribution"


def tasks(example: Path) -> list[dict[str, Any]]:
    """The task data of an example (what is imported into the project)."""
    return json.loads((example / "tasks.json").read_text(encoding="utf-8"))


def region(text: str, rid: str, phrase: str, control: str, to: str, label: str, nth: int = 0) -> dict[str, Any]:
    s, e = at(text, phrase, nth)
    return {"id": rid, "from_name": control, "to_name": to, "type": "labels", "origin": "manual",
            "value": {"start": s, "end": e, "text": phrase, "labels": [label]}}


def ner(text: str, rid: str, phrase: str, label: str) -> dict[str, Any]:
    return region(text, rid, phrase, "label", "text", label)


def ner_first(t: str) -> list[dict[str, Any]]:
    """Task 0 by the first annotator: 3 kept entities, 3 ignored regions (event, time, LOC kept)."""
    return [ner(t, "n1", "Reuters", "ORG"), ner(t, "n2", "Syrian Observatory for Human Rights", "ORG"),
            ner(t, "n3", "Homs", "LOC"), ner(t, "n4", "Tuesday", "time"), ner(t, "n5", "shelling", "event")]


def ner_second(t: str) -> list[dict[str, Any]]:
    """Task 0 by the second annotator: no time label, one MISC (ignored)."""
    return [ner(t, "m1", "Reuters", "ORG"), ner(t, "m2", "Syrian", "MISC"), ner(t, "m3", "Homs", "LOC")]


def ner_hama(t: str) -> list[dict[str, Any]]:
    """Task 1 by the first annotator."""
    return [ner(t, "h1", "Ahmad Khalil", "PER"), ner(t, "h2", "Hama", "LOC"), ner(t, "h3", "Russian-made", "MISC"),
            ner(t, "h4", "noon", "time")]


def span(text: str, rid: str, phrase: str, label: str) -> dict[str, Any]:
    return region(text, rid, phrase, "span", "body", label)


def quotation(text: str, rid: str, phrase: str, value: str) -> dict[str, Any]:
    s, e = at(text, phrase)
    return {"id": rid, "from_name": "quotation", "to_name": "body", "type": "choices", "origin": "manual",
            "value": {"start": s, "end": e, "text": phrase, "choices": [value]}}


def relation(a: str, b: str, label: str, direction: str = "right") -> dict[str, Any]:
    return {"from_id": a, "to_id": b, "type": "relation", "direction": direction, "labels": [label]}


def attribution(t: str) -> list[dict[str, Any]]:
    """Three claims linked by `attributed_to` in both directions; a topic region, a `related`
    relation and a document-level `relevance` choice that the mapping ignores; quotation chosen
    on two claims, the rest defaulted."""
    return [
        span(t, "c1", "40 people were wounded in the strike", "content"), span(t, "s1", "The health ministry", "source"),
        span(t, "q1", "said", "cue"), quotation(t, "c1", "40 people were wounded in the strike", "paraphrase"),
        relation("c1", "s1", "attributed_to"), relation("q1", "c1", "attributed_to"),
        span(t, "c2", "We are overwhelmed,", "content"), span(t, "s2", "a nurse", "source"), span(t, "q2", "told", "cue"),
        quotation(t, "c2", "We are overwhelmed,", "direct"),
        relation("s2", "c2", "attributed_to"), relation("c2", "q2", "attributed_to", "left"),
        span(t, "c3", "expect more casualties", "content"), span(t, "s3", "Officials", "source"), span(t, "q3", "reportedly", "cue"),
        relation("c3", "s3", "attributed_to"), relation("c3", "q3", "attributed_to"),
        span(t, "t1", "strike", "topic"), relation("t1", "c1", "related"), relation("c3", "c1", "related"),
        relation("t1", "c3", "attributed_to"),
        {"id": "doc", "from_name": "relevance", "to_name": "body", "type": "choices", "origin": "manual",
         "value": {"choices": ["relevant"]}},
    ]

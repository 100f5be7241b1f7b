"""Checks of article lines ({id, text, meta}: what Label Studio imports, baselines pre-annotate
and drafts are anchored to) and of FA-KES corpus rows: the one place these inputs are judged.

Why one place: each command used to check a little (a string id here, a text there), so a bad
id surfaced later under someone else's name (`baselines predict` blamed the baselines'
predictions for an article id the schema forbids). Pure functions: a dict in, located problems
out (paths relative to the line; the reader adds file and line).
"""

from __future__ import annotations

from typing import Any, Mapping

from .problems import Problem

ARTICLE_FIELDS = ("id", "text", "meta")


def check_article(value: Mapping[str, Any]) -> list[Problem]:
    """Problems of one article line: its id, text and meta checked by the document schema (as a
    Document without annotations), unknown fields, and a meta.annotation (articles carry none)."""
    from .validate import check_schema

    meta = value.get("meta")
    probe = {"id": value.get("id"), "text": value.get("text"), "entities": [], "sources": [], "cues": [], "claims": [], "stances": [],
             "meta": {**(meta if isinstance(meta, dict) else {}),
                      "annotation": {"annotators": [], "annotation_ids": [], "guidelines_version": "",
                                     "tool_version": "", "pass": "first", "adjudication": "none"}}}
    extra = sorted(set(value) - set(ARTICLE_FIELDS))
    found = [Problem("", 0, f"$.{k}", "unknown field in an article line (expected id, text, meta)", None) for k in extra]
    if "meta" in value and not isinstance(meta, dict):
        found.append(Problem("", 0, "$.meta", "must be an object", meta))
    elif isinstance(meta, dict) and "annotation" in meta:
        found.append(Problem("", 0, "$.meta.annotation", "articles carry provenance only, not meta.annotation", None))
    return found + check_schema("document", probe)


def check_article_text(value: Mapping[str, Any]) -> list[Problem]:
    """Problems of a line that needs only an id and a text (pre-annotation, anchoring): the id
    by the document schema's pattern, a non-empty string text; other fields are ignored."""
    from .validate import check_schema

    probe = _probe()
    probe["id"], probe["text"] = value.get("id"), value.get("text")
    return [p for p in check_schema("document", probe) if p.path in ("$", "$.id", "$.text")]


def _probe() -> dict[str, Any]:
    """A schema-valid Document skeleton whose id and text a check replaces."""
    return {"id": "x", "text": "x", "entities": [], "sources": [], "cues": [], "claims": [], "stances": [],
            "meta": {"title": None, "source": "x", "url": None, "published": None, "language": "en", "licence": "x",
                     "corpus": "x", "synthetic": False, "story": None,
                     "annotation": {"annotators": [], "annotation_ids": [], "guidelines_version": "", "tool_version": "",
                                    "pass": "first", "adjudication": "none"}}}


FAKES_FIELDS = {"id": str, "text": str, "outlet": str}


def check_fakes_row(row: Mapping[str, Any]) -> list[Problem]:
    """Problems of one FA-KES JSONL row (shared/corpus/fakes.jsonl): id, text and outlet strings."""
    found = []
    for key, kind in FAKES_FIELDS.items():
        if key not in row:
            found.append(Problem("", 0, f"$.{key}", "required field of a FA-KES row is missing", None))
        elif not isinstance(row[key], kind) or not row[key].strip():
            found.append(Problem("", 0, f"$.{key}", "must be a non-empty string", row[key]))
    return found

"""Annotation drafts anchored by quoted text, resolved to exact code-point offsets.

Maintainers who annotate outside the browser (in an editor, reading the article in full)
write spans by copying their text, not by counting characters:
`{"id": "e1", "text": "Hezbollah", "type": "ARMED_GROUP"}`. When the text occurs more
than once, the draft names which occurrence with `"n"` (1-based) or with `"prefix"`, the
text immediately before the span. Resolution is pure and strict: an ambiguous or missing
anchor is a located Problem, never a guess. The resolved layers are then imported into
Label Studio as annotations (`warclaims ls import --annotations`), so the released records
still come out of the real export -> convert path.
"""

from __future__ import annotations

from typing import Any, Mapping

from . import schemas
from .problems import Problem, json_path
from .records import split_notes

DRAFT_KEYS = ("id", "annotator", "pass", "ground_truth", "pre_annotated_by", "notes") + schemas.LAYERS


def find_all(text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of `needle` in `text` that starts and ends on a word
    boundary ("IS" is not found inside "ISIS", "Homs" not inside "Homsi")."""
    starts, pos = [], text.find(needle)
    while pos != -1:
        end = pos + len(needle)
        left_ok = pos == 0 or not (needle[0].isalnum() and text[pos - 1].isalnum())
        right_ok = end == len(text) or not (needle[-1].isalnum() and text[end].isalnum())
        if left_ok and right_ok:
            starts.append(pos)
        pos = text.find(needle, pos + 1)
    return starts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _context(text: str, start: int, end: int, width: int = 25) -> str:
    return f"…{text[max(0, start - width):start]}[{text[start:end]}]{text[end:end + width]}…".replace("\n", " ")


def anchor_span(text: str, item: Mapping[str, Any], path: list[str | int]) -> tuple[int, int] | list[tuple[int, int]] | Problem:
    """Offsets of one drafted span (a list of them when `"n"` lists occurrences), or a Problem
    saying why it cannot be placed. `"n": "all"` (the 0.1.0 shortcut) is refused: every
    occurrence is chosen in context and listed (GUIDELINES.md D23)."""
    needle = item.get("text")
    if not isinstance(needle, str) or not needle:
        return Problem("", 0, json_path(path + ["text"]), "span needs a non-empty 'text'")
    starts = find_all(text, needle)
    prefix = item.get("prefix")
    if isinstance(prefix, str):
        starts = [s for s in starts if text[:s].endswith(prefix)]
    if not starts:
        where = f" after prefix {prefix!r}" if isinstance(prefix, str) else ""
        return Problem("", 0, json_path(path + ["text"]), f"{needle!r} does not occur in the article text{where}", needle)
    n = item.get("n")
    if n == "all":
        shown = "; ".join(f"n={i + 1}: {_context(text, s, s + len(needle))}" for i, s in enumerate(starts))
        return Problem("", 0, json_path(path + ["n"]),
                       f"\"n\": \"all\" is refused (guidelines 0.2.0 D23); list the occurrences you mark, "
                       f"e.g. \"n\": {list(range(1, len(starts) + 1))} ({shown})", n)
    if isinstance(n, list):
        if not n or any(not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(starts) for k in n) \
                or len(set(n)) != len(n) or n != sorted(n):
            return Problem("", 0, json_path(path + ["n"]),
                           f"n={n!r} must list distinct occurrences in increasing order, each 1..{len(starts)} "
                           f"({needle!r} occurs {len(starts)} time(s))", n)
        return [(starts[k - 1], starts[k - 1] + len(needle)) for k in n]
    if n is not None:
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= len(starts):
            return Problem("", 0, json_path(path + ["n"]), f"n={n!r} but {needle!r} occurs {len(starts)} time(s)", n)
        start = starts[n - 1]
    elif len(starts) == 1:
        start = starts[0]
    else:
        shown = "; ".join(f"n={i + 1}: {_context(text, s, s + len(needle))}" for i, s in enumerate(starts))
        return Problem("", 0, json_path(path + ["text"]),
                       f"{needle!r} occurs {len(starts)} times; add \"n\" (one occurrence or a list) or \"prefix\" ({shown})", needle)
    return start, start + len(needle)


def _overlap_problems(text: str, layer: str, spans: list[dict[str, Any]]) -> list[Problem]:
    """Two spans of one layer never overlap (GUIDELINES.md section 0); each overlap is a problem
    naming both spans, never a span silently dropped."""
    found = []
    ordered = sorted(spans, key=lambda x: (x["start"], x["end"]))
    for a, b in zip(ordered, ordered[1:]):
        if _overlaps((a["start"], a["end"]), (b["start"], b["end"])):
            found.append(Problem("", 0, json_path([layer]),
                                 f"{a['id']} {text[a['start']:a['end']]!r} at {a['start']} and {b['id']} "
                                 f"{text[b['start']:b['end']]!r} at {b['start']} overlap (no nesting within a layer)"))
    return found


def _check_evidence(text: str, stance: Mapping[str, Any], path: list[str | int]) -> list[Problem]:
    """An AUTHOR stance other than neutral names the outlet's evaluative words (`"evidence"`),
    and those words occur in the article (GUIDELINES.md D21, D24)."""
    evidence = stance.get("evidence")
    if evidence is not None and (not isinstance(evidence, str) or not evidence or evidence not in text):
        return [Problem("", 0, json_path(path + ["evidence"]), "evidence must be words copied from the article text", evidence)]
    if stance.get("holder_id") == "AUTHOR" and stance.get("polarity") in ("support", "oppose") and evidence is None:
        return [Problem("", 0, json_path(path + ["evidence"]),
                        f"an AUTHOR {stance.get('polarity')} stance needs \"evidence\": the outlet's own evaluative words (guidelines D21)")]
    return []


def resolve_draft(draft: Mapping[str, Any], article: Mapping[str, Any]
                  ) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Layers with exact offsets for one draft and every problem found (overlapping spans of one
    layer included: nothing is skipped)."""
    text = article["text"]
    problems: list[Problem] = []
    for key in draft:
        if key not in DRAFT_KEYS:
            problems.append(Problem("", 0, json_path([key]), f"unknown field {key!r}; expected one of {', '.join(DRAFT_KEYS)}"))
    layers: dict[str, list[dict[str, Any]]] = {}
    for layer in schemas.LAYERS:
        items = draft.get(layer, [])
        if not isinstance(items, list):
            problems.append(Problem("", 0, json_path([layer]), "must be a list"))
            continue
        out: list[dict[str, Any]] = []
        expand: list[tuple[dict[str, Any], list[tuple[int, int]]]] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                problems.append(Problem("", 0, json_path([layer, i]), "must be an object"))
                continue
            fields = {k: v for k, v in item.items() if k not in ("n", "prefix", "id", "evidence")}
            if layer not in schemas.SPAN_LAYERS:
                problems.extend(_check_evidence(text, item, [layer, i]))
                out.append({"id": item.get("id"), **fields})
                continue
            placed = anchor_span(text, item, [layer, i])
            if isinstance(placed, Problem):
                problems.append(placed)
            elif isinstance(placed, list):
                expand.append(({"id": item.get("id"), **fields}, placed))
            else:
                out.append({"id": item.get("id"), "start": placed[0], "end": placed[1], **fields})
        for base, spans in expand:
            for k, (start, end) in enumerate(spans):
                out.append({**base, "id": base["id"] if k == 0 else f"{base['id']}.{k + 1}", "start": start, "end": end})
        if layer in schemas.SPAN_LAYERS:
            problems.extend(_overlap_problems(text, layer, out))
        layers[layer] = sorted(out, key=lambda x: (x.get("start", 0), x.get("end", 0))) if layer in schemas.SPAN_LAYERS else out
    return layers, problems


def draft_to_document(draft: Mapping[str, Any], article: Mapping[str, Any], *, guidelines_version: str,
                      tool_version: str) -> tuple[dict[str, Any], list[Problem]]:
    """A Document record for a draft; problems include anchoring and full document validation."""
    from .validate import check_document

    layers, problems = resolve_draft(draft, article)
    if draft.get("pre_annotated_by") and draft.get("pass", "first") != "first":
        problems.append(Problem("", 0, "$.pre_annotated_by",
                                "pre-annotation is allowed for first passes only (a second pass or an adjudication "
                                "starts from the text and the guidelines)", draft.get("pre_annotated_by")))
    annotator = draft.get("annotator")
    doc = {
        "id": article["id"],
        "text": article["text"],
        "meta": {**article["meta"], "annotation": {
            "annotators": [annotator] if isinstance(annotator, str) else [],
            "annotation_ids": [],
            "guidelines_version": guidelines_version,
            "tool_version": tool_version,
            "pass": draft.get("pass", "first"),
            "adjudication": "none",
            "pre_annotated_by": draft.get("pre_annotated_by"),
            "task_id": None,
            "ground_truth": draft.get("ground_truth") is True,
            "created_at": None,
            "updated_at": None,
            "lead_time": None,
            "origin": "draft-import",
            **({"notes": _notes(draft["notes"])} if draft.get("notes") else {}),
        }},
        **layers,
    }
    if not problems:
        problems = check_document(doc)
    return doc, problems


def _notes(notes: Any) -> Any:
    """A draft's notes as Label Studio gives them back (records.split_notes: one per line, blank
    lines left out); anything that is not a list of strings is passed on for the schema to report."""
    if isinstance(notes, list) and all(isinstance(n, str) for n in notes):
        return split_notes(notes)
    return notes


_SINGULAR = {"entities": "entity", "sources": "source", "cues": "cue", "claims": "claim"}


def spans_for_review(doc: Mapping[str, Any]) -> list[str]:
    """One line per resolved span with its context, so the annotator can check placement."""
    text = doc["text"]
    lines = []
    for layer in schemas.SPAN_LAYERS:
        for item in doc.get(layer, []):
            label = item.get("type") or item.get("kind") or ""
            if layer == "claims":
                label = f"source={item.get('source_id')} cue={item.get('cue_id')} {item.get('quote')}/{item.get('certainty')}"
            lines.append(f"{_SINGULAR[layer]:7} {item['id']:5} {label:28} {_context(text, item['start'], item['end'])}")
    for st in doc.get("stances", []):
        lines.append(f"stance  {st['id']:5} {st['holder_id']} -> {st['target_id']}: {st['polarity']}")
    return lines

"""Document layers -> Label Studio `result` JSON: the inverse of results.results_to_layers (pure).

Used to import pre-annotations (`ls import --predictions`) and existing annotations
(`ls import --annotations`). Span ids become region ids; per-region choices follow their
region; stances come last in their own order, each carrying its id in `warclaims_id` so that
converting the export gives back exactly the input layers. A Document's `meta.annotation.notes`
go into the config's notes text area, one line per note, last.
"""

from __future__ import annotations

from typing import Any, Mapping

from .. import schemas
from .config import ConfigError, ProjectConfig

NOTES_ID = "warclaims-notes"
"""Result id of the notes text area (Label Studio needs an id on every result item)."""


def layers_to_results(doc: Mapping[str, Any], config: ProjectConfig, text: str | None = None) -> list[dict[str, Any]]:
    """Label Studio result items for the layers of `doc` (a Document or Submission dict).

    A span's `text` is optional in a Submission; Label Studio wants it, so a span without one
    gets its slice of `text` (the task's text), else of `doc["text"]` (a Document's)."""
    to = config.text_name
    full = text if text is not None else doc.get("text")
    out: list[dict[str, Any]] = []
    spans: dict[str, dict[str, Any]] = {}
    for layer in schemas.SPAN_LAYERS:
        for item in doc.get(layer) or []:
            spans[item["id"]] = item
            control, label = config.span_for(layer, item.get("type") if layer == "entities" else None)
            value = {"start": item["start"], "end": item["end"], "text": _span_text(item, full)}
            out.append({"id": item["id"], "from_name": control, "to_name": to, "type": "labels",
                        "origin": "manual", "value": {**value, "labels": [label]}})
            for fld in ("quote", "certainty", "kind"):
                if layer in ("claims", "sources") and item.get(fld) is not None:
                    name, choice = config.choice_for(layer, fld, item[fld])
                    out.append({"id": item["id"], "from_name": name, "to_name": to, "type": "choices",
                                "origin": "manual", "value": {**value, "choices": [choice]}})
    for claim in doc.get("claims") or []:
        for ref in (claim.get("source_id"), claim.get("cue_id")):
            if ref is not None:
                out.append({"from_id": claim["id"], "to_id": ref, "type": "relation", "direction": "right", "labels": []})
    for st in doc.get("stances") or []:
        if st["holder_id"] == schemas.AUTHOR:
            target = spans[st["target_id"]]
            name, choice = config.choice_for("entities", "author_stance", st["polarity"])
            out.append({"id": target["id"], "from_name": name, "to_name": to, "type": "choices", "origin": "manual",
                        "value": {"start": target["start"], "end": target["end"], "text": _span_text(target, full),
                                  "choices": [choice]},
                        "warclaims_id": st["id"]})
        else:
            out.append({"from_id": st["holder_id"], "to_id": st["target_id"], "type": "relation", "direction": "right",
                        "labels": [config.relation_label(st["polarity"])], "warclaims_id": st["id"]})
    notes = ((doc.get("meta") or {}).get("annotation") or {}).get("notes")
    if notes:
        if not config.notes:
            raise ConfigError("the document has meta.annotation.notes but the labeling config has no notes <TextArea>")
        out.append({"id": NOTES_ID, "from_name": config.notes[0], "to_name": to, "type": "textarea", "origin": "manual",
                    "value": {"text": ["\n".join(notes)]}})
    return out


def _span_text(item: Mapping[str, Any], text: str | None) -> str:
    """The span's own `text`, else its slice of the document text (a Submission may omit it)."""
    if item.get("text") is not None:
        return str(item["text"])
    if text is None:
        raise ValueError(f"span {item.get('id')!r} has no text and no document text is known to take it from")
    return text[item["start"]:item["end"]]

"""meta.annotation.defaults through adjudication: gold ids re-assigned, majority by position (synthetic text)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from warclaims import validate
from warclaims.dataset import adjudicate
from warclaims.dataset.gold_defaults import gold_defaults
from warclaims.labelstudio.config import parse_config
from warclaims.labelstudio.convert import convert_export_file

EXAMPLE = Path(__file__).parents[1] / "labelstudio" / "data" / "adopt_attribution"


def adopted() -> dict[str, Any]:
    """The converted record of the attribution example (3 claims, defaults on c1-c3 and s1-s3)."""
    config = parse_config((EXAMPLE / "config.xml").read_text(encoding="utf-8"),
                          json.loads((EXAMPLE / "mapping.json").read_text(encoding="utf-8")))
    (doc,) = convert_export_file(EXAMPLE / "export.json", config=config).documents
    return doc


def by_text(doc: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    layer = entry["field"].split(".", 1)[0]
    text = {it["id"]: it["text"] for it in doc[layer]}
    return [text[i] for i in entry["ids"]]


def renamed(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` with every span id reversed within its layer (c1 <-> c3), references and defaults following."""
    doc = copy.deepcopy(doc)
    new = {}
    for layer in ("sources", "cues", "claims"):
        ids = [it["id"] for it in doc[layer]]
        new.update(dict(zip(ids, reversed(ids), strict=True)))
        for it in doc[layer]:
            it["id"] = new[it["id"]]
    for c in doc["claims"]:
        c["source_id"], c["cue_id"] = new[c["source_id"]], new[c["cue_id"]]
    for e in doc["meta"]["annotation"]["defaults"]:
        e["ids"] = [new[i] for i in e["ids"]]
    assert validate.check_document(doc) == []
    return doc


def test_single_annotation_defaults_follow_the_new_gold_ids() -> None:
    ann = renamed(adopted())
    assert [e["ids"] for e in ann["meta"]["annotation"]["defaults"] if e["field"] == "claims.quote"] == [["c1"]]
    res = adjudicate.adjudicate([ann])
    gold = res.gold
    assert validate.check_document(gold) == []
    before = {e["field"]: by_text(ann, e) for e in ann["meta"]["annotation"]["defaults"]}
    after = {e["field"]: by_text(gold, e) for e in gold["meta"]["annotation"]["defaults"]}
    assert after == before and {c["id"] for c in gold["claims"]} == {"c1", "c2", "c3"}
    assert [e["ids"] for e in gold["meta"]["annotation"]["defaults"] if e["field"] == "claims.quote"] == [
        [c["id"] for c in gold["claims"] if c["text"] == "expect more casualties"]]


def test_majority_lists_a_gold_span_only_where_its_value_is_the_default() -> None:
    a, b, c = adopted(), adopted(), adopted()
    for doc, who in ((a, "a"), (b, "b"), (c, "c")):
        doc["meta"]["annotation"] = {**doc["meta"]["annotation"], "annotators": [who], "annotation_ids": [who]}
    for doc in (b, c):  # two of three chose certainty and quote themselves
        doc["meta"]["annotation"]["defaults"] = [e for e in doc["meta"]["annotation"]["defaults"] if e["field"] == "sources.kind"]
        for claim in doc["claims"]:
            claim["certainty"], claim["quote"] = "hedged", "direct"
    res = adjudicate.adjudicate([a, b, c])
    assert res.rule == "majority"
    listed = {e["field"]: e for e in res.gold["meta"]["annotation"]["defaults"]}
    assert set(listed) == {"sources.kind"} and by_text(res.gold, listed["sources.kind"]) == ["The health ministry", "a nurse", "Officials"]
    assert validate.check_document(res.gold) == []


def test_no_defaults_means_no_key() -> None:
    doc = adopted()
    plain = copy.deepcopy(doc)
    del plain["meta"]["annotation"]["defaults"]
    assert gold_defaults(doc, [plain]) == []
    assert "defaults" not in adjudicate.adjudicate([plain]).gold["meta"]["annotation"]

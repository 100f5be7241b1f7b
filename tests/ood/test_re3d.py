"""warclaims.ood.re3d and the committed conversion in baselines/ood/re3d/."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from warclaims.labelstudio.config import parse_config
from warclaims.labelstudio.convert import convert_export, convert_export_file
from warclaims.ood import re3d
from warclaims.scoring import load_gold

ROOT = Path(__file__).resolve().parents[2]
OOD = ROOT / "baselines" / "ood" / "re3d"
CONFIG = parse_config(re3d.LABELING_CONFIG, re3d.MAPPING)

# Synthetic text (tests only), in re3d's row shape.
TEXT = "Synthetic: the Royal Navy said he met Ann Lee in Mosul on Monday."
DOC = {"_id": "ABCDEF0123456789", "title": "Synthetic", "sourceUrl": "https://example.org/x", "text": TEXT}


def ent(value: str, type_: str, confidence: float = 1.0, start: int | None = None) -> dict:
    begin = TEXT.index(value) if start is None else start
    return {"_id": f"x-{begin}-{type_}", "documentId": DOC["_id"], "begin": begin, "end": begin + len(value),
            "type": type_, "value": value, "confidence": confidence}


def convert(entities: list[dict]) -> tuple[re3d.Tasks, dict]:
    tasks = re3d.subset_tasks("CENTCOM", [DOC], entities, commit="0" * 40)
    conv = convert_export(tasks.tasks, source="t", config=CONFIG, guidelines_version="g", tool_version="t")
    assert conv.problems == []
    assert len(conv.documents) == 1
    return tasks, conv.documents[0]


def test_types_are_mapped_and_unmapped_types_counted():
    tasks, doc = convert([ent("the Royal Navy", "Organisation"), ent("Ann Lee", "Person"), ent("Mosul", "Location"),
                          ent("Monday", "Temporal")])
    assert [(e["text"], e["type"]) for e in doc["entities"]] == [
        ("the Royal Navy", "ORG"), ("Ann Lee", "PERSON"), ("Mosul", "GPE")]
    assert tasks.counts["dropped_type"] == 1 and tasks.dropped_types == Counter({"Temporal": 1})
    assert tasks.counts["mentions"] == 4 and tasks.counts["mentions_kept"] == 3


def test_low_confidence_mismatched_and_overlapping_mentions_are_dropped_and_counted():
    bad = ent("Ann Lee", "Person")
    bad["value"] = "Ann  Lee"
    tasks, doc = convert([ent("Royal Navy", "Organisation", 0.49), bad, ent("Mosul", "Location"),
                          ent("in Mosul", "Location", 0.9), ent("Mosul", "Organisation", 0.6)])
    assert [(e["text"], e["type"]) for e in doc["entities"]] == [("in Mosul", "GPE")]
    c = tasks.counts
    assert (c["dropped_low_confidence"], c["dropped_offset_mismatch"], c["dropped_duplicate_span"], c["dropped_overlap"]) == (1, 1, 1, 1)


def test_provenance_says_whose_annotation_and_which_licence():
    _, doc = convert([ent("Mosul", "Location")])
    meta = doc["meta"]
    assert doc["id"] == "re3d-centcom-abcdef012345"
    assert meta["corpus"] == "re3d" and meta["licence"] == re3d.SUBSETS["CENTCOM"]["licence"]
    assert meta["synthetic"] is False and meta["url"] == DOC["sourceUrl"]
    ood = meta["extra"]["ood"]
    assert ood["commit"] == "0" * 40 and ood["re3d_id"] == DOC["_id"] and ood["layers_annotated"] == ["entities"]
    assert meta["annotation"]["annotators"] == [re3d.ANNOTATOR] and meta["annotation"]["pass"] == "adjudicated"


def test_committed_records_validate_and_match_their_counts():
    docs, problems = load_gold(OOD / "documents.jsonl")
    assert problems == [] and docs
    report = json.loads((OOD / "conversion.json").read_text(encoding="utf-8"))
    types = Counter(e.type for d in docs for e in d.layers.entities)
    assert dict(types) == report["entity_types"]
    assert report["documents"] == len(docs) == report["converter"]["documents"]
    m = report["mentions"]
    assert m["mentions_kept"] == sum(types.values())
    dropped = sum(v for k, v in m.items() if k.startswith("dropped_"))
    assert m["mentions"] == m["mentions_kept"] + dropped
    assert sum(report["dropped_types"].values()) == m["dropped_type"]
    assert {d.meta["licence"] for d in docs} <= {s["licence"] for s in re3d.SUBSETS.values()}
    assert all(not d.layers.claims and not d.layers.sources for d in docs)
    assert (OOD / "documents.jsonl").stat().st_size + (OOD / "export.json").stat().st_size < 2_000_000


def test_committed_export_reconverts_to_the_committed_records():
    config = parse_config((OOD / "labeling_config.xml").read_text(encoding="utf-8"),
                          json.loads((OOD / "mapping.json").read_text(encoding="utf-8")))
    first = json.loads((OOD / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    ann = first["meta"]["annotation"]
    conv = convert_export_file(OOD / "export.json", config=config, guidelines_version=ann["guidelines_version"],
                               tool_version=ann["tool_version"])
    assert conv.problems == [] and conv.repairs == []
    again = sorted(json.dumps(d, ensure_ascii=False, sort_keys=True) for d in conv.documents)
    assert again == sorted((OOD / "documents.jsonl").read_text(encoding="utf-8").splitlines())

"""warclaims.ood.own and the committed baselines/ood/own/ set (the project's own annotation of the re3d texts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warclaims.ood.own import about, article, gold_records
from warclaims.scoring import load_gold
from warclaims.validate import check_document

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "baselines" / "ood" / "own"
RE3D = ROOT / "baselines" / "ood" / "re3d" / "documents.jsonl"


def _re3d() -> list[dict]:
    return [json.loads(line) for line in RE3D.read_text(encoding="utf-8").splitlines()]


def _record(doc_id: str, pass_name: str, truth: bool) -> dict:
    return {"id": doc_id, "text": "Synthetic.", "entities": [], "sources": [], "cues": [], "claims": [], "stances": [],
            "meta": {"extra": {"keep": 1}, "annotation": {"pass": pass_name, "ground_truth": truth}}}


def test_the_annotators_view_has_the_text_and_provenance_but_no_annotation():
    doc = _re3d()[0]
    art = article(doc)
    assert set(art) == {"id", "text", "meta"} and art["text"] == doc["text"]
    assert "re3d" not in art["meta"]["licence"] and art["meta"]["extra"]["re3d_id"] == doc["meta"]["extra"]["ood"]["re3d_id"]
    assert "annotation" not in art["meta"] and "ood" not in art["meta"]["extra"]
    empty = {**art, "meta": {**art["meta"], "annotation": {
        "annotators": ["a"], "annotation_ids": [], "guidelines_version": "0.2.0", "tool_version": "t", "pass": "first",
        "adjudication": "none", "pre_annotated_by": None, "task_id": None, "ground_truth": True, "created_at": None,
        "updated_at": None, "lead_time": None, "origin": "draft-import"}},
        "entities": [], "sources": [], "cues": [], "claims": [], "stances": []}
    assert check_document(empty) == []


def test_gold_records_keeps_the_ground_truth_record_of_each_text_and_stamps_it():
    recs = [_record("b", "first", False), _record("b", "adjudicated", True), _record("a", "second", False),
            _record("a", "adjudicated", True)]
    stamp = about(["x"], "0" * 64)
    gold, counts = gold_records(recs, stamp)
    assert [g["id"] for g in gold] == ["a", "b"] and all(g["meta"]["annotation"]["pass"] == "adjudicated" for g in gold)
    assert gold[0]["meta"]["extra"] == {"keep": 1, "ood": stamp}
    assert recs[1]["meta"]["extra"] == {"keep": 1}, "the input records are not changed"
    assert counts == {"records_first": 1, "records_second": 1, "records_adjudicated": 2, "gold": 2}


@pytest.mark.parametrize("recs", [[_record("a", "first", False)],
                                  [_record("a", "adjudicated", True), _record("a", "reviewed", True)]])
def test_gold_records_refuses_a_text_without_exactly_one_ground_truth(recs):
    with pytest.raises(ValueError, match="exactly one ground-truth"):
        gold_records(recs, {})


def test_the_workspace_plan_is_reproducible(tmp_path):
    plan = tmp_path / "plan.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "ood_own_workspaces.py"), "--out", str(tmp_path / "ws"),
                    "--plan", str(plan)], check=True, capture_output=True)
    made = json.loads(plan.read_text(encoding="utf-8"))
    committed = json.loads((OWN / "plan.json").read_text(encoding="utf-8"))
    passes = {k: v for k, v in committed["workspaces"].items() if v["pass"] in ("first", "second")}
    assert made["workspaces"] == passes
    ids = {d["id"] for d in _re3d()}
    for pass_name in ("first", "second"):
        batches = [v["articles"] for v in passes.values() if v["pass"] == pass_name]
        assert sorted(i for b in batches for i in b) == sorted(ids), f"every text once in the {pass_name} pass"
    for name in passes:
        brief = (tmp_path / "ws" / name / "BRIEF.md").read_text(encoding="utf-8")
        committed_brief = (OWN / "briefs" / f"{name}.md").read_text(encoding="utf-8")
        assert brief.replace(str(tmp_path / "ws"), "/work/annot-ood") == committed_brief


def test_the_articles_are_what_the_annotators_saw():
    lines = [json.dumps(article(d), ensure_ascii=False) + "\n" for d in sorted(_re3d(), key=lambda d: d["id"])]
    assert (OWN / "articles.jsonl").read_text(encoding="utf-8") == "".join(lines)


def test_the_gold_set_is_valid_complete_and_says_who_made_it():
    docs, problems = load_gold(OWN / "documents.jsonl")
    assert problems == []
    texts = {d["id"]: d["text"] for d in _re3d()}
    assert {d.id: d.text for d in docs} == texts
    for d in docs:
        ood = d.meta["extra"]["ood"]
        assert ood["conventions"] == "warclaims" and ood["layers_annotated"] == ["entities", "claims"]
        assert "AI-agent" in ood["annotation_by"]
        ann = d.meta["annotation"]
        assert ann["pass"] == "adjudicated" and ann["ground_truth"] is True and ann["pre_annotated_by"] is None
        assert all(a.startswith("agent-ood-adj-") for a in ann["annotators"])
        assert d.layers.stances == ()
    assert sum(len(d.layers.claims) for d in docs) > 0 and sum(len(d.layers.entities) for d in docs) > 0


def test_agreement_covers_every_text_in_both_independent_passes():
    report = json.loads((OWN / "agreement.json").read_text(encoding="utf-8"))
    assert report["documents"] == len(_re3d()) and report["annotations"] == 2 * len(_re3d())
    assert all(a.startswith(("agent-ood-first-", "agent-ood-second-")) for a in report["annotators"])


def test_the_card_states_the_out_of_domain_figures_of_the_results_file():
    results = (ROOT / "baselines" / "RESULTS.md").read_text(encoding="utf-8")
    own = results[results.index("## Out-of-domain check (entities and attribution"):]
    crf = next(line for line in own.splitlines() if line.startswith("| entities-crf |")).split("|")
    inside = next(line for line in own.splitlines() if line.startswith("| claims-linear | baseline | in-domain |")).split("|")
    outside = next(line for line in own.splitlines() if line.startswith("| claims-linear | baseline | outside |")).split("|")

    def fig(cell: str) -> str:
        return cell.strip().split(" ")[0]

    sentence = (f"drop from {fig(crf[3])} to {fig(crf[7])} entity strict F1 and from\n"
                f"{fig(inside[4])} to {fig(outside[4])} attribution F1")
    for card in (ROOT / "CARD.md", ROOT / "dataset" / "README.md"):
        assert sentence in card.read_text(encoding="utf-8"), card

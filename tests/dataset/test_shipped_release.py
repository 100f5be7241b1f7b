"""Facts about the shipped release that must stay true (issue: corpus 0.2.0).

These read dataset/ as committed: a rebuilt or edited release that breaks one of them fails here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

DATASET = Path(__file__).resolve().parents[2] / "dataset"


def _release() -> dict:
    return json.loads((DATASET / "RELEASE.json").read_text(encoding="utf-8"))


def _docs() -> dict[str, tuple[str, dict]]:
    from warclaims.dataset.reader import read_document_dicts

    out = {}
    for name in ("train", "validation", "test"):
        for doc in read_document_dicts(DATASET, name):
            out[doc["id"]] = (name, doc)
    return out


def test_release_0_1_0_stays_readable_with_datasets() -> None:
    import datasets

    old = DATASET / "releases" / "0.1.0"
    loaded = datasets.load_dataset(str(old), "documents")
    assert sum(len(loaded[s]) for s in loaded) == 61
    assert json.loads((old / "RELEASE.json").read_text())["version"] == "0.1.0"


def test_size_test_split_and_guidelines() -> None:
    rel = _release()
    if rel["version"] == "0.1.0":
        pytest.skip("release 0.2.0 not built yet")
    docs = _docs()
    splits = Counter(name for name, _ in docs.values())
    assert len(docs) >= 300 and splits["test"] >= 60
    assert {d["meta"]["annotation"]["guidelines_version"] for _, d in docs.values()} == {"0.2.0"}
    outlets = Counter(d["meta"]["source"] for _, d in docs.values() if d["meta"]["corpus"] == "FA-KES")
    assert all(n >= min(15, {"nna": 13, "asharqalawsat": 11, "tass": 5}.get(o, 15)) for o, n in outlets.items())


def test_record_metadata_tells_how_each_gold_record_was_made() -> None:
    rel = _release()
    if rel["version"] == "0.1.0":
        pytest.skip("release 0.2.0 not built yet")
    by_rule, by_pass = Counter(), Counter()
    for _, doc in _docs().values():
        ann = doc["meta"]["annotation"]
        by_rule[ann["adjudication"]] += 1
        by_pass[ann["pass"]] += 1
        assert ann["origin"] == "draft-import" and ann["pre_annotated_by"] is None
        roles = {a.split("-")[1] for a in ann["annotators"]}
        assert all(a.startswith("agent-") for a in ann["annotators"]), ann["annotators"]
        if ann["adjudication"] == "single":
            assert ann["pass"] == "first" and roles == {"first"} and not ann["ground_truth"]
            continue
        assert ann["adjudication"] == "ground_truth" and ann["ground_truth"]
        if ann["pass"] == "adjudicated":
            assert roles == {"first", "second", "adj"}
        else:
            assert ann["pass"] == "reviewed" and "review" in roles and roles <= {"first", "second", "adj", "review"}
            assert ("second" in roles) == ("adj" in roles)
    assert by_rule["ground_truth"] >= 61 and by_pass["adjudicated"] + by_pass["reviewed"] >= 61


def test_agreement_covers_at_least_60_documents_without_the_seed() -> None:
    rel = _release()
    if rel["version"] == "0.1.0":
        pytest.skip("release 0.2.0 not built yet")
    report = json.loads((DATASET / "agreement" / "agreement.json").read_text(encoding="utf-8"))
    assert report["documents"] - len(report["without"]["documents"]) >= 60
    assert report["without"]["documents"] == ["seed-homs-2024"]
    assert len(report["per_document"]) == report["documents"]


# ---- release 0.2.1: same annotations, inputs config, one card, Croissant over every split ----------

HISTORY_SHA256 = {
    "0.1.0.json": "6f7e362e485e4de37538215d98f8d1696a8ed228260dc808f43e676e111d10cc",
    "0.2.0.json": "fe2692974830cdd35f9d3efed5d1e4d8d61aa8f004e0cb40cbf4a385f656212d",
    "0.2.1.json": "9905cd3f08d619ab80d1bc11ca6bcbe604652b96c1ec3a31ef102ca4076639b7",
}
"""Published manifests, byte for byte: a release never rewrites an older one."""


def _manifest(version: str) -> dict:
    return json.loads((DATASET / "releases" / f"{version}.json").read_text(encoding="utf-8"))


def test_history_is_immutable() -> None:
    import hashlib

    for name, digest in HISTORY_SHA256.items():
        assert hashlib.sha256((DATASET / "releases" / name).read_bytes()).hexdigest() == digest, name


def test_0_2_1_carries_the_annotations_and_split_of_0_2_0() -> None:
    rel = _release()
    if rel["version"] == "0.2.0":
        pytest.skip("release 0.2.1 not built yet")
    old, new = _manifest("0.2.0"), _manifest("0.2.1")
    assert new["documents"] == old["documents"]  # same documents, same splits, same content hashes
    assert new["release"]["split"] == old["release"]["split"]
    before = {f["path"]: f["sha256"] for f in old["release"]["files"]}
    after = {f["path"]: f["sha256"] for f in new["release"]["files"]}
    # documents/*.parquet gain the schema's two new optional columns (meta.annotation.notes and
    # .defaults, null in every 0.2.1 row), so only their bytes differ; the layers' files are identical
    layers = {p for p in before if not p.startswith("data/documents/")}
    assert {p: after[p] for p in layers} == {p: before[p] for p in layers} and len(layers) == 9
    from warclaims.dataset.reader import iter_rows

    if rel["version"] == "0.2.1":
        for name in ("train", "validation", "test"):
            for row in iter_rows(DATASET, "documents", name):
                ann = row["meta"]["annotation"]
                assert ann.get("notes") is None and ann.get("defaults") is None
    assert sorted(set(after) - set(before)) == [f"data/inputs/{s}.parquet" for s in ("test", "train", "validation")]
    entry = _changelog_entry("0.2.1")
    assert "same annotations as 0.2.0" in entry
    assert "0 added, 0 removed, 0 changed, 0 moved between splits" in entry


def _changelog_entry(version: str) -> str:
    entries = (DATASET / "CHANGELOG.md").read_text(encoding="utf-8").split("\n## ")[1:]
    return next(e for e in entries if e.startswith(version + "\n"))


# ---- release 0.2.2: the same annotations, with the annotators' notes --------------------------------

def test_0_2_2_adds_the_notes_and_changes_no_annotation() -> None:
    rel = _release()
    if rel["version"] in ("0.2.0", "0.2.1"):
        pytest.skip("release 0.2.2 not built yet")
    old, new = _manifest("0.2.1"), _manifest("0.2.2")
    assert set(new["documents"]) == set(old["documents"])
    assert {k: v[0] for k, v in new["documents"].items()} == {k: v[0] for k, v in old["documents"].items()}
    before = {f["path"]: f["sha256"] for f in old["release"]["files"]}
    after = {f["path"]: f["sha256"] for f in new["release"]["files"]}
    same = {p for p in before if not p.startswith("data/documents/")}
    assert {p: after[p] for p in same} == {p: before[p] for p in same} and len(same) == 12
    assert all(after[p] != before[p] for p in before if p.startswith("data/documents/"))
    from warclaims.dataset.reader import iter_rows

    lines = records = 0
    for name in ("train", "validation", "test"):
        for row in iter_rows(DATASET, "documents", name):
            notes = row["meta"]["annotation"].get("notes")
            assert notes and all(isinstance(n, str) and n.strip() for n in notes), row["id"]
            records += 1
            lines += len(notes)
    assert records == 300 and f"{lines:,} lines in the 300 gold records" in _changelog_entry("0.2.2")
    [export] = new["release"]["source_exports"]
    assert export["path"].startswith("annotation/exports/") and (DATASET.parent / export["path"]).is_file()
    [old_export] = old["release"]["source_exports"]
    assert (DATASET.parent / "annotation" / "exports-0.2.0" / Path(old_export["path"]).name).is_file()


def test_inputs_config_is_gold_free_and_covers_every_split() -> None:
    from warclaims.dataset.reader import iter_rows

    rel = _release()
    if rel["version"] == "0.2.0":
        pytest.skip("release 0.2.1 not built yet")
    docs = _docs()
    seen = {}
    for name in ("train", "validation", "test"):
        for row in iter_rows(DATASET, "inputs", name):
            assert set(row) == {"id", "text", "meta"} and "annotation" not in row["meta"]
            assert row["text"] == docs[row["id"]][1]["text"]
            seen[row["id"]] = name
    assert seen == {i: name for i, (name, _) in docs.items()}


def test_card_md_is_the_dataset_card() -> None:
    """CARD.md (top level) and dataset/README.md (the card that travels with the data) are one text."""
    assert (DATASET.parent / "CARD.md").read_bytes() == (DATASET / "README.md").read_bytes()


def test_the_card_is_what_the_build_renders() -> None:
    """Rendering the shipped card from its own body and the release's data gives it back unchanged:
    every generated part (YAML, rules, statistics, outlets, agreement, fields, examples, citation) is current."""
    from warclaims.dataset import agreement, build, card

    rel = _release()
    names = [n for n, _ in rel["split"]["ratios"]]
    counts = rel["counts"]
    report = json.loads((DATASET / "agreement" / "agreement.json").read_text(encoding="utf-8"))
    for part in (report, report["without"]):  # stored with sorted keys; the build renders them in measure order
        part["measures"] = {m: part["measures"][m] for m in agreement.MEASURES if m in part["measures"]}
    date = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))["datePublished"]
    text, cro = card.describe(DATASET, DATASET / "README.md", build.options_of_release(rel), rel["files"],
                              {n: counts["splits"][n] for n in names}, report,
                              {n: counts["provenance"][n] for n in names if n in counts["provenance"]}, date)
    assert text == (DATASET / "README.md").read_text(encoding="utf-8")
    assert cro == json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))


def test_card_has_every_section_the_hub_template_asks_for() -> None:
    text = (DATASET / "README.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    headings = [line.lstrip("#").strip().lower() for line in body.splitlines() if line.startswith("#")]
    for wanted in ("dataset description", "supported tasks and leaderboards", "languages", "dataset structure",
                   "fields per config", "example records", "data splits", "curation rationale", "source data",
                   "annotation process", "who are the annotators?", "personal and sensitive information",
                   "social impact", "bias", "limitations", "licensing information", "citation", "contributions"):
        assert wanted in headings, wanted
    assert "**The annotators are AI agents, not people.**" in body
    assert "labels: 0 = `O`, 1 = `B-PERSON`" in body and "labels: 0 = `support`, 1 = `oppose`, 2 = `neutral`" in body
    assert f"version {_release()['version']}" in body.split("<!-- CITATION:BEGIN -->")[1]


def test_croissant_yields_every_record_of_every_split() -> None:
    mlc = pytest.importorskip("mlcroissant")
    rel = _release()
    dataset = mlc.Dataset(jsonld=str(DATASET / "croissant.json"))
    meta = dataset.metadata
    assert meta.version == rel["version"] and meta.date_published and meta.cite_as and meta.license and meta.url
    want: dict[str, Counter] = {}
    for f in rel["files"]:
        want.setdefault(f["config"], Counter())[f["split"]] = f["rows"]
    assert sorted(r.name for r in meta.record_sets) == sorted(want)
    for config, counts in want.items():
        got = Counter(r[f"{config}/split"].decode() for r in dataset.records(config))
        assert got == counts, config

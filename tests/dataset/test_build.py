"""End-to-end builds into tmp_path: researchers' path, immutability, reproducibility, failures."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

import orjson
import pytest

from warclaims import validate
from warclaims.dataset import build, features, layout, reader, synthetic

from .conftest import options, write_annotations


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_release_layout_and_manifest(built: tuple[Path, Path]) -> None:
    ds, _ = built
    rel = json.loads((ds / "RELEASE.json").read_text())
    assert validate.check_schema("release", rel) == []
    assert {(f["config"], f["split"]) for f in rel["files"]} == {(c, s) for c in reader.CONFIGS for s in ("train", "validation", "test")}
    assert rel["counts"]["total"]["documents"] == 30
    for name in ("README.md", "CHANGELOG.md", "croissant.json", "agreement/agreement.json", "agreement/agreement.md",
                 "agreement/heatmap.png", "agreement/adjudication.json", "releases/0.1.0.json"):
        assert (ds / name).is_file(), name
    card = (ds / "README.md").read_text()
    assert card.startswith("---\n") and "<!-- STATS:BEGIN -->\n## Statistics" in card and "<!-- AGREEMENT:BEGIN -->" in card
    assert not list(ds.parent.glob(".dataset.*")), "temporary build directories left behind"
    assert build.verify(ds) == []


def test_gold_documents_are_valid_and_adjudicated(built: tuple[Path, Path]) -> None:
    ds, _ = built
    docs = [d for s in ("train", "validation", "test") for d in reader.read_document_dicts(ds, s)]
    assert len(docs) == 30 and len({d["id"] for d in docs}) == 30
    assert all(validate.check_document(d) == [] for d in docs)
    assert {d["meta"]["annotation"]["adjudication"] for d in docs} == {"majority"}
    three = next(d for d in docs if d["id"] == "syn-000000")
    assert three["meta"]["annotation"]["annotators"] == ["ann-a@example.org", "ann-b@example.org", "ann-c@example.org"]


@pytest.mark.slow
def test_load_dataset_offline_round_trip(built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    ds, _ = built
    for config in reader.CONFIGS:
        loaded = datasets.load_dataset(str(ds), config, cache_dir=str(tmp_path / "hf" / config))
        assert set(loaded) == {"train", "validation", "test"}
        for split_name, part in loaded.items():
            assert part.features == layout.config_features(config), (config, split_name)
            assert part.to_list() == list(reader.iter_rows(ds, config, split_name))
    loaded = datasets.load_dataset(str(ds), "documents", cache_dir=str(tmp_path / "hf" / "docs2"))
    for split_name, part in loaded.items():
        assert [features.from_row(r) for r in part] == list(reader.read_document_dicts(ds, split_name))
    entities = datasets.load_dataset(str(ds), "entities", split="train", cache_dir=str(tmp_path / "hf" / "ner"))
    assert entities.features["ner_tags"].feature.int2str(entities[0]["ner_tags"][0]) in layout.ner_tag_names()


def test_same_inputs_byte_identical(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, inputs = built
    build.build(tmp_path / "again", options(), documents=[inputs])
    assert _tree(tmp_path / "again") == _tree(ds)


def test_rebuilding_same_version_same_content_is_a_no_op(built: tuple[Path, Path]) -> None:
    ds, inputs = built
    before = _tree(ds)
    assert build.build(ds, options(), documents=[inputs]).status == "unchanged"
    assert _tree(ds) == before


def test_same_version_different_content_fails_and_leaves_release(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, _ = built
    before = _tree(ds)
    other = write_annotations(tmp_path / "other.jsonl", range(31))
    with pytest.raises(build.BuildError, match="already exists .* different content; releases are immutable"):
        build.build(ds, options(), documents=[other])
    assert _tree(ds) == before
    with pytest.raises(build.BuildError, match="not newer than the latest release 0.1.0"):
        build.build(ds, options("0.0.9"), documents=[other])


def test_invalid_input_fails_with_located_problems_and_leaves_previous(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, inputs = built
    before = _tree(ds)
    bad = tmp_path / "bad.jsonl"
    lines = inputs.read_bytes().splitlines()
    record = orjson.loads(lines[2])
    record["entities"][0]["end"] = 10_000
    bad.write_bytes(b"\n".join([*lines[:2], orjson.dumps(record), b"{not json", *lines[3:]]) + b"\n")
    with pytest.raises(build.BuildError) as info:
        build.build(ds, options("0.2.0"), documents=[bad])
    rendered = [p.render() for p in info.value.problems]
    assert any(r.startswith(f"{bad}:3: $.entities[0]") or ":3: $.entities[0]" in r for r in rendered), rendered
    assert any(":4: $: invalid JSON" in r for r in rendered), rendered
    assert _tree(ds) == before
    assert not list(ds.parent.glob(".dataset.*"))


def test_crash_mid_build_leaves_previous(built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds, inputs = built
    before = _tree(ds)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(build, "heatmap", boom)
    with pytest.raises(OSError, match="simulated"):
        build.build(ds, options("0.2.0"), documents=[inputs])
    assert _tree(ds) == before and not list(ds.parent.glob(".dataset.*"))


def test_new_version_changelog_and_history(tmp_path: Path) -> None:
    first = write_annotations(tmp_path / "v1.jsonl", range(20))
    ds = tmp_path / "dataset"
    build.build(ds, options("0.1.0"), documents=[first])
    splits_before = {d["id"]: s for s in ("train", "validation", "test") for d in reader.read_document_dicts(ds, s)}
    second = write_annotations(tmp_path / "v2.jsonl", range(1, 25))
    with open(second, "ab") as f:  # a ground-truth annotation changes task 3
        gt = synthetic.annotation(3, "lead@example.org", "lead-3", ground_truth=True)
        gt["entities"] = gt["entities"][:1]
        gt["stances"] = []
        f.write(orjson.dumps(gt) + b"\n")
    build.build(ds, options("0.2.0"), documents=[second])
    log = (ds / "CHANGELOG.md").read_text()
    assert log.index("## 0.2.0") < log.index("## 0.1.0")
    assert "Compared with 0.1.0: 5 added, 1 removed, 1 changed, 0 moved between splits." in log
    assert "- removed: `syn-000000`" in log and "- changed: `syn-000003`" in log
    assert sorted(p.name for p in (ds / "releases").iterdir()) == ["0.1.0.json", "0.2.0.json"]
    splits_after = {d["id"]: s for s in ("train", "validation", "test") for d in reader.read_document_dicts(ds, s)}
    assert all(splits_after[i] == s for i, s in splits_before.items() if i in splits_after)
    assert build.verify(ds) == []


def test_strict_turns_ties_into_errors(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    with pytest.raises(build.BuildError, match="--strict: .* unresolved"):
        build.build(tmp_path / "ds", options(strict=True), documents=[inputs])
    assert not (tmp_path / "ds").exists()


def test_reviewer_rule_and_group_by_outlet(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(12))
    ds = tmp_path / "ds"
    build.build(ds, options(reviewers=("ann-b@example.org",), group_by="outlet", strict=True), documents=[inputs])
    docs = {s: list(reader.read_document_dicts(ds, s)) for s in ("train", "validation", "test")}
    assert {d["meta"]["annotation"]["adjudication"] for v in docs.values() for d in v} == {"reviewer"}
    outlets = {}
    for s, v in docs.items():
        for d in v:
            assert outlets.setdefault(d["meta"]["source"], s) == s
    assert build.verify(ds) == []


def test_synthetic_refused_without_flag(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(2))
    with pytest.raises(build.BuildError) as info:
        build.build(tmp_path / "ds", build.Options(version="0.1.0"), documents=[inputs])
    assert "synthetic document in a release build" in info.value.problems[0].message


def test_repeated_annotations_across_snapshots_are_counted(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(4))
    result = build.build(tmp_path / "ds", options(), documents=[inputs, inputs])
    assert sum(result.skipped.values()) == len(inputs.read_bytes().splitlines())


def test_verify_detects_tampering(built: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    ds, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(ds, copy)
    target = copy / "data" / "claims" / "train.parquet"
    os.chmod(target, 0o644)
    target.write_bytes(target.read_bytes() + b"x")
    (copy / "data" / "claims" / "extra.parquet").write_bytes(b"")
    problems = build.verify(copy)
    assert any("sha256" in p for p in problems) and any("not listed" in p for p in problems)
    assert build.verify(tmp_path) == [f"{tmp_path / 'RELEASE.json'}: missing (not a release directory)"]


def test_croissant_validates_with_mlcroissant(built: tuple[Path, Path]) -> None:
    mlc = pytest.importorskip("mlcroissant")
    ds, _ = built
    dataset = mlc.Dataset(jsonld=str(ds / "croissant.json"))
    assert dataset.metadata.name == "warclaims"
    assert [r.name for r in dataset.metadata.record_sets] == list(reader.CONFIGS)
    meta = json.loads((ds / "croissant.json").read_text())
    assert meta["datePublished"] and meta["version"] == "0.1.0" and meta["license"] and "@misc{warclaims" in meta["citeAs"]
    rows = {(f["config"], f["split"]): f["rows"] for f in json.loads((ds / "RELEASE.json").read_text())["files"]}
    for config in reader.CONFIGS:
        got = Counter(r[f"{config}/split"].decode() for r in dataset.records(config))
        assert dict(got) == {s: n for (c, s), n in rows.items() if c == config}, config


def test_build_from_label_studio_export(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "labelstudio" / "data" / "small_export.json"
    if not fixture.is_file():
        pytest.skip("Label Studio export fixture not present")
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "snapshot.json").write_bytes(fixture.read_bytes())
    (exports / "MANIFEST.json").write_text('{"exports": []}')
    result = build.build(tmp_path / "ds", options(), exports=build.export_files(exports))
    assert result.status == "built" and build.verify(tmp_path / "ds") == []
    assert result.release["source_exports"][0]["path"].endswith("snapshot.json")
    from warclaims.labelstudio.convert import convert_export_file

    counts = convert_export_file(exports / "snapshot.json").counts
    expected = {reason: counts[key] for key, reason in build.CONVERTER_SKIPS.items() if counts.get(key)}
    assert {k: v for k, v in result.skipped.items() if k in expected.keys()} == expected
    broken = exports / "broken.json"
    broken.write_text("[{\"id\": 1, \"data\": {}}]")
    with pytest.raises(build.BuildError) as info:
        build.build(tmp_path / "ds", options("0.2.0"), exports=build.export_files(exports))
    assert any("broken.json" in p.render() for p in info.value.problems)
    assert build.verify(tmp_path / "ds") == []


@pytest.mark.slow
def test_empty_splits_are_left_out_and_still_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    inputs = write_annotations(tmp_path / "in.jsonl", range(2))
    ds = tmp_path / "ds"
    result = build.build(ds, options(), documents=[inputs])
    present = {f["split"] for f in result.release["files"] if f["config"] == "documents"}
    assert present and present != {"train", "validation", "test"}
    missing = ({"train", "validation", "test"} - present).pop()
    assert list(reader.read_documents(ds, missing)) == []
    loaded = datasets.load_dataset(str(ds), "documents", cache_dir=str(tmp_path / "hf"))
    assert set(loaded) == present
    assert build.verify(ds) == []

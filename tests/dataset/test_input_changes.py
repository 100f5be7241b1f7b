"""Which exports differ from a release's recorded inputs (warclaims.dataset.input_changes)."""

from __future__ import annotations

from warclaims.dataset.input_changes import export_changes, recorded_exports


def test_recorded_exports_keep_only_export_snapshots() -> None:
    recorded = [{"path": "annotation/exports/a.json", "sha256": "1" * 64}, {"path": "dataset/extra.jsonl", "sha256": "2" * 64},
                {"path": 3, "sha256": "x"}]
    assert recorded_exports(recorded) == {"a.json": "1" * 64}


def test_every_difference_is_one_line() -> None:
    recorded = {"a.json": "1" * 64, "b.json": "2" * 64, "c.json": "3" * 64}
    current = {"a.json": "1" * 64, "b.json": "4" * 64, "d.json": "5" * 64}
    assert export_changes(recorded, current) == [
        "changed export b.json (sha256 444444444444…, the release used 222222222222…)",
        "missing export c.json (an input of the release)",
        "new export d.json (not among the release's inputs; a pull since the release?)",
    ]
    assert export_changes(recorded, recorded) == []

"""Span hygiene in `ls convert`: warnings located in the export and counted; --strict makes them
errors and leaves their records out. The small export's task 12 (synthetic) has an entity
"IS\\r\\nfighters" overlapping the entity "IS" of the same annotation."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.hygiene import kind_of
from warclaims.labelstudio.convert import convert_export_file

EXPORT = Path(__file__).parent / "data" / "small_export.json"


def test_conversion_counts_and_locates_hygiene_warnings() -> None:
    conv = convert_export_file(EXPORT, guidelines_version="0.1.0")
    assert conv.summary()["hygiene_warnings"] == 1 and conv.problems == []
    (w,) = conv.warnings
    assert kind_of(w) == "overlap" and w.path == "$[1].annotations[0]" and w.message.startswith("task 12: record $.entities[1]: ")
    assert [conv.documents[i]["id"] for i in conv.warned] == ["synthetic-small-2"]


def test_ls_convert_warns_then_strict_fails(tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    r = CliRunner().invoke(cli, ["ls", "convert", str(EXPORT), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "warning: " in r.output and "[overlap]" in r.output and len(out.read_text().splitlines()) == 3
    r = CliRunner().invoke(cli, ["ls", "convert", str(EXPORT), "--out", str(out), "--strict", "--json"])
    report = json.loads(r.stdout)
    assert r.exit_code == 1 and report["counts"]["documents"] == 2 and report["counts"]["errors"] == 1
    assert "[overlap]" in report["problems"][0]["message"] and report["warnings"] == []
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["synthetic-small-1", "synthetic-small-1"]

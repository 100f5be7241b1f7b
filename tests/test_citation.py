"""CITATION.cff is valid YAML with the fields GitHub reads, and agrees with the card and release."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_citation_file_matches_the_release_and_card() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["authors"]
    release = json.loads((ROOT / "dataset" / "RELEASE.json").read_text(encoding="utf-8"))
    assert str(cff["version"]) == release["version"]
    card = (ROOT / "CARD.md").read_text(encoding="utf-8")
    assert cff["title"] in card and "year   = {2026}" in card

"""Card sections between markers; label counts."""

from __future__ import annotations

import pytest

from warclaims import schemas
from warclaims.dataset import stats


def test_replace_section_keeps_everything_else_byte_identical() -> None:
    card = "# Title\r\nhand text\n<!-- STATS:BEGIN -->\nold\n<!-- STATS:END -->\ntail \n"
    out = stats.replace_section(card, stats.STATS_BEGIN, stats.STATS_END, "new")
    assert out == "# Title\r\nhand text\n<!-- STATS:BEGIN -->\nnew\n<!-- STATS:END -->\ntail \n"


def test_replace_section_appends_when_absent() -> None:
    assert stats.replace_section("hand", "<a>", "</a>", "x") == "hand\n\n<a>\nx\n</a>\n"
    assert stats.replace_section("", "<a>", "</a>", "x") == "<a>\nx\n</a>\n"


def test_unbalanced_markers() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        stats.replace_section("x <!-- STATS:BEGIN --> y", stats.STATS_BEGIN, stats.STATS_END, "z")


def test_doc_counts() -> None:
    c = stats.doc_counts(schemas.load("document")["examples"][0])
    assert c["entities.MEDIA"] == 1 and c["claims.indirect"] == 1 and c["claims.with_source"] == 1
    assert c["stances.neutral"] == 1 and c["stances.author_holder"] == 1 and c["documents"] == 1
    assert set(c) <= set(stats.all_keys())


def test_agreement_section() -> None:
    report = {"documents": 2, "measures": {"entities_strict": {"f1": 0.5, "tp": 1, "fp": 1, "fn": 1}},
              "stance": {"cohen_kappa": None, "krippendorff_alpha": 0.25, "items": 3, "annotators": 3}}
    out = stats.write_agreement_section("x\n", report)
    assert out.startswith("x\n\n<!-- AGREEMENT:BEGIN -->\n## Inter-annotator agreement")
    assert "| entities_strict | 0.500 | 1 | 1 | 1 |" in out and "alpha 0.250" in out


def test_provenance_counts_and_outlet_section() -> None:
    from warclaims.dataset import stats

    doc = {"meta": {"source": "sana", "annotation": {"pass": "first", "adjudication": "single", "origin": "draft-import"}}}
    old = {"meta": {"source": "sana", "annotation": {"pass": "adjudicated", "adjudication": "ground_truth"}}}
    c = stats.provenance_counts(doc) + stats.provenance_counts(old)
    assert c == {"outlet.sana": 2, "pass.first": 1, "pass.adjudicated": 1, "adjudication.single": 1,
                 "adjudication.ground_truth": 1, "origin.draft-import": 1, "origin.unrecorded": 1}
    text = stats.write_outlet_section("before\n", {"train": dict(c), "test": {"outlet.tass": 1}})
    assert text.startswith("before\n\n<!-- OUTLETS:BEGIN -->") and "| outlet.sana | 2 | 0 | 2 |" in text
    assert "| outlet.tass | 0 | 1 | 1 |" in text

"""Attribution as (claim, source) pair F1 (warclaims.metrics.attribution)."""

from __future__ import annotations

import numpy as np
import pytest

from warclaims.metrics import attribution
from warclaims.records import Claim, Source


def f1s(gold: list, pred: list) -> dict[str, float]:
    sums = dict(zip(attribution.COLUMNS, np.array(attribution.row(gold, pred))))
    return {k: float(v) for k, v in attribution.derive(sums).items()}


def test_pairs_from_records_skip_claims_without_source() -> None:
    sources = [Source(0, 7, "named", "s1")]
    claims = [Claim(13, 34, "c1", "s1", None, "indirect", "asserted"),
              Claim(40, 50, "c2", None, None, "direct", "hedged")]
    assert attribution.pairs(claims, sources) == [((13, 34), (0, 7))]


def test_claim_by_overlap_source_strict_or_overlap() -> None:
    gold = [((100, 200), (0, 20))]
    assert f1s(gold, [((100, 200), (0, 20))])["attribution.strict_source.f1"] == 1.0
    shifted_claim = [((120, 200), (0, 20))]          # claim IoU 0.8
    assert f1s(gold, shifted_claim)["attribution.strict_source.f1"] == 1.0
    short_claim = [((100, 140), (0, 20))]            # claim IoU 0.4 < 0.5
    assert f1s(gold, short_claim)["attribution.overlap_source.f1"] == 0.0
    wider_source = [((100, 200), (0, 30))]           # source IoU 2/3
    m = f1s(gold, wider_source)
    assert m["attribution.strict_source.f1"] == 0.0 and m["attribution.overlap_source.f1"] == 1.0
    far_source = [((100, 200), (0, 50))]             # source IoU 0.4
    assert f1s(gold, far_source)["attribution.overlap_source.f1"] == 0.0


def test_one_to_one() -> None:
    gold = [((100, 200), (0, 20))]
    pred = [((100, 200), (0, 20)), ((105, 200), (0, 20))]
    m = f1s(gold, pred)
    assert m["attribution.strict_source.tp"] == 1
    assert m["attribution.strict_source.precision"] == 0.5 and m["attribution.strict_source.recall"] == 1.0


def test_greedy_takes_the_best_pair_first() -> None:
    gold = [((0, 100), (200, 210)), ((0, 60), (200, 210))]
    pred = [((0, 100), (200, 210))]
    assert attribution.match_pairs(gold, pred, strict_source=True) == 1
    assert attribution.match_pairs([((0, 100), (200, 210))], [((0, 60), (200, 210)), ((0, 90), (200, 210))],
                                   strict_source=True) == 1
    assert f1s([], [((0, 1), (2, 3))])["attribution.strict_source.precision"] == pytest.approx(0.0)


def test_dangling_source_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="validate the record first"):
        attribution.pairs([Claim(1, 5, "c1", "s9", None, "direct", "asserted")], [])

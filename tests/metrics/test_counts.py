"""Zero-division policy and P/R/F arithmetic (warclaims.metrics.counts)."""

from __future__ import annotations

import numpy as np
import pytest

from warclaims.metrics.counts import f1, prf, ratio


def test_prf_hand_checked() -> None:
    p, r, f = prf(3, 1, 2)
    assert (float(p), float(r)) == (0.75, 0.6)
    assert float(f) == pytest.approx(2 * 0.75 * 0.6 / 1.35)


@pytest.mark.parametrize("tp,fp,fn,expected", [
    (0, 0, 0, (0.0, 0.0, 0.0)),   # nothing to find, nothing found: 0 by policy
    (0, 0, 5, (0.0, 0.0, 0.0)),   # no predictions: precision 0, not undefined
    (0, 4, 0, (0.0, 0.0, 0.0)),   # no gold: recall 0
    (2, 0, 0, (1.0, 1.0, 1.0)),
])
def test_zero_division_policy(tp: int, fp: int, fn: int, expected: tuple[float, float, float]) -> None:
    assert tuple(float(x) for x in prf(tp, fp, fn)) == expected


def test_elementwise_on_arrays() -> None:
    p, r, f = prf(np.array([1, 0, 2]), np.array([1, 0, 0]), np.array([0, 3, 2]))
    assert p.tolist() == [0.5, 0.0, 1.0]
    assert r.tolist() == [1.0, 0.0, 0.5]
    assert f.tolist() == pytest.approx([2 / 3, 0.0, 2 / 3])
    assert ratio(np.array([1.0, 1.0]), np.array([0.0, 4.0])).tolist() == [0.0, 0.25]
    assert float(f1(0.0, 0.0)) == 0.0

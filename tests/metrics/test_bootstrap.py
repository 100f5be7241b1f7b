"""Bootstrap resampling of per-document counts (warclaims.metrics.bootstrap)."""

from __future__ import annotations

import numpy as np
import pytest

from warclaims.metrics.bootstrap import interval, resampled_sums


def test_each_replicate_draws_n_documents() -> None:
    ones = np.ones((50, 1), dtype=np.int64)
    (sums,) = resampled_sums([ones], 230, seed=3)
    assert sums.shape == (230, 1)
    assert (sums[:, 0] == 50).all()  # 50 draws per replicate, chunks included


def test_seeded_and_paired() -> None:
    m = np.arange(40).reshape(20, 2)
    a1, b1 = resampled_sums([m, 2 * m], 120, seed=7)
    (a2,) = resampled_sums([m], 120, seed=7)
    assert np.array_equal(a1, a2)
    assert np.array_equal(b1, 2 * a1)  # same resamples for both matrices
    (a3,) = resampled_sums([m], 120, seed=8)
    assert not np.array_equal(a1, a3)


def test_resample_mean_is_close_to_the_total() -> None:
    rng = np.random.default_rng(0)
    m = rng.integers(0, 10, size=(300, 3))
    (sums,) = resampled_sums([m], 2000, seed=1)
    assert np.allclose(sums.mean(axis=0), m.sum(axis=0), rtol=0.01)


def test_no_documents_or_no_replicates() -> None:
    assert resampled_sums([np.zeros((0, 4))], 100, 0)[0].shape == (0, 4)
    assert resampled_sums([np.ones((5, 4))], 0, 0)[0].shape == (0, 4)


def test_percentile_interval() -> None:
    lo, hi = interval(np.arange(1001, dtype=float))
    assert (lo, hi) == pytest.approx((25.0, 975.0))

"""Bootstrap over documents, from per-document count rows (docs/METRICS.md, "Intervals").

A replicate draws n documents with replacement (numpy Generator seeded with `seed`); its
column sums are W @ counts, where W[b, d] is how often replicate b drew document d. Every
metric is a function of column sums, so a replicate costs one matrix product, not a rescoring.
The same W applied to two submissions gives the paired bootstrap.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

CHUNK = 100
"""Replicates drawn at a time (bounds memory: CHUNK x n_documents weights)."""


def resampled_sums(matrices: Sequence[np.ndarray], replicates: int, seed: int) -> list[np.ndarray]:
    """For each (n_documents x k) count matrix, the (replicates x k) column sums of the resamples.

    All matrices share the same resamples (paired bootstrap). With no documents or no
    replicates the result has zero rows.
    """
    n = matrices[0].shape[0] if matrices else 0
    outs = [np.zeros((replicates if n else 0, m.shape[1])) for m in matrices]
    if not n or not replicates:
        return outs
    rng = np.random.default_rng(seed)
    floats = [m.astype(np.float64) for m in matrices]
    for lo in range(0, replicates, CHUNK):
        size = min(CHUNK, replicates - lo)
        draws = rng.integers(0, n, size=(size, n))
        draws += (np.arange(size) * n)[:, None]
        weights = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n).astype(np.float64)
        for m, out in zip(floats, outs):
            out[lo:lo + size] = weights @ m
    return outs


def interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the bootstrap distribution (e.g. 2.5th and 97.5th percentiles)."""
    tail = (1.0 - level) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail])
    return float(lo), float(hi)

"""Paired comparison of two submissions on the same gold documents (`warclaims score compare`).

Each bootstrap replicate resamples documents once and scores A and B on the same resample
(docs/METRICS.md, "Intervals"). Per headline metric: A, B, A - B with its 95% interval and
the share of replicates in which A scores higher. A task whose layer a submission did not
submit counts 0 there, as in the headline; `CompareReport.submitted` says which side
submitted it, so that renderers show "not submitted" rather than a meaningless +0.0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from .metrics import bootstrap
from .records import Document, Layers
from .scoring import (HEADLINE, HEADLINE_DEFINITION, METRIC_LAYER, REPORT_FORMAT, CountTable, ScoreReport, _ci,
                      _scored, count_table, derive_all, headline_of, report_from_table)


@dataclass(frozen=True)
class CompareReport:
    """Paired bootstrap of submissions A and B on the same gold documents.

    For each metric in `wins`: the share of replicates where A scores higher than B, where
    they tie, the observed difference A - B and its 95% interval.
    """

    a: ScoreReport
    b: ScoreReport
    replicates: int
    seed: int
    wins: Mapping[str, float]
    ties: Mapping[str, float]
    delta: Mapping[str, float]
    delta_intervals: Mapping[str, tuple[float, float]]

    def submitted(self, metric: str) -> tuple[bool, bool]:
        """Whether A and B submitted the layer `metric` needs (the headline: always both).
        A layer is submitted when at least one line of the file has it (docs/METRICS.md)."""
        if metric == "headline":
            return True, True
        layer = METRIC_LAYER[metric.split(".", 1)[0]]
        return self.a.layers.get(layer) == "scored", self.b.layers.get(layer) == "scored"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready comparison with stable keys; per metric, `submitted` says which side
        submitted its layer (numbers of a side that did not are computed with it as 0)."""
        return {
            "format": REPORT_FORMAT + "/compare",
            "documents": self.a.documents,
            "bootstrap": {"replicates": self.replicates, "seed": self.seed, "paired": True},
            "headline_definition": HEADLINE_DEFINITION,
            "a": {"headline": round(self.a.headline, 6), "ci95": _ci(self.a.intervals.get("headline"))},
            "b": {"headline": round(self.b.headline, 6), "ci95": _ci(self.b.intervals.get("headline"))},
            "metrics": {m: {"a": _num(self.a, m), "b": _num(self.b, m), "delta": round(self.delta[m], 6),
                            "delta_ci95": _ci(self.delta_intervals.get(m)),
                            "a_wins": round(self.wins[m], 6), "ties": round(self.ties[m], 6),
                            "submitted": dict(zip("ab", self.submitted(m)))}
                        for m in self.wins},
        }


def _num(report: ScoreReport, name: str) -> float | None:
    if name == "headline":
        return round(report.headline, 6)
    v = report.metrics.get(name)
    return None if v is None else float(v)


def compare_documents(gold: Sequence[Document], a: Mapping[str, Layers], b: Mapping[str, Layers], *,
                      bootstrap: int = 1000, seed: int = 0) -> CompareReport:
    """Paired bootstrap: both submissions are scored on the same document resamples."""
    return compare_tables(count_table(gold, a), count_table(gold, b), bootstrap=bootstrap, seed=seed)


def compare_tables(ta: CountTable, tb: CountTable, *, bootstrap: int = 1000, seed: int = 0) -> CompareReport:
    """`compare_documents` on the count tables of A and B (same gold documents, same order)."""
    if ta.doc_ids != tb.doc_ids:
        raise ValueError("the two count tables are not over the same documents")
    ra, rb = _resample_pair(ta, tb, bootstrap, seed)
    rep_a = report_from_table(ta, bootstrap_replicates=bootstrap, seed=seed, resampled=ra)
    rep_b = report_from_table(tb, bootstrap_replicates=bootstrap, seed=seed, resampled=rb)
    full_a, full_b = derive_all(ta.sums()), derive_all(tb.sums())
    names = ("headline", *HEADLINE)
    point = {"headline": (rep_a.headline, rep_b.headline)}
    for m in HEADLINE:
        point[m] = (float(full_a[m]) if _scored(m, ta.submitted) else 0.0,
                    float(full_b[m]) if _scored(m, tb.submitted) else 0.0)
    wins: dict[str, float] = {}
    ties: dict[str, float] = {}
    delta = {m: point[m][0] - point[m][1] for m in names}
    delta_iv: dict[str, tuple[float, float]] = {}
    if ra is not None and ra.shape[0]:
        ba, bb = derive_all(ta.sums(ra)), derive_all(tb.sums(rb))
        for m in names:
            va = headline_of(ba, ta.submitted) if m == "headline" else (ba[m] if _scored(m, ta.submitted) else 0 * ba[m])
            vb = headline_of(bb, tb.submitted) if m == "headline" else (bb[m] if _scored(m, tb.submitted) else 0 * bb[m])
            diff = np.asarray(va) - np.asarray(vb)
            wins[m] = float(np.mean(diff > 1e-12))
            ties[m] = float(np.mean(np.abs(diff) <= 1e-12))
            delta_iv[m] = bootstrap_interval(diff)
    else:
        for m in names:
            wins[m] = float(delta[m] > 1e-12)
            ties[m] = float(abs(delta[m]) <= 1e-12)
    return CompareReport(rep_a, rep_b, bootstrap, seed, wins, ties, delta, delta_iv)


def bootstrap_interval(values: np.ndarray) -> tuple[float, float]:
    """The 95% percentile interval (re-exported for callers of this module)."""
    return bootstrap.interval(values)


def _resample_pair(ta: CountTable, tb: CountTable, replicates: int, seed: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    if not replicates or not ta.matrix.shape[0]:
        return None, None
    ra, rb = bootstrap.resampled_sums([ta.matrix, tb.matrix], replicates, seed)
    return ra, rb

"""Precision, recall and F1 from counts, with one explicit zero-division policy.

Policy (docs/METRICS.md, "Zero division"): a ratio whose denominator is 0 is 0.0, as with
scikit-learn's and seqeval's ``zero_division=0``. F1 is the harmonic mean 2PR/(P+R), 0.0
when P+R = 0. The functions accept Python numbers or numpy arrays (one value per bootstrap
replicate) and work element-wise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Number = Any
"""A float or a numpy array of floats (element-wise)."""


def ratio(num: Number, den: Number) -> Number:
    """num / den, and 0.0 wherever den == 0."""
    num_a = np.asarray(num, dtype=np.float64)
    den_a = np.asarray(den, dtype=np.float64)
    out = np.zeros(np.broadcast(num_a, den_a).shape)
    np.divide(num_a, den_a, out=out, where=den_a != 0)
    return out


def f1(precision: Number, recall: Number) -> Number:
    """Harmonic mean of precision and recall, 0.0 where both are 0."""
    return ratio(2 * np.asarray(precision) * np.asarray(recall), np.asarray(precision) + np.asarray(recall))


def prf(tp: Number, fp: Number, fn: Number) -> tuple[Number, Number, Number]:
    """(precision, recall, F1) from true positives, false positives and false negatives."""
    p = ratio(tp, np.asarray(tp) + fp)
    r = ratio(tp, np.asarray(tp) + fn)
    return p, r, f1(p, r)


def prf_entry(out: dict[str, Number], prefix: str, tp: Number, fp: Number, fn: Number) -> None:
    """Store `prefix.{precision,recall,f1,tp,fp,fn}` in `out` (the flat metric namespace)."""
    p, r, f = prf(tp, fp, fn)
    out[f"{prefix}.precision"], out[f"{prefix}.recall"], out[f"{prefix}.f1"] = p, r, f
    out[f"{prefix}.tp"], out[f"{prefix}.fp"], out[f"{prefix}.fn"] = tp, fp, fn

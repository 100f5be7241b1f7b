"""Learning curves: nested seeded shares, one row per baseline and share, written by execute."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest
from hypothesis import given, strategies as st

from warclaims.baselines import curve
from warclaims.baselines.run import execute


def _docs(n: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=f"synthetic-{i}") for i in range(n)]


@given(st.integers(min_value=1, max_value=60), st.floats(min_value=0.01, max_value=1.0), st.floats(min_value=0.01, max_value=1.0))
def test_shares_are_nested_and_sized(n: int, a: float, b: float) -> None:
    small, large = sorted((a, b))
    xs, ys = curve.subsample(_docs(n), small, seed=0), curve.subsample(_docs(n), large, seed=0)
    assert {d.id for d in xs} <= {d.id for d in ys}
    assert len(xs) == math.ceil(small * n) and len(ys) == math.ceil(large * n) >= 1


def test_shares_outside_the_unit_interval_are_refused() -> None:
    for bad in (0.0, -0.5, 1.5):
        with pytest.raises(ValueError):
            curve.subsample(_docs(3), bad, seed=0)
    assert [d.id for d in curve.subsample(_docs(4), 0.5, seed=0)] == [d.id for d in curve.subsample(list(reversed(_docs(4))), 0.5, seed=0)]


def test_execute_adds_learning_curves(synthetic_release, tmp_path) -> None:
    out = tmp_path / "out"
    execute(synthetic_release, out_dir=out, bootstrap=0, curve=(0.5,))
    rows = json.loads((out / "learning_curve.json").read_text())
    baselines = {r["baseline"] for r in rows}
    assert baselines and not any("floor" in b for b in baselines)
    for name in baselines:
        mine = sorted((r for r in rows if r["baseline"] == name), key=lambda r: r["fraction"])
        assert [r["fraction"] for r in mine] == [0.5, 1.0]
        assert mine[0]["train_documents"] < mine[1]["train_documents"]
    text = (out / "learning_curve.md").read_text()
    assert "### Learning curves" not in (out / "RESULTS.md").read_text()
    assert "### Learning curves" in text and "50% of train" in text and (out / "learning_curve.png").stat().st_size > 0

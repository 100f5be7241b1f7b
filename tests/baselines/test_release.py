"""The baselines against their floors on the real release in dataset/ (built from real annotations).

This test fails, never skips, when the release is missing: the benchmark's claim that every
baseline beats its floors must be checked on the data we publish.
"""

from pathlib import Path

import pytest

from warclaims.baselines import registry, run

RELEASE = Path(__file__).resolve().parents[2] / "dataset"


@pytest.mark.slow
def test_baselines_beat_floors_on_release(tmp_path):
    assert (RELEASE / "RELEASE.json").is_file(), (
        f"no release in {RELEASE}: build it with `warclaims dataset build` (this test must not skip)")
    summary = run.execute(RELEASE, split="test", out_dir=tmp_path, bootstrap=0)
    by_task = {t: [r for r in summary.runs if r.spec.task == t] for t in registry.TASKS}
    for task, runs in by_task.items():
        assert sorted(r.spec.kind for r in runs) == ["baseline", "floor", "floor"], task
    table = {r.spec.name: round(r.value, 4) for r in summary.runs}
    assert run.below_floor(summary.runs) == [], f"a baseline is below a floor of its task: {table}"

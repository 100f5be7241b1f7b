"""Learning curves: each baseline refitted on a growing share of train, scored on the same split.

Rule (exact): train documents are ordered by sha256(f"{seed}:{id}"); the share `f` is the first
ceil(f * n) of that order, so smaller shares are nested in larger ones and the order does not
depend on the release's file order. Each point is tuned on validation and fitted exactly as
`warclaims baselines run` does (`run.run_one`); the 100% point is the run itself. Only
baselines (not floors) are curved: a floor does not learn.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any, Callable, Sequence

from ..records import Document
from .report import TASK_METRIC, TASK_TITLES


def subsample(train: Sequence[Document], fraction: float, seed: int) -> list[Document]:
    """The first ceil(fraction * n) train documents in the seeded hash order (nested shares)."""
    if not 0 < fraction <= 1:
        raise ValueError(f"a train share must be in (0, 1], got {fraction}")
    order = sorted(train, key=lambda d: hashlib.sha256(f"{seed}:{d.id}".encode("utf-8")).hexdigest())
    return order[:math.ceil(fraction * len(order))]


def points(runs: Sequence[Any], train: Sequence[Document], validation: Sequence[Document],
           evaluate: Sequence[Document], fractions: Sequence[float], *, seed: int, bootstrap: int,
           progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """One row per (baseline, share): train documents, task metric and its 95% interval."""
    from .run import run_one

    rows = []
    for run in runs:
        if run.spec.kind != "baseline":
            continue
        metric = TASK_METRIC[run.spec.task]
        for fraction in sorted(set(fractions) | {1.0}):
            if fraction == 1.0:
                point = run
            else:
                if progress is not None:
                    progress(f"{run.spec.name} on {fraction:.0%} of train")
                point = run_one(run.spec, subsample(train, fraction, seed), validation, evaluate, seed=seed, bootstrap=bootstrap)
            rows.append({"baseline": run.spec.name, "task": run.spec.task, "metric": metric, "fraction": fraction,
                         "train_documents": point.n_train, "value": point.value, "interval": point.interval(metric)})
    return rows


def markdown(rows: Sequence[dict[str, Any]]) -> str:
    """The learning-curve table: one row per baseline, one column per train share."""
    fractions = sorted({r["fraction"] for r in rows})
    lines = ["### Learning curves (task metric on the same split, % [95% interval])", "",
             "Each baseline refitted on a nested, seeded share of train (warclaims.baselines.curve) and tuned on "
             "validation as in the tables above. Plot: learning_curve.png.", "",
             "| baseline | metric | " + " | ".join(f"{f:.0%} of train" for f in fractions) + " |",
             "|---|---|" + "---:|" * len(fractions)]
    for name in dict.fromkeys(r["baseline"] for r in rows):
        mine = {r["fraction"]: r for r in rows if r["baseline"] == name}
        cells = []
        for f in fractions:
            r = mine.get(f)
            if r is None:
                cells.append("-")
                continue
            iv = r["interval"]
            cells.append(f"{100 * r['value']:.1f}" + (f" [{100 * iv[0]:.1f}, {100 * iv[1]:.1f}]" if iv else "")
                         + f" ({r['train_documents']} docs)")
        lines.append(f"| {name} | {next(iter(mine.values()))['metric']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot(rows: Sequence[dict[str, Any]], path: Path, title: str) -> None:
    """Learning curves as a PNG: task metric (%) against train documents, with interval bands."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for name in dict.fromkeys(r["baseline"] for r in rows):
        mine = sorted((r for r in rows if r["baseline"] == name), key=lambda r: r["fraction"])
        xs = [r["train_documents"] for r in mine]
        ys = [100 * r["value"] for r in mine]
        ax.plot(xs, ys, marker="o", label=f"{name} ({TASK_TITLES[mine[0]['task']].split(' (')[0].lower()})")
        if all(r["interval"] for r in mine):
            ax.fill_between(xs, [100 * r["interval"][0] for r in mine], [100 * r["interval"][1] for r in mine], alpha=0.15)
    ax.set_xlabel("train documents")
    ax.set_ylabel("task metric (%)")
    ax.set_ylim(0, 100)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    from ..safe_write import write_with

    write_with(path, lambda tmp: fig.savefig(tmp, metadata={"Software": None}), make_parent=True)
    plt.close(fig)

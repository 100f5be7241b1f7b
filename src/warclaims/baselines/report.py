"""Result tables of baseline runs: RESULTS.md, the card's results section, floor checks.

Pure text from BaselineRun objects (see `run`); what is tabulated per task is fixed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from . import registry

if TYPE_CHECKING:
    from .run import BaselineRun

TASK_METRIC: dict[str, str] = {
    "entities": "entities.strict.micro.f1",
    "claims": "attribution.strict_source.f1",
    "stance": "stance.gold_pairs.f_avg",
    "stance_e2e": "stance.end_to_end.f_avg",
}
"""The one metric each task's baselines are tuned on, compared on and tabulated by (scorer names)."""

SUBSTEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "entities": (("P", "entities.strict.micro.precision"), ("R", "entities.strict.micro.recall"),
                 ("partial F1", "entities.partial.micro.f1")),
    "claims": (("cue F1", "cues.overlap.f1"), ("source F1", "sources.strict.micro.f1"),
               ("claim F1", "claims.overlap.f1"), ("attribution F1 (source overlap)", "attribution.overlap_source.f1")),
    "stance": (("macro-F1", "stance.gold_pairs.macro_f1"), ("accuracy", "stance.gold_pairs.accuracy")),
    "stance_e2e": (("macro-F1", "stance.end_to_end.macro_f1"), ("accuracy", "stance.end_to_end.accuracy")),
}
"""Further metrics shown per task: the sub-steps of the claims pipeline, P/R for entities."""

TASK_TITLES: dict[str, str] = {
    "entities": "Entities (strict micro-F1)",
    "claims": "Attributed claims (attribution F1: claim overlap IoU>=0.5, source strict)",
    "stance": "Stance, gold (holder, target) pairs given (F_avg of support/oppose)",
    "stance_e2e": "Stance, end to end over gold mentions (F_avg of support/oppose)",
}

RESULTS_BEGIN, RESULTS_END = "<!-- RESULTS:BEGIN -->", "<!-- RESULTS:END -->"

def _fmt(value: float | None, interval: list[float] | None = None) -> str:
    if value is None:
        return "n/a"
    s = f"{100 * value:.1f}"
    if interval is not None:
        s += f" [{100 * interval[0]:.1f}, {100 * interval[1]:.1f}]"
    return s


def results_markdown(runs: Sequence[BaselineRun], dataset_version: str, split: str, bootstrap: int, seed: int) -> str:
    """The results tables (one per task), in percent, with 95% bootstrap intervals."""
    lines = [f"Baselines on WarClaims {dataset_version}, `{split}` split, made by `warclaims baselines run`.",
             f"Scores in percent; [95% interval] from {bootstrap} bootstrap resamples of documents (seed {seed}).",
             "Floors are trivial systems every baseline must beat. "
             + ("Parameters were tuned on `validation`." if any(r.tuned_on for r in runs)
                else "Default parameters (no tuning on validation)."), ""]
    for task in registry.TASKS:
        rows = [r for r in runs if r.spec.task == task]
        if not rows:
            continue
        metric = TASK_METRIC[task]
        subs = SUBSTEPS[task]
        lines += [f"### {TASK_TITLES[task]}", "",
                  "| baseline | kind | " + metric + " | " + " | ".join(label for label, _ in subs) + " | train docs | params |",
                  "|---|---|---:|" + "---:|" * len(subs) + "---:|---|"]
        for r in rows:
            cells = [_fmt(r.scores["metrics"].get(m), r.interval(m)) for _, m in subs]
            params = ", ".join(f"{k}={v}" for k, v in r.params.items()) or "-"
            lines.append(f"| {r.spec.name} | {r.spec.kind} | {_fmt(r.value, r.interval(metric))} | "
                         + " | ".join(cells) + f" | {r.n_train} | {params} |")
        lines.append("")
    lines.append("Stance baselines receive the gold entity and source mentions (their submissions copy them); "
                 "only their stance metrics are meaningful. Definitions of every metric: docs/METRICS.md.")
    return "\n".join(lines)


def replace_section(text: str, body: str, begin: str = RESULTS_BEGIN, end: str = RESULTS_END) -> str:
    """`text` with the part between the markers replaced by `body`; all else byte-identical.

    Without markers the section is appended (after a blank line); one marker alone is an error.
    """
    block = f"{begin}\n{body.rstrip()}\n{end}"
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    if start >= 0 and stop >= 0:
        return text[:start] + block + text[stop + len(end):]
    if start >= 0 or end in text:
        raise ValueError(f"unbalanced markers: need both {begin} and {end}, in that order")
    sep = "" if not text else ("\n" if text.endswith("\n") else "\n\n")
    return text + sep + block + "\n"


def card_section(runs: Sequence[BaselineRun], dataset_version: str, split: str, bootstrap: int, seed: int) -> str:
    """The card's results section: heading plus the results tables."""
    return "## Baseline results\n\n" + results_markdown(runs, dataset_version, split, bootstrap, seed)


def below_floor(runs: Sequence[BaselineRun]) -> list[tuple[str, str, float, float]]:
    """(baseline, floor, baseline value, floor value) wherever a baseline scores below a floor of its task."""
    out = []
    for r in runs:
        if r.spec.kind != "baseline":
            continue
        for f in runs:
            if f.spec.kind == "floor" and f.spec.task == r.spec.task and r.value < f.value:
                out.append((r.spec.name, f.spec.name, r.value, f.value))
    return out



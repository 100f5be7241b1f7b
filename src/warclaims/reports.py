"""Rendering score reports: terminal tables (rich), Markdown leaderboard rows, PNG plots.

The JSON form is `ScoreReport.to_dict()`; everything here reads a report and writes nothing
but the requested output. matplotlib is imported lazily with the Agg backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from . import schemas
from .compare import CompareReport
from .scoring import HEADLINE, HEADLINE_DEFINITION, ScoreReport

TABLE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("entities", "strict (span+type)", "entities.strict.micro"),
    ("entities", "exact (span)", "entities.exact.micro"),
    ("entities", "partial (overlap, half credit)", "entities.partial.micro"),
    ("entities", "type (overlap+type)", "entities.type.micro"),
    ("entities", "strict macro over types", "entities.strict.macro"),
    ("sources", "strict (span+kind)", "sources.strict.micro"),
    ("sources", "exact (span)", "sources.exact.micro"),
    ("sources", "overlap (IoU>=0.5)", "sources.overlap"),
    ("cues", "exact (span)", "cues.exact.micro"),
    ("cues", "overlap (IoU>=0.5)", "cues.overlap"),
    ("claims", "exact (span)", "claims.exact.micro"),
    ("claims", "overlap (IoU>=0.5)", "claims.overlap"),
    ("attribution", "claim overlap, source strict", "attribution.strict_source"),
    ("attribution", "claim overlap, source overlap", "attribution.overlap_source"),
)
"""(task, variant, metric prefix) rows of the P/R/F1 table, in display order."""

STANCE_ROWS: tuple[tuple[str, str], ...] = (
    ("gold pairs given", "stance.gold_pairs"),
    ("end to end", "stance.end_to_end"),
)


NOT_SUBMITTED = "not submitted"


def _fmt(v: Any) -> str:
    return "—" if v is None else f"{100 * float(v):.1f}"


def _ci(report: ScoreReport, name: str) -> str:
    iv = report.intervals.get(name)
    return "" if iv is None else f"[{100 * iv[0]:.1f}, {100 * iv[1]:.1f}]"


def headline_text(report: ScoreReport) -> str:
    """One line: the headline score, its interval and what it is the mean of."""
    ci = _ci(report, "headline")
    return f"Headline {100 * report.headline:.1f} {ci}".rstrip() + f" = {HEADLINE_DEFINITION}"


def render_table(report: ScoreReport, title: str | None = None) -> list[Any]:
    """Rich renderables for the terminal: headline, P/R/F1 table, per-type table, stance table."""
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = []
    head = Text(headline_text(report), style="bold")
    out.append(head)
    main = Table(title=title or f"Scores on {report.documents} document(s) (in %, 95% bootstrap CI)", show_lines=False)
    for col, justify in (("task", "left"), ("variant", "left"), ("P", "right"), ("R", "right"), ("F1", "right"), ("F1 95% CI", "right")):
        main.add_column(col, justify=justify)  # type: ignore[arg-type]
    for task, variant, prefix in TABLE_ROWS:
        layer = "claims" if task == "attribution" else task
        if report.layers.get(layer) != "scored":
            main.add_row(task, variant, "", "", "not submitted", "")
            continue
        m = report.metrics
        main.add_row(task, variant, _fmt(m[f"{prefix}.precision"]), _fmt(m[f"{prefix}.recall"]),
                     _fmt(m[f"{prefix}.f1"]), _ci(report, f"{prefix}.f1"))
    out.append(main)
    if report.layers.get("entities") == "scored":
        per = Table(title="Entities, strict, per type")
        for col in ("type", "support", "P", "R", "F1"):
            per.add_column(col, justify="left" if col == "type" else "right")
        for t in schemas.labels()["entity_type"]:
            base = f"entities.strict.per_type.{t}"
            per.add_row(t, str(report.metrics[f"{base}.support"]), _fmt(report.metrics[f"{base}.precision"]),
                        _fmt(report.metrics[f"{base}.recall"]), _fmt(report.metrics[f"{base}.f1"]))
        out.append(per)
    st = Table(title="Stance on (holder, target) pairs")
    for col in ("mode", "F_avg", "macro-F1", "accuracy", "F_avg 95% CI"):
        st.add_column(col, justify="left" if col == "mode" else "right")
    for label, prefix in STANCE_ROWS:
        if report.layers.get("stances") != "scored":
            st.add_row(label, "not submitted", "", "", "")
            continue
        m = report.metrics
        st.add_row(label, _fmt(m[f"{prefix}.f_avg"]), _fmt(m[f"{prefix}.macro_f1"]), _fmt(m[f"{prefix}.accuracy"]),
                   _ci(report, f"{prefix}.f_avg"))
    out.append(st)
    for note in report.notes:
        out.append(Text(f"note: {note}", style="yellow"))
    return out


def render_compare(report: CompareReport, name_a: str, name_b: str) -> list[Any]:
    """Rich renderables for a paired comparison."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=f"Paired bootstrap, {report.replicates} replicate(s), {report.a.documents} document(s) (in %)")
    for col in ("metric", "A", "B", "A - B", "95% CI of A - B", "A better in"):
        t.add_column(col, justify="left" if col == "metric" else "right")
    short = {"headline": "headline", HEADLINE[0]: "entities strict F1", HEADLINE[1]: "attribution F1",
             HEADLINE[2]: "stance F_avg e2e"}
    for m in report.wins:
        va = report.a.headline if m == "headline" else report.a.metrics.get(m)
        vb = report.b.headline if m == "headline" else report.b.metrics.get(m)
        in_a, in_b = report.submitted(m)
        cells = [_fmt(va) if in_a else NOT_SUBMITTED, _fmt(vb) if in_b else NOT_SUBMITTED]
        if not (in_a and in_b):  # a difference with a layer not submitted says nothing
            t.add_row(short.get(m, m), *cells, NOT_SUBMITTED, "", "")
            continue
        iv = report.delta_intervals.get(m)
        t.add_row(short.get(m, m), *cells, f"{100 * report.delta[m]:+.1f}",
                  "" if iv is None else f"[{100 * iv[0]:+.1f}, {100 * iv[1]:+.1f}]",
                  f"{100 * report.wins[m]:.1f}%")
    return [Text(f"A = {name_a}, B = {name_b}; headline = {HEADLINE_DEFINITION}"), t]


def markdown_header() -> str:
    """The header (two lines) of the Markdown leaderboard table that `markdown_row` fills."""
    cols = ["system", "headline = mean of next 3 [95% CI]", "entities strict F1", "attribution F1 (source strict)",
            "stance F_avg (e2e)",
            "stance F_avg (gold pairs)", "documents"]
    return "| " + " | ".join(cols) + " |\n|" + "|".join(["---"] + ["---:"] * (len(cols) - 1)) + "|"


def markdown_row(report: ScoreReport, system: str) -> str:
    """One leaderboard row (percentages, one decimal); not-submitted layers show as —."""
    ci = report.intervals.get("headline")
    head = f"{100 * report.headline:.1f}" + (f" [{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]" if ci else "")
    cells = [system.replace("|", "\\|"), head]
    cells += [_fmt(report.metrics.get(m)) for m in HEADLINE[:2]]
    cells += [_fmt(report.metrics.get(HEADLINE[2])), _fmt(report.metrics.get("stance.gold_pairs.f_avg")), str(report.documents)]
    return "| " + " | ".join(cells) + " |"


def relative_luminance(rgb: Sequence[float]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0-1 floats (alpha, if any, ignored)."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def cell_text_colour(rgb: Sequence[float]) -> str:
    """"white" on a dark cell, "black" on a light one: whichever has the higher WCAG contrast
    ratio with the cell colour, so that every number of a heatmap stays readable."""
    lum = relative_luminance(rgb)
    return "white" if 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05 else "black"


def _pyplot() -> Any:
    """matplotlib.pyplot with the Agg backend (files only, no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _titled(title: str, system: str | None) -> str:
    return f"{system}: {title}" if system else title


def entities_figure(report: ScoreReport, system: str | None = None) -> Any:
    """Bar chart of strict F1 per entity type, in % (0-100) like the tables."""
    plt = _pyplot()
    types = schemas.labels()["entity_type"]
    values = [100 * float(report.metrics[f"entities.strict.per_type.{t}.f1"] or 0.0) for t in types]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    bars = ax.bar(types, values, color="#4c72b0")
    ax.bar_label(bars, labels=[f"{v:.1f}" for v in values], fontsize=8)
    ax.set_ylim(0, 105)
    ax.set_ylabel("strict F1 (%)")
    ax.set_title(_titled("entities, strict F1 per type (%)", system))
    ax.tick_params(axis="x", labelrotation=30)
    fig.tight_layout()
    return fig


def confusion_figure(report: ScoreReport, system: str | None = None) -> Any:
    """Gold-pairs stance confusion matrix (counts of gold stances), each cell numbered in the
    colour that reads best on it (`cell_text_colour`)."""
    plt = _pyplot()
    pols = schemas.labels()["polarity"]
    cols = (*pols, "none")
    grid = [[int(report.metrics[f"stance.gold_pairs.confusion.{g}.{p}"] or 0) for p in cols] for g in pols]
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    image = ax.imshow(grid, cmap="Blues", vmin=0, vmax=max(1, max(max(r) for r in grid)))
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(pols)), pols)
    ax.set_xlabel("predicted polarity (none = no prediction on the gold pair)")
    ax.set_ylabel("gold polarity")
    ax.set_title(_titled("stance confusion, gold pairs given (counts)", system))
    for i, r in enumerate(grid):
        for j, v in enumerate(r):
            ax.text(j, i, str(v), ha="center", va="center", color=cell_text_colour(image.cmap(image.norm(v))))
    fig.tight_layout()
    return fig


def write_plots(report: ScoreReport, out_dir: Path, system: str | None = None) -> list[Path]:
    """PNG plots: entity per-type strict F1 bars (%) and the gold-pairs stance confusion matrix,
    titled with the `system` name.

    Plots of layers that were not submitted are not drawn; returns the written paths.
    """
    plt = _pyplot()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for layer, name, make in (("entities", "entities_per_type_f1.png", entities_figure),
                              ("stances", "stance_confusion.png", confusion_figure)):
        if report.layers.get(layer) != "scored":
            continue
        from .safe_write import write_with

        fig = make(report, system)
        path = write_with(out_dir / name, lambda tmp: fig.savefig(tmp, dpi=100))
        plt.close(fig)
        written.append(path)
    return written

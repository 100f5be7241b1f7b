"""A leaderboard of systems scored on the same gold documents (`warclaims leaderboard`).

Every system is scored from its count table (one row per gold document, as in
`warclaims score`), and all systems share the same bootstrap resamples of documents, so that
each comparison is paired (docs/METRICS.md, "Intervals"). Per column (the headline and each
layer's main F1), the best system is the one with the highest point value (ties: first by name, as in the ranking); another system is
marked "not significantly different from the best" when the 95% percentile interval of
(best - system) over the shared resamples contains 0 or goes below it. A layer a system did
not submit is shown as not submitted, never as 0, and takes no part in that column's ranking;
so is a layer a system took from gold as its input (`System.given`, e.g. the gold entities a
stance baseline is given): it is shown as gold input and counts as not submitted in the headline.

Pure logic: count tables in, a `Leaderboard` out; rendering to Markdown and to a static HTML
page lives here too (strings, no I/O).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from .metrics import bootstrap as boot
from .scoring import HEADLINE_DEFINITION, CountTable, _scored, derive_all, headline_of

COLUMNS: tuple[tuple[str, str], ...] = (
    ("headline", "Headline"),
    ("entities.strict.micro.f1", "Entities F1"),
    ("claims.overlap.f1", "Claims F1"),
    ("sources.strict.micro.f1", "Sources F1"),
    ("cues.overlap.f1", "Cues F1"),
    ("attribution.strict_source.f1", "Attribution F1"),
    ("stance.end_to_end.f_avg", "Stance F_avg"),
)
"""(metric, column title): the headline and the main F1 of each layer, in table order."""

FORMAT = "warclaims-leaderboard/1"


@dataclass(frozen=True)
class System:
    """One submission to rank: its name, version and count table over the gold documents.

    `given` names submitted layers that are copies of gold given to the system as input; they are
    not scored for it.
    """

    name: str
    version: str
    table: CountTable
    given: frozenset[str] = frozenset()

    @property
    def scored_layers(self) -> frozenset[str]:
        """The layers the system predicted itself."""
        return self.table.submitted - self.given


@dataclass(frozen=True)
class Cell:
    """One system's value in one column.

    `value` is None when the system did not submit the layer or took it from gold (`given`). `best` marks the column's best
    system; `tied_with_best` marks a system whose difference from the best is not significant
    (95% paired bootstrap interval of best - system reaches 0); `delta_ci95` is that interval.
    """

    value: float | None
    ci95: tuple[float, float] | None
    best: bool
    tied_with_best: bool
    delta_ci95: tuple[float, float] | None
    given: bool = False


@dataclass(frozen=True)
class Row:
    name: str
    version: str
    cells: Mapping[str, Cell]


@dataclass(frozen=True)
class Leaderboard:
    """Rows ranked by headline (highest first; ties by name), over `documents` gold documents."""

    rows: tuple[Row, ...]
    documents: int
    replicates: int
    seed: int
    title: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready leaderboard with stable keys (format `warclaims-leaderboard/1`)."""
        return {
            "format": FORMAT, "title": self.title, "documents": self.documents,
            "bootstrap": {"replicates": self.replicates, "seed": self.seed, "paired": True, "level": 0.95},
            "headline_definition": HEADLINE_DEFINITION,
            "columns": [m for m, _ in COLUMNS],
            "rows": [{"rank": i + 1, "system": r.name, "version": r.version,
                      "cells": {m: _cell_dict(r.cells[m]) for m, _ in COLUMNS}} for i, r in enumerate(self.rows)],
        }


def _cell_dict(c: Cell) -> dict[str, Any]:
    return {"value": None if c.value is None else round(c.value, 6), "ci95": _rounded(c.ci95),
            "best": c.best, "tied_with_best": c.tied_with_best, "delta_ci95": _rounded(c.delta_ci95), "given": c.given}


def _rounded(iv: tuple[float, float] | None) -> list[float] | None:
    return None if iv is None else [round(iv[0], 6), round(iv[1], 6)]


def _scored_for(metric: str, system: System) -> bool:
    return metric == "headline" or _scored(metric, system.scored_layers)


def _given_for(metric: str, system: System) -> bool:
    return metric != "headline" and not _scored(metric, system.scored_layers) and _scored(metric, system.table.submitted)


def _values(metric: str, system: System, derived: Mapping[str, Any]) -> Any:
    if metric == "headline":
        return headline_of(derived, system.scored_layers)
    return derived[metric]


def rank(systems: Sequence[System], *, replicates: int = 1000, seed: int = 0, title: str = "WarClaims leaderboard") -> Leaderboard:
    """Rank `systems` (count tables over the same gold documents, same order) with paired intervals.

    Raises ValueError when there is no system, when two systems share a (name, version), or when
    the tables are not over the same documents.
    """
    if not systems:
        raise ValueError("no systems to rank")
    seen: set[tuple[str, str]] = set()
    for s in systems:
        key = (s.name, s.version)
        if key in seen:
            raise ValueError(f"system {s.name} {s.version} appears twice")
        seen.add(key)
        if s.table.doc_ids != systems[0].table.doc_ids:
            raise ValueError(f"system {s.name} is not scored on the same gold documents as {systems[0].name}")
    point = [derive_all(s.table.sums()) for s in systems]
    resampled = boot.resampled_sums([s.table.matrix for s in systems], replicates, seed)
    draws = [derive_all(s.table.sums(r)) if r.shape[0] else None for s, r in zip(systems, resampled)]
    cells: list[dict[str, Cell]] = [{} for _ in systems]
    for metric, _ in COLUMNS:
        values = [float(_values(metric, s, p)) if _scored_for(metric, s) else None
                  for s, p in zip(systems, point)]
        candidates = [i for i, v in enumerate(values) if v is not None]
        best = min(candidates, key=lambda i: (-values[i], systems[i].name, systems[i].version)) if candidates else None
        dists = [None if v is None or d is None else np.asarray(_values(metric, s, d), dtype=float)
                 for s, v, d in zip(systems, values, draws)]
        for i, (s, v, dist) in enumerate(zip(systems, values, dists)):
            delta_ci = None
            if dist is not None and best is not None and i != best and dists[best] is not None:
                delta_ci = boot.interval(dists[best] - dist)
            cells[i][metric] = Cell(v, boot.interval(dist) if dist is not None else None, i == best,
                                    delta_ci is not None and delta_ci[0] <= 0.0, delta_ci, _given_for(metric, s))
    order = sorted(range(len(systems)), key=lambda i: (-(cells[i]["headline"].value or 0.0), systems[i].name, systems[i].version))
    rows = tuple(Row(systems[i].name, systems[i].version, cells[i]) for i in order)
    return Leaderboard(rows, len(systems[0].table.doc_ids), replicates, seed, title)


def _pct(v: float) -> str:
    return f"{100 * v:.1f}"


def _cell_text(c: Cell, *, markdown: bool) -> str:
    if c.value is None:
        return "gold input" if c.given else "not submitted"
    text = _pct(c.value)
    if markdown and c.best:
        text = f"**{text}**"
    if c.tied_with_best:
        text += " ≈"
    if c.ci95 is not None:
        text += f" [{_pct(c.ci95[0])}, {_pct(c.ci95[1])}]"
    return text


def legend(board: Leaderboard) -> str:
    """The sentence that explains the marks and intervals under both renderings."""
    boot_text = (f"95% paired bootstrap intervals over {board.replicates:,} resamples of the {board.documents} "
                 f"documents (seed {board.seed})" if board.replicates else "no bootstrap (no intervals, no marks)")
    return (f"Scores in %, {boot_text}. Bold: best in its column. ≈: not significantly different from the "
            f"best (the 95% interval of best minus this system reaches 0). Gold input: a layer the system was given from gold, not scored. Headline: {HEADLINE_DEFINITION}.")


def to_markdown(board: Leaderboard) -> str:
    """The leaderboard as a Markdown table with its legend."""
    head = ["Rank", "System", "Version", *(t for _, t in COLUMNS)]
    lines = [f"# {board.title}", "", "| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for i, r in enumerate(board.rows, 1):
        cells = [str(i), _md_escape(r.name), _md_escape(r.version), *(_cell_text(r.cells[m], markdown=True) for m, _ in COLUMNS)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", legend(board), ""]
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;margin:0 0 1rem}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #c8c8c8;padding:.35rem .6rem;text-align:right;white-space:nowrap}
th{background:#f0f0f0}
td.name,td.version,th.name,th.version{text-align:left}
td.best{font-weight:bold;background:#e3f1e3}
td.tied{background:#f3f8f3}
td.missing{color:#595959;font-style:italic}
span.ci{color:#555;font-size:.8rem}
p.legend{max-width:60rem;font-size:.85rem;color:#333}
""".strip()


def to_html(board: Leaderboard) -> str:
    """A static, self-contained HTML page (no scripts, no external files) of the leaderboard."""
    esc = html.escape
    head = "".join(f'<th class="{c}">{esc(t)}</th>' for c, t in (("rank", "Rank"), ("name", "System"), ("version", "Version")))
    head += "".join(f'<th data-metric="{esc(m)}">{esc(t)}</th>' for m, t in COLUMNS)
    body = []
    for i, r in enumerate(board.rows, 1):
        tds = [f'<td class="rank">{i}</td>', f'<td class="name">{esc(r.name)}</td>', f'<td class="version">{esc(r.version)}</td>']
        for m, _ in COLUMNS:
            c = r.cells[m]
            if c.value is None:
                tds.append(f'<td class="missing" data-metric="{esc(m)}">{"gold input" if c.given else "not submitted"}</td>')
                continue
            cls = "best" if c.best else "tied" if c.tied_with_best else "score"
            mark = ' <span class="mark" title="not significantly different from the best">≈</span>' if c.tied_with_best else ""
            ci = f' <span class="ci">[{_pct(c.ci95[0])}, {_pct(c.ci95[1])}]</span>' if c.ci95 else ""
            tds.append(f'<td class="{cls}" data-metric="{esc(m)}">{_pct(c.value)}{mark}{ci}</td>')
        body.append("<tr>" + "".join(tds) + "</tr>")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(board.title)}</title>'
            f"<style>{_CSS}</style></head><body>\n<h1>{esc(board.title)}</h1>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>\n"
            f'<p class="legend">{esc(legend(board))}</p>\n</body></html>\n')


__all__ = ["COLUMNS", "Cell", "FORMAT", "Leaderboard", "Row", "System", "legend", "rank", "to_html", "to_markdown"]

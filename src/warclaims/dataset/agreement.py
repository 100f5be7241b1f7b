"""Inter-annotator agreement over tasks with two or more annotations (pure functions).

Definitions (exact):
- For every pair of annotations of one task, ordered by annotator name, the first is the
  reference and the second the prediction; tp/fp/fn are summed per annotator pair and over
  all pairs (micro). P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn) (symmetric, so the
  order of the pair does not matter for F1). Undefined ratios (0/0) are reported as null.
- entities_strict: same (start, end, type); entities_overlap: one-to-one greedy matching of
  same-type spans that share at least one character (largest overlap first).
- claims_strict: same (start, end); claims_overlap: as above without a type.
- sources: same (start, end, kind); cues: same (start, end).
- attribution: same ((claim start, end), (source start, end)) pair, over claims with a source.
- stances: same ((holder span, target span), polarity) triple, spans compared by position.
- stance reliability: items = union over the task's annotations of (task, holder span, target
  span); each annotator's rating is the polarity, missing when the annotator has no stance on
  the item. With exactly two annotators overall: Cohen's kappa (scikit-learn) over the items both
  rated; with more: Krippendorff's alpha, nominal, missing ratings allowed (`krippendorff`).
  Alpha is reported whenever it is defined, kappa only for two annotators.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from .adjudicate import View, annotator_of, view

MEASURES: tuple[str, ...] = ("entities_strict", "entities_overlap", "claims_strict", "claims_overlap",
                             "sources", "cues", "attribution", "stances")


@dataclass
class Counts:
    """tp/fp/fn with derived precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        """Add another count in place."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    def as_dict(self) -> dict[str, Any]:
        """Counts with P/R/F1 (null when undefined)."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self._ratio(self.tp, self.tp + self.fp),
                "recall": self._ratio(self.tp, self.tp + self.fn),
                "f1": self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)}


def strict(ref: Iterable[Any], pred: Iterable[Any]) -> Counts:
    """Exact-match counts between two sets of keys."""
    a, b = set(ref), set(pred)
    return Counts(len(a & b), len(b - a), len(a - b))


def overlap(ref: Iterable[tuple[Any, ...]], pred: Iterable[tuple[Any, ...]]) -> Counts:
    """Counts under one-to-one greedy matching of overlapping spans (start, end, *label) with equal labels."""
    a, b = sorted(set(ref)), sorted(set(pred))
    candidates = []
    longest = max((y[1] - y[0] for y in b), default=0)
    b_starts = [y[0] for y in b]
    for i, x in enumerate(a):
        # only spans starting before x ends and not ending before x starts can overlap it
        for j in range(bisect.bisect_left(b_starts, x[0] - longest), bisect.bisect_left(b_starts, x[1])):
            y = b[j]
            shared = min(x[1], y[1]) - max(x[0], y[0])
            if shared > 0 and x[2:] == y[2:]:
                candidates.append((-shared, i, j))
    used_a, used_b = set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    tp = len(used_a)
    return Counts(tp, len(b) - tp, len(a) - tp)


def _keys(v: View) -> dict[str, set[Any]]:
    return {**v.spans, "claims": set(v.claims),
            "attribution": {(k, c["source"]) for k, c in v.claims.items() if c["source"] is not None},
            "stances": set(v.stances.items())}


def pair_counts(ref: Mapping[str, Any] | View, pred: Mapping[str, Any] | View) -> dict[str, Counts]:
    """Every measure for one pair of annotations (records or their Views) of the same task."""
    return _pair(_keys(ref if isinstance(ref, View) else view(ref)), _keys(pred if isinstance(pred, View) else view(pred)))


def _pair(a: dict[str, set[Any]], b: dict[str, set[Any]]) -> dict[str, Counts]:
    return {
        "entities_strict": strict(a["entities"], b["entities"]),
        "entities_overlap": overlap(a["entities"], b["entities"]),
        "claims_strict": strict(a["claims"], b["claims"]),
        "claims_overlap": overlap(a["claims"], b["claims"]),
        "sources": strict(a["sources"], b["sources"]),
        "cues": strict(a["cues"], b["cues"]),
        "attribution": strict(a["attribution"], b["attribution"]),
        "stances": strict(a["stances"], b["stances"]),
    }


@dataclass
class Agreement:
    """Accumulates agreement over tasks; memory grows with stance items, not with documents."""

    documents: int = 0
    annotations: int = 0
    total: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MEASURES})
    pairs: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    ratings: dict[tuple[Any, ...], dict[str, str]] = field(default_factory=dict)
    adjudicated_excluded: int = 0

    def add(self, doc_id: str, annotations: Sequence[Mapping[str, Any]], views: Sequence[View] | None = None) -> None:
        """Add one task; tasks with fewer than two independent annotations are not counted here.

        Agreement is measured between independent passes only: an adjudicated annotation was
        made by someone who saw the others, so it is left out (and counted in `adjudicated_excluded`).
        `views` (parallel to `annotations`) may be passed when already computed.
        """
        views = list(views) if views is not None else [view(a) for a in annotations]
        independent = [i for i, a in enumerate(annotations) if a["meta"]["annotation"].get("pass") != "adjudicated"]
        self.adjudicated_excluded += len(annotations) - len(independent)
        annotations = [annotations[i] for i in independent]
        views = [views[i] for i in independent]
        if len(annotations) < 2:
            return
        self.documents += 1
        self.annotations += len(annotations)
        names = [annotator_of(a) for a in annotations]
        named = sorted(zip(names, map(_keys, views)), key=lambda nk: nk[0])
        for (name_a, a), (name_b, b) in itertools.combinations(named, 2):
            entry = self.pairs.setdefault((name_a, name_b), {"documents": 0, "counts": {m: Counts() for m in MEASURES}})
            entry["documents"] += 1
            for measure, counts in _pair(a, b).items():
                entry["counts"][measure].add(counts)
                self.total[measure].add(counts)
        items: dict[tuple[Any, ...], dict[str, str]] = defaultdict(dict)
        for name, v in sorted(zip(names, views), key=lambda nv: nv[0]):
            for item, polarity in v.stances.items():
                items[(doc_id, repr(item))][name] = polarity
        self.ratings.update(items)

    def stance_reliability(self) -> dict[str, Any]:
        """Cohen's kappa (two annotators) / Krippendorff's alpha over stance items."""
        raters = sorted({r for rating in self.ratings.values() for r in rating})
        out: dict[str, Any] = {"annotators": len(raters), "items": len(self.ratings), "statistic": None,
                               "cohen_kappa": None, "krippendorff_alpha": None, "note": None}
        if len(raters) < 2 or not self.ratings:
            out["note"] = "fewer than two annotators rated stances"
            return out
        out["krippendorff_alpha"] = krippendorff_alpha(list(self.ratings.values()), raters)
        out["statistic"] = "krippendorff_alpha"
        if len(raters) == 2:
            both = [r for r in self.ratings.values() if len(r) == 2]
            out["items_rated_by_both"] = len(both)
            out["cohen_kappa"] = cohen_kappa([r[raters[0]] for r in both], [r[raters[1]] for r in both])
            out["statistic"] = "cohen_kappa"
        if out[out["statistic"]] is None:
            out["note"] = "undefined: too few items or a single category"
        return out

    def report(self) -> dict[str, Any]:
        """JSON-ready agreement report."""
        return {
            "documents": self.documents,
            "annotations": self.annotations,
            "adjudicated_excluded": self.adjudicated_excluded,
            "annotators": sorted({n for pair in self.pairs for n in pair}),
            "measures": {m: c.as_dict() for m, c in self.total.items()},
            "pairs": [{"a": a, "b": b, "documents": e["documents"],
                       "measures": {m: c.as_dict() for m, c in e["counts"].items()}}
                      for (a, b), e in sorted(self.pairs.items())],
            "stance": self.stance_reliability(),
        }


def _finite(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two aligned label lists (scikit-learn); None when undefined."""
    if len(a) < 1:
        return None
    import warnings

    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _finite(cohen_kappa_score(list(a), list(b)))


def krippendorff_alpha(ratings: Sequence[Mapping[str, str]], raters: Sequence[str]) -> float | None:
    """Nominal Krippendorff's alpha; `ratings` is one {rater: label} per item, missing allowed."""
    import numpy as np
    import krippendorff

    labels = sorted({v for r in ratings for v in r.values()})
    if len(labels) < 2:
        return None
    index = {label: i for i, label in enumerate(labels)}
    data = np.full((len(raters), len(ratings)), np.nan)
    for j, r in enumerate(ratings):
        for i, rater in enumerate(raters):
            if rater in r:
                data[i, j] = index[r[rater]]
    pairable = [j for j in range(data.shape[1]) if np.count_nonzero(~np.isnan(data[:, j])) >= 2]
    if not pairable:
        return None
    try:
        return _finite(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        return None


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def to_markdown(report: Mapping[str, Any], adjudication: Mapping[str, Any] | None = None, tie_limit: int = 50) -> str:
    """The agreement (and adjudication) report as Markdown."""
    lines = ["# Inter-annotator agreement", "",
             f"Tasks with two or more independent annotations: {report['documents']} ({report['annotations']} annotations; "
             f"{report.get('adjudicated_excluded', 0)} adjudicated annotation(s) excluded, as they saw the others); "
             f"annotators: {', '.join(report['annotators']) or 'none'}.", "",
             "| measure | tp | fp | fn | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for m, c in report["measures"].items():
        lines.append(f"| {m} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {_fmt(c['f1'])} |")
    st = report["stance"]
    lines += ["", f"Stance reliability over {st['items']} items, {st['annotators']} annotators: "
              f"Cohen's kappa {_fmt(st['cohen_kappa'])}, Krippendorff's alpha {_fmt(st['krippendorff_alpha'])}"
              + (f" ({st['note']})" if st.get("note") else "") + ".", ""]
    if report["pairs"]:
        lines += ["## Annotator pairs (F1)", "", "| a | b | tasks | " + " | ".join(MEASURES) + " |",
                  "|---|---|---:|" + "---:|" * len(MEASURES)]
        for p in report["pairs"]:
            lines.append(f"| {p['a']} | {p['b']} | {p['documents']} | "
                         + " | ".join(_fmt(p["measures"][m]["f1"]) for m in MEASURES) + " |")
    if adjudication is not None:
        lines += ["", "## Adjudication", "", f"Rule: {adjudication['rule']}", "",
                  "Gold documents by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(adjudication["by_rule"].items())) + ".",
                  "", f"Items left for review (ties, conflicts): {len(adjudication['ties'])}."]
        for t in adjudication["ties"][:tie_limit]:
            lines.append(f"- `{t['doc_id']}` {t['layer']}: {t.get('message') or t.get('item')}"
                         + (f" ({t['attribute']})" if t.get("attribute") else ""))
        if len(adjudication["ties"]) > tie_limit:
            lines.append(f"- ... and {len(adjudication['ties']) - tie_limit} more (see adjudication.json)")
    return "\n".join(lines) + "\n"


def heatmap_matrix(report: Mapping[str, Any], measure: str) -> tuple[list[str], list[list[float | None]]]:
    """Symmetric annotator x annotator F1 matrix for `measure` (None where a pair never met)."""
    names = report["annotators"]
    index = {n: i for i, n in enumerate(names)}
    matrix: list[list[float | None]] = [[None] * len(names) for _ in names]
    for p in report["pairs"]:
        f1 = p["measures"][measure]["f1"]
        matrix[index[p["a"]]][index[p["b"]]] = f1
        matrix[index[p["b"]]][index[p["a"]]] = f1
    return names, matrix

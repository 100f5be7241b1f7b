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

DEPENDENT_PASSES = ("adjudicated", "reviewed")
"""Passes made with other annotations in view; agreement leaves them out."""

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
    """Accumulates agreement over tasks: counts per document (summed into the totals when a
    report is made, with or without chosen documents), per annotator pair, and stance ratings."""

    annotations: int = 0
    pairs: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    ratings: dict[tuple[Any, ...], dict[str, str]] = field(default_factory=dict)
    adjudicated_excluded: int = 0
    per_document: dict[str, dict[str, Counts]] = field(default_factory=dict)

    def add(self, doc_id: str, annotations: Sequence[Mapping[str, Any]], views: Sequence[View] | None = None) -> None:
        """Add one task; tasks with fewer than two independent annotations are not counted here.

        Agreement is measured between independent passes only: an adjudicated or reviewed
        annotation was made by someone who saw the others, so it is left out (and counted in
        `adjudicated_excluded`).
        `views` (parallel to `annotations`) may be passed when already computed.
        """
        views = list(views) if views is not None else [view(a) for a in annotations]
        independent = [i for i, a in enumerate(annotations) if a["meta"]["annotation"].get("pass") not in DEPENDENT_PASSES]
        self.adjudicated_excluded += len(annotations) - len(independent)
        annotations = [annotations[i] for i in independent]
        views = [views[i] for i in independent]
        if len(annotations) < 2:
            return
        self.annotations += len(annotations)
        names = [annotator_of(a) for a in annotations]
        named = sorted(zip(names, map(_keys, views)), key=lambda nk: nk[0])
        doc_counts = self.per_document.setdefault(doc_id, {m: Counts() for m in MEASURES})
        for (name_a, a), (name_b, b) in itertools.combinations(named, 2):
            entry = self.pairs.setdefault((name_a, name_b), {"documents": 0, "counts": {m: Counts() for m in MEASURES}})
            entry["documents"] += 1
            for measure, counts in _pair(a, b).items():
                entry["counts"][measure].add(counts)
                doc_counts[measure].add(counts)
        items: dict[tuple[Any, ...], dict[str, str]] = defaultdict(dict)
        for name, v in sorted(zip(names, views), key=lambda nv: nv[0]):
            for item, polarity in v.stances.items():
                items[(doc_id, repr(item))][name] = polarity
        self.ratings.update(items)

    def stance_reliability(self, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
        """Cohen's kappa (two raters) / Krippendorff's alpha over stance items, leaving out the
        documents in `exclude`.

        When annotator names carry their pass (`agent-first-NN@...`, `agent-second-NN@...`),
        the raters are the two passes, so a document annotated by agent-first-03 and
        agent-second-01 contributes one first and one second rating (as double-annotation
        studies report alpha between passes); other names are raters of their own."""
        ratings = [_by_role(v) for k, v in self.ratings.items() if k[0] not in exclude]
        raters = sorted({r for rating in ratings for r in rating})
        out: dict[str, Any] = {"annotators": len(raters), "items": len(ratings), "statistic": None,
                               "cohen_kappa": None, "krippendorff_alpha": None, "note": None}
        if len(raters) < 2 or not ratings:
            out["note"] = "fewer than two annotators rated stances"
            return out
        out["krippendorff_alpha"] = krippendorff_alpha(ratings, raters)
        out["statistic"] = "krippendorff_alpha"
        if len(raters) == 2:
            both = [r for r in ratings if len(r) == 2]
            out["items_rated_by_both"] = len(both)
            out["cohen_kappa"] = cohen_kappa([r[raters[0]] for r in both], [r[raters[1]] for r in both])
            out["statistic"] = "cohen_kappa"
        if out[out["statistic"]] is None:
            out["note"] = "undefined: too few items or a single category"
        return out

    def _totals(self, exclude: frozenset[str] = frozenset()) -> dict[str, Counts]:
        """Counts summed over the documents not in `exclude`."""
        total = {m: Counts() for m in MEASURES}
        for doc_id, counts in self.per_document.items():
            if doc_id not in exclude:
                for m, c in counts.items():
                    total[m].add(c)
        return total

    def report(self, without: Sequence[str] = ()) -> dict[str, Any]:
        """JSON-ready agreement report; `without` names documents (e.g. the seed, from which the
        guidelines were written) for a second set of figures that leaves them out."""
        exclude = frozenset(without)
        return {
            "documents": len(self.per_document),
            "annotations": self.annotations,
            "adjudicated_excluded": self.adjudicated_excluded,
            "annotators": sorted({n for pair in self.pairs for n in pair}),
            "measures": {m: c.as_dict() for m, c in self._totals().items()},
            "pairs": [{"a": a, "b": b, "documents": e["documents"],
                       "measures": {m: c.as_dict() for m, c in e["counts"].items()}}
                      for (a, b), e in sorted(self.pairs.items())],
            "stance": self.stance_reliability(),
            "without": {"documents": sorted(exclude & set(self.per_document)),
                        "measures": {m: c.as_dict() for m, c in self._totals(exclude).items()},
                        "stance": self.stance_reliability(exclude)},
            "per_document": [{"id": d, "measures": {m: c.as_dict()["f1"] for m, c in counts.items()}}
                             for d, counts in sorted(self.per_document.items())],
        }


def _by_role(rating: Mapping[str, str]) -> dict[str, str]:
    """Rater names mapped to their pass ('first'/'second') when the name carries it."""
    out: dict[str, str] = {}
    for name, polarity in sorted(rating.items()):
        role = next((r for r in ("first", "second") if f"-{r}-" in name), name)
        out[role if role not in out else name] = polarity
    return out


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
             f"{report.get('adjudicated_excluded', 0)} adjudicated or reviewed annotation(s) excluded, as they saw the others); "
             f"annotators: {', '.join(report['annotators']) or 'none'}.", "",
             "| measure | tp | fp | fn | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for m, c in report["measures"].items():
        lines.append(f"| {m} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {_fmt(c['f1'])} |")
    st = report["stance"]
    lines += ["", f"Stance reliability over {st['items']} items, {st['annotators']} annotators: "
              f"Cohen's kappa {_fmt(st['cohen_kappa'])}, Krippendorff's alpha {_fmt(st['krippendorff_alpha'])}"
              + (f" ({st['note']})" if st.get("note") else "") + ".", ""]
    if report.get("without"):
        w = report["without"]
        lines += [f"Without {', '.join(w['documents']) or 'no document'}:", "",
                  "| measure | tp | fp | fn | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
        for m, c in w["measures"].items():
            lines.append(f"| {m} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {_fmt(c['f1'])} |")
        ws = w["stance"]
        lines += ["", f"Stance reliability without them: {ws['items']} items, Krippendorff's alpha "
                  f"{_fmt(ws['krippendorff_alpha'])}, Cohen's kappa {_fmt(ws['cohen_kappa'])}.", ""]
    if report["pairs"]:
        lines += ["## Annotator pairs (F1)", "", "| a | b | tasks | " + " | ".join(MEASURES) + " |",
                  "|---|---|---:|" + "---:|" * len(MEASURES)]
        for p in report["pairs"]:
            lines.append(f"| {p['a']} | {p['b']} | {p['documents']} | "
                         + " | ".join(_fmt(p["measures"][m]["f1"]) for m in MEASURES) + " |")
    if report.get("per_document"):
        lines += ["", "## Documents (F1 between the independent passes)", "",
                  "| document | " + " | ".join(MEASURES) + " |", "|---|" + "---:|" * len(MEASURES)]
        for d in report["per_document"]:
            lines.append(f"| {d['id']} | " + " | ".join(_fmt(d["measures"][m]) for m in MEASURES) + " |")
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

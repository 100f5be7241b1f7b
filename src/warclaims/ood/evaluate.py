"""The baselines, trained on a release's train split, scored in-domain and on outside news.

Each baseline of the tasks the outside data annotates (OUTSIDE_LAYERS -> tasks) is fitted once
on train with the parameters its last `warclaims baselines run` chose on validation (its
runs/<name>/<version>/meta.json; tuned on validation here when that file is missing), then
predicts the release's test split and every outside document. Both are scored with the
project's scorer (`warclaims.scoring.score_documents`) in each view of `warclaims.ood.align`.
Nothing here looks at the outside data to choose anything: it is evaluation only.

The figures go into baselines/RESULTS.md between OOD_BEGIN and OOD_END (`baselines run`
keeps that section when it rewrites the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from ..records import Document
from . import align

OOD_BEGIN, OOD_END = "<!-- OOD:BEGIN -->", "<!-- OOD:END -->"

TASKS_OF_LAYER: dict[str, str] = {"entities": "entities"}
"""Which baseline task an annotated outside layer lets us score (attribution: none yet, see baselines/ood/README.md)."""

METRICS: tuple[str, ...] = ("entities.strict.micro.f1", "entities.strict.micro.precision",
                            "entities.strict.micro.recall", "entities.partial.micro.f1")

COMMAND = "warclaims baselines ood baselines/ood/re3d/documents.jsonl --dataset dataset"
"""The command that reproduces the table (printed under it)."""


def keep_ood_section(old: str, new: str) -> str:
    """`new` RESULTS.md text with the out-of-domain section of `old` carried over (appended), so
    that `baselines run` does not erase what `baselines ood --write` wrote."""
    start = old.find(OOD_BEGIN)
    stop = old.find(OOD_END, start + len(OOD_BEGIN)) if start >= 0 else -1
    if start < 0 or stop < 0 or OOD_BEGIN in new:
        return new
    return new.rstrip("\n") + "\n\n" + old[start:stop + len(OOD_END)] + "\n"


@dataclass
class Score:
    """One baseline on one document set in one view."""

    metrics: dict[str, float | None]
    intervals: dict[str, list[float]]


@dataclass
class Row:
    """One baseline: in-domain and outside scores by view."""

    name: str
    kind: str
    params: dict[str, Any]
    params_from: str
    test: dict[str, Score] = field(default_factory=dict)
    outside: dict[str, Score] = field(default_factory=dict)
    recall: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """"test"/"outside" -> recall cell (BREAKDOWN) -> [gold mentions found exactly, gold mentions],
    in the `aligned, untyped` view."""


@dataclass
class Evaluation:
    """Everything the evaluation measured."""

    dataset_version: str
    outside_name: str
    n_test: int
    n_outside: int
    n_train: int
    gold_mentions: dict[str, int]
    alignment: dict[str, int]
    rows: list[Row]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (fractions, not percent)."""
        return {
            "dataset_version": self.dataset_version, "outside": self.outside_name, "train_documents": self.n_train,
            "test_documents": self.n_test, "outside_documents": self.n_outside, "gold_mentions": self.gold_mentions,
            "alignment": self.alignment, "views": list(align.VIEWS),
            "baselines": [{"name": r.name, "kind": r.kind, "params": r.params, "params_from": r.params_from,
                           "test": {v: s.__dict__ for v, s in r.test.items()},
                           "outside": {v: s.__dict__ for v, s in r.outside.items()},
                           "recall_breakdown": r.recall} for r in self.rows],
            "command": COMMAND,
        }


BREAKDOWN: tuple[str, ...] = tuple(f"{pos}, {seen}, {size}" for pos in ("sentence-initial", "mid-sentence")
                                   for seen in ("seen", "unseen") for size in ("one token", "several tokens"))
"""Recall cells: where the mention starts, whether all its word tokens occur in train entity mentions, its length."""


def recall_breakdown(gold: Sequence[Document], preds: dict, train_words: frozenset[str]) -> dict[str, list[int]]:
    """[found, total] gold mentions per BREAKDOWN cell (exact span match; give the `aligned, untyped` view)."""
    from ..baselines.tokens import sentence_bounds, tokenize

    out = {k: [0, 0] for k in BREAKDOWN}
    for doc in gold:
        starts = {s for s, _ in sentence_bounds(doc.text)}
        found = {(e.start, e.end) for e in preds[doc.id].entities} if doc.id in preds else set()
        for e in doc.layers.entities:
            words = [t.text.casefold() for t in tokenize(doc.text[e.start:e.end]) if t.text[:1].isalnum()]
            key = (f"{'sentence-initial' if e.start in starts else 'mid-sentence'}, "
                   f"{'seen' if all(w in train_words for w in words) else 'unseen'}, "
                   f"{'one token' if len(words) == 1 else 'several tokens'}")
            out[key][1] += 1
            out[key][0] += (e.start, e.end) in found
    return out


def _score(gold: Sequence[Document], preds: dict, view: str, outside: bool, bootstrap: int, seed: int) -> Score:
    from ..scoring import score_documents

    g, p = align.view(gold, preds, view, outside=outside)
    report = score_documents(g, p, bootstrap=bootstrap, seed=seed)
    return Score({m: report.metrics.get(m) for m in METRICS},
                 {m: list(report.intervals[m]) for m in METRICS if m in report.intervals})


def evaluate(dataset_dir: Path, outside: Sequence[Document], *, outside_name: str, runs_dir: Path,
             names: Sequence[str] = (), seed: int = 0, bootstrap: int = 1000,
             progress: Callable[[str], None] | None = None) -> Evaluation:
    """Fit, predict and score every baseline of the outside data's tasks (or `names`)."""
    from ..baselines import registry
    from ..baselines.run import ReleaseError, by_id, load_split, release_version, tune, tuned_params

    version = release_version(dataset_dir)
    train, validation, test = (load_split(dataset_dir, s) for s in ("train", "validation", "test"))
    if not train or not test:
        raise ReleaseError(f"{dataset_dir}: the release needs non-empty train and test splits")
    tasks = set(TASKS_OF_LAYER.values())
    specs = [registry.get(n) for n in names] if names else [s for s in registry.BASELINES.values() if s.task in tasks]
    for spec in specs:
        if spec.task not in tasks:
            raise ValueError(f"{spec.name}: task {spec.task!r} is not annotated in the outside data "
                             f"(scorable: {', '.join(sorted(tasks))})")
    from ..baselines.tokens import tokenize

    words = frozenset(t.text.casefold() for d in train for e in d.layers.entities for t in tokenize(e.text))
    rows = []
    for spec in specs:
        if progress is not None:
            progress(spec.name)
        params = tuned_params(runs_dir, spec.name, version)
        if params or not spec.grid:
            est, where = spec.make(seed, **params).fit(train), (f"runs/{spec.name}/{version}/meta.json" if params else "-")
        else:
            params, _, est = tune(spec, train, validation, seed=seed)
            where = "tuned on validation"
        row = Row(spec.name, spec.kind, params, where)
        p_test, p_out = by_id(test, est.predict(test)), by_id(outside, est.predict(outside))
        for v in align.VIEWS:
            row.test[v] = _score(test, p_test, v, False, bootstrap, seed)
            row.outside[v] = _score(outside, p_out, v, True, bootstrap, seed)
        if spec.kind == "baseline":
            for key, gold, preds, out in (("test", test, p_test, False), ("outside", outside, p_out, True)):
                row.recall[key] = recall_breakdown(*align.view(gold, preds, "aligned, untyped", outside=out), words)
        rows.append(row)
    aligned, counts = align.align_gold(outside)
    mentions = {"test": sum(len(d.layers.entities) for d in test),
                "outside": sum(len(d.layers.entities) for d in outside),
                "outside_aligned": sum(len(d.layers.entities) for d in aligned)}
    return Evaluation(version, outside_name, len(test), len(outside), len(train), mentions, dict(sorted(counts.items())), rows)


def _pct(score: Score, metric: str) -> str:
    value = score.metrics.get(metric)
    if value is None:
        return "n/a"
    iv = score.intervals.get(metric)
    return f"{100 * value:.1f}" + (f" [{100 * iv[0]:.1f}, {100 * iv[1]:.1f}]" if iv else "")


def markdown(ev: Evaluation, bootstrap: int, seed: int) -> str:
    """The RESULTS.md section: one table per view, in-domain and outside side by side."""
    m = ev.gold_mentions
    lines = [
        "## Out-of-domain check (entities)", "",
        f"Entity baselines fitted on the WarClaims {ev.dataset_version} train split ({ev.n_train} documents) with the "
        "parameters chosen on validation, scored on the release's `test` split (in-domain, "
        f"{ev.n_test} documents, {m['test']} mentions) and on {ev.outside_name} (outside, {ev.n_outside} documents, "
        f"{m['outside']} mentions as converted, {m['outside_aligned']} aligned): government and military press "
        "releases about Syria and Iraq, annotated by re3d's own annotators under re3d's entity schema "
        "(baselines/ood/README.md). Only the entity layer is annotated there, so only entity baselines are "
        f"scored. Strict micro-F1 / P / R and partial F1 in %, [95% interval] from {bootstrap} bootstrap "
        f"resamples of documents (seed {seed}).", "",
        "Views (warclaims.ood.align): *as converted*: types through the label mapping (re3d Organisation -> ORG, "
        "Location -> GPE); *aligned*: outside gold re-cut to our span rules (mentions with no capital letter and "
        "personal pronouns dropped, leading \"the\" and trailing possessive outside; "
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in ev.alignment.items())
        + ") and types collapsed on both sides to PERSON / ORG (+ARMED_GROUP, MEDIA) / GPE (+LOC, FAC); "
        "*aligned, untyped*: spans only. What the gap is made of, and what was tried: baselines/ood/README.md.", "",
    ]
    for v in align.VIEWS:
        lines += [f"### {v}", "",
                  "| baseline | kind | in-domain F1 | P | R | partial F1 | outside F1 | P | R | partial F1 |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in ev.rows:
            t, o = r.test[v], r.outside[v]
            lines.append(f"| {r.name} | {r.kind} | " + " | ".join(_pct(t, x) for x in METRICS) + " | "
                         + " | ".join(_pct(o, x) for x in METRICS) + " |")
        lines.append("")
    for r in ev.rows:
        if not r.recall:
            continue
        lines += [f"### {r.name}: recall by kind of mention (aligned, untyped)", "",
                  "Seen: every word of the mention occurs in a train entity mention.", "",
                  "| mention | in-domain recall | mentions | outside recall | mentions |", "|---|---:|---:|---:|---:|"]
        for k in BREAKDOWN:
            cells = []
            for side in ("test", "outside"):
                found, total = r.recall[side][k]
                cells += [f"{100 * found / total:.0f}" if total else "n/a", str(total)]
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += [f"Reproduce: `{COMMAND}` (add `--write` to rewrite this section).", ""]
    return "\n".join(lines)

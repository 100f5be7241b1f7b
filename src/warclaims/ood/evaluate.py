"""The baselines, trained on a release's train split, scored in-domain and on outside documents.

Each baseline of the tasks the outside sets annotate (their records' `meta.extra.ood.layers_annotated`,
through TASKS_OF_LAYER) is fitted once on train with the parameters its last `warclaims baselines
run` chose on validation (its runs/<name>/<version>/meta.json; tuned on validation here when that
file is missing), then predicts the release's test split and every outside document. Both are
scored with the project's scorer (`warclaims.scoring.score_documents`) in each view of the set
(`views_of`). Nothing here looks at the outside data to choose anything: it is evaluation only.

The figures go into baselines/RESULTS.md between OOD_BEGIN and OOD_END (`warclaims.ood.report`;
`baselines run` keeps that section when it rewrites the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..records import Document
from . import align

OOD_BEGIN, OOD_END = "<!-- OOD:BEGIN -->", "<!-- OOD:END -->"

TASKS_OF_LAYER: dict[str, str] = {"entities": "entities", "claims": "claims"}
"""Which baseline task an annotated outside layer lets us score."""

METRICS_OF_TASK: dict[str, tuple[str, ...]] = {
    "entities": ("entities.strict.micro.f1", "entities.strict.micro.precision",
                 "entities.strict.micro.recall", "entities.partial.micro.f1"),
    "claims": ("attribution.strict_source.f1", "attribution.strict_source.precision",
               "attribution.strict_source.recall", "sources.exact.micro.f1", "cues.overlap.f1",
               "claims.overlap.f1"),
}
"""The figures reported per task, headline first (docs/METRICS.md defines each)."""

METRICS: tuple[str, ...] = METRICS_OF_TASK["entities"]

COMMAND = ("warclaims baselines ood baselines/ood/re3d/documents.jsonl baselines/ood/own/documents.jsonl "
           "--dataset dataset")
"""The command that reproduces the section (printed under it)."""


def keep_ood_section(old: str, new: str) -> str:
    """`new` RESULTS.md text with the out-of-domain section of `old` carried over (appended), so
    that `baselines run` does not erase what `baselines ood --write` wrote."""
    start = old.find(OOD_BEGIN)
    stop = old.find(OOD_END, start + len(OOD_BEGIN)) if start >= 0 else -1
    if start < 0 or stop < 0 or OOD_BEGIN in new:
        return new
    return new.rstrip("\n") + "\n\n" + old[start:stop + len(OOD_END)] + "\n"


def ood_meta(doc: Document) -> Mapping[str, Any]:
    """A record's `meta.extra.ood` (what outside set it belongs to, how it was annotated), or {}."""
    extra = doc.meta.get("extra")
    ood = extra.get("ood") if isinstance(extra, Mapping) else None
    return ood if isinstance(ood, Mapping) else {}


def layers_of(docs: Sequence[Document]) -> tuple[str, ...]:
    """The layers an outside set annotates (`meta.extra.ood.layers_annotated` of its records;
    entities when the records do not say). Every record must say the same."""
    seen = {tuple(ood_meta(d).get("layers_annotated") or ("entities",)) for d in docs}
    if len(seen) != 1:
        raise ValueError(f"the outside records disagree on which layers they annotate: {sorted(seen)}")
    layers = seen.pop()
    unknown = [x for x in layers if x not in TASKS_OF_LAYER]
    if unknown:
        raise ValueError(f"layers {unknown} cannot be scored out of domain (scorable: {', '.join(TASKS_OF_LAYER)})")
    return layers


def views_of(docs: Sequence[Document]) -> tuple[str, ...]:
    """Views of a set: one (`as annotated`) when it was annotated under the WarClaims guidelines
    (`meta.extra.ood.conventions` == "warclaims"), else the three views of `warclaims.ood.align`."""
    return align.OWN_VIEWS if docs and ood_meta(docs[0]).get("conventions") == "warclaims" else align.VIEWS


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
    in the set's last view (spans only are compared)."""
    task: str = "entities"


@dataclass
class Evaluation:
    """Everything the evaluation measured on one outside set."""

    dataset_version: str
    outside_name: str
    n_test: int
    n_outside: int
    n_train: int
    gold_mentions: dict[str, int]
    alignment: dict[str, int]
    rows: list[Row]
    views: tuple[str, ...] = align.VIEWS
    layers: tuple[str, ...] = ("entities",)
    about: dict[str, Any] = field(default_factory=dict)
    """The set's `meta.extra.ood` of its first record (where it comes from, who annotated it)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (fractions, not percent)."""
        return {
            "dataset_version": self.dataset_version, "outside": self.outside_name, "train_documents": self.n_train,
            "test_documents": self.n_test, "outside_documents": self.n_outside, "gold_mentions": self.gold_mentions,
            "alignment": self.alignment, "views": list(self.views), "layers": list(self.layers),
            "baselines": [{"name": r.name, "task": r.task, "kind": r.kind, "params": r.params,
                           "params_from": r.params_from,
                           "test": {v: s.__dict__ for v, s in r.test.items()},
                           "outside": {v: s.__dict__ for v, s in r.outside.items()},
                           "recall_breakdown": r.recall} for r in self.rows],
            "command": COMMAND,
        }


BREAKDOWN: tuple[str, ...] = tuple(f"{pos}, {seen}, {size}" for pos in ("sentence-initial", "mid-sentence")
                                   for seen in ("seen", "unseen") for size in ("one token", "several tokens"))
"""Recall cells: where the mention starts, whether all its word tokens occur in train entity mentions, its length."""


def recall_breakdown(gold: Sequence[Document], preds: dict, train_words: frozenset[str]) -> dict[str, list[int]]:
    """[found, total] gold mentions per BREAKDOWN cell (exact span match, type ignored)."""
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


def _score(gold: Sequence[Document], preds: dict, view: str, outside: bool, metrics: Sequence[str],
           bootstrap: int, seed: int) -> Score:
    from ..scoring import score_documents

    g, p = align.view(gold, preds, view, outside=outside)
    report = score_documents(g, p, bootstrap=bootstrap, seed=seed)
    return Score({m: report.metrics.get(m) for m in metrics},
                 {m: list(report.intervals[m]) for m in metrics if m in report.intervals})


def evaluate_sets(dataset_dir: Path, outsides: Sequence[tuple[str, Sequence[Document]]], *, runs_dir: Path,
                  names: Sequence[str] = (), seed: int = 0, bootstrap: int = 1000,
                  progress: Callable[[str], None] | None = None) -> list[Evaluation]:
    """Fit every baseline of the sets' tasks (or `names`) once; score it in-domain and on each
    outside set that annotates its task, in that set's views."""
    from ..baselines import registry
    from ..baselines.run import ReleaseError, by_id, load_split, release_version, tune, tuned_params
    from ..baselines.tokens import tokenize

    version = release_version(dataset_dir)
    train, validation, test = (load_split(dataset_dir, s) for s in ("train", "validation", "test"))
    if not train or not test:
        raise ReleaseError(f"{dataset_dir}: the release needs non-empty train and test splits")
    set_layers = [layers_of(docs) for _, docs in outsides]
    set_views = [views_of(docs) for _, docs in outsides]
    set_tasks = [{TASKS_OF_LAYER[x] for x in layers} for layers in set_layers]
    tasks = set().union(*set_tasks)
    specs = [registry.get(n) for n in names] if names else [s for s in registry.BASELINES.values() if s.task in tasks]
    for spec in specs:
        if spec.task not in tasks:
            raise ValueError(f"{spec.name}: task {spec.task!r} is not annotated in the outside data "
                             f"(scorable: {', '.join(sorted(tasks))})")
    words = frozenset(t.text.casefold() for d in train for e in d.layers.entities for t in tokenize(e.text))
    rows: list[list[Row]] = [[] for _ in outsides]
    for spec in specs:
        if progress is not None:
            progress(spec.name)
        params = tuned_params(runs_dir, spec.name, version)
        if params or not spec.grid:
            est, where = spec.make(seed, **params).fit(train), (f"runs/{spec.name}/{version}/meta.json" if params else "-")
        else:
            params, _, est = tune(spec, train, validation, seed=seed)
            where = "tuned on validation"
        p_test = by_id(test, est.predict(test))
        metrics = METRICS_OF_TASK[spec.task]
        for k, (_, outside) in enumerate(outsides):
            if spec.task not in set_tasks[k]:
                continue
            views = set_views[k]
            p_out = by_id(outside, est.predict(outside))
            row = Row(spec.name, spec.kind, params, where, task=spec.task)
            for v in views:
                row.test[v] = _score(test, p_test, v, False, metrics, bootstrap, seed)
                row.outside[v] = _score(outside, p_out, v, True, metrics, bootstrap, seed)
            if spec.kind == "baseline" and spec.task == "entities":
                for key, gold, preds, out in (("test", test, p_test, False), ("outside", outside, p_out, True)):
                    row.recall[key] = recall_breakdown(*align.view(gold, preds, views[-1], outside=out), words)
            rows[k].append(row)
    out = []
    for k, (name, outside) in enumerate(outsides):
        views = set_views[k]
        aligned, counts = align.align_gold(outside) if views == align.VIEWS else (list(outside), {})
        mentions = {"test": sum(len(d.layers.entities) for d in test),
                    "outside": sum(len(d.layers.entities) for d in outside),
                    "outside_aligned": sum(len(d.layers.entities) for d in aligned),
                    "test_claims": sum(len(d.layers.claims) for d in test),
                    "outside_claims": sum(len(d.layers.claims) for d in outside),
                    "test_pairs": sum(c.source_id is not None for d in test for c in d.layers.claims),
                    "outside_pairs": sum(c.source_id is not None for d in outside for c in d.layers.claims)}
        out.append(Evaluation(version, name, len(test), len(outside), len(train), mentions, dict(sorted(counts.items())),
                              rows[k], views, set_layers[k], dict(ood_meta(outside[0]))))
    return out


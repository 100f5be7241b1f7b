"""Fit every baseline on train, tune it on validation, predict a split, write and score submissions.

Per baseline `name`, for dataset version V, the run writes into `<out>/runs/<name>/<V>/`:
- `submission.jsonl`: one valid submission line per document of the split, in split order;
- `score.json`: the scorer's report (`warclaims.scoring.score_documents`, format warclaims-score/1);
- `meta.json`: `model_version` ("<name>@<V>", what `warclaims ls import --predictions` records),
  task, floor or baseline, the chosen parameters and every validation trial, the seed.
Then `<out>/RESULTS.md` (one table, task metric with its 95% bootstrap interval, sub-steps) and
the results section of the dataset card, between `<!-- RESULTS:BEGIN -->` and
`<!-- RESULTS:END -->`, everything else in the card kept byte for byte.

Tuning: every combination of the spec's grid is fitted on train and scored on validation with the
task metric (no bootstrap); the best wins, ties to the earlier combination in grid order; the
final model is that fit. When the evaluated split is validation itself, or there is no
validation split, the default parameters are used and the report says so. Nothing written
depends on the clock: two runs on the same release write identical files.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..dataset.reader import ReleaseError  # noqa: F401  (raised here too; public name since 0.1.0)
from ..readers import read_json_file, read_text_file
from ..records import Document, Layers
from . import registry
from .registry import Spec

from .report import (RESULTS_BEGIN, RESULTS_END, SUBSTEPS, TASK_METRIC, TASK_TITLES, below_floor,  # noqa: F401
                     card_section, replace_section, results_markdown)

Scorer = Callable[[Sequence[Document], Mapping[str, Layers], int, int], dict[str, Any]]


def score(gold: Sequence[Document], preds: Mapping[str, Layers], bootstrap: int, seed: int) -> dict[str, Any]:
    """The scorer's report as a dict (metrics flat, intervals by metric name)."""
    from ..scoring import score_documents

    report = score_documents(gold, preds, bootstrap=bootstrap, seed=seed)
    return {"metrics": dict(report.metrics), "intervals": {k: list(v) for k, v in report.intervals.items()},
            "report": report.to_dict()}


def param_grid(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of a grid, keys sorted, values in the given order ([{}] for no grid)."""
    keys = sorted(grid)
    return [dict(zip(keys, vals)) for vals in product(*(grid[k] for k in keys))]


def by_id(docs: Sequence[Document], preds: Sequence[Layers]) -> dict[str, Layers]:
    """Predictions keyed by document id (one per document, same order)."""
    if len(docs) != len(preds):
        raise ValueError(f"{len(preds)} predictions for {len(docs)} documents")
    return {d.id: p for d, p in zip(docs, preds)}


@dataclass
class Trial:
    """One grid point scored on validation."""

    params: dict[str, Any]
    value: float


def tune(spec: Spec, train: Sequence[Document], validation: Sequence[Document], *, seed: int,
         scorer: Scorer = score) -> tuple[dict[str, Any], list[Trial], Any]:
    """Best parameters on validation, every trial, and the estimator fitted with them."""
    metric = TASK_METRIC[spec.task]
    grid = param_grid(spec.grid)
    if not validation or len(grid) == 1:
        params = grid[0] if validation else {}
        return params, [], spec.make(seed, **params).fit(train)
    trials: list[Trial] = []
    best: tuple[float, int, Any] | None = None
    for k, params in enumerate(grid):
        est = spec.make(seed, **params).fit(train)
        value = float(scorer(validation, by_id(validation, est.predict(validation)), 0, seed)["metrics"][metric] or 0.0)
        trials.append(Trial(params, round(value, 6)))
        if best is None or value > best[0]:
            best = (value, k, est)
    assert best is not None
    return grid[best[1]], trials, best[2]


@dataclass
class BaselineRun:
    """Everything one baseline's run produced."""

    spec: Spec
    params: dict[str, Any]
    trials: list[Trial]
    tuned_on: str | None
    predictions: list[Layers]
    scores: dict[str, Any]
    fit_seconds: float
    """Wall time of tuning (every grid point fitted and scored on validation) plus the final fit."""
    predict_seconds: float
    n_train: int
    n_eval: int
    estimator: Any = field(repr=False, default=None)

    @property
    def value(self) -> float:
        """The task metric on the evaluated split."""
        return float(self.scores["metrics"][TASK_METRIC[self.spec.task]] or 0.0)

    def interval(self, metric: str) -> list[float] | None:
        """95% bootstrap interval of `metric`, if the scorer computed one."""
        return self.scores["intervals"].get(metric)


def run_one(spec: Spec, train: Sequence[Document], validation: Sequence[Document], evaluate: Sequence[Document],
            *, seed: int = 0, bootstrap: int = 1000, tune_on_validation: bool = True,
            scorer: Scorer = score) -> BaselineRun:
    """Tune (when allowed), fit, predict `evaluate` and score it."""
    t0 = time.perf_counter()
    val = validation if tune_on_validation else []
    params, trials, est = tune(spec, train, val, seed=seed, scorer=scorer)
    fit_seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    preds = est.predict(evaluate)
    predict_seconds = time.perf_counter() - t1
    scores = scorer(evaluate, by_id(evaluate, preds), bootstrap, seed)
    return BaselineRun(spec, params, trials, "validation" if val and trials else None, preds, scores,
                       fit_seconds, predict_seconds, len(train), len(evaluate), est)


def model_version(name: str, dataset_version: str) -> str:
    """The model_version of a baseline's pre-annotations: `<name>@<dataset version>`."""
    return f"{name}@{dataset_version}"


def submission_lines(docs: Sequence[Document], preds: Sequence[Layers]) -> list[dict[str, Any]]:
    """Submission records (schema/submission.schema.json), one per document, in order."""
    return [{"id": d.id, **p.to_dict()} for d, p in zip(docs, preds)]


def fit_counts(estimator: Any) -> dict[str, Any]:
    """What a fitted estimator counted about its training data (attributes `n_*_` and `*_recall_`):
    entities it could not tag cleanly, gold sources out of reach of its candidates, and so on."""
    out = {}
    for k, v in sorted(vars(estimator).items()):
        if k.endswith("_") and (k.startswith("n_") or k.endswith("recall_")) and isinstance(v, (int, float)):
            out[k.rstrip("_")] = round(v, 6) if isinstance(v, float) else v
    return out


def meta_record(run: BaselineRun, dataset_version: str, split: str, seed: int) -> dict[str, Any]:
    """The run's meta.json (no timings: the file must not change between identical runs)."""
    spec = run.spec
    meta: dict[str, Any] = {
        "model_version": model_version(spec.name, dataset_version),
        "name": spec.name, "task": spec.task, "kind": spec.kind, "description": spec.description,
        "dataset_version": dataset_version, "split": split, "seed": seed,
        "params": run.params, "tuned_on": run.tuned_on,
        "trials": [{"params": t.params, TASK_METRIC[spec.task]: t.value} for t in run.trials],
        "task_metric": TASK_METRIC[spec.task], "value": round(run.value, 6),
        "predicted_layers": list(registry.TASK_LAYERS[spec.task]),
        "fit_counts": fit_counts(run.estimator),
    }
    if spec.task in ("stance", "stance_e2e"):
        meta["input_layers_from_gold"] = ["entities", "sources"]
    return meta


def dumps(value: Any) -> str:
    """Canonical JSON text (sorted keys, UTF-8, newline at the end)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


# ---- the one I/O step: release in, files out ------------------------------------------------

class InvalidOutput(ValueError):
    """A baseline produced a submission that does not validate (a bug; nothing is written)."""


def check_lines(name: str, docs: Sequence[Document], lines: Sequence[Mapping[str, Any]]) -> None:
    """Raise InvalidOutput naming the first problems if any submission line does not validate."""
    from ..validate import check_submission

    found = [f"{name}: line {k}: {p.path}: {p.message}"
             for k, (doc, line) in enumerate(zip(docs, lines), 1) for p in check_submission(dict(line), doc.text)]
    if found:
        raise InvalidOutput(f"{len(found)} problem(s) in the predictions of {name}, e.g.\n" + "\n".join(found[:5]))


def release_version(dataset_dir: Path) -> str:
    """`version` from `<dataset_dir>/RELEASE.json` (read and checked by `dataset.reader.read_release`)."""
    from ..dataset.reader import read_release

    return str(read_release(dataset_dir)["version"])


def load_split(dataset_dir: Path, split: str) -> list[Document]:
    """Gold documents of one split of a release (empty list if the release has no such split)."""
    from ..dataset.reader import read_documents, splits

    if split not in splits(dataset_dir):
        return []
    return list(read_documents(dataset_dir, split))


@dataclass
class Summary:
    """What `execute` did."""

    dataset_version: str
    split: str
    runs: list[BaselineRun]
    written: list[Path]
    cards: list[Path]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (timings included: they are measured, not deterministic)."""
        return {
            "dataset_version": self.dataset_version, "split": self.split,
            "card": str(self.cards[0]) if self.cards else None, "cards": [str(c) for c in self.cards],
            "baselines": [{
                "name": r.spec.name, "task": r.spec.task, "kind": r.spec.kind,
                "model_version": model_version(r.spec.name, self.dataset_version),
                "task_metric": TASK_METRIC[r.spec.task], "value": round(r.value, 6),
                "ci95": r.interval(TASK_METRIC[r.spec.task]),
                "substeps": {m: r.scores["metrics"].get(m) for _, m in SUBSTEPS[r.spec.task]},
                "params": r.params, "tuned_on": r.tuned_on,
                "tune_and_fit_seconds": round(r.fit_seconds, 3), "predict_seconds": round(r.predict_seconds, 3),
                "train_documents": r.n_train, "documents": r.n_eval,
            } for r in self.runs],
            "below_floor": [{"baseline": b, "floor": f, "value": round(v, 6), "floor_value": round(fv, 6)}
                            for b, f, v, fv in below_floor(self.runs)],
            "written": [str(p) for p in self.written],
            "notes": self.notes,
        }


def _write(path: Path, text: str, written: list[Path]) -> None:
    from ..safe_write import write_text

    written.append(write_text(path, text, make_parent=True))


def execute(dataset_dir: Path, *, split: str = "test", only: Sequence[str] = (), out_dir: Path = Path("baselines"),
            cards: Sequence[Path] = (), seed: int = 0, bootstrap: int = 1000,
            save_models: bool = False, progress: Callable[[str], None] | None = None,
            curve: Sequence[float] = ()) -> Summary:
    """Run the named baselines (all when `only` is empty) on a release and write every output.

    RESULTS.md and the results section of each of `cards` are tables of all baselines, so they are
    written only when every baseline ran; a run of a subset writes its runs/ directories alone. No
    card is written unless named: the release's card changes only through a build or an explicit
    card, so running the baselines on a clean clone leaves it clean."""
    from . import persist

    version = release_version(dataset_dir)
    specs = [registry.get(n) for n in only] if only else list(registry.BASELINES.values())
    train = load_split(dataset_dir, "train")
    if not train:
        raise ReleaseError(f"{dataset_dir}: the release has no (or an empty) train split")
    evaluate = load_split(dataset_dir, split)
    if not evaluate:
        raise ReleaseError(f"{dataset_dir}: the release has no (or an empty) {split!r} split")
    validation = load_split(dataset_dir, "validation") if split != "validation" else []
    notes = []
    if split == "validation":
        notes.append("evaluated on validation: default parameters, no tuning")
    elif not validation:
        notes.append("no validation split: default parameters, no tuning")
    if split == "train":
        notes.append("evaluated on the train split the models were fitted on: not a held-out score")
    runs: list[BaselineRun] = []
    written: list[Path] = []
    for spec in specs:
        spec.make(seed)  # imports every estimator's modules before any timing starts
    for spec in specs:
        if progress is not None:
            progress(spec.name)
        run = run_one(spec, train, validation, evaluate, seed=seed, bootstrap=bootstrap)
        runs.append(run)
        where = Path(out_dir) / "runs" / spec.name / version
        lines = submission_lines(evaluate, run.predictions)
        check_lines(spec.name, evaluate, lines)
        _write(where / "submission.jsonl", "".join(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n" for x in lines), written)
        _write(where / "score.json", dumps(run.scores["report"]), written)
        _write(where / "meta.json", dumps(meta_record(run, version, split, seed)), written)
        if save_models:
            persist.save(run.estimator, where / "model.joblib", name=spec.name)
            written.append(where / "model.joblib")
    if len(specs) < len(registry.BASELINES):
        notes.append("a subset of the baselines ran: RESULTS.md and the card's results section were left as they were")
        return Summary(version, split, runs, written, [], notes)
    results = "# Baseline results\n\n" + results_markdown(runs, version, split, bootstrap, seed) + "\n"
    if curve:
        from . import curve as learning

        rows = learning.points(runs, train, validation, evaluate, curve, seed=seed, bootstrap=bootstrap, progress=progress)
        # a file of its own: a run without --curve then rewrites RESULTS.md byte for byte
        _write(Path(out_dir) / "learning_curve.md", f"# Learning curves of the baselines on WarClaims {version}\n\n"
               + learning.markdown(rows), written)
        _write(Path(out_dir) / "learning_curve.json", dumps(rows), written)
        learning.plot(rows, Path(out_dir) / "learning_curve.png", f"WarClaims {version}: learning curves on {split}")
        written.append(Path(out_dir) / "learning_curve.png")
    from ..ood.evaluate import keep_ood_section

    previous = Path(out_dir) / "RESULTS.md"
    results = keep_ood_section(previous.read_text(encoding="utf-8") if previous.is_file() else "", results)
    _write(Path(out_dir) / "RESULTS.md", results, written)
    section = card_section(runs, version, split, bootstrap, seed)
    for target in cards:
        old = read_text_file(target) if target.is_file() else ""
        new = replace_section(old, section)
        if new != old:
            _write(target, new, written)
    return Summary(version, split, runs, written, list(cards), notes)


# ---- pre-annotations for new articles ---------------------------------------------------------

PIPELINE: tuple[str, ...] = ("entities-crf", "claims-linear", "stance-linear-e2e")
"""Default baselines composed by `predict_articles`: every layer, stances over predicted mentions."""


def compose(estimators: Sequence[tuple[Spec, Any]], docs: Sequence[Document]) -> list[Layers]:
    """Predictions of several fitted baselines merged into one Layers per document.

    Estimators run in order; each sees the document with the layers predicted so far (so an
    end-to-end stance baseline works on predicted entities, sources and claims, never on gold).
    A later baseline's layer replaces an earlier one's; ids never collide (e*, s*, q*, c*, t*).
    """
    import dataclasses

    current = [Layers(present=frozenset()) for _ in docs]
    for spec, est in estimators:
        inputs = [dataclasses.replace(d, layers=dataclasses.replace(cur, stances=())) for d, cur in zip(docs, current)]
        preds = est.predict(inputs)
        layers = registry.TASK_LAYERS[spec.task]
        current = [dataclasses.replace(cur, **{name: getattr(p, name) for name in layers},
                                       present=cur.present | frozenset(layers))
                   for cur, p in zip(current, preds)]
    return current


def tuned_params(out_dir: Path, name: str, dataset_version: str) -> dict[str, Any]:
    """Parameters chosen on validation by the last `baselines run` (its meta.json), else {}."""
    path = Path(out_dir) / "runs" / name / dataset_version / "meta.json"
    if not path.is_file():
        return {}
    params = read_json_file(path, dict).get("params") or {}
    if not isinstance(params, dict):
        raise ReleaseError(f"{path}:1: $.params: must be an object (written by `warclaims baselines run`)")
    return dict(params)


def article_documents(values: Sequence[Mapping[str, Any]]) -> list[Document]:
    """Article lines ({id, text, meta}) as Documents without annotation layers."""
    return [Document(id=v["id"], text=v["text"], meta=dict(v.get("meta") or {}), layers=Layers()) for v in values]


def predict_articles(dataset_dir: Path, articles: Sequence[Mapping[str, Any]], *, names: Sequence[str] = PIPELINE,
                     out_dir: Path = Path("baselines"), seed: int = 0) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """Fit `names` on the release's train split (with the parameters of the last run, if any) and
    predict the articles: (model_version, submission lines, parameters by name)."""
    from .pipeline import fit_release

    pipeline = fit_release(dataset_dir, names, out_dir, seed)
    return pipeline.model_version, pipeline.predict(articles), pipeline.params

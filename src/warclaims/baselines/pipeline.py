"""A fitted chain of baselines that predicts new articles: what pre-annotations and the live ML backend serve.

`warclaims baselines predict` (a file of pre-annotations) and `warclaims ls backend` (live
suggestions) both need the same thing: the baselines of `run.PIPELINE` (or a chosen list),
fitted on a release's train split, composed (`run.compose`: stances over predicted mentions) and
named by one `model_version` (`<name>+<name>...@<dataset version>`). A Pipeline is that, built
either by fitting (`fit_release`, about 20 s for release 0.2.0 on 2 cores) or by loading the
`model.joblib` files that `warclaims baselines run --save-models` wrote (`load_runs`, quick).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..records import Document
from . import registry
from .registry import Spec


@dataclass
class Pipeline:
    """Fitted baselines in composition order, with the release they were fitted on."""

    names: tuple[str, ...]
    dataset_version: str
    fitted: list[tuple[Spec, Any]]
    params: dict[str, dict[str, Any]]
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def model_version(self) -> str:
        """`<name>+<name>...@<dataset version>`, the model_version Label Studio records."""
        from .run import model_version

        return model_version("+".join(self.names), self.dataset_version)

    def predict(self, articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Submission lines (validated) for article lines {id, text[, meta]}, in order.

        Serialised by a lock: the fitted models (CRFsuite taggers among them) are not known to be
        safe to call from several threads at once, and a server may call from several."""
        from .run import article_documents, check_lines, compose, submission_lines

        docs = article_documents(articles)
        with self._lock:
            layers = compose(self.fitted, docs)
        lines = submission_lines(docs, layers)
        check_lines(self.model_version, docs, lines)
        return lines


def fit(train: Sequence[Document], dataset_version: str, names: Sequence[str],
        params: Mapping[str, Mapping[str, Any]] | None = None, seed: int = 0) -> Pipeline:
    """Fit the baselines `names` on `train` (each with its `params`, default parameters otherwise)."""
    specs = [registry.get(n) for n in names]
    chosen = {s.name: dict((params or {}).get(s.name) or {}) for s in specs}
    fitted = [(s, s.make(seed, **chosen[s.name]).fit(train)) for s in specs]
    return Pipeline(tuple(names), dataset_version, fitted, chosen)


def fit_release(dataset_dir: Path, names: Sequence[str], runs_dir: Path, seed: int = 0) -> Pipeline:
    """Fit `names` on the release's train split with the parameters of the last `baselines run`
    found under `runs_dir` (defaults when there is none). ReleaseError for an unusable release."""
    from .run import ReleaseError, load_split, release_version, tuned_params

    version = release_version(dataset_dir)
    train = load_split(dataset_dir, "train")
    if not train:
        raise ReleaseError(f"{dataset_dir}: the release has no (or an empty) train split")
    return fit(train, version, names, {n: tuned_params(runs_dir, n, version) for n in names}, seed)


class ModelDirError(ValueError):
    """A --model folder without the saved models asked for; the message names what is missing."""


def load_runs(runs_dir: Path, names: Sequence[str], dataset_version: str | None = None) -> Pipeline:
    """The models `baselines run --save-models --out RUNS_DIR` saved, as a Pipeline.

    Reads RUNS_DIR/runs/<name>/<version>/model.joblib for every name, at `dataset_version` or
    else the newest version for which every name has a model. Loading checks the library versions
    (persist.load); only load folders you made: unpickling runs code."""
    from ..dataset.manifest import version_tuple
    from . import persist
    from .run import tuned_params

    root = Path(runs_dir) / "runs"
    if dataset_version is None:
        common: set[str] | None = None
        for name in names:
            have = {p.parent.name for p in (root / name).glob("*/model.joblib")}
            common = have if common is None else common & have
        usable = sorted((v for v in common or () if _is_version(v, version_tuple)), key=version_tuple)
        if not usable:
            raise ModelDirError(f"{root}: no release version with a saved model.joblib for every one of "
                                f"{', '.join(names)} (save them with `warclaims baselines run --save-models --out {runs_dir}`)")
        dataset_version = usable[-1]
    fitted = []
    for name in names:
        path = root / name / dataset_version / "model.joblib"
        if not path.is_file():
            raise ModelDirError(f"{path}: no saved model (save one with `warclaims baselines run --save-models`)")
        fitted.append((registry.get(name), persist.load(path, name=name)))
    return Pipeline(tuple(names), dataset_version, fitted, {n: tuned_params(runs_dir, n, dataset_version) for n in names})


def _is_version(text: str, parse: Any) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True

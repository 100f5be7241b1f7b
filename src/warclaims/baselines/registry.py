"""The baselines by name: task, floor or learned, how to build one, what to tune on validation.

Names are stable: they name run directories (baselines/runs/<name>/<version>/) and the
`model_version` of pre-annotations (`<name>@<dataset version>`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol, Sequence

from ..records import Document, Layers

TASKS: tuple[str, ...] = ("entities", "claims", "stance", "stance_e2e")
"""`stance`: gold (holder, target) pairs given, polarity predicted; `stance_e2e`: pairs predicted too.
Both stance settings receive the gold entity and source mentions as input."""
TASK_LAYERS: dict[str, tuple[str, ...]] = {
    "entities": ("entities",),
    "claims": ("sources", "cues", "claims"),
    "stance": ("stances",),
    "stance_e2e": ("stances",),
}
"""Layers each task's baselines predict (stance submissions also carry the input mentions)."""


class Estimator(Protocol):
    """What every baseline is: scikit-learn style fit/predict over documents."""

    def fit(self, docs: Sequence[Document]) -> "Estimator": ...

    def predict(self, docs: Sequence[Document]) -> list[Layers]: ...

    def get_params(self, deep: bool = True) -> dict[str, Any]: ...

    def set_params(self, **params: Any) -> "Estimator": ...


@dataclass(frozen=True)
class Spec:
    """One registered baseline."""

    name: str
    task: str
    kind: str
    """`floor` or `baseline`."""
    build: Callable[[int], Estimator]
    """Builds an unfitted estimator from a seed."""
    description: str
    grid: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    """Parameter values tried on validation (every combination); empty: nothing to tune."""

    def make(self, seed: int = 0, **params: Any) -> Estimator:
        """An unfitted estimator with `params` set."""
        est = self.build(seed)
        return est.set_params(**params) if params else est


def _entity_floor(strategy: str) -> Callable[[int], Estimator]:
    def build(seed: int) -> Estimator:
        from .floors import EntityFloor

        return EntityFloor(strategy=strategy, seed=seed)
    return build


def _claim_floor(strategy: str) -> Callable[[int], Estimator]:
    def build(seed: int) -> Estimator:
        from .floors import ClaimFloor

        return ClaimFloor(strategy=strategy, seed=seed)
    return build


def _stance_floor(strategy: str, pairs: str) -> Callable[[int], Estimator]:
    def build(seed: int) -> Estimator:
        from .floors import StanceFloor

        return StanceFloor(strategy=strategy, pairs=pairs, seed=seed)
    return build


def _crf(seed: int) -> Estimator:
    from .entities import CrfEntityTagger

    return CrfEntityTagger(seed=seed)


def _claims(seed: int) -> Estimator:
    from .claims import ClaimExtractor

    return ClaimExtractor(seed=seed)


def _stance(pairs: str) -> Callable[[int], Estimator]:
    def build(seed: int) -> Estimator:
        from .stance import LinearStance

        return LinearStance(pairs=pairs, seed=seed)
    return build


_SPECS: tuple[Spec, ...] = (
    Spec("entities-floor-frequent", "entities", "floor", _entity_floor("most_frequent"),
         "every capitalised token run, typed with the most frequent train type"),
    Spec("entities-floor-random", "entities", "floor", _entity_floor("random"),
         "every capitalised token run, type drawn from the train distribution (seeded)"),
    Spec("entities-crf", "entities", "baseline", _crf,
         "CRF on word shape, affix, capitalisation, position, lower-case-vocabulary and train-gazetteer "
         "(jackknifed) features, BIO-decoded",
         {"c1": (0.1, 0.2), "c2": (0.01, 0.1)}),
    Spec("claims-floor-frequent", "claims", "floor", _claim_floor("most_frequent"),
         "most frequent train cue everywhere; source = word(s) before it; claim = rest of sentence"),
    Spec("claims-floor-random", "claims", "floor", _claim_floor("random"),
         "a random token as cue in sentences at the train rate; random source token; rest of sentence"),
    Spec("claims-linear", "claims", "baseline", _claims,
         "learned + open cue lexicon, cue classifier, linear source ranker (names by shape), claim span by "
         "learned side, speech continued over following sentences by a learned classifier",
         {"cue_threshold": (0.3, 0.5, 0.7), "source_threshold": (0.0, 0.3), "run_threshold": (0.5, 0.7)}),
    Spec("stance-floor-majority", "stance", "floor", _stance_floor("most_frequent", "gold"),
         "gold (holder, target) pairs, majority train polarity"),
    Spec("stance-floor-random", "stance", "floor", _stance_floor("random", "gold"),
         "gold (holder, target) pairs, polarity drawn from the train distribution (seeded)"),
    Spec("stance-linear", "stance", "baseline", _stance("gold"),
         "gold (holder, target) pairs, logistic regression over outlet, holder, target and context words",
         {"C": (0.1, 1.0, 10.0)}),
    Spec("stance-e2e-floor-majority", "stance_e2e", "floor", _stance_floor("most_frequent", "candidates"),
         "candidate pairs (as stance-linear-e2e), every one with the majority train polarity"),
    Spec("stance-e2e-floor-random", "stance_e2e", "floor", _stance_floor("random", "candidates"),
         "candidate pairs (as stance-linear-e2e), polarity drawn from the train distribution (seeded)"),
    Spec("stance-linear-e2e", "stance_e2e", "baseline", _stance("candidates"),
         "AUTHOR x each entity, source x entities in its claims, entity x entity per sentence; `none` class",
         {"C": (0.1, 1.0, 10.0)}),
)

BASELINES: dict[str, Spec] = {s.name: s for s in _SPECS}
"""Every baseline by name, floors first within each task."""


def floors_of(task: str) -> list[Spec]:
    """The floors of `task`."""
    return [s for s in _SPECS if s.task == task and s.kind == "floor"]


def get(name: str) -> Spec:
    """The baseline called `name` (KeyError naming the known ones otherwise)."""
    if name not in BASELINES:
        raise KeyError(f"unknown baseline {name!r}; known: {', '.join(BASELINES)}")
    return BASELINES[name]

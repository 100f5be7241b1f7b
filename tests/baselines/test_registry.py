import pytest

from warclaims.baselines import registry

NAMES = list(registry.BASELINES)


def test_every_task_has_two_floors_and_a_baseline():
    for task in registry.TASKS:
        specs = [s for s in registry.BASELINES.values() if s.task == task]
        assert sorted(s.kind for s in specs) == ["baseline", "floor", "floor"], task
    assert {s.task for s in registry.BASELINES.values()} == set(registry.TASKS) == set(registry.TASK_LAYERS)


@pytest.mark.parametrize("name", NAMES)
def test_estimator_conventions_validity_and_determinism(name, train_docs, test_docs):
    from sklearn.base import clone

    from .conftest import submission_problems

    spec = registry.get(name)
    est = spec.make(seed=0)
    assert all(not k.endswith("_") for k in est.get_params())
    assert not [k for k in vars(est) if k.endswith("_")], "unfitted estimator has fitted attributes"
    first = est.fit(train_docs).predict(test_docs)
    assert [k for k in vars(est) if k.endswith("_")], "fit sets attributes ending in _"
    second = clone(est).fit(train_docs).predict(test_docs)
    assert first == second
    assert not submission_problems(test_docs, first)
    for layers in first:
        assert set(registry.TASK_LAYERS[spec.task]) <= layers.present
    for params in _grid(spec.grid):
        spec.make(seed=0, **params)


def _grid(grid):
    from itertools import product

    keys = sorted(grid)
    return [dict(zip(keys, vals)) for vals in product(*(grid[k] for k in keys))]


def test_unknown_name():
    with pytest.raises(KeyError, match="unknown baseline 'nope'; known: entities-floor-frequent"):
        registry.get("nope")

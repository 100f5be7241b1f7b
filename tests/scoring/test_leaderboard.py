"""warclaims.leaderboard: ranking, paired marks, gold-input layers, renderings; cross-checked
against warclaims.compare (a separate implementation of the paired bootstrap) and the scorer."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims import leaderboard as lb
from warclaims.compare import compare_tables
from warclaims.scoring import count_table, report_from_table

from .synth import as_submission
from .test_scoring import corpus, docs_of, preds_of

ENT = "entities.strict.micro.f1"


def _damaged(gold: list[dict[str, Any]], drop_every: int, seed: int = 0) -> list[dict[str, Any]]:
    """Gold as a submission with every `drop_every`-th entity mislabelled (a worse system)."""
    subs = []
    for d in gold:
        s = copy.deepcopy(as_submission(d))
        for i, e in enumerate(s["entities"]):
            if i % drop_every == 0:
                e["type"] = "LOC" if e["type"] != "LOC" else "GPE"
        subs.append(s)
    return subs


def _system(name: str, gold: list[dict[str, Any]], subs: list[dict[str, Any]], given: frozenset[str] = frozenset()) -> lb.System:
    return lb.System(name, "v1", count_table(docs_of(gold), preds_of(subs)), given)


def test_identical_systems_tie_and_a_clearly_worse_one_does_not() -> None:
    gold = corpus(5, 40)
    perfect = [as_submission(d) for d in gold]
    board = lb.rank([_system("b-copy", gold, perfect), _system("a-perfect", gold, perfect),
                     _system("c-worse", gold, _damaged(gold, 2))], replicates=300, seed=1)
    names = [r.name for r in board.rows]
    assert names == ["a-perfect", "b-copy", "c-worse"]  # equal headlines: by name
    cells = {r.name: r.cells[ENT] for r in board.rows}
    assert cells["a-perfect"].best and not cells["a-perfect"].tied_with_best
    assert cells["b-copy"].tied_with_best and cells["b-copy"].delta_ci95 == (0.0, 0.0)
    assert not cells["c-worse"].tied_with_best and cells["c-worse"].delta_ci95[0] > 0
    assert sum(c.best for c in cells.values()) == 1


def test_values_and_intervals_equal_the_scorer_and_compare() -> None:
    gold = corpus(7, 25)
    a, b = [as_submission(d) for d in gold], _damaged(gold, 3)
    ta, tb = count_table(docs_of(gold), preds_of(a)), count_table(docs_of(gold), preds_of(b))
    board = lb.rank([lb.System("a", "1", ta), lb.System("b", "1", tb)], replicates=200, seed=4)
    by = {r.name: r for r in board.rows}
    report_b = report_from_table(tb, bootstrap_replicates=200, seed=4)
    assert by["b"].cells["headline"].value == pytest.approx(report_b.headline)
    assert by["b"].cells[ENT].value == pytest.approx(float(report_b.metrics[ENT]))
    paired = compare_tables(ta, tb, bootstrap=200, seed=4)  # same seed: the same resamples
    assert by["b"].cells[ENT].delta_ci95 == pytest.approx(paired.delta_intervals[ENT])
    assert by["b"].cells["headline"].delta_ci95 == pytest.approx(paired.delta_intervals["headline"])


def test_not_submitted_and_gold_input_layers_take_no_part() -> None:
    gold = corpus(3, 12)
    entities_only = [as_submission(d, ("entities",)) for d in gold]
    stance_with_gold_entities = [as_submission(d, ("entities", "sources", "stances")) for d in gold]
    board = lb.rank([_system("ner", gold, entities_only),
                     _system("stance", gold, stance_with_gold_entities, frozenset({"entities", "sources"}))],
                    replicates=50)
    by = {r.name: r for r in board.rows}
    assert by["ner"].cells[ENT].best and by["ner"].cells["claims.overlap.f1"].value is None
    assert by["stance"].cells[ENT].value is None and by["stance"].cells[ENT].given
    assert not by["ner"].cells["claims.overlap.f1"].given
    # the stance system's headline counts its given entities as not submitted
    full = report_from_table(count_table(docs_of(gold), preds_of(stance_with_gold_entities)), bootstrap_replicates=0, seed=0)
    assert by["stance"].cells["headline"].value == pytest.approx(float(full.metrics["stance.end_to_end.f_avg"]) / 3)
    assert full.headline > by["stance"].cells["headline"].value  # scored as submitted, the gold entities would count
    md = lb.to_markdown(board)
    assert "gold input" in md and "not submitted" in md


def test_no_bootstrap_no_marks_and_refusals() -> None:
    gold = corpus(2, 5)
    s = [as_submission(d) for d in gold]
    board = lb.rank([_system("a", gold, s), _system("b", gold, s)], replicates=0)
    assert all(c.ci95 is None and not c.tied_with_best for r in board.rows for c in r.cells.values())
    with pytest.raises(ValueError, match="appears twice"):
        lb.rank([_system("a", gold, s), _system("a", gold, s)])
    with pytest.raises(ValueError, match="no systems"):
        lb.rank([])
    other = corpus(9, 5)
    with pytest.raises(ValueError, match="same gold documents"):
        lb.rank([_system("a", gold, s), _system("b", other, [as_submission(d) for d in other])])


def test_renderings_escape_names() -> None:
    gold = corpus(2, 5)
    s = [as_submission(d) for d in gold]
    board = lb.rank([lb.System("<script>x|y</script>", "1", count_table(docs_of(gold), preds_of(s)))], replicates=20)
    page = lb.to_html(board)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "x\\|y" in lb.to_markdown(board)
    assert board.to_dict()["rows"][0]["system"] == "<script>x|y</script>"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 5))
def test_ranked_by_headline_and_one_best_per_column(seed: int, n_systems: int) -> None:
    rng = random.Random(seed)
    gold = corpus(seed % 50, 8)
    systems = [_system(f"s{i}", gold, _damaged(gold, rng.randint(2, 6))) for i in range(n_systems)]
    board = lb.rank(systems, replicates=30, seed=seed)
    heads = [r.cells["headline"].value for r in board.rows]
    assert heads == sorted(heads, reverse=True)
    for metric, _ in lb.COLUMNS:
        cells = [r.cells[metric] for r in board.rows]
        if any(c.value is not None for c in cells):
            assert sum(c.best for c in cells) == 1
            best = next(c for c in cells if c.best)
            assert best.value == max(c.value for c in cells if c.value is not None)
            assert not best.tied_with_best

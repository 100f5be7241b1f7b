"""warclaims.problems: path patterns, numeric path order, grouping and capping."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from warclaims.problems import Problem, capped, group_problems, json_path, path_key, path_pattern, sorted_by_path


def _p(line: int, path: str, message: str = "m") -> Problem:
    return Problem("f.jsonl", line, path, message)


def test_path_pattern() -> None:
    assert path_pattern("$.claims[1098].quote") == "$.claims[*].quote"
    assert path_pattern("$.stances[0]") == "$.stances[*]"
    assert path_pattern("$.a[2][30].b") == "$.a[*][*].b"
    assert path_pattern("$.id") == "$.id"
    assert path_pattern("$.entities") == "$.entities"
    assert path_pattern("$.meta.e10") == "$.meta.e10"  # digits outside brackets are not indices


def test_numeric_path_order() -> None:
    paths = ["$.entities[10].end", "$.claims[2]", "$.entities[2].start", "$", "$.entities[2].end", "$.claims[10]"]
    assert sorted(paths, key=path_key) == ["$", "$.claims[2]", "$.claims[10]", "$.entities[2].end",
                                           "$.entities[2].start", "$.entities[10].end"]


def test_sorted_by_path_is_stable() -> None:
    problems = [_p(1, "$.x[10]", "a"), _p(1, "$.x[2]", "b"), _p(1, "$.x[10]", "c")]
    assert [p.message for p in sorted_by_path(problems)] == ["b", "a", "c"]


def test_grouping_by_pattern_and_message() -> None:
    problems = [_p(1, "$.claims[0].quote", "'quote' is a required property"),
                _p(1, "$.id", "duplicate"),
                _p(2, "$.claims[0].quote", "'quote' is a required property"),
                _p(2, "$.claims[3].quote", "'quote' is a required property"),
                _p(3, "$.claims[0].quote", "other message")]
    groups = group_problems(problems)
    assert [(g.path, g.message, g.count) for g in groups] == [
        ("$.claims[*].quote", "'quote' is a required property", 3),  # largest first
        ("$.id", "duplicate", 1),  # then in order of first occurrence
        ("$.claims[*].quote", "other message", 1)]
    assert groups[0].first is problems[0]
    assert groups[0].render() == ("f.jsonl:1: $.claims[*].quote: 'quote' is a required property  "
                                  "(x 3; first at line 1, $.claims[0].quote)")
    assert groups[1].render() == problems[1].render()  # a single problem keeps its exact path
    assert groups[0].as_dict() == {"path": "$.claims[*].quote", "message": "'quote' is a required property",
                                   "count": 3, "first": {"file": "f.jsonl", "line": 1, "path": "$.claims[0].quote"}}


def test_thousands_are_separated() -> None:
    groups = group_problems(_p(i, f"$.claims[{i}].quote") for i in range(1098))
    assert "(x 1,098;" in groups[0].render()


def test_capped() -> None:
    groups = group_problems([_p(1, f"$.f{i}", f"m{i}") for i in range(5)] + [_p(2, "$.f0", "m0")])
    shown, more_groups, more_problems = capped(groups, 2)
    assert [g.message for g in shown] == ["m0", "m1"] and (more_groups, more_problems) == (3, 3)
    assert capped(groups, 0) == (groups, 0, 0)
    assert capped(groups, 5) == (groups, 0, 0)


paths = st.lists(st.one_of(st.integers(0, 200), st.sampled_from(["claims", "quote", "e1", "id"])), max_size=5)


@given(st.lists(st.tuples(st.integers(1, 4), paths, st.sampled_from(["a", "b"])), max_size=40), st.integers(0, 6))
def test_groups_account_for_every_problem(items: list[tuple[int, list[str | int], str]], limit: int) -> None:
    problems = [_p(line, json_path(parts), msg) for line, parts, msg in items]
    groups = group_problems(problems)
    assert sum(g.count for g in groups) == len(problems)
    assert len({(g.path, g.message) for g in groups}) == len(groups)
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)
    for g in groups:
        assert path_pattern(g.first.path) == g.path and "[" not in g.path.replace("[*]", "")
    shown, more_groups, more_problems = capped(groups, limit)
    assert len(shown) + more_groups == len(groups)
    assert sum(g.count for g in shown) + more_problems == len(problems)


@given(st.lists(st.lists(st.integers(0, 10**4), min_size=1, max_size=3), max_size=20))
def test_path_key_orders_indices_as_numbers(index_lists: list[list[int]]) -> None:
    ordered = sorted((json_path(["x", *ix]) for ix in index_lists), key=path_key)
    by_numbers = [json_path(["x", *ix]) for ix in sorted(index_lists)]
    assert ordered == by_numbers

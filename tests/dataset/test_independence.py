"""The copy check on hand-made drafts (synthetic items)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from warclaims.dataset import independence

FIRST = {"entities": [{"id": "e1", "text": "Homs", "type": "GPE", "n": [1, 2]},
                      {"id": "e2", "text": "IS", "type": "ARMED_GROUP"}],
         "claims": [{"id": "c1", "text": "IS fighters attacked Homs", "source_id": "s1", "cue_id": "q1",
                     "quote": "indirect", "certainty": "asserted"}]}


def test_a_copy_is_identical_and_flagged() -> None:
    copy = {**FIRST, "entities": [{**FIRST["entities"][0], "n": [1, 2], "prefix": "x"}, FIRST["entities"][1]]}
    row = independence.sequence_identity(FIRST, copy)
    assert (row["same"], row["of"], row["identity"]) == (3, 3, 1.0)
    report = independence.check_pairs([("d1", FIRST, copy)])
    assert [r["id"] for r in report["flagged"]] == ["d1"]


def test_same_items_in_another_order_or_with_other_ids_do_not_match() -> None:
    reordered = {**FIRST, "entities": list(reversed(FIRST["entities"]))}
    assert independence.sequence_identity(FIRST, reordered)["layers"]["entities"] == {"same": 0, "of": 2}
    renamed = {**FIRST, "claims": [{**FIRST["claims"][0], "id": "c7"}]}
    assert independence.sequence_identity(FIRST, renamed)["layers"]["claims"] == {"same": 0, "of": 1}
    longer = {**FIRST, "entities": FIRST["entities"] + [{"id": "e3", "text": "Hama", "type": "GPE"}]}
    row = independence.sequence_identity(FIRST, longer)
    assert row["layers"]["entities"] == {"same": 2, "of": 3} and row["identity"] == 3 / 4
    assert independence.check_pairs([("d1", FIRST, reordered)])["flagged"] == []


@given(st.lists(st.sampled_from(["Homs", "IS", "Hama"]), max_size=6), st.lists(st.sampled_from(["Homs", "IS", "Hama"]), max_size=6))
def test_identity_is_symmetric_and_bounded(xs: list[str], ys: list[str]) -> None:
    a = {"entities": [{"id": f"e{i}", "text": t, "type": "GPE"} for i, t in enumerate(xs)]}
    b = {"entities": [{"id": f"e{i}", "text": t, "type": "GPE"} for i, t in enumerate(ys)]}
    ab, ba = independence.sequence_identity(a, b), independence.sequence_identity(b, a)
    assert ab == ba and 0.0 <= ab["identity"] <= 1.0
    assert independence.sequence_identity(a, a)["identity"] == (1.0 if xs else 0.0)

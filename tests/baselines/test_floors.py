import pytest

from warclaims.baselines.floors import ClaimFloor, EntityFloor, StanceFloor, capitalised_runs
from warclaims.baselines.tokens import tokenize

from .conftest import make_doc, submission_problems

TEXT = "Reuters said Hezbollah sent troops to Homs."


def _train():
    return [make_doc(TEXT, entities=[{"id": "e1", "start": 0, "end": 7, "type": "MEDIA"},
                                     {"id": "e2", "start": 13, "end": 22, "type": "ARMED_GROUP"},
                                     {"id": "e3", "start": 38, "end": 42, "type": "GPE"}],
                     sources=[{"id": "s1", "start": 0, "end": 7, "kind": "named"}],
                     cues=[{"id": "q1", "start": 8, "end": 12}],
                     claims=[{"id": "c1", "start": 13, "end": 42, "source_id": "s1", "cue_id": "q1",
                              "quote": "indirect", "certainty": "asserted"}],
                     stances=[{"id": "t1", "holder_id": "AUTHOR", "target_id": "e2", "polarity": "oppose"},
                              {"id": "t2", "holder_id": "s1", "target_id": "e2", "polarity": "neutral"},
                              {"id": "t3", "holder_id": "AUTHOR", "target_id": "e1", "polarity": "oppose"}])]


def test_capitalised_runs():
    toks = tokenize("The Syrian Observatory said Homs fell")
    assert capitalised_runs(toks) == [(0, 3), (4, 5)]


def test_entity_floor_most_frequent_types_every_capitalised_run():
    doc = make_doc("Aleppo and Hama Province fell. Idlib too.")
    [layers] = EntityFloor().fit(_train()).predict([doc])
    # train types MEDIA, ARMED_GROUP, GPE once each: the tie goes to the first in schema order
    assert [(e.text, e.type) for e in layers.entities] == [
        ("Aleppo", "ARMED_GROUP"), ("Hama Province", "ARMED_GROUP"), ("Idlib", "ARMED_GROUP")]
    assert layers.present == frozenset({"entities"})


def test_claim_floor_most_frequent_rule():
    doc = make_doc("Officials said the road was cut. The Red Crescent said aid arrived.")
    [layers] = ClaimFloor().fit(_train()).predict([doc])
    # the only train cue is "said"; the source is the capitalised run (or word) just before it
    assert [c.text for c in layers.cues] == ["said", "said"]
    assert [s.text for s in layers.sources] == ["Officials", "The Red Crescent"]
    assert [c.text for c in layers.claims] == ["the road was cut", "aid arrived"]
    assert {(c.source_id, c.cue_id) for c in layers.claims} == {("s1", "q1"), ("s2", "q2")}
    assert not submission_problems([doc], [layers])


def test_stance_floor_majority_on_gold_pairs():
    train = _train()
    [layers] = StanceFloor(pairs="gold").fit(train).predict(train)
    assert [(s.holder_id, s.target_id, s.polarity) for s in layers.stances] == [
        ("AUTHOR", "e2", "oppose"), ("s1", "e2", "oppose"), ("AUTHOR", "e1", "oppose")]
    assert not submission_problems(train, [layers])


@pytest.mark.parametrize("cls", [EntityFloor, ClaimFloor, StanceFloor])
def test_random_floors_are_seeded_and_order_free(cls, train_docs, test_docs):
    a = cls(strategy="random", seed=3).fit(train_docs).predict(test_docs)
    b = cls(strategy="random", seed=3).fit(train_docs).predict(list(reversed(test_docs)))
    c = cls(strategy="random", seed=4).fit(train_docs).predict(test_docs)
    assert a == list(reversed(b))
    assert a != c
    assert not submission_problems(test_docs, a)


def test_unknown_strategy_is_an_error(train_docs):
    with pytest.raises(ValueError, match="unknown strategy"):
        EntityFloor(strategy="clever").fit(train_docs)

from warclaims.baselines.entities import CrfEntityTagger, bio_tags, decode_bio
from warclaims.baselines.tokens import tokenize
from warclaims.records import Entity

from .conftest import submission_problems


def test_bio_tags_and_decoding_round_trip():
    text = "The Syrian Observatory for Human Rights said Hezbollah left Homs."
    toks = tokenize(text)
    ents = [Entity(4, 39, "ORG", "e1"), Entity(45, 54, "ARMED_GROUP", "e2"), Entity(60, 64, "GPE", "e3")]
    tags, counts = bio_tags(toks, ents)
    assert tags == ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ARMED_GROUP", "O", "B-GPE", "O"]
    assert counts == {}
    assert decode_bio(toks, tags) == [(4, 39, "ORG"), (45, 54, "ARMED_GROUP"), (60, 64, "GPE")]


def test_bio_counts_unaligned_and_overlapping_entities():
    toks = tokenize("Hezbollahs fighters")
    tags, counts = bio_tags(toks, [Entity(0, 9, "ARMED_GROUP", "e1"), Entity(0, 10, "ORG", "e2")])
    assert tags == ["B-ORG", "O"] and counts == {"overlapping": 1}
    tags, counts = bio_tags(toks, [Entity(0, 9, "ARMED_GROUP", "e1"), Entity(10, 11, "LOC", "e3")])
    assert tags == ["B-ARMED_GROUP", "O"] and counts == {"unaligned": 1, "no_token": 1}


def test_decode_bio_repairs_stray_inside_tags():
    toks = tokenize("a b c d")
    assert decode_bio(toks, ["I-GPE", "I-GPE", "B-LOC", "I-ORG"]) == [(0, 3, "GPE"), (4, 5, "LOC"), (6, 7, "ORG")]


def test_crf_learns_synthetic_entities(train_docs, test_docs):
    model = CrfEntityTagger().fit(train_docs)
    assert model.n_sequences_ > 0 and model.n_unaligned_ == model.n_overlapping_ == model.n_no_token_ == 0
    assert model.n_entities_ == sum(len(d.layers.entities) for d in train_docs)
    preds = model.predict(test_docs)
    gold = {(d.id, e.start, e.end, e.type) for d in test_docs for e in d.layers.entities}
    got = {(d.id, e.start, e.end, e.type) for d, p in zip(test_docs, preds) for e in p.entities}
    assert len(gold & got) / len(gold) > 0.9
    assert not submission_problems(test_docs, preds)


def test_crf_without_any_entity_predicts_nothing(test_docs):
    from warclaims.records import Layers
    import dataclasses

    bare = [dataclasses.replace(d, layers=Layers()) for d in test_docs[:3]]
    preds = CrfEntityTagger().fit(bare).predict(test_docs[:2])
    assert [p.entities for p in preds] == [(), ()]

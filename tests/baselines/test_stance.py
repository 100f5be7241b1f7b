from warclaims.baselines.stance import LinearStance, candidate_pairs, pair_features

from .conftest import make_doc, submission_problems

TEXT = "Reuters said Hezbollah attacked Homs. Hezbollah left."
DOC = make_doc(TEXT, entities=[{"id": "e1", "start": 0, "end": 7, "type": "MEDIA"},
                               {"id": "e2", "start": 13, "end": 22, "type": "ARMED_GROUP"},
                               {"id": "e3", "start": 32, "end": 36, "type": "GPE"},
                               {"id": "e4", "start": 38, "end": 47, "type": "ARMED_GROUP"}],
               sources=[{"id": "s1", "start": 0, "end": 7, "kind": "named"}],
               cues=[{"id": "q1", "start": 8, "end": 12}],
               claims=[{"id": "c1", "start": 13, "end": 36, "source_id": "s1", "cue_id": "q1",
                        "quote": "indirect", "certainty": "asserted"}],
               stances=[{"id": "t1", "holder_id": "s1", "target_id": "e2", "polarity": "oppose"}])


def test_candidate_pairs():
    assert candidate_pairs(DOC, "gold") == [("s1", "e2")]
    # AUTHOR x first mention of each distinct entity text; the source x entities inside its claims;
    # entity x entity (other text) within a sentence: e4 repeats e2's text and is alone in its sentence
    assert candidate_pairs(DOC, "candidates") == [("AUTHOR", "e1"), ("AUTHOR", "e2"), ("AUTHOR", "e3"),
                                                  ("s1", "e2"), ("s1", "e3"),
                                                  ("e1", "e2"), ("e1", "e3"), ("e2", "e1"), ("e2", "e3"),
                                                  ("e3", "e1"), ("e3", "e2")]


def test_pair_features_name_holder_target_and_context():
    f = pair_features(DOC, "s1", "e2")
    assert f["holder=source:named"] == 1.0 and f["ttext=hezbollah"] == 1.0
    assert f["claim:attacked"] == 1.0 and f["sent:said"] == 1.0 and f["outlet=synthetic"] == 1.0
    assert f["htext=reuters"] == 1.0 and f["btw:said"] == 1.0 and f["holder_first"] == 1.0


def test_linear_stance_fits_synthetic_polarities(train_docs, test_docs):
    for pairs, floor in (("gold", 0.9), ("candidates", 0.8)):
        model = LinearStance(pairs=pairs).fit(train_docs)
        preds = model.predict(test_docs)
        gold = {(d.id, s.holder_id, s.target_id, s.polarity) for d in test_docs for s in d.layers.stances}
        got = {(d.id, s.holder_id, s.target_id, s.polarity) for d, p in zip(test_docs, preds) for s in p.stances}
        assert len(gold & got) / len(gold) > floor, pairs
        assert not submission_problems(test_docs, preds)
    assert model.pair_recall_ == 1.0


def test_stance_ids_do_not_collide_with_input_ids():
    doc = make_doc("Hezbollah left.", entities=[{"id": "t1", "start": 0, "end": 9, "type": "ARMED_GROUP"}],
                   stances=[{"id": "x1", "holder_id": "AUTHOR", "target_id": "t1", "polarity": "oppose"}])
    [layers] = LinearStance().fit([doc]).predict([doc])
    assert [(s.id, s.polarity) for s in layers.stances] == [("t2", "oppose")]
    assert not submission_problems([doc], [layers])

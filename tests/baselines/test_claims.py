import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from warclaims.baselines.claims import ClaimExtractor, source_candidates
from warclaims.baselines.tokens import tokenize

from .conftest import make_doc, submission_problems


def _spans(docs, preds, layer):
    gold = {(d.id, x.start, x.end) for d in docs for x in getattr(d.layers, layer)}
    got = {(d.id, x.start, x.end) for d, p in zip(docs, preds) for x in getattr(p, layer)}
    return gold, got


def test_source_candidates_stay_in_window_and_skip_the_cue():
    toks = tokenize("The Red Crescent said aid arrived")
    cands = source_candidates(toks, 3, 4, window=2)
    assert (1, 3) in cands and (0, 3) not in cands and (4, 6) in cands
    assert all(not (a <= 3 < b) for a, b in cands)


def test_lexicon_sides_and_hand_checked_prediction():
    train = [make_doc("Reuters said Hezbollah sent troops. Others waited.",
                      sources=[{"id": "s1", "start": 0, "end": 7, "kind": "named"}],
                      cues=[{"id": "q1", "start": 8, "end": 12}],
                      claims=[{"id": "c1", "start": 13, "end": 34, "source_id": "s1", "cue_id": "q1",
                               "quote": "indirect", "certainty": "asserted"}])]
    model = ClaimExtractor().fit(train)
    assert model.lexicon_ == {("said",): 1}
    assert model.side_ == {("said",): "after"} and model.keep_period_ is False
    doc = make_doc("Sham FM said the rebels advanced.", doc_id="synthetic-y")
    [layers] = model.predict([doc])
    assert [c.text for c in layers.cues] == ["said"]
    assert [c.text for c in layers.claims] == ["the rebels advanced"]
    assert len(layers.sources) == 1 and layers.claims[0].source_id == layers.sources[0].id
    assert not submission_problems([doc], [layers])


def test_extractor_recovers_synthetic_claims(train_docs, test_docs):
    model = ClaimExtractor().fit(train_docs)
    assert model.n_sources_reachable_ == model.n_sources_ > 0
    preds = model.predict(test_docs)
    for layer in ("cues", "sources", "claims"):
        gold, got = _spans(test_docs, preds, layer)
        assert len(gold & got) / len(gold) > 0.9, layer
    assert not submission_problems(test_docs, preds)


def test_extractor_with_no_cues_in_train_predicts_nothing(test_docs):
    import dataclasses

    from warclaims.records import Layers

    bare = [dataclasses.replace(d, layers=Layers()) for d in test_docs[:3]]
    preds = ClaimExtractor().fit(bare).predict(test_docs[:2])
    assert all(p.cues == p.claims == p.sources == () for p in preds)


def test_several_cues_in_one_sentence_never_duplicate_sources_or_claims(train_docs):
    model = ClaimExtractor(cue_threshold=0.0, source_threshold=0.0).fit(train_docs)
    texts = ["Reuters said and Reuters reported and SANA stated that Hezbollah said Homs fell.",
             "According to Reuters Hezbollah said Hama fell Reuters said. Reuters said Reuters said Reuters said."]
    docs = [make_doc(t, doc_id=f"synthetic-{k}") for k, t in enumerate(texts)]
    preds = model.predict(docs)
    assert sum(len(p.cues) for p in preds) >= 6
    assert not submission_problems(docs, preds)


def test_claim_before_a_sentence_final_cue_and_bounded_by_the_next_cue():
    text = "Reuters said Hezbollah sent troops. Homs fell the monitor said. SANA said rebels fled and Reuters said troops came."

    def at(part: str, after: int = 0) -> tuple[int, int]:
        start = text.index(part, after)
        return start, start + len(part)

    spans = {"s1": at("Reuters"), "s2": at("the monitor"), "s3": at("SANA"), "s4": at("Reuters", 60),
             "q1": at("said"), "q2": at("said", 50), "q3": at("said", 68), "q4": at("said", 92),
             "c1": at("Hezbollah sent troops"), "c2": at("Homs fell"), "c3": at("rebels fled"), "c4": at("troops came")}
    kinds = {"s1": "named", "s2": "unspecified", "s3": "named", "s4": "named"}
    train = [make_doc(text,
                      sources=[{"id": k, "start": spans[k][0], "end": spans[k][1], "kind": kinds[k]} for k in kinds],
                      cues=[{"id": k, "start": spans[k][0], "end": spans[k][1]} for k in ("q1", "q2", "q3", "q4")],
                      claims=[{"id": f"c{n}", "start": spans[f"c{n}"][0], "end": spans[f"c{n}"][1], "source_id": f"s{n}",
                               "cue_id": f"q{n}", "quote": "indirect", "certainty": "asserted"} for n in range(1, 5)])]
    model = ClaimExtractor(cue_threshold=0.0, source_threshold=0.0).fit(train)
    assert model.kind_model_ is not None
    doc = make_doc("Aleppo was shelled the monitor said. Sham FM said the army advanced and Reuters said the army left.",
                   doc_id="synthetic-z")
    [layers] = model.predict([doc])
    claims = [c.text for c in layers.claims]
    assert claims[0] == "Aleppo was shelled"
    # the second sentence's first claim stops where the next cue's source begins
    assert "the army advanced" in claims[1] and "left" not in claims[1]
    assert not submission_problems([doc], [layers])


_WORDS = ["said", "told", "according", "to", "that", "Reuters", "the", "monitor", "Hezbollah", "added", "Homs",
          "fell", "officials", "reported", ".", "\"", "and", "SANA", "claimed"]


@pytest.fixture(scope="module")
def eager_model(train_docs):
    return ClaimExtractor(cue_threshold=0.0, source_threshold=0.0).fit(train_docs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_any_word_salad_gives_valid_predictions(eager_model, words):
    text = " ".join(words)
    if not text.strip():
        return
    doc = make_doc(text, doc_id="synthetic-h")
    assert not submission_problems([doc], eager_model.predict([doc]))


class _NoneThenLeftmost:
    """Stub source ranker: no source for the first cue; for later cues the first candidate (the
    leftmost n-gram of the window, which may lie before an earlier cue) wins."""

    def __init__(self):
        self.calls = 0

    def proba(self, xs):
        self.calls += 1
        return [0.0] * len(xs) if self.calls == 1 else [1.0] + [0.0] * (len(xs) - 1)


def test_next_cue_source_before_this_cue_does_not_break_the_claim_bounds(train_docs):
    model = ClaimExtractor(cue_threshold=0.0, source_threshold=0.5).fit(train_docs)
    model.source_model_ = _NoneThenLeftmost()
    doc = make_doc("Reuters said Homs fell and reported Hama fell.", doc_id="synthetic-b")
    [layers] = model.predict([doc])
    assert [c.text for c in layers.cues] == ["said", "reported"]
    assert [s.text for s in layers.sources] == ["Reuters"]
    assert not submission_problems([doc], [layers])

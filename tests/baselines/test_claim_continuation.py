"""Speech continued over following sentences (warclaims.baselines.claim_continuation, step 4 of the claims baseline)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from warclaims.baselines.claim_continuation import examples, features, open_quote
from warclaims.baselines.claims import ClaimExtractor
from warclaims.baselines.tokens import sentences_tokens

from .conftest import make_doc, submission_problems

TEXT = "Reuters said:\n\nRebels fled the town. They took Homs.\n\nThe army waited."


def _speech_doc(text: str = TEXT, doc_id: str = "synthetic-run") -> object:
    """`SOURCE said:` then two claim sentences of that cue, then one sentence that is not."""
    source_end = text.index(" said")
    cue = (source_end + 1, source_end + 5)
    first = text.index("\n\n") + 2
    s1 = (first, text.index(".", first))
    s2 = (s1[1] + 2, text.index(".", s1[1] + 2))
    return make_doc(text, doc_id=doc_id,
                    sources=[{"id": "s1", "start": 0, "end": source_end, "kind": "named"}],
                    cues=[{"id": "q1", "start": cue[0], "end": cue[1]}],
                    claims=[{"id": f"c{n}", "start": a, "end": b, "source_id": "s1", "cue_id": "q1",
                             "quote": "indirect", "certainty": "asserted"} for n, (a, b) in enumerate((s1, s2), 1)])


def test_open_quote_counts_curly_marks_and_straight_parity():
    assert open_quote("“We will act.") and not open_quote("“We will act.”")
    assert open_quote('"We will') and not open_quote('"We will," he said')
    assert not open_quote("no marks at all")


def test_examples_label_the_run_and_stop_at_its_first_negative():
    doc = _speech_doc()
    sents = sentences_tokens(doc.text)
    xs, ys = examples(doc, sents)
    assert ys == [1, 1, 0]
    assert [x["d"] for x in xs] == ["1", "2", "3"]
    assert all(x["cue_sentence_colon"] and not x["anchor_claim"] for x in xs)
    assert xs[0]["previous_colon"] and not xs[1]["previous_colon"]
    assert xs[2]["paragraph_break"] and not xs[1]["paragraph_break"]


def test_examples_never_ask_past_a_sentence_with_its_own_cue():
    text = "Reuters said:\n\nRebels fled the town. SANA said troops came."
    cue2 = text.index("said", 20)
    doc = make_doc(text, sources=[{"id": "s1", "start": 0, "end": 7, "kind": "named"}],
                   cues=[{"id": "q1", "start": 8, "end": 12}, {"id": "q2", "start": cue2, "end": cue2 + 4}],
                   claims=[{"id": "c1", "start": 15, "end": 35, "source_id": "s1", "cue_id": "q1",
                            "quote": "indirect", "certainty": "asserted"}])
    xs, ys = examples(doc, sentences_tokens(doc.text))
    assert ys == [1], "the second sentence has a cue of its own: no question is asked about it"


def test_features_see_an_open_quotation_since_the_cue():
    text = "“Rebels fled,” he said. “They took Homs.\n\nThe army waited.”"
    sents = sentences_tokens(text)
    cue_end = text.index("said") + 4
    x = features(text, sents, 0, 1, cue_end, True)
    assert x["starts_quote"] and not x["quote_open"] and x["anchor_claim"]
    x2 = features(text, sents, 0, 2, cue_end, True)
    assert x2["quote_open"] and x2["ends_quote"] and x2["paragraph_break"]


def _trained(continue_speech: bool = True) -> ClaimExtractor:
    train = [_speech_doc(TEXT.replace("Reuters", name).replace("Homs", place), doc_id=f"synthetic-{k}")
             for k, (name, place) in enumerate([("Reuters", "Homs"), ("SANA", "Hama"), ("Sham FM", "Idlib"),
                                                ("The monitor", "Deir"), ("AFP", "Raqqa")])]
    return ClaimExtractor(cue_threshold=0.0, source_threshold=0.0, continue_speech=continue_speech).fit(train)


def test_a_learned_run_becomes_one_claim_per_sentence_with_the_cue_and_source_of_its_speech():
    doc = make_doc("Al-Manar said:\n\nFighters left the border. They burned the depot.\n\nThe army waited.",
                   doc_id="synthetic-new")
    [layers] = _trained().predict([doc])
    assert [c.text for c in layers.claims] == ["Fighters left the border", "They burned the depot"]
    assert {c.cue_id for c in layers.claims} == {layers.cues[0].id}
    assert {c.source_id for c in layers.claims} == {layers.sources[0].id}
    assert not submission_problems([doc], [layers])
    [plain] = _trained(continue_speech=False).predict([doc])
    assert plain.claims == ()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["Reuters said:", "Rebels fled.", "“They took Homs.", "It ended.”", "SANA said troops came.",
                                 "\n\n", "The army waited."]), min_size=1, max_size=12))
def test_runs_never_overlap_other_claims_and_stay_in_one_sentence(parts):
    text = " ".join(parts).strip() or "Empty."
    doc = make_doc(text, doc_id="synthetic-prop")
    [layers] = MODEL.predict([doc])
    spans = sorted((c.start, c.end) for c in layers.claims)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
    bounds = [b for b, _ in sentences_tokens(text)]
    assert all(any(s <= a and b <= e for s, e in bounds) for a, b in spans)
    assert not submission_problems([doc], [layers])


MODEL = _trained()

from warclaims.baselines.claim_features import cue_features, source_candidates, source_features
from warclaims.baselines.claims import quote_kind
from warclaims.baselines.tokens import tokenize


def test_cue_features_share_the_lemma_of_an_unseen_form():
    toks = tokenize("The ministry insists that the raid failed")
    f = cue_features(toks, 2, 3, ("insists",), train_keys={("said",)})
    assert f["lemma=insist"] and f["open_list"] == 1.0 and f["in_train"] == 0.0 and f["next_that"] == 1.0


def test_pronoun_sources_before_and_after_the_cue():
    toks = tokenize("“Homs fell,” he said.")
    i = [t.text for t in toks].index("said")
    cands = source_candidates(toks, i, i + 1, window=8)
    assert (i - 1, i) in cands
    assert source_features(toks, i - 1, i, i, i + 1)["pronoun"] == 1.0
    toks = tokenize("Homs fell, said the Britain-based monitor.")
    cands = source_candidates(toks, 3, 4, window=8)
    assert (4, 9) in cands and [t.text for t in toks[4:9]] == ["the", "Britain", "-", "based", "monitor"]
    assert not any(toks[b - 1].text == "-" for a, b in cands)


def test_quote_kind_follows_the_remaining_marks():
    toks = tokenize("“Homs fell.” he said")
    assert quote_kind(toks, 1, 3) == "direct"
    toks = tokenize("•Around 15 are martyred Youkhana reported")
    assert quote_kind(toks, 1, 5) == "indirect"
    toks = tokenize("he said Hezbollah sent “surveillance troops” to Homs")
    assert quote_kind(toks, 2, len(toks)) == "mixed"


def test_a_name_is_seen_by_its_shape_as_well_as_its_word():
    toks = tokenize("The strikes hit 12 targets, Davis said.")
    i = [t.text for t in toks].index("said")
    f = source_features(toks, i - 1, i, i, i + 1, (frozenset({"<Cap>"}), frozenset({"<Cap>"}), frozenset()))
    assert f["first=<Cap>"] == f["last=<Cap>"] == 1.0 and f["first_word=davis"] == 1.0
    assert f["known_first"] == f["known_last"] == 1.0, "a capitalised first and last word count as known by shape"
    low = source_features(toks, 0, 2, i, i + 1)
    assert low["first=<Cap>"] == 1.0 and low["last=strikes"] == 1.0


def test_an_unseen_name_is_found_as_a_source():
    from warclaims.baselines.claims import ClaimExtractor

    from .conftest import make_doc

    names = ["Ahmed", "Rami", "Lina", "Omar", "Yusuf"]
    train = []
    for k, name in enumerate(names):
        text = f"The rebels took the town, {name} said. Others waited."
        s = text.index(name)
        train.append(make_doc(text, doc_id=f"synthetic-{k}",
                              sources=[{"id": "s1", "start": s, "end": s + len(name), "kind": "named"}],
                              cues=[{"id": "q1", "start": s + len(name) + 1, "end": s + len(name) + 5}],
                              claims=[{"id": "c1", "start": 0, "end": s - 2, "source_id": "s1", "cue_id": "q1",
                                       "quote": "indirect", "certainty": "asserted"}]))
    model = ClaimExtractor(cue_threshold=0.0, source_threshold=0.3).fit(train)
    [layers] = model.predict([make_doc("The strikes hit 12 targets, Davis said.", doc_id="synthetic-new")])
    assert [s.text for s in layers.sources] == ["Davis"]

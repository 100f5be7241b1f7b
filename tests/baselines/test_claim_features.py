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

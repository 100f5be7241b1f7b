from warclaims.baselines.entity_features import Gazetteer, lower_vocabulary, sentence_features, token_features
from warclaims.baselines.tokens import tokenize


def test_gazetteer_matches_longest_first_with_majority_type():
    gaz = Gazetteer.from_texts([("Syrian Observatory", "ORG"), ("Syrian Observatory", "ORG"), ("Syrian Observatory", "MEDIA"),
                                ("Syrian Observatory for Human Rights", "ORG"), ("Homs", "GPE")])
    toks = tokenize("The Syrian Observatory for Human Rights said Homs and homs fell")
    assert gaz.tags(toks) == [None, "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", None, "B-GPE", None, "B-GPE", None]
    assert gaz.word_types["observatory"] == ("MEDIA", "ORG")


def test_empty_gazetteer_tags_nothing():
    assert Gazetteer().tags(tokenize("Homs fell")) == [None, None]


def test_lower_vocabulary_and_sentence_initial_features():
    vocab = lower_vocabulary(["activists said the city fell", "Idlib is quiet"])
    assert "activists" in vocab and "idlib" not in vocab and "Idlib" not in vocab
    toks = tokenize("Activists said Idlib fell")
    f0, f2 = token_features(toks, 0, lower_vocab=vocab), token_features(toks, 2, lower_vocab=vocab)
    assert f0["first_title"] and f0["title_seen_lower"] and not f0["title_unseen_lower"] and f0["pos=first"]
    assert f2["title_unseen_lower"] and not f2["first_title"] and f2["suf2"] == "ib" and f2["pre1"] == "I"


def test_features_of_a_possessive_and_hyphen_compound():
    toks = tokenize("US-backed forces hit Hezbollah’s base")
    feats = sentence_features(toks, Gazetteer.from_texts([("Hezbollah", "ARMED_GROUP")]), frozenset())
    assert feats[0]["hyphen_next"] and feats[2]["hyphen_prev"] and feats[0]["upper"]
    hz = feats[5]
    assert hz["lower"] == "hezbollah" and hz["before_clitic"] and hz["gaz"] == "B-ARMED_GROUP" and hz["gazw=ARMED_GROUP"]
    assert feats[6]["lower"] == "’s" and feats[6]["punct"]

from warclaims.baselines.cue_lexicon import CUE_FORMS, REPORTING_VERBS, inflections, lemma_of


def test_inflections_regular_and_irregular():
    assert inflections("state") == ("state", "states", "stated", "stating")
    assert inflections("deny") == ("deny", "denies", "denied", "denying")
    assert inflections("stress") == ("stress", "stresses", "stressed", "stressing")
    assert inflections("warn") == ("warn", "warns", "warned", "warning")
    assert "said" in inflections("say") and "told" in inflections("tell")


def test_forms_map_to_lemmas_and_cover_the_guideline_cues():
    for cue in ("said", "stated", "told", "noted", "emphasized", "reported", "suggest", "indicate", "denied",
                "accused", "warned", "confirmed"):
        assert (cue,) in CUE_FORMS, cue
    assert CUE_FORMS[("according", "to")] == "according to" and CUE_FORMS[("reportedly",)] == "reportedly"
    assert len(set(REPORTING_VERBS)) == len(REPORTING_VERBS)


def test_lemma_of_unknown_forms_strips_a_regular_ending():
    assert lemma_of(("insisted",)) == "insist"
    assert lemma_of(("he", "said")) == "say"
    assert lemma_of(("proclaimed",)) == "proclaim"
    assert lemma_of(("as",)) == "as"

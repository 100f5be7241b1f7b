"""Agreement numbers on tiny hand cases, cross-checked with scikit-learn and krippendorff."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from warclaims.dataset import agreement

TEXT = "Reuters said Hezbollah sent troops to Homs."


def _ann(name: str, entities=(), stances=(), claims=(), sources=(), cues=()) -> dict:
    return {"id": "d1", "text": TEXT,
            "meta": {"annotation": {"annotators": [name], "annotation_ids": [name + "-1"]}},
            "entities": [{"id": f"e{i}", "start": s, "end": e, "type": t, "text": TEXT[s:e]} for i, (s, e, t) in enumerate(entities)],
            "sources": [{"id": f"s{i}", "start": s, "end": e, "kind": k, "text": TEXT[s:e]} for i, (s, e, k) in enumerate(sources)],
            "cues": [{"id": f"q{i}", "start": s, "end": e, "text": TEXT[s:e]} for i, (s, e) in enumerate(cues)],
            "claims": list(claims), "stances": list(stances)}


def test_strict_and_overlap_counts() -> None:
    ref = [(0, 7, "MEDIA"), (13, 22, "ARMED_GROUP"), (38, 42, "GPE")]
    pred = [(0, 7, "MEDIA"), (13, 27, "ARMED_GROUP"), (38, 42, "LOC")]
    s = agreement.strict(ref, pred)
    assert (s.tp, s.fp, s.fn) == (1, 2, 2)
    o = agreement.overlap(ref, pred)
    assert (o.tp, o.fp, o.fn) == (2, 1, 1)
    assert o.as_dict()["f1"] == pytest.approx(2 / 3)


def test_overlap_is_one_to_one() -> None:
    o = agreement.overlap([(0, 10)], [(0, 4), (5, 10)])
    assert (o.tp, o.fp, o.fn) == (1, 1, 0)


def test_undefined_ratios_are_null() -> None:
    assert agreement.Counts().as_dict()["f1"] is None


def test_pair_counts_attribution_and_claims() -> None:
    claim = {"id": "c1", "start": 13, "end": 34, "text": TEXT[13:34], "source_id": "s0", "cue_id": "q0",
             "quote": "indirect", "certainty": "asserted"}
    a = _ann("a", sources=[(0, 7, "named")], cues=[(8, 12)], claims=[claim])
    b = _ann("b", sources=[(0, 7, "named")], cues=[(8, 12)], claims=[{**claim, "source_id": None}])
    counts = agreement.pair_counts(a, b)
    assert (counts["claims_strict"].tp, counts["attribution"].tp, counts["attribution"].fn) == (1, 0, 1)
    assert counts["sources"].as_dict()["f1"] == 1.0


def _stance_doc(name: str, polarity: dict[str, str]) -> dict:
    ents = [(0, 7, "MEDIA"), (13, 22, "ARMED_GROUP"), (38, 42, "GPE")]
    stances = [{"id": f"t{i}", "holder_id": "AUTHOR", "target_id": f"e{i}", "polarity": p}
               for i, p in polarity.items()]
    return _ann(name, entities=ents, stances=stances)


def test_cohen_kappa_two_annotators_matches_sklearn() -> None:
    acc = agreement.Agreement()
    a_labels = ["support", "oppose", "neutral", "oppose", "support", "neutral"]
    b_labels = ["support", "oppose", "oppose", "oppose", "neutral", "neutral"]
    for k in range(2):
        docs = []
        for name, labels in (("a", a_labels), ("b", b_labels)):
            doc = _stance_doc(name, {str(i): labels[3 * k + i] for i in range(3)})
            docs.append({**doc, "id": f"d{k}"})
        acc.add(f"d{k}", docs)
    st = acc.report()["stance"]
    assert st["statistic"] == "cohen_kappa" and st["items"] == 6
    assert st["cohen_kappa"] == pytest.approx(cohen_kappa_score(a_labels, b_labels))
    # hand value: po = 4/6; pe = (2*1 + 2*3 + 2*2)/36 = 12/36; kappa = (4/6 - 1/3) / (2/3) = 0.5
    assert st["cohen_kappa"] == pytest.approx(0.5)


def test_krippendorff_alpha_three_annotators_with_missing() -> None:
    acc = agreement.Agreement()
    acc.add("d1", [_stance_doc("a", {"0": "support", "1": "oppose", "2": "neutral"}),
                   _stance_doc("b", {"0": "support", "1": "oppose"}),
                   _stance_doc("c", {"0": "oppose", "1": "oppose", "2": "neutral"})])
    st = acc.report()["stance"]
    assert st["statistic"] == "krippendorff_alpha" and st["cohen_kappa"] is None
    # raters a, b, c (rows) x items e0, e1, e2; labels neutral=0, oppose=1, support=2
    data = np.array([[2, 1, 0], [2, 1, np.nan], [1, 1, 0]], dtype=float)
    assert st["krippendorff_alpha"] == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_pairs_and_heatmap_matrix() -> None:
    acc = agreement.Agreement()
    acc.add("d1", [_ann("a", entities=[(0, 7, "MEDIA")]), _ann("b", entities=[(0, 7, "MEDIA")]), _ann("c", entities=[(0, 7, "ORG")])])
    acc.add("d2", [_ann("a", entities=[(0, 7, "MEDIA")])])
    rep = acc.report()
    assert rep["documents"] == 1 and [(p["a"], p["b"]) for p in rep["pairs"]] == [("a", "b"), ("a", "c"), ("b", "c")]
    names, matrix = agreement.heatmap_matrix(rep, "entities_strict")
    assert names == ["a", "b", "c"] and matrix[0][1] == 1.0 and matrix[2][0] == 0.0 and matrix[0][0] is None
    assert "| entities_strict | 1 | 2 | 2 |" in agreement.to_markdown(rep)


def test_adjudicated_annotations_are_not_counted_as_independent() -> None:
    adjudicated = _ann("judge", entities=[(0, 7, "MEDIA")])
    adjudicated["meta"]["annotation"]["pass"] = "adjudicated"
    acc = agreement.Agreement()
    acc.add("d1", [_ann("a", entities=[(0, 7, "MEDIA")]), _ann("b", entities=[(0, 7, "ORG")]), adjudicated])
    acc.add("d2", [_ann("a", entities=[(0, 7, "MEDIA")]), adjudicated])
    rep = acc.report()
    assert rep["documents"] == 1 and rep["annotations"] == 2 and rep["adjudicated_excluded"] == 2
    assert [(p["a"], p["b"]) for p in rep["pairs"]] == [("a", "b")]
    assert rep["measures"]["entities_strict"]["f1"] == 0.0
    assert "2 adjudicated or reviewed annotation(s) excluded" in agreement.to_markdown(rep)


def test_reviewed_and_adjudicated_annotations_are_left_out() -> None:
    from warclaims.dataset import agreement, synthetic

    a, b, r = (synthetic.annotation(3, who, f"id-{who}") for who in ("a", "b", "r"))
    r["meta"]["annotation"]["pass"] = "reviewed"
    acc = agreement.Agreement()
    acc.add("d", [a, b, r])
    report = acc.report()
    assert report["documents"] == 1 and report["annotations"] == 2 and report["adjudicated_excluded"] == 1

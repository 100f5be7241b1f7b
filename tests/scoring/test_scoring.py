"""score_documents / compare_documents: hand-checked cases and hypothesis properties."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims import schemas
from warclaims.compare import compare_documents
from warclaims.records import Document, Layers
from warclaims.scoring import HEADLINE, count_table, document_row, score_documents

from .synth import as_submission, random_document


def corpus(seed: int, n: int = 4) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_document(rng, f"doc-{seed}-{i}") for i in range(n)]


def docs_of(dicts: list[dict[str, Any]]) -> list[Document]:
    return [Document.from_dict(d) for d in dicts]


def preds_of(subs: list[dict[str, Any]]) -> dict[str, Layers]:
    return {s["id"]: Layers.from_dict(s) for s in subs}


def test_perfect_submission_scores_one_everywhere_gold_has_items() -> None:
    gold = corpus(1, 6)
    r = score_documents(docs_of(gold), preds_of([as_submission(d) for d in gold]), bootstrap=50)
    m = r.metrics
    for name, value in m.items():
        if name.endswith(".f1") and not name.split(".")[-2] in ("macro",) and ".per_type." not in name \
                and ".per_class." not in name:
            assert value == 1.0 or m[name.rsplit(".", 1)[0] + ".tp"] == 0, name
    assert m["entities.strict.micro.f1"] == 1.0 and m["stance.gold_pairs.accuracy"] in (0.0, 1.0)
    assert r.headline == pytest.approx(sum(m[c] for c in HEADLINE) / 3)
    assert r.intervals["headline"][0] <= r.headline <= r.intervals["headline"][1]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_perfect_submission_property(seed: int) -> None:
    gold = corpus(seed)
    m = score_documents(docs_of(gold), preds_of([as_submission(d) for d in gold]), bootstrap=0).metrics
    for scheme in ("strict", "exact", "partial", "type"):
        assert m[f"entities.{scheme}.micro.f1"] == 1.0
    for name in ("sources.strict.micro", "cues.overlap", "claims.overlap", "attribution.strict_source"):
        assert m[f"{name}.f1"] == (1.0 if m[f"{name}.tp"] else 0.0)
        assert m[f"{name}.fp"] == 0 and m[f"{name}.fn"] == 0
    for c in schemas.labels()["polarity"]:
        if m[f"stance.end_to_end.per_class.{c}.tp"]:
            assert m[f"stance.end_to_end.per_class.{c}.f1"] == 1.0
    if m["stance.gold_pairs.pairs"]:
        assert m["stance.gold_pairs.accuracy"] == 1.0 and m["stance.end_to_end.accuracy"] == 1.0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_empty_submission_has_recall_zero(seed: int) -> None:
    gold = corpus(seed)
    empty = [{"id": d["id"], **{k: [] for k in schemas.LAYERS}} for d in gold]
    r = score_documents(docs_of(gold), preds_of(empty), bootstrap=0)
    for name, value in r.metrics.items():
        if name.endswith(".recall"):
            assert value == 0.0, name
    assert r.headline == 0.0


def _shuffled(sub: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same submission with items in another order and other span ids."""
    new_id = {old: f"z{i}" for i, old in enumerate(x["id"] for k in schemas.LAYERS for x in sub[k])}
    new_id["AUTHOR"] = "AUTHOR"
    out: dict[str, Any] = {"id": sub["id"]}
    for layer in schemas.LAYERS:
        items = []
        for x in sub[layer]:
            y = dict(x, id=new_id[x["id"]])
            for ref in ("source_id", "cue_id", "holder_id", "target_id"):
                if y.get(ref) is not None:
                    y[ref] = new_id[y[ref]]
            items.append(y)
        rng.shuffle(items)
        out[layer] = items
    return out


def _noisy(gold: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """A prediction close to gold: some entities dropped or retyped, one stance flipped."""
    out = []
    for d in gold:
        sub = as_submission(d)
        ents = []
        for e in sub["entities"]:
            if rng.random() < 0.2:
                continue
            ents.append(dict(e, type=rng.choice(schemas.labels()["entity_type"])) if rng.random() < 0.2 else e)
        kept = {e["id"] for e in ents} | {s["id"] for s in sub["sources"]} | {"AUTHOR"}
        sub["entities"] = ents
        sub["stances"] = [dict(s, polarity=rng.choice(schemas.labels()["polarity"])) for s in sub["stances"]
                          if s["target_id"] in kept and s["holder_id"] in kept]
        # a retype can make two entities equal (same span and label): keep the first
        seen, uniq = set(), []
        for e in ents:
            if (e["start"], e["end"], e["type"]) not in seen:
                seen.add((e["start"], e["end"], e["type"]))
                uniq.append(e)
        sub["entities"] = uniq
        ids = {e["id"] for e in uniq} | {s["id"] for s in sub["sources"]} | {"AUTHOR"}
        sub["stances"] = [s for s in sub["stances"] if s["target_id"] in ids and s["holder_id"] in ids]
        out.append(sub)
    return out


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6))
def test_order_of_documents_and_spans_does_not_matter(seed: int) -> None:
    rng = random.Random(seed)
    gold = corpus(seed, 5)
    pred = _noisy(gold, rng)
    a = score_documents(docs_of(gold), preds_of(pred), bootstrap=30, seed=1).to_dict()
    gold2 = gold[::-1]
    pred2 = [_shuffled(p, rng) for p in pred][::-1]
    b = score_documents(docs_of(gold2), preds_of(pred2), bootstrap=30, seed=1).to_dict()
    assert a == b


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6))
def test_count_table_equals_the_per_document_rows(seed: int) -> None:
    """The batched count matrix (metrics.batch) is `document_row` stacked in document id order,
    also for shuffled ids, documents without a line and lines lacking a layer."""
    rng = random.Random(seed)
    gold = corpus(seed, 6)
    pred = [_shuffled(p, rng) for p in _noisy(gold, rng)][1:]
    for sub in pred[:2]:
        sub.pop(rng.choice(("cues", "claims", "stances")))  # layers no other layer refers to
    docs, preds = docs_of(gold), preds_of(pred)
    table = count_table(docs, preds)
    by_id = {d.id: d for d in docs}
    empty = Layers(present=frozenset())
    expected = [document_row(by_id[i].layers, preds.get(i, empty)) for i in table.doc_ids]
    assert table.matrix.dtype == np.int64
    assert np.array_equal(table.matrix, np.array(expected, dtype=np.int64))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 400), st.integers(1, 30), st.sampled_from(schemas.labels()["entity_type"]))
def test_a_spurious_span_never_raises_precision(seed: int, start: int, length: int, typ: str) -> None:
    rng = random.Random(seed)
    gold = corpus(seed, 2)
    pred = _noisy(gold, rng)
    doc = gold[0]
    start = start % (len(doc["text"]) - 1)
    end = min(start + length, len(doc["text"]))
    before = score_documents(docs_of(gold), preds_of(pred), bootstrap=0).metrics
    if any((e["start"], e["end"], e["type"]) == (start, end, typ) for e in doc["entities"] + pred[0]["entities"]):
        return
    pred[0]["entities"] = pred[0]["entities"] + [{"id": "spurious", "start": start, "end": end, "type": typ}]
    after = score_documents(docs_of(gold), preds_of(pred), bootstrap=0).metrics
    assert after["entities.strict.micro.precision"] <= before["entities.strict.micro.precision"]
    overlaps_gold = any(e["start"] < end and start < e["end"] for e in doc["entities"])
    if not overlaps_gold:
        for scheme in ("exact", "partial", "type"):
            assert after[f"entities.{scheme}.micro.precision"] <= before[f"entities.{scheme}.micro.precision"]


def test_layers_not_submitted_are_null_and_count_zero_in_the_headline() -> None:
    gold = corpus(3, 3)
    only_entities = [as_submission(d, ("entities",)) for d in gold]
    r = score_documents(docs_of(gold), preds_of(only_entities), bootstrap=20)
    assert r.metrics["entities.strict.micro.f1"] == 1.0
    assert r.metrics["attribution.strict_source.f1"] is None and r.metrics["stance.end_to_end.f_avg"] is None
    assert r.headline == pytest.approx(1 / 3)
    assert r.layers == {"entities": "scored", "sources": "not submitted", "cues": "not submitted",
                        "claims": "not submitted", "stances": "not submitted"}
    assert "attribution.strict_source.f1" not in r.intervals
    assert any("stances not submitted" in n for n in r.notes)


def test_missing_documents_and_lines_lacking_a_layer_are_noted() -> None:
    gold = corpus(4, 3)
    subs = [as_submission(gold[0]), as_submission(gold[1], ("entities", "sources", "cues", "claims"))]
    r = score_documents(docs_of(gold), preds_of(subs), bootstrap=0)
    assert "1 gold document(s) had no prediction and were scored as empty" in r.notes
    assert "1 submission line(s) lack the stances layer; scored as empty for those documents" in r.notes
    assert r.intervals == {}


def test_unknown_prediction_id_is_a_caller_error() -> None:
    gold = corpus(5, 1)
    with pytest.raises(ValueError, match="unknown document ids"):
        count_table(docs_of(gold), {"nope": Layers()})


def test_per_document_counts_sum_to_the_report() -> None:
    gold = corpus(6, 5)
    pred = _noisy(gold, random.Random(6))
    table = count_table(docs_of(gold), preds_of(pred))
    assert table.matrix.shape == (5, len(table.columns))
    assert table.doc_ids == tuple(sorted(d["id"] for d in gold))
    r = score_documents(docs_of(gold), preds_of(pred), bootstrap=0)
    assert r.metrics["entities.strict.micro.tp"] == int(table.matrix[:, table.columns.index("ent.n1")].sum())


def test_paired_comparison() -> None:
    gold = corpus(7, 8)
    perfect = preds_of([as_submission(d) for d in gold])
    noisy = preds_of(_noisy(gold, random.Random(7)))
    c = compare_documents(docs_of(gold), perfect, noisy, bootstrap=200, seed=3)
    assert c.delta["headline"] > 0
    assert c.wins["entities.strict.micro.f1"] + c.ties["entities.strict.micro.f1"] == 1.0
    same = compare_documents(docs_of(gold), perfect, perfect, bootstrap=50, seed=3)
    assert same.wins["headline"] == 0.0 and same.ties["headline"] == 1.0
    d = c.to_dict()
    assert set(d["metrics"]) == {"headline", *HEADLINE}
    assert d["metrics"]["headline"]["a_wins"] == c.wins["headline"]

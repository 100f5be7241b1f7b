"""layers_to_results is the inverse of results_to_layers: Document layers survive the trip exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims import schemas
from warclaims.labelstudio.config import ConfigError, parse_config
from warclaims.labelstudio.inverse import layers_to_results
from warclaims.labelstudio.results import results_to_layers
from warclaims.paths import labeling_config_path

CONFIG = parse_config(labeling_config_path().read_text(encoding="utf-8"))
DATA = Path(__file__).parent / "data"
DOCS = [json.loads(line) for name in ("e2e_expected.jsonl", "small_expected.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()] + schemas.load("document")["examples"]


@pytest.mark.parametrize("doc", DOCS, ids=[f"{d['id']}-{i}" for i, d in enumerate(DOCS)])
def test_round_trip_gives_back_the_layers(doc: dict) -> None:
    parsed = results_to_layers(layers_to_results(doc, CONFIG), doc["text"], CONFIG)
    assert parsed.problems == [] and parsed.repairs == []
    assert {k: parsed.layers[k] for k in schemas.LAYERS} == {k: doc[k] for k in schemas.LAYERS}


def test_result_shape() -> None:
    ex = schemas.load("document")["examples"][0]
    res = layers_to_results(ex, CONFIG)
    assert res[0] == {"id": "e1", "from_name": "entity", "to_name": "text", "type": "labels", "origin": "manual",
                      "value": {"start": 0, "end": 7, "text": "Reuters", "labels": ["MEDIA"]}}
    assert {"from_id": "c1", "to_id": "s1", "type": "relation", "direction": "right", "labels": []} in res
    assert res[-1]["from_name"] == "author_stance" and res[-1]["warclaims_id"] == "t1"


def test_notes_go_into_the_notes_area_and_come_back() -> None:
    ex = json.loads(json.dumps(schemas.load("document")["examples"][0]))
    ex["meta"]["annotation"]["notes"] = ["is 'the monitor' named? (synthetic test note)", "second note"]
    res = layers_to_results(ex, CONFIG)
    assert res[-1] == {"id": "warclaims-notes", "from_name": "notes", "to_name": "text", "type": "textarea", "origin": "manual",
                       "value": {"text": ["is 'the monitor' named? (synthetic test note)\nsecond note"]}}
    assert results_to_layers(res, ex["text"], CONFIG).notes == ex["meta"]["annotation"]["notes"]
    without = parse_config(re.sub(r"<TextArea [^>]*/>", "", CONFIG.xml))
    with pytest.raises(ConfigError, match="no notes <TextArea>"):
        layers_to_results(ex, without)


def test_missing_label_in_config_is_an_error() -> None:
    xml = CONFIG.xml.replace('<Label value="FAC" background="#808000" hotkey="7"/>', "")
    with pytest.raises(ConfigError, match="entities:FAC"):
        layers_to_results({"entities": [{"id": "f", "start": 0, "end": 1, "text": "x", "type": "FAC"}]}, parse_config(xml))


WORDS = ["Homs", "said", "Hezbollah", "😀", "reports", "حمص", "troops", "x"]


@st.composite
def documents(draw: st.DrawFn) -> dict:
    """Random valid layers over a random text: spans on word boundaries, links and stances between them."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    lab = schemas.labels()
    layers: dict = {k: [] for k in schemas.LAYERS}
    for i, w in enumerate(words):
        for layer in draw(st.lists(st.sampled_from(schemas.SPAN_LAYERS), unique=True, max_size=2)):
            item = {"id": f"{layer[:2]}{i}", "start": starts[i], "end": starts[i] + len(w), "text": w}
            if layer == "entities":
                item["type"] = draw(st.sampled_from(lab["entity_type"]))
            elif layer == "sources":
                item["kind"] = draw(st.sampled_from(lab["source_kind"]))
            elif layer == "claims":
                item.update(source_id=None, cue_id=None, quote=draw(st.sampled_from(lab["quote"])),
                            certainty=draw(st.sampled_from(lab["certainty"])))
            layers[layer].append(item)
    for claim in layers["claims"]:
        for fld, layer in (("source_id", "sources"), ("cue_id", "cues")):
            if layers[layer] and draw(st.booleans()):
                claim[fld] = draw(st.sampled_from(layers[layer]))["id"]
    ents = [e["id"] for e in layers["entities"]]
    holders = ["AUTHOR"] + ents + [s["id"] for s in layers["sources"]]
    pairs = set()
    for n in range(draw(st.integers(0, 4)) if ents else 0):
        pair = (draw(st.sampled_from(holders)), draw(st.sampled_from(ents)))
        if pair not in pairs:
            pairs.add(pair)
            layers["stances"].append({"id": f"t{n}", "holder_id": pair[0], "target_id": pair[1], "polarity": draw(st.sampled_from(lab["polarity"]))})
    return {"id": "synthetic-h", "text": text, **layers}


@settings(max_examples=150, deadline=None)
@given(documents())
def test_round_trip_property(doc: dict) -> None:
    parsed = results_to_layers(layers_to_results(doc, CONFIG), doc["text"], CONFIG)
    assert parsed.problems == []
    assert {k: parsed.layers[k] for k in schemas.LAYERS} == {k: doc[k] for k in schemas.LAYERS}

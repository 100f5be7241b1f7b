"""layers_to_results is the inverse of results_to_layers: Document layers survive the trip exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def test_missing_label_in_config_is_an_error() -> None:
    xml = CONFIG.xml.replace('<Label value="FAC" background="#808000" hotkey="7"/>', "")
    with pytest.raises(ConfigError, match="entities:FAC"):
        layers_to_results({"entities": [{"id": "f", "start": 0, "end": 1, "text": "x", "type": "FAC"}]}, parse_config(xml))

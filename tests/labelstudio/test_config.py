"""The labeling config: parsed from the XML, mapped to layers, hotkeys distinct, renames via mapping."""

from __future__ import annotations

import re

import pytest

from warclaims import schemas
from warclaims.labelstudio.config import ConfigError, SpanLabel, parse_config
from warclaims.paths import labeling_config_path

XML = labeling_config_path().read_text(encoding="utf-8")


def test_config_covers_every_schema_label() -> None:
    c = parse_config(XML)
    assert {s.type for s in c.spans.values() if s.layer == "entities"} == set(schemas.labels()["entity_type"])
    assert {s.layer for s in c.spans.values()} == set(schemas.SPAN_LAYERS)
    assert set(c.relations.values()) == set(schemas.labels()["polarity"])
    assert c.guidelines_version == "0.2.0" and XML.startswith("<!-- warclaims-guidelines: ")


def test_hotkeys_are_distinct_and_complete() -> None:
    tags = re.findall(r"<(Label|Choice) ([^>]*)>", XML)
    keys = [re.search(r'hotkey="([^"]+)"', attrs) for _, attrs in tags]
    assert all(keys), "every label and choice has a hotkey"
    values = [k.group(1) for k in keys if k]
    assert len(values) == len(set(values)) and "u" not in values  # u: Label Studio's unselect


def test_renamed_controls_work_through_a_mapping() -> None:
    xml = XML.replace('name="entity"', 'name="ner"').replace('value="PERSON"', 'value="Person"')
    with pytest.raises(ConfigError, match="has no mapping"):
        parse_config(xml)
    mapping = {"labels": {f"ner:{t}": f"entities:{t}" for t in schemas.labels()["entity_type"]} | {"ner:Person": "entities:PERSON"}}
    assert parse_config(xml, mapping).spans[("ner", "Person")] == SpanLabel("entities", "PERSON")


def test_renamed_choice_values_work_through_a_mapping() -> None:
    xml = XML.replace('value="hedged"', 'value="hedge"')
    with pytest.raises(ConfigError, match="'hedge' maps to 'hedge'"):
        parse_config(xml)
    c = parse_config(xml, {"choice_values": {"certainty:hedge": "hedged"}})
    assert c.choice_for("claims", "certainty", "hedged") == ("certainty", "hedge")


@pytest.mark.parametrize("xml, message", [
    ("<View>", "not well-formed"),
    ("<View/>", "exactly one named <Text>"),
    ('<View><Text name="t" value="$text"/><Choices name="quote" toName="t"><Choice value="direct"/></Choices></View>', "perRegion"),
    ('<View><Text name="t" value="$text"/><Relations><Relation value="likes"/></Relations></View>', "polarity"),
])
def test_bad_configs(xml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(xml)


def test_unknown_mapping_section() -> None:
    with pytest.raises(ConfigError, match="unknown section"):
        parse_config(XML, {"colours": {}})

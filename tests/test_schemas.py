"""The schema files are valid JSON Schema and agree with the typed records."""

from __future__ import annotations

from dataclasses import fields

import jsonschema
import pytest

from warclaims import records, schemas, validate


@pytest.mark.parametrize("name", sorted(schemas.SCHEMA_FILES))
def test_schema_is_valid_against_metaschema(name: str) -> None:
    schema = schemas.load(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(schemas.SCHEMA_FILES[name])
    assert schema["title"] and schema["examples"]


def _described(sub: dict, own: dict) -> bool:
    """A property is described directly or by the definition its $ref points to."""
    if "description" in sub:
        return True
    ref = sub.get("$ref", "")
    file, _, pointer = ref.partition("#/$defs/")
    target = own if not file else schemas.load(file.split(".")[0])
    return bool(pointer) and "description" in target["$defs"].get(pointer, {})


def _properties_without_description(node, own, path="$"):
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            if not _described(sub, own):
                yield f"{path}.{key}"
        for key, sub in node.items():
            if key != "examples":
                yield from _properties_without_description(sub, own, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties_without_description(sub, own, f"{path}[{i}]")


@pytest.mark.parametrize("name", sorted(schemas.SCHEMA_FILES))
def test_every_property_has_a_description(name: str) -> None:
    schema = schemas.load(name)
    assert list(_properties_without_description(schema, schema)) == []


@pytest.mark.parametrize("name", ["document", "submission"])
def test_examples_validate(name: str) -> None:
    for example in schemas.load(name)["examples"]:
        if name == "document":
            assert validate.check_document(example) == []
        else:
            text = schemas.load("document")["examples"][0]["text"]
            assert validate.check_submission(example, text) == []


def test_release_examples_validate() -> None:
    for example in schemas.load("release")["examples"]:
        assert validate.check_schema("release", example) == []


def test_layers_match_schema() -> None:
    doc = schemas.load("document")
    layer_props = [k for k in doc["properties"] if doc["properties"][k].get("type") == "array"]
    assert tuple(layer_props) == schemas.LAYERS == records.Layers.NAMES


@pytest.mark.parametrize("layer,defname", [("entities", "entity"), ("sources", "source"), ("cues", "cue"),
                                           ("claims", "claim"), ("stances", "stance")])
def test_record_fields_match_schema(layer: str, defname: str) -> None:
    item_cls = {"entities": records.Entity, "sources": records.Source, "cues": records.Cue,
                "claims": records.Claim, "stances": records.Stance}[layer]
    props = set(schemas.load("document")["$defs"][defname]["properties"])
    assert {f.name for f in fields(item_cls)} == props


def test_document_round_trip() -> None:
    example = schemas.load("document")["examples"][0]
    assert records.Document.from_dict(example).to_dict() == example


def test_labels_come_from_schema() -> None:
    assert schemas.labels()["entity_type"] == ("PERSON", "ORG", "ARMED_GROUP", "MEDIA", "GPE", "LOC", "FAC")
    assert schemas.labels()["polarity"] == ("support", "oppose", "neutral")

"""Task rows and features of the entities, claims and stances configs."""

from __future__ import annotations

import inspect
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims import schemas
from warclaims.dataset import features, layout, reader


def _doc() -> dict:
    return features.canonical(schemas.load("document")["examples"][0])


def test_ner_tag_names_from_schema() -> None:
    names = layout.ner_tag_names()
    assert names[0] == "O" and len(names) == 1 + 2 * len(schemas.labels()["entity_type"])
    assert layout.config_features("entities")["ner_tags"].feature.names == names


def test_entity_row_iob2() -> None:
    stats: Counter[str] = Counter()
    row = layout.entity_row(_doc(), stats)
    assert row["tokens"] == ["Reuters", "said", "Hezbollah", "sent", "troops", "."]
    names = layout.ner_tag_names()
    assert [names[t] for t in row["ner_tags"]] == ["B-MEDIA", "O", "B-ARMED_GROUP", "O", "O", "O"]
    assert row["token_start"][2] == 13 and row["token_end"][2] == 22
    assert stats == Counter(tagged=2)


def test_nested_and_misaligned_entities_are_counted() -> None:
    doc = _doc()
    doc["entities"].append({"id": "e3", "start": 13, "end": 17, "text": "Hezb", "type": "ORG"})
    doc["entities"].append({"id": "e4", "start": 0, "end": 12, "text": "Reuters said", "type": "ORG"})
    stats: Counter[str] = Counter()
    row = layout.entity_row(doc, stats)
    names = layout.ner_tag_names()
    assert [names[t] for t in row["ner_tags"]][:3] == ["B-ORG", "I-ORG", "B-ARMED_GROUP"]
    assert stats == Counter(tagged=2, nested_dropped=1, misaligned=1, no_token=1)


def test_claim_and_stance_rows_resolve_spans() -> None:
    doc = _doc()
    (claim,) = layout.claim_rows(doc)
    assert claim["source"]["text"] == "Reuters" and claim["cue"]["text"] == "said" and claim["doc_id"] == "example-1"
    assert schemas.labels()["quote"][claim["quote"]] == "indirect"
    (stance,) = layout.stance_rows(doc)
    assert stance["holder"]["layer"] == "author" and stance["target"]["text"] == "Hezbollah"
    assert schemas.labels()["polarity"][stance["polarity"]] == "neutral"


def test_features_cover_every_schema_property() -> None:
    feats = features.document_features()
    doc_schema = schemas.load("document")
    assert list(feats) == list(doc_schema["properties"])
    assert list(feats["meta"]) == list(doc_schema["$defs"]["meta"]["properties"])
    assert list(feats["meta"]["annotation"]) == list(doc_schema["$defs"]["annotation"]["properties"])
    assert list(feats["claims"].feature) == list(doc_schema["$defs"]["claim"]["properties"])


def test_extra_round_trips_as_json() -> None:
    doc = _doc()
    doc["meta"]["extra"] = {"b": [1, 2], "a": {"x": None}}
    row = features.to_row(doc)
    assert row["meta"]["extra"] == '{"a":{"x":null},"b":[1,2]}'
    assert features.from_row(row) == doc


def test_card_yaml_lists_configs_with_rows() -> None:
    import yaml

    files = [{"config": c, "split": s} for c in reader.CONFIGS if c != "stances" for s in ("train", "test")]
    header = yaml.safe_load(layout.card_yaml(files, "0.1.0").strip("-\n"))
    assert "stances" not in [c["config_name"] for c in header["configs"]]
    assert [c["config_name"] for c in header["configs"]] == ["documents", "entities", "claims", "inputs"]
    assert [c["config_name"] for c in header["dataset_info"]] == ["documents", "entities", "claims", "inputs"]
    assert header["configs"][1]["data_files"][1] == {"split": "test", "path": "data/entities/test.parquet"}


def test_tokenize_offsets_match_finditer() -> None:
    text = "Al-Manar: «rebels» took  Homs\u00a0city, 3 km away.\nAgain: Homs!"
    assert layout.tokenize(text) == [(m.group(), m.start(), m.end()) for m in layout.TOKEN_RE.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_token_columns_agree_with_the_pattern(text: str) -> None:
    tokens, starts, ends = layout.token_columns(text)
    matches = list(layout.TOKEN_RE.finditer(text))
    assert tokens == [m.group() for m in matches]
    assert starts == [m.start() for m in matches] and ends == [m.end() for m in matches]


def test_card_yaml_keys_are_the_hubs() -> None:
    """Every key of the header is one DatasetCardData knows (none lands in its catch-all kwargs
    except the Hub's own configs, dataset_info, license_name/link, tags and version), and the Hub
    keys the issue names are all present."""
    import yaml
    from huggingface_hub.repocard_data import DatasetCardData

    files = [{"config": c, "split": s, "rows": 3} for c in reader.CONFIGS for s in ("train", "test")]
    header = yaml.safe_load(layout.card_yaml(files, "0.2.1").strip("-\n"))
    card = DatasetCardData(**header)
    known = set(card.to_dict()) - {"configs", "dataset_info", "license_name", "license_link", "tags", "version"}
    named = set(inspect.signature(DatasetCardData.__init__).parameters)
    assert known <= named, known - named
    for key in ("configs", "dataset_info", "license", "license_name", "license_link", "annotations_creators",
                "language_creators", "source_datasets", "task_categories", "task_ids", "pretty_name", "size_categories"):
        assert header.get(key), key
    assert card.size_categories == ["n<1K"] and card.annotations_creators == ["machine-generated"]
    inputs = next(c for c in header["dataset_info"] if c["config_name"] == "inputs")
    meta = next(f for f in inputs["features"] if f["name"] == "meta")
    assert [f["name"] for f in inputs["features"]] == ["id", "text", "meta"]
    assert "annotation" not in [f["name"] for f in meta["struct"]]

"""The mapping file's adoption sections: checks with located errors, ignores, relation links, defaults,
task-data names and fallbacks (pure; the real-server examples are in test_adopt.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from warclaims.labelstudio.config import ConfigError, parse_config
from warclaims.labelstudio.convert import convert_export
from warclaims.labelstudio.mapping import Adoption, check_mapping, check_meta, task_fields
from warclaims.labelstudio.results import results_to_layers

from . import adopt_data as A

NER_XML = (A.NER / "config.xml").read_text(encoding="utf-8")
NER_MAPPING = json.loads((A.NER / "mapping.json").read_text(encoding="utf-8"))
ATTR_XML = (A.ATTRIBUTION / "config.xml").read_text(encoding="utf-8")
ATTR_MAPPING = json.loads((A.ATTRIBUTION / "mapping.json").read_text(encoding="utf-8"))
META = json.loads((A.NER / "meta.json").read_text(encoding="utf-8"))
TEXT = A.tasks(A.ATTRIBUTION)[0]["content"]


@pytest.mark.parametrize("mapping, path, message", [
    ([], "$", "must be a JSON object"),
    ({"colours": {}}, '$.colours', "unknown section"),
    ({"labels": ["x"]}, "$.labels", "must be an object"),
    ({"labels": {"ner:PER": 3}}, '$.labels["ner:PER"]', "non-empty string"),
    ({"defaults": {"claims.source_id": "s1"}}, '$.defaults["claims.source_id"]', "only these choices take a default"),
    ({"defaults": {"claims.quote": "verbatim"}}, '$.defaults["claims.quote"]', "'verbatim' is not one of: direct, indirect, mixed"),
    ({"task_data": {"body": "x"}}, '$.task_data["body"]', "unknown key"),
    ({"task_data": {"id": None}}, '$.task_data["id"]', "non-empty string"),
])
def test_mapping_problems_are_located(mapping: Any, path: str, message: str) -> None:
    found = check_mapping(mapping)
    assert [p for p, _, _ in found] == [path] and message in found[0][1]


def test_every_mapping_problem_is_collected_and_null_meta_is_allowed() -> None:
    found = check_mapping({"labels": {"a:b": ""}, "defaults": {"sources.kind": "x"}, "task_data": {"meta": None}})
    assert [p for p, _, _ in found] == ['$.labels["a:b"]', '$.defaults["sources.kind"]']
    with pytest.raises(ConfigError) as e:
        parse_config(NER_XML, {"labels": {"a:b": ""}, "defaults": {"sources.kind": "x"}})
    assert [(where, path) for where, path, _, _ in e.value.problems] == [("mapping", '$.labels["a:b"]'), ("mapping", '$.defaults["sources.kind"]')]


def test_config_problems_name_the_element_and_are_all_collected() -> None:
    with pytest.raises(ConfigError) as e:
        parse_config(NER_XML, {"labels": {"label:PER": "entities:PERSON", "label:ORG": "entities:COMPANY"}})
    assert [(w, p) for w, p, _, _ in e.value.problems] == [("mapping", '$.labels["label:ORG"]')]
    with pytest.raises(ConfigError) as e:
        parse_config(NER_XML, {"labels": {"label:PER": "entities:PERSON", "label:ORG": "entities:ORG"}})
    where = [(w, p) for w, p, _, _ in e.value.problems]
    assert where == [("config", f"<Labels name='label'>/<Label value={v!r}>") for v in ("LOC", "MISC", "event", "time")]
    assert "or to \"ignore\"" in e.value.problems[0][2]


@pytest.mark.parametrize("section, value", [("labels", "persons"), ("choices", "claims.source_id"), ("relations", "quotes")])
def test_mapping_targets_are_checked_even_for_labels_the_config_lacks(section: str, value: str) -> None:
    (found,) = check_mapping({section: {"x:y": value}})
    assert found[0] == f'$.{section}["x:y"]' and f"{value!r} is not one of" in found[1]


def test_ignored_labels_choices_and_relations_are_counted_not_dropped_silently() -> None:
    config = parse_config(ATTR_XML, ATTR_MAPPING)
    parsed = results_to_layers(A.attribution(TEXT), TEXT, config)
    assert parsed.problems == []
    assert parsed.ignored == {"regions span:topic": 1, "relations related": 2, "relations to an ignored region": 1, "choices relevance": 1}
    assert [c["id"] for c in parsed.layers["claims"]] == ["c1", "c2", "c3"]


def test_a_choice_on_an_ignored_region_is_counted() -> None:
    config = parse_config(ATTR_XML, ATTR_MAPPING)
    result = [A.span(TEXT, "t1", "strike", "topic"), A.quotation(TEXT, "t1", "strike", "direct")]
    parsed = results_to_layers(result, TEXT, config)
    assert (parsed.problems, parsed.ignored) == ([], {"regions span:topic": 1, "choices quotation on an ignored region": 1})


def test_a_relation_to_an_unknown_region_is_still_an_error() -> None:
    config = parse_config(ATTR_XML, ATTR_MAPPING)
    parsed = results_to_layers([A.span(TEXT, "c1", "said", "content"), A.relation("c1", "zz", "attributed_to")], TEXT, config)
    assert [p[:2] for p in parsed.problems] == [([1, "to_id"], "relation end 'zz' is not a region of this annotation")]


def test_a_link_relation_restricted_to_sources_rejects_a_cue() -> None:
    config = parse_config(ATTR_XML, {**ATTR_MAPPING, "relations": {"attributed_to": "source", "related": "ignore"}})
    result = [A.span(TEXT, "c1", "40 people were wounded in the strike", "content"), A.span(TEXT, "q1", "said", "cue"),
              A.relation("q1", "c1", "attributed_to")]
    parsed = results_to_layers(result, TEXT, config)
    assert [p[1] for p in parsed.problems] == ["relation 'attributed_to' must link a claim with one of: sources"]


def test_without_defaults_a_missing_choice_is_an_error_and_a_made_choice_is_kept() -> None:
    no_defaults = parse_config(ATTR_XML, {k: v for k, v in ATTR_MAPPING.items() if k != "defaults"})
    parsed = results_to_layers(A.attribution(TEXT), TEXT, no_defaults)
    assert any("has no certainty choice" in p[1] for p in parsed.problems)
    parsed = results_to_layers(A.attribution(TEXT), TEXT, parse_config(ATTR_XML, ATTR_MAPPING))
    assert [c["quote"] for c in parsed.layers["claims"]] == ["indirect", "direct", "indirect"]
    assert parsed.defaulted["claims.quote"] == ["c3"]


def test_task_fields_fallbacks() -> None:
    adopt = Adoption(text_field="sentence", meta=META)
    task = {"id": 7, "project": 3}
    assert task_fields({"sentence": "x"}, task, adopt, "sentence") == ("x", "ls-3-7", META, None)
    _, _, _, missing = task_fields({"sentence": "x"}, {"id": 7}, Adoption(), "sentence")
    assert missing is not None and "'doc_id'" in missing and "--meta FILE" in missing
    own = task_fields({"sentence": "x", "doc_id": "d1", "meta": {"source": "s"}}, task, adopt, "sentence")
    assert own[1:3] == ("d1", {"source": "s"})
    assert task_fields({"sentence": "x", "doc_id": 42}, task, adopt, "sentence")[1] == "42"
    assert "'doc_id'" in (task_fields({"sentence": "x", "doc_id": True}, task, adopt, "sentence")[3] or "")
    ignore_meta = Adoption(meta_field=None, meta=META)
    assert task_fields({"text": "x", "meta": "not an object"}, task, ignore_meta, "text")[2] == META


def test_text_field_comes_from_the_config_variable_unless_mapped() -> None:
    assert parse_config(NER_XML, NER_MAPPING).adopt.text_field == "sentence"
    assert parse_config(NER_XML, {**NER_MAPPING, "task_data": {"text": "body"}}).adopt.text_field == "body"


@pytest.mark.parametrize("meta, path, message", [
    ("x", "$", "must be a JSON object"),
    ({k: v for k, v in META.items() if k != "licence"}, "$", "'licence' is required"),
    ({**META, "synthetic": "yes"}, "$.synthetic", "expected boolean"),
    ({**META, "annotation": {}}, "$.annotation", "not a provenance field"),
])
def test_meta_file_problems_are_located(meta: Any, path: str, message: str) -> None:
    found = check_meta(meta)
    assert found and found[0][0] == path and message in found[0][1]
    assert all(not isinstance(value, dict) or "annotation" not in value for _, _, value in found)


def test_a_good_meta_file_has_no_problems() -> None:
    assert check_meta(META) == []


def test_rejected_tasks_count_their_annotations() -> None:
    config = parse_config(NER_XML, NER_MAPPING)
    text = A.tasks(A.NER)[0]["sentence"]
    tasks = [{"id": i, "project": 5, "data": {"sentence": text}, "annotations": [{"id": j, "completed_by": j + 1, "result": A.ner_first(text)} for j in range(3)]}
             for i in range(8)]
    conv = convert_export(tasks, source="x.json", config=config, guidelines_version="g", tool_version="t")
    s = conv.summary()
    assert (s["annotations"], s["annotations_in_rejected_tasks"], s["documents"], s["errors"]) == (24, 24, 0, 8)
    assert conv.problems[0].path == "$[0].data" and "(3 annotation(s) not converted)" in conv.problems[0].message
    with_meta = replace(config, adopt=replace(config.adopt, meta=META))
    ok = convert_export(tasks, source="x.json", config=with_meta, guidelines_version="g", tool_version="t")
    s = ok.summary()
    assert (s["annotations"], s["annotations_in_rejected_tasks"], s["documents"], s["ignored_regions"]) == (24, 0, 24, 48)
    assert s["annotations"] == s["documents"] + s["excluded_cancelled"] + s["annotations_with_errors"] + s["annotations_in_rejected_tasks"]

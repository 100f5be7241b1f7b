"""The ML backend protocol (warclaims.labelstudio.backend), pure: request and response shapes as
Label Studio 1.23.2 sends and reads them, what a config can show, located protocol errors.

A stub `predict` stands in for the fitted pipeline here (its layers are written out below, on a
synthetic sentence); test_backend_live.py runs the real pipeline against the real server."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import pytest

from warclaims.labelstudio.backend import Backend, ProtocolError, showable, text_key
from warclaims.labelstudio.config import ConfigError, parse_config
from warclaims.paths import labeling_config_path

TEXT = "Syria's army said 🙂 Hezbollah fighters left Qusayr."  # synthetic


def span(text: str, sid: str, piece: str, **extra: Any) -> dict[str, Any]:
    start = text.index(piece)
    return {"id": sid, "start": start, "end": start + len(piece), "text": piece, **extra}


def layers(text: str) -> dict[str, Any]:
    """Every layer on TEXT: two entities, a source, a cue, a claim linked to both, two stances."""
    return {
        "entities": [span(text, "e1", "Syria", type="GPE"), span(text, "e2", "Hezbollah", type="ARMED_GROUP")],
        "sources": [span(text, "s1", "Syria's army", kind="named")],
        "cues": [span(text, "q1", "said")],
        "claims": [span(text, "c1", "Hezbollah fighters left Qusayr", quote="indirect", certainty="asserted",
                        source_id="s1", cue_id="q1")],
        "stances": [{"id": "t1", "holder_id": "AUTHOR", "target_id": "e2", "polarity": "oppose"},
                    {"id": "t2", "holder_id": "s1", "target_id": "e2", "polarity": "oppose"}],
    }


def stub_predict(articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": a["id"], **layers(a["text"])} for a in articles]


FULL = labeling_config_path().read_text(encoding="utf-8")
ENTITIES_ONLY = """<View><Labels name="entity" toName="text"><Label value="GPE"/><Label value="PERSON"/></Labels>
<Text name="text" value="$body"/></View>"""
CLAIMS_NO_SOURCE = """<View><Labels name="attribution" toName="text"><Label value="CLAIM"/><Label value="CUE"/></Labels>
<Text name="text" value="$text"/></View>"""


def test_text_key_is_the_variable_of_the_one_text() -> None:
    assert text_key(FULL) == "text"
    assert text_key(ENTITIES_ONLY) == "body"
    for bad in ("<View/>", '<View><Text name="a" value="$a"/><Text name="b" value="$b"/></View>',
                '<View><Text name="a" value="plain"/></View>', "<View"):
        with pytest.raises(ConfigError):
            text_key(bad)


def test_the_full_config_shows_everything() -> None:
    sub = {"id": "x", **layers(TEXT)}
    shown, dropped = showable(sub, parse_config(FULL))
    assert dropped == {}
    assert {k: shown[k] for k in layers(TEXT)} == layers(TEXT)


def test_what_a_config_cannot_show_is_left_out_and_counted() -> None:
    shown, dropped = showable({"id": "x", **layers(TEXT)}, parse_config(ENTITIES_ONLY))
    assert [e["id"] for e in shown["entities"]] == ["e1"]
    assert shown["sources"] == shown["cues"] == shown["claims"] == shown["stances"] == []
    assert dropped == {"entities:ARMED_GROUP": 1, "sources": 1, "cues": 1, "claims": 1, "stances": 2}


def test_links_to_a_left_out_layer_are_cut_and_counted() -> None:
    shown, dropped = showable({"id": "x", **layers(TEXT)}, parse_config(CLAIMS_NO_SOURCE))
    claim = shown["claims"][0]
    assert claim["source_id"] is None and claim["cue_id"] == "q1"
    assert claim["quote"] is None and claim["certainty"] is None  # no Choices controls for them
    assert dropped["claims.source_id"] == 1 and dropped["claims.quote"] == 1 and dropped["claims.certainty"] == 1


def test_predict_answers_one_item_per_task_in_order_with_exact_offsets() -> None:
    backend = Backend(stub_predict, "stub@0.0.1")
    tasks = [{"id": 11, "data": {"body": TEXT}}, {"id": 12, "data": {}}, {"id": 13, "data": {"body": "Iran and " + TEXT}}]
    out, record = backend.predict_tasks({"tasks": tasks, "project": "1.1700000000", "label_config": ENTITIES_ONLY, "params": {}})
    assert len(out["results"]) == 3
    assert all(r["model_version"] == "stub@0.0.1" and r["score"] is None for r in out["results"])
    assert out["results"][1]["result"] == [] and record.no_text == [12]
    for task, item in zip(tasks, out["results"]):
        for r in item["result"]:
            assert task["data"]["body"][r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]
            assert r["to_name"] == "text" and r["from_name"] == "entity"
    assert record.regions == {11: 1, 13: 1}
    assert record.dropped[11]["stances"] == 2


def test_predict_with_the_full_config_gives_regions_choices_and_relations() -> None:
    out, record = Backend(stub_predict, "stub@0.0.1").predict_tasks({"tasks": [{"id": 1, "data": {"text": TEXT}}], "label_config": FULL})
    result = out["results"][0]["result"]
    kinds = sorted({r["type"] for r in result})
    assert kinds == ["choices", "labels", "relation"]
    assert record.regions == {1: 5} and record.dropped == {}


@pytest.mark.parametrize("body, message", [
    ([], "JSON object"),
    ({"tasks": {}}, "\"tasks\" list"),
    ({"tasks": []}, "no labeling config"),
    ({"tasks": [], "label_config": "<View>"}, "not usable"),
    ({"tasks": [1], "label_config": FULL}, "tasks[0] is not an object"),
])
def test_bad_predict_requests_are_protocol_errors(body: Any, message: str) -> None:
    with pytest.raises(ProtocolError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Backend(stub_predict, "v").predict_tasks(body)


def test_setup_answers_the_model_version_and_refuses_an_unusable_config() -> None:
    backend = Backend(stub_predict, "stub@0.0.1")
    body = {"project": "3.1700000000", "schema": FULL, "hostname": "http://localhost:8080", "access_token": "secret",
            "extra_params": None}
    assert backend.setup(body) == {"model_version": "stub@0.0.1"}
    with pytest.raises(ProtocolError, match="has no mapping"):
        backend.setup({**body, "schema": FULL.replace('value="PERSON"', 'value="EVENT"')})
    with pytest.raises(ProtocolError):
        backend.setup("not an object")


def test_health_versions_and_webhook() -> None:
    backend = Backend(stub_predict, "stub@0.0.1")
    assert backend.health()["status"] == "UP" and backend.health()["model_version"] == "stub@0.0.1"
    assert backend.versions() == {"versions": ["stub@0.0.1"]}
    answer = backend.webhook({"action": "ANNOTATION_CREATED", "annotation": {"id": 1}})
    assert answer["action"] == "ANNOTATION_CREATED" and answer["trained"] is False


def test_the_task_meta_reaches_the_pipeline() -> None:
    """The outlet (meta.source) is a stance feature: task data `meta` goes to predict, {} when absent or odd."""
    seen: list[Mapping[str, Any]] = []

    def spy(articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        seen.extend(articles)
        return stub_predict(articles)

    tasks = [{"id": 1, "data": {"text": TEXT, "meta": {"source": "SANA"}}}, {"id": 2, "data": {"text": TEXT, "meta": "x"}}]
    Backend(spy, "v").predict_tasks({"tasks": tasks, "label_config": FULL})
    assert [a["meta"] for a in seen] == [{"source": "SANA"}, {}]
    assert [a["id"] for a in seen] == ["ls-task-1", "ls-task-2"]

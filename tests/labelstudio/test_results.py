"""results_to_layers: one rule per test, on tiny hand-written result lists."""

from __future__ import annotations

from typing import Any

from warclaims.labelstudio.config import parse_config
from warclaims.labelstudio.results import results_to_layers
from warclaims.paths import labeling_config_path

CONFIG = parse_config(labeling_config_path().read_text(encoding="utf-8"))
TEXT = "Reuters said Hezbollah sent troops."


def lab(rid: str, s: int, e: int, label: str, control: str = "entity") -> dict[str, Any]:
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels", "value": {"start": s, "end": e, "text": TEXT[s:e], "labels": [label]}}


def ch(rid: str, control: str, value: str, **extra: Any) -> dict[str, Any]:
    return {"id": rid, "from_name": control, "to_name": "text", "type": "choices", "value": {"choices": [value]}, **extra}


def rel(a: str, b: str, *labels: str, direction: str = "right") -> dict[str, Any]:
    return {"from_id": a, "to_id": b, "type": "relation", "direction": direction, "labels": list(labels)}


CLAIM = [lab("C", 13, 34, "CLAIM", "attribution"), ch("C", "quote", "indirect"), ch("C", "certainty", "hedged")]
SOURCE = [lab("S", 0, 7, "SOURCE", "attribution"), ch("S", "source_kind", "named")]
CUE = [lab("Q", 8, 12, "CUE", "attribution")]


def messages(result: list[dict[str, Any]]) -> list[str]:
    return [m for _, m, _ in results_to_layers(result, TEXT, CONFIG).problems]


def test_choices_join_their_region_by_id() -> None:
    layers = results_to_layers(CLAIM + SOURCE, TEXT, CONFIG).layers
    assert (layers["claims"][0]["quote"], layers["claims"][0]["certainty"], layers["sources"][0]["kind"]) == ("indirect", "hedged", "named")


def test_choice_without_its_region_is_an_error() -> None:
    assert messages([ch("nope", "quote", "direct")]) == ["quote choice has no claims region with id 'nope'"]


def test_choice_on_a_region_of_another_layer_is_an_error() -> None:
    assert "quote choice has no claims region with id 'E'" in messages([lab("E", 13, 22, "ARMED_GROUP"), ch("E", "quote", "direct")])


def test_choice_value_not_in_config_is_an_error() -> None:
    assert any("quote needs exactly one of" in m for m in messages([*CLAIM[:1], ch("C", "quote", "verbatim"), CLAIM[2]]))


def test_claim_without_quote_is_an_error() -> None:
    assert messages([CLAIM[0], CLAIM[2]]) == ["claim region 'C' has no quote choice"]


def test_label_not_in_config_is_an_error() -> None:
    assert messages([lab("X", 0, 7, "NEWSPAPER")]) == ["label 'NEWSPAPER' of control 'entity' is not in the labeling config"]


def test_unknown_result_type_is_an_error() -> None:
    assert messages([{"type": "rating", "from_name": "stars", "value": {"rating": 3}}]) == ["unsupported result type 'rating'"]


def test_notes_area_lines_become_notes_in_order_blank_ones_left_out() -> None:
    notes = {"id": "n", "from_name": "notes", "to_name": "text", "type": "textarea",
             "value": {"text": ["  first case \n\nsecond case\n", "", "third"]}}
    parsed = results_to_layers(CUE + [notes], TEXT, CONFIG)
    assert parsed.problems == [] and parsed.notes == ["first case", "second case", "third"]
    assert results_to_layers(CUE, TEXT, CONFIG).notes == []


def test_text_area_that_is_not_a_notes_area_is_an_error() -> None:
    assert messages([{"type": "textarea", "from_name": "note", "value": {"text": ["x"]}}]) == [
        "text area 'note' is not a per-annotation notes area of the labeling config"]
    assert messages([{"type": "textarea", "from_name": "notes", "value": {"text": [1]}}]) == [
        "notes text must be a string or a list of strings"]


def test_claim_links_are_direction_insensitive() -> None:
    for links in ([rel("C", "S"), rel("C", "Q")], [rel("S", "C"), rel("Q", "C", direction="left")]):
        claim = results_to_layers(CLAIM + SOURCE + CUE + links, TEXT, CONFIG).layers["claims"][0]
        assert (claim["source_id"], claim["cue_id"]) == ("S", "Q")


def test_dangling_relation_is_an_error() -> None:
    assert messages(CLAIM + [rel("C", "gone")]) == ["relation end 'gone' is not a region of this annotation"]


def test_unlabelled_relation_between_entities_is_an_error() -> None:
    found = messages([lab("A", 0, 7, "MEDIA"), lab("B", 13, 22, "ARMED_GROUP"), rel("A", "B")])
    assert found == ["an unlabelled relation must link a claim with a source or a cue"]


def test_claim_with_two_sources_is_an_error() -> None:
    found = messages(CLAIM + SOURCE + [lab("S2", 13, 22, "SOURCE", "attribution"), ch("S2", "source_kind", "named"), rel("C", "S"), rel("C", "S2")])
    assert found == ["claim 'C' is linked to two sources"]


def test_stance_relation_direction_and_polarity() -> None:
    base = [lab("A", 0, 7, "MEDIA"), lab("B", 13, 22, "ARMED_GROUP")]
    st = results_to_layers(base + [rel("B", "A", "oppose", direction="left")], TEXT, CONFIG).layers["stances"]
    assert st == [{"id": "st.A.B", "holder_id": "A", "target_id": "B", "polarity": "oppose"}]


def test_stance_toward_a_non_entity_is_an_error() -> None:
    assert messages(CLAIM + [lab("A", 0, 7, "MEDIA"), rel("A", "C", "support")]) == ["a stance relation must point from an entity or source to an entity"]


def test_author_stance_choice_keeps_stored_id() -> None:
    st = results_to_layers([lab("B", 13, 22, "ARMED_GROUP"), ch("B", "author_stance", "support", warclaims_id="t7")], TEXT, CONFIG).layers["stances"]
    assert st == [{"id": "t7", "holder_id": "AUTHOR", "target_id": "B", "polarity": "support"}]


def test_dual_label_region_splits_into_two_items() -> None:
    layers = results_to_layers([lab("R", 0, 7, "MEDIA"), *SOURCE[:1], lab("R", 0, 7, "SOURCE", "attribution"), ch("R", "source_kind", "named")],
                               TEXT, CONFIG).layers
    assert [e["id"] for e in layers["entities"]] == ["R"]
    assert [(s["id"], s["kind"]) for s in layers["sources"]] == [("R.sources", "named")]


def test_region_with_two_labels_in_one_control_is_an_error() -> None:
    r = lab("A", 0, 7, "MEDIA")
    r["value"]["labels"] = ["MEDIA", "ORG"]
    assert messages([r]) == ["a region must carry exactly one label per Labels control"]


def test_offsets_disagreeing_with_text_are_an_error() -> None:
    r = lab("A", 0, 7, "MEDIA")
    r["value"]["text"] = "Reuterz"
    assert messages([r]) == ["region text 'Reuterz' differs from text[0:7] = 'Reuters'"]


def test_author_region_id_is_rejected() -> None:
    assert messages([lab("AUTHOR", 0, 7, "MEDIA")]) == ["region id must be a non-empty string other than AUTHOR"]

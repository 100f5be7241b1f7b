"""From a mouse drag to a dataset record: an annotator labels in the real Label Studio UI, then
`warclaims ls pull` + `ls convert` + `validate` must give exactly the expected Documents.

Two fresh tasks: the seed article (every layer, with the screenshots for GUIDELINES.md written to
annotation/images/) and a synthetic text (marked synthetic) with Arabic and non-BMP emoji before
the spans, so code-point offsets are proven through the browser's UTF-16 selection.

Expected offsets are written out by hand (and checked against the text below) rather than
computed by the code under test. Region ids are made by the browser at random: the comparison
renames them by position (`canonical`), so every link between layers is still compared exactly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from warclaims import schemas
from warclaims.cli import cli

from .config_facts import hotkeys
from .pages import LabelingPage, login
from .pictures import store

REPO = Path(__file__).resolve().parents[2]
IMAGES = REPO / "annotation" / "images"
PROJECT = "WarClaims browser"
pytestmark = [pytest.mark.browser, pytest.mark.labelstudio, pytest.mark.slow]

SYNTHETIC_TEXT = "ملخص 📰: قالت مصادر إن القتال اشتد في حمص 🔥\nWitnesses 👀 said Hezbollah fighters entered Qusayr 🇸🇾 on Monday."
SYNTHETIC = {"id": "synthetic-browser-bidi", "text": SYNTHETIC_TEXT,
             "meta": {"title": None, "source": "synthetic", "url": None, "published": None, "licence": "CC0-1.0",
                      "corpus": "synthetic", "synthetic": True, "story": None, "language": "en",
                      "extra": {"purpose": "browser test: Arabic and non-BMP emoji before the spans"}}}


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def seed_article() -> dict[str, Any]:
    for line in (REPO / "annotation" / "articles" / "pilot.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if article["id"] == "seed-homs-2024":
            return article
    raise AssertionError("seed-homs-2024 missing from annotation/articles/pilot.jsonl")


@pytest.fixture(scope="module")
def project(label_studio: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The project made and filled through the CLI: `ls setup` + `ls import` (seed + synthetic)."""
    return make_project(label_studio, tmp_path_factory.mktemp("browser"), PROJECT)


def make_project(label_studio: Any, folder: Path, title: str) -> dict[str, Any]:
    """Project `title` made through the CLI with the seed and the synthetic text as tasks: its id,
    task ids by doc id, server options, the config's hotkeys and the texts."""
    articles = folder / "articles.jsonl"
    articles.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in (seed_article(), SYNTHETIC)), encoding="utf-8")
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", title]
    setup = run("ls", "setup", *srv, "--json")
    assert setup.exit_code == 0, setup.output
    imported = run("ls", "import", *srv, str(articles), "--json")
    assert imported.exit_code == 0, imported.output
    from warclaims.labelstudio import ops

    pid = json.loads(setup.output)["project_id"]
    tasks = {d: t["id"] for d, t in ops.tasks_by_doc_id(label_studio.api, pid).items()}
    xml = (REPO / "annotation" / "labeling_config.xml").read_text(encoding="utf-8")
    return {"id": pid, "tasks": tasks, "srv": srv, "hotkeys": hotkeys(xml), "texts": {"seed-homs-2024": seed_article()["text"],
                                                                                      SYNTHETIC["id"]: SYNTHETIC_TEXT}}


def open_task(ui: Any, annotator: Any, project: dict[str, Any], doc_id: str) -> LabelingPage:
    """Log in through the form and open the document's task."""
    login(ui.page, ui.url, annotator.email, annotator.password)
    return LabelingPage(ui.page, project["tasks"][doc_id], project["texts"][doc_id], project["hotkeys"]).open(ui.url, project["id"])


def pull_convert_validate(project: dict[str, Any], out: Path) -> dict[str, dict[str, Any]]:
    """`ls pull` + `ls convert` + `validate`, as a maintainer runs them; Documents by doc id."""
    pulled = run("ls", "pull", *project["srv"], "--out", str(out), "--json")
    assert pulled.exit_code == 0, pulled.output
    export = out / json.loads(pulled.output)["exports"][0]["file"]
    docs_path = out / "docs.jsonl"
    converted = run("ls", "convert", str(export), "--out", str(docs_path), "--json")
    report = json.loads(converted.output)
    assert converted.exit_code == 0 and report["problems"] == [] and report["repairs"] == [], converted.output
    validated = run("validate", str(docs_path))
    assert validated.exit_code == 0, validated.output
    docs = [json.loads(line) for line in docs_path.read_text(encoding="utf-8").splitlines()]
    assert len({d["id"] for d in docs}) == len(docs), "one annotation per task expected"
    return {d["id"]: d for d in docs}


_PREFIX = {"entities": "e", "sources": "s", "cues": "q", "claims": "c"}


def canonical(doc: dict[str, Any], task_id: int, annotator: str) -> dict[str, Any]:
    """`doc` with browser-made region ids renamed by position and server-made values checked,
    then replaced by placeholders; everything else is left exactly as converted."""
    doc = json.loads(json.dumps(doc))
    rename: dict[str, str] = {}
    for layer in schemas.SPAN_LAYERS:
        for k, item in enumerate(sorted(doc[layer], key=lambda i: (i["start"], i["end"])), 1):
            rename[item["id"]] = f"{_PREFIX[layer]}{k}"
    for layer in schemas.SPAN_LAYERS:
        for item in doc[layer]:
            item["id"] = rename[item["id"]]
            for ref in ("source_id", "cue_id"):
                if item.get(ref) is not None:
                    item[ref] = rename[item[ref]]
        doc[layer].sort(key=lambda i: i["id"])
    for st in doc["stances"]:
        st["holder_id"] = rename.get(st["holder_id"], st["holder_id"])
        st["target_id"] = rename[st["target_id"]]
        st["id"] = ".".join(rename.get(part, part) for part in st["id"].split("."))
    doc["stances"].sort(key=lambda s: s["id"])
    ann = doc["meta"]["annotation"]
    assert re.fullmatch(r"[0-9a-f-]{36}", ann["annotation_ids"][0]) and len(ann["annotation_ids"]) == 1, ann["annotation_ids"]
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", ann[k]) for k in ("created_at", "updated_at")), ann
    assert isinstance(ann["lead_time"], (int, float)) and ann["lead_time"] > 0, ann["lead_time"]
    assert ann["task_id"] == task_id and ann["annotators"] == [annotator], ann
    ann.update(annotation_ids=["<unique_id>"], created_at="<timestamp>", updated_at="<timestamp>", lead_time="<seconds>")
    return doc


def annotation_meta(annotator: str, task_id: int) -> dict[str, Any]:
    return {"annotators": [annotator], "annotation_ids": ["<unique_id>"], "guidelines_version": "0.2.0",
            "tool_version": "label-studio 1.23.2", "pass": "first", "adjudication": "none", "pre_annotated_by": None,
            "task_id": task_id, "ground_truth": False, "created_at": "<timestamp>", "updated_at": "<timestamp>",
            "lead_time": "<seconds>", "origin": "label-studio"}


def sp(text: str, start: int, end: int, expected: str) -> dict[str, Any]:
    """A hand-written span, checked against the text so a typo in the test cannot pass."""
    assert text[start:end] == expected, (start, end, text[start:end], expected)
    return {"start": start, "end": end, "text": expected}


def test_seed_article_every_layer_from_the_ui(ui: Any, annotator: Any, project: dict[str, Any], tmp_path: Path) -> None:
    """Entities, a claim with source and cue, a claim without source, a stance relation and the
    outlet's stance, all by hotkeys, drags and panel clicks; pictures for the guidelines."""
    doc_id = "seed-homs-2024"
    lp = open_task(ui, annotator, project, doc_id)
    T = lp.text
    homs = lp.label_span("entity", "GPE", 47, 51)
    hez1 = lp.label_span("entity", "ARMED_GROUP", 114, 123)
    hez2 = lp.label_span("entity", "ARMED_GROUP", 240, 249)
    sgf = lp.label_span("entity", "ARMED_GROUP", 289, 313)
    lp.label_span("entity", "GPE", 377, 381)
    assert homs.text == "Homs" and sgf.text == "Syrian government forces"
    lp.scroll_to(0)
    store(lp.picture(), IMAGES / "ui-entities.png")

    # Stance between actors: "Hezbollah is reinforcing its presence to support Syrian government forces".
    lp.relate(hez2, sgf)
    lp.label_relation(0, "support")
    lp.scroll_to(0)
    lp.show_tab("Relations")
    store(lp.picture(), IMAGES / "ui-stance-relation.png")
    lp.show_tab("Regions")

    # The outlet's own stance on the first mention of a main actor (one by click, one by hotkey).
    lp.choose_by_click(hez1, "neutral")
    lp.choose_by_hotkey(sgf, "author_stance", "neutral")
    lp.select(hez1)
    lp.scroll_to(0)
    store(lp.picture(), IMAGES / "ui-author-stance.png")

    # "reports from Reuters suggest that Hezbollah has dispatched “surveillance troops” ..."
    reuters = lp.label_span("attribution", "SOURCE", 2153, 2160)
    suggest = lp.label_span("attribution", "CUE", 2161, 2168)
    claim = lp.label_span("attribution", "CLAIM", 2174, 2253)
    lp.choose_by_hotkey(claim, "quote", "mixed")
    lp.choose_by_hotkey(claim, "certainty", "hedged")
    lp.choose_by_click(reuters, "named")
    lp.relate(claim, reuters)
    lp.relate(suggest, claim)  # direction does not matter for claim links (GUIDELINES.md, section 3)
    lp.select(claim)
    store(lp.picture(), IMAGES / "ui-attribution.png")
    lp.select(reuters)
    store(lp.picture(), IMAGES / "ui-source-kind.png")

    # "Hezbollah is reportedly reinforcing its position in Homs": no source, the cue inside the claim.
    reportedly = lp.label_span("attribution", "CUE", 1443, 1453)
    claim2 = lp.label_span("attribution", "CLAIM", 1430, 1486)
    lp.choose_by_click(claim2, "indirect")
    lp.choose_by_click(claim2, "hedged")
    lp.relate(claim2, reportedly)
    lp.submit()

    docs = pull_convert_validate(project, tmp_path / "exports")
    task_id = project["tasks"][doc_id]
    article = seed_article()
    expected = {
        "id": doc_id, "text": T, "meta": {**article["meta"], "annotation": annotation_meta(annotator.email, task_id)},
        "entities": [{"id": "e1", **sp(T, 47, 51, "Homs"), "type": "GPE"},
                     {"id": "e2", **sp(T, 114, 123, "Hezbollah"), "type": "ARMED_GROUP"},
                     {"id": "e3", **sp(T, 240, 249, "Hezbollah"), "type": "ARMED_GROUP"},
                     {"id": "e4", **sp(T, 289, 313, "Syrian government forces"), "type": "ARMED_GROUP"},
                     {"id": "e5", **sp(T, 377, 381, "Iran"), "type": "GPE"}],
        "sources": [{"id": "s1", **sp(T, 2153, 2160, "Reuters"), "kind": "named"}],
        "cues": [{"id": "q1", **sp(T, 1443, 1453, "reportedly")},
                 {"id": "q2", **sp(T, 2161, 2168, "suggest")}],
        "claims": [{"id": "c1", **sp(T, 1430, 1486, "Hezbollah is reportedly reinforcing its position in Homs"),
                    "source_id": None, "cue_id": "q1", "quote": "indirect", "certainty": "hedged"},
                   {"id": "c2", **sp(T, 2174, 2253, "Hezbollah has dispatched “surveillance troops” to Homs to assist Assad’s forces"),
                    "source_id": "s1", "cue_id": "q2", "quote": "mixed", "certainty": "hedged"}],
        "stances": [{"id": "st.AUTHOR.e2", "holder_id": "AUTHOR", "target_id": "e2", "polarity": "neutral"},
                    {"id": "st.AUTHOR.e4", "holder_id": "AUTHOR", "target_id": "e4", "polarity": "neutral"},
                    {"id": "st.e3.e4", "holder_id": "e3", "target_id": "e4", "polarity": "support"}],
    }
    assert doc_id in docs, f"no Document for {doc_id}; got {sorted(docs)}"
    assert canonical(docs[doc_id], task_id, annotator.email) == expected


def test_synthetic_arabic_and_emoji_before_the_spans(ui: Any, annotator: Any, project: dict[str, Any], tmp_path: Path) -> None:
    """Arabic (right to left) and emoji outside the BMP (two UTF-16 units each) come before every
    span: the browser selects in UTF-16 and the record must hold code points."""
    doc_id = SYNTHETIC["id"]
    lp = open_task(ui, annotator, project, doc_id)
    T = lp.text
    assert len(T) < len(T.encode("utf-16-le")) // 2, "the text must hold non-BMP characters"
    lp.label_span("entity", "GPE", 37, 40)
    hez = lp.label_span("entity", "ARMED_GROUP", 60, 69)
    lp.label_span("entity", "GPE", 87, 93)
    witnesses = lp.label_span("attribution", "SOURCE", 43, 52)
    said = lp.label_span("attribution", "CUE", 55, 59)
    claim = lp.label_span("attribution", "CLAIM", 60, 93)
    lp.choose_by_hotkey(witnesses, "source_kind", "unspecified")
    lp.choose_by_hotkey(claim, "quote", "indirect")
    lp.choose_by_hotkey(claim, "certainty", "asserted")
    lp.choose_by_hotkey(hez, "author_stance", "oppose")
    lp.relate(claim, witnesses)
    lp.relate(claim, said)
    lp.submit()

    docs = pull_convert_validate(project, tmp_path / "exports")
    task_id = project["tasks"][doc_id]
    expected = {
        "id": doc_id, "text": T, "meta": {**SYNTHETIC["meta"], "annotation": annotation_meta(annotator.email, task_id)},
        "entities": [{"id": "e1", **sp(T, 37, 40, "حمص"), "type": "GPE"},
                     {"id": "e2", **sp(T, 60, 69, "Hezbollah"), "type": "ARMED_GROUP"},
                     {"id": "e3", **sp(T, 87, 93, "Qusayr"), "type": "GPE"}],
        "sources": [{"id": "s1", **sp(T, 43, 52, "Witnesses"), "kind": "unspecified"}],
        "cues": [{"id": "q1", **sp(T, 55, 59, "said")}],
        "claims": [{"id": "c1", **sp(T, 60, 93, "Hezbollah fighters entered Qusayr"), "source_id": "s1", "cue_id": "q1",
                    "quote": "indirect", "certainty": "asserted"}],
        "stances": [{"id": "st.AUTHOR.e2", "holder_id": "AUTHOR", "target_id": "e2", "polarity": "oppose"}],
    }
    assert doc_id in docs, f"no Document for {doc_id}; got {sorted(docs)}"
    got = canonical(docs[doc_id], task_id, annotator.email)
    assert got["meta"]["synthetic"] is True and got["meta"]["corpus"] == "synthetic"
    assert got == expected

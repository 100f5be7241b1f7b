"""Hygiene of annotation/labeling_config.xml, checked without a browser (fast, always run).

- every Label and Choice has a hotkey; no two collide; none shadows a hotkey of the editor itself;
  the Header's hotkey hints agree with the real hotkeys;
- every label, choice and relation value is defined in GUIDELINES.md and known to the converter's
  mapping (`warclaims.labelstudio.config.parse_config`);
- every field of every schema layer can be produced from the UI: a span label per span layer and
  entity type, a per-region choice per attribute value (visible when a region of that layer is
  selected), relations for claim links, relation labels and AUTHOR choices for each polarity.
  `unproducible()` lists what cannot be produced; it is tested on broken configs too, so the check
  itself can fail.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pytest

from warclaims import schemas
from warclaims.labelstudio.config import ConfigError, ProjectConfig, parse_config

from .config_facts import builtin_hotkeys, hotkeys, normalise_key, visibility_conditions

REPO = Path(__file__).resolve().parents[2]
CONFIG = (REPO / "annotation" / "labeling_config.xml").read_text(encoding="utf-8")
GUIDELINES = (REPO / "annotation" / "GUIDELINES.md").read_text(encoding="utf-8")


def ls_site_packages() -> Path | None:
    """site-packages of the Label Studio venv (.venv-ls or $WARCLAIMS_LABEL_STUDIO), if installed."""
    from warclaims.labelstudio.server import ServerError, label_studio_executable

    try:
        exe = label_studio_executable()
    except ServerError:
        return None
    found = sorted(exe.resolve().parent.parent.glob("lib/python*/site-packages"))
    return found[0] if found else None


def defined_terms(markdown: str) -> set[str]:
    """Words the guidelines define: inside `code` (also `field=value`), **bold**, or a heading."""
    terms: set[str] = set()
    for chunk in re.findall(r"`([^`]+)`", markdown) + re.findall(r"\*\*([^*]+)\*\*", markdown):
        terms.update(re.split(r"[=\s,]+", chunk))
    for heading in re.findall(r"^#+ (.*)$", markdown, re.M):
        terms.update(re.split(r"[\s,():]+", heading))
    return terms - {""}


def config_values(xml: str) -> dict[str, list[str]]:
    """Every value a person can pick: Label, Choice and Relation values, by kind."""
    root = ET.fromstring(xml)
    return {"label": [e.get("value", "") for e in root.iter("Label")],
            "choice": [e.get("value", "") for e in root.iter("Choice")],
            "relation": [e.get("value", "") for e in root.iter("Relation")]}


def _try(check: Callable[[], Any]) -> bool:
    try:
        check()
    except ConfigError:
        return False
    return True


def unproducible(xml: str) -> list[str]:
    """Schema fields (and label values) the config cannot produce from the UI, as 'layer.field[=value]'.

    Fails on a schema field it does not know, so a new field in the contract needs a rule here.
    """
    config = parse_config(xml)
    root = ET.fromstring(xml)
    lab = schemas.labels()
    has_relations = any(True for _ in root.iter("Relations"))
    visible = visibility_conditions(xml)
    missing: list[str] = []

    def span(layer: str, type_: str | None = None) -> bool:
        return _try(lambda: config.span_for(layer, type_))

    def choice(layer: str, fld: str, values: tuple[str, ...]) -> list[str]:
        controls = [c for c, target in config.choices.items() if target == (layer, fld)]
        offered = {canon for c in controls for canon in config.choice_values[c].values()}
        out = [f"{layer}.{fld}={v}" for v in values if v not in offered]
        for control in controls:
            if not _shown_for(config, visible.get(control, {}), layer):
                out.append(f"{layer}.{fld} (choices {control!r} are not shown when a {layer} region is selected)")
        return out

    rules: dict[str, dict[str, Callable[[], list[str]]]] = {
        "entity": {"id": lambda: [], "start": lambda: [], "end": lambda: [], "text": lambda: [],
                   "type": lambda: [f"entities.type={t}" for t in lab["entity_type"] if not span("entities", t)]},
        "source": {"id": lambda: [], "start": lambda: [], "end": lambda: [], "text": lambda: [] if span("sources") else ["sources"],
                   "kind": lambda: choice("sources", "kind", lab["source_kind"])},
        "cue": {"id": lambda: [], "start": lambda: [], "end": lambda: [], "text": lambda: [] if span("cues") else ["cues"]},
        "claim": {"id": lambda: [], "start": lambda: [], "end": lambda: [], "text": lambda: [] if span("claims") else ["claims"],
                  "source_id": lambda: [] if has_relations else ["claims.source_id (no <Relations>)"],
                  "cue_id": lambda: [] if has_relations else ["claims.cue_id (no <Relations>)"],
                  "quote": lambda: choice("claims", "quote", lab["quote"]),
                  "certainty": lambda: choice("claims", "certainty", lab["certainty"])},
        "stance": {"id": lambda: [],
                   "holder_id": lambda: ([] if has_relations else ["stances.holder_id (no <Relations>)"])
                   + choice("entities", "author_stance", lab["polarity"]),
                   "target_id": lambda: [] if span("entities", lab["entity_type"][0]) else ["stances.target_id"],
                   "polarity": lambda: [f"stances.polarity={p} (relation label)" for p in lab["polarity"]
                                        if not _try(lambda p=p: config.relation_label(p))]},
    }
    defs = schemas.load("document")["$defs"]
    for item, fields in rules.items():
        unknown = set(defs[item]["properties"]) - set(fields)
        assert not unknown, f"schema {item} has field(s) {sorted(unknown)} with no rule in unproducible(): add one"
        for check in fields.values():
            missing += check()
    return missing


def _shown_for(config: ProjectConfig, cond: dict[str, str], layer: str) -> bool:
    """Whether a View with these visibleWhen attributes is shown when a region of `layer` is selected."""
    if cond.get("visibleWhen") != "region-selected":
        return False
    tag, label = cond.get("whenTagName"), cond.get("whenLabelValue")
    targets = [t for (control, value), t in config.spans.items() if control == tag and (label is None or value == label)]
    return bool(targets) and all(t.layer == layer for t in targets)


# -- hotkeys ----------------------------------------------------------------------------------------

def test_every_label_and_choice_has_a_hotkey() -> None:
    missing = [f"{control}:{value}" for (control, value), key in hotkeys(CONFIG).items() if not key]
    assert not missing, f"no hotkey for: {', '.join(missing)}"


def test_hotkeys_are_unique() -> None:
    keys = Counter(normalise_key(k) for k in hotkeys(CONFIG).values() if k)
    clashes = {k: [f"{c}:{v}" for (c, v), key in hotkeys(CONFIG).items() if key and normalise_key(key) == k]
               for k, n in keys.items() if n > 1}
    assert not clashes, f"hotkeys used twice: {clashes}"


def test_hotkeys_do_not_shadow_the_editors_own() -> None:
    builtin = {normalise_key(k): action for action, keys in builtin_hotkeys(ls_site_packages()).items() for k in keys.split(",")}
    shadowed = {f"{c}:{v}": f"{key} = {builtin[normalise_key(key)]}" for (c, v), key in hotkeys(CONFIG).items()
                if key and normalise_key(key) in builtin}
    assert not shadowed, f"config hotkeys that the editor already uses: {shadowed}"


def test_header_hints_match_the_hotkeys() -> None:
    keys = {value: key for (_, value), key in hotkeys(CONFIG).items()}
    hints = [(key, value) for header in ET.fromstring(CONFIG).iter("Header")
             for key, value in re.findall(r"\b(\w) ([A-Z_]{3,})\b", header.get("value", ""))]
    wrong = [f"{value}: header says {key!r}, config says {keys.get(value)!r}" for key, value in hints if keys.get(value) != key]
    assert not wrong, "; ".join(wrong)


def test_shadow_check_finds_a_builtin_clash() -> None:
    broken = CONFIG.replace('value="CUE" background="#469990" hotkey="0"', 'value="CUE" background="#469990" hotkey="u"')
    assert broken != CONFIG
    builtin = {normalise_key(k) for keys in builtin_hotkeys(None).values() for k in keys.split(",")}
    assert normalise_key(hotkeys(broken)[("attribution", "CUE")] or "") in builtin


# -- definitions and mapping -------------------------------------------------------------------------

def test_every_value_is_defined_in_the_guidelines() -> None:
    terms = defined_terms(GUIDELINES)
    undefined = {kind: [v for v in values if v not in terms] for kind, values in config_values(CONFIG).items()}
    assert not any(undefined.values()), f"not defined in GUIDELINES.md (as `code`, **bold** or heading): {undefined}"


def test_guideline_terms_are_not_found_by_accident() -> None:
    assert "Hezbollah" not in defined_terms(GUIDELINES)  # plain prose is not a definition
    assert {"PERSON", "hedged", "named"} <= defined_terms("`PERSON`, `certainty=hedged`, **named**")


def test_every_value_is_known_to_the_converter_mapping() -> None:
    config = parse_config(CONFIG)
    values = config_values(CONFIG)
    labels = {value for _, value in config.spans}
    choices = {v for per_control in config.choice_values.values() for v in per_control}
    assert set(values["label"]) == labels
    assert set(values["choice"]) == choices
    assert set(values["relation"]) == set(config.relations)


def test_an_unmapped_label_is_rejected() -> None:
    with pytest.raises(ConfigError, match="RUMOUR"):
        parse_config(CONFIG.replace('<Label value="CUE"', '<Label value="RUMOUR" hotkey="r"/><Label value="CUE"'))


# -- every schema layer from the UI ------------------------------------------------------------------

def test_every_schema_field_can_be_produced_from_the_ui() -> None:
    assert unproducible(CONFIG) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('<Label value="CUE" background="#469990" hotkey="0"/>', "", "cues"),
    ('<Choice value="hedged" hotkey="s"/>', "", "claims.certainty=hedged"),
    ('<Label value="FAC" background="#808000" hotkey="7"/>', "", "entities.type=FAC"),
    ('<Relation value="oppose" background="#c62828"/>', "", "stances.polarity=oppose (relation label)"),
    ('whenTagName="attribution" whenLabelValue="SOURCE"', 'whenTagName="attribution" whenLabelValue="CLAIM"',
     "sources.kind (choices 'source_kind' are not shown when a sources region is selected)"),
])
def test_unproducible_names_what_a_broken_config_cannot_express(old: str, new: str, expected: str) -> None:
    assert old in CONFIG, f"fixture out of date: {old!r} not in the config"
    assert expected in unproducible(CONFIG.replace(old, new))


# -- pictures in the guidelines ----------------------------------------------------------------------

def test_guideline_pictures_exist_and_are_written_by_the_browser_run() -> None:
    """Every picture GUIDELINES.md shows is in annotation/images/ and is re-shot by test_annotate.py
    (so it cannot drift from the config), and every picture there is shown."""
    shown = set(re.findall(r"!\[[^\]]*\]\(images/([^)]+)\)", GUIDELINES))
    stored = {p.name for p in (REPO / "annotation" / "images").glob("*.png")}
    written = set(re.findall(r'IMAGES / "([^"]+)"', (Path(__file__).parent / "test_annotate.py").read_text(encoding="utf-8")))
    assert shown, "GUIDELINES.md shows no picture of the labeling interface"
    assert shown == stored == written, {"shown": sorted(shown), "stored": sorted(stored), "written by the browser run": sorted(written)}

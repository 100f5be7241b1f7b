"""Hand-written annotations for the end-to-end test, in Label Studio's own result JSON.

Offsets are located with `find` in the article text (nth occurrence), so the data reads like
what an annotator marks; `utf16=True` writes UTF-16 offsets as old exports did.
"""

from __future__ import annotations

from typing import Any


def at(text: str, phrase: str, nth: int = 0, utf16: bool = False) -> tuple[int, int]:
    """Offsets of the nth occurrence of `phrase` (code points, or UTF-16 units)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    end = start + len(phrase)
    if utf16:
        units = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
        return units(text[:start]), units(text[:end])
    return start, end


def region(text: str, rid: str, phrase: str, control: str, label: str, nth: int = 0, utf16: bool = False) -> dict[str, Any]:
    s, e = at(text, phrase, nth, utf16)
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": s, "end": e, "text": phrase, "labels": [label]}}


def choice(text: str, rid: str, phrase: str, control: str, value: str, nth: int = 0) -> dict[str, Any]:
    s, e = at(text, phrase, nth)
    return {"id": rid, "from_name": control, "to_name": "text", "type": "choices", "origin": "manual",
            "value": {"start": s, "end": e, "text": phrase, "choices": [value]}}


def rel(a: str, b: str, label: str | None = None, direction: str = "right") -> dict[str, Any]:
    return {"from_id": a, "to_id": b, "type": "relation", "direction": direction, "labels": [label] if label else []}


def seed_alice(t: str) -> list[dict[str, Any]]:
    """First pass on the seed: entities, two attributed claims, a dual MEDIA+SOURCE region, stances."""
    return [
        region(t, "aSOHR1", "Syrian Observatory for Human Rights", "entity", "ORG"),
        choice(t, "aSOHR1", "Syrian Observatory for Human Rights", "author_stance", "neutral"),
        region(t, "aHTS01", "Hayat Tahrir al-Sham", "entity", "ARMED_GROUP"),
        choice(t, "aHTS01", "Hayat Tahrir al-Sham", "author_stance", "neutral"),
        region(t, "aACT01", "Activists from the Syrian Observatory for Human Rights", "attribution", "SOURCE"),
        choice(t, "aACT01", "Activists from the Syrian Observatory for Human Rights", "source_kind", "named"),
        region(t, "aREP01", "report", "attribution", "CUE", nth=1),
        region(t, "aCLM01", "jihadists have seized control of the northern outskirts of Homs", "attribution", "CLAIM"),
        choice(t, "aCLM01", "jihadists have seized control of the northern outskirts of Homs", "quote", "indirect"),
        choice(t, "aCLM01", "jihadists have seized control of the northern outskirts of Homs", "certainty", "asserted"),
        region(t, "aSHAM1", "Sham FM", "entity", "MEDIA"),
        region(t, "aSHAM1", "Sham FM", "attribution", "SOURCE"),
        choice(t, "aSHAM1", "Sham FM", "source_kind", "named"),
        region(t, "aNOT01", "noting", "attribution", "CUE"),
        region(t, "aCLM02", "the rebels faced minimal resistance during their takeover", "attribution", "CLAIM"),
        choice(t, "aCLM02", "the rebels faced minimal resistance during their takeover", "quote", "indirect"),
        choice(t, "aCLM02", "the rebels faced minimal resistance during their takeover", "certainty", "asserted"),
        region(t, "aRAMI1", "Rami Abdel-Rahman", "attribution", "SOURCE"),
        choice(t, "aRAMI1", "Rami Abdel-Rahman", "source_kind", "named"),
        region(t, "aCALL1", "calling it", "attribution", "CUE"),
        region(t, "aCLM03", "the mother of all battles", "attribution", "CLAIM"),
        choice(t, "aCLM03", "the mother of all battles", "quote", "direct"),
        choice(t, "aCLM03", "the mother of all battles", "certainty", "asserted"),
        rel("aCLM01", "aACT01"),
        rel("aREP01", "aCLM01"),  # direction does not matter for claim<->cue
        rel("aCLM02", "aSHAM1"),
        rel("aCLM02", "aNOT01"),
        rel("aCLM03", "aRAMI1"),
        rel("aCALL1", "aCLM03"),
        rel("aSHAM1", "aHTS01", "oppose"),
        rel("aHTS01", "aSOHR1", "neutral", direction="left"),  # left: holder is aSOHR1
    ]


def seed_bob(t: str) -> list[dict[str, Any]]:
    """Second pass on the seed: the anonymous Iranian official."""
    return [
        region(t, "bIRAN1", "Iran", "entity", "GPE", nth=1),
        choice(t, "bIRAN1", "Iran", "author_stance", "neutral", nth=1),
        region(t, "bANON1", "An anonymous Iranian official", "attribution", "SOURCE"),
        choice(t, "bANON1", "An anonymous Iranian official", "source_kind", "anonymous"),
        region(t, "bSTAT1", "stated", "attribution", "CUE"),
        region(t, "bCLM01", "Tehran is preparing to increase the flow of military equipment and personnel to the region",
               "attribution", "CLAIM"),
        choice(t, "bCLM01", "Tehran is preparing to increase the flow of military equipment and personnel to the region",
               "quote", "indirect"),
        choice(t, "bCLM01", "Tehran is preparing to increase the flow of military equipment and personnel to the region",
               "certainty", "asserted"),
        rel("bCLM01", "bANON1"),
        rel("bCLM01", "bSTAT1"),
        {"id": "bNOTES", "from_name": "notes", "to_name": "text", "type": "textarea",
         "value": {"text": ["test note (synthetic): 'An anonymous Iranian official' is anonymous by D18\nsecond line, second note\n"]}},
    ]


def fakes_alice(t: str) -> list[dict[str, Any]]:
    """The FA-KES article: the Observatory as source of the death toll."""
    claim = "The death toll from a bomb blast on a crowded Syrian bus convoy outside Aleppo reached at least 112 people"
    return [
        region(t, "fSOHR1", "Syrian Observatory for Human Rights", "entity", "ORG"),
        region(t, "fSRC01", "the Syrian Observatory for Human Rights monitoring group", "attribution", "SOURCE"),
        choice(t, "fSRC01", "the Syrian Observatory for Human Rights monitoring group", "source_kind", "named"),
        region(t, "fSAID1", "said", "attribution", "CUE"),
        region(t, "fCLM01", claim, "attribution", "CLAIM"),
        choice(t, "fCLM01", claim, "quote", "indirect"),
        choice(t, "fCLM01", claim, "certainty", "asserted"),
        region(t, "fALEP1", "Aleppo", "entity", "GPE", nth=1),
        rel("fCLM01", "fSRC01"),
        rel("fCLM01", "fSAID1"),
    ]


def fakes_bob_cancelled(t: str) -> list[dict[str, Any]]:
    return [region(t, "xALEP1", "Aleppo", "entity", "GPE")]


def nonbmp_alice(t: str) -> list[dict[str, Any]]:
    """Code-point offsets after two emoji (what Label Studio 1.23 stores)."""
    return [
        region(t, "nHEZ01", "Hezbollah", "entity", "ARMED_GROUP"),
        choice(t, "nHEZ01", "Hezbollah", "author_stance", "neutral"),
        region(t, "nQUS01", "Qusayr", "entity", "GPE"),
        rel("nHEZ01", "nQUS01", "oppose"),
    ]


def nonbmp_bob_utf16(t: str) -> list[dict[str, Any]]:
    """UTF-16 offsets, as older versions stored them: repaired by the converter, and reported."""
    return [region(t, "oQUS01", "Qusayr", "entity", "GPE", utf16=True)]


def arabic_alice(t: str) -> list[dict[str, Any]]:
    claim = "القوات الحكومية دخلت حمص"
    return [
        region(t, "rSOHR1", "المرصد السوري", "entity", "ORG"),
        region(t, "rSOHR1", "المرصد السوري", "attribution", "SOURCE"),
        choice(t, "rSOHR1", "المرصد السوري", "source_kind", "named"),
        region(t, "rQAL01", "قال", "attribution", "CUE"),
        region(t, "rCLM01", claim, "attribution", "CLAIM"),
        choice(t, "rCLM01", claim, "quote", "indirect"),
        choice(t, "rCLM01", claim, "certainty", "asserted"),
        region(t, "rHOMS1", "حمص", "entity", "GPE"),
        rel("rCLM01", "rSOHR1"),
        rel("rCLM01", "rQAL01"),
    ]

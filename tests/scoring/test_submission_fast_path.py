"""validate._submission_semantics_clean (the scorer's fast path) agrees with the detailed checks."""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims import validate

from .synth import as_submission, random_document

MUTATIONS = ("start", "end", "text", "dup_id", "dup_span", "source_ref", "cue_ref", "holder", "target",
             "dup_pair", "drop_layer", "drop_optional", "bad_optional", "none")


def mutate(sub: dict[str, Any], text: str, rng: random.Random, kind: str) -> None:
    spans = [(layer, item) for layer in ("entities", "sources", "cues", "claims") for item in sub.get(layer, [])]
    if kind in ("start", "end", "text", "dup_id", "dup_span") and spans:
        layer, item = rng.choice(spans)
        if kind == "start":
            item["start"] = rng.choice([item["end"], item["end"] + 1, 0])
        elif kind == "end":
            item["end"] = rng.choice([len(text) + 1, item["start"], item["end"] + 1])
        elif kind == "text":
            item["text"] = rng.choice(["", "x", text[item["start"]:item["end"]]])
        elif kind == "dup_id":
            item["id"] = rng.choice(spans)[1]["id"]
        else:
            sub[layer].append(dict(item, id="dup"))
    elif kind == "source_ref" and sub.get("claims"):
        sub["claims"][0]["source_id"] = rng.choice(["nope", None])
    elif kind == "cue_ref" and sub.get("claims"):
        sub["claims"][0]["cue_id"] = rng.choice(["nope", None])
    elif kind == "holder" and sub.get("stances"):
        sub["stances"][0]["holder_id"] = rng.choice(["nope", "AUTHOR"])
    elif kind == "target" and sub.get("stances"):
        sub["stances"][0]["target_id"] = rng.choice(["nope", "AUTHOR"])
    elif kind == "dup_pair" and sub.get("stances"):
        sub["stances"].append(dict(sub["stances"][0], id="dup-pair"))
    elif kind == "drop_optional" and sub.get("claims"):  # optional in a submission, required in a Document
        for claim in rng.sample(sub["claims"], rng.randint(1, len(sub["claims"]))):
            for name in rng.sample(["quote", "certainty"], rng.randint(1, 2)):
                claim.pop(name, None)
    elif kind == "bad_optional" and sub.get("claims"):
        rng.choice(sub["claims"])[rng.choice(["quote", "certainty"])] = rng.choice([None, "", "bogus", 1])
    elif kind == "drop_layer":
        sub.pop(rng.choice(["entities", "sources", "cues", "claims", "stances"]), None)


def mutated_submission(seed: int, kinds: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random gold document and its perfect submission with the `kinds` of mutation applied."""
    rng = random.Random(seed)
    doc = random_document(rng, "d")
    sub = copy.deepcopy(as_submission(doc))
    for kind in kinds:
        mutate(sub, doc["text"], rng, kind)
    return doc, sub


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.sampled_from(MUTATIONS), max_size=3))
def test_fast_path_equals_detailed_checks(seed: int, kinds: list[str]) -> None:
    doc, sub = mutated_submission(seed, kinds)
    if validate.check_schema("submission", sub):
        return  # the fast path only runs on schema-valid lines
    detailed = (list(validate.check_spans(sub, doc["text"], text_required=False))
                + list(validate.check_references(sub)) + list(validate.check_duplicate_spans(sub)))
    assert validate._submission_semantics_clean(sub, doc["text"]) == (not detailed), detailed

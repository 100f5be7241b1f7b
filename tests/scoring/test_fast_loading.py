"""The scorer's fast loading paths (msgspec Structs generated from the schemas) agree with the
ordinary path: same problems, same documents and predictions, same count rows."""

from __future__ import annotations

import copy
import dataclasses
import random
from pathlib import Path
from typing import Any

import msgspec
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warclaims import fastsubmission, scoring
from warclaims.records import Layers
from warclaims.validate import check_schema, check_submission

from test_validate import _WEIRD, _leaves
from .synth import as_submission, random_document
from .test_submission_fast_path import MUTATIONS, mutate, mutated_submission


def struct_ok(sub: Any, text: str) -> bool:
    """The scorer's fast path accepts this submission line for a gold document with `text`."""
    decoded = fastsubmission.submission_decoder()(_dumps(sub))
    return decoded is not None and fastsubmission.submission_clean(decoded, text, _dumps(sub))


def _dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # integers beyond 64 bits: written by json, as a file could hold them
        import json
        return json.dumps(value).encode()


def test_the_submission_schema_is_translated() -> None:
    assert fastsubmission._submission() is not None
    doc = random_document(random.Random(0), "d")
    assert struct_ok(as_submission(doc), doc["text"])


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.sampled_from(MUTATIONS), max_size=3))
def test_struct_path_equals_the_detailed_checks(seed: int, kinds: list[str]) -> None:
    doc, sub = mutated_submission(seed, kinds)
    ok = check_submission(sub, doc["text"]) == []
    if not check_schema("submission", sub):
        assert struct_ok(sub, doc["text"]) == ok
    else:
        assert not struct_ok(sub, doc["text"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_value_anywhere_is_never_waved_through(data: st.DataObject) -> None:
    doc = random_document(random.Random(data.draw(st.integers(0, 1000))), "d")
    sub = copy.deepcopy(as_submission(doc))
    path = data.draw(st.sampled_from(_leaves(sub)[1:]))
    node = sub
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = data.draw(_WEIRD)
    assert not struct_ok(sub, doc["text"]) or check_submission(sub, doc["text"]) == []


def _plain(x: Any) -> tuple[Any, ...]:
    """A record or span Struct as a tuple of (field, value), absent optional text as None."""
    names = [f.name for f in dataclasses.fields(x)] if dataclasses.is_dataclass(x) else list(x.__struct_fields__)
    return tuple(sorted((n, None if getattr(x, n) is msgspec.UNSET else getattr(x, n)) for n in names))


def _layers(layers: Layers) -> tuple[Any, ...]:
    return (layers.present, *(tuple(map(_plain, getattr(layers, n))) for n in Layers.NAMES))


def _bad_line(rng: random.Random, value: dict[str, Any]) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return b"{not json"
    if choice == 1:
        return b""
    if choice == 2:
        value = dict(value, id=value["id"] + "-unknown")
    return orjson.dumps(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**6), st.lists(st.sampled_from(MUTATIONS), max_size=4))
def test_files_load_the_same_on_both_paths(tmp_path: Path, seed: int, kinds: list[str]) -> None:
    rng = random.Random(seed)
    docs = [random_document(rng, f"d{i}") for i in range(5)]
    gold_lines = [orjson.dumps(d) for d in docs]
    broken = copy.deepcopy(docs[1])
    for kind in kinds:
        mutate(broken, broken["text"], rng, kind)
    gold_lines[1] = orjson.dumps(broken)
    gold_lines.append(gold_lines[rng.randrange(5)])  # a duplicate id
    gold_path = tmp_path / f"gold-{seed}.jsonl"
    gold_path.write_bytes(b"\n".join(gold_lines) + b"\n")
    fast_docs, fast_problems = scoring._load_gold(gold_path)
    slow_docs, slow_problems = scoring._load_gold(gold_path, fast=False)
    assert fast_problems == slow_problems
    assert [(d.id, d.text, d.meta, _layers(d.layers)) for d in fast_docs] == \
        [(d.id, d.text, d.meta, _layers(d.layers)) for d in slow_docs]
    assert [d.to_dict() for d in fast_docs] == [d.to_dict() for d in slow_docs]  # meta: schema key order

    subs = [copy.deepcopy(as_submission(d, tuple(rng.sample(("entities", "sources", "cues", "claims", "stances"),
                                                              rng.randint(0, 5))))) for d in docs]
    for kind in kinds:
        sub = rng.choice(subs)
        mutate(sub, docs[int(sub["id"][1:])]["text"], rng, kind)
    lines = [orjson.dumps(s) for s in subs[:4]]  # d4 missing
    lines.insert(rng.randrange(len(lines) + 1), _bad_line(rng, rng.choice(subs)))
    sub_path = tmp_path / f"sub-{seed}.jsonl"
    sub_path.write_bytes(b"\n".join(lines) + b"\n")
    gold_by_id = {d.id: d for d in slow_docs}
    for allow_missing in (False, True):
        fast = scoring._check_submission_file(sub_path, gold_by_id, allow_missing=allow_missing, split="test")
        slow = scoring._check_submission_file(sub_path, gold_by_id, allow_missing=allow_missing, split="test", fast=False)
        assert fast[1] == slow[1]
        assert {k: _layers(v) for k, v in fast[0].items()} == {k: _layers(v) for k, v in slow[0].items()}
        assert {k: orjson.dumps(v.to_dict()) for k, v in fast[0].items()} == \
            {k: orjson.dumps(v.to_dict()) for k, v in slow[0].items()}
    fast_table = scoring.count_table(fast_docs, fast[0])
    slow_table = scoring.count_table(slow_docs, slow[0])
    assert fast_table.notes == slow_table.notes
    assert (fast_table.matrix == slow_table.matrix).all()

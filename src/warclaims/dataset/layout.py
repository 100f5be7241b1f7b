"""The Hugging Face no-script layout: task rows per config, their features, the card's YAML.

Configs (one per task, plus the full records):
- documents: the full Document record (features derived from the schema, see `features`);
- entities: one row per document: tokens with character offsets and IOB2 `ner_tags`
  (ClassLabel; names O, B-<type>, I-<type> for the schema's entity types). Tokens are
  `\\w+|[^\\w\\s]` matches. A token is tagged when it lies inside an entity; when entities
  overlap, the earlier-starting (then longer) one is kept and the others are counted as
  `nested_dropped`; an entity whose edges cut through a token is counted as `misaligned`
  (the tokens it fully covers are still tagged);
- claims: one row per claim with its source and cue spans resolved, the document id and text;
- stances: one row per stance with holder (AUTHOR, entity or source) and target spans resolved;
  polarity is a ClassLabel;
- inputs: one row per document, gold-free: id, text and meta without `meta.annotation` (what a
  system under test may read; `warclaims submission skeleton` starts a submission from it).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from functools import cache
from typing import Any, Iterator, Mapping

import yaml

from .. import schemas
from . import features, hub

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_SPLIT_RE = re.compile(r"(\w+|[^\w\s])")
LICENSE = hub.LICENSE


def ner_tag_names() -> list[str]:
    """IOB2 tag names from the schema's entity types."""
    return ["O"] + [f"{p}-{t}" for t in schemas.labels()["entity_type"] for p in ("B", "I")]


def _span_struct(defname: str) -> dict[str, Any]:
    root = schemas.load("document")
    return features._to_feature(features._shape({"$ref": f"#/$defs/{defname}"}, root))


def config_features(config: str) -> Any:
    """`datasets.Features` of a config."""
    import datasets

    if config == "documents":
        return features.document_features()
    if config == "inputs":
        doc = features.document_features()
        meta = {k: v for k, v in doc["meta"].items() if k != "annotation"}
        return datasets.Features({"id": doc["id"], "text": doc["text"], "meta": meta})
    labels = schemas.labels()
    string, int64 = datasets.Value("string"), datasets.Value("int64")
    if config == "entities":
        return datasets.Features({"id": string, "tokens": datasets.List(string), "token_start": datasets.List(int64),
                                  "token_end": datasets.List(int64),
                                  "ner_tags": datasets.List(datasets.ClassLabel(names=ner_tag_names()))})
    if config == "claims":
        return datasets.Features({
            "id": string, "doc_id": string, "claim_id": string, "start": int64, "end": int64, "text": string,
            "quote": datasets.ClassLabel(names=list(labels["quote"])),
            "certainty": datasets.ClassLabel(names=list(labels["certainty"])),
            "source": _span_struct("source"), "cue": _span_struct("cue"), "document": string})
    if config == "stances":
        holder = {"id": string, "layer": string, "start": int64, "end": int64, "text": string}
        return datasets.Features({
            "id": string, "doc_id": string, "stance_id": string, "holder": holder, "target": _span_struct("entity"),
            "polarity": datasets.ClassLabel(names=list(labels["polarity"])), "document": string})
    raise ValueError(f"unknown config {config!r}")


def token_columns(text: str) -> tuple[list[str], list[int], list[int]]:
    """Tokens with their start and end offsets, as three parallel lists.

    `re.split` with the token pattern as a capturing group alternates gaps and tokens, so the
    offsets are running sums of piece lengths (all in C: the build's hottest step).
    """
    parts = _SPLIT_RE.split(text)
    cum = list(itertools.accumulate(map(len, parts), initial=0))
    return parts[1::2], cum[1:-1:2], cum[2::2]


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Tokens as (token, start, end) code-point offsets."""
    return list(zip(*token_columns(text)))


@cache
def _tag_index() -> dict[str, int]:
    return {n: i for i, n in enumerate(ner_tag_names())}


def _cuts(starts: list[int], ends: list[int], offset: int) -> bool:
    """Whether `offset` falls strictly inside a token."""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and starts[i] < offset < ends[i]


def entity_row(doc: Mapping[str, Any], stats: Counter[str]) -> dict[str, Any]:
    """The `entities` row of a document; counts skipped/misaligned entities into `stats`."""
    tokens, starts, ends = token_columns(doc["text"])
    index = _tag_index()
    tags = [0] * len(tokens)
    taken = [False] * len(tokens)
    for ent in sorted(doc["entities"], key=lambda e: (e["start"], -e["end"], e["type"])):
        first = bisect.bisect_left(starts, ent["start"])
        last = bisect.bisect_right(ends, ent["end"])
        covered = list(range(first, last))
        if _cuts(starts, ends, ent["start"]) or _cuts(starts, ends, ent["end"]):
            stats["misaligned"] += 1
        if not covered or any(taken[i] for i in covered):
            stats["nested_dropped" if covered else "no_token"] += 1
            continue
        stats["tagged"] += 1
        for k, i in enumerate(covered):
            taken[i] = True
            tags[i] = index[("B-" if k == 0 else "I-") + ent["type"]]
    return {"id": doc["id"], "tokens": tokens, "token_start": starts, "token_end": ends, "ner_tags": tags}


def input_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The `inputs` row of a document, from its `documents` row: no annotation layers, no `meta.annotation`."""
    return {"id": row["id"], "text": row["text"], "meta": {k: v for k, v in row["meta"].items() if k != "annotation"}}


def _label_index(name: str) -> dict[str, int]:
    return {label: i for i, label in enumerate(schemas.labels()[name])}


def claim_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The `claims` rows of a document."""
    by_id = {it["id"]: it for layer in ("sources", "cues") for it in doc[layer]}
    quote, certainty = _label_index("quote"), _label_index("certainty")
    for c in doc["claims"]:
        yield {"id": f"{doc['id']}/{c['id']}", "doc_id": doc["id"], "claim_id": c["id"], "start": c["start"],
               "end": c["end"], "text": c["text"], "quote": quote[c["quote"]], "certainty": certainty[c["certainty"]],
               "source": by_id.get(c["source_id"]) if c["source_id"] else None,
               "cue": by_id.get(c["cue_id"]) if c["cue_id"] else None, "document": doc["text"]}


def stance_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The `stances` rows of a document."""
    spans = {it["id"]: (layer, it) for layer in ("entities", "sources") for it in doc[layer]}
    polarity = _label_index("polarity")
    for st in doc["stances"]:
        if st["holder_id"] == schemas.AUTHOR:
            holder = {"id": schemas.AUTHOR, "layer": "author", "start": None, "end": None, "text": None}
        else:
            layer, h = spans[st["holder_id"]]
            holder = {"id": h["id"], "layer": layer, "start": h["start"], "end": h["end"], "text": h["text"]}
        yield {"id": f"{doc['id']}/{st['id']}", "doc_id": doc["id"], "stance_id": st["id"], "holder": holder,
               "target": spans[st["target_id"]][1], "polarity": polarity[st["polarity"]], "document": doc["text"]}


def card_yaml(files: list[Mapping[str, Any]], version: str) -> str:
    """The YAML header of dataset/README.md: the Hub's metadata keys (`hub.header_keys`), then
    configs with data_files and dataset_info features.

    `files` are RELEASE.json file entries; a config's split without rows has no file and is not
    listed (`datasets` cannot load an empty split), a config without any rows is left out.
    """
    from .reader import CONFIGS

    present = {c: [f["split"] for f in files if f.get("config") == c] for c in CONFIGS}
    configs = [c for c in CONFIGS if present[c]]
    documents = sum(int(f.get("rows", 0)) for f in files if f.get("config") == "documents")
    header = {
        **hub.header_keys(documents),
        "version": version,
        "configs": [{"config_name": c, "data_files": [{"split": s, "path": f"data/{c}/{s}.parquet"} for s in present[c]],
                     **({"default": True} if c == "documents" else {})} for c in configs],
        "dataset_info": [{"config_name": c, "features": config_features(c)._to_yaml_list()} for c in configs],
    }
    return "---\n" + yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000) + "---\n"

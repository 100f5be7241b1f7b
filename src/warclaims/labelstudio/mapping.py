"""The mapping file's adoption sections, checked with located errors (pure, no I/O).

An existing Label Studio project (its own labels, relations and task data) is converted with a
mapping file. Besides renaming (labels, choices, choice_values, relations: see config.py), a
mapping can:
- `"ignore"` a label (`"labels": {"ner:event": "ignore"}`), a Choices control
  (`"choices": {"sentiment": "ignore"}`) or a relation label (`"relations": {"see_also": "ignore"}`):
  the annotation keeps everything else; what was ignored is counted per kind, never dropped silently;
- map a relation label to a claim's link: `"source"`, `"cue"` or `"link"` (either, by the layer of
  the other end), in either direction (`"relations": {"attributed_to": "link"}`);
- give defaults for required per-region choices
  (`"defaults": {"claims.quote": "indirect", "claims.certainty": "asserted", "sources.kind": "unspecified"}`),
  recorded per record in `meta.annotation.defaults` (which field, value, span ids);
- name the task-data fields (`"task_data": {"text": "article", "id": "uid", "meta": null}`):
  the text field defaults to the config's `<Text value="$variable">`, the id field to `doc_id`
  (an integer id is taken as its decimal string; absent: the doc id is `ls-<project>-<task>`,
  from the exported task's `project` and `id`), the
  meta field to `meta` (null: never read; absent from a task: the `--meta FILE` object, `Adoption.meta`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

from .. import schemas
from ..problems import Problem

IGNORE = "ignore"
LINKS = {"source": ("sources",), "cue": ("cues",), "link": ("sources", "cues")}
"""Relation targets that set a claim's source_id / cue_id, and the layers their other end may be in."""
DEFAULTABLE = {"claims.quote": "quote", "claims.certainty": "certainty", "sources.kind": "source_kind"}
"""Required per-region choices that a mapping may default -> the schema label set of their values."""
SECTIONS = ("labels", "choices", "choice_values", "relations", "defaults", "task_data")
TASK_DATA_KEYS = ("text", "id", "meta")
META_FIELDS = ("title", "source", "url", "published", "language", "licence", "corpus", "synthetic", "story", "extra")

PathProblem = tuple[str, str, Any]
"""(JSON path in the mapping or meta file, message, value)."""


@dataclass(frozen=True)
class Adoption:
    """What a mapping says beyond renames: ignores, relation links, defaults, task-data names."""

    ignored_labels: frozenset[tuple[str, str]] = frozenset()
    ignored_choices: frozenset[str] = frozenset()
    ignored_relations: frozenset[str] = frozenset()
    links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # relation label -> layers of the non-claim end
    defaults: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (layer, field) -> canonical value
    text_field: str | None = None
    id_field: str = "doc_id"
    meta_field: str | None = "meta"
    meta: Mapping[str, Any] | None = None  # the --meta FILE object, for tasks without meta (set by cli/ls_adopt.py)


def key_path(section: str, key: str | None = None) -> str:
    """`$.labels["ner:PER"]`: a JSON path whose keys may hold any character."""
    return f"$.{section}" + ("" if key is None else f"[{json.dumps(key, ensure_ascii=False)}]")


def check_mapping(mapping: Any) -> list[PathProblem]:
    """Every structural problem of a mapping file's content, located by JSON path.

    Checks the shape (object of known sections, each an object of string -> string, task_data
    values string or null) and the values that need no config: the targets of labels, choices
    and relations (`targets`), defaults (field and value in the schema's label sets). Which
    labels and controls the config has, and choice values, are checked by `config.parse_config`.
    """
    if not isinstance(mapping, dict):
        return [("$", "a mapping file must be a JSON object", mapping)]
    found: list[PathProblem] = []
    for section, body in mapping.items():
        if section not in SECTIONS:
            found.append((key_path(section), f"unknown section {section!r} (expected one of: {', '.join(SECTIONS)})", None))
        elif not isinstance(body, dict):
            found.append((key_path(section), f"{section} must be an object", body))
        elif section == "task_data":
            found += _check_task_data(body)
        else:
            for key, value in body.items():
                if not isinstance(value, str) or not value:
                    found.append((key_path(section, key), "must be a non-empty string", value))
                elif section == "defaults":
                    found += _check_default(key, value)
                elif section in ("labels", "choices", "relations") and value not in targets(section):
                    found.append((key_path(section, key), f"{value!r} is not one of: {', '.join(targets(section))}", value))
    return found


def targets(section: str) -> tuple[str, ...]:
    """What a label, Choices control or relation label may map to (from the schema's label sets)."""
    lab = schemas.labels()
    if section == "labels":
        return (*(f"entities:{t}" for t in lab["entity_type"]), *(layer for layer in schemas.SPAN_LAYERS if layer != "entities"), IGNORE)
    if section == "choices":
        return ("claims.quote", "claims.certainty", "sources.kind", "entities.author_stance", IGNORE)
    return (*lab["polarity"], *LINKS, IGNORE)


def _check_task_data(body: dict[str, Any]) -> list[PathProblem]:
    found: list[PathProblem] = []
    for key, value in body.items():
        if key not in TASK_DATA_KEYS:
            found.append((key_path("task_data", key), f"unknown key (expected one of: {', '.join(TASK_DATA_KEYS)})", None))
        elif key == "meta" and value is None:
            continue
        elif not isinstance(value, str) or not value:
            found.append((key_path("task_data", key), "must be a non-empty string" + (" or null" if key == "meta" else ""), value))
    return found


def _check_default(key: str, value: str) -> list[PathProblem]:
    if key not in DEFAULTABLE:
        return [(key_path("defaults", key), f"only these choices take a default: {', '.join(DEFAULTABLE)}", key)]
    allowed = schemas.labels()[DEFAULTABLE[key]]
    if value not in allowed:
        return [(key_path("defaults", key), f"{value!r} is not one of: {', '.join(allowed)}", value)]
    return []


def adoption(mapping: Mapping[str, Any], ignored_labels: set[tuple[str, str]], ignored_choices: set[str],
             text_variable: str | None) -> Adoption:
    """The Adoption of a merged, checked mapping; the ignored labels/choices are those the config has."""
    rel = mapping.get("relations", {})
    task = mapping.get("task_data", {})
    return Adoption(
        ignored_labels=frozenset(ignored_labels), ignored_choices=frozenset(ignored_choices),
        ignored_relations=frozenset(k for k, v in rel.items() if v == IGNORE),
        links={k: LINKS[v] for k, v in rel.items() if v in LINKS},
        defaults={(k.partition(".")[0], k.partition(".")[2]): v for k, v in mapping.get("defaults", {}).items()},
        text_field=task.get("text", text_variable), id_field=task.get("id", "doc_id"), meta_field=task.get("meta", "meta"))


def check_meta(meta: Any) -> list[PathProblem]:
    """Problems of a `--meta FILE` object: the Document provenance without `annotation`.

    Required as in the schema: source, licence, language, corpus, synthetic; optional: title,
    url, published, story, extra. Paths are relative to the meta file.
    """
    from ..validate import check_schema

    if not isinstance(meta, dict):
        return [("$", "a meta file must be a JSON object with the Document provenance (source, licence, language, corpus, synthetic)", meta)]
    found: list[PathProblem] = [(key_path(k), "not a provenance field (expected one of: " + ", ".join(META_FIELDS) + ")", None)
                                for k in meta if k not in META_FIELDS]
    probe = {"id": "probe", "text": "probe", **{layer: [] for layer in schemas.LAYERS},
             "meta": {**{k: v for k, v in meta.items() if k in META_FIELDS}, "annotation": {
                 "annotators": [], "annotation_ids": [], "guidelines_version": "", "tool_version": "", "pass": "first", "adjudication": "none"}}}
    for p in check_schema("document", probe):
        if p.path == "$.meta" or p.path.startswith("$.meta.") or p.path.startswith("$.meta["):
            path = "$" + p.path[len("$.meta"):]
            found.append((path, p.message, None if path == "$" else p.value))  # "$": the value is the probe, not the file
    return found


def located(problems: list[PathProblem], file: str) -> list[Problem]:
    """PathProblems as Problems of `file` (line 0: the whole file is one JSON value)."""
    return [Problem(file, 0, path, message, value) for path, message, value in problems]


def task_fields(data: dict[str, Any], task: Mapping[str, Any], adopt: Adoption, text_field: str) -> tuple[Any, Any, Any, str | None]:
    """(text, doc id, meta, problem message or None) of one task, with the fallbacks of the module docstring."""
    text = data.get(text_field)
    doc_id = data.get(adopt.id_field)
    if isinstance(doc_id, int) and not isinstance(doc_id, bool) and doc_id >= 0:
        doc_id = str(doc_id)
    if doc_id is None and task.get("project") is not None and task.get("id") is not None:
        doc_id = f"ls-{task['project']}-{task['id']}"
    meta = data.get(adopt.meta_field) if adopt.meta_field else None
    if meta is None and adopt.meta is not None:
        meta = dict(adopt.meta)
    missing = []
    if not isinstance(text, str):
        missing.append(f"{text_field!r} (the text, a string)")
    if not isinstance(doc_id, str):
        missing.append(f"{adopt.id_field!r} (the doc id, a string; absent: ls-<project>-<task> needs the task's project and id)")
    if not isinstance(meta, dict):
        where = f"{adopt.meta_field!r} (an object) or " if adopt.meta_field else ""
        missing.append(f"meta: {where}--meta FILE")
    return text, doc_id, meta, ("task data needs " + ", ".join(missing)) if missing else None

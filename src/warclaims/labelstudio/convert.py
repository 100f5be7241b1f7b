"""A Label Studio full-JSON export -> Document records, one per annotation (pure, plus one file reader).

Task data (what `warclaims ls import` writes, what the converter reads):
    {"text": "<article text>", "doc_id": "<Document id>",
     "meta": {<Document meta without "annotation">},
     "passes": {"<annotator e-mail>": "first|second|adjudicated"}}   # optional
Each submitted annotation becomes a Document whose `meta.annotation` records the annotator
(completed_by e-mail, or id when only an int is exported), the annotation `unique_id`,
`created_at`, `updated_at`, `lead_time`, `ground_truth`, the task id, the pass (a forced pass,
e.g. `ls convert --pass`, first; else the task data `passes` map; else the pass of the project the
export came from, recorded by `ls pull` in MANIFEST.json; else "first" for the task's earliest
annotation by created_at and "second" for later ones), `pre_annotated_by` (model_version of the parent prediction), the guidelines version
and the tool version. Cancelled annotations and drafts are excluded and counted; predictions
become separate Submission-like records. Every problem is located as FILE, task index and id,
and JSON path; an annotation with a problem yields no record.

Projects made without warclaims (other task-data names, no doc id, no meta, ignored labels,
missing choices) are read through the mapping's adoption sections (`config.adopt`, mapping.py):
the doc id falls back to `ls-<project>-<task>`, the meta to `--meta FILE`, ignored items are
counted, defaulted choices are listed in `meta.annotation.defaults`, and the annotations of a
task rejected for its data are counted (`annotations_in_rejected_tasks`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schemas
from ..hygiene import check_record
from ..problems import Problem, json_path
from ..validate import check_document, check_submission
from .config import ConfigError, ProjectConfig, parse_config
from .mapping import task_fields
from .passes import PASSES
from .results import results_to_layers

MANIFEST = "MANIFEST.json"


@dataclass
class Prediction:
    """A prediction kept apart from annotations: a Submission line plus its model and score."""

    task_id: int | None
    model_version: str | None
    score: float | None
    submission: dict[str, Any]


@dataclass
class Conversion:
    """Everything a conversion produced: records, predictions, counts, problems and repairs."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    predictions: list[Prediction] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    ignored: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    repairs: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Span-hygiene findings (warclaims.hygiene) of the records made; `warned` holds their indices in `documents`."""
    warned: set[int] = field(default_factory=set)

    def summary(self) -> dict[str, int]:
        """The count table as a plain dict with every row present (zeros included)."""
        rows = ["tasks", "annotations", "documents", "predictions", "predictions_id_only", "excluded_cancelled", "excluded_draft",
                "annotations_with_errors", "annotations_in_rejected_tasks", "errors", "repairs", "ignored_regions", "ignored_choices",
                "ignored_relations", "defaulted_choices", "hygiene_warnings"] + [f"regions_{k}" for k in schemas.LAYERS]
        return {r: int(self.counts.get(r, 0)) for r in rows}


def _annotator(completed_by: Any) -> str | None:
    """The annotator: completed_by's e-mail, else its id (an int or a non-empty string); None
    when it names nobody ({}, null, true, ""), which the converter reports instead of recording "None"."""
    if isinstance(completed_by, dict):
        completed_by = completed_by.get("email") or completed_by.get("id")
    if isinstance(completed_by, bool) or not isinstance(completed_by, (int, str)) or completed_by == "":
        return None
    return str(completed_by)


def convert_export(tasks: list[dict[str, Any]], *, source: str, config: ProjectConfig,
                   guidelines_version: str, tool_version: str, project_pass: str | None = None,
                   forced_pass: str | None = None) -> Conversion:
    """Convert exported `tasks` (parsed full JSON) into a Conversion; `source` names the file in problems.

    `project_pass`: the pass of the project the export came from; `forced_pass` overrides every
    other source of the pass (see the module docstring for the precedence)."""
    conv = Conversion()
    if not isinstance(tasks, list):
        conv.problems.append(Problem(source, 0, "$", "a Label Studio JSON export must be a list of tasks", None))
        conv.counts["errors"] += 1
        return conv
    for ti, task in enumerate(tasks):
        conv.counts["tasks"] += 1
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            _problem(conv, source, [ti], "task", "a task must be an object with a data object", task)
            continue
        _convert_task(conv, ti, task, source, config, guidelines_version, tool_version, (forced_pass, project_pass))
    conv.counts["errors"] = len(conv.problems)
    conv.counts["repairs"] = len(conv.repairs)
    conv.counts["hygiene_warnings"] = len(conv.warnings)
    return conv


def _problem(conv: Conversion, source: str, parts: list[str | int], task_id: Any, message: str, value: Any) -> None:
    conv.problems.append(Problem(source, 0, json_path(parts), f"task {task_id}: {message}", value))


def _convert_task(conv: Conversion, ti: int, task: dict[str, Any], source: str, config: ProjectConfig,
                  guidelines_version: str, tool_version: str, pass_sources: tuple[str | None, str | None]) -> None:
    data, tid = task["data"], task.get("id")
    text, doc_id, meta, missing = task_fields(data, task, config.adopt, config.adopt.text_field or config.text_name)
    if missing:
        n = len(task.get("annotations") or []) if isinstance(task.get("annotations"), list) else 0
        conv.counts["annotations"] += n
        conv.counts["annotations_in_rejected_tasks"] += n
        _problem(conv, source, [ti, "data"], tid, missing + f" ({n} annotation(s) not converted)", None)
        return
    conv.counts["excluded_draft"] += len(task.get("drafts") or [])
    models = {p.get("id"): p.get("model_version") for p in task.get("predictions") or [] if isinstance(p, dict)}
    for pi, pred in enumerate(task.get("predictions") or []):
        _prediction(conv, ti, pi, pred, task, doc_id, text, source, config)
    anns = []
    for ai, a in enumerate(task.get("annotations") or []):
        conv.counts["annotations"] += 1
        if isinstance(a, dict):
            anns.append((ai, a))
        else:
            conv.counts["annotations_with_errors"] += 1
            _problem(conv, source, [ti, "annotations", ai], tid, "an annotation must be an object", a)
    submitted = [(ai, a) for ai, a in anns if not a.get("was_cancelled")]
    conv.counts["excluded_cancelled"] += len(anns) - len(submitted)
    ordered = sorted(submitted, key=lambda x: (str(x[1].get("created_at") or ""), x[0]))
    passes = data.get("passes") if isinstance(data.get("passes"), dict) else {}
    origins = data.get("origins") if isinstance(data.get("origins"), dict) else {}
    for rank, (ai, ann) in enumerate(ordered):
        base = [ti, "annotations", ai]
        parsed = results_to_layers(ann.get("result"), text, config)
        _count_adoption(conv, parsed)
        for parts, msg, val in parsed.repairs:
            conv.repairs.append(Problem(source, 0, json_path(base + ["result"] + parts), f"task {tid}: {msg}", val))
        if parsed.problems:
            conv.counts["annotations_with_errors"] += 1
            for parts, msg, val in parsed.problems:
                _problem(conv, source, base + ["result"] + parts, tid, msg, val)
            continue
        annotator = _annotator(ann.get("completed_by"))
        if annotator is None:
            conv.counts["annotations_with_errors"] += 1
            _problem(conv, source, base + ["completed_by"], tid, "names no annotator (expected an e-mail or a user id)",
                     ann.get("completed_by"))
            continue
        record = {"id": doc_id, "text": text, "meta": {**meta, "annotation": {
            "annotators": [annotator],
            "annotation_ids": [str(ann.get("unique_id") or ann.get("id"))],
            "guidelines_version": guidelines_version,
            "tool_version": tool_version,
            "pass": pass_sources[0] or passes.get(annotator) or pass_sources[1] or ("first" if rank == 0 else "second"),
            "adjudication": "none",
            "pre_annotated_by": models.get(ann.get("parent_prediction")),
            "task_id": tid,
            "ground_truth": bool(ann.get("ground_truth")),
            "created_at": ann.get("created_at"),
            "updated_at": ann.get("updated_at"),
            "lead_time": ann.get("lead_time"),
            "origin": origins.get(annotator) if origins.get(annotator) in ("label-studio", "draft-import") else "label-studio",
            **({"notes": parsed.notes} if parsed.notes else {}),
        }}, **parsed.layers}
        if parsed.defaulted:
            record["meta"]["annotation"]["defaults"] = [{"field": f, "value": config.adopt.defaults[tuple(f.split(".", 1))], "ids": ids}
                                                        for f, ids in sorted(parsed.defaulted.items())]
        found = check_document(record)
        if found:
            conv.counts["annotations_with_errors"] += 1
            for p in found:
                _problem(conv, source, base, tid, f"record {p.path}: {p.message}", p.value)
            continue
        for f in check_record(record):
            conv.warned.add(len(conv.documents))
            conv.warnings.append(Problem(source, 0, json_path(base), f"task {tid}: record {f.path}: [{f.kind}] {f.message}", f.value))
        conv.documents.append(record)
        conv.counts["documents"] += 1
        for layer in schemas.LAYERS:
            conv.counts[f"regions_{layer}"] += len(record[layer])


def _prediction(conv: Conversion, ti: int, pi: int, pred: Any, task: dict[str, Any], doc_id: str, text: str,
                source: str, config: ProjectConfig) -> None:
    base = [ti, "predictions", pi]
    if isinstance(pred, int) and not isinstance(pred, bool):
        conv.counts["predictions_id_only"] += 1  # `label-studio export` writes prediction ids only
        return
    if not isinstance(pred, dict):
        _problem(conv, source, base, task.get("id"), "a prediction must be an object", pred)
        return
    parsed = results_to_layers(pred.get("result"), text, config)
    _count_adoption(conv, parsed)
    for parts, msg, val in parsed.problems:
        _problem(conv, source, base + ["result"] + parts, task.get("id"), msg, val)
    if parsed.problems:
        return
    sub = {"id": doc_id, **parsed.layers}
    found = check_submission(sub, text)
    for p in found:
        _problem(conv, source, base, task.get("id"), f"prediction {p.path}: {p.message}", p.value)
    if not found:
        conv.predictions.append(Prediction(task.get("id"), pred.get("model_version"), pred.get("score"), sub))
        conv.counts["predictions"] += 1


def _count_adoption(conv: Conversion, parsed: Any) -> None:
    """Add what the mapping made the converter ignore or default to the count table and breakdown."""
    conv.ignored.update(parsed.ignored)
    for key, n in parsed.ignored.items():
        conv.counts["ignored_" + key.split(" ", 1)[0]] += n
    conv.counts["defaulted_choices"] += sum(len(ids) for ids in parsed.defaulted.values())


def read_manifest_entry(export: Path) -> dict[str, Any] | None:
    """The MANIFEST.json entry `ls pull` wrote for `export` (same directory), or None."""
    from ..problems import InputError
    from ..readers import read_json_file

    manifest = export.parent / MANIFEST
    if not manifest.is_file():
        return None
    entries = read_json_file(manifest, dict).get("exports", [])
    if not isinstance(entries, list):
        raise InputError(f"{manifest}:1: $.exports: must be a list of export entries")
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            raise InputError(f"{manifest}:1: $.exports[{i}]: must be an object")
        for key in ("file", "label_config", "guidelines_version", "label_studio_version"):
            if e.get(key) is not None and not isinstance(e[key], str):
                raise InputError(f"{manifest}:1: $.exports[{i}].{key}: must be a string, not {type(e[key]).__name__}")
    return next((e for e in entries if e.get("file") == export.name), None)


def convert_export_file(path: str | Path, *, config: ProjectConfig | None = None, guidelines_version: str | None = None,
                        tool_version: str | None = None, forced_pass: str | None = None) -> Conversion:
    """Read and convert one export file, taking versions and the project's pass from the sidecar
    manifest when present.

    Precedence: explicit arguments, then the manifest entry, then the config's guidelines comment;
    tool_version falls back to "label-studio unknown".
    """
    from ..paths import labeling_config_path
    from ..problems import InputError
    from ..readers import JSONError, parse_json, read_text_file

    path = Path(path)
    entry = read_manifest_entry(path) or {}
    if config is None:
        try:
            config = parse_config(entry.get("label_config") or read_text_file(labeling_config_path()))
        except ConfigError as e:
            where = f"{path.parent / MANIFEST}: label_config of {path.name}" if entry.get("label_config") else str(labeling_config_path())
            raise InputError(f"{where}: {e}") from None
    gv = guidelines_version or entry.get("guidelines_version") or config.guidelines_version or "unknown"
    tv = tool_version or (f"label-studio {entry['label_studio_version']}" if entry.get("label_studio_version") else "label-studio unknown")
    project_pass = entry.get("pass")
    if project_pass is not None and project_pass not in PASSES:
        return _failed(Problem(str(path.parent / MANIFEST), 0, "$.exports[].pass",
                               f"{path.name}: unknown pass {project_pass!r}; passes: {', '.join(PASSES)}", project_pass))
    try:
        tasks = parse_json(path.read_bytes())
    except JSONError as e:
        return _failed(*([Problem(str(path), e.line, p.path, p.message, p.value) for p in e.problems]
                         or [Problem(str(path), e.line, "$", str(e), None)]))
    return convert_export(tasks, source=str(path), config=config, guidelines_version=gv, tool_version=tv,
                          project_pass=project_pass, forced_pass=forced_pass)


def _failed(*problems: Problem) -> Conversion:
    """A conversion that stopped before any task: its problems, counted as one error."""
    conv = Conversion()
    conv.problems.extend(problems)
    conv.counts["errors"] = 1
    return conv

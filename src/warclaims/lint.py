"""Span-hygiene reports over files for `warclaims ls lint`: an annotator reading back their own
annotations, per task (`warclaims validate` checks hygiene in its own pass, `validate.validate_path_hygiene`).

The checks are `warclaims.hygiene` (pure); this module reads Document JSONL/JSON or a Label Studio
full-JSON export, groups findings by annotator and task, and renders them as text or JSON-ready
dicts. Nothing is dropped: records that cannot be read or converted are counted and their
problems handed back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .hygiene import KINDS, Finding, check_record, counts
from .problems import Problem
from .readers import JSONError, iter_records, parse_json

CONTEXT = 30
"""Characters of text shown on each side of a span in the report."""


@dataclass
class TaskReport:
    """One annotation of one task and its findings."""

    doc_id: str
    annotators: tuple[str, ...]
    task_id: Any
    pass_: str | None
    text: str
    where: str
    """FILE:LINE of the record (Document files) or FILE task/annotation index (exports)."""
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: identity, location and each finding with its offsets and context."""
        return {"doc_id": self.doc_id, "annotators": list(self.annotators), "task_id": self.task_id, "pass": self.pass_,
                "where": self.where, "counts": counts(self.findings),
                "findings": [{"path": f.path, "kind": f.kind, "message": f.message, "text": f.value, "start": f.start,
                              "end": f.end, "context": context(self.text, f.start, f.end)} for f in self.findings]}


def context(text: str, start: int | None, end: int | None, width: int = CONTEXT) -> str | None:
    """The span in its surroundings, marked with brackets, newlines shown as ⏎: `... on [Homs⏎] toward ...`."""
    if start is None or end is None:
        return None
    left, right = max(0, start - width), min(len(text), end + width)
    show = (("…" if left else "") + text[left:start] + "[" + text[start:end] + "]" + text[end:right]
            + ("…" if right < len(text) else ""))
    return show.replace("\n", "⏎")


def report_for(record: Mapping[str, Any], where: str) -> TaskReport:
    """The report of one Document record (annotators, task and pass from meta.annotation)."""
    meta = record.get("meta")
    ann = meta.get("annotation") if isinstance(meta, dict) else None
    ann = ann if isinstance(ann, dict) else {}
    names = ann.get("annotators") if isinstance(ann.get("annotators"), list) else []
    text = record.get("text")
    return TaskReport(str(record.get("id")), tuple(str(a) for a in names), ann.get("task_id"), ann.get("pass"),
                      text if isinstance(text, str) else "", where, check_record(record))


def _is_export(path: Path) -> bool:
    """Whether `path` holds a Label Studio JSON export (a list of tasks with `data`), not Documents."""
    if path.suffix.lower() != ".json":
        return False
    try:
        value = parse_json(path.read_bytes())
    except JSONError:
        return False
    return isinstance(value, list) and bool(value) and all(isinstance(t, dict) and "data" in t for t in value)


def read_reports(path: Path) -> tuple[list[TaskReport], list[Problem]]:
    """Per-annotation reports of a Document file or a Label Studio export, and the problems of
    what could not be read or converted (each annotation with a problem gives no report)."""
    if _is_export(path):
        from .labelstudio.convert import convert_export_file

        conv = convert_export_file(path)
        return [report_for(d, f"{path} task {d['meta']['annotation'].get('task_id')}") for d in conv.documents], conv.problems
    reports, problems = [], []
    for item in iter_records(path):
        if isinstance(item, Problem):
            problems.append(item)
        elif isinstance(item.value, dict):
            reports.append(report_for(item.value, f"{path}:{item.line}"))
        else:
            problems.append(Problem(str(path), item.line, "$", "a Document record must be an object", None))
    return reports, problems


def select(reports: Iterable[TaskReport], annotators: Iterable[str]) -> list[TaskReport]:
    """The reports of the given annotators (all when none are given), compared case-insensitively."""
    wanted = {a.lower() for a in annotators}
    return [r for r in reports if not wanted or any(a.lower() in wanted for a in r.annotators)]


def summary(reports: list[TaskReport]) -> dict[str, Any]:
    """Totals: annotations, annotations with findings, findings per kind."""
    every = [f for r in reports for f in r.findings]
    return {"annotations": len(reports), "annotations_with_findings": sum(1 for r in reports if r.findings),
            "findings": len(every), "by_kind": counts(every)}


def render(reports: list[TaskReport]) -> str:
    """The readable report: per annotator, each task with findings, every finding with its context."""
    by_annotator: dict[str, list[TaskReport]] = {}
    for r in reports:
        by_annotator.setdefault(", ".join(r.annotators) or "(no annotator)", []).append(r)
    lines: list[str] = []
    for who in sorted(by_annotator):
        mine = by_annotator[who]
        found = [r for r in mine if r.findings]
        n = sum(len(r.findings) for r in mine)
        lines.append(f"{who}: {len(mine)} annotation(s), {len(found)} with findings, {n} finding(s)")
        for r in sorted(found, key=lambda r: (r.doc_id, str(r.task_id))):
            task = "" if r.task_id is None else f"task {r.task_id}, "
            lines.append(f"  {r.doc_id} ({task}{r.pass_ or 'unknown'} pass; {r.where}): {len(r.findings)} finding(s)")
            for f in r.findings:
                lines.append(f"    {f.path} [{f.kind}] {f.message}")
                lines.append(f"      {context(r.text, f.start, f.end)}")
    total = summary(reports)
    kinds = ", ".join(f"{k} {total['by_kind'][k]}" for k in KINDS)
    lines.append(f"{total['findings']} finding(s) in {total['annotations_with_findings']} of {total['annotations']} annotation(s) ({kinds})")
    return "\n".join(lines)

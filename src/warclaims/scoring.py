"""Scoring a submission against gold documents: validation, per-document counts, the report.

`check_submission_file` validates a submission (schema, offsets against the gold text,
references, unknown / duplicate / missing document ids) and returns typed predictions plus
located problems. `score_documents` turns gold documents and predictions into a
`ScoreReport`: every metric of docs/METRICS.md, the headline score and bootstrap intervals.
The paired bootstrap of two submissions is in warclaims.compare.

Scoring itself is pure: per-document count rows (one numpy matrix), column sums, and the
metric formulas of warclaims.metrics applied to the sums (or to the bootstrap resamples).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import msgspec
import numpy as np
import orjson

from . import fastpath, fastsubmission, schemas, validate
from .metrics import attribution, batch, bootstrap, spans, stance
from .problems import Problem
from .readers import Record, iter_jsonl_lines, iter_records, parse_jsonl_line
from .records import Document, Layers
from .validate import check_submission, validate_stream

REPORT_FORMAT = "warclaims-score/1"

HEADLINE: tuple[str, ...] = (
    "entities.strict.micro.f1",
    "attribution.strict_source.f1",
    "stance.end_to_end.f_avg",
)
"""The headline score is the unweighted mean of these metrics (0 for a layer not submitted)."""

HEADLINE_DEFINITION = (
    "mean of entities strict micro-F1, attribution (claim overlap IoU>=0.5, source strict) pair F1 "
    "and stance end-to-end F_avg; a task whose layer was not submitted counts as 0"
)

INTERVAL_METRICS: tuple[str, ...] = HEADLINE + (
    "entities.strict.micro.precision",
    "entities.strict.micro.recall",
    "entities.strict.macro.f1",
    "entities.partial.micro.f1",
    "sources.strict.micro.f1",
    "cues.overlap.f1",
    "claims.overlap.f1",
    "attribution.overlap_source.f1",
    "stance.gold_pairs.f_avg",
    "stance.gold_pairs.macro_f1",
    "stance.gold_pairs.accuracy",
    "stance.end_to_end.macro_f1",
)
"""Metrics that get a bootstrap 95% interval (besides the headline itself)."""

METRIC_LAYER: dict[str, str] = {
    "entities": "entities", "sources": "sources", "cues": "cues", "claims": "claims",
    "attribution": "claims", "stance": "stances",
}
"""Metric group -> the submission layer it needs; a group whose layer is absent is not scored."""

_RATE_KEYS = frozenset({"precision", "recall", "f1", "f_avg", "macro_f1", "accuracy"})
_MESSAGE_LIMIT = 300
_encode = msgspec.json.encode


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Loading 20,000 documents creates millions of records and tuples; the collector's repeated
    full passes over them cost more than the work itself (bench/README.md). Nothing built here
    forms reference cycles, so reference counting frees it all; the previous state is restored.

    On the way out the surviving objects are moved to the permanent generation (`gc.freeze`):
    otherwise the first collection after re-enabling walks every record built here (0.8 s for
    20,000 gold documents) only to find nothing to free. Frozen objects are still freed by
    reference counting; only a reference cycle already present at that moment would wait for
    `gc.unfreeze()`, which is why the collector first runs at entry (a few ms: what earlier
    blocks built is frozen and not walked again).
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


# ---- per-document counts -------------------------------------------------------------------

def count_columns() -> list[str]:
    """Names of the per-document count columns (`document_row` fills them in this order)."""
    lab = schemas.labels()
    return (spans.columns("ent", lab["entity_type"], with_iou=False)
            + spans.columns("src", lab["source_kind"], with_iou=True)
            + spans.columns("cue", (), with_iou=True)
            + spans.columns("clm", (), with_iou=True)
            + list(attribution.COLUMNS)
            + stance.columns())


def document_row(gold: Layers, pred: Layers) -> list[int]:
    """All count columns of one document (see `count_columns`): the readable reference that
    `count_matrix` (used by `count_table`) must equal, document by document."""
    lab = schemas.labels()
    row = spans.span_row([(e.start, e.end, e.type) for e in gold.entities],
                         [(e.start, e.end, e.type) for e in pred.entities], lab["entity_type"], with_iou=False)
    row += spans.span_row([(s.start, s.end, s.kind) for s in gold.sources],
                          [(s.start, s.end, s.kind) for s in pred.sources], lab["source_kind"], with_iou=True)
    row += spans.span_row([(c.start, c.end, "") for c in gold.cues], [(c.start, c.end, "") for c in pred.cues], (), with_iou=True)
    row += spans.span_row([(c.start, c.end, "") for c in gold.claims], [(c.start, c.end, "") for c in pred.claims], (), with_iou=True)
    row += attribution.row(attribution.pairs(gold.claims, gold.sources), attribution.pairs(pred.claims, pred.sources))
    row += stance.row(stance.keyed(gold.stances, gold.entities, gold.sources),
                      stance.keyed(pred.stances, pred.entities, pred.sources))
    return row


def count_matrix(gold: Sequence[Layers], pred: Sequence[Layers]) -> np.ndarray:
    """`document_row` of every (gold, pred) pair as one (documents x columns) int64 matrix,
    counted in one pass over all documents (`metrics.batch.count_rows`, equal to the rows)."""
    lab = schemas.labels()
    return batch.count_rows(gold, pred, lab["entity_type"], lab["source_kind"])


def derive_all(sums: Mapping[str, Any]) -> dict[str, Any]:
    """Every metric (flat dotted names) from summed count columns (numbers or arrays)."""
    lab = schemas.labels()
    out: dict[str, Any] = {}
    out.update(spans.derive(sums, "ent", "entities", lab["entity_type"], with_iou=False))
    out.update(spans.derive(sums, "src", "sources", lab["source_kind"], with_iou=True))
    out.update(spans.derive(sums, "cue", "cues", (), with_iou=True))
    out.update(spans.derive(sums, "clm", "claims", (), with_iou=True))
    out.update(attribution.derive(sums))
    out.update(stance.derive(sums))
    return out


@dataclass(frozen=True)
class CountTable:
    """Per-document count rows of one submission: documents x columns."""

    doc_ids: tuple[str, ...]
    columns: tuple[str, ...]
    matrix: np.ndarray
    submitted: frozenset[str]
    notes: tuple[str, ...]

    def sums(self, matrix_sums: np.ndarray | None = None) -> dict[str, Any]:
        """Column name -> column sum (or the given per-replicate sums, one array per column)."""
        s = self.matrix.sum(axis=0) if matrix_sums is None else matrix_sums
        if s.ndim == 1:
            return {c: s[i] for i, c in enumerate(self.columns)}
        return {c: s[:, i] for i, c in enumerate(self.columns)}


def count_table(gold: Sequence[Document], predictions: Mapping[str, Layers]) -> CountTable:
    """See `layers_table`; runs with the garbage collector paused."""
    with paused_gc():
        return layers_table([(d.id, d.layers) for d in gold], predictions)


def layers_table(gold: Sequence[tuple[str, Layers]], predictions: Mapping[str, Layers]) -> CountTable:
    """Count rows for every gold document, given as (document id, gold layers), in document id
    order (so that bootstrap resamples do not depend on input order); a document without
    prediction is scored as empty.

    Raises ValueError for a prediction whose id is not a gold document id (a caller's error:
    `check_submission_file` reports those as problems before scoring).
    """
    gold_ids = {doc_id for doc_id, _ in gold}
    unknown = sorted(set(predictions) - gold_ids)
    if unknown:
        raise ValueError(f"{len(unknown)} prediction(s) for unknown document ids, e.g. {unknown[0]!r}")
    submitted = frozenset().union(*(p.present for p in predictions.values())) if predictions else frozenset()
    empty = Layers(present=frozenset())
    missing = 0
    lacking: dict[str, int] = dict.fromkeys(schemas.LAYERS, 0)
    preds = []
    gold = sorted(gold, key=itemgetter(0))
    for doc_id, _ in gold:
        pred = predictions.get(doc_id)
        if pred is None:
            missing += 1
            pred = empty
        elif pred.present != submitted:
            for layer in submitted - pred.present:
                lacking[layer] += 1
        preds.append(pred)
    columns = tuple(count_columns())
    matrix = count_matrix([layers for _, layers in gold], preds)
    notes = table_notes(missing, lacking, submitted)
    return CountTable(tuple(doc_id for doc_id, _ in gold), columns, matrix, submitted, notes)


def table_notes(missing: int, lacking: Mapping[str, int], submitted: frozenset[str]) -> tuple[str, ...]:
    """The report notes of a count table: gold documents without a prediction (`missing`),
    submission lines lacking a layer other lines have (`lacking`, per layer), layers not submitted."""
    notes = []
    if missing:
        notes.append(f"{missing} gold document(s) had no prediction and were scored as empty")
    for layer in schemas.LAYERS:
        if layer in submitted and lacking[layer]:
            notes.append(f"{lacking[layer]} submission line(s) lack the {layer} layer; scored as empty for those documents")
    for layer in schemas.LAYERS:
        if layer not in submitted:
            notes.append(f"layer {layer} not submitted: its metrics are not scored (null)")
    return tuple(notes)


def _scored(name: str, submitted: frozenset[str]) -> bool:
    return METRIC_LAYER[name.split(".", 1)[0]] in submitted


def headline_of(metrics: Mapping[str, Any], submitted: frozenset[str]) -> Any:
    """Mean of the HEADLINE metrics, a not-submitted task counting as 0 (works on arrays)."""
    parts = [metrics[m] if _scored(m, submitted) else 0.0 * np.asarray(metrics[m]) for m in HEADLINE]
    return np.mean(parts, axis=0)


def _plain(name: str, value: Any) -> float | int:
    v = float(value)
    if name.rsplit(".", 1)[-1] not in _RATE_KEYS and v.is_integer():
        return int(v)
    return round(v, 6)


# ---- reports -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreReport:
    """All metrics of one submission, the headline score, and bootstrap intervals.

    `metrics` maps flat dotted names (e.g. ``entities.strict.micro.f1``) to numbers, or to
    None for metrics of a layer that was not submitted. `intervals` maps metric names (and
    ``headline``) to the (low, high) bounds of the 95% percentile bootstrap interval.
    """

    headline: float
    metrics: Mapping[str, float | int | None]
    intervals: Mapping[str, tuple[float, float]]
    layers: Mapping[str, str]
    documents: int
    bootstrap: int
    seed: int
    notes: tuple[str, ...] = ()
    components: tuple[str, ...] = field(default=HEADLINE)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report with stable keys (format `warclaims-score/1`)."""
        return {
            "format": REPORT_FORMAT,
            "documents": self.documents,
            "layers": dict(self.layers),
            "headline": {
                "score": round(self.headline, 6),
                "ci95": _ci(self.intervals.get("headline")),
                "definition": HEADLINE_DEFINITION,
                "components": {m: {"value": self.metrics[m], "ci95": _ci(self.intervals.get(m))} for m in self.components},
            },
            "metrics": nest(self.metrics),
            "intervals": {k: _ci(v) for k, v in sorted(self.intervals.items())},
            "bootstrap": {"replicates": self.bootstrap, "seed": self.seed, "level": 0.95,
                          "method": "percentile; documents resampled with replacement"},
            "notes": list(self.notes),
        }


def _ci(v: tuple[float, float] | None) -> list[float] | None:
    return None if v is None else [round(v[0], 6), round(v[1], 6)]


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """`{"a.b.c": 1}` -> `{"a": {"b": {"c": 1}}}`."""
    out: dict[str, Any] = {}
    for key in sorted(flat):
        node = out
        *parents, leaf = key.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = flat[key]
    return out


def report_from_table(table: CountTable, *, bootstrap_replicates: int, seed: int,
                      resampled: np.ndarray | None = None) -> ScoreReport:
    """The ScoreReport of one count table (resampled: its bootstrap column sums, if drawn already)."""
    raw = derive_all(table.sums())
    metrics = {k: (_plain(k, v) if _scored(k, table.submitted) else None) for k, v in raw.items()}
    headline = float(headline_of(raw, table.submitted))
    intervals: dict[str, tuple[float, float]] = {}
    if resampled is None and bootstrap_replicates and table.matrix.shape[0]:
        resampled = bootstrap.resampled_sums([table.matrix], bootstrap_replicates, seed)[0]
    if resampled is not None and resampled.shape[0]:
        boot = derive_all(table.sums(resampled))
        intervals["headline"] = bootstrap.interval(headline_of(boot, table.submitted))
        for name in INTERVAL_METRICS:
            if _scored(name, table.submitted):
                intervals[name] = bootstrap.interval(boot[name])
    layers = {layer: ("scored" if layer in table.submitted else "not submitted") for layer in schemas.LAYERS}
    return ScoreReport(headline=headline, metrics=metrics, intervals=intervals, layers=layers,
                       documents=len(table.doc_ids), bootstrap=bootstrap_replicates, seed=seed, notes=table.notes)


def score_documents(gold: Sequence[Document], predictions: Mapping[str, Layers], *,
                    bootstrap: int = 1000, seed: int = 0) -> ScoreReport:
    """Score predictions (document id -> Layers) against gold documents.

    Gold documents without a prediction are scored as empty predictions (noted in the
    report); layers absent from every prediction are not scored. `bootstrap` replicates
    (0 = none) resample documents with numpy's generator seeded with `seed`.
    """
    return report_from_table(count_table(gold, predictions), bootstrap_replicates=bootstrap, seed=seed)


# ---- reading and validating ----------------------------------------------------------------

def _short(p: Problem) -> Problem:
    if len(p.message) <= _MESSAGE_LIMIT:
        return p
    return Problem(p.file, p.line, p.path, p.message[: _MESSAGE_LIMIT - 1] + "…", p.value)


def load_gold(path: Path) -> tuple[list[Document], list[Problem]]:
    """Gold Documents from a JSONL/JSON file, validated; problems are located FILE:LINE."""
    with paused_gc():
        return _load_gold(path)


def _load_gold(path: Path, *, fast: bool = True) -> tuple[list[Document], list[Problem]]:
    """Gold documents and problems; a JSONL line the fast path vouches for (decoded, schema- and
    semantics-checked in one pass, `fastpath.document_decoder`) skips the ordinary checks and the
    building of typed records, every other line gets the ordinary checks and their messages.
    `fast=False` (for tests) runs the ordinary path on every line."""
    if not fast or path.suffix.lower() == ".json":
        return _load_gold_stream(path)
    file = str(path)
    decode_valid = fastpath.document_decoder()
    docs: list[Document] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for item in iter_jsonl_lines(path, file):
        if type(item) is Problem:
            problems.append(_short(item))
            continue
        line_no, raw = item
        doc = decode_valid(raw)
        if doc is not None:
            doc_id = doc.id
            if doc_id in first_line:
                found: list[Problem] = []
                validate.note_id(doc_id, line_no, file, first_line, found)
                problems.extend(_short(p) for p in found)
            else:
                first_line[doc_id] = line_no
                docs.append(document_of(doc))
            continue
        parsed = parse_jsonl_line(raw, file, line_no)
        if isinstance(parsed, Problem):
            problems.append(_short(parsed))
            continue
        found = validate.record_problems(parsed, file)
        if isinstance(parsed.value.get("id"), str):
            validate.note_id(parsed.value["id"], line_no, file, first_line, found)
        problems.extend(_short(p) for p in found)
        if not found:
            docs.append(Document.from_dict(parsed.value))
    return docs, problems


def document_of(doc: Any) -> Document:
    """A Document around a decoded Document Struct: its span Structs serve as the layer records
    (same attribute names; see `document_row`); meta becomes plain JSON data (schema key order)."""
    return Document(id=doc.id, text=doc.text, meta=orjson.loads(_encode(doc.meta)), layers=gold_layers_of(doc))


def gold_layers_of(doc: Any) -> Layers:
    """The Layers of a decoded Document Struct (its span Structs serve as the records)."""
    return Layers(doc.entities, doc.sources, doc.cues, doc.claims, doc.stances)


def _load_gold_stream(path: Path) -> tuple[list[Document], list[Problem]]:
    docs: list[Document] = []
    problems: list[Problem] = []
    for record, found in validate_stream(iter_records(path), str(path)):
        problems.extend(_short(p) for p in found)
        if record is not None and not found:
            docs.append(Document.from_dict(record.value))
    return docs, problems


MISSING_LISTED = 20
"""Missing documents listed one by one; beyond that a single problem gives the count."""


def check_submission_file(path: Path, gold_by_id: Mapping[str, Document], *, allow_missing: bool,
                          split: str | None) -> tuple[dict[str, Layers], list[Problem]]:
    """Validate a submission file against gold documents; return predictions and problems.

    Checks, each problem located as FILE:LINE: $.path: message: JSON syntax, the submission
    schema (types, unknown fields, unknown labels), offsets inside the gold text, start < end,
    span text equal to the gold slice, unique span ids and resolving references (a stance
    target must be a predicted entity), unknown and duplicate document ids, and documents of
    the gold set with no line (an error unless `allow_missing`). Only lines without problems
    become predictions.
    """
    with paused_gc():
        return _check_submission_file(path, gold_by_id, allow_missing=allow_missing, split=split)


def _check_submission_file(path: Path, gold_by_id: Mapping[str, Document], *, allow_missing: bool,
                           split: str | None, fast: bool = True) -> tuple[dict[str, Layers], list[Problem]]:
    """Check the submission (see `check_submission_file`); called with the collector paused.
    `fast=False` (for tests) runs the ordinary path on every line."""
    file = str(path)
    where = f"the {split} split" if split else "the gold documents"
    predictions: dict[str, Layers] = {}
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    unknown = lines = 0
    for item in (_submission_records(path, file) if fast else iter_records(path, file)):
        if type(item) is tuple:  # (line, Submission Struct, raw line) from the fast path
            line_no, sub, raw = item
            doc_id = sub.id
            gold = gold_by_id.get(doc_id)
            if gold is not None and doc_id not in first_line and fastsubmission.submission_clean(sub, gold.text, raw):
                lines += 1
                first_line[doc_id] = line_no
                predictions[doc_id] = layers_of(sub)
                continue
            item = parse_jsonl_line(raw, file, line_no)  # the ordinary path names the problems
        if isinstance(item, Problem):
            problems.append(_short(item))
            continue
        lines += 1
        value = item.value
        doc_id = value.get("id")
        gold = gold_by_id.get(doc_id) if isinstance(doc_id, str) else None
        found = [Problem(file, item.line, p.path, p.message, p.value) for p in check_submission(value, gold.text if gold else None)]
        if isinstance(doc_id, str):
            if gold is None:
                unknown += 1
                found.append(Problem(file, item.line, "$.id", f"unknown document id {doc_id!r} (not in {where})", doc_id))
            elif doc_id in first_line:
                found.append(Problem(file, item.line, "$.id",
                                     f"duplicate document id {doc_id!r} (first on line {first_line[doc_id]})", doc_id))
            else:
                first_line[doc_id] = item.line
        problems.extend(_short(p) for p in found)
        if not found and gold is not None:
            predictions[doc_id] = Layers.from_dict(value)
    if lines and unknown == lines and gold_by_id:
        problems.append(Problem(file, 0, "$", f"none of the {lines} submission id(s) is in {where}: "
                                              "is this a submission for another split?"))
    elif not allow_missing:
        missing = [d for d in gold_by_id if d not in first_line]
        for doc_id in missing[:MISSING_LISTED]:
            problems.append(Problem(file, 0, "$", f"no line for document {doc_id!r} of {where} "
                                                  "(pass --allow-missing to score missing documents as empty)", doc_id))
        if len(missing) > MISSING_LISTED:
            problems.append(Problem(file, 0, "$", f"... {len(missing) - MISSING_LISTED} more document(s) of {where} "
                                                  "have no line", len(missing)))
    return predictions, problems


def _submission_records(path: Path, file: str) -> Iterator[Record | Problem | tuple[int, Any, bytes]]:
    """The lines of a submission: (line, Submission Struct, raw line) for a JSONL line that decodes
    into the generated Structs (schema-valid but for the span_id pattern, which
    `fastsubmission.submission_clean` checks), else a Record or Problem as `iter_records` gives them."""
    if path.suffix.lower() == ".json":
        yield from iter_records(path, file)
        return
    decode = fastsubmission.submission_decoder()
    for item in iter_jsonl_lines(path, file):
        if type(item) is Problem:
            yield item
            continue
        line_no, raw = item
        sub = decode(raw)
        yield parse_jsonl_line(raw, file, line_no) if sub is None else (line_no, sub, raw)


def layers_of(sub: Any) -> Layers:
    """Layers around a checked Submission Struct: its span Structs serve as the records."""
    present = frozenset(name for name in Layers.NAMES if getattr(sub, name) is not msgspec.UNSET)
    return Layers(*(getattr(sub, name) if name in present else () for name in Layers.NAMES), present=present)


def problem_lines(problems: Iterable[Problem]) -> int:
    """How many distinct (file, line) places the problems are on."""
    return len({(p.file, p.line) for p in problems})


__all__ = [
    "HEADLINE", "HEADLINE_DEFINITION", "INTERVAL_METRICS", "ScoreReport",
    "check_submission_file", "count_table", "layers_table", "derive_all", "document_row",
    "load_gold", "nest", "score_documents",
]

"""Scoring large JSONL files on several cores: line-range shards counted in worker processes.

The serial scorer (warclaims.scoring) reads the gold file, then the submission, then counts;
on 20,000 documents most of that is Python work per line that one core does alone. Here the
gold and submission files are cut into the same line ranges (shard k holds gold lines
[a_k, b_k) and submission lines [a_k, b_k)); each shard is decoded, checked and counted in
its own forked process, and the parent concatenates the count rows in
document id order. The result is the `CountTable` the serial path builds, row for row, so
the report is identical (tests compare them).

This path only ever vouches for inputs it fully understands, as `warclaims.fastpath` does:
every line must pass the fast decode + checks, and every submission line must name a gold
document of its own shard (true when the submission follows the gold order). On anything
else (a problem, an unknown or repeated id, a line the fast path cannot vouch for, a
submission in another order, missing documents) `count_files` returns a `Fallback` with the
reason and the caller runs the serial path, which names every problem or scores the
irregular-but-valid layout. Nothing is skipped or guessed here: a shard either accounts for
every one of its lines or gives up.

Processes are forked (POSIX); where fork is unavailable the serial path is used.
"""

from __future__ import annotations

import mmap
import multiprocessing
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Union

import numpy as np

from . import fastpath, schemas, scoring
from .records import Layers

Buffer = Union[bytes, mmap.mmap]
"""File contents: bytes (tests) or a read-only memory map (files)."""

MIN_SHARD_BYTES = 8 * 1024 * 1024
"""Gold bytes per shard below which another process costs more (fork, transfer) than it saves."""


@dataclass(frozen=True)
class Fallback:
    """The sharded path declined; `reason` says why (the serial path takes over)."""

    reason: str


@dataclass(frozen=True)
class ShardCounts:
    """Count rows of one shard plus what the parent needs to merge them exactly."""

    doc_ids: tuple[str, ...]
    matrix: np.ndarray
    predicted: int
    """Documents of the shard that have a submission line."""
    present: Mapping[str, int]
    """Per layer: submission lines of the shard that carry it."""


@dataclass(frozen=True)
class _Crash:
    """A worker's unexpected exception, carried back as text (a bug, re-raised in the parent)."""

    trace: str


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan(gold: Buffer, pred: Buffer, jobs: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Byte ranges ((gold start, gold end), (pred start, pred end)) of at most `jobs` shards.

    Gold is cut at the first line end after equal byte shares (work follows bytes); the
    submission after the same number of lines. Ranges start at a line start and end after a
    line end (or at the end of the file), so every line is in exactly one shard. Fewer shards
    come back when the files are small (MIN_SHARD_BYTES) or the submission has too few lines.
    """
    jobs = max(1, min(jobs, len(gold) // MIN_SHARD_BYTES))
    cuts: list[tuple[int, int]] = [(0, 0)]
    for k in range(1, jobs):
        g, p = cuts[-1]
        target = len(gold) * k // jobs
        while True:  # walk both files line by line, at least one line, past the gold target
            g_end, p_end = gold.find(b"\n", g), pred.find(b"\n", p)
            if g_end < 0 or p_end < 0:
                break
            g, p = g_end + 1, p_end + 1
            if g > target:
                break
        if g_end < 0 or p_end < 0 or g >= len(gold) or p >= len(pred):
            break  # no line end left on one side: the last shard takes the rest
        cuts.append((g, p))
    cuts.append((len(gold), len(pred)))
    return [((cuts[i][0], cuts[i + 1][0]), (cuts[i][1], cuts[i + 1][1])) for i in range(len(cuts) - 1)]


def _lines(data: Buffer, start: int, end: int) -> list[memoryview]:
    """The lines of data[start:end] (the range ends after a line end or at the end of data) as
    memoryview slices: no copy of the file contents, the decoders read the views directly."""
    view = memoryview(data)
    lines = []
    find = data.find
    while start < end:
        stop = find(b"\n", start, end)
        if stop < 0:
            stop = end
        lines.append(view[start:stop])
        start = stop + 1
    return lines


def count_shard(gold: Buffer, pred: Buffer, gold_range: tuple[int, int], pred_range: tuple[int, int],
                allow_missing: bool, keep: list[Any] | None = None) -> ShardCounts | Fallback:
    """Decode, check and count one shard, or decline with the reason (see the module doc).
    With `keep`, the decoded records are appended to it instead of being freed on return (a
    worker about to exit saves the ~0.1 s per 10,000 documents that freeing them costs)."""
    with scoring.paused_gc():
        decode_doc = fastpath.document_decoder()
        docs: dict[str, Any] = {}
        for n, raw in enumerate(_lines(gold, *gold_range)):
            doc = decode_doc(raw)
            if doc is None:
                return Fallback(f"gold line {n + 1} of the shard needs the full check")
            if doc.id in docs:
                return Fallback(f"gold document id {doc.id!r} repeated")
            docs[doc.id] = doc
        decode_sub = fastpath.submission_decoder()
        clean = fastpath.submission_clean
        preds: dict[str, Layers] = {}
        present = dict.fromkeys(schemas.LAYERS, 0)
        for n, raw in enumerate(_lines(pred, *pred_range)):
            sub = decode_sub(raw)
            if sub is None:
                return Fallback(f"submission line {n + 1} of the shard needs the full check")
            doc = docs.get(sub.id)
            if doc is None or sub.id in preds:
                return Fallback(f"submission id {sub.id!r} is not a new gold id of this shard")
            if not clean(sub, doc.text):
                return Fallback(f"submission line {n + 1} of the shard needs the full check")
            layers = scoring.layers_of(sub)
            for layer in layers.present:
                present[layer] += 1
            preds[sub.id] = layers
        if len(preds) < len(docs) and not allow_missing:
            return Fallback("gold documents without a submission line")
        table = scoring.layers_table([(doc_id, scoring.gold_layers_of(doc)) for doc_id, doc in docs.items()], preds)
        if keep is not None:
            keep.append((docs, preds))
    return ShardCounts(table.doc_ids, table.matrix, len(preds), present)


def _child(conn: Any, *args: Any) -> None:
    """Run `count_shard` in a forked worker, send the result (or the crash) to the parent and
    exit at once: the records die with the process instead of being freed one by one."""
    keep: list[Any] = []
    try:
        result: Any = count_shard(*args, keep)
    except BaseException:  # a bug: carried to the parent, which raises it
        result = _Crash(traceback.format_exc())
    conn.send(result)
    conn.close()
    os._exit(0)


def count_files(gold_path: Path, pred_path: Path, *, allow_missing: bool, jobs: int) -> scoring.CountTable | Fallback:
    """The CountTable of a JSONL submission against a JSONL gold file, counted in up to `jobs`
    processes, or a Fallback (then run the serial path: `scoring.load_gold`,
    `scoring.check_submission_file`, `scoring.count_table`)."""
    if gold_path.suffix.lower() == ".json" or pred_path.suffix.lower() == ".json":
        return Fallback("JSON array files are read whole by the serial path")
    if "fork" not in multiprocessing.get_all_start_methods():
        return Fallback("no fork on this platform")
    try:
        with open(gold_path, "rb") as g, open(pred_path, "rb") as p:
            gold = mmap.mmap(g.fileno(), 0, access=mmap.ACCESS_READ)
            pred = mmap.mmap(p.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as e:  # ValueError: an empty file cannot be mapped
        return Fallback(f"cannot map the files: {e}")
    with gold, pred:
        return _count_mapped(gold, pred, allow_missing=allow_missing, jobs=jobs)


def _count_mapped(gold: Buffer, pred: Buffer, *, allow_missing: bool, jobs: int) -> scoring.CountTable | Fallback:
    """`count_files` on mapped contents, every shard in a forked worker."""
    shards = plan(gold, pred, jobs)
    if len(shards) < 2:
        return Fallback("input too small to be worth more than one process")
    fastpath.document_decoder(), fastpath.submission_decoder()  # built once, inherited by the workers
    ctx = multiprocessing.get_context("fork")
    workers = []
    for gold_range, pred_range in shards:  # every shard in a worker: the parent only waits and merges
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(send, gold, pred, gold_range, pred_range, allow_missing), daemon=True)
        proc.start()
        send.close()
        workers.append((proc, receive))
    results: list[Any] = []
    for proc, receive in workers:
        try:
            results.append(receive.recv())
        except EOFError:
            results.append(_Crash(f"worker {proc.pid} died (exit code {proc.exitcode})"))
        proc.join()
    return merge(results)


def merge(results: list[Any]) -> scoring.CountTable | Fallback:
    """One CountTable from the shards' counts (rows in document id order), or the first Fallback."""
    for r in results:
        if isinstance(r, _Crash):
            raise RuntimeError(f"a scoring worker failed:\n{r.trace}")
    for r in results:
        if isinstance(r, Fallback):
            return r
    ids = [i for r in results for i in r.doc_ids]
    if len(set(ids)) != len(ids):
        return Fallback("a gold document id occurs in two shards")
    predicted = sum(r.predicted for r in results)
    if predicted == 0:
        return Fallback("no predictions")
    present = {layer: sum(r.present[layer] for r in results) for layer in schemas.LAYERS}
    submitted = frozenset(layer for layer, n in present.items() if n)
    lacking = {layer: predicted - n for layer, n in present.items()}
    matrix = np.concatenate([r.matrix for r in results])
    order = sorted(range(len(ids)), key=ids.__getitem__)
    columns = tuple(scoring.count_columns())
    return scoring.CountTable(tuple(ids[i] for i in order), columns, matrix[order],
                              submitted, scoring.table_notes(len(ids) - predicted, lacking, submitted))

"""Scoring large JSONL files on several cores: line-range shards counted in worker processes.

The serial scorer (warclaims.scoring) reads the gold file, then the submission, then counts;
on 20,000 documents most of that is Python work per line that one core does alone. Here both
files are cut into line ranges that hold the same documents (gold at equal byte shares, the
submission at the lines of the same ids; see `plan`); each shard is decoded, checked and
counted in its own forked process, and the parent concatenates the count rows in document
id order. The result is the `CountTable` the serial path builds, row for row, so
the report is identical (tests compare them).

This path only ever vouches for inputs it fully understands, as `warclaims.fastpath` does:
every line must pass the fast decode + checks, and every submission line must name a gold
document of its own shard (true when the submission follows the gold order). On anything
else (a problem, an unknown or repeated id, a line the fast path cannot vouch for, a
submission in another order, missing documents) `count_files` returns a `Fallback` with the
reason and the caller runs the serial path, which names every problem or scores the
irregular-but-valid layout. Nothing is skipped here, and a cut that guessed wrong cannot
change a result: a shard either accounts for every one of its lines or gives up.

Processes are forked (POSIX); where fork is unavailable the serial path is used.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import gc
import mmap
import os
import pickle
import traceback
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, Mapping, Union

import msgspec
import numpy as np
import orjson

from . import fastpath, fastsubmission, schemas, scoring
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
    """The shard's rows, in the smallest integer type that holds them (the pipe carries less)."""
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

    Gold is cut at the first line start after equal byte shares (work follows bytes); the
    submission at the line that holds the id of that gold line, looked for first near the
    same share of the submission (so neither file is read end to end here). Ranges start at
    a line start and end after a line end (or at the end of the file): every line is in
    exactly one shard. When the submission follows the gold order, each shard holds the
    submission lines of its own gold documents; when it does not, a shard finds an id it does
    not know and the whole input falls back. Fewer shards come back when the files are small
    (MIN_SHARD_BYTES) or no cut is found.
    """
    jobs = max(1, min(jobs, len(gold) // MIN_SHARD_BYTES))
    cuts: list[tuple[int, int]] = [(0, 0)]
    for k in range(1, jobs):
        g0, p0 = cuts[-1]
        g = max(len(gold) * k // jobs, g0)
        for _ in range(_TRIES):  # the next gold lines, should the submission lack the first (--allow-missing)
            g = gold.find(b"\n", g) + 1
            if g <= 0 or g >= len(gold):
                break  # no line start left after the target: the last shard takes the rest
            p = _submission_cut(gold, g0, g, pred, p0)
            if p is not None:
                cuts.append((g, p))
                break
        if len(cuts) == k:
            break
    cuts.append((len(gold), len(pred)))
    return [((cuts[i][0], cuts[i + 1][0]), (cuts[i][1], cuts[i + 1][1])) for i in range(len(cuts) - 1)]


class _Id(msgspec.Struct):
    id: str


_ID_DECODER = msgspec.json.Decoder(_Id)
_TRIES = 8


def _line_id(data: Buffer, start: int) -> str | None:
    """The "id" of the JSON object on the line starting at `start`, if it has one."""
    end = data.find(b"\n", start)
    try:
        return _ID_DECODER.decode(data[start:end if end >= 0 else len(data)]).id
    except (msgspec.DecodeError, ValueError):
        return None


def _submission_cut(gold: Buffer, g0: int, g: int, pred: Buffer, p0: int) -> int | None:
    """Start of the first submission line at or after `p0` whose id is the id of the gold line
    starting at `g`; the search begins near the same share of the submission (gold [g0, g)
    against pred [p0, ...)), then from `p0`. None when no such line is found."""
    doc_id = _line_id(gold, g)
    if doc_id is None:
        return None
    needle = orjson.dumps(doc_id)  # the id as written without escapes
    estimate = p0 + (g - g0) * (len(pred) - p0) // max(1, len(gold) - g0)
    for start in dict.fromkeys((max(p0, estimate - len(pred) // 20 - (1 << 20)), p0)):
        pos = pred.find(needle, start)
        for _ in range(_TRIES):
            if pos < 0:
                break
            line = pred.rfind(b"\n", p0, pos) + 1 or p0
            if _line_id(pred, line) == doc_id:
                return line
            pos = pred.find(needle, pos + 1)
    return None


def _last_line(data: Buffer, start: int, end: int) -> int:
    """Start of the last line of data[start:end] (a range that starts at a line start)."""
    stop = end - 1 if data[end - 1:end] == b"\n" else end
    return data.rfind(b"\n", start, stop) + 1 or start


def _id_within(pred: Buffer, line: int, gold: Buffer, g0: int, g1: int) -> bool:
    """False only when the submission line at `line` has an id that gold[g0:g1] does not
    contain: that shard would fail, so the input is not worth the workers (the submission is
    out of gold order). Looked for from both ends of the range, where ids in gold order are."""
    doc_id = _line_id(pred, line)
    if doc_id is None:
        return True  # the worker finds the problem and names it through the serial path
    needle = orjson.dumps(doc_id)
    return gold.find(needle, g0, min(g1, g0 + (1 << 16))) >= 0 or gold.rfind(needle, max(g0, g1 - (1 << 16)), g1) >= 0 \
        or gold.find(needle, g0, g1) >= 0


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
        decode_sub = fastsubmission.submission_decoder()
        clean = fastsubmission.submission_clean
        preds: dict[str, Any] = {}
        present = dict.fromkeys(schemas.LAYERS, 0)
        complete = 0
        for n, raw in enumerate(_lines(pred, *pred_range)):
            sub = decode_sub(raw)
            if sub is None:
                return Fallback(f"submission line {n + 1} of the shard needs the full check")
            doc = docs.get(sub.id)
            if doc is None or sub.id in preds:
                return Fallback(f"submission id {sub.id!r} is not a new gold id of this shard")
            if not clean(sub, doc.text, raw):
                return Fallback(f"submission line {n + 1} of the shard needs the full check")
            if _UNSET in _all_layers(sub):
                layers = scoring.layers_of(sub)
                for layer in layers.present:
                    present[layer] += 1
                preds[sub.id] = layers
            else:  # every layer given: the Struct serves as the Layers (same attribute names)
                complete += 1
                preds[sub.id] = sub
        if len(preds) < len(docs) and not allow_missing:
            return Fallback("gold documents without a submission line")
        for layer in present:
            present[layer] += complete
        empty = Layers(present=frozenset())
        # the Document Structs serve as gold Layers; rows in gold order (the parent sorts by id)
        matrix = scoring.count_matrix(list(docs.values()), [preds.get(doc_id, empty) for doc_id in docs])
        if keep is not None:
            keep.append((docs, preds))
    return ShardCounts(tuple(docs), _compact(matrix), len(preds), present)


_UNSET = msgspec.UNSET
_all_layers = attrgetter(*schemas.LAYERS)


def _compact(matrix: np.ndarray) -> np.ndarray:
    """The counts as int16 when they fit (they are small non-negative numbers): a quarter of
    the bytes to send (10,000 documents: 1.7 MB instead of 6.8 MB); otherwise unchanged."""
    if matrix.size and (matrix.min() < 0 or matrix.max() > np.iinfo(np.int16).max):
        return matrix
    return matrix.astype(np.int16)


def _child(fd: int, *args: Any) -> None:
    """Run `count_shard` in a forked worker, write the pickled result (or the crash) to the
    pipe `fd` and exit at once: the records die with the process instead of being freed one by
    one. The worker closes every descriptor before it exits, so a reader of the parent's output
    sees the end of it when the parent is done, not when the kernel has torn the worker down."""
    code = 1
    try:
        gc.disable()  # nothing to collect in a short-lived worker, and a pass would copy the parent's pages
        keep: list[Any] = []
        try:
            result: Any = count_shard(*args, keep)
        except BaseException:  # a bug: carried to the parent, which raises it
            result = _Crash(traceback.format_exc())
        with open(fd, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os.closerange(0, _MAX_FD)
        os._exit(code)


_MAX_FD = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 256

_UNREAPED: list[int] = []
"""Workers that have sent their counts but may still be exiting (the kernel frees their memory)."""


def _reap(wait: bool = False) -> None:
    """Collect the workers that have exited (with `wait`: all of them). Not waiting lets their
    exit (the kernel freeing their memory) overlap the parent's merge and report; at the
    parent's exit they are waited for, so that no process outlives the command and their CPU
    time is accounted to it."""
    for pid in list(_UNREAPED):
        try:
            done, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:  # already collected elsewhere
            done = pid
        if done:
            _UNREAPED.remove(pid)


atexit.register(_reap, wait=True)


def _fork(args: tuple[Any, ...]) -> tuple[int, int]:
    """Start one worker on `args` (see `_child`); (its pid, the pipe its result arrives on)."""
    receive, send = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):  # a larger pipe: the counts arrive in fewer round trips
            fcntl.fcntl(send, fcntl.F_SETPIPE_SZ, 1 << 20)
    pid = os.fork()
    if pid == 0:
        os.close(receive)
        _child(send, *args)  # never returns
    os.close(send)
    return pid, receive


def _receive(pid: int, fd: int) -> Any:
    """The result a worker wrote to `fd`, or a _Crash when it died before writing all of it."""
    with open(fd, "rb") as pipe:
        data = pipe.read()
    try:
        result = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError):
        _, status = os.waitpid(pid, 0)
        return _Crash(f"worker {pid} died (exit code {os.waitstatus_to_exitcode(status)})")
    _UNREAPED.append(pid)
    return result


def count_files(gold_path: Path, pred_path: Path, *, allow_missing: bool, jobs: int) -> scoring.CountTable | Fallback:
    """The CountTable of a JSONL submission against a JSONL gold file, counted in up to `jobs`
    processes, or a Fallback (then run the serial path: `scoring.load_gold`,
    `scoring.check_submission_file`, `scoring.count_table`)."""
    if gold_path.suffix.lower() == ".json" or pred_path.suffix.lower() == ".json":
        return Fallback("JSON array files are read whole by the serial path")
    if not hasattr(os, "fork"):
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
        return Fallback("no cut into shards: input too small to be worth more than one process, or no "
                        "submission line for the gold lines at the cut (missing or out of order)")
    for (g0, g1), (p0, p1) in shards:
        if p0 < p1 and not (_id_within(pred, p0, gold, g0, g1) and _id_within(pred, _last_line(pred, p0, p1), gold, g0, g1)):
            return Fallback("the submission does not follow the gold order")
    fastpath.document_decoder(), fastsubmission.submission_decoder()  # built once, inherited by the workers
    _reap()
    workers = [_fork((gold, pred, gold_range, pred_range, allow_missing)) for gold_range, pred_range in shards]
    results = [_receive(pid, fd) for pid, fd in workers]  # every shard in a worker: the parent only merges
    _reap()
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
    matrix = np.concatenate([r.matrix for r in results]).astype(np.int64, copy=False)
    if any(a > b for a, b in zip(ids, ids[1:])):
        order = sorted(range(len(ids)), key=ids.__getitem__)
        ids, matrix = [ids[i] for i in order], matrix[order]
    columns = tuple(scoring.count_columns())
    return scoring.CountTable(tuple(ids), columns, matrix, submitted,
                              scoring.table_notes(len(ids) - predicted, lacking, submitted))

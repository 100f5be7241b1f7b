"""Build, verify and describe a release: the only dataset module (with `reader`) that does I/O.

build(): inputs (Label Studio exports through the converter, or converted Document JSONL) ->
validate every record (any problem fails the build) -> spool each annotation to its split's
temporary file (split of its document, see `split`) -> per split: group annotations by document,
compute agreement, adjudicate, write the four configs' Parquet files -> RELEASE.json, history
manifest, CHANGELOG.md, README.md card, croissant.json, agreement/ report. Everything is written
into a temporary directory next to the target, which then replaces the target (`target.swap`);
a failed build removes the temporary directory and leaves the previous release untouched. The
whole build holds the release lock (`lock`): one build per release folder at a time.
Only one split's annotations are in memory at a time.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import orjson

from .. import safe_write, validate
from ..corpus import SEED_ID
from ..problems import Problem
from ..problems import InputError
from ..readers import read_json_file, read_text_file
from . import adjudicate as adj
from . import agreement as agr
from . import changelog, features, layout, manifest, split, stats, target as release_dir
from . import lock as release_lock
from .card import card_body, describe, heatmap, render_card  # noqa: F401  (card_body: public since 0.1.0)
from .inputs import CONVERTER_SKIPS, display, export_files, spool  # noqa: F401  (export_files: public API)
from .reader import CONFIGS, parquet_path
from .verify import release_stats, verify, write_card_section  # noqa: F401  (public API of this module)

BATCH_ROWS = 1000
PARQUET_OPTIONS: dict[str, Any] = {"compression": "zstd", "compression_level": 3, "use_dictionary": True,
                                   "write_statistics": True, "data_page_size": 1 << 20}
"""Fixed Parquet writer settings: same records + same pyarrow => same bytes."""


class BuildError(Exception):
    """A build that must not produce a release; carries located problems."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class Options:
    """Build options (see `warclaims dataset build --help`)."""

    version: str
    reviewers: tuple[str, ...] = ()
    strict: bool = False
    group_by: str = "id"
    ratios: tuple[tuple[str, float], ...] = split.DEFAULT_RATIOS
    seed: str = split.DEFAULT_SEED
    pinned: tuple[tuple[str, str], ...] = ()
    license: str = layout.LICENSE
    allow_synthetic: bool = False
    notes: str = ""
    progress: bool = False
    date: str = ""
    """Release date (YYYY-MM-DD) for croissant.json and the card's citation; "" = today (UTC)."""


def release_date(options: Options) -> str:
    """The release date: `options.date`, or today's UTC date."""
    import datetime

    return options.date or datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def options_of_release(rel: Mapping[str, Any], **overrides: Any) -> Options:
    """Build options that reproduce a release's split from its RELEASE.json."""
    params = rel.get("split") or {}
    return Options(version=rel["version"], group_by=params.get("group_by", "id"),
                   ratios=tuple((n, float(r)) for n, r in params.get("ratios", split.DEFAULT_RATIOS)),
                   seed=params.get("seed", split.DEFAULT_SEED),
                   pinned=tuple(sorted((params.get("pinned") or {}).items())), **overrides)


@dataclass
class Result:
    """What a build did."""

    target: Path
    version: str
    status: str
    release: dict[str, Any]
    ties: list[dict[str, Any]] = field(default_factory=list)
    agreement: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    recovered: list[str] = field(default_factory=list)


def _dedupe(group: list[dict[str, Any]], skipped: Counter[str]) -> list[dict[str, Any]]:
    """One record per annotation id set; the newest (updated_at) copy of a repeated annotation wins."""
    best: dict[tuple[str, ...], dict[str, Any]] = {}
    for a in group:
        ann = a["meta"]["annotation"]
        key = tuple(ann.get("annotation_ids") or ()) or (manifest.doc_hash(a),)
        if key in best:
            skipped["repeated annotation (same annotation id in several exports)"] += 1
            if (ann.get("updated_at") or "") >= (best[key]["meta"]["annotation"].get("updated_at") or ""):
                best[key] = a
        else:
            best[key] = a
    return list(best.values())


class _Writer:
    """Batched Parquet writer with the fixed settings."""

    def __init__(self, path: Path, feats: Any) -> None:
        self.path = path
        self.schema = feats.arrow_schema
        self.writer: Any = None
        self.pending: Any = None
        self.buffer: list[dict[str, Any]] = []
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.buffer:
            if self.writer is None:
                import pyarrow.parquet as pq

                self.pending = safe_write.Pending(self.path, make_parent=True)
                self.writer = pq.ParquetWriter(self.pending.temp, self.schema, **PARQUET_OPTIONS)
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.rows += len(self.buffer)
            self.buffer = []

    def close(self) -> int:
        """Finish the file. No rows -> no file: `datasets` cannot load an empty split, so the card omits it."""
        self.flush()
        if self.writer is not None:
            self.writer.close()
            self.pending.commit()
        return self.rows


def _write(path: Path, text: str) -> None:
    safe_write.write_text(path, text, make_parent=True)


def _read_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def _load_json(path: Path) -> Any:
    """A release history manifest ({"release": ..., "documents": ...}), read strictly; a bad one stops the build."""
    try:
        entry = read_json_file(path, dict)
    except InputError as e:
        raise BuildError(str(e)) from None
    if not isinstance(entry.get("release"), dict) or manifest.check(entry["release"]) or not isinstance(entry.get("documents"), dict):
        raise BuildError(f"{path}: $.release / $.documents: not a release history entry (written by `warclaims dataset build`); "
                         "restore it from version control")
    return entry


def _latest_release(target: Path) -> dict[str, Any] | None:
    hist = target / "releases"
    entries = [p for p in hist.glob("*.json")] if hist.is_dir() else []
    valid = []
    for p in entries:
        try:
            valid.append((manifest.version_tuple(p.stem), p))
        except ValueError:
            raise BuildError(f"{p}: not a release manifest name (expected releases/X.Y.Z.json); "
                             "remove or rename it") from None
    return _load_json(max(valid)[1]) if valid else None


def build(target: Path, options: Options, exports: Sequence[Path] = (), documents: Sequence[Path] = ()) -> Result:
    """Build release `options.version` into `target` (see module docstring); raises BuildError."""
    target = Path(target)
    try:
        manifest.version_tuple(options.version)
        split.check_ratios(options.ratios)
    except ValueError as e:
        raise BuildError(str(e)) from None
    if not exports and not documents:
        raise BuildError("no input: give --exports DIR or --documents FILE")
    try:
        release_dir.check_named(target)
    except release_dir.TargetError as e:
        raise BuildError(str(e)) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with release_lock.hold(target) as taken_over:
            return _build_locked(target, options, exports, documents, taken_over)
    except release_lock.Locked as e:
        raise BuildError(str(e)) from None


def _build_locked(target: Path, options: Options, exports: Sequence[Path], documents: Sequence[Path],
                  taken_over: list[str]) -> Result:
    """The build proper, run while this process holds the release lock: the check that the
    version is new and the swap see the same latest release."""
    try:
        recovered = taken_over + release_dir.prepare(target)
    except release_dir.TargetError as e:
        raise BuildError(str(e)) from None
    latest = _latest_release(target)
    existing = target / "releases" / f"{options.version}.json"
    if latest is not None and not existing.is_file() and \
            manifest.version_tuple(options.version) <= manifest.version_tuple(latest["release"]["version"]):
        raise BuildError(f"version {options.version} is not newer than the latest release {latest['release']['version']}")
    tmp = release_dir.temp_dir(target)
    tmp.mkdir()
    try:
        with _gc_paused():
            result = _build_into(tmp, target, options, list(exports), list(documents), latest, existing)
        result.recovered = recovered
        if result.status == "unchanged":
            shutil.rmtree(tmp)
            return result
        release_dir.swap(tmp, target)
        return result
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the build makes many small acyclic dicts, and repeated
    full collections over one split's records cost about a third of the build time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_into(tmp: Path, target: Path, options: Options, exports: list[Path], documents: list[Path],
                latest: dict[str, Any] | None, existing: Path) -> Result:
    from tqdm import tqdm

    spool_dir = tmp / "_spool"
    spool_dir.mkdir()
    skipped: Counter[str] = Counter()
    problems, spooled = spool(exports, documents, spool_dir, options, skipped)
    if problems:
        raise BuildError(f"{len(problems)} problem(s) in the input; no release was built", problems)
    if sum(spooled.values()) == 0:
        raise BuildError("the input holds no annotations")
    names = [n for n, _ in options.ratios]
    agreement = agr.Agreement()
    ties: list[dict[str, Any]] = []
    by_rule: Counter[str] = Counter()
    doc_index: dict[str, list[str]] = {}
    per_split: dict[str, dict[str, int]] = {}
    provenance: dict[str, Counter[str]] = {}
    entity_stats: Counter[str] = Counter()
    guidelines: Counter[str] = Counter()
    files: list[dict[str, Any]] = []
    errors: list[Problem] = []
    for name in names:
        groups: dict[str, list[dict[str, Any]]] = {}
        with open(spool_dir / f"{name}.jsonl", "rb") as f:
            for raw in f:
                d = orjson.loads(raw)  # the spool this build wrote from records already read strictly
                groups.setdefault(d["id"], []).append(d)
        (spool_dir / f"{name}.jsonl").unlink()
        writers = {c: _Writer(parquet_path(tmp, c, name), layout.config_features(c)) for c in CONFIGS}
        totals: Counter[str] = Counter()
        for doc_id in tqdm(sorted(groups), desc=f"build {name}", unit="doc", disable=not options.progress, file=sys.stderr):
            group = _dedupe(groups.pop(doc_id), skipped)
            views = [adj.view(a) for a in group]
            agreement.add(doc_id, group, views)
            try:
                result = adj.adjudicate(group, options.reviewers, views)
            except adj.AdjudicationError as e:
                errors.append(Problem("", 0, "$", str(e), doc_id))
                continue
            ties += result.ties
            by_rule[result.rule] += 1
            gold = result.gold
            row = features.to_row(gold)
            found = validate.check_document(gold)
            if found:
                errors += [Problem(f"gold:{doc_id}", 0, p.path, p.message, p.value) for p in found]
                continue
            guidelines[gold["meta"]["annotation"]["guidelines_version"]] += 1
            doc_index[doc_id] = [name, manifest.doc_hash(gold)]
            totals.update(stats.doc_counts(gold))
            provenance.setdefault(name, Counter()).update(stats.provenance_counts(gold))
            writers["documents"].add(row)
            writers["inputs"].add(layout.input_row(row))
            writers["entities"].add(layout.entity_row(gold, entity_stats))
            for row in layout.claim_rows(gold):
                writers["claims"].add(row)
            for row in layout.stance_rows(gold):
                writers["stances"].add(row)
        for config, w in writers.items():
            rows = w.close()
            if rows == 0:
                continue
            path = parquet_path(tmp, config, name)
            files.append({"path": path.relative_to(tmp).as_posix(), "sha256": manifest.sha256_file(path), "rows": rows,
                          "bytes": path.stat().st_size, "config": config, "split": name})
        per_split[name] = {k: totals.get(k, 0) for k in stats.all_keys()}
    spool_dir.rmdir()
    if errors:
        raise BuildError(f"{len(errors)} document(s) could not be adjudicated; no release was built", errors)
    if options.strict and ties:
        raise BuildError(f"--strict: {len(ties)} unresolved tie(s)/conflict(s) need review; no release was built",
                         [Problem(f"adjudication:{t['doc_id']}", 0, f"$.{t['layer']}",
                                  t.get("message") or f"tie on {t.get('attribute') or 'item'} {t.get('item')}", t.get("votes"))
                          for t in ties])
    files.sort(key=lambda f: (CONFIGS.index(f["config"]), names.index(f["split"])))
    report = agreement.report(without=[SEED_ID])
    adjudication = {"rule": adj.RULE_TEXT, "by_rule": dict(sorted(by_rule.items())), "ties": ties,
                    "reviewers": sorted(options.reviewers)}
    source_exports = [{"path": display(p), "sha256": manifest.sha256_file(p)} for p in [*exports, *documents]]
    total = {k: sum(per_split[s][k] for s in names) for k in stats.all_keys()}
    counts = {"splits": per_split, "total": total, "adjudication": {"by_rule": adjudication["by_rule"], "ties": len(ties)},
              "entities_config": dict(sorted(entity_stats.items())), "skipped": dict(sorted(skipped.items())),
              "provenance": {n: dict(sorted(provenance[n].items())) for n in names if n in provenance}}
    guidelines_version = max(guidelines.items(), key=lambda kv: (kv[1], kv[0]))[0] if guidelines else "unknown"
    split_params: dict[str, Any] = {"group_by": options.group_by, "ratios": [[n, r] for n, r in options.ratios], "seed": options.seed}
    if options.pinned:
        split_params["pinned"] = dict(options.pinned)
    rel = manifest.release(options.version, guidelines_version,
                           split.rule_text(options.group_by, options.ratios, options.seed, dict(options.pinned)),
                           split_params, adj.RULE_TEXT, source_exports, files, counts)
    bad = manifest.check(rel)
    if bad:
        raise BuildError("RELEASE.json would not be valid: " + "; ".join(bad))
    card_text, cro = describe(tmp, target / "README.md", options, files, per_split, report, counts["provenance"],
                              release_date(options))
    if existing.is_file():
        old = _load_json(existing)["release"]
        if manifest.content_view(old) == manifest.content_view(rel):
            if card_text.encode("utf-8") != _read_bytes(target / "README.md"):  # the card is prose, not data: kept current
                _write(target / "README.md", card_text)
            return Result(target, options.version, "unchanged", old, ties, report, dict(skipped))
        raise BuildError(f"release {options.version} already exists in {target} with different content; "
                         f"releases are immutable: build a new version (e.g. bump to the next patch version)")
    _write(tmp / "agreement" / "agreement.json", manifest.dumps(report, indent=2))
    _write(tmp / "agreement" / "adjudication.json", manifest.dumps(adjudication, indent=2))
    _write(tmp / "agreement" / "agreement.md", agr.to_markdown(report, adjudication))
    heatmap(report, tmp / "agreement" / "heatmap.png")
    history = target / "releases"
    if history.is_dir():
        shutil.copytree(history, tmp / "releases")
    _write(tmp / "releases" / f"{options.version}.json", manifest.dumps({"release": rel, "documents": doc_index}, indent=None) + "\n")
    previous_changelog = target / "CHANGELOG.md"
    changes = changelog.diff(latest["documents"] if latest else {}, doc_index)
    notes = [options.notes.strip()] if options.notes.strip() else []
    prov: Counter[str] = Counter()
    for n in names:
        prov.update(provenance.get(n, {}))
    notes.append(changelog.provenance_note(prov, report["documents"]))
    if options.pinned:
        notes.append(f"Splits: {len(options.pinned)} story group(s) pinned to the previous release's split; a "
                     "document of the previous release moves only when its story (near-duplicate text, "
                     "warclaims.stories) also holds a document of another split, and then to the first of test, "
                     "validation, train.")
    entry = changelog.entry(options.version, latest["release"]["version"] if latest else None, changes,
                            latest["release"]["counts"]["total"] if latest else None, total, notes)
    _write(tmp / "CHANGELOG.md", changelog.prepend(read_text_file(previous_changelog)
                                                   if previous_changelog.is_file() else None, entry))
    _write(tmp / "README.md", card_text)
    _write(tmp / "croissant.json", manifest.dumps(cro, indent=2))
    _write(tmp / "RELEASE.json", manifest.dumps(rel, indent=2))
    return Result(target, options.version, "built", rel, ties, report, dict(skipped))

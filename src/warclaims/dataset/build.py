"""Build, verify and describe a release: the only dataset module (with `reader`) that does I/O.

build(): inputs (Label Studio exports through the converter, or converted Document JSONL) ->
validate every record (any problem fails the build) -> spool each annotation to its split's
temporary file (split of its document, see `split`) -> per split: group annotations by document,
compute agreement, adjudicate, write the four configs' Parquet files -> RELEASE.json, history
manifest, CHANGELOG.md, README.md card, croissant.json, agreement/ report. Everything is written
into a temporary directory next to the target, which then replaces the target by rename; a
failed build removes the temporary directory and leaves the previous release untouched.
Only one split's annotations are in memory at a time.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import orjson

from .. import paths, validate
from ..corpus import SEED_ID
from ..problems import Problem
from ..readers import iter_records
from . import adjudicate as adj
from . import agreement as agr
from . import changelog, croissant, features, layout, manifest, split, stats
from .reader import CONFIGS, iter_rows, parquet_path

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


def _display(path: Path) -> str:
    root = paths.repo_root()
    path = Path(path).resolve()
    for base in (root, Path.cwd()):
        if base is not None and path.is_relative_to(base.resolve()):
            return path.relative_to(base.resolve()).as_posix()
    return path.name


def export_files(exports: Path) -> list[Path]:
    """Raw export snapshots in a directory (*.json except MANIFEST.json), sorted."""
    return sorted(p for p in Path(exports).glob("*.json") if p.name != "MANIFEST.json")


CONVERTER_SKIPS = {"excluded_cancelled": "cancelled annotations (converter)", "excluded_draft": "drafts (converter)",
                   "predictions": "predictions in exports (converter; not annotations)"}


def _iter_inputs(exports: Sequence[Path], documents: Sequence[Path], skipped: Counter[str]) -> Iterator[tuple[str, int, str, Any]]:
    """(file, line, path prefix, record dict | Problem) for every input record; converter exclusions go to `skipped`."""
    for path in exports:
        from ..labelstudio.convert import convert_export_file

        conv = convert_export_file(path)
        for key, reason in CONVERTER_SKIPS.items():
            if conv.counts.get(key):
                skipped[reason] += int(conv.counts[key])
        for p in conv.problems:
            yield _display(path), 0, "", p if isinstance(p, Problem) else Problem(_display(path), 0, "$", str(p))
        for i, d in enumerate(conv.documents):
            yield _display(path), 0, f"$[{i}]", d
    for path in documents:
        shown = _display(path)
        for item in iter_records(path, shown):
            if isinstance(item, Problem):
                yield item.file, item.line, "", item
            else:
                yield shown, item.line, "", item.value


def _locate(p: Problem, file: str, line: int, prefix: str) -> Problem:
    if p.file:
        return p
    path = prefix + p.path[1:] if prefix else p.path
    return Problem(file, line, path, p.message, p.value)


def _spool(exports: Sequence[Path], documents: Sequence[Path], spool_dir: Path, options: Options,
           skipped: Counter[str]) -> tuple[list[Problem], dict[str, int]]:
    """Validate inputs and write each annotation to <spool_dir>/<split>.jsonl; returns problems and rows per split."""
    from tqdm import tqdm

    names = [n for n, _ in options.ratios]
    handles = {n: open(spool_dir / f"{n}.jsonl", "wb") for n in names}
    rows = {n: 0 for n in names}
    problems: list[Problem] = []
    split_of_id: dict[str, str] = {}
    try:
        for file, line, prefix, value in tqdm(_iter_inputs(exports, documents, skipped), desc="read", unit="ann",
                                              disable=not options.progress, file=sys.stderr):
            if isinstance(value, Problem):
                problems.append(_locate(value, file, line, prefix))
                continue
            found = validate.check_document(value)
            if found:
                problems += [_locate(p, file, line, prefix) for p in found]
                continue
            ann = value["meta"]["annotation"]
            if ann["pass"] == "prediction":
                skipped["prediction records (not annotations)"] += 1
                continue
            if value["meta"]["synthetic"] and not options.allow_synthetic:
                problems.append(Problem(file, line, prefix + ".meta.synthetic" if prefix else "$.meta.synthetic",
                                        "synthetic document in a release build (use --allow-synthetic for tests only)", True))
                continue
            name = split.split_of(value, options.group_by, options.ratios, options.seed, dict(options.pinned))
            previous = split_of_id.setdefault(value["id"], name)
            if previous != name:
                problems.append(Problem(file, line, (prefix or "$") + ".meta",
                                        f"annotations of document {value['id']!r} fall into different splits "
                                        f"({previous}, {name}): their group keys differ", None))
                continue
            handles[name].write(orjson.dumps(value) + b"\n")
            rows[name] += 1
    finally:
        for h in handles.values():
            h.close()
    return problems, rows


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

                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.writer = pq.ParquetWriter(self.path, self.schema, **PARQUET_OPTIONS)
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.rows += len(self.buffer)
            self.buffer = []

    def close(self) -> int:
        """Finish the file. No rows -> no file: `datasets` cannot load an empty split, so the card omits it."""
        self.flush()
        if self.writer is not None:
            self.writer.close()
        return self.rows


def _heatmap(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    measures = ["entities_strict", "claims_strict", "attribution", "stances"]
    fig, axes = plt.subplots(1, len(measures), figsize=(4 * len(measures), 4), squeeze=False)
    for ax, measure in zip(axes[0], measures):
        names, matrix = agr.heatmap_matrix(report, measure)
        if not names:  # no annotator pairs: an empty panel says so (an empty image is undefined)
            ax.set_title(f"{measure} F1")
            ax.text(0.5, 0.5, "no annotator pairs", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float).reshape(len(names), len(names))
        ax.imshow(data, vmin=0, vmax=1, cmap="viridis")
        ax.set_title(f"{measure} F1")
        ax.set_xticks(range(len(names)), names, rotation=90, fontsize=7)
        ax.set_yticks(range(len(names)), names, fontsize=7)
        for i in range(len(names)):
            for j in range(len(names)):
                if not np.isnan(data[i, j]):
                    ax.text(j, i, f"{data[i, j]:.2f}", ha="center", va="center", fontsize=7,
                            color="k" if data[i, j] > 0.6 else "w")
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=80, metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)


def card_body(version: str, options: Options) -> str:
    """Default body of dataset/README.md for a first release (hand-editable afterwards)."""
    return f"""
# WarClaims

Entities, attributed claims (claim, source, cue) and stances in conflict reporting.
Release {version}; see RELEASE.json for checksums and CHANGELOG.md for what changed.

## Loading

```python
import datasets
docs = datasets.load_dataset("path/to/dataset", "documents")   # full records
ner = datasets.load_dataset("path/to/dataset", "entities")     # tokens + IOB2 ner_tags
claims = datasets.load_dataset("path/to/dataset", "claims")    # one row per claim, source/cue resolved
stances = datasets.load_dataset("path/to/dataset", "stances")  # one row per stance, polarity ClassLabel
```

In `documents`, `meta.extra` is a JSON string (free-form corpus fields); use
`warclaims.dataset.reader.read_documents(dir, split)` for typed records.

## How the gold standard was made

Adjudication: {adj.RULE_TEXT}. The rule used per document is in `meta.annotation.adjudication`;
items left for review are in agreement/adjudication.json.

Splits: {split.rule_text(options.group_by, options.ratios, options.seed, dict(options.pinned))}. A document never changes split as
documents are added.

<!-- STATS:BEGIN -->
<!-- STATS:END -->

<!-- AGREEMENT:BEGIN -->
<!-- AGREEMENT:END -->
"""


def _card(previous: Path | None, version: str, options: Options, files: list[dict[str, Any]], per_split: dict[str, Any],
          report: dict[str, Any], provenance: Mapping[str, Mapping[str, int]]) -> str:
    body = card_body(version, options)
    if previous is not None and previous.is_file():
        text = previous.read_bytes().decode("utf-8")
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            body = text[4:].split("\n---\n", 1)[1]
    body = stats.write_stats_section(body, per_split)
    body = stats.write_outlet_section(body, provenance)
    body = stats.write_agreement_section(body, report)
    return layout.card_yaml(files, version) + body


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _load_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


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
    latest = _latest_release(target)
    existing = target / "releases" / f"{options.version}.json"
    if latest is not None and not existing.is_file() and \
            manifest.version_tuple(options.version) <= manifest.version_tuple(latest["release"]["version"]):
        raise BuildError(f"version {options.version} is not newer than the latest release {latest['release']['version']}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.build-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        with _gc_paused():
            result = _build_into(tmp, target, options, list(exports), list(documents), latest, existing)
        if result.status == "unchanged":
            shutil.rmtree(tmp)
            return result
        _swap(tmp, target)
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


def _swap(tmp: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
        try:
            os.rename(tmp, target)
        except OSError:
            os.rename(old, target)
            raise
        shutil.rmtree(old)
    else:
        os.rename(tmp, target)


def _build_into(tmp: Path, target: Path, options: Options, exports: list[Path], documents: list[Path],
                latest: dict[str, Any] | None, existing: Path) -> Result:
    from tqdm import tqdm

    spool = tmp / "_spool"
    spool.mkdir()
    skipped: Counter[str] = Counter()
    problems, spooled = _spool(exports, documents, spool, options, skipped)
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
        with open(spool / f"{name}.jsonl", "rb") as f:
            for raw in f:
                d = orjson.loads(raw)
                groups.setdefault(d["id"], []).append(d)
        (spool / f"{name}.jsonl").unlink()
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
    spool.rmdir()
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
    source_exports = [{"path": _display(p), "sha256": manifest.sha256_file(p)} for p in [*exports, *documents]]
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
    if existing.is_file():
        old = _load_json(existing)["release"]
        if manifest.content_view(old) == manifest.content_view(rel):
            return Result(target, options.version, "unchanged", old, ties, report, dict(skipped))
        raise BuildError(f"release {options.version} already exists in {target} with different content; "
                         f"releases are immutable: build a new version (e.g. bump to the next patch version)")
    _write(tmp / "agreement" / "agreement.json", manifest.dumps(report, indent=2))
    _write(tmp / "agreement" / "adjudication.json", manifest.dumps(adjudication, indent=2))
    _write(tmp / "agreement" / "agreement.md", agr.to_markdown(report, adjudication))
    _heatmap(report, tmp / "agreement" / "heatmap.png")
    history = target / "releases"
    if history.is_dir():
        shutil.copytree(history, tmp / "releases")
    _write(tmp / "releases" / f"{options.version}.json", manifest.dumps({"release": rel, "documents": doc_index}, indent=None) + "\n")
    previous_changelog = target / "CHANGELOG.md"
    changes = changelog.diff(latest["documents"] if latest else {}, doc_index)
    notes = [options.notes.strip()] if options.notes.strip() else []
    prov = Counter()
    for n in names:
        prov.update(provenance.get(n, {}))
    notes.append("Gold records by pass: " + ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in sorted(prov.items()) if k.startswith("pass."))
                 + "; by adjudication rule: " + ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in sorted(prov.items()) if k.startswith("adjudication."))
                 + "; by origin: " + ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in sorted(prov.items()) if k.startswith("origin."))
                 + f". Agreement between independent passes over {report['documents']} document(s): agreement/agreement.md.")
    if options.pinned:
        notes.append(f"Splits: {len(options.pinned)} story group(s) pinned to the previous release's split; a "
                     "document of the previous release moves only when its story (near-duplicate text, "
                     "warclaims.stories) also holds a document of another split, and then to the first of test, "
                     "validation, train.")
    entry = changelog.entry(options.version, latest["release"]["version"] if latest else None, changes,
                            latest["release"]["counts"]["total"] if latest else None, total, notes)
    _write(tmp / "CHANGELOG.md", changelog.prepend(previous_changelog.read_bytes().decode("utf-8")
                                                   if previous_changelog.is_file() else None, entry))
    _write(tmp / "README.md", _card(target / "README.md", options.version, options, files, per_split, report, counts["provenance"]))
    description = "WarClaims: entities, attributed claims (claim, source, cue) and stances in conflict reporting."
    cro = croissant.metadata(options.version, options.license, files, {c: layout.config_features(c) for c in CONFIGS},
                             description)
    _write(tmp / "croissant.json", manifest.dumps(cro, indent=2))
    _write(tmp / "RELEASE.json", manifest.dumps(rel, indent=2))
    return Result(target, options.version, "built", rel, ties, report, dict(skipped))


def verify(dataset_dir: Path) -> list[str]:
    """Problems of a built release: manifest schema, checksums, sizes, row counts, records, splits."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dataset_dir = Path(dataset_dir)
    unreadable: set[str] = set()
    release_path = dataset_dir / "RELEASE.json"
    if not release_path.is_file():
        return [f"{release_path}: missing (not a release directory)"]
    try:
        rel = _load_json(release_path)
    except orjson.JSONDecodeError as e:
        return [f"{release_path}: invalid JSON: {e}"]
    out = [f"RELEASE.json {m}" for m in manifest.check(rel)]
    if out:
        return out
    listed = set()
    for f in rel["files"]:
        path = dataset_dir / f["path"]
        listed.add(f["path"])
        if not path.is_file():
            out.append(f"{f['path']}: listed in RELEASE.json but missing")
            continue
        if path.stat().st_size != f["bytes"]:
            out.append(f"{f['path']}: {path.stat().st_size} bytes, RELEASE.json says {f['bytes']}")
        digest = manifest.sha256_file(path)
        if digest != f["sha256"]:
            out.append(f"{f['path']}: sha256 {digest} differs from RELEASE.json {f['sha256']}")
        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except (pa.ArrowInvalid, OSError) as e:
            out.append(f"{f['path']}: unreadable Parquet: {e}")
            unreadable.add(f["path"])
            continue
        if rows != f["rows"]:
            out.append(f"{f['path']}: {rows} rows, RELEASE.json says {f['rows']}")
    for path in sorted((dataset_dir / "data").rglob("*.parquet")):
        rel_path = path.relative_to(dataset_dir).as_posix()
        if rel_path not in listed:
            out.append(f"{rel_path}: data file not listed in RELEASE.json")
    history = dataset_dir / "releases" / f"{rel['version']}.json"
    if not history.is_file() or manifest.content_view(_load_json(history)["release"]) != manifest.content_view(rel):
        out.append(f"releases/{rel['version']}.json: missing or does not match RELEASE.json")
    params = rel.get("split") or {}
    ratios = tuple((n, float(r)) for n, r in params.get("ratios", split.DEFAULT_RATIOS))
    seen: dict[str, str] = {}
    for f in rel["files"]:
        if f.get("config") != "documents" or not (dataset_dir / f["path"]).is_file() or f["path"] in unreadable:
            continue
        expected = {"claims": 0, "stances": 0}
        for i, row in enumerate(iter_rows(dataset_dir, "documents", f["split"])):
            doc = features.from_row(row)
            for p in validate.check_document(doc):
                out.append(f"{f['path']}: row {i} ({doc.get('id')}): {p.path}: {p.message}")
            if doc["id"] in seen:
                out.append(f"{f['path']}: document {doc['id']!r} also in split {seen[doc['id']]}")
            seen[doc["id"]] = f["split"]
            want = split.split_of(doc, params.get("group_by", "id"), ratios, params.get("seed", split.DEFAULT_SEED),
                                  params.get("pinned"))
            if want != f["split"]:
                out.append(f"{f['path']}: document {doc['id']!r} belongs to split {want} by the split rule")
            expected["claims"] += len(doc["claims"])
            expected["stances"] += len(doc["stances"])
        rows_by = {g["config"]: g["rows"] for g in rel["files"] if g.get("split") == f["split"]}
        if rows_by.get("entities", 0) != f["rows"]:
            out.append(f"split {f['split']}: entities rows {rows_by.get('entities', 0)} != documents rows {f['rows']}")
        for config, n in expected.items():
            if rows_by.get(config, 0) != n:
                out.append(f"split {f['split']}: {config} rows {rows_by.get(config, 0)} != {n} {config} in documents")
    return out


def release_stats(dataset_dir: Path) -> dict[str, dict[str, int]]:
    """Per-split label counts recomputed from a release's documents config."""
    from .reader import read_document_dicts, splits

    dataset_dir = Path(dataset_dir)
    order = [n for n, _ in split.DEFAULT_RATIOS]
    if (dataset_dir / "RELEASE.json").is_file():
        rel = _load_json(dataset_dir / "RELEASE.json")
        order = [n for n, _ in rel.get("split", {}).get("ratios", split.DEFAULT_RATIOS)]
    present = splits(dataset_dir)
    names = [n for n in order if n in present] + [n for n in present if n not in order]
    return {name: stats.split_counts(read_document_dicts(dataset_dir, name)) for name in names}


def write_card_section(card: Path, body_writer: Any, data: Any) -> bool:
    """Rewrite one marked section of a card file; returns whether the file changed."""
    old = card.read_bytes().decode("utf-8") if card.is_file() else ""
    new = body_writer(old, data)
    if new != old:
        card.write_bytes(new.encode("utf-8"))
    return new != old

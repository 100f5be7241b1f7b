"""`warclaims demo`: the main job on the shipped data, end to end, printed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from ..paths import repo_root
from .common import BOOTSTRAP, MAX_BOOTSTRAP, InvalidInput, emit_json

_ROOT = repo_root() or Path.cwd()


@click.command("demo")
@click.option("--exports", "exports_dir", type=click.Path(file_okay=False, path_type=Path),
              default=_ROOT / "annotation" / "exports", show_default=True,
              help="Raw Label Studio snapshot exports (with MANIFEST.json).")
@click.option("--dataset", "dataset_dir", type=click.Path(file_okay=False, path_type=Path),
              default=_ROOT / "dataset", show_default=True,
              help="The shipped release the rebuild must reproduce byte for byte.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the rebuilt dataset and baseline runs here (default: a temp dir, removed).")
@click.option("--bootstrap", type=BOOTSTRAP, default=1000, show_default=True,
              help=f"Bootstrap resamples for the 95% intervals (at most {MAX_BOOTSTRAP:,}).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def demo(exports_dir: Path, dataset_dir: Path, workdir: Path | None, bootstrap: int, as_json: bool) -> None:
    """Shipped Label Studio exports -> dataset -> baselines -> scores, printed.

    Rebuilds the release from annotation/exports/ into a scratch directory, checks every data
    file against the sha256 in dataset/RELEASE.json (exit 1 if the rebuild differs), fits
    every baseline on train (tuned on validation), scores it on test with bootstrap intervals,
    and prints one table. The shipped dataset/ and baselines/ are never modified.

    \b
    Example:
      warclaims demo
      warclaims demo --bootstrap 0 --json | jq '.scores'
    """
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="warclaims-demo-") as tmp:
            _demo(exports_dir, dataset_dir, Path(tmp), bootstrap, as_json)
    else:
        _demo(exports_dir, dataset_dir, workdir, bootstrap, as_json)


def _say(as_json: bool, text: str) -> None:
    if not as_json:
        click.echo(text, err=True)


def _changed_inputs(shipped: dict[str, Any], exports: list[Path], exports_dir: Path, release_file: Path) -> str | None:
    """A plain sentence when `exports_dir` no longer holds the exports the release was built from."""
    from ..dataset.input_changes import export_changes, recorded_exports
    from ..dataset.manifest import sha256_file

    recorded = shipped.get("source_exports")
    if not isinstance(recorded, list):
        return None
    changes = export_changes(recorded_exports([e for e in recorded if isinstance(e, dict)]), {p.name: sha256_file(p) for p in exports})
    if not changes:
        return None
    return (f"a new export changed the inputs: {exports_dir} is not what release {shipped.get('version')} was built from "
            f"(source_exports in {release_file}): " + "; ".join(changes)
            + ". Pull into annotation/pulls/ (the default of `warclaims ls pull`), or build a new release from the new exports.")


def _demo(exports_dir: Path, dataset_dir: Path, work: Path, bootstrap: int, as_json: bool) -> None:
    from ..baselines.run import TASK_METRIC, InvalidOutput, ReleaseError, execute
    from ..dataset import build
    from ..dataset.reader import read_release

    release_file = dataset_dir / "RELEASE.json"
    if not release_file.is_file():
        raise InvalidInput(f"{release_file}: no shipped release to reproduce")
    shipped = read_release(dataset_dir)
    rebuilt_dir = work / "dataset"
    exports = build.export_files(exports_dir)
    cause = _changed_inputs(shipped, exports, exports_dir, release_file)
    if cause:
        _say(as_json, f"note: {cause}")
    _say(as_json, f"[1/3] rebuilding release {shipped['version']} from {exports_dir} ...")
    try:
        build.build(rebuilt_dir, build.options_of_release(shipped), exports=exports)
    except build.BuildError as e:
        for p in e.problems:
            click.echo(p.render(), err=True)
        raise InvalidInput(f"{e}" + (f"\n{cause}" if cause else "")) from None
    rebuilt = read_release(rebuilt_dir)
    want = {f["path"]: f["sha256"] for f in shipped["files"]}
    got = {f["path"]: f["sha256"] for f in rebuilt["files"]}
    differing = sorted(p for p in want.keys() | got.keys() if want.get(p) != got.get(p))
    if differing:
        raise InvalidInput(f"the rebuild differs from {release_file} in: {', '.join(differing)}" + (f"\n{cause}" if cause else ""))
    _say(as_json, f"      {len(got)} data files reproduced byte for byte (sha256 as in {release_file})")
    _say(as_json, "[2/3] fitting and running the baselines ...")
    try:
        summary = execute(rebuilt_dir, split="test", out_dir=work / "baselines", bootstrap=bootstrap,
                          progress=lambda name: _say(as_json, f"      {name}"))
    except (ReleaseError, InvalidOutput, FileNotFoundError) as e:
        raise InvalidInput(str(e)) from None
    rows = []
    for r in summary.runs:
        metric = TASK_METRIC[r.spec.task]
        rows.append({"baseline": r.spec.name, "task": r.spec.task, "kind": r.spec.kind, "metric": metric,
                     "value": r.value, "interval": r.interval(metric)})
    if as_json:
        emit_json({"version": shipped["version"], "reproduced_files": len(got), "split": "test",
                   "bootstrap": bootstrap, "scores": rows})
        return
    _say(as_json, "[3/3] scores on the test split")
    click.echo(f"WarClaims {shipped['version']} - test split - scores in %, [95% bootstrap interval, {bootstrap} resamples]")
    width = max(len(r["baseline"]) for r in rows)
    for r in rows:
        iv = r["interval"]
        ci = f"[{100 * iv[0]:5.1f}, {100 * iv[1]:5.1f}]" if iv else ""
        click.echo(f"  {r['baseline']:<{width}}  {r['kind']:<8}  {r['metric']:<32} {100 * r['value']:5.1f}  {ci}")

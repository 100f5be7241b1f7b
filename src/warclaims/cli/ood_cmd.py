"""`warclaims baselines ood`: score the baselines on outside annotated news next to the test split."""

from __future__ import annotations

from pathlib import Path

import click

from ..baselines import registry
from .common import BOOTSTRAP, SEED, InvalidInput, emit_json, render_problems


@click.command("ood")
@click.argument("outside", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", "dataset_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release whose train split the baselines are fitted on and whose test split is the "
                   "in-domain column [default: dataset/ of the checkout].")
@click.option("--runs", "runs_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where `baselines run` wrote runs/ (parameters chosen on validation are read from "
                   "their meta.json) [default: baselines/ of the checkout].")
@click.option("--only", "only", multiple=True, type=click.Choice(list(registry.BASELINES)), metavar="NAME",
              help="Score only this baseline (repeatable) [default: every baseline of the outside data's tasks].")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of every estimator and of the bootstrap.")
@click.option("--bootstrap", type=BOOTSTRAP, default=1000, show_default=True, help="Bootstrap resamples (0: no intervals).")
@click.option("--write", is_flag=True, help="Rewrite the out-of-domain section of the results file.")
@click.option("--results", "results", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Results file for --write [default: baselines/RESULTS.md of the checkout].")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON (fractions, not percent).")
def ood_cmd(outside: tuple[Path, ...], dataset_dir: Path | None, runs_dir: Path | None, only: tuple[str, ...],
            seed: int, bootstrap: int, write: bool, results: Path | None, as_json: bool) -> None:
    """Fit baselines on the release's train split; score them on its test split and on each OUTSIDE.

    Each OUTSIDE is a JSONL file of gold Document records from outside the corpus (made by
    scripts/ood_re3d.py or scripts/ood_own.py). Each baseline is fitted once; a set scores the
    tasks whose layers its records' meta.extra.ood.layers_annotated names (entities, claims). A
    set annotated under another schema (re3d's) is shown in three views (as converted; aligned to
    our span rules with coarse types; aligned and untyped; see warclaims.ood.align); a set
    annotated under the WarClaims guidelines in one (as annotated). Prints the tables; --write puts
    them into RESULTS.md between <!-- OOD:BEGIN --> and <!-- OOD:END -->. Exit 1 if an OUTSIDE
    does not validate or the release lacks a split.

    \b
    Example:
      warclaims baselines ood baselines/ood/re3d/documents.jsonl baselines/ood/own/documents.jsonl --dataset dataset
      warclaims baselines ood baselines/ood/own/documents.jsonl --only claims-linear --bootstrap 0 --json
    """
    from ..baselines.report import replace_section
    from ..baselines.run import ReleaseError
    from ..ood.evaluate import OOD_BEGIN, OOD_END, evaluate_sets, ood_meta
    from ..ood.report import section
    from ..safe_write import write_text
    from ..scoring import load_gold
    from .baselines_cmd import _in_checkout

    sets = []
    for path in outside:
        docs, problems = load_gold(path)
        if problems:
            render_problems(problems, limit=20)
            raise InvalidInput(f"{len(problems)} problem(s) in {path}; nothing scored")
        if not docs:
            raise InvalidInput(f"{path}: no documents")
        about = ood_meta(docs[0])
        sets.append((str(about.get("dataset") or docs[0].meta.get("corpus") or path.stem), docs))

    def progress(baseline: str) -> None:
        if not as_json:
            click.echo(f"fitting and scoring {baseline} ...", err=True)

    try:
        evs = evaluate_sets(dataset_dir or _in_checkout("dataset"), sets,
                            runs_dir=runs_dir or _in_checkout("baselines"), names=only, seed=seed,
                            bootstrap=bootstrap, progress=progress)
    except (ReleaseError, FileNotFoundError, ValueError) as exc:
        raise InvalidInput(str(exc)) from exc
    text = section(evs, bootstrap, seed)
    target = results or _in_checkout("baselines") / "RESULTS.md"
    if write:
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        write_text(target, replace_section(old, text, OOD_BEGIN, OOD_END), make_parent=True)
    if as_json:
        emit_json({"sets": [ev.to_dict() for ev in evs], "written": str(target) if write else None})
        return
    click.echo(text, nl=False)
    if write:
        click.echo(f"wrote the out-of-domain section of {target}")

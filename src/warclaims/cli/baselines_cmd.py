"""`warclaims baselines`: list the baselines; fit, tune, predict, write and score them on a release."""

from __future__ import annotations

from pathlib import Path

import click

from ..baselines import registry
from .common import BOOTSTRAP, MAX_BOOTSTRAP, SEED, InvalidInput, emit_json


def _in_checkout(name: str) -> Path:
    """`name` at the repository root when running from a checkout, else under the current directory."""
    from ..paths import repo_root

    root = repo_root()
    return root / name if root else Path(name)


@click.group("baselines")
def baselines() -> None:
    """Floors and scikit-learn baselines for entities, attributed claims and stance.

    \b
    Example:
      warclaims baselines list
      warclaims baselines run --dataset dataset --split test
    """


@baselines.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the baselines as JSON.")
def list_cmd(as_json: bool) -> None:
    """List every baseline: name, task, floor or baseline, what it does, what is tuned.

    \b
    Example:
      warclaims baselines list
      warclaims baselines list --json | jq '.[].name'
    """
    from ..baselines.run import TASK_METRIC

    rows = [{"name": s.name, "task": s.task, "kind": s.kind, "task_metric": TASK_METRIC[s.task],
             "description": s.description, "grid": {k: list(v) for k, v in s.grid.items()}}
            for s in registry.BASELINES.values()]
    if as_json:
        emit_json(rows)
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        click.echo(f"{r['name']:<{width}}  {r['task']:<10}  {r['kind']:<8}  {r['description']}")


@baselines.command("run")
@click.option("--dataset", "dataset_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release directory (RELEASE.json, data/documents/<split>.parquet) [default: dataset/ of the checkout].")
@click.option("--split", default="test", show_default=True, help="Split to predict and score (fit on train, tune on validation).")
@click.option("--only", "only", multiple=True, type=click.Choice(list(registry.BASELINES)), metavar="NAME",
              help="Run only this baseline (repeatable); see `warclaims baselines list`.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where runs/<name>/<version>/ and RESULTS.md are written [default: baselines/ of the checkout].")
@click.option("--card", "cards", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Card whose RESULTS section is rewritten (repeatable; e.g. dataset/README.md and CARD.md). "
                   "Without it no card is touched.")
@click.option("--no-card", is_flag=True, help="Touch no card even when --card is given (for scripts).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of every estimator and of the bootstrap.")
@click.option("--bootstrap", type=BOOTSTRAP, default=1000, show_default=True,
              help=f"Bootstrap resamples for the 95% intervals (0: none, at most {MAX_BOOTSTRAP:,}).")
@click.option("--curve", default="", metavar="SHARES",
              help="Also refit each baseline on these shares of train (e.g. 0.25,0.5) and write learning curves "
                   "to learning_curve.md/.json/.png (RESULTS.md is the same with or without).")
@click.option("--save-models", is_flag=True, help="Also save each fitted model as model.joblib (loaded with a version check).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def run_cmd(dataset_dir: Path | None, split: str, only: tuple[str, ...], out_dir: Path | None, cards: tuple[Path, ...],
            no_card: bool, seed: int, bootstrap: int, curve: str, save_models: bool, as_json: bool) -> None:
    """Fit every baseline on train, tune on validation, predict SPLIT, write and score submissions.

    Writes OUT/runs/<name>/<version>/{submission.jsonl,score.json,meta.json} (meta.json holds the
    model_version `<name>@<version>` for `warclaims ls import --predictions`), OUT/RESULTS.md, and,
    for each --card, the section between <!-- RESULTS:BEGIN --> and <!-- RESULTS:END --> (these
    only when every baseline runs, i.e. without --only). No card is touched without --card.
    Deterministic: two runs write identical files, so on a clean clone with the shipped release
    the default run rewrites baselines/ byte for byte. Exit 1 if the release is missing or lacks
    the train or SPLIT split.

    \b
    Example:
      warclaims baselines run --dataset dataset --split test
      warclaims baselines run --only entities-crf --only entities-floor-frequent --bootstrap 0 --out .scratch/b --json
      warclaims baselines run --dataset dataset --split test --curve 0.25,0.5 --card dataset/README.md --card CARD.md
    """
    from ..baselines.run import TASK_METRIC, InvalidOutput, ReleaseError, below_floor, execute

    dataset_dir = dataset_dir or _in_checkout("dataset")
    out_dir = out_dir or _in_checkout("baselines")

    def progress(name: str) -> None:
        if not as_json:
            click.echo(f"running {name} ...", err=True)

    try:
        shares = tuple(float(x) for x in curve.split(",") if x.strip())
    except ValueError:
        raise click.BadParameter(f"{curve!r}: expected shares such as 0.25,0.5", param_hint="--curve") from None
    if any(not 0 < x <= 1 for x in shares):
        raise click.BadParameter(f"{curve!r}: every share must be in (0, 1]", param_hint="--curve")
    try:
        summary = execute(dataset_dir, split=split, only=only, out_dir=out_dir, cards=() if no_card else cards,
                          seed=seed, bootstrap=bootstrap, save_models=save_models, progress=progress, curve=shares)
    except (ReleaseError, InvalidOutput, FileNotFoundError) as exc:
        raise InvalidInput(str(exc)) from exc
    if as_json:
        emit_json(summary.to_dict())
        return
    click.echo(f"WarClaims {summary.dataset_version}, split {summary.split}: scores in %, [95% interval]")
    width = max(len(r.spec.name) for r in summary.runs)
    for r in summary.runs:
        metric = TASK_METRIC[r.spec.task]
        iv = r.interval(metric)
        ci = f" [{100 * iv[0]:5.1f}, {100 * iv[1]:5.1f}]" if iv else ""
        click.echo(f"{r.spec.name:<{width}}  {r.spec.kind:<8}  {metric:<30} {100 * r.value:5.1f}{ci}"
                   f"  tune+fit {r.fit_seconds:6.2f} s  predict {r.predict_seconds:6.2f} s")
    for b, f, v, fv in below_floor(summary.runs):
        click.echo(f"warning: {b} ({100 * v:.1f}) is below the floor {f} ({100 * fv:.1f})", err=True)
    for note in summary.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {len(summary.written)} file(s) under {out_dir}" + (f" and {', '.join(map(str, summary.cards))}" if summary.cards else ""))


@baselines.command("predict")
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", "dataset_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release whose train split the baselines are fitted on [default: dataset/ of the checkout].")
@click.option("--only", "only", multiple=True, type=click.Choice(list(registry.BASELINES)), metavar="NAME",
              help="Baselines to compose, in order (repeatable) [default: entities-crf, claims-linear, stance-linear-e2e].")
@click.option("--runs", "runs_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where `baselines run` wrote runs/; tuned parameters are read from their meta.json "
                   "[default: baselines/ of the checkout].")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Submission JSONL to write (pre-annotations for `warclaims ls import --predictions`).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of every estimator.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def predict_cmd(articles: Path, dataset_dir: Path | None, only: tuple[str, ...], runs_dir: Path | None, out_file: Path,
                seed: int, as_json: bool) -> None:
    """Pre-annotate ARTICLES (JSONL lines {id, text, meta}) with baselines fitted on the release.

    The baselines run in order, each on the layers predicted so far (stances over predicted
    entities, sources and claims), and their layers are merged into one submission line per
    article. Prints the model_version to pass to `warclaims ls import --model-version`.

    \b
    Example:
      warclaims baselines predict annotation/articles/pilot.jsonl --out .scratch/pre.jsonl
      warclaims ls import annotation/articles/pilot.jsonl --predictions .scratch/pre.jsonl \\
          --model-version entities-crf+claims-linear+stance-linear-e2e@0.2.2
    """
    import json

    from ..articles import check_article_text
    from ..baselines.run import PIPELINE, InvalidOutput, ReleaseError, predict_articles
    from ..problems import Problem, with_location
    from ..readers import iter_records
    from .common import render_problems

    dataset_dir = dataset_dir or _in_checkout("dataset")
    runs_dir = runs_dir or _in_checkout("baselines")
    values, problems = [], []
    for item in iter_records(articles):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        found = with_location(check_article_text(item.value), str(articles), item.line)
        (problems.extend(found) if found else values.append(item.value))
    if problems:
        render_problems(problems)
        raise InvalidInput(f"{len(problems)} problem(s) in {articles}; nothing predicted")
    try:
        version, lines, params = predict_articles(dataset_dir, values, names=only or PIPELINE, out_dir=runs_dir, seed=seed)
    except (ReleaseError, InvalidOutput, FileNotFoundError) as exc:
        raise InvalidInput(str(exc)) from exc
    from ..safe_write import write_text

    write_text(out_file, "".join(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n" for x in lines), make_parent=True)
    summary = {"model_version": version, "articles": len(lines), "out": str(out_file), "params": params}
    if as_json:
        emit_json(summary)
    else:
        click.echo(f"wrote {len(lines)} prediction line(s) to {out_file}; model_version {version}")


def _register_ood() -> None:
    from .ood_cmd import ood_cmd

    baselines.add_command(ood_cmd)


_register_ood()

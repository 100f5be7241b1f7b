"""`warclaims score`: validate a submission against gold documents, then score it.

`warclaims score PRED.jsonl` scores one submission; `warclaims score compare A.jsonl B.jsonl`
runs a paired bootstrap of two. The logic lives in warclaims.scoring (validation, metrics)
and warclaims.reports (rendering); this module only parses options and prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from .common import (BOOTSTRAP, JOBS, MAX_BOOTSTRAP, MAX_JOBS, PROBLEM_GROUPS, SEED, InvalidInput, emit_json, problems_json,
                     render_problem_groups)

DEFAULT_DATASET = Path("dataset")


class ScoreGroup(click.Group):
    """A group whose default subcommand is `run`: `score PRED.jsonl` means `score run PRED.jsonl`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.commands["run"].format_help(ctx, formatter)
        with formatter.section("Other commands"):
            formatter.write_dl([("compare", "Paired bootstrap of two submissions: how often A beats B "
                                            "(warclaims score compare --help).")])


def gold_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--gold / --dataset / --split / --allow-missing / --bootstrap / --seed, shared by both commands."""
    options = [
        click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Gold Document records (JSONL or JSON); validated before use."),
        click.option("--dataset", type=click.Path(file_okay=False, path_type=Path),
                     help="A built release directory (dataset/data/documents/<split>.parquet). "
                          "Default: ./dataset when --gold is not given."),
        click.option("--split", default=None, help="Split of --dataset to score against.  [default: test]"),
        click.option("--allow-missing", is_flag=True,
                     help="Score gold documents without a submission line as empty predictions instead of failing."),
        click.option("--bootstrap", "replicates", type=BOOTSTRAP, default=1000, show_default=True,
                     help=f"Bootstrap replicates for the 95% intervals (0 = none, at most {MAX_BOOTSTRAP:,})."),
        click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of the bootstrap resampling."),
        click.option("--max-problems", type=PROBLEM_GROUPS, default=20, show_default=True,
                     help="Problems are grouped by (path with [*] for array indices, message) with a count; "
                          "show at most this many groups (0 = all). --json always lists every problem."),
        click.option("--jobs", type=JOBS, default=None,
                     help="Processes for a large --gold JSONL file (>= 8 MB per process): line ranges of gold and "
                          "submission are checked and counted in parallel, same results. One process is used when "
                          "the submission does not follow the gold order or has a problem.  "
                          f"[default: CPUs available; 1..{MAX_JOBS}]"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.group("score", cls=ScoreGroup)
def score() -> None:
    """Score a submission against gold documents."""


@score.command("run", hidden=True)
@click.argument("predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@gold_options
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON (stable keys) on stdout.")
@click.option("--markdown", is_flag=True, help="Print a Markdown leaderboard header and row instead of the table.")
@click.option("--name", default=None, help="System name in the Markdown row and the plot titles.  "
                                           "[default: PREDICTIONS file stem]")
@click.option("--plots", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write PNG plots (per-type entity strict F1 in %, stance confusion matrix counts), titled "
                   "with the system name, into this directory.")
def run(predictions: Path, gold: Path | None, dataset: Path | None, split: str | None, allow_missing: bool,
        replicates: int, seed: int, max_problems: int, jobs: int | None, as_json: bool, markdown: bool,
        name: str | None, plots: Path | None) -> None:
    """Validate PREDICTIONS (submission JSONL) against the gold documents, then score it.

    Validation comes first and is complete: JSON syntax, schema/submission.schema.json
    (types, unknown fields, unknown labels), offsets inside the gold text, start < end,
    span text equal to the gold slice, span ids and references (a stance target must be
    a predicted entity), unknown and duplicate document ids, and missing documents (an
    error unless --allow-missing). Problems are grouped by path pattern (array indices as
    [*]) and message, with a count and the FILE:LINE of the first, largest group first
    (--max-problems groups, default 20); --json lists every problem and the groups. The
    exit code is then 1. Metrics are defined in docs/METRICS.md; the headline score is
    the mean of entities strict micro-F1, attribution pair F1 and stance end-to-end F_avg,
    with 95% bootstrap intervals over documents. A layer absent from every line is not
    scored (and counts 0 in the headline).

    \b
    Example:
      warclaims score baselines/runs/entities-crf/0.2.2/submission.jsonl --dataset dataset --split test
      warclaims score baselines/runs/entities-crf/0.2.2/submission.jsonl --bootstrap 0 --json
      warclaims score baselines/runs/entities-crf/0.2.2/submission.jsonl --markdown --name entities-crf
      warclaims score baselines/runs/entities-crf/0.2.2/submission.jsonl --max-problems 0   # every problem group
      warclaims score baselines/runs/entities-crf/0.2.2/submission.jsonl --plots .scratch/plots/ --name entities-crf
      warclaims score compare baselines/runs/entities-crf/0.2.2/submission.jsonl baselines/runs/entities-floor-frequent/0.2.2/submission.jsonl
    """
    from .. import reports, scoring

    table = _count_table(predictions, gold, dataset, split, allow_missing, jobs, as_json, max_problems)
    report = scoring.report_from_table(table, bootstrap_replicates=replicates, seed=seed)
    written = reports.write_plots(report, plots, name or predictions.stem) if plots else []
    if as_json:
        emit_json(report.to_dict())
    elif markdown:
        click.echo(reports.markdown_header())
        click.echo(reports.markdown_row(report, name or predictions.stem))
    else:
        console = _console()
        for part in reports.render_table(report, title=f"{predictions} — {report.documents} document(s), in %"):
            console.print(part)
    for path in written:
        click.echo(f"wrote {path}", err=True)
    if plots:
        for layer, plot in (("entities", "per-type F1"), ("stances", "stance confusion")):
            if report.layers[layer] != "scored":
                click.echo(f"no {plot} plot: layer {layer} not submitted", err=True)


@score.command("compare")
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@gold_options
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON (stable keys) on stdout.")
def compare(a: Path, b: Path, gold: Path | None, dataset: Path | None, split: str | None, allow_missing: bool,
            replicates: int, seed: int, max_problems: int, jobs: int | None, as_json: bool) -> None:
    """Paired bootstrap of two submissions A and B on the same gold documents.

    Both submissions are validated as in `warclaims score`; then each replicate resamples
    documents once and scores A and B on the same resample. Reported per headline metric:
    A, B, A - B with its 95% interval, and the share of replicates in which A beats B.

    \b
    Example:
      warclaims score compare baselines/runs/entities-crf/0.2.2/submission.jsonl \\
          baselines/runs/entities-floor-frequent/0.2.2/submission.jsonl --dataset dataset --split test
      warclaims score compare baselines/runs/entities-crf/0.2.2/submission.jsonl baselines/runs/entities-floor-frequent/0.2.2/submission.jsonl --bootstrap 5000 --json
    """
    from .. import compare as comparing
    from .. import reports, scoring

    table_a = _sharded_table(a, gold, dataset, allow_missing, jobs)
    table_b = _sharded_table(b, gold, dataset, allow_missing, jobs) if table_a is not None else None
    if table_a is None or table_b is None:  # one process; a table the parallel path vouched for is kept
        docs, split_used = _gold_documents(gold, dataset, split, max_problems)
        if table_a is None:
            table_a = scoring.count_table(docs, _checked_submission(a, docs, allow_missing, split_used, dataset, as_json,
                                                                    max_problems))
        table_b = scoring.count_table(docs, _checked_submission(b, docs, allow_missing, split_used, dataset, as_json,
                                                                max_problems))
    result = comparing.compare_tables(table_a, table_b, bootstrap=replicates, seed=seed)
    if as_json:
        data = result.to_dict()
        data["a"]["file"], data["b"]["file"] = str(a), str(b)
        emit_json(data)
        return
    console = _console()
    for part in reports.render_compare(result, str(a), str(b)):
        console.print(part)


def _console() -> Any:
    """A rich console at least 100 columns wide, so that piped tables do not wrap."""
    from rich.console import Console

    console = Console(highlight=False)
    return Console(highlight=False, width=max(console.width, 100))


def _sharded_table(predictions: Path, gold: Path | None, dataset: Path | None, allow_missing: bool,
                   jobs: int | None) -> Any | None:
    """The count table from the parallel path (warclaims.shards), or None when it declines."""
    if gold is None or dataset is not None:
        return None
    from .. import shards

    table = shards.count_files(gold, predictions, allow_missing=allow_missing, jobs=jobs or shards.default_jobs())
    return None if isinstance(table, shards.Fallback) else table


def _count_table(predictions: Path, gold: Path | None, dataset: Path | None, split: str | None,
                 allow_missing: bool, jobs: int | None, as_json: bool, max_problems: int) -> Any:
    """Count rows of a valid submission (parallel path first); otherwise print every problem and exit 1."""
    from .. import scoring

    table = _sharded_table(predictions, gold, dataset, allow_missing, jobs)
    if table is not None:
        return table
    docs, split_used = _gold_documents(gold, dataset, split, max_problems)
    preds = _checked_submission(predictions, docs, allow_missing, split_used, dataset, as_json, max_problems)
    return scoring.count_table(docs, preds)


def _gold_documents(gold: Path | None, dataset: Path | None, split: str | None,
                    max_problems: int = 20) -> tuple[list[Any], str | None]:
    """Gold documents from --gold (validated) or from a release split; exit 1 on problems."""
    from .. import scoring

    if gold is not None and dataset is not None:
        raise click.UsageError("give either --gold or --dataset, not both")
    if gold is not None:
        docs, problems = scoring.load_gold(gold)
        if problems:
            render_problem_groups(problems, max_problems)
            raise InvalidInput(f"gold file {gold} has {len(problems)} problem(s); fix it before scoring")
        if not docs:
            raise InvalidInput(f"gold file {gold} holds no documents")
        return docs, split
    dataset = dataset or DEFAULT_DATASET
    split = split or "test"
    if not dataset.is_dir():
        raise InvalidInput(f"no gold documents: {dataset}/ does not exist; pass --gold FILE or --dataset DIR")
    from ..dataset.reader import read_documents

    try:
        docs = list(read_documents(dataset, split))
    except (OSError, ValueError, KeyError) as e:
        raise InvalidInput(f"cannot read split {split!r} of {dataset}: {e}") from None
    if not docs:
        raise InvalidInput(f"split {split!r} of {dataset} holds no documents")
    return docs, split


def _checked_submission(path: Path, docs: list[Any], allow_missing: bool, split: str | None,
                        dataset: Path | None, as_json: bool, max_problems: int) -> dict[str, Any]:
    """Predictions of a valid submission; otherwise print every problem and exit 1."""
    from .. import scoring

    gold_by_id = {d.id: d for d in docs}
    preds, problems = scoring.check_submission_file(path, gold_by_id, allow_missing=allow_missing, split=split)
    if not problems:
        return preds
    hint = _other_split_hint(path, problems, dataset, split)
    if as_json:
        emit_json({"summary": {"file": str(path), "problems": len(problems),
                               "lines_with_problems": scoring.problem_lines(problems), "hint": hint},
                   **problems_json(problems)})
    else:
        render_problem_groups(problems, max_problems)
        if hint:
            click.echo(hint, err=True)
        click.echo(f"INVALID: {path}: {len(problems)} problem(s) on {scoring.problem_lines(problems)} line(s); "
                   "nothing scored", err=True)
    raise SystemExit(1)


def _other_split_hint(path: Path, problems: list[Any], dataset: Path | None, split: str | None) -> str | None:
    """When no submission id is in the split scored, name the release split that has them."""
    if split is None or not any("another split" in p.message for p in problems):
        return None
    from ..dataset import reader
    from ..readers import Record, iter_records

    root = dataset or DEFAULT_DATASET
    ids = {r.value.get("id") for r in iter_records(path) if isinstance(r, Record)}
    for other in reader.splits(root):
        if other == split:
            continue
        try:
            other_ids = {d["id"] for d in reader.read_document_dicts(root, other)}
        except (OSError, ValueError, KeyError):
            continue
        if ids & other_ids:
            return f"hint: the submission's ids are in the {other!r} split; score it with --split {other}"
    return None

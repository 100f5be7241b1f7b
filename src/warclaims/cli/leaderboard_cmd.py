"""`warclaims leaderboard`: rank submissions on one gold split, as Markdown, HTML and JSON.

Thin shell over warclaims.leaderboard: submissions are validated and counted exactly as
`warclaims score` does it (same gold options, same problems), then ranked with paired bootstrap
intervals.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..readers import read_json_file
from .common import BOOTSTRAP, MAX_BOOTSTRAP, SEED, InvalidInput, emit_json
from .score_cmd import DEFAULT_DATASET, _checked_submission, _gold_documents

SUBMISSION = "submission.jsonl"


def _system_of(run: Path) -> tuple[str, str, Path, frozenset[str] | None]:
    """(name, version, submission file, predicted layers or None) of a run directory or a submission file."""
    if run.is_dir():
        submission = run / SUBMISSION
        if not submission.is_file():
            raise InvalidInput(f"{run}: a run directory must hold {SUBMISSION}")
        meta_file = run / "meta.json"
        if not meta_file.is_file():
            return run.name, "-", submission, None
        meta = read_json_file(meta_file, dict)
        for key in ("name", "model_version"):
            if key in meta and not isinstance(meta[key], str):
                raise InvalidInput(f"{meta_file}: $.{key} must be a string")
        predicted = meta.get("predicted_layers")
        if predicted is not None and not (isinstance(predicted, list) and all(isinstance(x, str) for x in predicted)):
            raise InvalidInput(f"{meta_file}: $.predicted_layers must be a list of layer names")
        name = meta.get("name") or run.name
        version = (meta.get("model_version") or "-").removeprefix(f"{name}@")
        return name, version, submission, None if predicted is None else frozenset(predicted)
    return run.stem, "-", run, None


@click.command("leaderboard")
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold Document records (JSONL or JSON); validated before use.")
@click.option("--dataset", type=click.Path(file_okay=False, path_type=Path),
              help=f"A built release directory. Default: ./{DEFAULT_DATASET} when --gold is not given.")
@click.option("--split", default=None, help="Split of --dataset to rank on.  [default: test]")
@click.option("--allow-missing", is_flag=True, help="Score gold documents without a submission line as empty predictions.")
@click.option("--bootstrap", "replicates", type=BOOTSTRAP, default=1000, show_default=True,
              help=f"Bootstrap replicates, shared by all systems (0 = no intervals and no marks; at most {MAX_BOOTSTRAP:,}).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of the bootstrap resampling.")
@click.option("--title", default="WarClaims leaderboard", show_default=True, help="Title of the table and the page.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write LEADERBOARD.md, index.html and leaderboard.json into this folder (created if missing).")
@click.option("--json", "as_json", is_flag=True, help="Print the leaderboard as JSON (stable keys) on stdout.")
def leaderboard(runs: tuple[Path, ...], gold: Path | None, dataset: Path | None, split: str | None, allow_missing: bool,
                replicates: int, seed: int, title: str, out_dir: Path | None, as_json: bool) -> None:
    """Rank submissions scored on the same gold documents, with paired bootstrap marks.

    Each RUN is a run directory (submission.jsonl, and meta.json giving `name` and
    `model_version`, as `warclaims baselines run` writes them) or a submission JSONL file (named
    by its file stem). Layers a run submitted but did not predict (not in meta.json's
    `predicted_layers`, e.g. the gold entities a stance baseline is given) show as gold input and
    are not scored for it. Every submission is validated as in `warclaims score`; all systems are
    resampled on the same documents. Per column (headline, and the main F1 of each layer) the best
    system is bold, and ≈ marks a system whose difference from the best is not significant.

    \b
    Example:
      warclaims leaderboard baselines/runs/*/0.2.0 --dataset dataset --split test
      warclaims leaderboard baselines/runs/entities-*/0.2.0 --bootstrap 2000 --json
      warclaims leaderboard baselines/runs/claims-linear/0.2.0/submission.jsonl baselines/runs/claims-floor-frequent/0.2.0
    """
    from .. import leaderboard as board_mod
    from .. import safe_write, scoring

    systems_in = [_system_of(run) for run in runs]
    docs, split_used = _gold_documents(gold, dataset, split)
    systems = []
    for name, version, submission, predicted in systems_in:
        preds = _checked_submission(submission, docs, allow_missing, split_used, dataset, as_json, 20)
        table = scoring.count_table(docs, preds)
        given = frozenset() if predicted is None else table.submitted - predicted
        systems.append(board_mod.System(name, version, table, given))
    try:
        board = board_mod.rank(systems, replicates=replicates, seed=seed, title=title)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    data: dict[str, Any] = board.to_dict()
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise InvalidInput(f"--out {out_dir}: not a directory")
        out_dir.mkdir(parents=True, exist_ok=True)
        safe_write.write_text(out_dir / "LEADERBOARD.md", board_mod.to_markdown(board))
        safe_write.write_text(out_dir / "index.html", board_mod.to_html(board))
        safe_write.write_text(out_dir / "leaderboard.json", json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    if as_json:
        emit_json(data)
        return
    click.echo(board_mod.to_markdown(board))
    if out_dir is not None:
        click.echo(f"Wrote {out_dir / 'LEADERBOARD.md'}, {out_dir / 'index.html'} and {out_dir / 'leaderboard.json'}", err=True)

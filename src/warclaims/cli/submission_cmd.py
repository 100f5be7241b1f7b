"""`warclaims submission`: start a submission from a release's gold-free inputs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import InvalidInput, emit_json


@click.group("submission")
def submission() -> None:
    """Start a submission for a split of a release (see schema/submission.schema.json).

    \b
    Example:
      warclaims submission skeleton --dataset dataset --split test --out .scratch/skeleton.jsonl
    """


@submission.command("skeleton")
@click.option("--dataset", "dataset_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release directory [default: dataset/ of the checkout].")
@click.option("--split", default="test", show_default=True, help="Split whose documents the submission covers.")
@click.option("--layer", "layers", multiple=True, type=click.Choice(["entities", "sources", "cues", "claims", "stances"]),
              help="Layer to include as an empty list (repeatable) [default: all five].")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Submission JSONL to write: one line per document, in the release's order.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def skeleton_cmd(dataset_dir: Path | None, split: str, layers: tuple[str, ...], out_file: Path, as_json: bool) -> None:
    """Write an empty, valid submission for SPLIT: {"id": ..., "entities": [], ...} per document.

    Document ids come from the gold-free `inputs` config (id, text, meta without annotation;
    releases before 0.2.1 have none, and their `documents` config gives the ids). The file is
    accepted by `warclaims score` as it is (every layer scores 0); fill the lists with your
    system's spans, offsets into the input `text`.

    \b
    Example:
      warclaims submission skeleton --dataset dataset --split test --out .scratch/skeleton.jsonl
      warclaims score .scratch/skeleton.jsonl --dataset dataset --split test
    """
    from .. import skeleton
    from ..dataset.reader import iter_rows, splits
    from ..paths import repo_root
    from ..safe_write import write_text

    root = repo_root()
    dataset_dir = dataset_dir or ((root / "dataset") if root else Path("dataset"))
    if not (dataset_dir / "RELEASE.json").is_file():
        raise InvalidInput(f"{dataset_dir}: not a release (no RELEASE.json)")
    config = "inputs" if splits(dataset_dir, "inputs") else "documents"
    try:
        ids = [row["id"] for row in iter_rows(dataset_dir, config, split)]
    except FileNotFoundError as e:
        raise InvalidInput(str(e)) from None
    lines = skeleton.lines(ids, layers or skeleton.LAYERS)
    write_text(out_file, "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), make_parent=True)
    summary = {"out": str(out_file), "split": split, "documents": len(lines), "config": config,
               "layers": list(layers or skeleton.LAYERS)}
    if as_json:
        emit_json(summary)
    else:
        click.echo(f"wrote {len(lines)} empty submission line(s) for split {split} to {out_file} "
                   f"(layers: {', '.join(summary['layers'])})")

"""`warclaims ls lint`: an annotator's per-task report of sloppy spans in their own annotations."""

from __future__ import annotations

from pathlib import Path

import click

from .common import InvalidInput, emit_json, render_problems


@click.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--annotator", "annotators", multiple=True, metavar="EMAIL",
              help="Only this annotator's annotations (repeatable; default: everyone's).")
@click.option("--strict", is_flag=True, help="Exit 1 when there is any finding (for CI or a pre-submit check).")
@click.option("--json", "as_json", is_flag=True, help="Print every task report and the totals as JSON on stdout.")
def lint(files: tuple[Path, ...], annotators: tuple[str, ...], strict: bool, as_json: bool) -> None:
    """Report sloppy spans per annotator and task: edge whitespace or punctuation, spans that
    begin or end inside a word, duplicates and overlaps within one layer (GUIDELINES.md section 0).

    FILES are Label Studio full-JSON exports (`ls pull`) or Document JSONL/JSON (`ls convert`,
    `corpus anchor --out`). Each finding is shown with the span in its context, [marked]. Records
    that cannot be read or converted are reported and counted, and make the exit code 1.

    \b
    Example:
      warclaims ls lint annotation/exports/20261206T032428304788Z.json --annotator agent-first-01@warclaims.example
      warclaims ls lint tests/data/seed-example.json --json
    """
    from ..labelstudio.config import ConfigError
    from ..lint import read_reports, render, select, summary

    reports, problems = [], []
    for path in files:
        try:
            found, bad = read_reports(path)
        except ConfigError as e:  # the labeling config recorded with an export is unusable
            raise InvalidInput(f"{path}: {e}") from None
        reports += found
        problems += bad
    mine = select(reports, annotators)
    totals = {**summary(mine), "files": len(files), "unreadable": len(problems)}
    if as_json:
        emit_json({"summary": totals, "tasks": [r.as_dict() for r in mine], "problems": [p.as_dict() for p in problems]})
    else:
        render_problems(problems)
        if annotators and not mine:
            click.echo(f"no annotations by {', '.join(annotators)} in {len(files)} file(s)", err=True)
        click.echo(render(mine))
    if problems or (strict and totals["findings"]):
        raise SystemExit(1)

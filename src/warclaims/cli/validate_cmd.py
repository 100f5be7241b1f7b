"""`warclaims validate`: check Document records against the schema and semantic rules."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import Problem
from .common import emit_json, render_problems


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as a JSON list (with a summary) on stdout.")
@click.option("--kind", type=click.Choice(["document"]), default="document", show_default=True,
              help="Record kind to check (submissions are checked by `warclaims score`, against gold).")
def validate(files: tuple[Path, ...], as_json: bool, kind: str) -> None:
    """Validate Document records in FILES (JSONL, or JSON holding one record or a list).

    Every problem is reported as FILE:LINE: JSON-PATH: MESSAGE, then a summary.
    Checks: the JSON Schema in schema/document.schema.json, offsets inside the text,
    span text equal to text[start:end], unique ids, resolving references, known labels.
    JSONL is streamed: memory does not grow with file size.

    \b
    Example:
      warclaims validate annotation/converted/documents.jsonl
      warclaims validate docs.jsonl --json | jq '.problems[0]'
    """
    from ..readers import iter_records
    from ..validate import validate_stream

    problems: list[Problem] = []
    records = 0
    for path in files:
        for record, found in validate_stream(iter_records(path), str(path)):
            records += record is not None
            problems.extend(found)
    bad_lines = len({(p.file, p.line) for p in problems})
    summary = {"files": len(files), "records": records, "problems": len(problems), "records_with_problems": bad_lines}
    if as_json:
        emit_json({"summary": summary, "problems": [p.as_dict() for p in problems]})
    else:
        render_problems(problems)
        verdict = "OK" if not problems else "INVALID"
        click.echo(f"{verdict}: {records} record(s) in {len(files)} file(s), {len(problems)} problem(s)"
                   f" on {bad_lines} record(s)/line(s)", err=bool(problems))
    if problems:
        raise SystemExit(1)

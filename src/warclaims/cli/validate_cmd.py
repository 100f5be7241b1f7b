"""`warclaims validate`: check Document records against the schema and semantic rules."""

from __future__ import annotations

from pathlib import Path

import click

from .common import emit_json


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as a JSON list (with a summary) on stdout.")
@click.option("--kind", type=click.Choice(["document"]), default="document", show_default=True,
              help="Record kind to check (submissions are checked by `warclaims score`, against gold).")
def validate(files: tuple[Path, ...], as_json: bool, kind: str) -> None:
    """Validate Document records in FILES (JSONL, or JSON holding one record or a list).

    Every problem is reported as FILE:LINE: JSON-PATH: MESSAGE (line 0: the whole
    file), then a summary; exit code 1 if there is any.
    Checks: the JSON Schema in schema/document.schema.json, offsets inside the text,
    span text equal to text[start:end], unique ids, resolving references, known labels.
    JSONL is streamed: memory does not grow with file size.

    \b
    Example:
      warclaims validate tests/data/seed-example.json
      warclaims validate tests/data/seed-example.json --json | jq '.summary'
    """
    from ..validate import validate_path

    # Problems are printed as they are found (text) or kept as short dicts (JSON): a file with
    # many bad lines never holds its records in memory.
    found_dicts: list[dict[str, object]] = []
    records = problems = 0
    bad_lines: set[tuple[str, int]] = set()
    for path in files:
        for is_record, found in validate_path(path):
            records += is_record
            problems += len(found)
            for problem in found:
                bad_lines.add((problem.file, problem.line))
                if as_json:
                    found_dicts.append(problem.as_dict())
                else:
                    click.echo(problem.render(), err=True)
    summary = {"files": len(files), "records": records, "problems": problems, "records_with_problems": len(bad_lines)}
    if as_json:
        emit_json({"summary": summary, "problems": found_dicts})
    else:
        verdict = "OK" if not problems else "INVALID"
        click.echo(f"{verdict}: {records} record(s) in {len(files)} file(s), {problems} problem(s)"
                   f" on {len(bad_lines)} record(s)/line(s)", err=bool(problems))
    if problems:
        raise SystemExit(1)

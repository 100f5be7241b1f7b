"""`warclaims validate`: check Document records against the schema and semantic rules."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import Problem
from .common import emit_json


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as a JSON list (with a summary) on stdout.")
@click.option("--kind", type=click.Choice(["document"]), default="document", show_default=True,
              help="Record kind to check (submissions are checked by `warclaims score`, against gold).")
@click.option("--strict", is_flag=True, help="Span-hygiene warnings are problems (exit 1).")
@click.option("--hygiene/--no-hygiene", default=True, show_default=True,
              help="Check span hygiene in the same pass (--no-hygiene: validation alone, a little faster on large files).")
def validate(files: tuple[Path, ...], as_json: bool, kind: str, strict: bool, hygiene: bool) -> None:
    """Validate Document records in FILES (JSONL, or JSON holding one record or a list).

    Every problem is reported as FILE:LINE: JSON-PATH: MESSAGE (line 0: the whole
    file), then a summary; exit code 1 if there is any.
    Checks: the JSON Schema in schema/document.schema.json, offsets inside the text,
    span text equal to text[start:end], unique ids, resolving references, known labels.
    JSONL is streamed: memory does not grow with file size.
    Sloppy spans (edge whitespace or punctuation, a span that begins or ends inside a word,
    duplicates and overlaps within one layer; warclaims.hygiene) are printed as
    `FILE:LINE: PATH: warning: [KIND] message` and counted; --strict makes them problems.
    `warclaims ls lint` shows them per annotator and task, in context.

    \b
    Example:
      warclaims validate tests/data/seed-example.json
      warclaims validate tests/data/seed-example.json --json | jq '.summary'
      warclaims validate tests/data/seed-example.json --strict
    """
    from collections import Counter

    from ..hygiene import KINDS, kind_of
    from ..validate import validate_path_hygiene

    # Problems are printed as they are found (text) or kept as short dicts (JSON): a file with
    # many bad lines never holds its records in memory.
    found_dicts: list[dict[str, object]] = []
    records = problems = 0
    bad_lines: set[tuple[str, int]] = set()
    warnings: list[Problem] = []
    by_kind: Counter[str] = Counter()
    for path in files:
        for is_record, found, located in validate_path_hygiene(path, hygiene=hygiene, prefix="" if strict else "warning: "):
            records += is_record
            by_kind.update(kind_of(f) for f in located)
            for problem in found + (located if strict else []):
                problems += 1
                bad_lines.add((problem.file, problem.line))
                if as_json:
                    found_dicts.append(problem.as_dict())
                else:
                    click.echo(problem.render(), err=True)
            if not strict:
                warnings += located
                for w in [] if as_json else located:
                    click.echo(w.render(), err=True)
    summary = {"files": len(files), "records": records, "problems": problems, "records_with_problems": len(bad_lines),
               "warnings": len(warnings), "hygiene_by_kind": {k: by_kind[k] for k in KINDS}}
    if as_json:
        emit_json({"summary": summary, "problems": found_dicts, "warnings": [w.as_dict() for w in warnings]})
    else:
        verdict = "OK" if not problems else "INVALID"
        click.echo(f"{verdict}: {records} record(s) in {len(files)} file(s), {problems} problem(s)"
                   f" on {len(bad_lines)} record(s)/line(s)" + (f", {len(warnings)} span-hygiene warning(s)" if warnings else ""),
                   err=bool(problems))
    if problems:
        raise SystemExit(1)

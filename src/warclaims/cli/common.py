"""Shared pieces of the CLI: user errors, problem rendering and JSON output."""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable

import click

from ..problems import Problem, capped, group_problems


class InvalidInput(click.ClickException):
    """Bad input from the user: message on stderr, exit code 1, no traceback."""

    exit_code = 1


def emit_json(data: Any) -> None:
    """Write `data` as JSON (sorted keys, UTF-8) to stdout."""
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


def render_problems(problems: Iterable[Problem], limit: int | None = None) -> int:
    """Print problems one per line on stderr as FILE:LINE: PATH: MESSAGE; returns the count."""
    count = 0
    for p in problems:
        if limit is None or count < limit:
            click.echo(p.render(), err=True)
        count += 1
    if limit is not None and count > limit:
        click.echo(f"... and {count - limit} more (use --json for all)", err=True)
    return count


def render_problem_groups(problems: list[Problem], max_groups: int) -> None:
    """Print problems grouped by (path pattern, message) with counts on stderr, at most
    `max_groups` groups (0: all), then a line saying how many groups and problems are left out."""
    shown, more_groups, more_problems = capped(group_problems(problems), max_groups)
    for group in shown:
        click.echo(group.render(), err=True)
    if more_groups:
        click.echo(f"... and {more_groups:,} more group(s) of {more_problems:,} problem(s) "
                   "(--max-problems 0 shows every group, --json lists every problem)", err=True)


def problems_json(problems: list[Problem]) -> dict[str, Any]:
    """The full, ungrouped problem list plus the groups, for `--json`."""
    return {"problems": [p.as_dict() for p in problems], "groups": [g.as_dict() for g in group_problems(problems)]}


def stderr_is_tty() -> bool:
    """Whether to show progress bars (only for people, never in pipes or CI logs)."""
    return sys.stderr.isatty()

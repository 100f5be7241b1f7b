"""Shared pieces of the CLI: user errors, bounded option types, problem rendering and JSON output."""

from __future__ import annotations

import json
import math
import sys
from typing import Any, Iterable

import click
from click.core import ParameterSource

from ..problems import Problem, capped, group_problems


class InvalidInput(click.ClickException):
    """Bad input from the user: message on stderr, exit code 1, no traceback."""

    exit_code = 1


# Bounds of every numeric option. A value outside is a usage error (exit 2) naming the option,
# instead of a traceback deep in numpy or an allocation sized by a typo.
MAX_SEED = 2**32 - 1
"""numpy's and scikit-learn's seeds are unsigned 32-bit."""
MAX_BOOTSTRAP = 100_000
"""100x the default 1000 replicates: tighter than any interval needs; one replicate array of this
length per metric still fits easily in memory (2e9 would ask for terabytes)."""
MAX_JOBS = 256
"""Worker processes; more than any machine this runs on has CPUs."""
MAX_ARTICLES = 100_000
"""Article counts of a corpus selection (FA-KES has about 800)."""

MIN_TIMEOUT, MAX_TIMEOUT = 0.5, 24 * 3600.0
"""--timeout seconds: below half a second no request completes; a day bounds a typo like 1e9."""

SEED = click.IntRange(0, MAX_SEED)
BOOTSTRAP = click.IntRange(0, MAX_BOOTSTRAP)
JOBS = click.IntRange(1, MAX_JOBS)
PORT = click.IntRange(1, 65535)
ARTICLES = click.IntRange(0, MAX_ARTICLES)
PROBLEM_GROUPS = click.IntRange(0, None)
"""--max-problems: 0 means all, any larger count only limits what is printed."""


class FiniteFloatRange(click.FloatRange):
    """click.FloatRange that also rejects NaN (which passes every comparison with the bounds)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number in the range {self._describe_range()}.", param, ctx)
        return number


UNIT_SCORE = FiniteFloatRange(0.0, 1.0)
"""A prediction score: a confidence in [0, 1], as Label Studio sorts tasks by it."""
TIMEOUT = FiniteFloatRange(MIN_TIMEOUT, MAX_TIMEOUT)
"""The overall network deadline of one command, in seconds (warclaims.labelstudio.deadline)."""


class LabelStudioUrl(click.ParamType):
    """A Label Studio base URL checked by warclaims.labelstudio.urls.check_base_url.

    From the command line a bad value is a usage error (exit 2, "Invalid value for '--url': ...");
    from the environment variable it is invalid input (exit 1, "LABEL_STUDIO_URL: ..."), since
    no option was mistyped.
    """

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..labelstudio.urls import check_base_url

        try:
            return check_base_url(value)
        except ValueError as e:
            source = ctx.get_parameter_source(param.name) if ctx is not None and param is not None and param.name else None
            envvar = getattr(param, "envvar", None)
            if source is ParameterSource.ENVIRONMENT and isinstance(envvar, str):
                raise InvalidInput(f"{envvar}: {e}") from None
            hint = " / ".join(f"'{o}'" for o in param.opts) if param is not None else None
            raise click.BadParameter(str(e), ctx, param, param_hint=hint) from None

    def check(self, value: str) -> str:
        """Convert the current command's --url value now: for commands that need it only sometimes."""
        ctx = click.get_current_context()
        param = next(p for p in ctx.command.params if p.name == "url")
        return str(self.convert(value, param, ctx))


LABEL_STUDIO_URL = LabelStudioUrl()


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

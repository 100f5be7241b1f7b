"""The `warclaims` command line: a thin shell over the pipeline modules.

Subcommands are imported only when invoked, so `warclaims --help` stays quick and does not
load datasets, scikit-learn or the Label Studio SDK.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .. import __version__
from ..problems import InputError
from ..safe_write import UnsafeTarget

# command name -> (module, attribute, one-line help shown in `warclaims --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("warclaims.cli.validate_cmd", "validate", "Validate Document records (JSONL or JSON) against the schema."),
    "score": ("warclaims.cli.score_cmd", "score", "Score a submission against gold documents."),
    "ls": ("warclaims.cli.ls_cmd", "ls", "Label Studio: serve, set up projects, import, pull, convert."),
    "dataset": ("warclaims.cli.dataset_cmd", "dataset", "Build, verify and describe versioned dataset releases."),
    "baselines": ("warclaims.cli.baselines_cmd", "baselines", "Train, run and score the baselines."),
    "corpus": ("warclaims.cli.corpus_cmd", "corpus", "Select pilot articles; resolve text-anchored annotation drafts."),
    "leaderboard": ("warclaims.cli.leaderboard_cmd", "leaderboard", "Rank submissions on one split: Markdown, HTML and JSON."),
    "demo": ("warclaims.cli.demo_cmd", "demo", "Run the whole pipeline on the shipped data and print scores."),
    "submission": ("warclaims.cli.submission_cmd", "submission", "Start a submission: an empty one for a split."),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in sorted(COMMANDS)])

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """click's main behind the last-resort guard (warclaims.cli.guard): an exception that no
        command turned into a message prints one scrubbed line, leaves its traceback in a crash
        file and exits 1. click's own errors, SystemExit and KeyboardInterrupt pass unchanged."""
        argv = [str(a) for a in (sys.argv[1:] if args is None else args)]
        try:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (UnsafeTarget, InputError) as e:  # a refused write, or a bad input file found deep in a module
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)
        except Exception as e:
            from .guard import report

            click.echo(report(e, self, argv), err=True)
            sys.exit(1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="warclaims")
def cli() -> None:
    """WarClaims: entities, attributed claims and stances in conflict reporting.

    Exit codes: 0 ok, 1 invalid input, 2 usage error.

    \b
    Example:
      warclaims validate tests/data/seed-example.json
      warclaims submission skeleton --split test --out .scratch/skeleton.jsonl
      warclaims score .scratch/skeleton.jsonl --dataset dataset --split test
    """


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv, prog_name="warclaims")

"""`warclaims score`: reserved; filled by its issue."""

from __future__ import annotations

import click


@click.group("score")
def score() -> None:
    """Reserved for the score stage (not implemented yet).

    \b
    Example:
      warclaims score --help
    """

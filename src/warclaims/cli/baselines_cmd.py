"""`warclaims baselines`: reserved; filled by its issue."""

from __future__ import annotations

import click


@click.group("baselines")
def baselines() -> None:
    """Reserved for the baselines stage (not implemented yet).

    \b
    Example:
      warclaims baselines --help
    """

"""`warclaims ls`: reserved; filled by its issue."""

from __future__ import annotations

import click


@click.group("ls")
def ls() -> None:
    """Reserved for the ls stage (not implemented yet).

    \b
    Example:
      warclaims ls --help
    """

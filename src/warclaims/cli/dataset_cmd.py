"""`warclaims dataset`: reserved; filled by its issue."""

from __future__ import annotations

import click


@click.group("dataset")
def dataset() -> None:
    """Reserved for the dataset stage (not implemented yet).

    \b
    Example:
      warclaims dataset --help
    """

"""`warclaims demo`: reserved; filled by its issue."""

from __future__ import annotations

import click


@click.group("demo")
def demo() -> None:
    """Reserved for the demo stage (not implemented yet).

    \b
    Example:
      warclaims demo --help
    """

"""`python -m warclaims` runs the CLI."""

from .cli import main

raise SystemExit(main())

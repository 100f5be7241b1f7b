"""Where the project's assets live, in a checkout and in an installed wheel.

A checkout (editable install) reads the files at the repository root, so that editing
schema/ or annotation/ takes effect at once; a wheel carries copies under _assets/.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE_DIR.parent.parent
_ASSETS = PACKAGE_DIR / "_assets"


def repo_root() -> Path | None:
    """The repository root when running from a checkout, else None."""
    return _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "schema").is_dir() else None


def schema_dir() -> Path:
    """Directory holding the JSON Schema files (schema/)."""
    root = repo_root()
    return root / "schema" if root else _ASSETS / "schema"


def labeling_config_path() -> Path:
    """The project's Label Studio labeling config (annotation/labeling_config.xml)."""
    root = repo_root()
    return root / "annotation" / "labeling_config.xml" if root else _ASSETS / "labeling_config.xml"


def guidelines_path() -> Path:
    """The annotation guidelines (annotation/GUIDELINES.md)."""
    root = repo_root()
    return root / "annotation" / "GUIDELINES.md" if root else _ASSETS / "GUIDELINES.md"


def guidelines_version() -> str:
    """The guidelines' version, from the line `Version: X.Y.Z` near the top of GUIDELINES.md."""
    import re

    text = guidelines_path().read_text(encoding="utf-8")
    match = re.search(r"^\*{0,2}Version:?\*{0,2}:?\s*([0-9]+\.[0-9]+\.[0-9]+)", text, re.MULTILINE)
    if not match:
        raise ValueError(f"{guidelines_path()}: no 'Version: X.Y.Z' line")
    return match.group(1)

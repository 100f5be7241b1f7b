"""Annotation passes as Label Studio projects: one project per pass, so that a second-pass
annotator never sees the first pass (Community edition shows every annotation of a task to every
user of its project).

The pass is written into the project's description as one line `warclaims-pass: <pass>`, and read
back from there by `ls pull` (into MANIFEST.json) and by the converter. The title only helps people.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

PASSES = ("first", "second", "adjudicated")
_LINE = re.compile(r"^warclaims-pass: ([a-z]+)\Z", re.M)


def project_title(base: str, pass_: str | None) -> str:
    """The project title for `pass_` (the base title itself when no pass is given)."""
    if pass_ is None:
        return base
    check(pass_)
    return f"{base} ({pass_} pass)"


def project_description(pass_: str) -> str:
    """The description marking a project as the project of `pass_`."""
    check(pass_)
    return f"WarClaims annotation, {pass_} pass.\nwarclaims-pass: {pass_}"


def pass_of_project(project: Mapping[str, Any]) -> str | None:
    """The pass a project was set up for, or None for a project without a pass line."""
    description = project.get("description")
    if not isinstance(description, str):
        return None
    found = _LINE.search(description)
    return found.group(1) if found and found.group(1) in PASSES else None


def check(pass_: str) -> str:
    """`pass_` itself, or ValueError naming the passes there are."""
    if pass_ not in PASSES:
        raise ValueError(f"unknown pass {pass_!r}; passes: {', '.join(PASSES)}")
    return pass_

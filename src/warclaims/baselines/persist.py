"""Saving and loading fitted baselines, with a version check.

A model file is a joblib pickle of a small envelope: format number, the warclaims and
scikit-learn versions it was made with, the baseline name, the fitted estimator. Loading
refuses a file from another format or other library versions (pickled scikit-learn objects are
not portable across versions), with a message saying what differs. Only load files you made:
unpickling runs code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FORMAT = 1


class ModelVersionError(ValueError):
    """A model file made with another format or other library versions."""


def versions() -> dict[str, Any]:
    """The versions a model file records and must match on load."""
    import sklearn

    from .. import __version__

    return {"format": FORMAT, "warclaims": __version__, "sklearn": sklearn.__version__}


def save(estimator: Any, path: Path, *, name: str) -> Path:
    """Write the fitted `estimator` (baseline `name`) to `path`; returns the path."""
    import joblib

    from ..safe_write import write_with

    return write_with(Path(path), lambda tmp: joblib.dump({**versions(), "name": name, "estimator": estimator}, tmp),
                      make_parent=True)


def load(path: Path, *, name: str | None = None) -> Any:
    """The fitted estimator in `path`; ModelVersionError when its versions (or name) differ."""
    import joblib

    envelope = joblib.load(Path(path))
    if not isinstance(envelope, dict) or "estimator" not in envelope:
        raise ModelVersionError(f"{path}: not a warclaims model file")
    want = versions()
    diff = [f"{k} {envelope.get(k)!r} (here {v!r})" for k, v in want.items() if envelope.get(k) != v]
    if name is not None and envelope.get("name") != name:
        diff.append(f"name {envelope.get('name')!r} (expected {name!r})")
    if diff:
        raise ModelVersionError(f"{path}: model file made with " + ", ".join(diff) + "; refit it")
    return envelope["estimator"]

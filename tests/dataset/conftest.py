"""Fixtures: small synthetic (marked) annotation inputs and a built release."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from warclaims.dataset import build, synthetic


def write_annotations(path: Path, tasks: range, annotators: tuple[str, ...] = ("ann-a@example.org", "ann-b@example.org")) -> Path:
    """JSONL of converted annotation records: every task annotated by every annotator; task 0 also by a third."""
    with open(path, "wb") as f:
        for i in tasks:
            who = annotators + (("ann-c@example.org",) if i % 5 == 0 else ())
            for name in who:
                f.write(orjson.dumps(synthetic.annotation(i, name, f"{name.split('@')[0]}-{i}")) + b"\n")
    return path


def options(version: str = "0.1.0", **kw) -> build.Options:
    return build.Options(version=version, allow_synthetic=True, **kw)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(release dir, input JSONL) of a 30-task release built once per module."""
    root = tmp_path_factory.mktemp("release")
    inputs = write_annotations(root / "annotations.jsonl", range(30))
    build.build(root / "dataset", options(), documents=[inputs])
    return root / "dataset", inputs

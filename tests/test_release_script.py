"""scripts/release.py: the recipe reproduces 0.2.0's split, and --replace touches only the newest release."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("release_script", ROOT / "scripts" / "release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _arg(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_recipe_0_2_1_uses_the_split_of_0_2_0() -> None:
    args = _script().RECIPES["0.2.1"]["build"]
    split = json.loads((ROOT / "dataset" / "releases" / "0.2.0.json").read_text(encoding="utf-8"))["release"]["split"]
    assert _arg(args, "--group-by") == split["group_by"] and _arg(args, "--split-seed") == split["seed"]
    assert _arg(args, "--ratios") == ",".join(f"{n}={r}" for n, r in split["ratios"])
    assert json.loads((ROOT / _arg(args, "--pin")).read_text(encoding="utf-8")) == split["pinned"]
    assert (ROOT / _arg(args, "--notes")).is_file()


def _history(tmp_path: Path) -> Path:
    ds = tmp_path / "dataset"
    (ds / "releases").mkdir(parents=True)
    for v in ("0.2.0", "0.2.1"):
        (ds / "releases" / f"{v}.json").write_text("{}", encoding="utf-8")
    (ds / "CHANGELOG.md").write_text("# Changelog\n\nintro\n\n## 0.2.1\n\nnew\n\n## 0.2.0\n\nold\n", encoding="utf-8")
    return ds


def test_replace_drops_only_the_newest_manifest_and_its_entry(tmp_path: Path) -> None:
    ds = _history(tmp_path)
    removed = _script().drop_unpublished(ds, "0.2.1")
    assert removed == ["dataset/releases/0.2.1.json", "dataset/CHANGELOG.md (entry 0.2.1)"]
    assert sorted(p.name for p in (ds / "releases").iterdir()) == ["0.2.0.json"]
    assert (ds / "CHANGELOG.md").read_text(encoding="utf-8") == "# Changelog\n\nintro\n\n## 0.2.0\n\nold\n"
    assert _script().drop_unpublished(ds, "0.2.1") == []


def test_replace_refuses_a_published_release(tmp_path: Path) -> None:
    ds = _history(tmp_path)
    with pytest.raises(SystemExit, match="immutable"):
        _script().drop_unpublished(ds, "0.2.0")
    assert (ds / "releases" / "0.2.0.json").is_file()

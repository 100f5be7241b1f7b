"""Make a dataset release in one command, by its recipe: build, card, baselines, verify.

Usage (from the repository root, with the project's venv):
    .venv/bin/python scripts/release.py 0.2.2            # build (a no-op if already built), card, baselines, verify
    .venv/bin/python scripts/release.py 0.2.2 --replace  # remake the newest, unpublished release from scratch

Steps, each a `warclaims` command (printed before it runs):
1. `warclaims dataset build --exports annotation/exports` (or the recipe's export folder) with the recipe's split parameters (those of
   0.2.0: story groups, ratios 0.55/0.2/0.25, seed warclaims-split-v2, pins splits-0.2.0.json, so the
   split is the same), its release notes and release date, `--card CARD.md` (the built card, whole);
2. `warclaims baselines run --dataset dataset --split test --curve 0.25,0.5 --card dataset/README.md
   --card CARD.md` (runs under baselines/runs/<name>/<version>/, RESULTS.md, the cards' results);
3. `warclaims leaderboard baselines/runs/*/VERSION --dataset dataset --split test --out baselines/leaderboard`
   (the baselines' own leaderboard, published with the release);
4. `warclaims dataset verify dataset`.
Every step is deterministic: a second run changes no file.

`--replace` is for a release that is not published yet (the integrator re-runs it after merging
fixes): when VERSION is the newest manifest in dataset/releases/, that manifest and VERSION's
CHANGELOG entry are removed first, so the build recomputes them against the previous release.
Older manifests are never touched; a VERSION older than the newest one is refused.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARCLAIMS = [sys.executable, "-m", "warclaims"]

SPLIT_0_2 = ["--group-by", "story", "--ratios", "train=0.55,validation=0.2,test=0.25", "--split-seed", "warclaims-split-v2",
             "--pin", "annotation/articles/splits-0.2.0.json"]
"""The split of release 0.2.0 (README "Release 0.2.0, as it was made"); later 0.2.x keep it."""

RECIPES: dict[str, dict[str, object]] = {
    "0.2.1": {"build": [*SPLIT_0_2, "--notes", "annotation/release-notes-0.2.1.md"], "date": "2026-12-06",
              "exports": "annotation/exports-0.2.0"},
    "0.2.2": {"build": [*SPLIT_0_2, "--notes", "annotation/release-notes-0.2.2.md"], "date": "2026-12-06"},
}
"""Per release: extra `dataset build` arguments, the release date (fixed, so reruns give the same bytes) and the
export folder it is built from (default annotation/exports; an older release names the folder its export was
moved to when a newer export replaced it)."""


def run(args: list[str]) -> None:
    """Run `warclaims ARGS` from the repository root with this checkout's sources first on the path."""
    print("+ warclaims " + " ".join(args), flush=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    subprocess.run(WARCLAIMS + args, check=True, cwd=ROOT, env=env)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def drop_unpublished(dataset: Path, version: str) -> list[str]:
    """Remove `version`'s manifest and CHANGELOG entry when it is the newest release; return what was removed."""
    history = dataset / "releases"
    manifest = history / f"{version}.json"
    if not manifest.is_file():
        return []
    newest = max((p.stem for p in history.glob("*.json")), key=_version)
    if newest != version:
        raise SystemExit(f"--replace: {version} is not the newest release ({newest}); published releases are immutable")
    manifest.unlink()
    removed = [f"{dataset.name}/releases/{manifest.name}"]
    changelog = dataset / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    start = text.find(f"\n## {version}\n")
    if start >= 0:
        stop = text.find("\n## ", start + 1)
        changelog.write_text(text[:start + 1] + (text[stop + 1:] if stop >= 0 else ""), encoding="utf-8")
        removed.append(f"{dataset.name}/CHANGELOG.md (entry {version})")
    return removed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("version", choices=sorted(RECIPES), help="Release to make.")
    parser.add_argument("--replace", action="store_true", help="Remake the newest, unpublished release (see above).")
    parser.add_argument("--bootstrap", default="1000", help="Bootstrap resamples of the baselines' intervals.")
    args = parser.parse_args()
    recipe = RECIPES[args.version]
    if args.replace:
        for what in drop_unpublished(ROOT / "dataset", args.version):
            print(f"removed {what}", flush=True)
    exports = str(recipe.get("exports", "annotation/exports"))
    run(["dataset", "build", "--exports", exports, "--version", args.version, *recipe["build"],  # type: ignore[list-item]
         "--date", str(recipe["date"]), "--card", "CARD.md"])
    run(["baselines", "run", "--dataset", "dataset", "--split", "test", "--curve", "0.25,0.5", "--bootstrap", args.bootstrap,
         "--card", "dataset/README.md", "--card", "CARD.md"])
    runs = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "baselines" / "runs").glob(f"*/{args.version}")
                  if (p / "submission.jsonl").is_file())
    run(["leaderboard", *runs, "--dataset", "dataset", "--split", "test", "--bootstrap", args.bootstrap,
         "--title", f"WarClaims {args.version} baselines (test split)", "--out", "baselines/leaderboard"])
    run(["dataset", "verify", "dataset"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

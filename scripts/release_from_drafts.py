"""Produce a release's raw Label Studio export from annotators' text-anchored drafts.

This is how annotation/exports/ is made (release 0.2.0; 0.1.0's snapshot and drafts are kept in
annotation/exports-0.1.0/ and annotation/drafts/0.1.0/). It goes through the real pipeline, not
around it:

1. resolve the drafts of each pass (DRAFTS/first, DRAFTS/second, DRAFTS/adjudicated, DRAFTS/reviewed)
   to Document records (`warclaims corpus anchor`; any problem stops the run); an adjudicated draft
   whose document also has a reviewed draft keeps its pass but loses the ground-truth flag, so the
   review (ground truth) is the gold and both stay in the export;
2. start a throw-away real Label Studio server (.venv-ls), create the project from
   annotation/labeling_config.xml, import the articles as tasks;
3. import the first pass, the independent second pass, the adjudicators' and then the reviewers'
   annotations, as annotations of the named annotator accounts (each pass and origin,
   'draft-import', is recorded in the task's `passes` / `origins` data);
4. pull a full-JSON snapshot into OUT (sha256 in MANIFEST.json).

Building the release from that export is then `warclaims dataset build` (see README.md).

Usage: .venv/bin/python scripts/release_from_drafts.py [--drafts annotation/drafts/0.2.0]
       [--articles annotation/articles/release-0.2.0.jsonl] [--out annotation/exports]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARCLAIMS = [sys.executable, "-m", "warclaims"]


def run(args: list[str], env: dict[str, str] | None = None) -> None:
    """Run one warclaims command; stop the release on failure."""
    print("+ warclaims " + " ".join(args[:4]) + (" ..." if len(args) > 4 else ""), flush=True)
    subprocess.run(WARCLAIMS + args, check=True, cwd=ROOT, env=env)


def supersede(path: Path, ids: set[str]) -> None:
    """Clear the ground-truth flag of the records in `path` whose document has a reviewed draft."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if doc["id"] in ids:
            doc["meta"]["annotation"]["ground_truth"] = False
        lines.append(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drafts", type=Path, default=ROOT / "annotation" / "drafts" / "0.2.0")
    parser.add_argument("--articles", type=Path, default=ROOT / "annotation" / "articles" / "release-0.2.0.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "annotation" / "exports")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from warclaims.labelstudio.server import LocalServer, load_or_create_credentials

    with tempfile.TemporaryDirectory(prefix="warclaims-release-") as tmp:
        tmp_path = Path(tmp)
        passes = []
        reviewed = {p.stem for p in (args.drafts / "reviewed").glob("*.json")}
        for name in ("first", "second", "adjudicated", "reviewed"):
            drafts = sorted((args.drafts / name).glob("*.json"))
            if not drafts:
                continue
            out = tmp_path / f"{name}.jsonl"
            run(["corpus", "anchor", *map(str, drafts), "--articles", str(args.articles), "--out", str(out)])
            if name == "adjudicated" and reviewed:
                supersede(out, reviewed)
            passes.append(out)
        data_dir = tmp_path / "ls"
        creds, _ = load_or_create_credentials(data_dir)
        with LocalServer(data_dir, creds) as server:
            env = {**os.environ, "LABEL_STUDIO_URL": server.url, "LABEL_STUDIO_API_KEY": creds.token}
            run(["ls", "setup"], env)
            run(["ls", "import", str(args.articles)], env)
            for docs in passes:
                run(["ls", "import", str(args.articles), "--annotations", str(docs)], env)
            run(["ls", "pull", "--out", str(args.out)], env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build baselines/ood/own/: the project's own annotation of the re3d texts, as gold Document records.

1. collect: copy every workspace's drafts (first-*, second-*, adj-*) into baselines/ood/own/drafts/
   {first,second,adjudicated}/ (--workspaces; skip this step to rebuild from the committed drafts);
2. write the annotators' articles (baselines/ood/own/articles.jsonl, `warclaims.ood.own.article`,
   byte for byte what the workspaces held);
3. run the real pipeline on them: scripts/release_from_drafts.py (drafts resolved by
   `warclaims corpus anchor`, imported into a throw-away real Label Studio server, a full-JSON
   snapshot pulled into baselines/ood/own/export/), then `warclaims ls convert` on that snapshot;
4. keep the adjudicated (ground-truth) record of each text, stamped with its provenance
   (`warclaims.ood.own.gold_records`): documents.jsonl; measure the agreement of the two independent
   passes (`warclaims.dataset.agreement`): agreement.json; count everything: conversion.json.

Usage: .venv/bin/python scripts/ood_own.py [--workspaces /work/annot-ood]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "baselines" / "ood" / "own"
PASS_OF = {"first": "first", "second": "second", "adj": "adjudicated"}


def collect(workspaces: Path) -> dict[str, int]:
    """Copy the drafts of every workspace into OUT/drafts/<pass>/ (fresh); count them per pass."""
    counts = {}
    for kind, pass_name in PASS_OF.items():
        dest = OUT / "drafts" / pass_name
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for ws in sorted(workspaces.glob(f"{kind}-*")):
            for draft in sorted((ws / "drafts").glob("*.json")):
                if (dest / draft.name).exists():
                    raise SystemExit(f"{draft}: a second {pass_name} draft of {draft.stem}")
                shutil.copyfile(draft, dest / draft.name)
        counts[pass_name] = len(list(dest.glob("*.json")))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workspaces", type=Path, default=None,
                        help="annotation workspaces to collect drafts from (default: use the committed drafts)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from warclaims.dataset.agreement import Agreement
    from warclaims.dataset.inputs import export_files
    from warclaims.ood.own import about, article, gold_records

    if args.workspaces is not None:
        print("drafts collected:", collect(args.workspaces))
    re3d = [json.loads(line) for line in (ROOT / "baselines/ood/re3d/documents.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = OUT / "articles.jsonl"
    articles.write_text("".join(json.dumps(article(d), ensure_ascii=False) + "\n" for d in sorted(re3d, key=lambda d: d["id"])),
                        encoding="utf-8")
    export = OUT / "export"
    if export.exists():
        shutil.rmtree(export)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "release_from_drafts.py"), "--drafts", str(OUT / "drafts"),
                    "--articles", str(articles), "--out", str(export)], check=True, cwd=ROOT)
    snapshots = export_files(export)
    if len(snapshots) != 1:
        raise SystemExit(f"{export}: expected one snapshot, found {len(snapshots)}")
    with tempfile.TemporaryDirectory(prefix="warclaims-ood-own-") as tmp:
        converted = Path(tmp) / "all.jsonl"
        subprocess.run([sys.executable, "-m", "warclaims", "ls", "convert", str(snapshots[0]), "--out", str(converted)],
                       check=True, cwd=ROOT)
        records = [json.loads(line) for line in converted.read_text(encoding="utf-8").splitlines()]
    annotators = {a for r in records for a in r["meta"]["annotation"]["annotators"]}
    guidelines = hashlib.sha256((ROOT / "annotation" / "GUIDELINES.md").read_bytes()).hexdigest()
    gold, counts = gold_records(records, about(sorted(annotators), guidelines))
    (OUT / "documents.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in gold),
                                         encoding="utf-8")
    agreement = Agreement()
    by_id: dict[str, list[dict]] = {}
    for r in records:
        by_id.setdefault(r["id"], []).append(r)
    for doc_id, recs in sorted(by_id.items()):
        agreement.add(doc_id, recs)
    report = agreement.report()
    (OUT / "agreement.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    layers = {k: sum(len(d[k]) for d in gold) for k in ("entities", "sources", "cues", "claims", "stances")}
    counts_out = {**dict(sorted(counts.items())), "gold_items": layers, "snapshot": snapshots[0].name}
    (OUT / "conversion.json").write_text(json.dumps(counts_out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(counts_out))
    print({m: round(v["f1"], 3) if v["f1"] is not None else None for m, v in report["measures"].items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

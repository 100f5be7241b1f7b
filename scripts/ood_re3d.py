"""Convert re3d's openly licensed entity annotations into WarClaims Document records (baselines/ood/re3d/).

Reads a snapshot of https://github.com/dstl/re3d (a git directory, bare or not, or a plain
checkout), builds Label Studio export tasks with re3d's own label names
(`warclaims.ood.re3d`), and converts them with the project's converter
(`warclaims.labelstudio.convert.convert_export`) through a labeling config and a mapping file,
which are written next to the records so that `warclaims ls convert export.json --config
labeling_config.xml --mapping mapping.json` repeats the conversion. Writes export.json,
documents.jsonl, labeling_config.xml, mapping.json and conversion.json (every count, every
mention dropped by reason). Exit 1 if the converter reports any problem (nothing is written).

Usage: PYTHONPATH=src python scripts/ood_re3d.py --re3d /path/to/re3d [--out baselines/ood/re3d]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Snapshot:
    """Files of one re3d snapshot, read from a git directory at a commit or from a checkout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.git = (path / "HEAD").is_file() or (path / ".git").exists()
        self.commit = self._git("rev-parse", "HEAD").strip() if self.git else "unknown"

    def _git(self, *args: str) -> str:
        flag = ["--git-dir", str(self.path)] if (self.path / "HEAD").is_file() else ["-C", str(self.path)]
        return subprocess.run(["git", *flag, *args], check=True, capture_output=True, text=True).stdout

    def read(self, rel: str) -> str:
        if self.git:
            return self._git("show", f"{self.commit}:{rel}")
        return (self.path / rel).read_text(encoding="utf-8")


def dump(value: object) -> str:
    """Readable canonical JSON (sorted keys, indented, newline at the end)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def rows(text: str) -> list[dict]:
    """mongoexport output: one JSON object per non-empty line (a leading BOM is ignored)."""
    return [json.loads(line) for line in text.lstrip("\ufeff").splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--re3d", type=Path, required=True, help="re3d snapshot: git directory or checkout")
    parser.add_argument("--out", type=Path, default=ROOT / "baselines" / "ood" / "re3d")
    args = parser.parse_args()

    from warclaims.labelstudio.config import parse_config
    from warclaims.labelstudio.convert import convert_export
    from warclaims.ood import re3d
    from warclaims.safe_write import write_text

    snap = Snapshot(args.re3d)
    tasks, counts, dropped_types, per_subset = [], Counter(), Counter(), {}
    for subset in re3d.SUBSETS:
        part = re3d.subset_tasks(subset, rows(snap.read(f"{subset}/documents.json")),
                                 rows(snap.read(f"{subset}/entities.json")), commit=snap.commit,
                                 first_task_id=len(tasks) + 1)
        tasks += part.tasks
        counts.update(part.counts)
        dropped_types.update(part.dropped_types)
        per_subset[subset] = dict(sorted(part.counts.items()))
    config = parse_config(re3d.LABELING_CONFIG, re3d.MAPPING)
    conv = convert_export(tasks, source="re3d export.json", config=config,
                          guidelines_version="re3d entity schema (not WarClaims guidelines)",
                          tool_version=f"re3d {snap.commit[:12]} via scripts/ood_re3d.py")
    if conv.problems:
        for p in conv.problems[:20]:
            print(f"{p.file}: {p.path}: {p.message}", file=sys.stderr)
        print(f"{len(conv.problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    docs = sorted(conv.documents, key=lambda d: d["id"])
    types = Counter(e["type"] for d in docs for e in d["entities"])
    report = {
        "dataset": "re3d", "repository": "https://github.com/dstl/re3d", "commit": snap.commit,
        "subsets": list(re3d.SUBSETS), "type_map": re3d.TYPE_MAP, "min_confidence": re3d.MIN_CONFIDENCE,
        "mentions": dict(sorted(counts.items())), "dropped_types": dict(sorted(dropped_types.items())),
        "per_subset": per_subset, "converter": conv.summary(), "repairs": len(conv.repairs),
        "entity_types": dict(sorted(types.items())), "documents": len(docs),
    }
    write_text(args.out / "export.json", json.dumps(tasks, ensure_ascii=False, sort_keys=True) + "\n", make_parent=True)
    write_text(args.out / "labeling_config.xml", re3d.LABELING_CONFIG)
    write_text(args.out / "mapping.json", dump(re3d.MAPPING))
    write_text(args.out / "documents.jsonl", "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in docs))
    write_text(args.out / "conversion.json", dump(report))
    print(f"{len(docs)} documents, {sum(types.values())} entity mentions kept of {counts['mentions']} "
          f"({dict(sorted(counts.items()))}); wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

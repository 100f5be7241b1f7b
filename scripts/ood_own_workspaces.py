"""Lay out the annotation workspaces for the project's own out-of-domain annotation of the re3d
texts (issue 17, item 4): one folder per annotating session, holding only its articles (id, text,
provenance; none of re3d's annotation), the guidelines and an empty drafts/ folder.

Every text goes to one first-pass and one second-pass session; batches are balanced by length and
drawn with a fixed seed, so the plan is reproducible. The plan (which session has which text) is
written to baselines/ood/own/plan.json (--plan).

The briefs are baselines/ood/own/templates/annotate.md filled in per session. With --adjudication,
once both passes are done, one adjudication folder per first-pass batch (adj-NN) is added: its
texts, both passes' drafts, one packet per text (scripts/adjudication_packets.py) and the brief
from templates/adjudicate.md.

Usage: .venv/bin/python scripts/ood_own_workspaces.py --out /work/annot-ood [--sessions 4]
       .venv/bin/python scripts/ood_own_workspaces.py --out /work/annot-ood --adjudication
"""

from __future__ import annotations

import argparse
import sys
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SOURCE = ROOT / "baselines" / "ood" / "re3d" / "documents.jsonl"
TEMPLATES = ROOT / "baselines" / "ood" / "own" / "templates"


def brief(template: str, ws: Path, pass_name: str, annotator: str, n: int) -> str:
    """A session's brief: the template with its folder, pass, account and number of texts."""
    return (template.replace("{PASS}", pass_name).replace("{BATCH}", ws.name.split("-")[1])
            .replace("{ANNOTATOR}", annotator).replace("{N}", str(n)).replace("{DIR}", str(ws)))


def adjudication(out: Path, plan: dict) -> None:
    """adj-NN folders, one per first-pass batch, from the finished first and second passes."""
    where = {i: name for name, w in plan["workspaces"].items() if w["pass"] == "second" for i in w["articles"]}
    template = (TEMPLATES / "adjudicate.md").read_text(encoding="utf-8")
    for name, w in sorted(plan["workspaces"].items()):
        if w["pass"] != "first":
            continue
        ws = out / name.replace("first", "adj")
        for sub in ("first", "second", "drafts"):
            (ws / sub).mkdir(parents=True, exist_ok=False)
        for doc_id in w["articles"]:
            shutil.copyfile(out / name / "drafts" / f"{doc_id}.json", ws / "first" / f"{doc_id}.json")
            shutil.copyfile(out / where[doc_id] / "drafts" / f"{doc_id}.json", ws / "second" / f"{doc_id}.json")
        shutil.copyfile(out / name / "articles.jsonl", ws / "articles.jsonl")
        shutil.copyfile(ROOT / "annotation" / "GUIDELINES.md", ws / "GUIDELINES.md")
        subprocess.run([sys.executable, str(ROOT / "scripts" / "adjudication_packets.py"), "--first", str(ws / "first"),
                        "--second", str(ws / "second"), "--articles", str(ws / "articles.jsonl"),
                        "--out", str(ws / "packets")], check=True)
        account = f"agent-ood-{ws.name}@warclaims.example"
        (ws / "BRIEF.md").write_text(brief(template, ws, "adjudicated", account, len(w["articles"])), encoding="utf-8")
        plan["workspaces"][ws.name] = {"pass": "adjudicated", "annotator": account, "articles": w["articles"],
                                       "chars": w["chars"]}


def batches(items: list[dict], n: int, salt: str) -> list[list[dict]]:
    """n batches of about equal total length, filled greedily in a salted-hash order of the ids
    (so each pass has its own batch-mates); order inside a batch by another salted hash."""
    order = sorted(items, key=lambda a: hashlib.sha256(("batch:" + salt + a["id"]).encode()).hexdigest())
    out: list[list[dict]] = [[] for _ in range(n)]
    for a in order:
        min(out, key=lambda b: (sum(len(x["text"]) for x in b), len(b))).append(a)
    return [sorted(b, key=lambda a: hashlib.sha256((salt + a["id"]).encode()).hexdigest()) for b in out]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sessions", type=int, default=4, help="sessions per pass")
    parser.add_argument("--adjudication", action="store_true",
                        help="add the adjudication folders (both passes must be done)")
    parser.add_argument("--plan", type=Path, default=ROOT / "baselines" / "ood" / "own" / "plan.json",
                        help="where the plan is written")
    args = parser.parse_args()
    if args.adjudication:
        plan = json.loads(args.plan.read_text(encoding="utf-8"))
        adjudication(args.out, plan)
        args.plan.write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
        return 0
    docs = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines()]
    from warclaims.ood.own import article

    arts = [article(d) for d in docs]
    guidelines = ROOT / "annotation" / "GUIDELINES.md"
    plan: dict = {"source": str(SOURCE.relative_to(ROOT)), "guidelines_sha256":
                  hashlib.sha256(guidelines.read_bytes()).hexdigest(), "workspaces": {}}
    for pass_name in ("first", "second"):
        for k, batch in enumerate(batches(arts, args.sessions, salt=pass_name), start=1):
            name = f"{pass_name}-{k:02d}"
            ws = args.out / name
            (ws / "drafts").mkdir(parents=True, exist_ok=False)
            shutil.copyfile(guidelines, ws / "GUIDELINES.md")
            annotator = f"agent-ood-{name}@warclaims.example"
            template = (TEMPLATES / "annotate.md").read_text(encoding="utf-8")
            (ws / "BRIEF.md").write_text(brief(template, ws, pass_name, annotator, len(batch)), encoding="utf-8")
            (ws / "articles.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in batch),
                                               encoding="utf-8")
            plan["workspaces"][name] = {"pass": pass_name, "annotator": annotator,
                                        "articles": [a["id"] for a in batch],
                                        "chars": sum(len(a["text"]) for a in batch)}
    args.plan.parent.mkdir(parents=True, exist_ok=True)
    args.plan.write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    for name, ws in plan["workspaces"].items():
        print(name, len(ws["articles"]), ws["chars"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

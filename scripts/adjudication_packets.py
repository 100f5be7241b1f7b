"""Write one adjudication packet per doubly annotated article: both passes' spans in context and
the items on which they differ, for the adjudicator who writes the gold draft.

The adjudicator sees both passes by design (that is what adjudication is); the packets are made
only after both independent passes are complete, in a folder of their own.

Usage: .venv/bin/python scripts/adjudication_packets.py --first DIR --second DIR
       --articles annotation/articles/release-0.2.0.jsonl --out DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--first", type=Path, required=True)
    parser.add_argument("--second", type=Path, required=True)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from warclaims import anchoring
    from warclaims.dataset.adjudicate import view

    articles = {json.loads(line)["id"]: json.loads(line) for line in args.articles.read_text(encoding="utf-8").splitlines()}
    args.out.mkdir(parents=True, exist_ok=True)
    made = 0
    for second in sorted(args.second.glob("*.json")):
        first = args.first / second.name
        if not first.is_file():
            continue
        article = articles[second.stem]
        docs = {}
        for name, path in (("first", first), ("second", second)):
            draft = json.loads(path.read_text(encoding="utf-8"))
            doc, problems = anchoring.draft_to_document(draft, article, guidelines_version="0.2.0", tool_version="packet")
            if problems:
                raise SystemExit(f"{path}: {len(problems)} problem(s); run warclaims corpus anchor on it")
            docs[name] = doc
        views = {k: view(d) for k, d in docs.items()}
        text = article["text"]
        lines = [f"# {article['id']} ({article['meta']['source']})", "", "## Text", "", text, ""]
        for name in ("first", "second"):
            lines += [f"## {name} pass ({docs[name]['meta']['annotation']['annotators'][0]})", ""]
            lines += anchoring.spans_for_review(docs[name]) + [""]
        lines += ["## Differences (items in one pass only)", ""]
        for layer in ("entities", "sources", "cues"):
            a, b = views["first"].spans[layer], views["second"].spans[layer]
            for key in sorted(a - b):
                lines.append(f"first only  {layer}: {text[key[0]:key[1]]!r} {key[2:] if len(key) > 2 else ''} at {key[0]}")
            for key in sorted(b - a):
                lines.append(f"second only {layer}: {text[key[0]:key[1]]!r} {key[2:] if len(key) > 2 else ''} at {key[0]}")
        ca, cb = views["first"].claims, views["second"].claims
        for key in sorted(set(ca) | set(cb)):
            if ca.get(key) != cb.get(key):
                lines.append(f"claim {text[key[0]:key[1]]!r}: first {ca.get(key)} | second {cb.get(key)}")
        sa, sb = views["first"].stances, views["second"].stances
        def show(p: object) -> str:
            return str(p) if not isinstance(p, tuple) else f"{text[p[1]:p[2]]!r}@{p[1]}"

        for key in sorted(set(sa) | set(sb), key=repr):
            if sa.get(key) != sb.get(key):
                lines.append(f"stance {show(key[0])} -> {show(key[1])}: first {sa.get(key)} | second {sb.get(key)}")
        (args.out / f"{article['id']}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        made += 1
    print(f"{made} packet(s) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark of `warclaims score` against seqeval and nervaluate on the same entities.

Synthetic data (meta.synthetic = true, corpus "synthetic"): N documents (default 20,000)
of ~25 entities, 4 sources, 4 cues, 4 claims and 5 stances each, and a prediction file made
by perturbing the gold (dropped, retyped, shifted and spurious spans, flipped polarities).

Timed in one run:
  parse         read gold and submission JSONL with warclaims.readers (orjson), nothing else
  parse command the same parse as its own process (`python -c ...`: start-up included, as
                for `warclaims score`), for a like-for-like ratio
  score b=0     `warclaims score PRED --gold GOLD --bootstrap 0 --json` (subprocess, end to end;
                default --jobs = the CPUs available, then again with --jobs 1)
  score b=1000  the same with --bootstrap 1000 (the two reports must be identical)
  stages        in-process: load+validate gold, check submission, count rows, bootstrap 1000
  seqeval       f1_score default mode, and mode="strict", scheme=IOB2, on token BIO tags
  nervaluate    Evaluator(..., loader="dict").evaluate() on the same entity spans
  set           plain Python set intersection of (doc, start, end, type)

Usage:  .venv/bin/python bench/score.py [--docs 20000] [--out bench/out/score]
        .venv/bin/python bench/score.py --docs 2000     # quick run
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("PERSON", "ORG", "ARMED_GROUP", "MEDIA", "GPE", "LOC", "FAC")
WORDS = ("the", "forces", "said", "near", "city", "report", "rebels", "army", "town", "officials", "on", "in",
         "and", "advance", "control", "supply", "route", "border", "claimed", "according", "to")
META = {"title": None, "source": "synthetic", "url": None, "published": None, "language": "en",
        "licence": "CC0-1.0", "corpus": "synthetic", "synthetic": True,
        "annotation": {"annotators": ["bench"], "annotation_ids": [], "guidelines_version": "0.1.0",
                       "tool_version": "bench", "pass": "first", "adjudication": "none", "pre_annotated_by": None,
                       "task_id": None, "ground_truth": False, "created_at": None, "updated_at": None,
                       "lead_time": None}}


def make_doc(i: int, rng: random.Random) -> tuple[dict, dict, list[str], list[str], list[str]]:
    """A gold document, its perturbed prediction, and the token BIO tags of both."""
    tokens: list[str] = []
    gold_tags: list[str] = []
    spans: list[tuple[int, int, int, int, str]] = []  # token start, token end, char start, char end, type
    pos = 0
    n_tokens = 220
    t = 0
    while t < n_tokens:
        if rng.random() < 0.14 and t + 3 < n_tokens:
            length = rng.choice((1, 1, 2, 3))
            typ = rng.choice(TYPES)
            start_char = pos
            for k in range(length):
                tokens.append(f"Name{rng.randint(0, 999)}")
                gold_tags.append(("B-" if k == 0 else "I-") + typ)
                pos += len(tokens[-1]) + 1
            spans.append((t, t + length, start_char, pos - 1, typ))
            t += length
        else:
            tokens.append(rng.choice(WORDS))
            gold_tags.append("O")
            pos += len(tokens[-1]) + 1
            t += 1
    text = " ".join(tokens)
    offsets = []
    c = 0
    for tok in tokens:
        offsets.append((c, c + len(tok)))
        c += len(tok) + 1
    ents = [{"id": f"e{k}", "start": cs, "end": ce, "text": text[cs:ce], "type": typ}
            for k, (_, _, cs, ce, typ) in enumerate(spans)]
    # attribution: sources are entity spans, cues and claims are word runs
    sources, cues, claims, stances = [], [], [], []
    for k in range(min(4, len(ents))):
        e = ents[k * len(ents) // 4]
        sources.append({"id": f"s{k}", "start": e["start"], "end": e["end"], "text": e["text"],
                        "kind": rng.choice(("named", "anonymous", "unspecified"))})
        base = 40 + k * 45
        q0, q1 = offsets[base]
        cues.append({"id": f"q{k}", "start": q0, "end": q1, "text": text[q0:q1]})
        c0, c1 = offsets[base + 2][0], offsets[base + 12][1]
        claims.append({"id": f"c{k}", "start": c0, "end": c1, "text": text[c0:c1], "source_id": f"s{k}",
                       "cue_id": f"q{k}", "quote": "indirect", "certainty": "asserted"})
    for k in range(min(5, len(ents))):
        holder = "AUTHOR" if k % 2 == 0 or not sources else sources[k % len(sources)]["id"]
        stances.append({"id": f"t{k}", "holder_id": holder, "target_id": ents[-1 - k]["id"],
                        "polarity": rng.choice(("support", "oppose", "neutral"))})
    doc_id = f"synthetic-{i:06d}"
    gold = {"id": doc_id, "text": text, "meta": META, "entities": ents, "sources": sources, "cues": cues,
            "claims": claims, "stances": stances}
    # prediction: perturb entities on the token grid (keeps BIO expressible)
    pred_tags = ["O"] * len(tokens)
    pents = []
    for k, (ts, te, cs, ce, typ) in enumerate(spans):
        r = rng.random()
        if r < 0.10:
            continue
        if r < 0.15:
            typ = rng.choice(TYPES)
        elif r < 0.20 and te - ts > 1:
            te -= 1
            ce = offsets[te - 1][1]
        pents.append({"id": f"e{k}", "start": cs, "end": ce, "type": typ})
        for j in range(ts, te):
            pred_tags[j] = ("B-" if j == ts else "I-") + typ
    for j in range(len(tokens)):
        if gold_tags[j] == "O" and pred_tags[j] == "O" and rng.random() < 0.01 \
                and (j == 0 or pred_tags[j - 1] == "O") and (j + 1 == len(tokens) or gold_tags[j + 1] == "O"):
            typ = rng.choice(TYPES)
            pents.append({"id": f"x{j}", "start": offsets[j][0], "end": offsets[j][1], "type": typ})
            pred_tags[j] = "B-" + typ
    ids = {e["id"] for e in pents}
    pstances = [dict(s, polarity=s["polarity"] if rng.random() < 0.7 else rng.choice(("support", "oppose", "neutral")))
                for s in stances if s["target_id"] in ids]
    pclaims = [dict(c, end=c["end"] - 2) if rng.random() < 0.3 else c for c in claims]
    pred = {"id": doc_id, "entities": pents, "sources": sources, "cues": cues,
            "claims": [{k: v for k, v in c.items() if k != "text"} for c in pclaims], "stances": pstances}
    spans_g = [(e["start"], e["end"], e["type"]) for e in ents]
    spans_p = [(e["start"], e["end"], e["type"]) for e in pents]
    return gold, pred, gold_tags, pred_tags, [spans_g, spans_p]  # type: ignore[list-item]


CPU: dict[str, float] = {}
RUNS: dict[str, list[tuple[float, float]]] = {}


def timed(label: str, fn, results: dict) -> object:
    """Run fn; record wall-clock seconds in results and CPU seconds (own + children) in CPU.

    CPU time is printed too because the benchmark machine is shared: wall time grows with
    the load of other jobs, CPU time much less. Repeated labels keep every (wall, cpu) run in
    RUNS and the median of each in results / CPU.
    """
    t0 = time.perf_counter()
    c0 = time.process_time()
    k0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    value = fn()
    wall = time.perf_counter() - t0
    k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - c0 + (k1.ru_utime - k0.ru_utime) + (k1.ru_stime - k0.ru_stime)
    RUNS.setdefault(label, []).append((wall, cpu))
    results[label] = statistics.median(w for w, _ in RUNS[label])
    CPU[label] = statistics.median(c for _, c in RUNS[label])
    print(f"{label:<28} {wall:7.2f} s wall {cpu:7.2f} s cpu", flush=True)
    return value


def _summary(repeat: int, res: dict[str, float]) -> None:
    """Medians (and minimums) of the repeated runs, with their ratio to the in-process parse."""
    parse = res["parse (gold + submission)"]
    print(f"medians of {repeat} interleaved runs (min in brackets), wall s / cpu s:")
    for label, runs in RUNS.items():
        if len(runs) > 1:
            w, c = [r[0] for r in runs], [r[1] for r in runs]
            print(f"  {label:<28} {statistics.median(w):6.2f} [{min(w):.2f}] / {statistics.median(c):6.2f} [{min(c):.2f}]"
                  f"   wall ratio to parse {statistics.median(w) / parse:.2f} [{min(w) / min(r[0] for r in RUNS['parse (gold + submission)']):.2f}]")
    paired = [s[0] / p[0] for s, p in zip(RUNS["warclaims score b=0"], RUNS["parse (gold + submission)"])]
    like = [s[0] / p[0] for s, p in zip(RUNS["warclaims score b=0"], RUNS["parse command"])]
    print("paired ratios, score b=0 / parse of the same iteration (a burst of load hits both alike): "
          f"median {statistics.median(paired):.2f}, range {min(paired):.2f}-{max(paired):.2f}, "
          f"under 2 in {sum(r < 2 for r in paired)} of {len(paired)}; / parse command: median "
          f"{statistics.median(like):.2f}, range {min(like):.2f}-{max(like):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "score")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs of the parse and of each `warclaims score` variant, interleaved (medians reported)")
    ap.add_argument("--only-score", action="store_true",
                    help="stop after the parse and `warclaims score` runs (no stages, seqeval, nervaluate)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    gold_path, pred_path = args.out / "gold.jsonl", args.out / "pred.jsonl"
    rng = random.Random(args.seed)
    tags_g, tags_p, spans_g, spans_p = [], [], [], []
    with open(gold_path, "w") as fg, open(pred_path, "w") as fp:
        for i in range(args.docs):
            gold, pred, tg, tp, (sg, sp) = make_doc(i, rng)
            fg.write(json.dumps(gold) + "\n")
            fp.write(json.dumps(pred) + "\n")
            tags_g.append(tg)
            tags_p.append(tp)
            spans_g.append(sg)
            spans_p.append(sp)
    n_ents = sum(map(len, spans_g))
    print(f"{args.docs} documents, {n_ents} gold entities ({n_ents / args.docs:.1f}/doc), "
          f"gold {gold_path.stat().st_size / 1e6:.0f} MB, pred {pred_path.stat().st_size / 1e6:.0f} MB")

    from warclaims import scoring
    from warclaims.metrics import bootstrap
    from warclaims.readers import iter_records

    res: dict[str, float] = {}

    def parse() -> int:
        return sum(1 for _ in iter_records(gold_path)) + sum(1 for _ in iter_records(pred_path))

    def json_parse() -> int:
        n = 0
        for path in (gold_path, pred_path):
            with open(path, encoding="utf-8") as f:
                for raw in f:
                    json.loads(raw)
                    n += 1
        return n

    parse_command = [sys.executable, "-c", "import sys; from pathlib import Path; from warclaims.readers import iter_records; "
                     "print(sum(1 for p in sys.argv[1:] for _ in iter_records(Path(p))))", str(gold_path), str(pred_path)]
    exe = str(ROOT / ".venv" / "bin" / "warclaims")
    outputs = {}
    variants = (("warclaims score b=0", 0, []), ("warclaims score b=1000", 1000, []),
                ("score b=0 --jobs 1", 0, ["--jobs", "1"]), ("score b=1000 --jobs 1", 1000, ["--jobs", "1"]))
    for _ in range(args.repeat):  # interleaved, so that a burst of load on the machine hits all alike
        timed("parse (gold + submission)", parse, res)
        timed("parse command", lambda: subprocess.run(parse_command, check=True, capture_output=True), res)
        for label, b, jobs in variants:
            outputs[label] = timed(label, lambda b=b, jobs=jobs: subprocess.run(
                [exe, "score", str(pred_path), "--gold", str(gold_path), "--bootstrap", str(b), "--json", *jobs],
                check=True, capture_output=True, text=True).stdout, res)
    timed("parse with json.loads", json_parse, res)
    print(f"ratio like for like (both commands, start-up included): score b=0 / parse command = "
          f"{res['warclaims score b=0'] / res['parse command']:.2f}")
    if outputs["warclaims score b=1000"] != outputs["score b=1000 --jobs 1"]:
        raise SystemExit("the parallel and the one-process reports differ")
    if args.only_score:
        _summary(args.repeat, res)
        return
    report = json.loads(outputs["warclaims score b=1000"])
    timed("python startup + imports", lambda: subprocess.run([sys.executable, "-c", "import warclaims.scoring, warclaims.cli.score_cmd, warclaims.reports"], check=True), res)
    docs, _ = timed("  stage: load+validate gold", lambda: scoring.load_gold(gold_path), res)  # type: ignore[misc]
    by_id = {d.id: d for d in docs}
    preds, _ = timed("  stage: check submission", lambda: scoring.check_submission_file(pred_path, by_id, allow_missing=False, split=None), res)  # type: ignore[misc]
    table = timed("  stage: count rows", lambda: scoring.count_table(docs, preds), res)
    timed("  stage: report (no boot)", lambda: scoring.report_from_table(table, bootstrap_replicates=0, seed=0), res)  # type: ignore[arg-type]
    timed("  stage: bootstrap 1000", lambda: bootstrap.resampled_sums([table.matrix], 1000, 0), res)  # type: ignore[attr-defined]

    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2

    seq_default = timed("seqeval default", lambda: f1_score(tags_g, tags_p), res)
    seq_strict = timed("seqeval strict IOB2", lambda: f1_score(tags_g, tags_p, mode="strict", scheme=IOB2), res)
    from nervaluate import Evaluator

    true = [[{"label": t, "start": s, "end": e - 1} for s, e, t in doc] for doc in spans_g]
    pred = [[{"label": t, "start": s, "end": e - 1} for s, e, t in doc] for doc in spans_p]
    nerv = timed("nervaluate (4 schemes)", lambda: Evaluator(true, pred, tags=list(TYPES), loader="dict").evaluate(), res)

    def set_f1() -> float:
        g = {(i, *s) for i, d in enumerate(spans_g) for s in d}
        p = {(i, *s) for i, d in enumerate(spans_p) for s in d}
        tp = len(g & p)
        return 2 * tp / (len(g) + len(p))

    sf1 = timed("python set intersection", set_f1, res)
    ours = report["metrics"]["entities"]["strict"]["micro"]["f1"]
    print(f"strict F1: warclaims {ours:.6f}  seqeval strict {seq_strict:.6f}  seqeval default {seq_default:.6f}  "
          f"nervaluate {nerv['overall']['strict'].f1:.6f}  set {sf1:.6f}")  # type: ignore[index]
    parse = res["parse (gold + submission)"]
    _summary(args.repeat, res)
    print("cpu ratios: score b=0 / parse = %.2f (/ json.loads parse = %.2f); bootstrap 1000 adds %.2f s cpu; "
          "seqeval default / score b=0 = %.2f; seqeval strict / score = %.2f; nervaluate / score = %.2f" % (
              CPU["warclaims score b=0"] / CPU["parse (gold + submission)"],
              CPU["warclaims score b=0"] / CPU["parse with json.loads"],
              CPU["warclaims score b=1000"] - CPU["warclaims score b=0"],
              CPU["seqeval default"] / CPU["warclaims score b=0"], CPU["seqeval strict IOB2"] / CPU["warclaims score b=0"],
              CPU["nervaluate (4 schemes)"] / CPU["warclaims score b=0"]))
    print("wall ratios: score b=0 (default jobs) / parse = %.2f; --jobs 1 / parse = %.2f; cpu ratio --jobs 1 / parse = %.2f" % (
        res["warclaims score b=0"] / parse, res["score b=0 --jobs 1"] / parse,
        CPU["score b=0 --jobs 1"] / CPU["parse (gold + submission)"]))
    print(f"ratios: score b=0 / parse = {res['warclaims score b=0'] / parse:.2f} "
          f"(/ json.loads parse = {res['warclaims score b=0'] / res['parse with json.loads']:.2f}); "
          f"bootstrap 1000 adds {res['warclaims score b=1000'] - res['warclaims score b=0']:.2f} s; "
          f"seqeval default / score b=0 = {res['seqeval default'] / res['warclaims score b=0']:.2f}; "
          f"seqeval strict / score b=0 = {res['seqeval strict IOB2'] / res['warclaims score b=0']:.2f}; "
          f"nervaluate / score b=0 = {res['nervaluate (4 schemes)'] / res['warclaims score b=0']:.2f}")


if __name__ == "__main__":
    main()

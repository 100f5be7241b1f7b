"""Benchmark: full validation (the `warclaims validate` path) against merely parsing the file.

Generates N synthetic Document records (meta.synthetic = true, corpus "synthetic") of about
2 KB of text with about 25 entities plus sources, cues, claims and stances each, writes them to
bench/out/validate-docs.jsonl (ignored by git), then times, best of --repeat runs:

  parse       orjson.loads of every line (the fastest parser we use): the floor
  json        json.loads of every line (for reference)
  schema-rs   orjson + compiled jsonschema-rs is_valid (the fast path)
  semantic    the semantic checks' fast path alone (offsets, span text, ids, references) on parsed records
  semantic-detailed  the detailed checks that build located Problems (run only for failing records)
  fastpath    fastpath.valid_document_id of every line: msgspec decode + schema types + semantic checks, one pass
  stream      readers.iter_records + validate.validate_stream: the record-by-record path (orjson, jsonschema-rs, checks)
  full        validate.validate_path: exactly what the CLI runs (the fast path, the stream path for doubtful lines)
  cli         `warclaims validate FILE` as a process (adds interpreter start-up and imports)
  jsonschema  pure-Python jsonschema iter_errors on a subsample, extrapolated to N

Usage: .venv/bin/python bench/validate.py [--n 20000] [--repeat 3] [--sample 1000]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import orjson

from warclaims import schemas
from warclaims.readers import iter_records
from warclaims.fastpath import valid_document_id
from warclaims.validate import (_semantics_clean, check_duplicate_spans, check_references, check_spans, validate_path,
                               validate_path_hygiene, validate_stream)

OUT = Path(__file__).resolve().parent / "out"
WORDS = ("the", "forces", "said", "town", "on", "Monday", "of", "near", "reported", "fighting", "in", "and",
         "officials", "convoy", "a", "according", "to", "residents", "border", "ceasefire", "talks", "were")
NAMES = ("Alpha Brigade", "Beta City", "Gamma News", "Delta Council", "Epsilon Ridge", "Zeta Hospital", "Eta Front",
         "Theta Agency", "Iota Ministry", "Kappa Valley", "Mx. Lambda Mu")


def synthetic_document(i: int, rng: random.Random, text_chars: int = 2000, n_entities: int = 25) -> dict[str, Any]:
    """One valid synthetic document: filler words with names inserted, spans computed with str offsets."""
    types = schemas.labels()["entity_type"]
    parts: list[str] = []
    entities: list[dict[str, Any]] = []
    pos = 0
    gap = text_chars // (n_entities + 2)
    while pos < text_chars:
        filler = " ".join(rng.choice(WORDS) for _ in range(gap // 6)) + " "
        parts.append(filler)
        pos += len(filler)
        if len(entities) < n_entities:
            name = rng.choice(NAMES)
            entities.append({"id": f"e{len(entities) + 1}", "start": pos, "end": pos + len(name), "text": name,
                             "type": rng.choice(types)})
            parts.append(name + " ")
            pos += len(name) + 1
    text = "".join(parts).rstrip() + "."
    sources, cues, claims = [], [], []
    for k in range(3):
        ent = entities[k * 5]
        sources.append({"id": f"s{k + 1}", "start": ent["start"], "end": ent["end"], "text": ent["text"], "kind": "named"})
        c_start = ent["end"] + 1
        c_end = min(entities[k * 5 + 3]["start"] - 1, len(text))
        cue_end = text.index(" ", c_start)
        cues.append({"id": f"q{k + 1}", "start": c_start, "end": cue_end, "text": text[c_start:cue_end]})
        claims.append({"id": f"c{k + 1}", "start": cue_end + 1, "end": c_end, "text": text[cue_end + 1:c_end],
                       "source_id": f"s{k + 1}", "cue_id": f"q{k + 1}", "quote": "indirect", "certainty": "asserted"})
    stances = [{"id": f"t{k + 1}", "holder_id": h, "target_id": f"e{k + 10}", "polarity": "neutral"}
               for k, h in enumerate(["AUTHOR", "e1", "s2"])]
    meta = {"title": f"Synthetic benchmark document {i}", "source": "synthetic", "url": None, "published": None,
            "language": "en", "licence": "CC0-1.0", "corpus": "synthetic", "synthetic": True, "story": None,
            "annotation": {"annotators": ["bench"], "annotation_ids": [], "guidelines_version": "0.1.0",
                           "tool_version": "bench/validate.py", "pass": "prediction", "adjudication": "none"}}
    return {"id": f"synthetic-{i}", "text": text, "meta": meta, "entities": entities, "sources": sources,
            "cues": cues, "claims": claims, "stances": stances}


def write_corpus(path: Path, n: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        for i in range(n):
            f.write(orjson.dumps(synthetic_document(i, rng)) + b"\n")


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=1000, help="documents for the pure-Python jsonschema run")
    args = ap.parse_args()

    path = OUT / "validate-docs.jsonl"
    write_corpus(path, args.n)
    size = path.stat().st_size
    with open(path, "rb") as f:
        docs = [orjson.loads(x) for x in f]
    gc.collect()
    gc.freeze()  # the 20,000 parsed documents kept for the in-memory steps must not slow the GC of the others
    is_valid = schemas.fast_validator("document")
    timings: dict[str, float] = {}

    def parse() -> int:
        with open(path, "rb") as f:
            return sum(1 for line in f if orjson.loads(line))

    def parse_json() -> int:
        with open(path, "rb") as f:
            return sum(1 for line in f if json.loads(line))

    def schema_rs() -> int:
        with open(path, "rb") as f:
            return sum(is_valid(orjson.loads(line)) for line in f)

    def semantic() -> int:
        return sum(not _semantics_clean(d) for d in docs)

    def semantic_detailed() -> int:
        n = 0
        for d in docs:
            n += len(list(check_spans(d, d["text"]))) + len(list(check_references(d))) + len(list(check_duplicate_spans(d)))
        return n

    def fastpath() -> int:
        with open(path, "rb") as f:
            return sum(valid_document_id(line) is not None for line in f)

    def stream() -> tuple[int, int]:
        records = problems = 0
        for record, found in validate_stream(iter_records(path), str(path)):
            records += record is not None
            problems += len(found)
        return records, problems

    def full() -> tuple[int, int]:
        records = problems = 0
        for is_record, found in validate_path(path):
            records += is_record
            problems += len(found)
        return records, problems

    timings["parse"], count = best_of(args.repeat, parse)
    assert count == args.n
    timings["json"], _ = best_of(args.repeat, parse_json)
    timings["schema-rs"], valid = best_of(args.repeat, schema_rs)
    assert valid == args.n
    timings["semantic"], semantic_problems = best_of(args.repeat, semantic)
    assert semantic_problems == 0
    timings["semantic-detailed"], semantic_problems = best_of(args.repeat, semantic_detailed)
    assert semantic_problems == 0
    timings["fastpath"], accepted = best_of(args.repeat, fastpath)
    assert accepted == args.n
    timings["stream"], (records, problems) = best_of(args.repeat, stream)
    assert (records, problems) == (args.n, 0), (records, problems)
    timings["full"], (records, problems) = best_of(args.repeat, full)
    assert (records, problems) == (args.n, 0), (records, problems)
    timings["full+hygiene"], warnings = best_of(args.repeat, lambda: sum(len(w) for _, _, w in validate_path_hygiene(path)))
    assert warnings == 0, warnings
    exe = Path(sys.executable).with_name("warclaims")
    timings["cli"], proc = best_of(args.repeat, lambda: subprocess.run([str(exe), "validate", str(path)], capture_output=True))
    assert proc.returncode == 0, proc.stderr
    timings["cli-no-hygiene"], proc = best_of(args.repeat, lambda: subprocess.run([str(exe), "validate", "--no-hygiene", str(path)],
                                                                                    capture_output=True))
    assert proc.returncode == 0, proc.stderr

    import jsonschema  # noqa: F401  (imported here so its import time is not counted above)

    sample = docs[: args.sample]
    schemas.iter_schema_errors("document", sample[0])  # build the validator outside the timing
    t_py, errs = best_of(1, lambda: sum(1 for d in sample for _ in schemas.iter_schema_errors("document", d)))
    assert errs == 0
    timings["jsonschema"] = t_py * args.n / len(sample)

    base = timings["parse"]
    report = {
        "command": f"{Path(sys.executable).name} bench/validate.py --n {args.n} --repeat {args.repeat} --sample {args.sample}",
        "documents": args.n, "file_mb": round(size / 1e6, 1),
        "mean_entities": round(sum(len(d["entities"]) for d in docs) / len(docs), 1),
        "mean_text_chars": round(sum(len(d["text"]) for d in docs) / len(docs)),
        "machine": {"nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(), "cpu": cpu_model(),
                    "python": platform.python_version()},
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "records_per_s": {k: round(args.n / v) for k, v in timings.items()},
        "ratio_to_parse": {k: round(v / base, 2) for k, v in timings.items()},
    }
    (OUT / "validate-report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    print("\n| step | seconds | records/s | x parse |\n|---|---:|---:|---:|")
    for k, v in timings.items():
        print(f"| {k} | {v:.2f} | {args.n / v:,.0f} | {v / base:.2f} |")


if __name__ == "__main__":
    main()

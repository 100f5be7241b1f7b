"""Benchmark: Label Studio's own snapshot export + download vs. our convert + validate of the same file.

Starts a real Label Studio (from .venv-ls, template data dir under .cache/), imports N synthetic
tasks (text and meta marked synthetic) with 2 annotations each in one import per batch, then
times, in one run:
  server  = snapshot export (SDK `projects.exports.create`, full JSON) + streamed download to disk
            through the SDK with `ls pull`'s checks (warclaims.labelstudio.pull.download; the body
            check timed apart too);
  ours    = convert_export_file (parse, per-region joins, offset proofs, check_document on every record).
Prints both and the ratio ours/server. Usage:
    .venv/bin/python bench/pull_convert.py --tasks 10000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warclaims.labelstudio import ops, pull, sdk  # noqa: E402
from warclaims.labelstudio.api import Api  # noqa: E402
from warclaims.labelstudio.config import parse_config  # noqa: E402
from warclaims.labelstudio.convert import convert_export_file  # noqa: E402
from warclaims.labelstudio.inverse import layers_to_results  # noqa: E402
from warclaims.labelstudio.received import check_body  # noqa: E402
from warclaims.labelstudio.server import LocalServer, prepare_from_template  # noqa: E402
from warclaims.paths import labeling_config_path  # noqa: E402

ACTORS = [("Hezbollah", "ARMED_GROUP"), ("Reuters", "MEDIA"), ("Damascus", "GPE"), ("the Syrian Observatory", "ORG"),
          ("Rami Abdel-Rahman", "PERSON"), ("Homs", "GPE"), ("the Orontes valley", "LOC"), ("Tiyas airbase", "FAC")]
META = {"title": None, "source": "synthetic", "url": None, "published": None, "language": "en", "licence": "CC0-1.0",
        "corpus": "synthetic", "synthetic": True, "story": None}


def synthetic_doc(i: int, rng: random.Random) -> tuple[str, dict[str, list]]:
    """About 1 KB of synthetic text with 8 entities, 2 attributed claims and 3 stances."""
    parts, ents, srcs, cues, claims = [], [], [], [], []
    pos = 0
    for k in range(2):
        src, _ = rng.choice(ACTORS[:5])
        tgt, ttype = rng.choice(ACTORS)
        sent = f"{src} said that fighters moved toward {tgt} on day {i}-{k}. "
        s0 = pos + sent.index(src)
        c0 = pos + sent.index("fighters")
        srcs.append({"id": f"s{k}", "start": s0, "end": s0 + len(src), "text": src, "kind": "named"})
        cues.append({"id": f"q{k}", "start": s0 + len(src) + 1, "end": s0 + len(src) + 5, "text": "said"})
        cl = f"fighters moved toward {tgt} on day {i}-{k}"
        claims.append({"id": f"c{k}", "start": c0, "end": c0 + len(cl), "text": cl, "source_id": f"s{k}", "cue_id": f"q{k}",
                       "quote": "indirect", "certainty": rng.choice(["asserted", "hedged"])})
        t0 = pos + sent.index(tgt, sent.index("toward"))
        ents.append({"id": f"e{k}", "start": t0, "end": t0 + len(tgt), "text": tgt, "type": ttype})
        parts.append(sent)
        pos += len(sent)
    for k in range(6):
        name, etype = rng.choice(ACTORS)
        sent = f"Later {name} was mentioned again in report {k} about the situation near the front line of the war. "
        e0 = pos + sent.index(name)
        ents.append({"id": f"e{k + 2}", "start": e0, "end": e0 + len(name), "text": name, "type": etype})
        parts.append(sent)
        pos += len(sent)
    stances = [{"id": f"t{k}", "holder_id": "AUTHOR", "target_id": f"e{k}", "polarity": rng.choice(["support", "oppose", "neutral"])}
               for k in range(2)] + [{"id": "t9", "holder_id": "e2", "target_id": "e3", "polarity": "oppose"}]
    return "".join(parts), {"entities": ents, "sources": srcs, "cues": cues, "claims": claims, "stances": stances}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()
    rng = random.Random(7)
    config = parse_config(labeling_config_path().read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="bench-pull-"))
    creds = prepare_from_template(work / "data", REPO / ".cache" / "ls-template")
    server = LocalServer(work / "data", creds).start(timeout=300)
    try:
        api = Api(server.url, creds.token, timeout=1800)
        pid = ops.setup_project(api, "bench pull_convert", config.xml)["project_id"]
        users = [api.user_id("bench-a@warclaims.test"), api.user_id("bench-b@warclaims.test")]
        t0 = time.perf_counter()
        for b in range(0, args.tasks, args.batch):
            batch = []
            for i in range(b, min(b + args.batch, args.tasks)):
                text, layers = synthetic_doc(i, rng)
                result = layers_to_results(layers, config)
                batch.append({"data": {"text": text, "doc_id": f"synthetic-{i}", "meta": META},
                              "annotations": [{"result": result, "completed_by": u, "lead_time": 30.0} for u in users]})
            api.json("POST", f"/api/projects/{pid}/import", json=batch)
        t_import = time.perf_counter() - t0
        out = work / "exports"
        out.mkdir()
        t0 = time.perf_counter()
        with sdk.client(api) as ls:
            export_id = sdk.create_export(api, ls, pid, "bench pull_convert", pull.SERIALIZATION)
            t_snapshot = time.perf_counter() - t0
            dest = out / "export.json"
            pending, *_ = pull.download(api, ls, pid, export_id, dest)
        pending.commit()
        t_server = time.perf_counter() - t0
        t0 = time.perf_counter()
        check_body(dest.read_bytes())
        t_check = time.perf_counter() - t0
        t0 = time.perf_counter()
        conv = convert_export_file(dest, config=config, guidelines_version="0.1.0", tool_version="label-studio 1.23.2")
        t_ours = time.perf_counter() - t0
    finally:
        server.stop()
    s = conv.summary()
    print(f"tasks {s['tasks']}, annotations {s['annotations']}, documents {s['documents']}, errors {s['errors']}, "
          f"export {dest.stat().st_size / 1e6:.1f} MB")
    print(f"import (not compared)        {t_import:8.2f} s")
    print(f"server snapshot              {t_snapshot:8.2f} s")
    print(f"server snapshot + download   {t_server:8.2f} s")
    print(f"  of which pull's body check {t_check:8.2f} s")
    print(f"ours convert + validate      {t_ours:8.2f} s")
    print(f"ratio ours / server          {t_ours / t_server:8.2f}")


if __name__ == "__main__":
    main()

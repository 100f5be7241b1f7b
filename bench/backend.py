"""Benchmark: live suggestions for one ~2,000-character article, end to end over HTTP (goal < 0.5 s).

The pipeline (entities-crf + claims-linear + stance-linear-e2e) is fitted on the release's train
split (or loaded with --model), served by the real `ls backend` HTTP server on loopback, and
timed three ways, each call a fresh prediction (the backend keeps no cache):
  in-process   Pipeline.predict on the article (the models alone);
  /predict     POST /predict over HTTP with the project's config, as Label Studio sends it;
  task open    with --label-studio: a real Label Studio (from .venv-ls, template data dir under
               .cache/) connected to the backend; GET /api/tasks/<id> of a task without
               predictions, which makes the server call /predict and store the result (what an
               annotator waits for when opening a task), against the same GET once predicted.
The article is the real article of annotation/articles/release-0.2.0.jsonl whose length is
closest to --chars. Usage:
    .venv/bin/python bench/backend.py --repeat 20 --label-studio
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

import requests  # noqa: E402

from warclaims.baselines import pipeline as pipelines  # noqa: E402
from warclaims.baselines.run import PIPELINE  # noqa: E402
from warclaims.labelstudio.backend import Backend  # noqa: E402
from warclaims.labelstudio.backend_http import make_server  # noqa: E402
from warclaims.paths import labeling_config_path  # noqa: E402


def timings(fn: Callable[[int], object], repeat: int) -> list[float]:
    out = []
    for k in range(repeat):
        t0 = time.perf_counter()
        fn(k)
        out.append(time.perf_counter() - t0)
    return out


def row(name: str, xs: list[float]) -> str:
    q = sorted(xs)
    p95 = q[min(len(q) - 1, round(0.95 * (len(q) - 1)))]
    return f"| {name} | {len(xs)} | {min(xs):.3f} | {statistics.median(xs):.3f} | {p95:.3f} | {max(xs):.3f} |"


def label_studio_rows(url: str, article: dict, repeat: int) -> list[str]:
    from warclaims.labelstudio import ops
    from warclaims.labelstudio.api import Api
    from warclaims.labelstudio.server import LocalServer, prepare_from_template

    (REPO / "bench" / "out").mkdir(parents=True, exist_ok=True)  # ignored by git
    with tempfile.TemporaryDirectory(prefix="backend-", dir=REPO / "bench" / "out") as tmp:
        creds = prepare_from_template(Path(tmp) / "ls", REPO / ".cache" / "ls-template")
        with LocalServer(Path(tmp) / "ls", creds).start(timeout=300) as server:
            api = Api(server.url, creds.token)
            pid = ops.setup_project(api, "bench backend", labeling_config_path().read_text(encoding="utf-8"))["project_id"]
            ops.connect_backend(api, pid, url)
            ops.import_articles(api, pid, [{**article, "id": f"{article['id']}#{k}"} for k in range(repeat)])
            ids = [t["id"] for t in ops.tasks_by_doc_id(api, pid).values()]

            def open_task(k: int) -> None:
                task = api.json("GET", f"/api/tasks/{ids[k]}")
                assert task["predictions"], "no prediction arrived"

            first = timings(open_task, repeat)
            again = timings(open_task, repeat)
    return [row("task open, first time (Label Studio calls /predict)", first),
            row("task open, already predicted (Label Studio alone)", again)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", type=Path, default=REPO / "dataset")
    ap.add_argument("--model", type=Path, default=None, help="load saved models (baselines run --save-models --out DIR)")
    ap.add_argument("--articles", type=Path, default=REPO / "annotation" / "articles" / "release-0.2.0.jsonl")
    ap.add_argument("--chars", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--label-studio", action="store_true", help="also time task opens on a real Label Studio")
    args = ap.parse_args()

    lines = [json.loads(x) for x in args.articles.read_text(encoding="utf-8").splitlines() if x.strip()]
    article = min(lines, key=lambda a: abs(len(a["text"]) - args.chars))
    t0 = time.perf_counter()
    pipe = pipelines.load_runs(args.model, PIPELINE) if args.model else pipelines.fit_release(args.dataset, PIPELINE, REPO / "baselines")
    ready = time.perf_counter() - t0
    server = make_server(Backend(pipe.predict, pipe.model_version))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    body = {"tasks": [{"id": 1, "data": {"text": article["text"], "meta": article["meta"]}}],
            "label_config": labeling_config_path().read_text(encoding="utf-8"), "project": "1.0", "params": {}}
    session = requests.Session()

    def over_http(k: int) -> None:
        resp = session.post(server.url + "/predict", json=body, timeout=100)
        resp.raise_for_status()

    over_http(0)  # warm-up: first call parses and caches the config
    rows = [row("in-process `Pipeline.predict`", timings(lambda k: pipe.predict([article]), args.repeat)),
            row("POST /predict over HTTP (loopback)", timings(over_http, args.repeat))]
    n_regions = sum(1 for r in session.post(server.url + "/predict", json=body).json()["results"][0]["result"] if r["type"] == "labels")
    if args.label_studio:
        rows += label_studio_rows(server.url, article, args.repeat)
    server.shutdown()
    server.server_close()
    print(f"model_version {pipe.model_version}; {'loaded' if args.model else 'fitted'} in {ready:.1f} s")
    print(f"article {article['id']}: {len(article['text'])} characters, {n_regions} predicted regions")
    print("| path | runs | min s | median s | p95 s | max s |\n|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

"""Benchmark: `warclaims dataset build` against the floor, measured in the same run.

Generates a synthetic (marked: corpus "synthetic", meta.synthetic true) input of N tasks x 2
annotations as converted Document JSONL (about 2 KB of text, 24 entities, 6 sources, cues, claims
and stances per record; annotators' copies differ by seeded noise), written to bench/out/ (ignored
by git). Then runs, each in a fresh process, and reports wall time and peak RSS (ru_maxrss of the
child):

  floor   orjson load of every line + datasets.Dataset.from_list(records) + to_parquet
  build   `warclaims dataset build --documents FILE --version 0.1.0 --out TMP --allow-synthetic`
          (validation, split spooling, agreement, adjudication, four configs' Parquet, card, Croissant)

Goal: build <= 3x floor wall time, peak RSS < 2 GB.
Each is run --repeat times, alternating; the best wall time and the worst peak RSS are reported.
Usage: .venv/bin/python bench/build.py [--n 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from warclaims.dataset import synthetic

OUT = Path(__file__).resolve().parent / "out"
FLOOR = """
import sys, orjson, datasets
records = [orjson.loads(line) for line in open(sys.argv[1], "rb")]
datasets.Dataset.from_list(records).to_parquet(sys.argv[2])
"""


def generate(path: Path, n: int) -> None:
    with open(path, "wb") as f:
        for i in range(n):
            for who in ("bench-a@example.org", "bench-b@example.org"):
                rec = synthetic.annotation(i, who, f"{who[:7]}-{i}", blocks=6, filler=2000)
                f.write(orjson.dumps(rec) + b"\n")


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MiB, CPU seconds user+system) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000, help="tasks (each with 2 annotations)")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each; best wall time, worst RSS")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    data = OUT / f"build-input-{args.n}.jsonl"
    if not data.exists():
        generate(data, args.n)
    py = sys.executable
    warclaims = str(Path(py).with_name("warclaims"))
    tmp = Path(tempfile.mkdtemp(prefix="bench-build-"))
    floors, builds = [], []
    try:
        for r in range(args.repeat):  # alternate, so load from other processes hits both alike
            floors.append(run([py, "-c", FLOOR, str(data), str(tmp / "floor.parquet")]))
            builds.append(run([warclaims, "dataset", "build", "--documents", str(data), "--version", "0.1.0",
                               "--out", str(tmp / f"dataset-{r}"), "--allow-synthetic"]))
    finally:
        shutil.rmtree(tmp)
    floor_wall, floor_rss, floor_cpu = min(r[0] for r in floors), max(r[1] for r in floors), min(r[2] for r in floors)
    build_wall, build_rss, build_cpu = min(r[0] for r in builds), max(r[1] for r in builds), min(r[2] for r in builds)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    print(f"input: {args.n} tasks x 2 annotations, {data.stat().st_size / 2**20:.1f} MiB; best of {args.repeat}")
    print("all runs (wall s): floor " + ", ".join(f"{r[0]:.1f}" for r in floors) + "; build " + ", ".join(f"{r[0]:.1f}" for r in builds))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print("| step | wall s | CPU s | peak RSS MiB |\n|---|---:|---:|---:|")
    print(f"| floor (load + Dataset.from_list + to_parquet) | {floor_wall:.1f} | {floor_cpu:.1f} | {floor_rss:.0f} |")
    print(f"| warclaims dataset build | {build_wall:.1f} | {build_cpu:.1f} | {build_rss:.0f} |")
    print(f"ratio build/floor: wall {build_wall / floor_wall:.2f}x, CPU {build_cpu / floor_cpu:.2f}x (goal <= 3x); "
          f"peak RSS {build_rss:.0f} MiB (goal < 2048)")


if __name__ == "__main__":
    main()

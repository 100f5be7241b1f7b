"""Benchmark: fit and predict time and documents/s of every baseline.

On the release in dataset/ (train to fit, test to predict), or with --synthetic N on N synthetic
(marked) documents split 60/20/20. Fits use default parameters (one fit, as in production after
tuning); `--tune` also times the full `run_one` (grid search on validation + scoring).
Prints a Markdown table; the figures go into bench/README.md under "## baselines".

Usage:
  .venv/bin/python bench/baselines.py                      # release in dataset/
  .venv/bin/python bench/baselines.py --synthetic 2000      # synthetic documents
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, default=Path("dataset"))
    parser.add_argument("--synthetic", type=int, default=0, help="use N synthetic documents instead of the release")
    parser.add_argument("--repeat", type=int, default=3, help="best of R timings")
    parser.add_argument("--tune", action="store_true", help="also time tuning on validation + scoring (run_one)")
    args = parser.parse_args()

    from warclaims.baselines import registry
    from warclaims.baselines.run import load_split, release_version, run_one

    if args.synthetic:
        from warclaims.baselines.synthetic import synthetic_documents

        docs = synthetic_documents(args.synthetic, seed=0)
        a, b = int(0.6 * len(docs)), int(0.8 * len(docs))
        train, validation, test = docs[:a], docs[a:b], docs[b:]
        what = f"{args.synthetic} synthetic documents (seed 0)"
    else:
        version = release_version(args.dataset)
        train, validation, test = (load_split(args.dataset, s) for s in ("train", "validation", "test"))
        what = f"release {version} in {args.dataset}"
    chars = sum(len(d.text) for d in train)
    print(f"# {what}: train {len(train)} docs ({chars:,} chars), validation {len(validation)}, test {len(test)}")
    print(f"# machine: nproc {os.cpu_count()}, CPU {_cpu()}, Python {platform.python_version()}")
    print()
    header = "| baseline | fit s | fit docs/s | predict s | predict docs/s |" + (" tune+fit+score s |" if args.tune else "")
    print(header)
    print("|---|---:|---:|---:|---:|" + ("---:|" if args.tune else ""))
    total_fit = total_tune = 0.0
    for spec in registry.BASELINES.values():
        fits, preds = [], []
        for _ in range(args.repeat):
            est = spec.make(seed=0)
            t0 = time.perf_counter()
            est.fit(train)
            t1 = time.perf_counter()
            est.predict(test)
            t2 = time.perf_counter()
            fits.append(t1 - t0)
            preds.append(t2 - t1)
        fit, pred = min(fits), min(preds)
        total_fit += fit
        row = (f"| {spec.name} | {fit:.3f} | {len(train) / fit:,.0f} | {pred:.3f} | {len(test) / pred:,.0f} |")
        if args.tune:
            t0 = time.perf_counter()
            run_one(spec, train, validation, test, seed=0, bootstrap=1000)
            tune = time.perf_counter() - t0
            total_tune += tune
            row += f" {tune:.2f} |"
        print(row)
    print()
    print(f"total fit (all baselines, default parameters): {total_fit:.2f} s")
    if args.tune:
        print(f"total tune + fit + predict + score (1000 bootstraps): {total_tune:.2f} s")


if __name__ == "__main__":
    main()

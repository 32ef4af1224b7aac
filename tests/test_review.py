"""The analyst's review log: corrections survive re-ingest and rebuilds, reach the timeline and the
exports, merge and split round-trip, a review killed with -9 loses no answer, and corrected types
become opt-in training examples."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.review import ReviewError
from frontlines.store import Store
from frontlines.timeline import build_timeline

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus.jsonl"
# A later report of the fall of Sheberghan, written for this test: it merges into the sample's event.
LATER = {"id": "sheberghan-later", "published": "2021-08-07", "outlet": "Oxus Courier",
         "text": "Taliban fighters captured Sheberghan, the capital of Jowzjan province, on Friday after government "
                 "troops pulled back to the airport, a provincial council member told the Oxus Courier."}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("review") / "base.db"
    store = Store(path)
    ingest([str(CORPUS)], store, LocalEngine(1))
    store.close()
    return path


@pytest.fixture()
def db(base, tmp_path) -> Path:
    path = tmp_path / "r.db"
    shutil.copy(base, path)
    return path


def _cli(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frontlines", *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}, timeout=300)


def _by(store: Store, sub_event_type: str, place: str) -> dict:
    return next(e for e in store.events(include_historical=True, include_rejected=True)
                if e["sub_event_type"] == sub_event_type and (e.get("place") or {}).get("name") == place)


def test_rejected_event_stays_rejected_after_reingest_and_rebuild(db, tmp_path):
    store = Store(db)
    fall = _by(store, "Non-state actor overtakes territory", "Shibirghān")
    store.correct("reject", fall["id"], who="tester", why="wrong town")
    assert fall["id"] not in {e["id"] for e in store.events(include_historical=True)}
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    summary = ingest([str(CORPUS), str(later)], store, LocalEngine(1))  # re-ingest, and one new report
    assert summary.duplicate == 9 and summary.new == 1
    ev = store.event(fall["id"])
    assert "sheberghan-later" in {m["article"] for m in ev["members"]}  # the new report joined it ...
    assert ev["review"]["status"] == "rejected" and ev["reviewed"]      # ... and it stays rejected
    assert fall["id"] not in {e["id"] for e in store.events(include_historical=True)}
    store.rebuild_events()
    assert store.event(fall["id"])["review"]["status"] == "rejected"
    log = store.review_log(fall["id"])
    assert [(c["action"], c["who"], c["why"]) for c in log] == [("reject", "tester", "wrong town")]
    assert log[0]["at"].endswith("Z")


def test_one_correction_at_a_time_equals_the_whole_log_replayed(db):
    store = Store(db)
    clash = _by(store, "Armed clash", "Shibirghān")
    fall = _by(store, "Non-state actor overtakes territory", "Shibirghān")
    store.correct("set", clash["id"], who="a", why="no fighting", field="fatalities", value=3)
    store.correct("set", clash["id"], who="a", field="sub_event_type", value="Attack")
    store.correct("merge", fall["id"], who="b", why="same fight", target=clash["id"])
    store.correct("confirm", fall["id"], who="b")
    store.correct("split", fall["id"], who="c", target="sheberghan-2/e1")
    before = store.dump()
    store.rebuild_events()
    assert store.dump() == before
    assert before["reviews"] and len(before["reviews"]) == 5


def test_merge_and_split_round_trip(db):
    store = Store(db)
    fall = _by(store, "Non-state actor overtakes territory", "Shibirghān")
    strike = _by(store, "Air/drone strike", "Shibirghān")
    out = store.correct("merge", fall["id"], who="a", why="one story", target=strike["id"])
    assert out[1] == {"id": strike["id"], "merged_into": fall["id"]}
    merged = store.event(fall["id"])
    assert len(merged["members"]) == len(fall["members"]) + 1 and store.event(strike["id"]) is None
    assert merged["members"][-1]["reason"] == "merged by a: one story"
    with pytest.raises(ReviewError, match="merged into"):
        store.correct("confirm", strike["id"], who="a")
    key = f'{strike["members"][0]["article"]}/{strike["members"][0]["event"]}'
    store.correct("split", fall["id"], who="a", why="no, two", target=key)
    machine = ("review", "reviewed")
    back = {k: v for k, v in store.event(fall["id"]).items() if k not in machine}
    again = {k: v for k, v in store.event(strike["id"]).items() if k not in machine}
    assert back == {k: v for k, v in fall.items() if k not in machine}
    assert {k: v for k, v in again.items() if k != "members"} == {k: v for k, v in strike.items() if k not in machine + ("members",)}
    assert again["members"][0]["reason"] == f"split from {fall['id']} by a: no, two"
    store.rebuild_events()  # and the round trip holds when the log is replayed from the mentions
    assert {k: v for k, v in store.event(fall["id"]).items() if k not in machine} == back
    with pytest.raises(ReviewError, match="one report only"):
        store.correct("split", strike["id"], who="a", target=key)


def test_corrections_reach_the_timeline_the_events_and_the_exports(db, tmp_path):
    store = Store(db)
    izyum = _by(store, "Government regains territory", "Izyum")  # Ukraine back in its own town
    assert any(s.place["name"] == "Izyum" for s in build_timeline(store.events(include_historical=True)))
    store.correct("reject", izyum["id"], who="a", why="a rumour")
    assert not any(s.place["name"] == "Izyum" for s in build_timeline(store.events(include_historical=True)))
    strike = _by(store, "Air/drone strike", "Sanaa")
    store.correct("set", strike["id"], who="a", field="sub_event_type", value="Shelling/artillery/missile attack")
    store.correct("set", strike["id"], who="a", field="fatalities", value=6)
    store.close()
    out = tmp_path / "all.csv"
    assert _cli("export", "--db", str(db), "--format", "acled-csv", "-o", str(out)).returncode == 0
    rows = {r["frontlines_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert izyum["id"] not in rows
    assert (rows[strike["id"]]["sub_event_type"], rows[strike["id"]]["event_type"], rows[strike["id"]]["fatalities"]) \
        == ("Shelling/artillery/missile attack", "Explosions/Remote violence", "6")
    assert "review=corrected" in rows[strike["id"]]["tags"].split("; ")
    done = _cli("export", "--db", str(db), "--format", "acled-csv", "--reviewed-only")
    assert [r["frontlines_id"] for r in csv.DictReader(io.StringIO(done.stdout))] == [strike["id"]]
    listed = _cli("events", "--db", str(db), "--format", "json", "--rejected", "--reviewed-only")
    assert {e["id"]: e["review"]["status"] for e in json.loads(listed.stdout)} == \
        {izyum["id"]: "rejected", strike["id"]: "corrected"}
    shown = _cli("event", strike["id"], "--db", str(db))
    assert "fatalities = 6 (was 5)" in shown.stdout and "sub_event_type = Shelling/artillery/missile attack (was Air/drone strike)" in shown.stdout


def test_cli_corrections_and_their_errors(db, tmp_path):
    corrections = tmp_path / "corrections.jsonl"
    env = {"FRONTLINES_CORRECTIONS": str(corrections), "FRONTLINES_ANALYST": "Dana"}
    store = Store(db)
    clash = _by(store, "Armed clash", "El Fasher")
    store.close()
    bad = _cli("event", clash["id"], "--db", str(db), "--set", "fatalities=many", env=env)
    assert bad.returncode == 2 and "fatalities must be a whole number" in bad.stderr
    assert _cli("event", clash["id"], "--db", str(db), "--set", "colour=red", env=env).returncode == 2
    assert _cli("event", "XX-nothing", "--db", str(db), "--reject", env=env).returncode == 2
    assert _cli("merge", clash["id"], clash["id"], "--db", str(db), env=env).returncode == 2
    ok = _cli("event", clash["id"], "--db", str(db), "--set", "sub_event_type=attack", "--why", "the RSF shelled homes",
              "--format", "json", env=env)
    assert ok.returncode == 0, ok.stderr
    ev = json.loads(ok.stdout)
    assert ev["sub_event_type"] == "Attack" and ev["event_type"] == "Violence against civilians"
    assert ev["review"]["log"][0]["who"] == "Dana" and ev["review"]["original"] == {"sub_event_type": "Armed clash"}
    example = json.loads(corrections.read_text(encoding="utf-8").splitlines()[-1])
    assert example["label"] == "Attack" and example["event"] == clash["id"] and "clashed with the army" in example["text"]
    assert Store(db).review_log() and not any(r["action"] == "set" and r.get("field") == "fatalities"
                                              for r in Store(db).review_log())  # the refused ones left nothing


def test_review_session_from_piped_answers(db):
    answers = "c\nlooks right\nr\n<script>alert(1)</script> not an event\ns\nt\nexplosions\nt\nsuicide bomb\nsaid so\nq\n"
    done = _cli("review", "--db", str(db), stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "reviewed: 1 confirmed, 1 rejected, 1 corrected, 1 skipped" in done.stdout
    assert "is an event type" in done.stdout  # a wrong answer is refused and asked again
    assert "[" in done.stdout and "]" in done.stdout  # the trigger marked in the evidence sentence
    log = Store(db).review_log()
    assert [c["action"] for c in log] == ["confirm", "reject", "set"]
    assert log[1]["why"] == "<script>alert(1)</script> not an event" and log[2]["value"] == "Suicide bomb"
    shown = Store(db).events(include_historical=True, include_rejected=True)
    conf = sorted((e for e in shown if e["id"] in {c["event_id"] for c in log}), key=lambda e: e["id"])
    assert {e["review"]["status"] for e in conf} == {"confirmed", "rejected", "corrected"}
    again = _cli("review", "--db", str(db), stdin="q\n")  # the next review starts after what was answered
    first = next(line for line in again.stdout.splitlines() if line.startswith("[1 of"))
    assert not any(c["event_id"] in first for c in log)


def test_review_killed_with_sigkill_loses_no_answer(db):
    proc = subprocess.Popen([sys.executable, "-m", "frontlines", "review", "--db", str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        answered = []
        for key, why in (("r", "duplicate"), ("c", "")):
            proc.stdin.write(f"{key}\n{why}\n")
            proc.stdin.flush()
            verb = "rejected" if key == "r" else "confirmed"
            deadline = time.time() + 120
            while True:  # wait until the answer is acknowledged: it is in the store from then on
                line = proc.stdout.readline()
                assert line and time.time() < deadline, proc.stderr.read()
                if line.startswith(verb):
                    answered.append(line.split()[1])
                    break
        proc.stdin.write("r\n")  # a third answer under way (its reason not yet given) when killed
        proc.stdin.flush()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    store = Store(db)
    log = store.review_log()
    assert [(c["action"], c["event_id"]) for c in log] == [("reject", answered[0]), ("confirm", answered[1])]
    assert store.event(answered[0])["review"]["status"] == "rejected"
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    before = store.dump()
    store.rebuild_events()
    assert store.dump() == before  # the events the killed review left are the log's


def test_corrections_are_opt_in_training_examples(tmp_path, monkeypatch):
    from frontlines import config
    from frontlines.corrections import append, read
    from frontlines.events import classify

    path = tmp_path / "c.jsonl"
    append({"text": "Militiamen looted the market stalls of the town overnight.", "label": "Looting/property destruction"}, path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"text": "a label nobody knows", "label": "Picnic"}\n{"text": "half a li')  # a killed write
    assert read(path, {"Looting/property destruction"}) == [
        {"text": "Militiamen looted the market stalls of the town overnight.", "label": "Looting/property destruction"}]
    shipped = len(classify._examples())
    off_digest = classify._digest()
    monkeypatch.setattr(config, "SETTINGS", replace(config.SETTINGS, corrections_path=path, learn_from_corrections=True))
    assert len(classify._examples()) == shipped + 1 and classify._digest() != off_digest
    monkeypatch.setattr(config, "SETTINGS", replace(config.SETTINGS, learn_from_corrections=False))
    assert len(classify._examples()) == shipped and classify._digest() == off_digest


def test_a_store_made_before_the_review_log_reads_and_migrates(base, tmp_path):
    import sqlite3

    from frontlines.store import MIGRATIONS

    old = tmp_path / "v1.db"
    db = sqlite3.connect(old)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO events VALUES ('AF-1', 'Armed clash', 'Battles', 'AF', '2021-08-06', 'current', ?)",
               (json.dumps({"id": "AF-1", "sub_event_type": "Armed clash", "members": []}),))
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    readonly = Store(old, readonly=True)  # an older store on read-only media: read as it is
    assert [e["id"] for e in readonly.events()] == ["AF-1"] and readonly.reviewed_event_ids() == set()
    assert readonly.events(reviewed_only=True) == [] and readonly.review_log() == []
    readonly.close()
    store = Store(old)
    assert store.version == 2 and [e["id"] for e in store.events()] == ["AF-1"]
    assert store.review_log() == []

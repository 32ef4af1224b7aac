"""The control timeline: a scenario of capture, denial, counter-claim, recapture and a second capture
of one town over several days from several outlets, and the sample story."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_file
from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.store import Store
from frontlines.control import TERRITORIAL
from frontlines.timeline import build_timeline, control_on

SCENARIO = Path(__file__).parent / "timeline_scenario" / "articles.jsonl"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    db = tmp_path_factory.mktemp("tl") / "bara.db"
    store = Store(db)
    ingest([str(SCENARIO)], store, LocalEngine(1))
    return db, store


def test_exact_timeline(scenario):
    _, store = scenario
    states = [s.to_json() for s in build_timeline(store.events())]
    got = [(s["place"]["name"], s["holder"], s["status"], s["start"], s["end"]) for s in states]
    assert got == [
        ("Bārah", "Rapid Support Forces", "contested", "2025-06-30", "2025-07-02"),    # captured, the army denies
        ("Bārah", "Rapid Support Forces", "held", "2025-07-02", "2025-07-04"),         # residents confirm afterwards
        ("Bārah", "Military Forces of Sudan", "contested", "2025-07-04", "2025-07-06"),  # army's claim, RSF denies
        ("Bārah", "Military Forces of Sudan", "held", "2025-07-06", "2025-07-11"),     # residents confirm
        ("Bārah", "Rapid Support Forces", "held", "2025-07-11", None),                 # second capture, two outlets
    ]
    assert all(s["place"]["admin1_code"] == "SD-KN" for s in states)


def test_every_state_cites_spans_and_no_state_comes_from_history_or_hypothesis(scenario):
    db, store = scenario
    articles = {json.loads(line)["id"]: json.loads(line)["text"] for line in SCENARIO.read_text().splitlines()}
    for s in build_timeline(store.events()):
        assert s.evidence
        for e in s.evidence:
            start, end = e["span"]
            assert 0 <= start < end <= len(articles[e["article"]])
        assert s.start >= "2025-06-30"  # the 2023 capture is background
    names = {s.place["name"] for s in build_timeline(store.events())}
    assert "El Obeid" not in names  # "would be a severe blow" changes nothing


def test_control_on_a_day_and_cli(scenario):
    db, store = scenario
    on = control_on(build_timeline(store.events()), "2025-07-05")
    assert [(s.holder, s.status) for s in on] == [("Military Forces of Sudan", "contested")]
    out = subprocess.run([sys.executable, "-m", "frontlines.cli", "control", "--on", "2025-07-12", "--db", str(db),
                          "--format", "json"], capture_output=True, text=True, check=True).stdout
    assert [(s["holder"], s["status"]) for s in json.loads(out)] == [("Rapid Support Forces", "held")]
    out = subprocess.run([sys.executable, "-m", "frontlines.cli", "timeline", "--place", "Barah", "--db", str(db),
                          "--format", "csv"], capture_output=True, text=True, check=True).stdout
    assert len(out.strip().splitlines()) == 6


def test_sample_story_control(tmp_path):
    text = shared_file("corpus/kunduz-2021-08-08.txt").read_text(encoding="utf-8")
    src = tmp_path / "k.jsonl"
    src.write_text(json.dumps({"id": "kunduz-2021-08-08", "text": text, "published": "2021-08-08",
                               "outlet": "TIME"}) + "\n", encoding="utf-8")
    store = Store(tmp_path / "k.db")
    ingest([str(src)], store, LocalEngine(1))
    states = [s for s in build_timeline(store.events(include_historical=True)) if s.place["name"] == "Kunduz"]
    assert [(s.holder, s.status, s.start, s.end) for s in states] == [("Taliban", "contested", "2021-08-08", None)]


def test_a_change_the_rules_did_not_read_moves_nothing(tmp_path):
    # a headline the sentence model reads as a takeover ("First airlift since the takeover") carries
    # no extent: it is an event, but no change of hands on the map
    store = Store(tmp_path / "t.db")
    text = "Afghanistan: First Kabul airlift expected since Taliban takeover. Some 200 people are expected to be flown out."
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": text, "published": "2021-09-09"}) + "\n", encoding="utf-8")
    ingest([str(path)], store, LocalEngine(1))
    events = store.events()
    told = [e for e in events if e["sub_event_type"] in TERRITORIAL]
    assert told and all(e.get("extent") is None for e in told)
    assert build_timeline(events) == []

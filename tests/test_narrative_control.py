"""A retrospective told in chained dates and month sections, written for this test: every fall on its
own day in the merged timeline, and no state from a siege, a threat, background occupation or a
capital speaking for its government."""
from __future__ import annotations

import json

import pytest

from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.store import Store
from frontlines.timeline import build_timeline

STORY = """The long spring on the Kordofan front

For most of the winter the Rapid Support Forces had held Bara since October, and the army's convoys kept to the main road.

March 2025

On 3 March, Sudanese army units broke through east of Um Rawaba. The next day, soldiers walked into Um Rawaba without resistance after the paramilitaries withdrew from the town. Khartoum said the advance would continue.

Two days later, the army encircled Er Rahad, but did not enter it. The RSF threatened to retake Um Rawaba within a week.

April 2025

On 9 April, the army retook Bara after heavy fighting.
"""


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("narrative")
    src = tmp / "story.jsonl"
    src.write_text(json.dumps({"id": "kordofan", "text": STORY, "published": "2025-06-01", "outlet": "Desk"}) + "\n",
                   encoding="utf-8")
    store = Store(tmp / "n.db")
    ingest([str(src)], store, LocalEngine(1))
    return build_timeline(store.events(include_historical=True))


def test_each_fall_on_its_own_day(states):
    got = {(s.place["name"], s.holder, s.start) for s in states}
    assert ("Umm Ruwaba", "Military Forces of Sudan", "2025-03-04") in got or \
        ("Um Rawaba", "Military Forces of Sudan", "2025-03-04") in got
    assert any(s.place["name"] == "Bārah" and s.holder == "Military Forces of Sudan" and s.start == "2025-04-09"
               for s in states)


def test_no_state_from_a_siege_a_threat_background_or_a_capital(states):
    names = {s.place["name"] for s in states}
    assert not names & {"Er Rahad", "Ar Rahad", "Khartoum"}
    # the RSF's hold on Bara since October is background, and its threat to retake Um Rawaba changes nothing
    assert all(s.holder == "Military Forces of Sudan" for s in states), [(s.place["name"], s.holder) for s in states]
    # the side that withdrew is not the taker
    assert not any(s.holder == "Rapid Support Forces" for s in states)

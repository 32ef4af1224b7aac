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


def _changes(text: str, published: str):
    from frontlines import extract

    r = extract(text, published=published)
    places = {p.id: p for p in r.places}
    return [(e.actor1, places[e.place].name, places[e.place].kind, e.date) for e in r.events
            if "territory" in (e.sub_event_type or "") and e.place]


def test_a_district_told_by_its_town_is_the_town_and_a_capital_is_not_its_province():
    assert _changes("Afghan war.\n\nOn 6 August Taliban fighters drove into the district of Zaranj without a fight.",
                    "2021-08-20") == [("Taliban", "Zaranj", "city", "2021-08-06")]
    got = _changes("Afghan war.\n\nOn 11 August the Taliban overran Faizabad, the capital of Badakhshan.", "2021-08-20")
    assert [(a, k, d) for a, _, k, d in got] == [("Taliban", "city", "2021-08-11")]


def test_what_fell_is_the_subject_and_a_place_handed_over_is_the_takers():
    got = _changes("Afghan war.\n\nOn 7 August, Sheberghan fell to the Taliban despite the militia of Marshal Dostum. "
                   "The same day Zaranj was handed over to the Taliban by its last defenders.", "2021-08-20")
    assert [(a, k, d) for a, _, k, d in got] == [("Taliban", "city", "2021-08-07"), ("Taliban", "city", "2021-08-07")]


def test_only_a_place_falls_or_is_gone():
    from frontlines import extract

    for text in ("Afghan news.\n\nThe Taliban are back in Kandahar. The good old days are gone, a shopkeeper said.",
                 "Afghan news.\n\nThe Taliban patrol Kabul. Prices fell sharply in the capital on Monday."):
        assert extract(text, published="2021-09-20").events == []
    got = _changes("Afghan news.\n\nOn Sunday, Sheberghan was gone: the Taliban held the governor's compound.", "2021-09-20")
    assert [(a, n) for a, n, _, _ in got][:1] == [("Taliban", "Shibirghān")]

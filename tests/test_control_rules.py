"""One rule of control: the per-article view (the report's `control`) and the merged timeline say the
same of one article. Each case is one article's change of hands; both views run on it and must give
the expected holder and status on the article's day."""
from __future__ import annotations

import pytest

from frontlines.control import control_states
from frontlines.control.rules import Voice, confirmed_on, own_side, status
from frontlines.model import Claim, Event, Place, Source
from frontlines.timeline import build_timeline, control_on

RSF, ARMY = "Rapid Support Forces", "Military Forces of Sudan"
# source name -> (kind, affiliation); None is the outlet's own voice
SOURCES = {
    "RSF spokesman": ("person", RSF),
    "Rapid Support Forces": ("group", None),
    "army spokesman": ("person", ARMY),
    "residents": ("person", None),
    "an aid worker": ("person", None),
}

# (what the article tells, change day, published, [(source, stance)], extent, fighting that day, expected status)
CASES = [
    ("the outlet reports the capture", "2025-07-01", "2025-07-01", [(None, "asserted")], "full", False, "held"),
    ("only the winner's spokesman says so", "2025-07-01", "2025-07-01", [("RSF spokesman", "asserted")], "full", False, "claimed"),
    ("the group itself is quoted", "2025-07-01", "2025-07-01", [("Rapid Support Forces", "asserted")], "full", False, "claimed"),
    ("the winner claims, the army denies", "2025-07-01", "2025-07-01",
     [("RSF spokesman", "asserted"), ("army spokesman", "denied")], "full", False, "contested"),
    ("the winner claims, residents confirm", "2025-07-01", "2025-07-01",
     [("RSF spokesman", "asserted"), ("residents", "asserted")], "full", False, "held"),
    ("only part of the town is taken", "2025-07-01", "2025-07-01", [(None, "asserted")], "partial", False, "contested"),
    ("fighting goes on in the town that day", "2025-07-01", "2025-07-01", [(None, "asserted")], "full", True, "contested"),
    ("fighting on the day, told the next day by the outlet", "2025-07-01", "2025-07-02", [(None, "asserted")], "full", True, "held"),
    ("a claim and a denial told the next day", "2025-07-01", "2025-07-02",
     [("RSF spokesman", "asserted"), ("army spokesman", "denied"), ("an aid worker", "asserted")], "full", False, "contested"),
    ("a hedged report by residents", "2025-07-01", "2025-07-01", [("residents", "unverified")], "full", False, "held"),
    ("a partial capture told later stays contested", "2025-07-01", "2025-07-03", [("residents", "asserted")], "partial", False, "contested"),
]

PLACE = {"name": "Bārah", "kind": "city", "geonameid": 379102, "country": "SD", "resolved": True, "lat": 13.7, "lon": 30.4}


def per_article(day, published, told, extent, fighting):
    sources = [Source(f"s{i}", name, kind=kind, affiliation=aff) for i, (name, (kind, aff)) in enumerate(SOURCES.items())]
    ids = {s.name: s.id for s in sources}
    places = [Place("p1", "Bara", [(0, 4)], "city", "Bārah", 379102, "SD", resolved=True)]
    claims = [Claim(ids.get(src) if src else None, stance, (0, 40)) for src, stance in told]
    events = [Event("e1", "Battles", "Non-state actor overtakes territory", RSF, ARMY, "p1", None, day, 1, "current",
                    None, {}, extent, claims, 0.8, [(0, 40)])]
    if fighting:
        events.append(Event("e2", "Battles", "Armed clash", RSF, ARMY, "p1", None, day, 1, "current", None, {}, None,
                            [Claim(None, "asserted", (50, 90))], 0.7, [(50, 90)]))
    (state,) = control_states(events, places, sources, published)
    return state.holder, state.status


def merged(day, published, told, extent, fighting):
    claims = [{"article": "a", "span": [0, 40], "stance": stance, "published": published, "source_name": src,
               "source_affiliation": SOURCES[src][1] if src else None, "outlet": "X"} for src, stance in told]
    events = [{"id": "e1", "date": day, "time_status": "current", "sub_event_type": "Non-state actor overtakes territory",
               "actor1": RSF, "extent": extent, "place": PLACE, "claims": claims}]
    if fighting:
        events.append({"id": "e2", "date": day, "time_status": "current", "sub_event_type": "Armed clash", "actor1": RSF,
                       "extent": None, "place": PLACE, "claims": [dict(claims[0], stance="asserted", source_name=None)]})
    (state,) = control_on(build_timeline(events), published)
    return state.holder, state.status


@pytest.mark.parametrize("what,day,published,told,extent,fighting,expected", CASES, ids=[c[0] for c in CASES])
def test_both_views_apply_one_rule(what, day, published, told, extent, fighting, expected):
    assert per_article(day, published, told, extent, fighting) == (RSF, expected)
    assert merged(day, published, told, extent, fighting) == (RSF, expected)


def test_the_rule_itself():
    spokesman = Voice("RSF spokesman", "asserted", RSF, "2025-07-01")
    assert own_side(spokesman, RSF) and not own_side(spokesman, ARMY) and not own_side(Voice(None, "asserted"), RSF)
    denial = Voice("army spokesman", "denied", ARMY, "2025-07-02")
    assert status([spokesman, denial], RSF) == "contested"
    # a confirmation counts only after the last denial, and never from the winner's own side
    late = Voice("residents", "asserted", None, "2025-07-05")
    assert confirmed_on([spokesman, denial, late], RSF, "2025-07-01") == "2025-07-05"
    assert confirmed_on([spokesman, denial, Voice("residents", "asserted", None, "2025-07-02")], RSF, "2025-07-01") is None
    assert confirmed_on([spokesman, Voice("RSF commander", "asserted", RSF, "2025-07-09")], RSF, "2025-07-01") is None

"""Stories from many wars and event kinds (tests/stories/*.yaml), each checked against the facts
a careful analyst would code. The mechanism is general: no story has a rule of its own."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

STORIES = sorted((Path(__file__).parent / "stories").glob("*.yaml"))


def _place_ok(report: dict, pid: str | None, want: dict) -> bool:
    place = next((p for p in report["places"] if p["id"] == pid), None)
    if place is None:
        return False
    return all(place.get(k) == v for k, v in want.items())


def _event_ok(report: dict, ev: dict, want: dict) -> list[str]:
    problems = []
    for key, value in want.items():
        if key == "place":
            if not _place_ok(report, ev["place"], value):
                place = next((p for p in report["places"] if p["id"] == ev["place"]), None)
                problems.append(f"place {place and {k: place.get(k) for k in value}} != {value}")
        elif key == "quantities":
            for qk, qv in value.items():
                if ev["quantities"].get(qk) != qv:
                    problems.append(f"quantity {qk}: {ev['quantities'].get(qk)} != {qv}")
        elif key == "date":
            if ev["date"] != str(value):
                problems.append(f"date {ev['date']} != {value}")
        elif ev.get(key) != value:
            problems.append(f"{key} {ev.get(key)!r} != {value!r}")
    return problems


@pytest.mark.parametrize("path", STORIES, ids=[p.stem for p in STORIES])
def test_story(path, extract):
    story = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = extract(story["text"], published=str(story["published"]), outlet=story.get("outlet"),
                     id=path.stem).to_dict()
    expect = story["expect"]
    events = report["events"]
    summary = [(e["sub_event_type"], e["actor1"], e["actor2"], e["place"], e["date"], e["time_status"],
                e["fatalities"], e["quantities"]) for e in events]
    if expect.get("no_events"):
        assert events == [], summary
    if expect.get("no_current_events"):
        assert not [e for e in events if e["time_status"] == "current"], summary
    for want in expect.get("events", []):
        want = dict(want)
        status = want.setdefault("time_status", "current")
        candidates = [e for e in events if e["sub_event_type"] == want["sub_event_type"] and e["time_status"] == status]
        assert candidates, f"no {want['sub_event_type']} ({status}) event in {summary}"
        results = [_event_ok(report, e, want) for e in candidates]
        assert any(not r for r in results), f"{want['sub_event_type']}: {results[0]} in {summary}"
    for absent in expect.get("absent", []):
        assert all(e["sub_event_type"] != absent for e in events), summary
    if expect.get("contradiction"):
        assert report["contradictions"], "a denial must surface as a contradiction"
    for want in expect.get("control", []):
        names = {p["id"]: p["name"] for p in report["places"]}
        states = [s for s in report["control"] if names.get(s["place"]) == want["place"]]
        assert states, f"no control state for {want['place']}: {report['control']}"
        for key in ("holder", "status"):
            if key in want:
                assert states[0][key] == want[key], states[0]
    for e in events:  # every fact points back into the text
        for s, t in e["evidence"]:
            assert 0 <= s < t <= len(story["text"])

"""The territorial-control timeline: who holds each place on each day, how sure we are, and who
says otherwise, merged across articles, every state citing the claims behind it.

Rules (ACLED's where it has one):
- only current territorial events change control (overtakes, regains, non-violent transfers),
  changes told as recent background (within 90 days of the report), and changes a retrospective
  dates to their day ("On 18 December, RSF fighters rode into Wad Madani", told a year later): they
  change control on that day, and coming before later changes they never override them. Undated
  older background ("had held the town since 2016") and hypothetical mentions never change control;
- a change reversed on the same day is a clash, not a change: the place is contested;
- a state's status and its confirmation are `control.rules`' (the per-article view applies the same
  rule): `contested` while the change is partial, denied by the other side, countered, or still
  fought over; `claimed` while only the winner's own side says so; `held` otherwise. A contested or
  claimed state becomes held on the day an independent report confirms it after the last denial;
- a recapture ends the previous state; city and province are separate places;
- one state per place per day, and no interval ends before it starts: a later state of the same
  day supersedes an earlier one (keeping its evidence), and a confirmation that comes after the
  place changed hands again confirms nothing;
- every interval names its first evidence: the earliest published claim that asserts it.

Reads: the merged events of the store (with their members' claims and publication dates). Adds: the
`State`s of control per place and day span, each with its status and the evidence behind it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .config import SETTINGS
from .control.rules import TERRITORIAL, Voice, confirmed_on, status, support
from .lexicons import SUB


@dataclass
class State:
    place: dict[str, Any]
    holder: str
    status: str
    start: str | None
    end: str | None = None
    events: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def first_evidence(self) -> dict[str, Any] | None:
        """The earliest claim asserting this state: published on or after its start (a confirmation
        starts the held state it confirms), else the earliest asserting claim."""
        asserting = [e for e in self.evidence if e["stance"] != "denied"] or self.evidence
        since = [e for e in asserting if (e.get("published") or "") >= (self.start or "")] or asserting
        return min(since, key=lambda e: (e.get("published") or "9999", e["article"], e["span"][0]), default=None)

    def to_json(self) -> dict[str, Any]:
        return {"place": {k: self.place.get(k) for k in ("name", "kind", "geonameid", "country", "admin1",
                                                         "admin1_code", "lat", "lon")},
                "holder": self.holder, "status": self.status, "start": self.start, "end": self.end,
                "events": self.events, "first_evidence": self.first_evidence, "evidence": self.evidence}


def _key(place: dict | None) -> tuple | None:
    """One key per place: its GeoNames id when it has one (names differ between reports), else name and kind."""
    if not place or not place.get("resolved") or place.get("kind") in ("country", None):
        return None
    if place.get("geonameid"):
        return ("geonames", place["geonameid"])
    return ("name", (place.get("name") or "").casefold(), place.get("kind"))


def _evidence(ev: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"article": c["article"], "span": c["span"], "source": c.get("source_name"), "stance": c["stance"],
             "outlet": c.get("outlet"), "published": c.get("published"), "event": ev["id"]} for c in ev["claims"]]


def _voices(ev: dict[str, Any]) -> list[Voice]:
    return [Voice(c.get("source_name"), c["stance"], c.get("source_affiliation"), c.get("published"))
            for c in ev["claims"]]


def _recent_background(ev: dict[str, Any]) -> bool:
    """A change of hands told as recent background ("as the Taliban entered Kabul last month", "in early
    July the town was taken") or dated to its day in a retrospective: not news of the day, but it dates
    who holds the place from then. Undated background from further back ("seized Kunduz for two weeks
    in 2015") never moves the timeline."""
    if ev.get("time_status") != "historical":
        return False
    if ev.get("time_precision") == 1:
        return True
    told = [c.get("published") for c in ev.get("claims") or [] if c.get("published")]
    if not told:
        return False
    try:
        gap = dt.date.fromisoformat(min(told)[:10]) - dt.date.fromisoformat(ev["date"])
    except ValueError:
        return False
    return dt.timedelta(0) <= gap <= dt.timedelta(days=SETTINGS.recent_background_days)


def build_timeline(events: list[dict[str, Any]]) -> list[State]:
    changes: dict[tuple, list[dict]] = {}
    clashes: dict[tuple, set[str]] = {}
    places: dict[tuple, dict] = {}
    for ev in events:
        key = _key(ev.get("place"))
        if key is None or not ev.get("date") or len(ev["date"]) != 10:
            continue
        if ev.get("time_status") != "current" and not _recent_background(ev):
            continue
        places.setdefault(key, ev["place"])
        # a change of hands needs a report the rules read (who took what, and how much of it): the
        # sentence model's territorial readings, which carry no extent, never move the timeline
        if ev.get("sub_event_type") in TERRITORIAL and ev.get("actor1") and ev.get("extent") is not None:
            changes.setdefault(key, []).append(ev)
        elif ev.get("sub_event_type") == SUB.armed_clash:
            clashes.setdefault(key, set()).add(ev["date"])
    states: list[State] = []
    for key, evs in changes.items():
        evs.sort(key=lambda e: (e["date"], e["id"]))
        place_states: list[State] = []
        i = 0
        while i < len(evs):
            ev = evs[i]
            same_day_reversal = [o for o in evs[i + 1:] if o["date"] == ev["date"] and o["actor1"] != ev["actor1"]]
            if same_day_reversal:
                # Opposite changes told for one day: the better-supported one holds, contested by the other
                # (a change reversed within the day is a clash, ACLED's rule, and keeps no new holder).
                group = [ev, *same_day_reversal]
                ranked = sorted(group, key=lambda e: (-_support(e), e["id"]))
                if _support(ranked[0]) == _support(ranked[1]) and place_states:
                    holder = place_states[-1].holder
                else:
                    holder = ranked[0]["actor1"]
                st = State(places[key], holder, "contested", ev["date"], events=[e["id"] for e in ranked],
                           evidence=[x for e in ranked for x in _evidence(e)])
                i += 1 + len(same_day_reversal)
            else:
                st = _state_for(places[key], ev, clashes.get(key, set()))
                i += 1
            place_states.extend(_split_on_confirmation(st, ev))
        states.extend(_one_per_day(place_states))
    states.sort(key=lambda s: (s.place.get("country") or "", s.place.get("name") or "", s.start or ""))
    return states


def _one_per_day(place_states: list[State]) -> list[State]:
    """Consecutive, non-overlapping intervals, one state per start day. Changes come in date order,
    so only a confirmation can start after the next change: published once the place had changed
    hands again, it confirms nothing and is dropped. Of two states starting on one day the later
    supersedes the earlier, keeping its claims when the holder is the same."""
    out: list[State] = []
    for st in place_states:
        while out and (st.start or "") < (out[-1].start or ""):
            out.pop()
        if out and st.start == out[-1].start:
            prev = out.pop()
            if prev.holder == st.holder:
                st.events = list(dict.fromkeys(prev.events + st.events))
                st.evidence = prev.evidence + [e for e in st.evidence if e not in prev.evidence]
        out.append(st)
    for a, b in zip(out, out[1:]):
        a.end = b.start
    if out:
        out[-1].end = None
    return out


def _support(ev: dict) -> float:
    return support(_voices(ev))


def _state_for(place: dict, ev: dict, clash_days: set[str]) -> State:
    told = status(_voices(ev), ev["actor1"], partial=ev.get("extent") == "partial", fought=ev["date"] in clash_days)
    return State(place, ev["actor1"], told, ev["date"], events=[ev["id"]], evidence=_evidence(ev))


def _split_on_confirmation(st: State, ev: dict) -> list[State]:
    """A contested or claimed state becomes held once an independent report, published after the last
    denial, confirms it without reservation."""
    if st.status == "held":
        return [st]
    day = confirmed_on(_voices(ev), st.holder, st.start, partial=ev.get("extent") == "partial")
    if day is None:
        return [st]
    held = State(st.place, st.holder, "held", day, events=list(st.events), evidence=list(st.evidence))
    st.end = held.start
    return [st, held]


def control_on(states: list[State], day: str) -> list[State]:
    return [s for s in states if (s.start or "") <= day and (s.end is None or s.end > day)]

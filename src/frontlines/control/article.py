"""Per-article control state: who holds each place at the end of the story's day, per the claims.

Only current territorial events count (historical and hypothetical mentions never change the
present). The status is `control.rules`' (the merged timeline applies the same rule): a place is
`held` when the change is asserted and undisputed, `contested` when control is partial, denied,
countered or still fought over, and `claimed` when only the winner's own side says so; a change
told in a story published after its day and confirmed by a voice outside the winner's side is held.

Reads: the article's events, places and sources. Adds: the report's `ControlState`s (place, holder,
status, date, the claims and spans behind each).
"""
from __future__ import annotations

from ..lexicons import SUB
from ..model import ControlState, Event, Place, Source
from .rules import TERRITORIAL, Voice, confirmed_on, status, support


def control_states(events: list[Event], places: list[Place], sources: list[Source],
                   published: str | None = None) -> list[ControlState]:
    # one state per real place: two mentions resolved to one GeoNames id are one place
    same = {p.id: next(q.id for q in places if q.geonameid == p.geonameid) if p.geonameid else p.id for p in places}
    by_place: dict[str, list[Event]] = {}
    for e in events:
        # a change of hands read from the parse (extent known), not one the sentence model only guessed
        if e.sub_event_type in TERRITORIAL and e.time_status == "current" and e.place and e.extent is not None:
            by_place.setdefault(same.get(e.place, e.place), []).append(e)
    by_id = {s.id: s for s in sources}
    kinds = {p.id: p.kind for p in places}

    def voices(e: Event) -> list[Voice]:
        out = []
        for c in e.claims:
            s = by_id.get(c.source or "")
            out.append(Voice(s.name if s else None, c.stance, s.affiliation if s else None, published))
        return out

    out: list[ControlState] = []
    for pid, evs in by_place.items():
        if kinds.get(pid) in ("country", None):
            continue
        # the latest change wins; on the same day the better-supported one is the state
        evs.sort(key=lambda e: (e.date or "", support(voices(e))))
        main = evs[-1]
        counter = [e for e in evs if e is not main and e.actor1 != main.actor1 and e.date == main.date]
        fighting = [e for e in events if e.sub_event_type == SUB.armed_clash and same.get(e.place or "", e.place) == pid
                    and e.date == main.date and e.time_status == "current"]
        supporting = _ids(c.source for c in main.claims if c.stance in ("asserted", "unverified"))
        disputing = _ids(c.source for c in main.claims if c.stance == "denied")
        disputing += [s for e in counter for s in _ids(c.source for c in e.claims if c.stance != "denied") if s not in disputing]
        for e in fighting:
            supporting += [s for s in _ids(c.source for c in e.claims) if s not in supporting and s not in disputing]
        supporting = [s for s in supporting if s not in disputing]
        told = voices(main)
        state = status(told, main.actor1, partial=main.extent == "partial", countered=bool(counter), fought=bool(fighting))
        if state != "held" and not counter:
            day = confirmed_on(told, main.actor1, main.date, partial=main.extent == "partial")
            if day and published and day <= published:
                state = "held"
        out.append(ControlState(pid, main.date, main.actor1 or "unknown", state, supporting, disputing))
    return out


def _ids(items) -> list[str]:
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out

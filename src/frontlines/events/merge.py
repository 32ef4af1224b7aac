"""Merging event candidates inside one article, salience order, and the final `Event`s."""
from __future__ import annotations

from typing import Callable

from ..lexicons import ACLED_TYPES, SUB, taxonomy
from ..model import Claim, Event
from .candidate import Candidate, absorb, adds_to, same_area, same_time

_STATUS_RANK = {"current": 0, "ongoing": 1, "future": 2, "historical": 3}


# the state's answer to a protest, mildest first: a retelling may only raise it
_PROTEST_SEVERITY = [s.name for s in sorted((s for s in taxonomy().subs.values() if s.severity is not None),
                                            key=lambda s: s.severity)]


def _crowd(actor: str) -> str:
    # one crowd: its peaceful and its violent members are told apart by the event type, not the actor
    return actor.replace("Rioters (", "Protesters (")


def _compatible(a: Candidate, b: Candidate) -> bool:
    same_protest = a.sub_event_type in _PROTEST_SEVERITY and b.sub_event_type in _PROTEST_SEVERITY
    if (a.sub_event_type != b.sub_event_type and not same_protest) or a.time_status != b.time_status:
        return False
    if a.place is not None and b.place is not None and not same_area(a.place, b.place):
        return False
    if b.place_told and a.place is not None and b.place is not None and a.place.id != b.place.id and adds_to(b):
        return False  # "also reported strikes on Mykolaiv": another place, another event, even inside the area
    if not same_time(a.date, b.date) and a.date_explicit and b.date_explicit:
        return False  # an explicit date beats one inherited from the story
    if a.actor1 and b.actor1 and _crowd(a.actor1) != _crowd(b.actor1) and not (a.actor1_assumed or b.actor1_assumed):
        # a clash between the same two sides, named in either order, is one clash
        if a.sub_event_type != SUB.armed_clash or {a.actor1, a.actor2} != {b.actor2, b.actor1}:
            return False
    return True


def merge(cands: list[Candidate], body_start: int = 0) -> list[Candidate]:
    """Reports of one event become one; statements of control ("the Taliban control the rest of the
    city") then support the event they describe, or, when restrictive ("Afghan forces only control
    the airport"), make the other side's gain partial. Alone they are not events. The body's tellings
    come first: a headline joins the story's event, never the story its headline's."""
    cands = [c for c in cands if c.trigger.token.idx >= body_start] + [c for c in cands if c.trigger.token.idx < body_start]
    out: list[Candidate] = []
    protests = [c for c in cands if c.sub_event_type in _PROTEST_SEVERITY]
    for c in cands:
        if c.state_only:
            continue
        if c.sub_event_type == SUB.arrests and protests:
            # arrests at a protest are how it was broken up, not an event of their own
            # told beside the protest, or at its place: "about 35 were arrested" three paragraphs
            # later may be another day's round-up
            host = next((p for p in protests if (p.place is c.place and c.place is not None)
                         or abs(p.position - c.position) < 60), None)
            if host is not None and c.place_told and c.place is not None and host.place is not None \
                    and not same_area(c.place, host.place):
                # "and others were detained in Tver": the protest met with arrests in another city
                c.sub_event_type, c.actor1, c.actor2 = SUB.intervention, host.actor1, c.actor1
                host = next((h for h in out if _compatible(h, c)), None)
                if host is None:
                    out.append(c)
                else:
                    absorb(host, c)
                continue
            if host is not None:
                if host.sub_event_type == SUB.peaceful:
                    host.sub_event_type, host.actor2 = SUB.intervention, c.actor1
                absorb(host, c)
                continue
        host = next((h for h in out if _compatible(h, c)), None)
        if host is None:
            out.append(c)
        else:
            if host.sub_event_type in _PROTEST_SEVERITY and c.sub_event_type in _PROTEST_SEVERITY and \
                    _PROTEST_SEVERITY.index(c.sub_event_type) > _PROTEST_SEVERITY.index(host.sub_event_type):
                host.sub_event_type, host.actor1, host.actor2 = c.sub_event_type, c.actor1, c.actor2
            absorb(host, c, add=host.sub_event_type == SUB.arrests and adds_to(c))
    for c in cands:
        if not c.state_only:
            continue
        if any(t.lower_ in ("only", "still") for t in c.trigger.token.children):
            for e in out:
                if e.place is c.place and e.actor1 and e.actor1 != c.actor1 and e.extent is not None \
                        and e.time_status == c.time_status:
                    e.extent = "partial"
            continue
        host = next((h for h in out if _compatible(h, c)), None)
        if host is not None:
            absorb(host, c)
    return out


def finalize(cands: list[Candidate], agree: Callable[[Candidate], float] = lambda c: 0.0,
             lead_end: int = 0) -> list[Event]:
    """`agree(c)`: how much the sentence model agrees that c is what its sentence tells (0..1);
    `lead_end`: where the story's lead ends (character offset)."""

    def support(c: Candidate) -> float:
        return len({cl.source for cl in c.claims}) + len(set(c.evidence)) + agree(c)

    cands = sorted(cands, key=lambda c: (_STATUS_RANK.get(c.time_status, 4), -support(c), c.position))
    events: list[Event] = []
    for i, c in enumerate(cands, 1):
        claims = _unique_claims(c.claims)
        date = c.date.iso if c.date else None
        precision = min(c.date.precision, 3) if c.date else None
        events.append(Event(
            id=f"e{i}", event_type=ACLED_TYPES.get(c.sub_event_type or ""), sub_event_type=c.sub_event_type,
            actor1=c.actor1, actor2=c.actor2, place=c.place.id if c.place else None, facility=c.facility,
            date=date, time_precision=precision, time_status=c.time_status, fatalities=c.fatalities,
            quantities=dict(c.quantities), extent=c.extent, claims=claims, confidence=confidence(c, claims, lead_end),
            evidence=sorted(set(c.evidence)),
            fatalities_reported=[{"fatalities": v, "source": src} for v, src in sorted(c.tolls, key=lambda t: t[0])]
            if len({v for v, _ in c.tolls}) > 1 else [],
        ))
    return events


# Sub-event types that the rules and the sentence model read least reliably from a single mention:
# strategic developments a story mentions in passing (a curfew, a defection, a seizure of rifles).
_WEAK_TYPES = taxonomy().tagged("weak")


def confidence(c: Candidate, claims: list[Claim], lead_end: int) -> float:
    """How sure the reading is, from what a careful reader trusts: a happening the story leads with,
    tells again and attributes to several sources, with its author and its place named, is surely an
    event; a passing mention deep in the story, of a kind the rules read weakly, is not."""
    spans = sorted(set(c.evidence))
    first = spans[0][0] if spans else 0
    told = len(spans)
    sources = len({cl.source for cl in claims})
    score = 0.45
    score += 0.15 if first < lead_end else 0.0
    score += 0.1 * min(told - 1, 2)
    score += 0.05 * min(sources - 1, 2)
    score += 0.1 if c.actor1 and not c.actor1.startswith("Unidentified") and not c.actor1_assumed else 0.0
    score += 0.05 if c.place is not None and c.place.resolved and c.place.kind != "country" else 0.0
    if c.sub_event_type in _WEAK_TYPES:
        score -= 0.2
    if all(cl.stance != "asserted" for cl in claims):
        score -= 0.15
    score = min(score, c.confidence_cap + 0.1 * (told - 1))  # the model's reading, unless retold
    return round(max(0.05, min(score, 0.95)), 2)


def _unique_claims(claims: list[Claim]) -> list[Claim]:
    seen: dict[tuple, Claim] = {}
    for cl in claims:
        seen.setdefault((cl.source, cl.stance), cl)
    return list(seen.values())

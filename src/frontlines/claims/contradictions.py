"""Contradictions: sources that disagree about one event, reported and never resolved.

Reads: one event's claims (source, stance, span) and its tolls (each figure with its source), from
one article's `Event` or from the reports of one event merged across articles; sources are whatever
names a voice where the event lives: a source id inside an article, "Name (Outlet)" across articles.
Adds: `Contradiction`s: an event some sources assert (or claim) and others deny (kind "denial"), and
an event told with different death tolls (kind "toll": the sources of the lowest figure, which is
the one counted, against those of the others).
"""
from __future__ import annotations

from typing import Any, Hashable, Iterable, Mapping, Protocol

from ..model import Contradiction, Event

SpanT = tuple[int, int]


class Said(Protocol):
    source: Any
    stance: str
    span: SpanT


def contradictions_of(event: str, claims: Iterable[Said], tolls: Iterable[Mapping[str, Any]],
                      where: SpanT) -> list[Contradiction]:
    """The contradictions of one event: its denials against its other claims, then its tolls when
    they differ. `where` is the span a toll contradiction points at (the event's first evidence)."""
    claims = list(claims)
    tolls = [t for t in tolls if t.get("fatalities") is not None]
    out: list[Contradiction] = []
    asserted = _unique(c.source for c in claims if c.stance in ("asserted", "unverified") and c.source)
    denied = [c for c in claims if c.stance == "denied" and c.source]
    if asserted and denied:
        out.append(Contradiction(event, asserted, _unique(c.source for c in denied), denied[0].span))
    if len({t["fatalities"] for t in tolls}) > 1:
        low = min(t["fatalities"] for t in tolls)
        out.append(Contradiction(event, _unique(t.get("source") for t in tolls if t["fatalities"] == low and t.get("source")),
                                 _unique(t.get("source") for t in tolls if t["fatalities"] != low and t.get("source")),
                                 where, kind="toll"))
    return out


def contradictions(events: Iterable[Event]) -> list[Contradiction]:
    """One article's contradictions, event by event."""
    return [c for e in events
            for c in contradictions_of(e.id, e.claims, e.fatalities_reported, e.evidence[0] if e.evidence else (0, 0))]


def _unique(items: Iterable[Hashable]) -> list:
    seen: list = []
    for x in items:
        if x not in seen:
            seen.append(x)
    return seen

"""The data model: plain dataclasses that flow through the pipeline.

One `Article` goes in, one `Report` comes out. Every fact carries the character spans of the
article text it came from, as `[start, end)` offsets.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class Article:
    """One news story. `text` is the exact text all spans point into."""

    id: str
    text: str
    published: str | None = None  # ISO date YYYY-MM-DD
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    country: str | None = None  # ISO alpha-2: the country the input says the story is about (a hint)
    # where `published` came from: metadata | dateline | header | none; None until ingest decides
    published_source: str | None = None


@dataclass
class Place:
    id: str
    mention: str
    spans: list[Span]
    kind: str  # country | province | district | city | facility | region | unknown
    name: str | None = None
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None  # ACLED geo_precision: 1 town, 2 near/part of region, 3 region
    resolved: bool = False


@dataclass
class Actor:
    id: str
    kind: str
    country: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Source:
    id: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    kind: str = "person"  # person | group | organisation | government | media | document
    spans: list[Span] = field(default_factory=list)


@dataclass
class Claim:
    source: str | None  # source id; None = the article's own voice (the outlet)
    stance: str  # asserted | denied | unverified
    span: Span


@dataclass
class Event:
    id: str
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    place: str | None
    facility: str | None
    date: str | None
    time_precision: int | None
    time_status: str
    fatalities: int | None
    quantities: dict[str, int]
    extent: str | None
    claims: list[Claim]
    confidence: float
    evidence: list[Span]
    # every death toll the article gives for this event, with its source, when they differ
    # (`fatalities` is the lowest, as ACLED codes it)
    fatalities_reported: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class NonEvent:
    """News that is not political violence: a robbery, a flood, a summit, a claim of responsibility."""

    kind: str  # Organized crime | Natural disaster | Man-made disaster | Diplomacy | Attribution
    confidence: float
    evidence: list[Span]


@dataclass
class Contradiction:
    event: str
    asserted_by: list[str]
    denied_by: list[str]
    span: Span
    kind: str = "denial"  # denial | toll: sources give different death tolls for the event


@dataclass
class ControlState:
    place: str
    date: str | None
    holder: str
    status: str  # held | contested | claimed
    supporting: list[str]
    disputing: list[str]


@dataclass
class Report:
    article: Article
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    control: list[ControlState] = field(default_factory=list)
    non_events: list[NonEvent] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report contract (DESIGN.md section 3)."""
        return to_contract(self)


def _spans(spans: list[Span]) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def to_contract(report: Report) -> dict[str, Any]:
    a = report.article
    places = []
    for p in report.places:
        d = asdict(p)
        d["spans"] = _spans(p.spans)
        places.append(d)
    events = []
    for e in report.events:
        d = asdict(e)
        d["claims"] = [{"source": c.source, "stance": c.stance, "span": list(c.span)} for c in e.claims]
        d["evidence"] = _spans(e.evidence)
        events.append(d)
    return {
        "article": {"id": a.id, "published": a.published, "published_source": a.published_source or
                    ("metadata" if a.published else "none"), "outlet": a.outlet, "url": a.url, "title": a.title},
        "places": places,
        "actors": [{"id": x.id, "kind": x.kind, "country": x.country, "spans": _spans(x.spans)} for x in report.actors],
        "sources": [
            {"id": s.id, "name": s.name, "role": s.role, "affiliation": s.affiliation, "kind": s.kind, "spans": _spans(s.spans)}
            for s in report.sources
        ],
        "events": events,
        "contradictions": [
            {"event": c.event, "asserted_by": c.asserted_by, "denied_by": c.denied_by, "span": list(c.span),
             "kind": c.kind}
            for c in report.contradictions
        ],
        "control": [asdict(c) for c in report.control],
        "non_events": [{"kind": n.kind, "confidence": n.confidence, "evidence": _spans(n.evidence)}
                       for n in report.non_events],
    }

"""Merging reports of the same real event across articles.

Two mentions are one event when they share a sub-event group (data/taxonomy.yaml), happen at the same place (same
GeoNames id, or within a few km), on dates inside each other's precision windows, with compatible
actors and the same time status. Mentions are taken in a fixed order (ingest sequence, then
position in the article), so the result never depends on batching or restarts. Each member
records why it joined, and corroboration counts independent sources: copies of one wire story
(near-duplicate texts) count once. Where the reports disagree (one article's source denies what
another asserts; the articles give different tolls), the merged event lists the contradictions, read
by the same rule as one article's (`claims.contradictions_of`) over every member's claims and tolls.

Reads: every article's event mentions, in ingest order. Adds: `MergedEvent`s (members, the reason
each joined, corroboration, the range of tolls reported, the contradictions between reports).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from .claims import contradictions_of
from .geo import km
from .lexicons import SUB, taxonomy
from .model import Article, Claim

MERGE_KM = 10.0
_WINDOW_DAYS = {1: 1, 2: 7, 3: 31}


def _group(sub_event_type: str | None) -> str | None:
    """What two reports must share to be one event: taxonomy.yaml's group of their sub-event types."""
    return taxonomy().group(sub_event_type)


@dataclass
class Mention:
    """One article's event, with what merging and export need in flat form."""

    article_id: str
    local_id: str
    outlet: str | None
    published: str | None
    wire_group: str
    sub_event_type: str | None
    event_type: str | None
    actor1: str | None
    actor2: str | None
    date: str | None
    time_precision: int | None
    time_status: str
    fatalities: int | None
    quantities: dict[str, int]
    extent: str | None
    place: dict[str, Any] | None
    facility: str | None
    claims: list[dict[str, Any]]
    evidence: list[list[int]]
    confidence: float
    # the article's tolls for the event with their sources' names, when it gives several
    # (empty in mentions stored before tolls were kept: `tolls_told` falls back to `fatalities`)
    tolls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def country(self) -> str | None:
        return (self.place or {}).get("country")

    @classmethod
    def from_report(cls, article_id: str, article: Article, group: str, ev: dict, place: dict | None,
                    report: dict, position: int) -> "Mention":
        sources = {s["id"]: s for s in report["sources"]}
        claims = [dict(c, article=article_id, outlet=article.outlet, published=article.published,
                       source_name=sources.get(c["source"], {}).get("name"),
                       source_role=sources.get(c["source"], {}).get("role"),
                       source_kind=sources.get(c["source"], {}).get("kind"),
                       source_affiliation=sources.get(c["source"], {}).get("affiliation")) for c in ev["claims"]]
        return cls(article_id, ev["id"], article.outlet, article.published, group, ev["sub_event_type"],
                   ev["event_type"], ev["actor1"], ev["actor2"], ev["date"], ev["time_precision"], ev["time_status"],
                   ev["fatalities"], dict(ev["quantities"]), ev["extent"], place, ev["facility"], claims,
                   [list(s) for s in ev["evidence"]], ev["confidence"],
                   [{"fatalities": t["fatalities"], "source": sources.get(t.get("source"), {}).get("name")}
                    for t in ev.get("fatalities_reported") or []])

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Mention":
        return cls(**d)

    def voice(self, name: str | None) -> str:
        """A source of this report as it is named across articles: "Name (Outlet)", or the outlet
        itself for what the article says in its own voice (the article's id when it has no outlet)."""
        where = self.outlet or self.article_id
        return where if not name or name == self.outlet else f"{name} ({where})"

    def tolls_told(self) -> list[dict[str, Any]]:
        """Each toll this report gives, with the voice that gives it."""
        if self.tolls:
            return [{"fatalities": t["fatalities"], "source": self.voice(t.get("source"))} for t in self.tolls]
        if self.fatalities is None:
            return []
        # the toll is its teller's: the first voice asserting the event, never one that denies it
        teller = next((c.get("source_name") for c in self.claims if c["stance"] != "denied"), None)
        return [{"fatalities": self.fatalities, "source": self.voice(teller)}]


@dataclass
class MergedEvent:
    id: str
    members: list[Mention]
    reasons: list[str]
    sub_event_type: str | None = None
    event_type: str | None = None
    country: str | None = None
    date: str | None = None
    time_status: str = "current"

    @property
    def lead(self) -> Mention:
        """The best-placed, best-dated report speaks for the event."""
        return max(self.members, key=lambda m: (m.place is not None and bool(m.place.get("resolved")),
                                                -(m.time_precision or 9), m.confidence))

    def summarize(self) -> None:
        lead = self.lead
        self.sub_event_type, self.event_type = lead.sub_event_type, lead.event_type
        self.country, self.time_status = lead.country, lead.time_status
        dated = [m for m in self.members if m.date]
        if dated:
            best = min(m.time_precision or 9 for m in dated)
            self.date = Counter(m.date for m in dated if (m.time_precision or 9) == best).most_common(1)[0][0]

    def to_json(self) -> dict[str, Any]:
        lead = self.lead
        fatalities = [m.fatalities for m in self.members if m.fatalities is not None]
        quantities: dict[str, int] = {}
        for m in self.members:
            for k, v in m.quantities.items():
                quantities[k] = min(quantities.get(k, v), v)
        claims = [c for m in self.members for c in m.claims]
        denied = sorted({f'{c["source_name"]} ({c["outlet"]})' for c in claims if c["stance"] == "denied"})
        precision = min((m.time_precision for m in self.members if m.time_precision), default=None)
        contradictions = self.contradictions()
        return {
            "id": self.id, "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "actor1": _first(m.actor1 for m in self.members), "actor2": _first(m.actor2 for m in self.members),
            "date": self.date, "time_precision": precision, "time_status": self.time_status,
            "place": lead.place, "facility": _first(m.facility for m in self.members),
            "fatalities": min(fatalities) if fatalities else None,
            "fatalities_reported": sorted(set(fatalities)), "quantities": quantities,
            "extent": "partial" if any(m.extent == "partial" for m in self.members) else _first(m.extent for m in self.members),
            "corroboration": len({m.wire_group for m in self.members}),
            "outlets": sorted({m.outlet for m in self.members if m.outlet}),
            "contradicted": any(c["kind"] == "denial" for c in contradictions), "denied_by": denied,
            "contradictions": contradictions,
            "claims": claims,
            "members": [{"article": m.article_id, "event": m.local_id, "outlet": m.outlet, "published": m.published,
                         "wire_group": m.wire_group, "reason": r} for m, r in zip(self.members, self.reasons)],
        }

    def contradictions(self) -> list[dict[str, Any]]:
        """Where the member reports disagree: denials against assertions and differing tolls, whichever
        article each came from, each pointing at the article and span it was read from."""
        said = [(m, Claim(m.voice(c.get("source_name")), c["stance"], tuple(c["span"]))) for m in self.members
                for c in m.claims]
        lead = self.lead
        where = tuple(lead.evidence[0]) if lead.evidence else (0, 0)
        out = []
        for c in contradictions_of(self.id, [cl for _, cl in said], [t for m in self.members for t in m.tolls_told()],
                                   where):
            article = lead.article_id if c.kind == "toll" else next(
                m.article_id for m, cl in said if cl.stance == "denied" and cl.source == c.denied_by[0] and cl.span == c.span)
            out.append({"kind": c.kind, "asserted_by": c.asserted_by, "denied_by": c.denied_by, "article": article,
                        "span": list(c.span)})
        return out


def _first(values) -> Any:
    values = [v for v in values if v]
    return next((v for v in values if _known(v)), values[0] if values else None)


def _known(actor: str | None) -> bool:
    """"Unidentified Armed Group (X)" is who did it when nobody knows: it matches any named group."""
    return bool(actor) and not actor.startswith("Unidentified")


def _km(a: dict, b: dict) -> float:
    return km(a["lat"], a["lon"], b["lat"], b["lon"])


def _day(d: str | None) -> dt.date | None:
    if not d:
        return None
    try:
        return dt.date.fromisoformat(d) if len(d) == 10 else dt.date(int(d[:4]), 7, 1)
    except ValueError:
        return None


def why_compatible(e: MergedEvent, m: Mention) -> str | None:
    """The reason `m` reports the same event as `e`, or None."""
    lead = e.members[0]
    if _group(m.sub_event_type) != _group(lead.sub_event_type):
        return None
    if (m.time_status == "historical") != (lead.time_status == "historical"):
        return None
    parts = [f"same kind ({_group(m.sub_event_type)})"]
    p, q = m.place, lead.place
    if not p or not q or not p.get("resolved") or not q.get("resolved"):
        return None  # an unknown place never merges across articles: it may be any town
    if p.get("geonameid") and p.get("geonameid") == q.get("geonameid"):
        parts.append(f"same place ({p.get('name')}, GeoNames {p['geonameid']})")
    elif p.get("lat") is not None and q.get("lat") is not None and _km(p, q) <= MERGE_KM \
            and p.get("kind") == q.get("kind"):
        parts.append(f"places {_km(p, q):.1f} km apart")
    else:
        return None
    d1, d2 = _day(m.date), _day(e.date or lead.date)
    if d1 and d2:
        window = max(_WINDOW_DAYS.get(m.time_precision or 3, 31), _WINDOW_DAYS.get(lead.time_precision or 3, 31))
        gap = abs((d1 - d2).days)
        if gap > window:
            return None
        parts.append(f"dates {m.date} and {e.date or lead.date} within {window} day(s)")
    for attr in ("actor1", "actor2"):
        ours = {getattr(x, attr) for x in e.members if _known(getattr(x, attr))}
        theirs = getattr(m, attr) if _known(getattr(m, attr)) else None
        if theirs and ours and theirs not in ours:
            # a clash told from either side: the same two parties in the other order
            other = "actor2" if attr == "actor1" else "actor1"
            if not (_group(m.sub_event_type) == _group(SUB.armed_clash) and theirs in {getattr(x, other) for x in e.members}):
                return None
    parts.append("actors compatible")
    return "; ".join(parts)


def merge_mentions(mentions: list[Mention]) -> list[MergedEvent]:
    events: list[MergedEvent] = []
    blocks: dict[tuple, list[MergedEvent]] = {}
    for m in mentions:
        key = (_group(m.sub_event_type), m.country)
        host = None
        reason = None
        for e in blocks.get(key, []):
            reason = why_compatible(e, m)
            if reason:
                host = e
                break
        if host is None:
            digest = hashlib.sha1(f"{m.article_id}/{m.local_id}".encode()).hexdigest()[:10]
            host = MergedEvent(f"{(m.country or 'XX')}-{digest}", [], [])
            blocks.setdefault(key, []).append(host)
            events.append(host)
            reason = "first report"
        host.members.append(m)
        host.reasons.append(reason)
        host.summarize()
    return events

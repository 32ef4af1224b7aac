"""The analyst's filters over merged events: what each option means, and how a value the user typed
becomes the value stored (countries as alpha-2, alpha-3 or name; types, actors, outlets and places
case- and accent-insensitive). A value that matches nothing is an error naming the close matches and
the valid values, never a silent empty answer."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from .geo import km
from .lexicons import ACLED_TYPES, countries

TIME_STATUSES = ("current", "ongoing", "future", "historical")
STANCES = ("asserted", "denied", "unverified")


class FilterError(ValueError):
    """A filter value that names nothing: the message lists close matches and the valid values."""


def fold(text: str) -> str:
    from .places.gazetteer import normalize

    return normalize(text or "")


def unknown_value(what: str, value: str, valid: Iterable[str], limit: int = 30) -> FilterError:
    valid = sorted(set(v for v in valid if v))
    # compare folded names and, for 'Explosions/Remote violence', each part of them
    forms: dict[str, str] = {}
    for v in valid:
        for form in (fold(v), *(fold(part) for part in v.split("/"))):
            forms.setdefault(form, v)
    close = list(dict.fromkeys(forms[m] for m in difflib.get_close_matches(fold(value), list(forms), n=3, cutoff=0.6)))
    hint = f"; did you mean {' or '.join(repr(c) for c in close[:3])}?" if close else ""
    shown = ", ".join(valid[:limit]) + (f", ... ({len(valid)} in all)" if len(valid) > limit else "")
    return FilterError(f"error: unknown {what} {value!r}{hint} Valid: {shown or 'none in this store'}")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Every spelling of a country we know, folded -> alpha-2."""
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (c.alpha_2, c.alpha_3, c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                out[fold(name)] = c.alpha_2
    for iso2, c in countries().items():
        for name in (c.name, *c.aliases):
            out[fold(name)] = iso2
    return out


def resolve_country(value: str) -> str:
    """'AF', 'afg', 'Afghanistan' -> 'AF'."""
    key = fold(value)
    hit = _country_names().get(key)
    if hit is None:
        names = {c.name for c in countries().values()}
        raise unknown_value("country", value, names, limit=0) if len(value) > 3 else \
            FilterError(f"error: unknown country code {value!r}: give an ISO 3166-1 alpha-2 (AF) or alpha-3 (AFG) code or a name")
    return hit


def type_values() -> list[str]:
    return sorted(set(ACLED_TYPES.values())) + sorted(ACLED_TYPES)


def resolve_type(value: str) -> tuple[str, str]:
    """('event_type' | 'sub_event_type', the ACLED spelling). 'explosions' is 'Explosions/Remote
    violence', 'battle' is 'Battles', 'air/drone strike' and 'Air/drone strike' are the same."""
    def keys(name: str) -> set[str]:
        k = fold(name)
        first = fold(name.split("/")[0])
        return {k, k.rstrip("s"), first, first.rstrip("s")}

    wanted = fold(value)
    for kind, names in (("event_type", sorted(set(ACLED_TYPES.values()))), ("sub_event_type", sorted(ACLED_TYPES))):
        for name in names:
            if wanted in keys(name) or wanted.rstrip("s") in keys(name):
                return kind, name
    raise unknown_value("event type", value, type_values(), limit=40)


def _names_match(wanted: str, name: str | None) -> bool:
    return bool(name) and wanted in fold(name)


def _place_match(wanted: str, name: str | None) -> bool:
    """A place is named whole ('Kunduz' is Kunduz city and Kunduz province, not 'Kunduz Airport'
    unless typed so), or by its first words ('Mazar' for Mazar-i-Sharif)."""
    n = fold(name or "")
    return bool(n) and (n == wanted or n.startswith(wanted + " "))


def resolve_names(what: str, value: str, vocabulary: Iterable[str]) -> str:
    """The folded value when some stored name matches it, else an error with suggestions."""
    vocab = [v for v in vocabulary if v]
    wanted = fold(value)
    match = _place_match if what == "place" else _names_match
    if not any(match(wanted, v) for v in vocab):
        raise unknown_value(what, value, vocab)
    return wanted


@dataclass
class EventFilter:
    countries: list[str] = field(default_factory=list)  # alpha-2
    since: str | None = None
    until: str | None = None
    event_types: list[str] = field(default_factory=list)
    sub_event_types: list[str] = field(default_factory=list)
    place: str | None = None  # folded: a place's name, the text's mention or its province
    near: tuple[float, float] | None = None
    radius_km: float = 25.0
    actor: str | None = None  # folded; either side
    outlet: str | None = None
    source: str | None = None  # a quoted source's name
    article: str | None = None
    stance: str | None = None
    min_confidence: float | None = None
    time_statuses: list[str] = field(default_factory=lambda: ["current", "ongoing", "future"])

    def needs_mentions(self) -> bool:
        return self.min_confidence is not None


def place_names(place: dict[str, Any] | None) -> list[str]:
    p = place or {}
    return [n for n in (p.get("name"), p.get("mention"), p.get("admin1"), p.get("admin2")) if n]


def keep(e: dict[str, Any], f: EventFilter) -> bool:
    place = e.get("place") or {}
    date = e.get("date") or ""
    if f.countries and place.get("country") not in f.countries:
        return False
    if f.since and (not date or date < f.since[:len(date)]):
        return False
    if f.until and (not date or date > f.until[:len(date)]):
        return False
    if (f.event_types or f.sub_event_types) and e.get("event_type") not in f.event_types \
            and e.get("sub_event_type") not in f.sub_event_types:
        return False
    if f.place and not any(_place_match(f.place, n) for n in place_names(place)):
        return False
    if f.near:
        if place.get("lat") is None or km(f.near[0], f.near[1], place["lat"], place["lon"]) > f.radius_km:
            return False
    if f.actor and not (_names_match(f.actor, e.get("actor1")) or _names_match(f.actor, e.get("actor2"))):
        return False
    if f.outlet and not any(_names_match(f.outlet, o) for o in e.get("outlets") or []):
        return False
    if f.source and not any(_names_match(f.source, c.get("source_name")) for c in e.get("claims") or []):
        return False
    if f.article and f.article not in {m["article"] for m in e.get("members") or []}:
        return False
    if f.stance and not any(c.get("stance") == f.stance for c in e.get("claims") or []):
        return False
    if f.time_statuses and e.get("time_status") not in f.time_statuses:
        return False
    if f.min_confidence is not None and (e.get("confidence") or 0.0) < f.min_confidence \
            and not e.get("reviewed"):  # an event an analyst reviewed and kept is shown however sure the machine was
        return False
    return True


def with_mentions(events: list[dict[str, Any]], mentions: dict[str, list[dict[str, Any]]],
                  texts: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Events with `confidence` (their surest member's) and `evidence`: each member's sentence, with
    the article and span it comes from (and the text when `texts` holds the article)."""
    out = []
    for e in events:
        ms = mentions.get(e["id"], [])
        evidence = []
        for m in ms:
            for start, end in m.get("evidence") or []:
                item = {"article": m["article_id"], "span": [start, end], "confidence": m.get("confidence")}
                if texts is not None and m["article_id"] in texts:
                    item["sentence"] = texts[m["article_id"]][start:end].strip()
                evidence.append(item)
        out.append(dict(e, confidence=max((m.get("confidence") or 0.0 for m in ms), default=None), evidence=evidence))
    return out


def vocabulary(events: list[dict[str, Any]]) -> dict[str, set[str]]:
    """The stored names each filter can match, for suggestions."""
    v: dict[str, set[str]] = {"actor": set(), "outlet": set(), "source": set(), "place": set(), "article": set()}
    for e in events:
        v["actor"].update(a for a in (e.get("actor1"), e.get("actor2")) if a)
        v["outlet"].update(e.get("outlets") or [])
        v["source"].update(c.get("source_name") for c in e.get("claims") or [] if c.get("source_name"))
        v["place"].update(place_names(e.get("place")))
        v["article"].update(m["article"] for m in e.get("members") or [])
    return v

"""Exports of merged events: ACLED-compatible CSV, GeoJSON, Parquet, JSONL.

Reads: merged events as the store gives them (dicts with their members and evidence). Adds: nothing
to the picture; writes files atomically, each row with the way back to its articles and spans."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .lexicons import SUB, actor_lexicon, countries, taxonomy

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
                 "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
# after ACLED's own columns: the way back to the evidence (`frontlines event ID`, `frontlines article ID`)
TRACE_COLUMNS = ["frontlines_id", "article_ids"]
EXPORT_COLUMNS = ACLED_COLUMNS + TRACE_COLUMNS
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")



def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder_type column, from taxonomy.yaml (excessive force is both violence and a demonstration)."""
    sub = taxonomy().sub(sub_event_type)
    if sub is not None:
        return sub.disorder
    kind = taxonomy().types.get(event_type or "")
    return kind.disorder if kind else "Political violence"


@lru_cache(maxsize=1)
def _group_kinds() -> dict[str, str]:
    return {g["id"]: g.get("kind", "non_state_armed_group") for g in actor_lexicon().get("groups", [])}


def inter_code(actor: str | None, event_country: str | None) -> int | None:
    """ACLED's actor categories: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
    5 rioters, 6 protesters, 7 civilians, 8 external/other forces."""
    if not actor:
        return None
    for prefix in ("Military Forces of ", "Police Forces of ", "Government of "):
        if actor.startswith(prefix):
            name = actor[len(prefix):].removeprefix("the ")
            iso = next((c.iso2 for c in countries().values() if c.name == name), None)
            return 8 if event_country and iso and iso != event_country else 1
    for prefix, code in (("Protesters", 6), ("Rioters", 5), ("Civilians", 7), ("Unidentified Armed Group", 3)):
        if actor.startswith(prefix):
            return code
    kind = _group_kinds().get(actor)
    return 3 if kind == "militia" else 2


def exportable(events: Iterable[dict[str, Any]], include_historical: bool = False) -> list[dict[str, Any]]:
    """Events that happened: a future or hypothetical statement ("would be a blow", "plan to attack")
    is never exported as an event; historical background only on request."""
    allowed = {"current", "ongoing"} | ({"historical"} if include_historical else set())
    return [e for e in events if (e.get("time_status") or "current") in allowed]


def written_date(date: str | None, precision: int | None) -> str:
    """ACLED's way of writing a date in notes: 'On 8 August 2021', 'In the week of 2 August 2021',
    'In August 2021', 'In 2016'."""
    if not date:
        return "On an unknown date"
    if len(date) == 4:
        return f"In {date}"
    y, m = int(date[:4]), int(date[5:7])
    if len(date) == 7 or precision == 3:
        return f"In {_MONTH_NAMES[m - 1]} {y}"
    day = f"{int(date[8:10])} {_MONTH_NAMES[m - 1]} {y}"
    return f"In the week of {day}" if precision == 2 else f"On {day}"


def note(e: dict[str, Any]) -> str:
    """One generated sentence: who did what, where, when, how many, and who disputes it."""
    place = e.get("place") or {}
    where = place.get("name") or "an unidentified place"
    if place.get("admin1") and place.get("kind") != "province":
        where += f" ({place['admin1']}, {place.get('country') or '?'})"
    sub = e.get("sub_event_type") or ""
    kind = taxonomy().sub(sub)
    verb = kind.note if kind else taxonomy().subs[SUB.other].note
    who = e.get("actor1") or "Unidentified actors"
    other = e.get("actor2")
    when = written_date(e.get("date"), e.get("time_precision"))
    if sub in taxonomy().tagged("territorial"):
        s = f"{when}, {who} {verb} {where}" + (f" from {other}" if other else "")
    else:
        target = f" {other}" if other and verb.endswith((" with", "attacked", "abducted", "against")) else ""
        s = f"{when}, {who} {verb}{target} in {where}"
    if e.get("fatalities") is not None:
        s += f"; {e['fatalities']} reported killed"
        if len(e.get("fatalities_reported") or []) > 1:
            s += f" (reports range {min(e['fatalities_reported'])}-{max(e['fatalities_reported'])})"
    if e.get("denied_by"):
        s += f"; denied by {', '.join(e['denied_by'])}"
    return s + f" [{e.get('corroboration', 1)} independent source(s)]."


def iso3(iso2: str | None) -> str | None:
    """ISO 3166-1 alpha-3 for an alpha-2 code; Kosovo's user-assigned XK is XKX, as ACLED writes it."""
    import pycountry

    if not iso2:
        return None
    if iso2.upper() == "XK":
        return "XKX"
    pc = pycountry.countries.get(alpha_2=iso2.upper())
    return pc.alpha_3 if pc else None


def _iso_numeric(iso2: str | None) -> int | str:
    import pycountry

    pc = pycountry.countries.get(alpha_2=iso2.upper()) if iso2 else None
    return int(pc.numeric) if pc else ""


def source_scale(outlet_names: Iterable[str]) -> str:
    """ACLED's scale of the sources ('National-International'), from data/outlets.csv; empty where
    no outlet of the event is listed there."""
    from .outlets import SCALES, outlet

    scales = {o.source_scale for o in map(outlet, outlet_names) if o and o.source_scale}
    return "-".join(x for x in SCALES if x in scales)


def acled_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cmap = countries()
    counters: dict[str, int] = defaultdict(int)
    stamp = int(time.time())
    rows = []
    for e in sorted(events, key=lambda e: (e.get("date") or "", e["id"])):
        place = e.get("place") or {}
        iso2 = place.get("country") or None
        c = cmap.get(iso2 or "")
        code = iso3(iso2) or "XXX"  # XXX only where the place itself is unknown
        counters[code] += 1
        date = e.get("date") or ""
        tags = []
        actor1 = e.get("actor1") or ""
        if not actor1:
            # ACLED names an unnamed perpetrator by kind and country; the tag keeps it apart from a named one
            # what ACLED codes when a report names no perpetrator (Protesters, Rioters); the row is tagged actor1=unnamed
            named = taxonomy().types.get(e.get("event_type") or "")
            kind = (named.unnamed_actor if named else None) or "Unidentified Armed Group"
            actor1 = f"{kind} ({c.name})" if c else kind
            tags.append("actor1=unnamed")
        inter1, inter2 = inter_code(actor1, iso2), inter_code(e.get("actor2"), iso2)
        pair = sorted(x for x in (inter1, inter2) if x is not None)
        if e.get("contradicted"):
            tags.append("contradicted")
        if e.get("extent"):
            tags.append(f"extent={e['extent']}")
        if e.get("time_status") != "current":
            tags.append(f"time_status={e.get('time_status')}")
        if e.get("reviewed"):  # an analyst's correction touched it (review.py): confirmed, corrected...
            tags.append(f"review={e['review']['status']}")
        civilians = inter2 == 7 and e.get("event_type") in taxonomy().of_types(lambda t: t.civilian_targeting)
        rows.append({
            "event_id_cnty": f"{code}{counters[code]}",
            "event_date": date if len(date) == 10 else (f"{date}-01-01" if len(date) == 4 else
                                                        (f"{date}-01" if len(date) == 7 else "")),
            "year": date[:4], "time_precision": e.get("time_precision"),
            "disorder_type": disorder_type(e.get("event_type"), e.get("sub_event_type")),
            "event_type": e.get("event_type"), "sub_event_type": e.get("sub_event_type"),
            # the event model keeps one actor a side: associated actors are not read yet
            "actor1": actor1, "assoc_actor_1": "", "inter1": inter1 or "",
            "actor2": e.get("actor2") or "", "assoc_actor_2": "", "inter2": inter2 or "",
            "interaction": int("".join(map(str, pair))) if pair else "",
            "civilian_targeting": "Civilian targeting" if civilians else "",
            "iso": _iso_numeric(iso2), "region": c.region if c else "",
            "country": c.name if c else (iso2 or ""), "admin1": place.get("admin1") or "",
            "admin2": place.get("admin2") or "", "admin3": "",
            "location": place.get("name") or "", "latitude": place.get("lat"), "longitude": place.get("lon"),
            "geo_precision": place.get("precision") or "", "source": "; ".join(e.get("outlets") or []),
            "source_scale": source_scale(e.get("outlets") or []), "notes": note(e),
            "fatalities": e.get("fatalities") or 0, "tags": "; ".join(tags), "timestamp": stamp,
            "frontlines_id": e["id"],
            "article_ids": "; ".join(dict.fromkeys(m["article"] for m in e.get("members") or [])),
        })
    return rows


def to_acled_csv(events: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS)
    w.writeheader()
    w.writerows(acled_rows(events))
    return buf.getvalue()


def to_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    features = []
    for e in events:
        place = e.get("place") or {}
        geometry = {"type": "Point", "coordinates": [place["lon"], place["lat"]]} if place.get("lat") is not None else None
        features.append({"type": "Feature", "id": e["id"], "geometry": geometry, "properties": e})
    return {"type": "FeatureCollection", "features": features}


def to_jsonl(events: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)


def write_parquet(events: list[dict[str, Any]], path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = acled_rows(events)
    by_id = {e["id"]: e for e in events}
    ordered = sorted(events, key=lambda e: (e.get("date") or "", e["id"]))
    for row, e in zip(rows, ordered):
        row["corroboration"] = e.get("corroboration")
        row["contradicted"] = bool(e.get("contradicted"))
        row["time_status"] = e.get("time_status")
        row["review"] = (e.get("review") or {}).get("status")
        row["claims_json"] = json.dumps(by_id[e["id"]].get("claims"), ensure_ascii=False)
        row["members_json"] = json.dumps(by_id[e["id"]].get("members"), ensure_ascii=False)
        for k in ("latitude", "longitude"):
            row[k] = float(row[k]) if row[k] is not None else None
        for k in ("inter1", "inter2", "interaction", "iso", "geo_precision", "time_precision"):
            row[k] = int(row[k]) if row[k] not in ("", None) else None
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in EXPORT_COLUMNS})
    with atomic_file(path, "wb") as fh:
        pq.write_table(table, fh)


@contextlib.contextmanager
def atomic_file(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO]:
    """A file written beside `path` and renamed over it only once complete: a failed export (full
    disk, a crash) leaves the previous file as it was and no temporary file behind."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # the permissions a plain open() would give
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise

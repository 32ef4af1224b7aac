"""`frontlines eval acled FILE.csv`: run the pipeline over the `notes` of an ACLED export and
measure agreement with ACLED's human coding, field by field."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .geo import km
from .ingest import read_text
from .pipeline import process_many
from .places.gazetteer import normalize

FIELDS = ["event_type", "sub_event_type", "actor1", "actor2", "admin1", "location_25km", "fatalities", "date"]
_YEARS = re.compile(r"\s*\(\d{4}-(\d{4})?\)\s*$")


def _norm_actor(a: str | None) -> str:
    return _YEARS.sub("", a or "").strip().lower()


def _norm(s: str | None) -> str:
    return normalize(s or "")


@dataclass
class Agreement:
    rows: int = 0
    skipped: int = 0
    no_event: int = 0
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    judged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def rate(self, f: str) -> float | None:
        return self.hits[f] / self.judged[f] if self.judged[f] else None


def evaluate_acled(path: Path) -> Agreement:
    result = Agreement()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    articles, gold = [], []
    for i, row in enumerate(rows):
        result.rows += 1
        try:
            articles.append(read_text(row.get("notes") or "", id=row.get("event_id_cnty") or f"row{i}",
                                      published=row.get("event_date") or None))
            gold.append(row)
        except ValueError:
            result.skipped += 1
    for (article, report), row in zip(process_many(articles), gold):
        if isinstance(report, Exception) or not report.events:
            result.no_event += 1
            for f in FIELDS:
                result.judged[f] += 1
            continue
        ev = report.events[0]
        place = next((p for p in report.places if p.id == ev.place), None)
        got = {
            "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
            "actor1": _norm_actor(ev.actor1), "actor2": _norm_actor(ev.actor2),
            "admin1": _norm(place.admin1 if place else None),
            "fatalities": ev.fatalities or 0, "date": ev.date,
        }
        want = {
            "event_type": row.get("event_type"), "sub_event_type": row.get("sub_event_type"),
            "actor1": _norm_actor(row.get("actor1")), "actor2": _norm_actor(row.get("actor2")),
            "admin1": _norm(row.get("admin1")), "fatalities": int(row.get("fatalities") or 0),
            "date": row.get("event_date"),
        }
        for f, v in want.items():
            result.judged[f] += 1
            result.hits[f] += int(got[f] == v)
        result.judged["location_25km"] += 1
        try:
            ok = place is not None and place.lat is not None and \
                km(place.lat, place.lon, float(row["latitude"]), float(row["longitude"])) <= 25
        except (KeyError, ValueError):
            ok = False
        result.hits["location_25km"] += int(ok)
    return result

"""What is known of an outlet by name (data/outlets.csv): the order of day and month in its
numeric dates and its ACLED source scale. Analysts add rows; nothing here is guessed."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from .config import DATA_DIR

DATE_ORDERS = ("dmy", "mdy")
SCALES = ("Local", "Subnational", "National", "Regional", "International")


@dataclass(frozen=True)
class Outlet:
    name: str
    date_order: str | None
    source_scale: str | None


@lru_cache(maxsize=1)
def outlets() -> dict[str, Outlet]:
    path = DATA_DIR / "outlets.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    out: dict[str, Outlet] = {}
    for n, r in enumerate(rows, 1):
        order, scale = (r.get("date_order") or "").strip() or None, (r.get("source_scale") or "").strip() or None
        if order not in (None, *DATE_ORDERS) or scale not in (None, *SCALES):
            raise ValueError(f"{path}: row {n}: date_order must be one of {DATE_ORDERS} and source_scale one of {SCALES}")
        out[r["outlet"].strip().casefold()] = Outlet(r["outlet"].strip(), order, scale)
    return out


def outlet(name: str | None) -> Outlet | None:
    return outlets().get((name or "").strip().casefold())

"""Publication dates from user input and feeds, normalised to ISO YYYY-MM-DD."""
from __future__ import annotations

import datetime as dt
import email.utils
import re

from .guards import IngestError


def parse_published(value: str) -> str:
    v = (value or "").strip()
    day: dt.date | None = None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", v)
    if m:
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            day = None
    else:
        try:
            parsed = email.utils.parsedate_to_datetime(v)
            day = parsed.astimezone(dt.timezone.utc).date() if parsed.tzinfo else parsed.date()
        except (TypeError, ValueError, IndexError):
            day = None
    if day is None:
        raise IngestError(f"cannot parse published date {value!r}: expected YYYY-MM-DD")
    if day.year < 1900 or day > dt.date.today() + dt.timedelta(days=2):
        raise IngestError(f"published date {value!r} is out of range (1900 to today)")
    return day.isoformat()

"""Publication dates from user input and feeds, normalised to ISO YYYY-MM-DD.

Accepted: ISO dates and timestamps, RFC 2822 (feeds), written dates ("8 August 2021",
"August 8, 2021", "Sun, Aug. 8 2021") and numeric ones ("08/08/2021", "8.8.2021", "2021/08/08").
A numeric day and month that could be either way round ("03/08/2021") follow the outlet's
convention (data/outlets.csv) or the order given; with neither, the date is ambiguous
and `published_date` says why instead of guessing.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re

from .guards import IngestError

_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2})?)?"
_WRITTEN = [
    re.compile(rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}", re.I),
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}", re.I),
]
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_NUMERIC = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}|\d{{2}}){_TIME}")


class AmbiguousDate(IngestError):
    """A date whose day and month can be read either way round, with no convention to decide."""


def outlet_order(name: str | None) -> str | None:
    from ..outlets import outlet

    known = outlet(name)
    return known.date_order if known else None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _numeric(v: str, order: str | None) -> dt.date | None:
    m = _YMD.fullmatch(v)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    m = _NUMERIC.fullmatch(v)
    if not m:
        return None
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    if len(m[3]) == 2:
        raise IngestError(f"cannot parse published date {v!r}: a two-digit year is ambiguous")
    dmy, mdy = _date(y, b, a), _date(y, a, b)
    if dmy and mdy and dmy != mdy:
        if order is None:
            raise AmbiguousDate(f"published date {v!r} is ambiguous: {dmy.isoformat()} (day first) or "
                                f"{mdy.isoformat()} (month first), and no date order is known for its outlet")
        return dmy if order == "dmy" else mdy
    return dmy or mdy


def _written(v: str) -> dt.date | None:
    for rx in _WRITTEN:
        m = rx.fullmatch(v)
        if m and m["month"].lower() in _MONTHS:
            return _date(int(m["year"]), _MONTHS[m["month"].lower()], int(m["day"]))
    return None


def parse_published(value: str, *, order: str | None = None, outlet: str | None = None) -> str:
    """ISO YYYY-MM-DD, or `IngestError` (`AmbiguousDate` for a day/month either way round)."""
    v = " ".join((value or "").split())
    order = order or outlet_order(outlet)
    day: dt.date | None = None
    m = _ISO.fullmatch(v)
    if m:
        day = _date(int(m[1]), int(m[2]), int(m[3]))
    elif re.match(r"\d", v) and re.search(r"\d[/.-]\d", v):
        day = _numeric(v, order)
    else:
        day = _written(v)
        if day is None:
            try:
                parsed = email.utils.parsedate_to_datetime(v)
                day = parsed.astimezone(dt.timezone.utc).date() if parsed.tzinfo else parsed.date()
            except (TypeError, ValueError, IndexError):
                day = None
    if day is None:
        raise IngestError(f"cannot parse published date {value!r}: expected a date such as 2021-08-08, "
                          f"8 August 2021 or 08/08/2021")
    if day.year < 1900 or day > dt.date.today() + dt.timedelta(days=2):
        raise IngestError(f"published date {value!r} is out of range (1900 to today)")
    return day.isoformat()


def parse_country(value: str) -> str:
    """A country hint as ISO alpha-2 ('AF', 'AFG', 'Afghanistan' -> 'AF'), or `IngestError`."""
    from ..query import FilterError, resolve_country

    try:
        return resolve_country(" ".join(str(value).split()))
    except FilterError as exc:
        raise IngestError(str(exc).removeprefix("error: ")) from None

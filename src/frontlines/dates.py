"""Resolve date expressions against the publication date, and in a narrative against the last date
the text established ("the next day", "two days later", "by the end of the month") and the month
its section heading names ("December 2023", "July - The Month of ...").

Only DATE-like spans found by the NLP stage are parsed (never the whole text: dateparser's
`search_dates` invents dates from phrases like "two decades"). Every result carries an ACLED
`time_precision` (1 day, 2 week, 3 month or coarser) and whether it lies before the story's present.

Reads: a DATE span's text, the publication date and the narrative's running date. Adds: a resolved
date with its precision (used by the events stage for each event's date and time status).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_AGO = re.compile(r"\b(\w+)\s+(day|week|month|year)s?\s+ago\b")
_LATER = re.compile(r"\b(a|an|one|two|three|four|five|six|\d+)\s+(day|week|month|year)s?\s+(later|earlier|before)\b")
# chained from the last day the text gave, moving forward: (pattern, days after it)
_CHAINED = [
    (re.compile(r"\b(?:the |by the )?(?:next|following) (?:day|morning|afternoon|evening|night)\b|^(?:on )?the day after$"), 1),
    (re.compile(r"\b(?:the|that) same (?:day|morning|afternoon|evening|night)\b|^(?:on |later )?that (?:day|morning|afternoon|evening|night)$"
                r"|\bhours later\b|\bwithin hours\b|^by (?:nightfall|dusk|the evening|evening)$"), 0),
]
_NEXT_WEEK = re.compile(r"\b(?:the )?(?:next|following) week\b")
_MONTH_END = re.compile(r"\b(?:by|at|before|towards?) the end of (?:the|that) month\b")
_HEADING = re.compile(r"^[ \t]*([A-Z][a-z]{2,8})(?:[ \t]+(\d{4}))?[ \t]*(?:[-\u2013\u2014:][^\n]{1,70})?[ \t]*$", re.M)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}


@dataclass(frozen=True)
class ResolvedDate:
    date: dt.date  # first day of the period for coarse precisions
    precision: int  # ACLED time_precision: 1 day, 2 week, 3 month or coarser
    text: str
    relative_to: str = "published"  # published | anchor (a previous date in the text)

    @property
    def end(self) -> dt.date:
        """The last day of the period: a month named ("in January") lasts until its end."""
        if self.precision <= 1:
            return self.date
        if self.precision == 2:
            return self.date + dt.timedelta(days=6)
        if self.precision == 3:
            nxt = dt.date(self.date.year + (self.date.month == 12), self.date.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.date.year, 12, 31)

    def before_the_story(self, published: dt.date | None, days: int, dated_days: int | None = None) -> bool:
        """The whole period ended more than `days` before publication: background to the story, not news.
        A day named outright ("on August 15") stays news for `dated_days` when given: a fall dated to the
        day, told three weeks later, still dates who holds the town from then."""
        if published is None:
            return False
        if dated_days is not None and self.precision == 1:
            days = dated_days
        return self.end < published - dt.timedelta(days=days)

    @property
    def iso(self) -> str:
        if self.precision >= 4:
            return f"{self.date.year:04d}"
        return self.date.isoformat()


def parse_count(word: str) -> int:
    return _SMALL.get(word.lower()) or (int(word) if word.isdigit() else 1)


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in MONTHS:
        return MONTHS.index(w) + 1
    return _MONTH_ABBR.get(w[:4] if w.startswith("sept") else w[:3]) if len(w) <= 4 else None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _past_year(month: int, day: int, base: dt.date) -> int:
    """The year of a month/day with no year: the most recent one not after the base (+2 days slack)."""
    cand = _safe_date(base.year, month, min(day, 28) if month == 2 and day == 29 else day)
    if cand and cand > base + dt.timedelta(days=2):
        return base.year - 1
    return base.year


_CHAIN_PHRASE = re.compile(r"\b(?:(?:the|that) same (?:day|morning|afternoon|evening|night)|(?:later )?that (?:day|morning|afternoon|evening|night)"
                           r"|(?:the )?(?:next|following) (?:day|morning|evening|night)|within hours|hours later|by nightfall)\b", re.I)


def chained_phrases(text: str, start: int = 0) -> list[tuple[int, str]]:
    """Chained time phrases the parser may not mark as dates ("The same day", "within hours")."""
    return [(m.start(), m[0]) for m in _CHAIN_PHRASE.finditer(text, start)]


def month_headings(text: str, start: int = 0) -> list[tuple[int, int, int | None]]:
    """Section headings naming a month, on a line of their own after `start`: ("December 2023",
    "July - The Month of the Offensive"): (offset, month, year or None)."""
    out = []
    for m in _HEADING.finditer(text, start):
        month = _month(m[1]) if m[1].lower() in MONTHS else None
        if month:
            out.append((m.start(1), month, int(m[2]) if m[2] else None))
    return out


def section_date(month: int, year: int | None, base: dt.date | None, previous: ResolvedDate | None) -> ResolvedDate | None:
    """The month a heading names: its year, else the year that moves forward from the previous
    section, else the most recent such month before publication."""
    if year is None and previous is not None:
        year = previous.date.year + (month < previous.date.month)
    if year is None and base is not None:
        year = _past_year(month, 1, base)
    if year is None:
        return None
    d = dt.date(year, month, 1)
    if base is not None and d > base:
        d = dt.date(_past_year(month, 1, base), month, 1)
    return ResolvedDate(d, 3, "section heading", "narrative")


def chained(text: str, last: ResolvedDate | None) -> ResolvedDate | None:
    """"the next day", "the same day", "the following week", "by the end of the month": from the last
    date the narrative established (a day for the first three, any month for the last)."""
    if last is None:
        return None
    low = text.strip().lower()
    if last.precision <= 1:
        for pattern, days in _CHAINED:
            if pattern.search(low):
                return ResolvedDate(last.date + dt.timedelta(days=days), 1, text.strip(), "narrative")
        if _NEXT_WEEK.search(low):
            return ResolvedDate(last.date + dt.timedelta(days=7), 2, text.strip(), "narrative")
    if last.precision <= 3 and _MONTH_END.search(low):
        # no earlier than the text allows: the change is dated to the month's last day
        nxt = dt.date(last.date.year + (last.date.month == 12), last.date.month % 12 + 1, 1)
        return ResolvedDate(nxt - dt.timedelta(days=1), 1, text.strip(), "narrative")
    return None


def _year_of(month: int, day: int, base: dt.date | None, section: ResolvedDate | None) -> int | None:
    """The year of a day named without one: the section heading's, unless that lands after
    publication; else the most recent such day before publication."""
    if section is not None:
        d = _safe_date(section.date.year, month, min(day, 28) if month == 2 and day == 29 else day)
        if d is not None and (base is None or d <= base + dt.timedelta(days=2)):
            return section.date.year
    return _past_year(month, day, base) if base else None


def resolve(text: str, base: dt.date | None, anchor: dt.date | None = None,
            narrative: ResolvedDate | None = None, section: ResolvedDate | None = None) -> ResolvedDate | None:
    """Resolve one date expression. `base` is the publication date; `anchor` a date the text set before
    ("a year later" counts from it); `narrative` the last date the text established ("the next day"
    counts from it); `section` the month of the section heading above ("On 18 December" under
    "December 2023" is in 2023). Returns None when the expression is not a date we can place."""
    t = text.strip()
    low = t.lower()
    r = chained(t, narrative)
    if r is not None:
        return r
    m = _ISO.search(t)
    if m:
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return ResolvedDate(d, 1, t) if d else None
    m = _DAY_MONTH.search(t)
    if m and _month(m[2]):
        year = int(m[3]) if m[3] else _year_of(_month(m[2]), int(m[1]), base, section)
        d = _safe_date(year, _month(m[2]), int(m[1])) if year else None
        if d:
            return ResolvedDate(d, 1, t)
    m = _MONTH_DAY.search(t)
    if m and _month(m[1]) and not _YEAR.fullmatch(m[2]):
        year = int(m[3]) if m[3] else _year_of(_month(m[1]), int(m[2]), base, section)
        d = _safe_date(year, _month(m[1]), int(m[2])) if year else None
        if d:
            return ResolvedDate(d, 1, t)
    m = _MONTH_YEAR.search(t)
    if m and _month(m[1]):
        return ResolvedDate(dt.date(int(m[2]), _month(m[1]), 1), 3, t)
    m = _LATER.search(low)
    if m:
        ref = anchor or base
        if ref is None:
            return None
        n = _SMALL.get(m[1], None) or (int(m[1]) if m[1].isdigit() else 1)
        sign = 1 if m[3] == "later" else -1
        return _shift(ref, m[2], sign * n, t, "anchor" if anchor else "published")
    m = re.search(r"\b(a|an|one|two|three|four|five|six|\d+)\s+(day|week)s?\s+after\b", low)
    if m and base:
        n = _SMALL.get(m[1], None) or (int(m[1]) if m[1].isdigit() else 1)
        return _shift(base, m[2], -n, t)
    m = _AGO.search(low)
    if m and base:
        n = _SMALL.get(m[1], None) or (int(m[1]) if m[1].isdigit() else None)
        if n:
            return _shift(base, m[2], -n, t)
    y = _YEAR.search(t)
    if y and not any(ch.isdigit() for ch in t.replace(y[0], "")):
        return ResolvedDate(dt.date(int(y[0]), 1, 1), 4, t)
    if base is None:
        return None
    for i, wd in enumerate(WEEKDAYS):
        if re.search(rf"\b{wd}\b", low):
            delta = (base.weekday() - i) % 7
            if "last" in low.split() and delta == 0:
                delta = 7
            return ResolvedDate(base - dt.timedelta(days=delta), 1, t)
    if re.search(r"\b(today|this morning|this afternoon|this evening|tonight)\b", low):
        return ResolvedDate(base, 1, t)
    if re.search(r"\bday before yesterday\b", low):
        return ResolvedDate(base - dt.timedelta(days=2), 1, t)
    if re.search(r"\b(yesterday|last night|overnight)\b", low):
        # "overnight" in a story of the morning: the night that began the day before (ACLED codes the start)
        return ResolvedDate(base - dt.timedelta(days=1), 1, t)
    if re.search(r"\b(last|past|previous) week\b|\bthis week\b|\bearlier this week\b", low):
        start = base - dt.timedelta(days=7 if "this" not in low else base.weekday())
        return ResolvedDate(start, 2, t)
    if re.search(r"\b(last|past|previous) month\b", low):
        prev = base.replace(day=1) - dt.timedelta(days=1)
        return ResolvedDate(prev.replace(day=1), 3, t)
    if re.search(r"\bthis month\b|\bearlier this month\b", low):
        return ResolvedDate(base.replace(day=1), 3, t)
    if re.search(r"\b(last|past) year\b", low):
        return ResolvedDate(dt.date(base.year - 1, 1, 1), 4, t)
    for i, mo in enumerate(MONTHS):
        if re.search(rf"\b{mo}\b", low):
            year = base.year if i + 1 <= base.month else base.year - 1
            if i + 1 == base.month and re.search(rf"\blast {mo}\b", low):
                year -= 1  # "since last October", written in October: a year ago
            return ResolvedDate(dt.date(year, i + 1, 1), 3, t)
    return None


def _shift(ref: dt.date, unit: str, n: int, text: str, relative_to: str = "published") -> ResolvedDate:
    if unit == "day":
        return ResolvedDate(ref + dt.timedelta(days=n), 1, text, relative_to)
    if unit == "week":
        return ResolvedDate(ref + dt.timedelta(weeks=n), 2, text, relative_to)
    if unit == "month":
        total = ref.year * 12 + ref.month - 1 + n
        return ResolvedDate(dt.date(total // 12, total % 12 + 1, 1), 3, text, relative_to)
    return ResolvedDate(dt.date(ref.year + n, 1, 1), 4, text, relative_to)


def is_duration(text: str) -> bool:
    """"for two weeks", "nearly two decades", "less than a week": spans of time, not points."""
    low = text.lower()
    if any(re.search(rf"\b{w}\b", low) for w in WEEKDAYS + MONTHS + ["yesterday", "today"]) or _YEAR.search(low):
        return False  # "Friday after days of fighting" names a day
    return bool(re.search(r"\b(decades?|centur(y|ies)|the years|years|months|weeks|days|a week|a day|a month|a year)\b", low)) \
        and not re.search(r"\b(ago|later|earlier|last|past|this|next)\b", low)

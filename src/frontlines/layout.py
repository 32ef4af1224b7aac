"""Where a story's body begins: its head is the headline and boilerplate lines above it and the
dateline ("KABUL, Afghanistan (Nov. 20, 2011) -") that opens it.

Dates in the head are when the story was filed, never when its events happened, and the head's
lines are sentences of their own: glued to the lead, a headline corrupts the lead's parse.
Offsets always index the original text (nothing is rewritten), so evidence spans stay true.
"""
from __future__ import annotations

import re

_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"
_LINE = re.compile(rf"[^{_LINE_BREAKS}]*")
# Datelines in their common forms: "KABUL, Afghanistan (Nov. 20, 2011) –", "MOGADISHU (Reuters) -",
# "BANGKOK:", "ABIDJAN, March 15, 2025 (AFP) -", "Bamako, July 27 (Reuters) –", "Niamey, 22 March
# 2025 (dpa) -", "Cairo/Dubai:". A name in capitals needs only its separator; a name in title case needs
# a date or an outlet in parentheses, or several cities joined by slashes, so that "Kunduz fell" or
# "NATO (North Atlantic Treaty Organization) aircraft" open a sentence, not a dateline; a date without
# parentheses needs its separator too ("On March 4, 2019 soldiers..." is prose).
_CALENDAR = (r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
             r"[a-z]*\.?(?:\s|,|$))")  # "Monday, 24 March 2025" and "Aug 15" are dates, not places
# a kicker ("UPDATE:", "BREAKING:") opens a headline, not a dateline
_KICKER = r"(?!(?:UPDATE[DS]?|BREAKING|EXCLUSIVE|CORRECTION|CORRECTED|ANALYSIS|WATCH|LIVE|OPINION|EDITORIAL)\b)"
_UP = rf"{_KICKER}[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){{0,3}}"
_TC = rf"{_CALENDAR}[A-Z][a-zà-ÿ.'’-]+(?:[ -][A-Z][a-zà-ÿ.'’-]+){{0,2}}"
_WHERE = rf"(?:,\s*{_CALENDAR}[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){{0,2}})?"
_WHEN = r"(?:,?\s+(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,?\s+\d{4})?)"
_PAREN = r"(?:\s*\([^()\n]{1,40}\))"
_DATED_PAREN = r"(?:\s*\([^()\n]*\d[^()\n]*\))"
# a dash, a colon, a pipe before the outlet ("KINSHASA, DRC | Xinhua |"), or TASS's "/TASS/."
_SEP = r"(?:\s*\|(?:[^|\n]{1,40}\|)?|\s*(?:[—–:]|-{1,2}(?=\s|[A-Z])|\.?\s*/[A-Za-z ]{2,20}/\.?))"
# a wire dateline with no place: "Feb 7 (AFP) -" (its outlet in parentheses and a separator)
_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_ONLY_WHEN = (rf"(?P<when>(?:{_MONTH_WORD}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_WORD})(?:,?\s+\d{{4}})?)"
              rf"\s*\([A-Za-z][^()\d\n]{{1,30}}\)\s*(?:[—–:]|-{{1,2}}(?=\s|[A-Z]))")
_DATELINE = re.compile(
    rf"(?P<up>{_UP}{_WHERE}){_WHEN}?(?:{_DATED_PAREN}{_SEP}?|{_PAREN}?{_SEP})"
    rf"|(?P<tc>{_TC}{_WHERE})(?:{_WHEN}(?:{_PAREN}{_SEP}?|{_SEP})|{_PAREN}{_SEP}?)"
    rf"|(?P<multi>{_TC}(?:/{_TC})+):"
    rf"|{_ONLY_WHEN}")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with",
                "over", "after", "amid", "against", "during", "near", "vs"}
_LEAD = " \t\xa0•·*"  # what may precede a line's first word (release pages indent with no-break spaces)
_MAX_HEAD = 600
_MAX_HEAD_LINES = 12


def _title_like(line: str) -> bool:
    """A headline or boilerplate line: no sentence end, and its words capitalised ("For Immediate
    Release", "ISAF Joint Command - Afghanistan", "2010-04-CA-067"), unlike a wrapped line of prose."""
    s = line.strip()
    if not s or len(s) > 160 or s[-1] in ".!?\"”,;":
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", s) if w.lower() not in _SMALL_WORDS]
    if not words:
        return True  # a release number, a date
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _headline(line: str, following: str | None) -> bool:
    """A headline in sentence case ("Rebels kill 12 in raid on village"): a short line with no sentence
    end, not ending on a small word as a wrapped line of prose does, and followed by a blank line or
    by a line that starts anew."""
    s = line.strip()
    if not s or len(s) > 160 or s[-1] in ".!?\"”,;:" or len(s.split()) < 3:
        return False
    if s.split()[-1].lower() in _SMALL_WORDS:
        return False
    return following is None or not following.strip() or following.lstrip()[:1].isupper() \
        or following.lstrip()[:1].isdigit()


def match_dateline(line: str, pos: int = 0) -> re.Match | None:
    """The dateline opening `line` at `pos`, or None; its group "up", "tc" or "multi" is the place
    ("when" alone: a wire dateline that names no place, "Feb 7 (AFP) -")."""
    return _DATELINE.match(line, pos)


def find_dateline(text: str) -> tuple[int, re.Match] | None:
    """The story's dateline: (the offset of its line in `text`, its match within that line), or None."""
    limit = min(len(text), _MAX_HEAD)
    for n, (s, e) in enumerate(_lines(text, limit)):
        if n > _MAX_HEAD_LINES:
            break
        line = text[s:e]
        lead = len(line) - len(line.lstrip(_LEAD))
        m = match_dateline(line, lead)
        if m:
            return s, m
    return None


def dateline(text: str) -> tuple[int, int] | None:
    """The character span of the place a story's dateline names ("KABUL, Afghanistan"), or None."""
    found = find_dateline(text)
    if found is None:
        return None
    s, m = found
    g = next((k for k in ("up", "tc", "multi") if m.group(k)), None)
    return (s + m.start(g), s + m.end(g)) if g else None


def _lines(text: str, limit: int) -> list[tuple[int, int]]:
    out = []
    for m in _LINE.finditer(text, 0, limit):
        if m.start() == m.end() and out and out[-1][1] == m.start():
            continue  # finditer's empty match right after a line
        out.append((m.start(), m.end()))
    return out


def head(text: str) -> tuple[int, list[int]]:
    """(where the body starts, the offsets at which each head line and the body start).
    (0, []) when the story has no head: it starts with its lead."""
    limit = min(len(text), _MAX_HEAD)
    starts: list[int] = []
    body = 0
    lines = _lines(text, limit)
    for n, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip(_LEAD))
        m = match_dateline(line, lead)
        if m:
            starts.append(s + lead)
            body = s + m.end()
            break
        following = text[lines[n + 1][0]:lines[n + 1][1]] if n + 1 < len(lines) else None
        if n >= _MAX_HEAD_LINES or e >= limit or not (_title_like(line) or _headline(line, following)):
            break
        starts.append(s + lead)
        body = e
    else:
        return 0, []
    if body == 0:
        return 0, []
    while body < len(text) and text[body].isspace():
        body += 1
    if body >= len(text):
        return 0, []  # nothing but a head: the headline is the story
    return body, [*starts, body]

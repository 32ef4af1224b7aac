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
# "KABUL, Afghanistan (Nov. 20, 2011) –", "MOGADISHU (Reuters) -", "URUZGAN, Afghanistan (July 29, 2011) –"
_PLACE = r"[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][A-Za-z .'-]+)?\s*"
_SEP = r"(?:[—–:]|-{1,2}\s)"
# the parentheses of a dateline hold a date, or an outlet followed by a dash: "NATO (North Atlantic
# Treaty Organization) forces" opens a sentence, not a dateline
_DATELINE = re.compile(rf"{_PLACE}(?:\([^()\n]*\d[^()\n]*\)\s*{_SEP}?|\([^()\n]{{1,40}}\)\s*{_SEP}|[—–])\s*")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with",
                "over", "after", "amid", "against", "during", "near", "vs"}
_MAX_HEAD = 600
_MAX_HEAD_LINES = 8


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
    for n, (s, e) in enumerate(_lines(text, limit)):
        line = text[s:e]
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        m = _DATELINE.match(line, lead)
        if m:
            starts.append(s + lead)
            body = s + m.end()
            break
        if n >= _MAX_HEAD_LINES or e >= limit or not _title_like(line):
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

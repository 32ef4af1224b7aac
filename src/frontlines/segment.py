"""Parse units: an article's text cut into sentence-like pieces of bounded length before spaCy
parses it.

The stages after the parser look at whole sentences for every trigger and reporting verb, so
their cost grows with the square of a sentence's length: one 200 KB "sentence" (a table flattened
into one line, a list of names without a full stop) takes minutes. Cutting at sentence ends and
line breaks, and hard-cutting any stretch longer than the cap, bounds every sentence, so cost
grows linearly with the length of the text.

Nothing is rewritten: units are `[start, end)` offsets into the original text, they cover it
exactly, and only the hard cuts are imposed on the parse (as sentence starts), so a text whose
sentences all fit under the cap is parsed exactly as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

_ENDS = ".!?…"
# A natural boundary: a run of sentence-final marks (with any closing quotes and brackets) followed by
# whitespace, or a run of line breaks. The lookbehind and possessive quantifiers keep the scan linear
# on hostile runs of dots or quotes (no retry from every position inside the run).
_BOUNDARY = re.compile(rf"(?<![{_ENDS}])[{_ENDS}]++[\"'”’)\]]*+\s++|[\n\r\u2028\u2029\x0b\x0c\x85]++")
_SOFT_CUTS = (" ", "\t", "\u00a0", ",", ";")


@dataclass(frozen=True)
class Segmentation:
    units: list[Span]  # cover the text exactly, in order, none longer than the cap
    forced: list[int]  # starts of units that follow a hard cut (no natural boundary within the cap)


def segment(text: str, max_chars: int) -> Segmentation:
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    units: list[Span] = []
    forced: list[int] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        _add(text, start, m.end(), max_chars, units, forced)
        start = m.end()
    if start < len(text):
        _add(text, start, len(text), max_chars, units, forced)
    return Segmentation(units, forced)


def chunk_cuts(text: str, max_chars: int) -> list[int]:
    """Offsets that cut every run of non-space characters longer than `max_chars` into pieces of
    that length: spaCy's tokenizer peels prefixes and suffixes off such a run one at a time, in
    time quadratic in its length (50,000 quotes take minutes; pieces of 200 take milliseconds)."""
    cuts: list[int] = []
    for m in re.finditer(rf"\S{{{max_chars + 1},}}", text):
        cuts.extend(range(m.start() + max_chars, m.end(), max_chars))
    return cuts


def _add(text: str, start: int, end: int, cap: int, units: list[Span], forced: list[int]) -> None:
    while end - start > cap:
        cut = _cut(text, start, start + cap)
        units.append((start, cut))
        forced.append(cut)
        start = cut
    units.append((start, end))


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut a stretch with no natural boundary before `limit`: after the last space or
    comma in its second half, else at the limit itself (a run of characters with no space)."""
    floor = start + (limit - start) // 2
    best = max(text.rfind(ch, floor, limit) for ch in _SOFT_CUTS)
    return best + 1 if best >= floor else limit

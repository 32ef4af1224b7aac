"""The publication date and outlet a story states itself, for records whose metadata has none.

Press releases, pasted wire copy and notes often come without metadata but say when and by whom
they were filed: the dateline ("KABUL, Afghanistan (Jan. 25, 2013) -", "MOGADISHU, March 12
(Reuters) -", "Feb 7 (AFP) -"), or the release header above it ("ISAF Joint Command Morning
Operational Update, Feb. 8, 2011", a release number "2011-11-S-034" that gives the year of a
dateline without one). The dateline is found by `layout.find_dateline`, the one dateline matcher.
Metadata always wins; `Article.published_source` says where the date came from.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import layout
from ..model import Article
from .dates import parse_published
from .guards import IngestError

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# "Jan. 25, 2013", "March 12", "22 March 2025", "25 January, 2013"
_DAY = re.compile(rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+"
                  rf"(?P<m2>{_MONTH}))(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")
_ISO_DAY = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
# release numbers that carry the year (and month): "2011-11-S-034", "2010-04-CA-067"
_RELEASE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-[A-Z]{1,3}[-–]\d+\b")
# a release headed "Dec. 6: ..." (its year from the release number)
_TITLE_DAY = re.compile(rf"^\s*(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}):")


def _written(m: re.Match, year: str | None) -> str | None:
    """ISO date of a matched day, with `year` when it names none; None when no year is known."""
    month, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
    y = m.groupdict().get("y") or year
    if not y:
        return None
    try:
        return parse_published(f"{day} {month.rstrip('.')} {y}")
    except IngestError:
        return None


def _outlet(m: re.Match) -> str | None:
    """The outlet a dateline names: "(Reuters)", "| Xinhua |", "/TASS/"; never a date or a place."""
    found = re.search(r"\(([^()\d\n]{2,30})\)|\|\s*([^|\n]{2,40}?)\s*\||/([A-Za-z ]{2,20})/", m.group(0))
    if not found:
        return None
    name = next(g for g in found.groups() if g).strip()
    from ..outlets import outlet as known

    if (hit := known(name)) is not None:
        return hit.name  # "(dpa)"
    if len(name.split()) > 4 or not name[:1].isupper():
        return None
    from ..lexicons import countries

    if name.casefold() in {c.name.casefold() for c in countries().values()}:
        return None  # "MOGADISHU (Somalia) -" names a country, not an outlet
    return name


def _head_lines(text: str) -> list[str]:
    body, starts = layout.head(text)
    return [text[s:e] for s, e in zip(starts, starts[1:])] if body else []


def stated(text: str) -> tuple[str | None, str | None, str | None]:
    """(ISO publication date, "dateline" | "header" | None, outlet) as the story's head states them."""
    lines = _head_lines(text)
    head = "\n".join(lines)
    release = _RELEASE.search(head)
    year = release.group(1) if release else None
    full = [d for d in (_written(m, None) for ln in lines for m in _DAY.finditer(ln)) if d]
    found = layout.find_dateline(text)
    outlet = date = None
    if found is not None:
        _, m = found
        outlet = _outlet(m)
        day = _DAY.search(m.group(0))
        if day:
            # a dateline without its year takes the release number's, else a header's full date's
            date = _written(day, year or (full[0][:4] if full else None))
            if date:
                return date, "dateline", outlet
    for ln in lines:
        iso = _ISO_DAY.search(ln)
        if iso and not _RELEASE.search(ln):
            try:
                return parse_published(iso.group(0)), "header", outlet
            except IngestError:
                pass
    if full:
        return full[0], "header", outlet
    title = _TITLE_DAY.match(head) or (_TITLE_DAY.match(text) if not lines else None)
    if title and year and (date := _written(title, year)):
        return date, "header", outlet
    return None, None, outlet


def dated(article: Article) -> Article:
    """The article with its publication date (and outlet) from its text where the metadata gives
    none, and `published_source` set: metadata | dateline | header | none. Idempotent."""
    if article.published_source is not None:
        return article
    if article.published and article.outlet:
        return replace(article, published_source="metadata")
    date, source, outlet = stated(article.text)
    if article.published:
        date, source = article.published, "metadata"
    return replace(article, published=date, published_source=source or "none",
                   outlet=article.outlet or outlet)

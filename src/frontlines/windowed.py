"""Long articles in windows: a text longer than `Settings.whole_chars` is cut, at parse-unit
boundaries, into windows of at most `Settings.window_chars` that are extracted one by one, and
their reports are joined into the article's report.

Several stages look across the whole document for each trigger, place or speaker, so their cost
grows with the square of a document's length; windows of bounded length make it linear. Each
window's spans are shifted by the window's offset, so every span points into the article's own
text; places, actors and sources named in several windows become one, and ids are renumbered.
A text that fits in one window is extracted whole, exactly as without windows.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from .model import Article, Place, Report, Source
from .segment import segment

Span = tuple[int, int]


def windows(text: str, max_chars: int, unit_chars: int) -> list[Span]:
    """Consecutive `[start, end)` windows covering the text, none longer than `max_chars`, cut at
    parse-unit boundaries, preferably at a line break in the second half of a window."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    if max_chars < 2 * unit_chars:
        raise ValueError("a window must hold at least two parse units")
    out: list[Span] = []
    start = end = 0
    last_break = -1
    for u_start, u_end in segment(text, unit_chars).units:
        if u_end - start > max_chars and end > start:
            cut = last_break if last_break > start + max_chars // 2 else end
            out.append((start, cut))
            start = cut
        end = u_end
        if text[u_end - 1] in "\n\r\u2028\u2029":
            last_break = u_end
    out.append((start, len(text)))
    return out


def parts(article: Article, whole_chars: int, max_chars: int, unit_chars: int) -> list[tuple[int, Article]]:
    """(offset, article of one window) for each window of at most `max_chars`; the article itself
    when its text is at most `whole_chars` long."""
    if len(article.text) <= whole_chars:
        return [(0, article)]
    spans = windows(article.text, max_chars, unit_chars)
    if len(spans) == 1:
        return [(0, article)]
    return [(s, dataclasses.replace(article, text=article.text[s:e])) for s, e in spans]


def _gather(items: list, kept: dict[object, Any], out: list, prefix: str, off: int,
            key: Callable[[Any], object]) -> dict[str, str]:
    """Merge one window's places or sources into the whole report's, one per key, renumbered
    (`prefix` + n) with their spans shifted by `off`; returns the window's id -> the kept id."""
    ids: dict[str, str] = {}
    for item in items:
        k = key(item)
        whole = kept.get(k)
        if whole is None:
            whole = kept[k] = dataclasses.replace(item, id=f"{prefix}{len(kept) + 1}", spans=[])
            out.append(whole)
        whole.spans.extend((a + off, b + off) for a, b in item.spans)
        ids[item.id] = whole.id
    return ids


def join(article: Article, reports: list[tuple[int, Report]]) -> Report:
    """One report of the whole article from its windows' reports (offset, report)."""
    if len(reports) == 1 and reports[0][0] == 0:
        return reports[0][1]
    out = Report(article=article)
    place_keys: dict[object, Place] = {}
    source_keys: dict[object, Source] = {}
    actors: dict[str, object] = {}
    n_events = 0
    for off, r in reports:
        def sh(span: Span) -> Span:
            return (span[0] + off, span[1] + off)

        place_id = _gather(r.places, place_keys, out.places, "p", off,
                           lambda p: p.geonameid if p.resolved and p.geonameid is not None
                           else ("unresolved", p.mention.lower(), p.kind))
        source_id = _gather(r.sources, source_keys, out.sources, "s", off,
                            lambda s: (s.name, s.role, s.affiliation, s.kind))
        for a in r.actors:
            kept_a = actors.get(a.id)
            if kept_a is None:
                kept_a = actors[a.id] = dataclasses.replace(a, spans=[])
                out.actors.append(kept_a)
            kept_a.spans.extend(sh(x) for x in a.spans)
        event_id: dict[str, str] = {}
        for e in r.events:
            n_events += 1
            event_id[e.id] = f"e{n_events}"
            out.events.append(dataclasses.replace(
                e, id=event_id[e.id], place=place_id.get(e.place, e.place),
                claims=[dataclasses.replace(c, source=source_id.get(c.source, c.source), span=sh(c.span))
                        for c in e.claims],
                evidence=[sh(x) for x in e.evidence],
                fatalities_reported=[dict(t, source=source_id.get(t.get("source"), t.get("source")))
                                     for t in e.fatalities_reported]))
        out.contradictions.extend(dataclasses.replace(
            c, event=event_id.get(c.event, c.event), asserted_by=[source_id.get(x, x) for x in c.asserted_by],
            denied_by=[source_id.get(x, x) for x in c.denied_by], span=sh(c.span)) for c in r.contradictions)
        out.control.extend(dataclasses.replace(
            c, place=place_id.get(c.place, c.place), supporting=[source_id.get(x, x) for x in c.supporting],
            disputing=[source_id.get(x, x) for x in c.disputing]) for c in r.control)
        out.non_events.extend(dataclasses.replace(n, evidence=[sh(x) for x in n.evidence]) for n in r.non_events)
    # one control state per place, as for an article read whole: the latest window's says where it stands
    latest = {c.place: c for c in out.control}
    out.control = [c for c in out.control if latest[c.place] is c]
    return out

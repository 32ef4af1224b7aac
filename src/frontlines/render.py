"""Views for people. On a terminal (or with `--width N`): rich tables at that width. Piped or written
to a file: a compact layout, one line per event or state, fields joined by " | ", so `grep`, `sort`
and `less` work and nothing wraps mid-date. Evidence sentences show their trigger in brackets (plain)
(bold too on a terminal) with the event's confidence."""
from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Report
from .safe_text import SafeConsole, clean
from .trigger_mark import find_trigger, marked

_STANCE_STYLE = {"asserted": "green", "denied": "bold red", "unverified": "yellow"}
_STATUS_STYLE = {"held": "green", "contested": "bold red", "claimed": "yellow"}
SEP = " | "
# ids and dates keep their full width; the other columns share what is left, by weight
_FIXED = {"id": 13, "date": 10, "killed": 6}
_WEIGHT = {"type": 3, "actors": 3, "place": 3, "sources": 2, "flags": 1, "evidence": 8}


def _column_widths(total: int, cols: list[str]) -> dict[str, int]:
    free = total - (len(cols) + 1) - 2 * len(cols) - sum(_FIXED.get(c, 0) for c in cols)
    weights = sum(_WEIGHT.get(c, 0) for c in cols) or 1
    return {c: _FIXED[c] if c in _FIXED else max(6, free * _WEIGHT.get(c, 1) // weights) for c in cols}


def make_console(width: int | None = None) -> Console:
    """A console on which stored text is data: no markup, emoji codes or control codes act."""
    return SafeConsole(width=width) if width else SafeConsole()


def is_compact(console: Console, width: int | None) -> bool:
    """Compact when nobody asked for a width and the output is not a terminal."""
    return width is None and not console.is_terminal


def _plain(console: Console, line: str) -> None:
    """A line as it is: no markup, no wrapping, whatever the stored text holds."""
    console.file.write(clean(line) + "\n")


def _where(place: dict[str, Any] | None) -> str:
    p = place or {}
    if not p:
        return "unknown place"
    if not p.get("resolved"):
        return f"{p.get('mention') or '?'} (unresolved)"
    extra = ", ".join(x for x in (p.get("country"), p.get("admin1") if p.get("kind") != "province" else None) if x)
    return f"{p.get('name') or p.get('mention')} ({extra or '?'})"


def _actors(e: dict[str, Any]) -> str:
    return (e.get("actor1") or "?") + (f" vs {e['actor2']}" if e.get("actor2") else "")


def _flags(e: dict[str, Any]) -> list[str]:
    flags = []
    if e.get("contradicted"):
        flags.append("contradicted")
    if e.get("time_status") not in (None, "current"):
        flags.append(str(e["time_status"]))
    if e.get("reviewed"):
        flags.append(str(e["review"]["status"]))
    return flags


def _conf(e: dict[str, Any]) -> str:
    return "" if e.get("confidence") is None else f"conf {e['confidence']:.2f}"


def _first_sentence(e: dict[str, Any]) -> str | None:
    for ev in e.get("evidence") or []:
        if isinstance(ev, dict) and ev.get("sentence"):
            return ev["sentence"]
    return None


def event_line(e: dict[str, Any], evidence: bool = False) -> str:
    """One event on one line (the compact layout)."""
    killed = "" if e.get("fatalities") is None else f"killed {e['fatalities']}"
    sources = f"{e.get('corroboration', 1)} source(s): {', '.join(e.get('outlets') or []) or '?'}"
    parts = [e["id"], e.get("date") or "date unknown", e.get("sub_event_type") or "?", _actors(e), _where(e.get("place")),
             killed, sources, " ".join(_flags(e)), _conf(e)]
    if evidence:
        sentence = _first_sentence(e)
        parts.append(f'"{marked(sentence, e.get("sub_event_type"))}"' if sentence else "no evidence sentence stored")
    return SEP.join(p for p in parts if p)


def _sentence_text(sentence: str, sub_event_type: str | None) -> Text:
    """The sentence with its trigger in brackets (seen in a file too) and bold on a terminal."""
    span = find_trigger(sentence, sub_event_type)
    if span is None:
        return Text(sentence)
    a, b = span
    t = Text(f"{sentence[:a]}[{sentence[a:b]}]{sentence[b:]}")
    t.stylize("bold", a, b + 2)
    return t


def print_events(rows: list[dict], console: Console | None = None, *, compact: bool = False,
                 evidence: bool = False) -> None:
    console = console or make_console()
    if compact:
        for e in rows:
            _plain(console, event_line(e, evidence))
        _plain(console, f"# {len(rows)} event(s)")
        return
    t = Table()
    cols = ["id", "date", "type", "actors", "place", "killed", "sources", "flags"] + (["evidence"] if evidence else [])
    for col, w in _column_widths(console.width, cols).items():
        t.add_column(col, overflow="fold", width=w)
    for e in rows:
        cells: list[Any] = [e["id"], e.get("date") or "?", e.get("sub_event_type") or "?", _actors(e),
                            _where(e.get("place")), "" if e.get("fatalities") is None else str(e["fatalities"]),
                            f"{e.get('corroboration', 1)}: {', '.join(e.get('outlets') or [])}",
                            Text(" ".join(_flags(e)), style="magenta")]
        if evidence:
            sentence = _first_sentence(e)
            cell = _sentence_text(sentence, e.get("sub_event_type")) if sentence else Text("-")
            cell.append(f"\n{_conf(e)}", style="dim")
            cells.append(cell)
        t.add_row(*cells)
    console.print(t)
    console.print(f"{len(rows)} event(s)")


def contract_events(report: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """A report's events (the JSON contract) in the shape of stored events, for the same views and
    exports; `text` is the article's, for the evidence sentences."""
    a = report["article"]
    places = {p["id"]: p for p in report.get("places") or []}
    contradicted = {c["event"] for c in report.get("contradictions") or []}
    sources = {s["id"]: s for s in report.get("sources") or []}
    out = []
    for e in report.get("events") or []:
        claims = [dict(c, article=a["id"], outlet=a.get("outlet"), published=a.get("published"),
                       source_name=(sources.get(c["source"]) or {}).get("name")) for c in e.get("claims") or []]
        out.append(dict(e, place=places.get(e.get("place") or ""), corroboration=1,
                        outlets=[a["outlet"]] if a.get("outlet") else [], contradicted=e["id"] in contradicted,
                        claims=claims, members=[{"article": a["id"], "event": e["id"]}],
                        evidence=[{"article": a["id"], "span": list(s), "sentence": text[s[0]:s[1]].strip(),
                                   "confidence": e.get("confidence")} for s in e.get("evidence") or []]))
    return out


def article_lines(report: dict[str, Any], text: str) -> list[list[str]]:
    """A stored report's places, sources, non-events and control states, one list of fields each."""
    places = {p["id"]: p for p in report.get("places") or []}
    lines = []
    for p in places.values():
        where = _where(p) if p.get("resolved") else "unresolved"
        lines.append(["place", p.get("mention") or "?", where, p.get("kind") or "?"])
    for src in report.get("sources") or []:
        lines.append(["source", src["name"], src.get("role") or "-", src.get("kind") or "-"])
    for n in report.get("non_events") or []:
        sentence = " ".join(text[n["evidence"][0][0]:n["evidence"][0][1]].split()) if n.get("evidence") else ""
        lines.append(["non-event", n["kind"], f"conf {n['confidence']:.2f}", f'"{sentence}"'])
    for c in report.get("control") or []:
        p = places.get(c["place"]) or {}
        lines.append(["control", p.get("name") or p.get("mention") or c["place"], c.get("date") or "date unknown",
                      c["holder"], c["status"]])
    return lines


def print_article(article: dict[str, Any], report: dict[str, Any], rows: list[dict[str, Any]],
                  console: Console | None = None, *, compact: bool = False) -> None:
    """One stored article: what it is, its events with their sentences, then its places, sources,
    non-events and control states."""
    console = console or make_console()
    head = SEP.join(x for x in (f"article {article.get('id')}", article.get("outlet") or "outlet unknown",
                                article.get("published") or "date unknown", article.get("title") or "",
                                article.get("url") or "") if x)
    if compact:
        _plain(console, f"# {head}")
    else:
        console.rule(Text(head, style="bold"))
    print_events(rows, console, compact=compact, evidence=True)
    for line in article_lines(report, article.get("text") or ""):
        if compact:
            _plain(console, SEP.join(line))
        else:
            console.print(Text(f"{line[0]}: ", style="bold") + Text(SEP.join(line[1:])))


def print_report(report: Report, console: Console | None = None, *, compact: bool = False,
                 evidence: bool = False) -> None:
    console = console or make_console()
    a = report.article
    if compact:
        _plain(console, f"# article {a.id}{SEP}{a.outlet or 'outlet unknown'}{SEP}{a.published or 'date unknown'}"
                        f"{SEP}{len(report.events)} event(s)")
        for e in contract_events(report.to_dict(), a.text):
            _plain(console, event_line(e, evidence))
        for c, asserted, denied in _contradictions(report):
            _plain(console, SEP.join(["contradiction", c.event, f"asserted by {asserted}", f"denied by {denied}"]))
        for line in _control_lines(report):
            _plain(console, SEP.join(["control", *line]))
        return
    console.rule(Text(f"{a.id}  {a.outlet or ''}  {a.published or 'date unknown'}", style="bold"))
    places = {p.id: p for p in report.places}
    sources = {s.id: s for s in report.sources}
    contradicted = {c.event for c in report.contradictions}
    if not report.events:
        console.print(Text("no political-violence events found", style="dim"))
    else:
        t = Table(show_lines=False, expand=True)
        for col in ("id", "type", "actors", "place", "date", "numbers", "sources and stance") + (("evidence",) if evidence else ()):
            t.add_column(col, overflow="fold", min_width=10 if col == "date" else None)
        for e in report.events:
            p = places.get(e.place or "")
            where = "unknown"
            if p is not None:
                where = f"{p.name or p.mention} ({p.kind}, {p.country or '?'}{', ' + p.admin1 if p.admin1 else ''})"
                if not p.resolved:
                    where = f"{p.mention} (unresolved)"
            if e.facility:
                where += f"\n@ {e.facility}"
            actors = f"{e.actor1 or '?'}" + (f"\nvs {e.actor2}" if e.actor2 else "")
            when = f"{e.date or '?'} (p{e.time_precision})" if e.date else "?"
            if e.time_status != "current":
                when += f"\n{e.time_status}"
            nums = []
            if e.fatalities is not None:
                nums.append(f"killed {e.fatalities}")
            nums += [f"{k} {v}" for k, v in e.quantities.items()]
            if e.extent:
                nums.append(f"extent {e.extent}")
            claims = Text()
            for c in e.claims:
                src = sources.get(c.source or "")
                label = src.name if src else "article"
                if src and src.role and src.role not in label:
                    label += f", {src.role}"
                claims.append(f"{label}: ", style="bold")
                claims.append(f"{c.stance}\n", style=_STANCE_STYLE.get(c.stance, ""))
            kind = Text(f"{e.sub_event_type}\n")
            kind.append(str(e.event_type), style="dim")
            if e.id in contradicted:
                kind.append("\nCONTRADICTED", style="bold red")
            cells: list[Any] = [e.id, kind, actors, where, when, "\n".join(nums), claims]
            if evidence:
                cell = Text()
                for s, t_ in e.evidence[:1]:
                    cell = _sentence_text(a.text[s:t_].strip(), e.sub_event_type)
                cell.append(f"\nconf {e.confidence:.2f}", style="dim")
                cells.append(cell)
            t.add_row(*cells)
        console.print(t)
    for c, asserted, denied in _contradictions(report):
        console.print(Text(f"contradiction on {c.event}: asserted by {asserted}; denied by {denied}", style="red"))
    for where, on, holder, status in _control_lines(report):
        console.print(Text(f"control {where} on {on}: {holder} {status}"))


def _contradictions(report: Report) -> list[tuple[Any, str, str]]:
    sources = {s.id: s.name for s in report.sources}
    return [(c, ", ".join(sources.get(i, i) for i in c.asserted_by), ", ".join(sources.get(i, i) for i in c.denied_by))
            for c in report.contradictions]


def _control_lines(report: Report) -> list[tuple[str, str, str, str]]:
    places = {p.id: p for p in report.places}
    out = []
    for s in report.control:
        p = places.get(s.place)
        out.append(((p.name or p.mention) if p else s.place, s.date or "date unknown", s.holder, s.status))
    return out


def _quote(texts: dict[str, str], article: str, span: list[int]) -> str | None:
    text = texts.get(article)
    return None if text is None else " ".join(text[span[0]:span[1]].split())


def _contradiction_lines(e: dict) -> list[tuple[str, str, str, str]]:
    """A merged event's contradictions as (kind, one side, the other, where it was read)."""
    out = []
    for c in e.get("contradictions") or []:
        if c["kind"] == "toll":
            one, other = f'lowest toll from {", ".join(c["asserted_by"])}', f'others from {", ".join(c["denied_by"])}'
        else:
            one, other = f'asserted by {", ".join(c["asserted_by"])}', f'denied by {", ".join(c["denied_by"])}'
        out.append((c["kind"], one, other, f'{c["article"]} [{c["span"][0]}:{c["span"][1]}]'))
    return out


def print_event(e: dict, console: Console | None = None, *, texts: dict[str, str] | None = None,
                compact: bool = False) -> None:
    """One merged event: its note, every member report and why it merged, every claim with the
    sentence it was read from, and the evidence sentences with their trigger."""
    from .export import note

    console = console or make_console()
    texts = texts or {}
    if compact:
        _plain(console, f"# event {e['id']}{SEP}{e.get('sub_event_type')}{SEP}{_conf(e)}")
        _plain(console, note(e))
        for m in e.get("members", []):
            _plain(console, SEP.join(["member", m["article"], m.get("outlet") or "?", m.get("published") or "?",
                                      m["reason"], f'report {m["article"]}/{m["event"]}']))
        for cl in e.get("claims", []):
            q = _quote(texts, cl["article"], cl["span"])
            _plain(console, SEP.join(["claim", cl.get("source_name") or "the outlet", cl.get("source_role") or "-",
                                      cl["stance"], cl.get("outlet") or "?", f"{cl['article']} [{cl['span'][0]}:{cl['span'][1]}]",
                                      f'"{q}"' if q is not None else "(article not stored)"]))
        for line in _contradiction_lines(e):
            _plain(console, SEP.join(["contradiction", *line]))
        for ev in e.get("evidence") or []:
            if ev.get("sentence"):
                _plain(console, SEP.join(["evidence", ev["article"], f"conf {ev.get('confidence') or 0:.2f}",
                                          f'"{marked(ev["sentence"], e.get("sub_event_type"))}"']))
        for line in review_lines(e):
            _plain(console, SEP.join(["review", *line]))
        return
    console.rule(Text(f"{e['id']}  {e.get('sub_event_type')}  {_conf(e)}", style="bold"))
    console.print(Text(note(e)))
    t = Table(title="member reports and why they merged", expand=True)
    for col in ("report (article/event)", "outlet", "published", "wire group", "reason"):
        t.add_column(col, overflow="fold")
    for m in e.get("members", []):
        t.add_row(f'{m["article"]}/{m["event"]}', m.get("outlet") or "", m.get("published") or "",
                  m.get("wire_group") or "", m["reason"])
    console.print(t)
    c = Table(title="claims", expand=True)
    for col in ("source", "stance", "outlet, article", "quoted sentence"):
        c.add_column(col, overflow="fold", ratio=3 if col == "quoted sentence" else 1)
    for cl in e.get("claims", []):
        q = _quote(texts, cl["article"], cl["span"])
        who = cl.get("source_name") or "the outlet"
        if cl.get("source_role") and cl["source_role"].casefold() not in who.casefold():
            who += f" ({cl['source_role']})"
        c.add_row(who, Text(cl["stance"], style=_STANCE_STYLE.get(cl["stance"], "")),
                  f"{cl.get('outlet') or '?'}, {cl['article']} [{cl['span'][0]}:{cl['span'][1]}]",
                  Text(f"“{q}”") if q is not None else Text("(article not stored)", style="dim"))
    console.print(c)
    for kind, one, other, at in _contradiction_lines(e):
        console.print(Text(f"contradiction ({kind}): {one}; {other} [{at}]", style="bold red"))
    for ev in e.get("evidence") or []:
        if ev.get("sentence"):
            line = Text(f"evidence ({ev['article']}, conf {ev.get('confidence') or 0:.2f}): ", style="dim")
            line.append(_sentence_text(ev["sentence"], e.get("sub_event_type")))
            console.print(line)
    if e.get("reviewed"):
        r = Table(title=f"review: {e['review']['status']}", expand=True)
        for col in ("#", "action", "what", "who", "when", "why"):
            r.add_column(col, overflow="fold")
        for line in review_lines(e):
            r.add_row(*line)
        console.print(r)


def review_lines(e: dict) -> list[list[str]]:
    """The review log entries behind an event: seq, action, what, who, when, why."""
    out = []
    for c in (e.get("review") or {}).get("log", []):
        what = {"set": f"{c.get('field')} = {c.get('value')}", "merge": f"merged {c.get('target')} in",
                "split": f"split {c.get('target')} out"}.get(c["action"], "")
        if c["action"] == "set" and c.get("field") in e["review"].get("original", {}):
            was = e['review']['original'][c['field']]
            what += f" (was {'unknown' if was is None else was})"
        out.append([str(c["seq"]), c["action"], what, c["who"], c["at"], c.get("why") or ""])
    return out


def state_line(s: dict[str, Any]) -> str:
    p = s["place"]
    first = (s.get("first_evidence") or {})
    cite = f"first: {first.get('source') or '?'} ({first.get('outlet') or '?'}, {first.get('article')} " \
           f"[{first['span'][0]}:{first['span'][1]}])" if first.get("span") else ""
    return SEP.join(x for x in [f'{p["name"]} ({p["kind"]}, {p["country"]})', s["holder"], s["status"],
                                f'{s["start"] or "?"} to {s["end"] or "now"}', f'{len(s["evidence"])} claim(s)', cite] if x)


def print_states(states: list[dict], title: str, console: Console | None = None, *, compact: bool = False) -> None:
    console = console or make_console()
    if compact:
        _plain(console, f"# {title}: {len(states)} state(s)")
        for s in states:
            _plain(console, state_line(s))
        return
    t = Table(title=title, expand=True)
    for col in ("place", "holder", "status", "from", "until", "evidence"):
        t.add_column(col, overflow="fold", min_width=10 if col in ("from", "until") else None)
    for s in states:
        p = s["place"]
        ev = Text()
        for e in s["evidence"][:4]:
            ev.append(f'{e["source"] or "?"} ', style="bold")
            ev.append(f'{e["stance"]}', style=_STANCE_STYLE.get(e["stance"], ""))
            ev.append(f' ({e["outlet"] or "?"}, {e["article"]} [{e["span"][0]}:{e["span"][1]}])\n')
        if len(s["evidence"]) > 4:
            ev.append(f'... {len(s["evidence"]) - 4} more claims')
        t.add_row(f'{p["name"]} ({p["kind"]}, {p["country"]})', s["holder"],
                  Text(s["status"], style=_STATUS_STYLE.get(s["status"], "")), s["start"] or "?", s["end"] or "now", ev)
    console.print(t)


def summary_counts(rows: list[dict[str, Any]], top: int = 15) -> dict[str, list[tuple[str, int]]]:
    """Counts by event type, sub-event type, country, actor (either side) and ISO week."""
    import datetime as dt

    def week(d: str | None) -> str:
        if not d or len(d) != 10:
            return "date unknown" if not d else f"{d} (imprecise)"
        y, w, _ = dt.date.fromisoformat(d).isocalendar()
        return f"{y}-W{w:02d}"

    by: dict[str, Counter] = {k: Counter() for k in ("event type", "sub-event type", "country", "actor", "week")}
    for e in rows:
        by["event type"][e.get("event_type") or "?"] += 1
        by["sub-event type"][e.get("sub_event_type") or "?"] += 1
        by["country"][(e.get("place") or {}).get("country") or "unknown"] += 1
        for a in {e.get("actor1"), e.get("actor2")} - {None, ""}:
            by["actor"][a] += 1
        by["week"][week(e.get("date"))] += 1
    out = {k: c.most_common(top) for k, c in by.items() if k != "week"}
    out["week"] = sorted(by["week"].items())
    return out


def print_summary(counts: dict[str, list[tuple[str, int]]], total: int, console: Console | None = None, *,
                  compact: bool = False) -> None:
    console = console or make_console()
    if compact:
        _plain(console, f"# {total} event(s)")
        for k, items in counts.items():
            for name, n in items:
                _plain(console, SEP.join([k, name, str(n)]))
        return
    console.print(f"{total} event(s)")
    for k, items in counts.items():
        t = Table(title=f"by {k}", expand=False)
        t.add_column(k, overflow="fold")
        t.add_column("events", justify="right")
        t.add_column("", overflow="crop")
        most = max((n for _, n in items), default=1)
        for name, n in items:
            t.add_row(name, str(n), "█" * max(1, round(20 * n / most)))
        console.print(t)

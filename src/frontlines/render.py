"""Human-readable tables (rich) for reports: events with their sources and stance,
contradictions in red, and the control picture."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Report
from .safe_text import escaped

_STANCE_STYLE = {"asserted": "green", "denied": "bold red", "unverified": "yellow"}


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console(emoji=False)  # ":warning:" in a stored name stays text
    report = escaped(report)  # stored text is shown, never read as markup or control codes
    a = report.article
    console.rule(f"[bold]{a.id}[/]  {a.outlet or ''}  {a.published or 'date unknown'}")
    places = {p.id: p for p in report.places}
    sources = {s.id: s for s in report.sources}
    contradicted = {c.event for c in report.contradictions}
    if not report.events:
        console.print("[dim]no political-violence events found[/]")
    else:
        t = Table(show_lines=False, expand=True)
        for col in ("id", "type", "actors", "place", "date", "numbers", "sources and stance"):
            t.add_column(col, overflow="fold")
        for e in report.events:
            p = places.get(e.place or "")
            where = "unknown"
            if p is not None:
                where = f"{p.name or p.mention} ({p.kind}, {p.country or '?'}{', ' + p.admin1 if p.admin1 else ''})"
                if not p.resolved:
                    where = f"[italic]{p.mention}[/] (unresolved)"
            if e.facility:
                where += f"\n@ {e.facility}"
            actors = f"{e.actor1 or '?'}" + (f"\nvs {e.actor2}" if e.actor2 else "")
            when = f"{e.date or '?'} (p{e.time_precision})" if e.date else "?"
            if e.time_status != "current":
                when += f"\n[magenta]{e.time_status}[/]"
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
                claims.append(Text.from_markup(f"{label}: ", style="bold"))
                claims.append(f"{c.stance}\n", style=_STANCE_STYLE.get(c.stance, ""))
            kind = f"{e.sub_event_type}\n[dim]{e.event_type}[/]"
            if e.id in contradicted:
                kind += "\n[bold red]CONTRADICTED[/]"
            t.add_row(e.id, kind, actors, where, when, "\n".join(nums), claims)
        console.print(t)
    for c in report.contradictions:
        names = lambda ids: ", ".join(sources[i].name if i in sources else i for i in ids)  # noqa: E731
        console.print(f"[bold red]contradiction[/] on {c.event}: asserted by {names(c.asserted_by)}; "
                      f"denied by {names(c.denied_by)}")
    for s in report.control:
        p = places.get(s.place)
        console.print(f"[bold]control[/] {(p.name or p.mention) if p else s.place} on {s.date}: {s.holder} "
                      f"[{'red' if s.status == 'contested' else 'green'}]{s.status}[/]")


def print_events(rows: list[dict], console: Console | None = None) -> None:
    console = console or Console(emoji=False)  # ":warning:" in a stored name stays text
    rows = escaped(rows)
    t = Table(expand=True)
    for col in ("id", "date", "type", "actors", "place", "killed", "sources", "flags"):
        t.add_column(col, overflow="fold")
    for e in rows:
        place = e.get("place") or {}
        flags = []
        if e.get("contradicted"):
            flags.append("[bold red]contradicted[/]")
        if e.get("time_status") != "current":
            flags.append(f"[magenta]{e.get('time_status')}[/]")
        t.add_row(e["id"], e.get("date") or "?", e.get("sub_event_type") or "?",
                  (e.get("actor1") or "?") + (f"\nvs {e['actor2']}" if e.get("actor2") else ""),
                  f"{place.get('name') or '?'} ({place.get('country') or '?'})",
                  "" if e.get("fatalities") is None else str(e["fatalities"]),
                  f"{e.get('corroboration', 1)} independent\n{', '.join(e.get('outlets') or [])}", " ".join(flags))
    console.print(t)
    console.print(f"{len(rows)} event(s)")


def print_event(e: dict, console: Console | None = None) -> None:
    from .export import note

    console = console or Console(emoji=False)  # ":warning:" in a stored name stays text
    e = escaped(e)
    console.rule(f"[bold]{e['id']}[/]  {e.get('sub_event_type')}")
    console.print(note(e))
    t = Table(title="member reports and why they merged", expand=True)
    for col in ("article", "outlet", "published", "wire group", "reason"):
        t.add_column(col, overflow="fold")
    for m in e.get("members", []):
        t.add_row(m["article"], m.get("outlet") or "", m.get("published") or "", m.get("wire_group") or "", m["reason"])
    console.print(t)
    c = Table(title="claims", expand=True)
    for col in ("source", "role", "stance", "outlet", "article"):
        c.add_column(col, overflow="fold")
    for cl in e.get("claims", []):
        c.add_row(cl.get("source_name") or "", cl.get("source_role") or "",
                  Text(cl["stance"], style=_STANCE_STYLE.get(cl["stance"], "")), cl.get("outlet") or "", cl["article"])
    console.print(c)


_STATUS_STYLE = {"held": "green", "contested": "bold red", "claimed": "yellow"}


def print_states(states: list[dict], title: str, console: Console | None = None) -> None:
    console = console or Console(emoji=False)  # ":warning:" in a stored name stays text
    states = escaped(states)
    t = Table(title=title, expand=True)
    for col in ("place", "holder", "status", "from", "until", "evidence"):
        t.add_column(col, overflow="fold")
    for s in states:
        p = s["place"]
        ev = Text()
        for e in s["evidence"][:4]:
            ev.append(Text.from_markup(f'{e["source"] or "?"} ', style="bold"))
            ev.append(f'{e["stance"]}', style=_STANCE_STYLE.get(e["stance"], ""))
            ev.append(Text.from_markup(f' ({e["outlet"] or "?"}, {e["article"]} [{e["span"][0]}:{e["span"][1]}])\n'))
        if len(s["evidence"]) > 4:
            ev.append(f'... {len(s["evidence"]) - 4} more claims')
        t.add_row(f'{p["name"]} ({p["kind"]}, {p["country"]})', s["holder"],
                  Text(s["status"], style=_STATUS_STYLE.get(s["status"], "")), s["start"] or "?", s["end"] or "now", ev)
    console.print(t)

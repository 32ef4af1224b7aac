"""`frontlines review`: the next unreviewed events, one at a time, with single-key actions.

Each action is committed to the store's review log before the next event is shown, so a review
killed at any point loses nothing that was answered. Keys come from a terminal one key press at a
time, or from piped input one line at a time (the first character is the key; a reason or a value
is the next line), so a review can be scripted and tested.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable, TextIO

from rich.console import Console
from rich.text import Text

from .review import ReviewError, check_value
from .store import Store
from .render import _sentence_text  # the trigger in [brackets], bold on a terminal

KEYS = {
    "c": "confirm", "r": "reject", "t": "set its sub-event type", "e": "edit a field (field=value)",
    "s": "skip", "q": "quit", "?": "help",
}
HELP = "  ".join(f"[{k}] {v}" for k, v in KEYS.items())


@dataclass
class Answers:
    """Where keys and lines come from: a terminal (one key press) or a pipe (one line per answer)."""

    stream: TextIO
    getchar: Callable[[], str] | None = None

    def key(self) -> str | None:
        if self.getchar is not None:
            ch = self.getchar()
            return None if ch in ("\x03", "\x04") else ch.lower()
        line = self.stream.readline()
        if not line:
            return None  # end of input: stop like [q]
        return (line.strip()[:1] or " ").lower()

    def line(self, console: Console, prompt: str) -> str | None:
        console.print(Text(prompt), end="")
        if self.getchar is not None:
            try:
                return input()
            except EOFError:
                return None
        line = self.stream.readline()
        console.print(Text(line.rstrip("\n")))  # echo what was read: the transcript shows each answer
        return None if not line else line.rstrip("\n")


def queue(store: Store, rows: list[dict[str, Any]], highest_first: bool = False) -> list[dict[str, Any]]:
    """Events no correction has touched yet, least sure first (where the machine is most often wrong)."""
    reviewed = store.reviewed_event_ids()
    todo = [e for e in rows if e["id"] not in reviewed]
    return sorted(todo, key=lambda e: ((e.get("confidence") or 0.0) * (-1 if highest_first else 1), e["id"]))


def show(console: Console, e: dict[str, Any], n: int, total: int) -> None:
    place = e.get("place") or {}
    where = place.get("name") or "unknown place"
    if place.get("country"):
        where += f" ({place['country']})"
    conf = e.get("confidence")
    console.print(Text(f"\n[{n} of {total}] {e['id']}  confidence {conf:.2f}" if conf is not None else
                       f"\n[{n} of {total}] {e['id']}", style="bold"))
    actors = (e.get("actor1") or "?") + (f" vs {e['actor2']}" if e.get("actor2") else "")
    console.print(Text(f"{e.get('event_type')} / {e.get('sub_event_type')} | {where} | {e.get('date') or 'date unknown'}"
                       f" | {actors}" + (f" | killed {e['fatalities']}" if e.get("fatalities") is not None else "")))
    shown = 0
    for ev in e.get("evidence") or []:
        if ev.get("sentence") and shown < 3:
            line = Text(f"  {ev['article']}: ", style="dim")
            line.append(_sentence_text(" ".join(ev["sentence"].split()), e.get("sub_event_type")))
            console.print(line)
            shown += 1
    if not shown:
        console.print(Text("  no evidence sentence stored", style="dim"))
    console.print(Text(f"  {e.get('corroboration', 1)} independent source(s): {', '.join(e.get('outlets') or []) or '?'}"
                       + ("; contradicted" if e.get("contradicted") else ""), style="dim"))
    console.print(Text(HELP, style="cyan"))


def run(store: Store, rows: Iterable[dict[str, Any]], console: Console, answers: Answers, who: str,
        on_type: Callable[[dict[str, Any], str], None] | None = None) -> dict[str, int]:
    """The review loop; how many events got each action."""
    todo = list(rows)
    done = {"confirm": 0, "reject": 0, "set": 0, "skip": 0}
    if not todo:
        console.print(Text("nothing to review: every event here has been reviewed"))
        return done
    i = 0
    while i < len(todo):
        e = todo[i]
        show(console, e, i + 1, len(todo))
        key = answers.key()
        if key is None or key == "q":
            break
        if key == "?":
            console.print(Text(HELP))
            continue
        if key == "s":
            done["skip"] += 1
            i += 1
            continue
        try:
            if key in ("c", "r"):
                action = "confirm" if key == "c" else "reject"
                why = answers.line(console, f"why {action} (Enter: no reason): ")
                if why is None:
                    break
                store.correct(action, e["id"], who=who, why=why)
                done[action] += 1
                console.print(Text(f"{action}ed {e['id']}" if action == "confirm" else f"rejected {e['id']}",
                                   style="green"))
            elif key in ("t", "e"):
                raw = answers.line(console, "sub-event type: " if key == "t" else "field=value: ")
                if raw is None:
                    break
                name, _, value = raw.partition("=") if key == "e" else ("sub_event_type", "=", raw)
                value = check_value(name.strip(), value)
                why = answers.line(console, "why (Enter: no reason): ")
                if why is None:
                    break
                store.correct("set", e["id"], who=who, why=why, field=name.strip(), value=value)
                done["set"] += 1
                console.print(Text(f"set {name.strip()} = {value} on {e['id']}", style="green"))
                if name.strip() == "sub_event_type" and on_type is not None:
                    on_type(e, value)
            else:
                console.print(Text(f"unknown key {key!r}; {HELP}", style="yellow"))
                continue
        except ReviewError as exc:
            console.print(Text(f"not done: {exc}", style="yellow"))
            continue
        i += 1
    console.print(Text(f"reviewed: {done['confirm']} confirmed, {done['reject']} rejected, "
                       f"{done['set']} corrected, {done['skip']} skipped"))
    return done


def terminal_answers() -> Answers:
    """One key press at a time on a terminal, one line at a time from a pipe."""
    if sys.stdin.isatty():
        import click

        return Answers(sys.stdin, getchar=click.getchar)
    return Answers(sys.stdin)

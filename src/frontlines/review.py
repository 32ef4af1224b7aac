"""The analyst's review log applied to merged events.

Machine-merged events are a draft. Each correction an analyst makes (reject, restore, confirm, set a
field, merge two events, split a report out of one) is a row of the store's review log with who,
when and why. The events the store serves are the machine's merge of all mentions with the whole log
replayed over it, in log order (`apply`): a re-ingest or a rebuild merges the mentions again and
replays the same log, so it never undoes a correction. One correction at a time is the same step on
the events it touches (`apply_one`), so the store can apply it without merging everything again.

Every event a correction touched says so: `reviewed` is true and `review` holds its status, the
fields set with the machine's values they replaced, and the log entries behind it.
"""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from typing import Any

from .lexicons import ACLED_TYPES
from .merge import Mention, MergedEvent

ACTIONS = ("reject", "restore", "confirm", "set", "merge", "split")
# Fields an analyst may set, and what a value must be (checked by `check_value`).
FIELDS = ("sub_event_type", "actor1", "actor2", "date", "fatalities", "time_status", "facility")
TIME_STATUSES = ("current", "ongoing", "future", "historical")


class ReviewError(ValueError):
    """A correction that cannot apply (an unknown event, a split of a one-report event...): one line."""


@dataclass(frozen=True)
class Correction:
    """One row of the review log. `target` is the other event of a merge or the mention (ARTICLE/LOCAL)
    of a split; `value` is a set field's new value (JSON); `anchor` is the event's first report when
    the correction was made, so the correction finds its event again should the id ever change."""

    seq: int
    action: str
    event_id: str
    who: str
    at: str
    why: str = ""
    target: str | None = None
    field: str | None = None
    value: Any = None
    anchor: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v is not None or k == "value" and self.action == "set"}


def analyst() -> str:
    """Who corrects: FRONTLINES_ANALYST, else the login name."""
    name = os.environ.get("FRONTLINES_ANALYST")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def mention_key(m: Mention) -> str:
    return f"{m.article_id}/{m.local_id}"


def event_id_for(m: Mention, salt: str = "") -> str:
    """The id merge.merge_mentions gives an event whose first report is `m` (a salt makes another)."""
    digest = hashlib.sha1(f"{salt}{m.article_id}/{m.local_id}".encode()).hexdigest()[:10]
    return f"{(m.country or 'XX')}-{digest}"


def check_value(name: str, value: str) -> Any:
    """A field value as typed (CLI, dashboard) -> the value stored; ReviewError when it cannot be."""
    if name not in FIELDS:
        raise ReviewError(f"cannot set {name!r}: fields are {', '.join(FIELDS)}")
    value = value.strip()
    if name == "sub_event_type":
        from .query import FilterError, resolve_type

        try:
            kind, resolved = resolve_type(value)
        except FilterError as exc:
            raise ReviewError(str(exc).removeprefix("error: ")) from None
        if kind != "sub_event_type":
            raise ReviewError(f"{value!r} is an event type; give a sub-event type of it")
        return resolved
    if not value:
        return None  # an actor, a facility, a date or a toll the reports do not give: unknown
    if name == "date":
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ReviewError(f"date must be YYYY-MM-DD, not {value!r}") from None
    if name == "fatalities":
        if not value.isdigit():
            raise ReviewError(f"fatalities must be a whole number, not {value!r}")
        return int(value)
    if name == "time_status":
        if value not in TIME_STATUSES:
            raise ReviewError(f"time_status must be one of {', '.join(TIME_STATUSES)}, not {value!r}")
    return value


@dataclass
class Reviewed:
    """A merged event with what the log did to it."""

    event: MergedEvent
    status: str | None = None  # rejected | confirmed | None
    overrides: dict[str, Any] = field(default_factory=dict)
    log: list[Correction] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.event.id

    def to_json(self) -> dict[str, Any]:
        d = self.event.to_json()
        if not self.log:
            d["reviewed"] = False
            return d
        original = {k: d.get(k) for k in self.overrides}
        for k, v in self.overrides.items():
            d[k] = v
            if k == "sub_event_type":
                d["event_type"] = ACLED_TYPES.get(v)
            if k == "date" and v:
                d["time_precision"] = 1  # a day an analyst gives is a day
        d["reviewed"] = True
        d["review"] = {"status": self.status or ("corrected" if self.overrides else "reviewed"),
                       "set": dict(self.overrides), "original": original,
                       "log": [c.to_json() for c in self.log]}
        return d

    @property
    def column(self) -> str | None:
        """The events table's `review` column: rejected, confirmed, corrected, reviewed or NULL."""
        if not self.log:
            return None
        return self.status or ("corrected" if self.overrides else "reviewed")


class Events:
    """Merged events by id, with which event holds each mention: what the log is replayed on."""

    def __init__(self, items: list[Reviewed]) -> None:
        self.by_id: dict[str, Reviewed] = {}
        self.holder: dict[str, str] = {}
        for r in items:
            self.add(r)

    def add(self, r: Reviewed) -> None:
        self.by_id[r.id] = r
        for m in r.event.members:
            self.holder[mention_key(m)] = r.id

    def remove(self, event_id: str) -> None:
        self.by_id.pop(event_id)

    def find(self, event_id: str, anchor: str | None = None) -> Reviewed | None:
        if event_id in self.by_id:
            return self.by_id[event_id]
        if anchor and self.holder.get(anchor) in self.by_id:
            return self.by_id[self.holder[anchor]]
        return None


def apply_one(events: Events, c: Correction, taken: set[str] | None = None) -> list[str]:
    """Apply one correction; the ids of the events it changed (a merged-away event included).
    `taken` holds ids in use outside `events` (the store applies a correction to the events it
    touches only). Raises ReviewError when the correction cannot apply."""
    r = events.find(c.event_id, c.anchor)
    if r is None:
        raise ReviewError(f"no event {c.event_id!r}")
    if c.action == "reject":
        r.status = "rejected"
    elif c.action == "restore":
        if r.status != "rejected":
            raise ReviewError(f"event {r.id} is not rejected")
        r.status = None
    elif c.action == "confirm":
        r.status = "confirmed"
    elif c.action == "set":
        if c.field not in FIELDS:
            raise ReviewError(f"cannot set {c.field!r}")
        r.overrides[c.field] = c.value
    elif c.action == "merge":
        other = events.find(c.target or "")
        if other is None:
            raise ReviewError(f"no event {c.target!r}")
        if other.id == r.id:
            raise ReviewError("an event cannot be merged with itself")
        why = f"merged by {c.who}" + (f": {c.why}" if c.why else "")
        r.event.members += other.event.members
        r.event.reasons += [why] * len(other.event.members)
        r.event.summarize()
        r.log += [x for x in other.log if x not in r.log]
        events.remove(other.id)
        events.add(r)
        r.log.append(c)
        return [r.id, other.id]
    elif c.action == "split":
        keys = [mention_key(m) for m in r.event.members]
        key = c.target or ""
        if key not in keys:
            raise ReviewError(f"{key!r} is not a report of event {r.id}; its reports: {', '.join(keys)}")
        if len(keys) == 1:
            raise ReviewError(f"event {r.id} has one report only: nothing to split")
        i = keys.index(key)
        m = r.event.members.pop(i)
        r.event.reasons.pop(i)
        r.event.summarize()
        used = set(events.by_id) | (taken or set())
        new_id = event_id_for(m)
        if new_id in used:  # the event's own first report split out: the rest keep the id
            new_id = event_id_for(m, salt="split:")
        why = f"split from {r.id} by {c.who}" + (f": {c.why}" if c.why else "")
        part = Reviewed(MergedEvent(new_id, [m], [why]), log=[c])
        part.event.summarize()
        events.add(part)
        r.log.append(c)
        return [r.id, new_id]
    else:
        raise ReviewError(f"unknown action {c.action!r}")
    r.log.append(c)
    return [r.id]


def apply(merged: list[MergedEvent], log: list[Correction]) -> tuple[list[Reviewed], list[str]]:
    """The machine's events with the whole log replayed in order; and why entries were passed over
    (an entry whose event no longer exists, after the mentions it named were removed)."""
    events = Events([Reviewed(e) for e in merged])
    skipped = []
    for c in log:
        try:
            apply_one(events, c)
        except ReviewError as exc:
            skipped.append(f"review {c.seq} ({c.action} {c.event_id}) passed over: {exc}")
    return list(events.by_id.values()), skipped


def correction_from_row(row: tuple) -> Correction:
    seq, action, event_id, target, name, value, who, at, why, anchor = row
    return Correction(seq, action, event_id, who, at, why or "", target, name,
                      json.loads(value) if value is not None else None, anchor)


def reviewed_from_json(d: dict[str, Any], mentions: dict[str, Mention]) -> Reviewed:
    """A stored event back as a `Reviewed`, its members in stored order (`mentions` by key)."""
    members = [mentions[f'{m["article"]}/{m["event"]}'] for m in d["members"]]
    ev = MergedEvent(d["id"], members, [m["reason"] for m in d["members"]])
    ev.summarize()
    review = d.get("review") or {}
    status = review.get("status") if review.get("status") in ("rejected", "confirmed") else None
    log = [Correction(**c) for c in review.get("log", [])]
    return Reviewed(ev, status, dict(review.get("set") or {}), log)

"""The seam between the extractor's passes: an event candidate, how a second telling folds into
the first (`absorb`), and when two places are one area."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import dates as dates_mod
from ..lexicons import event_lexicon, taxonomy
from ..model import Claim, Place
from ..places.gazetteer import normalize
from .triggers import Trigger

ARMED = {"state_forces", "non_state_armed_group", "militia", "foreign_state_forces"}
STATE = {"state_forces", "government"}

@dataclass(eq=False)  # two candidates are the same only if they are one object: `in` and `remove` stay cheap
class Candidate:
    trigger: Trigger
    family: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    place: Place | None
    facility: str | None
    date: dates_mod.ResolvedDate | None
    date_explicit: bool
    time_status: str
    fatalities: int | None
    quantities: dict[str, int]
    extent: str | None
    claims: list[Claim]
    evidence: list[tuple[int, int]]
    state_only: bool = False  # "the Taliban control the rest of the city": supports, never stands alone
    focal_at_creation: Place | None = None
    place_in_scope: bool = False  # the place was named in the trigger's own clause
    place_told: bool = False  # the place was named in the trigger's own sentence (not the story's, not the lead's)
    position: int = 0
    merged: list["Candidate"] = field(default_factory=list)
    confidence_cap: float = 1.0  # a sentence typed by the model is no surer than the model
    dead_told_before: bool = False  # its dead are named by pronoun or definite noun ("killing him")
    actor1_assumed: bool = False  # no one was named: actor1 is the type's usual actor (police for arrests)
    tolls: list[tuple[int, str | None]] = field(default_factory=list)  # every death toll told, with its source

    def folded(self) -> list["Candidate"]:
        """Every candidate folded into this one, at any depth."""
        out, todo = [], list(self.merged)
        while todo:
            c = todo.pop()
            out.append(c)
            todo.extend(c.merged)
        return out


_ADDITIVE = {"also", "another", "other", "others", "additional", "further", "more", "second", "third"}


def adds_to(c: Candidate) -> bool:
    """"the force also detained one other suspect": people beyond those already counted."""
    tok = c.trigger.token
    near = [*tok.children, *(t for o in c.trigger.objects for t in o.subtree)]
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubj", "nsubjpass"):
        near += list(tok.head.children)  # "also reported strikes on Dnipro"
    return any(t.lower_ in _ADDITIVE for t in near)


def absorb(host: Candidate, c: Candidate, add: bool = False) -> None:
    """Fold a second report of the same event into the first: every claim and number is kept.
    Counts are the lowest told (ACLED's convention), or their sum when `add` (more of the same)."""
    host.merged.append(c)
    if host.actor1_assumed and c.actor1 and not c.actor1_assumed:
        host.actor1, host.actor1_assumed = c.actor1, False  # who was named beats who is usual
    host.actor1 = host.actor1 or c.actor1
    host.actor2 = host.actor2 or c.actor2
    if host.place is None or (c.place is not None and c.place.resolved and (
            (host.place.kind == "province" and c.place.kind != "province" and c.place.admin1_code == host.place.admin1_code)
            or (host.place.kind == "country" and c.place.kind != "country" and c.place.country == host.place.country))):
        host.place = c.place  # the town is the finer reading of its province or country
    if c.date_explicit and not host.date_explicit:
        host.date, host.date_explicit = c.date, True
    if c.fatalities is not None:
        host.fatalities = c.fatalities if host.fatalities is None else min(host.fatalities, c.fatalities)
    host.tolls.extend(t for t in c.tolls if t not in host.tolls)
    for k, v in c.quantities.items():
        host.quantities[k] = host.quantities.get(k, 0) + v if add else min(host.quantities.get(k, v), v)
    if c.extent == "partial":
        host.extent = "partial"
    host.claims.extend(c.claims)
    host.evidence.extend(c.evidence)


def same_time(a: dates_mod.ResolvedDate | None, b: dates_mod.ResolvedDate | None) -> bool:
    """One day, or a day inside the month the other names ("this month" and "on March 10"); a week is
    too loose a bound to join two tellings by."""
    if a is None or b is None or a.iso == b.iso:
        return True
    coarse, fine = (a, b) if a.precision >= b.precision else (b, a)
    return coarse.precision == 3 and fine.precision < 3 and coarse.date <= fine.date <= coarse.end


NON_LETHAL = event_lexicon()["roles"]["non_lethal"]
VIOLENT = event_lexicon()["roles"]["violent"]
# ACLED event types of political violence (families of trigger words above, event types here)
VIOLENT_TYPES = taxonomy().of_types(lambda t: t.violent)


def same_area(a: Place, b: Place) -> bool:
    """One place, or a town and the province it lies in ("Marjah district" and "Helmand province"), or
    an unresolved name that begins the other's."""
    if a.id == b.id:
        return True
    if not (a.resolved and b.resolved):
        # "Mazar" unresolved beside "Mazār-e Sharīf": one name is the start of the other
        x, y = (normalize(p.name or p.mention or "").replace(" ", "") for p in (a, b))
        return bool(x and y) and (x.startswith(y) or y.startswith(x))
    for inner, outer in ((a, b), (b, a)):
        if outer.kind == "province" and outer.resolved and inner.resolved and inner.kind != "province" \
                and inner.admin1_code and inner.admin1_code == outer.admin1_code:
            return True
    return False

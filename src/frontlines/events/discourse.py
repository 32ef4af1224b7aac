"""The cross-sentence pass: later tellings of an event already told join it."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span

from ..claims import deny
from ..lexicons import ACLED_TYPES, SUB, TYPE, event_lexicon, taxonomy
from ..model import Place
from .candidate import VIOLENT, VIOLENT_TYPES, Candidate, absorb, adds_to, same_area, same_time
from .context import Context
from .sentence import OUTCOME


def absorb_anaphora(ctx: Context, sent: Span, cands: list[Candidate], earlier: list[Candidate]) -> list[Candidate]:
    """"Al-Shabaab claimed responsibility for the attack", "three people were killed": a definite
    event noun, or a bare outcome with no agent or place, continues the last event told."""
    prev = [c for c in earlier if c.family in VIOLENT and c.time_status in ("current", "ongoing")]
    if not prev or prev[-1].trigger.token.sent.start < sent.start - 120:
        return cands
    host = prev[-1]
    out = []
    for c in cands:
        tok = c.trigger.token
        definite = tok.pos_ in ("NOUN", "PROPN") and any(
            d.dep_ in ("det", "poss") and d.lower_ in ("the", "this", "that", "its", "their") for d in tok.children)
        outcome = tok.lemma_.lower() in OUTCOME and c.actor1 is None
        own_place = c.place_in_scope and c.place is not None and c.place is not ctx.focal and c.place is not host.place
        claim = _group_claim(ctx, c)
        if c.family in VIOLENT and (definite or outcome or claim) and not own_place:
            if claim and (host.actor1 is None or host.actor1.startswith("Unidentified")):
                host.actor1 = c.actor1
            _counter(host, c)
            absorb(host, c)
            continue
        out.append(c)
    return out


def _group_claim(ctx: Context, c: Candidate) -> bool:
    """An armed group speaking of what its fighters did: "JNIM said its fighters had killed ..."."""
    src = next((s for s in ctx.sources.sources if s.id == c.claims[0].source), None) if c.claims else None
    return src is not None and src.kind == "group" and c.actor1 is not None and src.name == c.actor1


def absorb_retold_deaths(cands: list[Candidate]) -> list[Candidate]:
    """"A force killed one insurgent in Now Zad ... The force engaged the insurgent, killing him": dead
    the story has already introduced were counted by an earlier event of the same day and area, so
    the later sentence retells that event (its count, lower or equal, is part of the earlier one)."""
    out: list[Candidate] = []
    for c in cands:
        if c.dead_told_before and c.fatalities:
            host = next((h for h in reversed(out) if h.fatalities is not None and h.fatalities >= c.fatalities
                         and h.family in VIOLENT and h.time_status == c.time_status
                         and (c.date is None or h.date is None or c.date.iso == h.date.iso)
                         and (c.place is None or h.place is None or same_area(c.place, h.place))
                         and (c.actor1 is None or h.actor1 is None or c.actor1 in (h.actor1, h.actor2))), None)
            if host is not None:
                dead = host.fatalities
                absorb(host, c)
                host.fatalities = dead
                continue
        out.append(c)
    return out


_UNNAMED = ("Unidentified", "Civilians (")


def _sides_fit(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or a.startswith("Unidentified") or b.startswith("Unidentified") \
        or a.replace("Rioters (", "Protesters (") == b.replace("Rioters (", "Protesters (")


def _actors_fit(h: Candidate, c: Candidate) -> bool:
    if _sides_fit(h.actor1, c.actor1) and _sides_fit(h.actor2, c.actor2):
        return True
    # one fight told from either side: "the army repelled the rebels" and "the rebels attacked the army"
    clash = SUB.armed_clash in (h.sub_event_type, c.sub_event_type)
    return clash and _sides_fit(h.actor1, c.actor2) and _sides_fit(h.actor2, c.actor1)


def _places_fit(h: Candidate, c: Candidate) -> bool:
    """Where both tellings say it happened could be one place: the same area, or a later telling that
    names no place of its own (it took the story's). "In Gaza" and, later, "in Khan Younis" are two
    places: a story that tells of strikes across a country and then town by town tells of several."""
    a, b = h.place, c.place
    if a is not None and b is not None and a.kind == "country" and a.country == b.country \
            and h.trigger.token.tag_ in ("NN", "NNP", "VBD", "VBN"):
        # "thirty killed in an attack in northeastern Congo ... stormed a camp in Djugu": the lead's one
        # attack, placed at last (plural "strikes across the country" may be many)
        return True
    # otherwise two places; or the first telling took the story's place and the later one names its own
    return a is None or b is None or same_area(a, b) or not c.place_told


def _dates_fit(h: Candidate, c: Candidate) -> bool:
    return same_time(h.date, c.date) or not (h.date_explicit and c.date_explicit)


def _joins(h: Candidate, c: Candidate, retelling: dict[str, frozenset[str]]) -> int:
    """How c retells h: 0 not at all; 3 the same type; 2 the same ACLED event type; 1 c's type names
    h's way of doing it (or the reverse)."""
    if h.time_status != c.time_status or c.state_only or h.state_only:
        return 0
    if adds_to(c) and c.place_told and h.place is not None and c.place is not None and h.place.id != c.place.id:
        return 0  # "also reported strikes on Dnipro": more events, not the one told
    a, b = h.sub_event_type, c.sub_event_type
    if a is None or b is None:
        return 0
    violent = {ACLED_TYPES.get(a), ACLED_TYPES.get(b)} <= VIOLENT_TYPES
    if a == b:
        how = 3
    elif b in retelling.get(a, ()) or a in retelling.get(b, ()):
        how = 1
        kidnap = next((x for x in (h, c) if x.sub_event_type == SUB.abduction), None)
        other = c if kidnap is h else h
        if kidnap is not None and not other.fatalities:
            return 0  # people taken in a massacre are part of it; beside a shooting that killed no one, not
    elif ACLED_TYPES.get(a) == ACLED_TYPES.get(b) and ACLED_TYPES.get(a) == TYPE.explosions:
        how = 2
    elif violent and _refers_back(c):
        how = 1  # "Monday's ambush happened as the convoy crossed a bridge": the event told before
    elif _crowd_violence(h, c) or _crowd_violence(c, h):
        how = 1  # "the violence spread", "police were injured": the protest's own violence
    else:
        return 0
    if not (_places_fit(h, c) and _dates_fit(h, c) and (_actors_fit(h, c) or _refers_back(c))):
        return 0
    return how


_CROWD_TYPES = taxonomy().of_types(lambda t: t.crowd)
_CROWD_SIDES = ("Police Forces", "Military Forces", "Government of", "Civilians", "Protesters", "Rioters")


def _crowd_violence(h: Candidate, c: Candidate) -> bool:
    """A protest told, then a clash or attack between no armed group but the police and the crowd: the
    protest's violence told again, not a battle."""
    if ACLED_TYPES.get(h.sub_event_type or "") not in _CROWD_TYPES:
        return False
    if c.sub_event_type not in (SUB.armed_clash, SUB.attack):
        return False
    return all(x is None or x.startswith(_CROWD_SIDES) for x in (c.actor1, c.actor2))


def _refers_back(c: Candidate) -> bool:
    """"the strike", "this attack", "Friday's assault": a definite event noun names an event told
    before, whoever this sentence's source says did it ("claims the strike was carried out by X")."""
    # "claims the strike had been carried out by X": the event noun may be what its verb acts on
    nouns = [c.trigger.token, *(o for o in c.trigger.objects if o.i in {m.trigger.token.i for m in c.merged})]
    return any(tok.pos_ in ("NOUN", "PROPN") and any(
        d.dep_ in ("det", "poss") and (d.lower_ in ("the", "this", "that", "these", "those") or d.ent_type_ in ("DATE", "TIME"))
        for d in tok.children) for tok in nouns)


def _same_country(a: Place | None, b: Place | None) -> bool:
    return a is None or b is None or a.country is None or b.country is None or a.country == b.country


def join_retellings(cands: list[Candidate], body_start: int = 0) -> list[Candidate]:
    """One happening, one event: a later telling of the same type, place and day, or of a type that
    names how it was done ("an air strike hit the market ... the attack killed nine"), joins the
    first telling with every claim and span; the event keeps the more specific type. A headline
    sums up its story: its event joins the body's telling of that type in the same country, and
    stands alone only when the body tells none."""
    retelling = event_lexicon()["retelling"]
    in_head = lambda c: c.trigger.token.idx < body_start
    body = sorted((c for c in cands if not in_head(c)), key=lambda c: c.position)
    head = sorted((c for c in cands if in_head(c)), key=lambda c: c.position)
    out: list[Candidate] = []
    for c in body + head:
        best, how = None, 0
        for h in out:
            k = _joins(h, c, retelling)
            if not k and in_head(c) and not in_head(h) and _same_country(h.place, c.place):
                # the headline's place and day are coarser or the filing's: only the type and sides must fit
                k = _joins(h, _unplaced(c), retelling)
            if k > how or (k == how and k and best is not None and _prefer(h, c, best)):
                best, how = h, k
        if best is None:
            out.append(c)
            continue
        if in_head(c):
            absorb(best, _unplaced(c))
            continue
        _counter(best, c)
        if c.sub_event_type in retelling.get(best.sub_event_type or "", ()) or _crowd_violence(c, best):
            # the later telling is the more specific: the event takes its type and its sides
            best.sub_event_type, best.family = c.sub_event_type, c.family
            best.actor1 = c.actor1 or best.actor1
            best.actor2 = c.actor2 or best.actor2
            best.extent = c.extent if c.extent is not None else best.extent
        absorb(best, c)
    return out


def inherit_authors(cands: list[Candidate]) -> None:
    """"Israeli jets struck Gaza City ... Another strike on a house killed ten": a strike or shelling
    that names no author is, in a story whose earlier strikes of that kind all have one author, that
    author's, marked assumed (a named author anywhere beats it)."""
    told = sorted(cands, key=lambda c: c.position)
    for i, c in enumerate(told):
        if c.actor1 is not None or ACLED_TYPES.get(c.sub_event_type or "") != TYPE.explosions:
            continue
        authors = {h.actor1 for h in told[:i] if h.sub_event_type == c.sub_event_type and h.actor1 is not None
                   and not h.actor1_assumed and not h.actor1.startswith("Unidentified")}
        if len(authors) == 1:
            c.actor1, c.actor1_assumed = authors.pop(), True


def _counter(h: Candidate, c: Candidate) -> None:
    """"... says the attack was mounted by Ukraine's army": a definite retelling that names
    another author than the first telling is the same event with its author disputed. The telling
    counters the first one's account (a denial, kept with its source), and the event keeps the
    first author."""
    if _refers_back(c) and h.actor1 is not None and c.actor1 is not None and not _sides_fit(h.actor1, c.actor1) \
            and not c.actor1_assumed and not h.actor1_assumed and any(cl.source is not None for cl in c.claims):
        c.claims = [deny(cl.source, cl.span) if cl.source is not None else cl for cl in c.claims]
        c.actor1 = h.actor1


def _unplaced(c: Candidate) -> Candidate:
    """c without its place and day, for a telling whose place and day say less than the body's."""
    return replace(c, place=None, date=None, date_explicit=False, place_told=False, place_in_scope=False)


def _prefer(h: Candidate, c: Candidate, best: Candidate) -> bool:
    """Between two equally fitting hosts, the one at c's own place, else the later one."""
    at = lambda x: x.place is not None and c.place is not None and same_area(x.place, c.place)
    return at(h) or not at(best)

"""The sentence pass: candidates of one sentence that name one event become one (a strike's killing,
a weapon's delivery, a noun inside another trigger's arguments), and brief changes of hands."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span

from ..lexicons import DIR, FAM, RES, SUB, event_lexicon
from .candidate import NON_LETHAL, Candidate, absorb, same_area
from .context import Context


def absorb_nested(cands: list[Candidate]) -> list[Candidate]:
    """"carried out air strikes", "arrested 23 suspects in raids": a trigger noun inside another
    trigger's arguments names the same event; so does a withdrawal beside the other side's gain."""
    by_token = {c.trigger.token.i: c for c in cands}
    out = []
    for c in cands:
        tok = c.trigger.token
        host = None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "nsubj"):
            host = next((by_token[a.i] for a in list(tok.ancestors)[:4] if a.i in by_token), None)
            if host is not None and host.family == FAM.attack and host.trigger.token.lemma_.lower() in OUTCOME \
                    and c.family != FAM.attack:
                host = None  # "air strikes killed six": the killing is the strike's outcome (absorb_outcomes)
        if host is None and c.trigger.family.resolver == RES.territory and c.family not in event_lexicon()["roles"]["holding"] \
                and (c.place is None or c.place is c.focal_at_creation):
            host = next((h for h in cands if h is not c and h.trigger.family.resolver == RES.territory and h.place is not None
                         and h.actor1 == c.actor1 and h.trigger.token.i < tok.i), None)
        if host is None and c.family == FAM.withdraw:
            host = next((h for h in cands if h is not c and h.family in (FAM.capture, FAM.regain, FAM.fall)
                         and h.actor1 != c.actor1), None)
        if host is not None and host.family == FAM.arrest and c.trigger.family.resolver == RES.protest:
            host = None  # "detained during protests": the arrests are how the protest was met (merge)
        if host is not None and host.family == FAM.attack and c.family in _WEAPONS:
            # "a tanker was hit by a missile": ACLED types an attack by its weapon
            host.family, host.sub_event_type = c.family, c.sub_event_type
        if host is not None and host is not c:
            absorb(host, c)
            continue
        out.append(c)
    return out


def inherit_from_governing(cands: list[Candidate]) -> None:
    """"It seized Kunduz ... before withdrawing": a clause under another event's trigger shares its
    place when it names none."""
    by_token = {c.trigger.token.i: c for c in cands}
    for c in cands:
        if c.place is not None:
            continue
        for anc in c.trigger.token.ancestors:
            host = by_token.get(anc.i)
            if host is not None and c.trigger.family.direction == DIR.withdraw and host.trigger.family.resolver != RES.territory:
                continue  # "looted shops before fleeing": only a place held can be withdrawn from
            if host is not None and host.place is not None:
                c.place = host.place
                if not c.date_explicit:
                    c.date, c.time_status = host.date, host.time_status if host.time_status == "historical" else c.time_status
                break


OUTCOME = {"kill", "die", "dead", "murder", "slay"}
_WEAPONS = event_lexicon()["roles"]["weapons"]


_GENERIC_BLAST = {"blast", "explosion", "bomb", "detonate", "explode", "device"}
_SPECIFIC_WEAPON = event_lexicon()["roles"]["specific_weapons"]


def absorb_generic_blasts(cands: list[Candidate]) -> list[Candidate]:
    """"the bomber blew himself up; the blast killed six": when a sentence names the weapon, its
    "blast" or "bomb" is that weapon, not a second, roadside-bomb event."""
    # "heavy fighting broke out, with loud explosions across the town": the fight's, not a bomb's
    specific = [c for c in cands if c.family in _SPECIFIC_WEAPON or c.family == FAM.clash]
    if not specific:
        return cands
    out = []
    for c in cands:
        if c.family == FAM.ied and c.trigger.token.lemma_.lower() in _GENERIC_BLAST:
            host = min(specific, key=lambda h: abs(h.position - c.position))
            absorb(host, c)
            continue
        out.append(c)
    return out


# Weapons that name the ACLED type whatever else their sentence tells, strongest first, and the
# events of that sentence they take in.
_DEFINING_WEAPONS = event_lexicon()["roles"]["defining_weapons"]
_DELIVERY = event_lexicon()["roles"]["delivery"]


def absorb_into_weapon(cands: list[Candidate]) -> list[Candidate]:
    """"dropped a chlorine bomb", "suicide bombings at two markets killed 18": ACLED codes the use of a
    chemical weapon or a suicide bomb as such however it was delivered and whatever it killed, so the
    strike, shell, blast, killing or attack of that sentence is that event."""
    for family in _DEFINING_WEAPONS:
        host = next((c for c in cands if c.family == family), None)
        if host is None:
            continue

        for c in [c for c in cands if c is not host and c.family in _DELIVERY]:
            absorb(host, c)
            cands.remove(c)
    return cands


def absorb_outcomes(cands: list[Candidate]) -> list[Candidate]:
    """"killed in an air strike": the killing is the strike's outcome, not a second event."""
    # an arrest or an agreement has no dead of its own: "killed one and detained another" is two events
    hosts = [c for c in cands if (c.family not in (FAM.attack, FAM.control) or c.trigger.token.lemma_ not in OUTCOME)
             and c.family not in NON_LETHAL]
    out = []
    for c in cands:
        # "killed when they attempted to attack": a death has happened, it is no outcome of an attempt
        tok = c.trigger.token
        # "an air strike in May that killed 20": the killing told in the strike's own clause is its outcome,
        # whenever the strike was
        noun = tok.head
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
            noun = noun.head.head  # "a strike on a clinic that killed nine"
        own = [h for h in hosts if h is not c and tok.dep_ in ("relcl", "acl")
               and h.trigger.token.i in (tok.head.i, noun.i)]
        same_time = own or [h for h in hosts if h is not c and h.time_status == c.time_status]
        if c.family == FAM.attack and tok.lemma_.lower() in OUTCOME and same_time:
            host = min(same_time, key=lambda h: abs(h.position - c.position))
            host.actor2 = host.actor2 or c.actor2
            host.merged.append(c)
            continue
        out.append(c)
    return out


def typed_by_aircraft(ctx: Context, cands: list[Candidate]) -> None:
    """"attacked the port with drones", "hit the village using helicopter gunships": an attack made
    from the air is an air strike (ACLED types an attack by its weapon)."""
    air = ctx.lex["families"][FAM.air_strike]
    for c in cands:
        if c.family != FAM.attack:
            continue
        tok = c.trigger.token
        tools = [p for prep in tok.children if prep.lower_ in ("with", "using", "by") and prep.dep_ in ("prep", "agent", "advcl")
                 for p in prep.subtree if p.pos_ in ("NOUN", "PROPN")]
        if any(t.lower_ in air.agent_nouns or t.lemma_.lower() in air.agent_nouns for t in tools):
            c.family, c.sub_event_type = air.name, air.sub_event_type


_CHANGES = event_lexicon()["roles"]["changes"]


def absorb_fighting_of_change(cands: list[Candidate]) -> list[Candidate]:
    """"stormed the town and took it after heavy fighting": ACLED codes one event per actor pair, place
    and day, so a sentence's fight for the place it says changed hands is that change, not a second
    battle. A fight elsewhere, by other sides or at another time stays its own event."""
    changes = [c for c in cands if c.family in _CHANGES and not c.state_only]
    if not changes:
        return cands
    out = []
    for c in cands:
        host = None
        if c.family in (FAM.clash, FAM.attack) and c.fatalities is None:
            host = next((h for h in changes if h.time_status == c.time_status and _fight_for(h, c)), None)
        if host is not None:
            absorb(host, c)
            continue
        out.append(c)
    return out


def _fight_for(change: Candidate, c: Candidate) -> bool:
    if c.place is not None and c.place_told and (change.place is None or not same_area(c.place, change.place)):
        return False
    sides = {change.actor1, change.actor2} - {None}
    mine = {c.actor1, c.actor2} - {None}
    if c.family == FAM.attack:
        return c.actor1 is not None and c.actor1 == change.actor1 and mine <= sides  # the taker's assault
    return mine <= sides


def brief_changes(ctx: Context, sent: Span, cands: list[Candidate]) -> None:
    """ACLED: territory held for less than a day is an armed clash, not a change of control."""
    low = sent.text.lower()
    if not any(b in low for b in ctx.brief):
        return
    terr = [c for c in cands if ctx.lex["families"][c.family].resolver == RES.territory]
    if not terr:
        return
    keep = terr[0]
    keep.family, keep.sub_event_type, keep.state_only, keep.extent = FAM.clash, SUB.armed_clash, False, None
    for c in terr[1:]:
        keep.merged.append(c)
        cands.remove(c)


def split_place_lists(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """"Protests were held in Istanbul, Ankara and Izmir", "the rebels took Sar-i-Pul and Pul-i-Khumri":
    one verb over a list of places tells of one event per place (ACLED codes one per location). The
    sentence's count cannot be shared out, so it stays with the first place."""
    out: list[Candidate] = []
    for c in cands:
        out.append(c)
        if c.place is None or not c.place_told:
            continue
        anchor = next((t for t in c.trigger.token.sent if ctx.places.by_token.get(t.i) == c.place.id), None)
        if anchor is None:
            continue
        head = anchor
        while head.dep_ == "compound" and head.head is not head:
            head = head.head
        seen = {c.place.id}
        listed = [next((ctx.places.by_token[t.i] for t in conj.subtree if t.i in ctx.places.by_token), None)
                  for conj in head.conjuncts]
        for gap in c.trigger.token.children:
            if gap.dep_ == "conj" and gap.pos_ in ("NOUN", "PRON"):
                # "eleven were detained in Moscow, and others in the cities of Tver and Kazan": a clause
                # without its verb shares the verb's event, in the places it names
                listed += [ctx.places.by_token[t.i] for t in gap.subtree if t.i in ctx.places.by_token]
        for pid in listed:
            place = ctx.places.place(pid) if pid else None
            if place is None or pid in seen or not place.resolved or place.kind == "country":
                continue
            seen.add(pid)
            out.append(replace(c, place=place, fatalities=None, quantities={}, claims=list(c.claims),
                               evidence=list(c.evidence), merged=[]))
    return out

"""ACLED typing of event candidates: the resolvers named in data/events.yaml."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..actors import PROTESTER_NOUNS, RIOTER_NOUNS, state_actor_id
from ..lexicons import ACLED_TYPES, DIR, FAM, RES, SUB, countries, event_lexicon, taxonomy
from .candidate import ARMED, STATE, VIOLENT_TYPES, Candidate
from .context import Context

_NON_ARMED = {"civilians", "protesters", "rioters"}
_CIVILIAN_SITES = {"hotel", "restaurant", "market", "school", "hospital", "mosque", "church", "shop", "home", "house",
                   "village", "camp", "bus", "wedding", "funeral", "cafe", "bar", "university", "stadium", "shrine"}
# ACLED codes an unclaimed bombing to an unidentified armed group of the country
_UNCLAIMED = taxonomy().tagged("unclaimed")


def type_candidate(ctx: Context, c: Candidate) -> bool:
    """Sets sub_event_type and fills obvious counterparts; False when the candidate is no event."""
    fam = ctx.lex["families"][c.family]
    if c.family == FAM.handover:
        # "was handed over to the insurgents by its defenders": ACLED's actor1 is who takes the place over
        to = [t for ch in c.trigger.token.children if ch.dep_ == "prep" and ch.lower_ == "to" for t in ch.subtree]
        taker = next((m.actor for m in ctx.actors.in_tokens(to) if m.kind in ARMED | STATE), None)
        if taker is not None and taker != c.actor1:
            c.actor1, c.actor2 = taker, c.actor1
    if fam.direction == DIR.forward and c.trigger.token.lemma_.lower() in ("storm", "raid", "overrun") \
            and any(_civilians_inside(o) for o in c.trigger.objects):
        # "stormed a church", "overran a hospital": an assault on a building of civilians, no change of hands
        c.family, c.state_only = FAM.attack, False
        return _attack(ctx, c)
    if fam.resolver == RES.territory:
        return _territory(ctx, c, fam.direction)
    if fam.resolver == RES.attack:
        return _attack(ctx, c)
    if fam.resolver == RES.protest:
        return _protest(ctx, c)
    if fam.resolver == RES.arrest:
        return _arrest(ctx, c)
    if c.sub_event_type == SUB.armed_clash and _crowd_fight(ctx, c):
        # demonstrators fighting the police: a violent demonstration, not a battle (ACLED)
        country = ctx.focus.name if ctx.focus else None
        c.sub_event_type = SUB.violent_demonstration
        c.actor1 = f"Rioters ({country})" if country else "Rioters"
        return True
    if c.sub_event_type == SUB.armed_clash:
        c.actor2 = c.actor2 if c.actor2 != c.actor1 else None
        country = c.place.country if c.place is not None else None
        if c.actor2 is None:
            c.actor2 = _opponent(ctx, c.actor1, country, c=c)
        if c.actor1 is None and c.actor2 is not None:
            c.actor1 = _opponent(ctx, c.actor2, country)
    return c.sub_event_type is not None


def _civilians_inside(o) -> bool:
    """A church, a school, a home, a camp of the displaced: buildings of civilians (a village or an army
    camp can change hands)."""
    lemma = o.lemma_.lower()
    if lemma == "camp":
        return any(m.lower_ in ("displacement", "displaced", "refugee", "refugees", "idp", "idps")
                   for m in o.children if m.dep_ in ("compound", "amod"))
    return lemma in _CIVILIAN_SITES - {"village"}


def _crowd_fight(ctx: Context, c: Candidate) -> bool:
    kinds = {_kind(ctx, c.actor1), _kind(ctx, c.actor2)}
    if kinds & {"protesters", "rioters"}:
        return True
    if kinds & {"non_state_armed_group", "militia", "foreign_state_forces"}:
        return False
    return bool(re.search(r"\b(protest|demonstrat|rioter|crowd|mob)\w*", c.trigger.token.sent.text, re.I))


def fill_unclaimed(ctx: Context, cands: list[Candidate]) -> None:
    for c in cands:
        if c.sub_event_type in _UNCLAIMED and c.actor1 is None and ctx.focus is not None:
            c.actor1 = f"Unidentified Armed Group ({ctx.focus.name})"


def _kind(ctx: Context, actor: str | None) -> str | None:
    return ctx.actors.kind_of(actor) if actor else None


def _is_home_state(ctx: Context, actor: str | None, country: str | None) -> bool:
    m = next((m for m in ctx.actors.mentions if m.actor == actor), None)
    if m is None and ctx.focus is not None and (country is None or country == ctx.focus.iso2):
        # "the army retook the town": the story's own army, named only by the noun
        return actor in (state_actor_id("military", ctx.focus), state_actor_id("police", ctx.focus))
    if m is None or m.kind not in STATE:
        return False
    return country is None or m.country is None or m.country == country


def _territory(ctx: Context, c: Candidate, direction: str | None) -> bool:
    winner, loser = c.actor1, c.actor2
    tok = c.trigger.token
    if winner is None and tok.dep_ in ("amod", "compound"):
        # a verb misparsed as a modifier ("the Taliban overran Faizabad" read as a name): its own
        # dependents before it are who acted, not who lost
        own = [t for ch in tok.children if ch.dep_ in ("compound", "nsubj") and ch.i < tok.i for t in ch.subtree]
        named = [m for m in ctx.actors.in_tokens(own) if m.kind in ARMED | STATE]
        if named:
            winner = c.actor1 = named[-1].actor
            loser = None if loser == winner else loser
    if direction == DIR.lose:
        # the subject lost it: the winner is who it was lost to, or the other side
        winner, loser = None, c.actor1
        for child in c.trigger.token.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                m = ctx.actors.in_tokens(list(child.subtree))
                if m:
                    winner = m[0].actor
        # "the city was lost" names no loser: who took it is found below, as for a passive capture
        winner = winner or (_opponent(ctx, loser) if loser else None)
    elif direction == DIR.withdraw:
        leaving = c.actor1
        if c.place is None or c.place.kind == "country":
            return False
        # the side that withdraws is never the taker: whoever the subject names left
        subject = {t.i for ch in c.trigger.token.children if ch.dep_ in ("nsubj", "nsubjpass") for t in ch.subtree}
        leavers = ctx.actors.in_tokens([t for t in c.trigger.token.subtree if t.i in subject])
        leaving = leaving or (leavers[0].actor if leavers else None)
        opponent = next((m.actor for m in ctx.actors.in_tokens([t for t in c.trigger.token.subtree if t.i not in subject])
                         if m.actor != leaving and m.kind in ARMED | STATE), None)
        if opponent is None:
            # ACLED: actor1 of a transfer is who takes the place over, never who left it; when the
            # story names no taker, the other side of the war, else unknown
            c.sub_event_type = SUB.transfer
            c.actor1 = _opponent(ctx, leaving, c.place.country, c=c) if leaving else None
            c.actor2 = leaving
            return True
        winner, loser = opponent, leaving
    if winner is None and direction in (DIR.forward, DIR.regain) and c.trigger.token.dep_ == "relcl":
        # "the militia that retook the town": the noun the clause describes took it
        tok = c.trigger.token
        named = [m for m in ctx.actors.in_tokens([t for t in tok.head.subtree if t.i < tok.i]) if m.kind in ARMED | STATE]
        winner = named[-1].actor if named else None
    if winner is None:
        if direction == DIR.state:
            return True  # "they still control a position": who "they" are is unknown, and stays so
        # "RSF fighters were driven out of the town": who was driven out is told, the other side took it
        country = c.place.country if c.place else None
        winner = (_opponent(ctx, loser, country, c=c) if loser else None) \
            or (_opponent(ctx, None, country) if direction == DIR.regain and loser is None else None) \
            or _main_armed(ctx, exclude=loser)
        # ("Balakliia was liberated": a town liberated by nobody named is the home state's again)
        if winner is None:
            return False
    country = c.place.country if c.place else ctx.places.focus_country
    home = _is_home_state(ctx, winner, country)
    c.actor1 = winner
    c.actor2 = loser if loser != winner else None
    if c.actor2 is None:
        c.actor2 = _opponent(ctx, winner, country)
    c.sub_event_type = SUB.regain if home else SUB.overtake
    if not home and any(m.family == FAM.withdraw for m in c.folded()) and not _fought(c):
        # "entered Afrin after the YPG pulled out": the other side left without a fight. A state back in
        # its own town ("entered Kherson after Russia withdrew") regains it, as ACLED codes a recapture.
        c.sub_event_type = SUB.transfer
    return True


_FIGHTING = {"fight", "fighting", "clash", "battle", "attack", "kill", "shell", "shelling", "bomb", "strike", "assault",
             "storm", "offensive", "combat", "firefight", "gunfight", "ambush", "siege", "airstrike", "push", "rout",
             "counteroffensive", "besiege", "overrun", "casualty", "dead", "wound"}


def _fought(c: Candidate) -> bool:
    own = {c.trigger.token.i, *(m.trigger.token.i for m in c.folded() if m.family == FAM.withdraw)}
    return any(t.lemma_.lower() in _FIGHTING for t in c.trigger.token.sent if t.i not in own)


def _attack(ctx: Context, c: Candidate) -> bool:
    if c.trigger.token.lemma_.lower() in ("find", "discover", "dump"):
        # "bodies were found": ACLED codes an attack on civilians by an unidentified group; the police
        # who found them are no party to it
        focus = ctx.focus
        c.sub_event_type, c.actor1_assumed = SUB.attack, True
        c.actor1 = f"Unidentified Armed Group ({focus.name})" if focus else "Unidentified Armed Group"
        c.actor2 = f"Civilians ({focus.name})" if focus else "Civilians"
        return True
    victim_kind = _kind(ctx, c.actor2)
    actor_kind = _kind(ctx, c.actor1)
    # who was hit: the objects, or the passive subject ("two soldiers were killed")
    hit = [*c.trigger.objects, *(ch for ch in c.trigger.token.children if ch.dep_ == "nsubjpass")]
    tok = c.trigger.token
    if tok.dep_ == "pobj" and tok.head.lower_ == "under" and tok.head.head is not tok.head:
        # "villages under Russian attack", "a convoy that came under fire": what is under it was hit
        under = tok.head.head
        hit.append(under if under.pos_ in ("NOUN", "PROPN") else
                   next((ch for ch in under.children if ch.dep_ in ("nsubj", "nsubjpass")), under))
    objects = {k for o in hit for k in ctx.object_kind(o)}
    at_protest = actor_kind in STATE and victim_kind not in ARMED and re.search(
        r"\b(protests?|protesters|demonstrat\w*|rall(y|ies)|marchers)\b", c.trigger.token.sent.text, re.I)
    if (victim_kind == "protesters" and actor_kind in STATE) or at_protest:
        # "security forces shot dead a man during protests": the force was used on a protest
        c.sub_event_type = SUB.excessive_force
        focus = ctx.focus
        crowd = f"Protesters ({focus.name})" if focus else "Protesters"
        c.actor1, c.actor2 = (c.actor2 if victim_kind == "protesters" else crowd), c.actor1
        return True
    civilian_site = any(o.lemma_.lower() in _CIVILIAN_SITES for o in c.trigger.objects)
    if civilian_site:
        c.sub_event_type = SUB.attack
    elif victim_kind in ARMED or "armed" in objects or "armed_target" in objects:
        # ACLED: an attack on soldiers, police or a military post is a clash, not violence against civilians
        c.sub_event_type = SUB.armed_clash
    elif victim_kind in _NON_ARMED or "person" in objects:
        c.sub_event_type = SUB.attack
    elif actor_kind in ARMED and ("place" in objects or "territory" in objects or "facility" in objects):
        c.sub_event_type = SUB.armed_clash
        c.actor2 = c.actor2 or _opponent(ctx, c.actor1, c.place.country if c.place is not None else None)
    elif actor_kind in ARMED or c.trigger.token.pos_ == "NOUN":
        c.sub_event_type = SUB.attack
    else:
        return False
    if c.sub_event_type == SUB.armed_clash and c.actor2 is None:
        c.actor2 = _opponent(ctx, c.actor1, c.place.country if c.place is not None else None, c=c)
    if c.sub_event_type == SUB.attack and c.actor2 is None:
        focus = ctx.focus
        c.actor2 = f"Civilians ({focus.name})" if focus else "Civilians"
    return c.actor1 is not None or c.fatalities is not None or c.trigger.token.pos_ == "NOUN"


def _protest(ctx: Context, c: Candidate) -> bool:
    sent = c.trigger.token.sent
    # the next two sentences tell how the protest went only where they speak of it (of a crowd, a march,
    # protesters): "police arrested the mayor at dawn" after a protest is not how it was broken up
    nxt = [s for s in ctx.doc.sents if s.start >= sent.end][:2]
    text = " ".join([sent.text] + [s.text for s in nxt if of_crowds(s)]).lower()
    cues = ctx.lex["protest_force"]
    focus = ctx.focus
    country = focus.name if focus else None
    c.actor1 = f"Protesters ({country})" if country else "Protesters"
    police = next((m.actor for m in ctx.actors.mentions if m.kind in STATE and m.actor.startswith("Police")), None) \
        or (state_actor_id("police", focus) if focus else None)
    excessive = [w for w in cues["excessive"] if not _alleged(text, w, cues["alleged"])]
    if any(w in text for w in cues["violent"]):
        c.sub_event_type = SUB.violent_demonstration
        c.actor1 = c.actor1.replace("Protesters", "Rioters")
        c.actor2 = police if any(_done(text, w) for w in cues["intervention"] + cues["excessive"]) else c.actor2
    elif c.fatalities or any(_done(text, w, whole=True) for w in excessive):
        c.sub_event_type = SUB.excessive_force
        c.actor2 = police
    elif any(_done(text, w) for w in cues["intervention"]):
        c.sub_event_type = SUB.intervention
        c.actor2 = police
    else:
        c.sub_event_type = SUB.peaceful
        c.actor2 = None
    return True


_ATTRIBUTIVE = re.compile(r"\b(a|an|the|of|for|his|her|their|its)\s+$")


def of_crowds(sent) -> bool:
    """The sentence speaks of a crowd: protesters, a march, a rally, rioters."""
    words = _crowd_words()
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sent)


@lru_cache(maxsize=1)
def _crowd_words() -> frozenset[str]:
    fams = [event_lexicon()["families"][f] for f in (FAM.protest, FAM.riot, FAM.mob)]
    return frozenset({w for f in fams for w in f.verbs + f.nouns if " " not in w} | PROTESTER_NOUNS | RIOTER_NOUNS)


def _alleged(text: str, cue: str, alleged: list[str]) -> bool:
    """Every telling of the cue follows, in its own clause, an allegation or a denial of it."""
    found = [m.start() for m in re.finditer(re.escape(cue), text)]
    def said_of(at: int) -> bool:
        clause = re.split(r"[.;:!?\"“”]", text[max(0, at - 60):at])[-1]
        return any(re.search(rf"\b{re.escape(w)}\b", clause) for w in alleged)
    return bool(found) and all(said_of(at) for at in found)


def _done(text: str, cue: str, whole: bool = False) -> bool:
    """The cue tells what was done, not who someone is: "police detained dozens", not "the release
    of a detained journalist"."""
    pattern = rf"\b{re.escape(cue)}\b" if whole else re.escape(cue)
    return any(not _ATTRIBUTIVE.search(text[max(0, m.start() - 8):m.start()]) for m in re.finditer(pattern, text))


def _arrest(ctx: Context, c: Candidate) -> bool:
    kind = _kind(ctx, c.actor1)
    if kind in ("non_state_armed_group", "militia"):
        c.sub_event_type = SUB.abduction
        return True
    c.sub_event_type = SUB.arrests
    if c.actor1 is None and ctx.focus is not None:
        c.actor1, c.actor1_assumed = state_actor_id("police", ctx.focus), True
    return True


def _opponent(ctx: Context, actor: str | None, country: str | None = None, c: Candidate | None = None) -> str | None:
    """The other side: the home state's forces against a group or a foreign state (Russia's troops in
    Ukraine fight Ukraine's), the main group against the home state, else the foreign state there."""
    kind = _kind(ctx, actor)
    where = country or ctx.places.focus_country
    forces = [m for m in ctx.actors.mentions if m.kind == "state_forces" and m.actor != actor]
    home = Counter(m.actor for m in forces if where is not None and m.country == where)
    own = _country_of(ctx, actor)
    if kind in ("non_state_armed_group", "militia") or actor is None:
        if home:
            return home.most_common(1)[0][0]
        states = Counter(m.actor for m in forces if country is None or m.country in (None, country))
        if states:
            return states.most_common(1)[0][0]
        # "ambushed an army patrol": the story's own army, named only by the noun
        sent = c.trigger.token.sent if c is not None else None
        if sent is not None and ctx.focus is not None and actor is not None:
            word = next((w for w in ("army", "soldier", "troop", "military", "police", "gendarme")
                         if re.search(rf"\b{w}", sent.text, re.I)), None)
            if word:
                return state_actor_id("police" if word == "police" else "military", ctx.focus)
        return None
    if kind in STATE:
        if own is not None and where is not None and own != where and (home or where in countries()):
            # a foreign state's forces on another's soil fight that state's, named or not
            return home.most_common(1)[0][0] if home else state_actor_id("military", countries()[where])
        group = _main_armed(ctx, exclude=actor, kinds={"non_state_armed_group", "militia"})
        if group is not None or own is None or own != where:
            return group
        # a state in its own land with no group in the story: the foreign state fighting there
        foreign = Counter(m.actor for m in forces if m.country is not None and m.country != where)
        return foreign.most_common(1)[0][0] if len(foreign) == 1 else None
    return None


def _country_of(ctx: Context, actor: str | None) -> str | None:
    return next((m.country for m in ctx.actors.mentions if m.actor == actor and m.country), None) if actor else None


def _main_armed(ctx: Context, exclude: str | None = None, kinds: set[str] | None = None) -> str | None:
    kinds = kinds or {"non_state_armed_group", "militia"}
    counts = Counter(m.actor for m in ctx.actors.mentions if m.kind in kinds and m.actor != exclude
                     and not m.actor.startswith("Unidentified"))
    return counts.most_common(1)[0][0] if counts else None


def acled_sides(c: Candidate) -> None:
    """ACLED's sides of political violence: a state fights through its forces ("Russia said it struck"
    is Military Forces of Russia, not its government), and civilians are only ever its victims."""
    if ACLED_TYPES.get(c.sub_event_type or "") not in VIOLENT_TYPES:
        return
    if c.actor1 and c.actor1.startswith("Civilians"):
        c.actor1, c.actor2 = None, c.actor2 or c.actor1
    c.actor1, c.actor2 = _forces_of(c.actor1), _forces_of(c.actor2)


def _forces_of(actor: str | None) -> str | None:
    if actor is None or not actor.startswith("Government"):
        return actor
    return actor.replace("Government of ", "Military Forces of ", 1).replace("Government (", "Military Forces (", 1)

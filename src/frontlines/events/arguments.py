"""Argument finding: for one trigger, on the dependency parse, who acted, on whom, where, when, in
which time status (negation, modality, background), and who says so."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Span, Token

from .. import dates as dates_mod
from ..actors import (MILITARY_NOUNS, NSAG_DESCRIPTORS, UNIDENTIFIED, ActorMention, attributive, country_force,
                      relocated, sponsor)
from ..claims import claim_for, claimed_by
from ..lexicons import ACLED_TYPES, DIR, FAM, RES, TYPE, actor_lexicon, event_lexicon
from ..model import Place
from ..places.gazetteer import normalize
from ..places.resolve import add_place
from .candidate import ARMED, STATE, Candidate
from .numbers import parse_number
from .context import Context
from .triggers import PARTITIVE, Trigger

_PLACE_NOUNS = {"city": "city", "town": "city", "village": "city", "capital": "city", "district": "district",
                "province": "province", "region": "region", "areas": "region", "area": "region", "center": "city",
                "centre": "city", "villages": "city", "towns": "city", "locality": "city", "settlement": "city"}
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "latest", "last", "only", "next", "biggest",
             "largest"}
_INDEFINITE = {"another", "a", "an", "one", "several", "two", "three", "some", "other"}
_SETTLEMENTS = {"village", "settlement", "town", "area", "position", "locality", "hamlet", "district", "city"}
_PARTIAL = re.compile(r"\b(most of|parts? of|half of|much of|largely|partially|partly|some areas|some parts|"
                      r"rest of|outskirts)\b", re.I)



def candidate(ctx: Context, trig: Trigger, sent: Span, all_triggers: list[Trigger]) -> Candidate | None:
    tok = trig.token
    fam = trig.family
    if negated(tok) or _background_cause(tok) or _habitual(tok) or _summary(ctx, tok) \
            or (fam.resolver == RES.territory and _held_for(tok)):
        ctx.declined.add(sent.start)  # read, and no happening: not the sentence model's to make one
        said = ctx.sources.attribution_for(tok) if negated(tok) else None
        if said is not None and said.source:
            ctx.denied_acts.append((said.source, fam.name, (sent.start_char, sent.end_char)))
        return None
    status = modality(ctx, tok)
    if status == "hypothetical":
        ctx.declined.add(sent.start)
        return None
    if tok.lemma_ == "engage" and any(c.dep_ == "prep" and c.lower_ == "in" for c in tok.children) \
            and not any(c.dep_ == "dobj" for c in tok.children):
        return None  # "engaged in development work": taking part, not fighting ("engaged in fighting" is the fighting's)
    if tok.lemma_.lower() in ("bomber", "attacker", "gunman") and tok.dep_ in ("dobj", "nsubjpass", "attr") \
            and not any(c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for c in tok.children):
        return None  # a bomber who acts is a bombing; "a vehicle carrying suicide bombers", "killed bombers" are people
    if fam.direction == DIR.fall and not _falls_as_territory(ctx, tok):
        ctx.declined.add(sent.start)
        return None
    if fam.requires_crowd and not re.search(r"\b(protest|crowd|mob|rioters|demonstrat|youths|angry)\w*", sent.text, re.I):
        return None
    scope = _scope(tok, all_triggers)
    agent = _agent(ctx, tok, authored=fam.resolver != RES.protest, family=fam.name)
    if fam.name in (FAM.attack, FAM.looting) and (agent is None or agent.kind not in ARMED | STATE) and _not_political(ctx, sent):
        return None
    if fam.resolver == RES.protest and tok.pos_ == "VERB" and tok.lemma_.lower() in ("gather", "rally", "march") \
            and (agent is not None and agent.kind in ARMED or _armed_noun(_subject(tok))):
        return None  # "militants gathered in the area", "troops marched on the town": no crowd protests
    patient = _patient(ctx, tok, trig)
    if fam.requires_armed_subject and (agent is None or agent.kind not in ARMED):
        return None
    if fam.agent_nouns and tok.pos_ in ("VERB", "AUX"):
        # "warplanes struck", "struck the port with drones"
        subject = {t.lower_ for c in tok.children if c.dep_ in ("nsubj", "agent") or c.lower_ in ("with", "using")
                   for t in c.subtree}
        if not subject & fam.agent_nouns:
            return None
    place, facility = _place(ctx, tok, trig, scope, sent)
    if fam.direction == DIR.fall and place is None:
        return None  # "the old days are gone", "prices fell": nothing that fell is a place
    date, explicit = date_of(ctx, tok, scope, sent)
    if not explicit and _earlier_clause(tok):
        return None  # "since the Taliban took control", "the week after Kabul fell": told before, not new
    if status == "current" and background(ctx, date, explicit):
        status = "historical"
    if status == "current" and _ongoing(tok):
        status = "ongoing"
    claim = claim_for(ctx.sources, sent, tok)
    if trig.phrase.startswith(("claim ", "declare ")):
        # "Taliban claim victory in Panjshir": the claimant's own word, unverified
        claim = claimed_by(ctx.sources, next((c for c in tok.children if c.dep_ == "nsubj"), None), sent) or claim
    extent = None
    if fam.resolver == RES.territory or fam.name == FAM.handover:
        held = list(trig.objects) + ([c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                                     if fam.direction == DIR.fall else [])
        obj_text = " ".join(" ".join(t.text for t in o.subtree) for o in held)
        # "three hamlets in Kherson oblast were taken": some of the province, not the province
        some = place is not None and place.kind in ("province", "country") and any(
            o.tag_ == "NNS" and o.lemma_.lower() in _SETTLEMENTS for o in held)
        extent = "partial" if _PARTIAL.search(obj_text) or some or re.search(r"\blargely\b", sent.text, re.I) else "full"
    cand = Candidate(
        trigger=trig, family=fam.name, sub_event_type=fam.sub_event_type,
        actor1=agent.actor if agent else None,
        actor2=relocated(patient, place.country if place is not None and place.resolved else None) if patient else None,
        place=place, facility=facility, date=date, date_explicit=explicit, time_status=status,
        fatalities=None, quantities={}, extent=extent, claims=[claim],
        evidence=[(sent.start_char, sent.end_char)], state_only=(fam.direction == DIR.state), position=tok.i,
        focal_at_creation=ctx.focal,
        place_in_scope=place is not None and any(ctx.places.by_token.get(t.i) == place.id for t in scope),
        place_told=place is not None and any(sent.start_char <= s < sent.end_char for s, _ in place.spans),
    )
    return cand




def _subject(tok: Token) -> Token | None:
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and tok.dep_ == "acl":
        subject = tok.head  # "fighters gathered in the area", "an interceptor falling on a road"
    return subject


def _armed_noun(tok: Token | None) -> bool:
    """"fighters", "troops", "gunmen": the actor lexicon's nouns for armed men, named or not."""
    return tok is not None and tok.lower_ in NSAG_DESCRIPTORS | MILITARY_NOUNS | UNIDENTIFIED


def _falls_as_territory(ctx: Context, tok: Token) -> bool:
    """"the town fell", "it fell to the rebels": what falls is a place, a base or a pronoun for one;
    "half fell harmlessly in orchards" (rockets), "prices fell" tell of no change of hands."""
    subject = _subject(tok)
    if subject is None or subject.pos_ == "PRON":
        return True
    if any(c.dep_ == "prep" and c.lower_ == "to" and _first_actor(ctx, list(c.subtree), ARMED | STATE) for c in tok.children):
        return True
    if subject.lower_ in PARTITIVE:
        # "the rest of the city fell" names a place; "the rest fell" (of the rockets) does not
        subject = next((p for prep in subject.children if prep.dep_ == "prep" and prep.lower_ == "of"
                        for p in prep.children if p.dep_ == "pobj"), None)
        if subject is None:
            return False
    return bool(ctx.object_kind(subject) & {"place", "territory", "facility"}) or subject.ent_type_ in ("GPE", "LOC", "FAC")



def background(ctx: Context, date: dates_mod.ResolvedDate | None, explicit: bool) -> bool:
    """Told as background: the date's whole period ended over a week before publication; a day named
    outright stays news for two months (it still dates a change of hands)."""
    if date is None or ctx.published is None:
        return False
    settings = ctx.service.settings
    dated = settings.dated_current_days if explicit else None
    return date.before_the_story(ctx.published, settings.historical_after_days, dated)


def _background_cause(tok: Token) -> bool:
    """"in response to attacks on shipping": an earlier event given as a reason, told elsewhere."""
    return any(a.lemma_.lower() in ("response", "retaliation", "revenge", "reprisal", "reaction", "follow")
               for a in list(tok.ancestors)[:5])


def _earlier_clause(tok: Token) -> bool:
    """A verb in a clause opened by "since", "after", "once" or "when" recalls an earlier event."""
    node = _clause_verb(tok)
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in ("since", "after", "once", "when")
                                                for c in node.children):
            return True
        if node.dep_ == "pcomp" and node.head.lower_ in ("since", "after"):
            return True
        if node.head is node or node.dep_ not in ("conj", "xcomp"):
            break
        node = node.head
    return False


_SPANS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"}


def _held_for(tok: Token) -> bool:
    """"had occupied the village for eight months", "have held Rubaya since 2024": an occupation told as
    the background of the story (a perfect over a span), not a new capture."""
    perfect = any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in tok.children)
    return perfect and any(c.dep_ == "prep" and (c.lower_ == "since" or c.lower_ == "for" and any(
        t.lower_ in _SPANS for t in c.subtree)) for c in tok.children)


def _habitual(tok: Token) -> bool:
    """"al-Shabaab frequently targets security forces", "has faced repeated violence": a pattern, not an event."""
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in _REPEATED for c in tok.children):
        return True
    if tok.tag_ == "NNS" and any(c.dep_ == "amod" and c.lower_ in ("recent", "latest", "previous", "past")
                                 for c in tok.children):
        return True  # "condemned the recent attacks": a series told as such
    return tok.tag_ in ("VBZ", "VBP") and any(c.lower_ in ("frequently", "often", "regularly", "routinely", "usually",
                                                           "repeatedly", "typically") for c in tok.children)


_REPEATED = {"repeated", "frequent", "regular", "recurrent", "recurring", "sporadic", "persistent", "constant",
             "near-daily", "daily", "nightly", "routine"}


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause a trigger noun sits in ("shaken by clashes": shaken)."""
    node = tok
    for _ in range(3):
        if node.head is node or (node.pos_ in ("VERB", "AUX") and not (node is tok and node.dep_ == "pcomp")):
            break
        if node.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "pcomp", "prep", "agent", "attr"):
            break
        node = node.head
    return node


def _perfect(verb: Token) -> bool:
    """"has seized", "have been killed", "has been rocked": the present perfect, told as a state of things."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve", "'s") for c in verb.children)


def _summary(ctx: Context, tok: Token) -> bool:
    """A present perfect over a span sums up many happenings: "the district has been shaken by clashes
    since early spring", "hundreds of thousands have been killed since the war started", "thousands have
    died in the conflict", "have intensified raids over the past weeks". A span that
    began days ago ("have been killed since Sunday") tells of one."""
    if tok.tag_ == "VBG" and tok.dep_ in ("conj", "advcl") and tok.head.i != tok.i:
        # "has carried out attacks across the state, killing and abducting residents": the participle
        # tells what the summed-up attacks did
        return _summary(ctx, tok.head)
    verb = _clause_verb(tok)
    if not _perfect(verb):
        return False
    ts = ctx.lex["time_status"]
    spans, wars = set(ts["span_nouns"]), set(ts["war_nouns"])
    clause = [t for t in verb.subtree if t.sent == verb.sent]
    low = " ".join(t.lower_ for t in clause)
    if any(w in low for w in ts["tally_words"]):
        return True
    named = [ctx.places.place(ctx.places.by_token[t.i]) for t in clause if t.i in ctx.places.by_token]
    countrywide = re.search(r"\b(large parts|most|much|swathes|swaths|half|a third|a quarter) of\b", low) and (
        "country" in low or any(p is not None and p.kind == "country" for p in named))
    dated = any(e.label_ == "DATE" for e in verb.sent.ents)
    if countrywide and not dated:
        return True  # "has taken much of the country": where the war stands, not one happening
    if not dated and tok.tag_ == "NNS" and tok.dep_ == "dobj" and tok.head.i == verb.i \
            and not any(c.dep_ == "nummod" for c in tok.children):
        return True  # "have carried out reprisal raids across the province": many happenings, no day
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if not dated and subject is not None and subject.tag_ == "NNS" and verb.lemma_.lower() not in ("kill", "die") and (
            subject.lower_ in _VAGUE_MANY or any(c.lower_ in _VAGUE_MANY for c in subject.children if c.dep_ in ("amod", "det"))):
        return True  # "many fighters have defected", "hundreds have joined the group": a drift, no one happening
    if subject is not None and subject.lemma_.lower() in wars:
        return True  # "the war has killed 14,000", "the army's campaign has displaced thousands": the war's toll
    if not dated and verb.lemma_.lower() in ("kill", "die") and _largest_count(clause) >= _RUNNING_TOTAL:
        return True  # "says it has killed some 17,000 fighters": a running total, no one happening
    for t in clause:
        if t.lower_ == "since":
            tail = t.doc[t.i + 1:t.right_edge.i + 1] if t.dep_ == "prep" else t.head.subtree
            text = " ".join(x.text for x in tail)
            r = dates_mod.resolve(text, ctx.published) if ctx.published else None
            if r is None or r.date < ctx.published - dt.timedelta(days=ctx.service.settings.historical_after_days):
                return True  # a span that began over a week ago, or at an event ("since the war began")
        if t.lower_ in spans and (t.head.lower_ in ("for", "over") or any(c.lower_ in ("recent", "past", "last")
                                                                          for c in t.children)):
            return True  # "for months", "in recent days", "over the past two weeks"
        if t.lemma_.lower() in wars and t.dep_ == "pobj" and t.head.lower_ in ("in", "during", "since") \
                and verb.lemma_.lower() in ("kill", "die") and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
            return True  # "have died in the fighting": the war's toll
    return False


# Dead in one happening beyond this are rare enough that an undated present perfect count is a tally
_RUNNING_TOTAL = 1000
_VAGUE_MANY = {"many", "numerous", "countless", "hundreds", "thousands", "scores", "dozens"}


def _largest_count(tokens: list[Token]) -> int:
    best = 0
    for t in tokens:
        if t.like_num or t.ent_type_ == "CARDINAL":
            best = max(best, parse_number(t.text) or 0)
    return best


def _not_political(ctx: Context, sent: Span) -> bool:
    low = sent.text.lower()
    return any(re.search(rf"\b{re.escape(w)}", low) for words in ctx.lex["not_political"].values() for w in words)


def negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    # "no one was killed", "without capturing"
    return tok.head.lower_ in event_lexicon()["time_status"]["negation"] and tok.dep_ == "pcomp"


def modality(ctx: Context, tok: Token) -> str:
    """hypothetical ("would be a gain"), future ("plans to attack") or current, looking up the
    clause chain until a reporting verb (what a source says is judged by the source's words)."""
    if tok.dep_ in ("acl", "advcl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
            and not any(c.lower_ in _ORDINALS for c in tok.head.children):
        return "future"
    if tok.dep_ in ("relcl", "ccomp") and tok.head.dep_ in ("appos", "attr", "npadvmod") \
            and any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children):
        return "historical"
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if tok.pos_ in ("NOUN", "PROPN") and before is not None and before.lemma_.lower() in ctx.future_heads | {"planning", "plotting"}:
        return "future"  # "cells plotting bombings", however the parser tagged "plotting"
    node = tok
    presupposed = False  # "three boys may have died in the drone strike": the strike happened, the deaths are in doubt
    for _ in range(8):
        aux = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if aux & ctx.hypo_aux and not (presupposed and "have" in aux):
            return "hypothetical"
        if aux & ctx.future_aux:
            return "future"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return "hypothetical"
        if node.lemma_.lower() in ctx.future_heads and node is not tok:
            return "future"
        to = next((c for c in node.children if c.dep_ == "aux" and c.lower_ == "to"), None)
        if to is not None and to.i > 0 and node.doc[to.i - 1].lemma_.lower() in ctx.future_heads:
            return "future"  # "as the rebels vow to expand their attacks", whatever the parser made of "vow"
        if node.lemma_.lower() in ("ability", "capacity", "chance", "possibility", "risk", "threat", "fear", "bid",
                                   "attempt", "effort", "plan", "test", "failure", "goal", "aim"):
            return "hypothetical"
        if node.dep_ == "ROOT" or node.head is node:
            break
        if ctx.sources.stance_of.get(node.head.lemma_.lower()) and node.dep_ in ("ccomp", "xcomp"):
            break
        if node is tok and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "by", "during"):
            presupposed = True
        node = node.head
    return "current"


def _ongoing(tok: Token) -> bool:
    words = {tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children} | {tok.head.lemma_.lower()}
    return bool(words & set(event_lexicon()["time_status"]["ongoing_words"]))


def _scope(tok: Token, triggers: list[Trigger]) -> list[Token]:
    """The trigger's own clause: its subtree without conjoined clauses, reported or relative
    clauses, or other triggers' clauses."""
    others = {t.token.i for t in triggers if t.token.i != tok.i}
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.i in others and c.pos_ in ("VERB", "AUX"):
                continue
            if c.dep_ in ("ccomp", "relcl", "parataxis", "nsubj", "advcl") or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _first_actor(ctx: Context, tokens, kinds: set[str] | None = None) -> ActorMention | None:
    ms = [m for m in ctx.actors.in_tokens(tokens) if kinds is None or m.kind in kinds]
    return ms[0] if ms else None


def _agent(ctx: Context, tok: Token, authored: bool = True, family: str = "") -> ActorMention | None:
    """Who acted: the subject, the passive agent, "fell to X", a group named on the noun; for an event
    noun with no one named, the state it names as its author ("a Russian missile strike")."""
    found = _named_agent(ctx, tok, "police" if family == FAM.arrest else "military" if authored else None)
    if found is None and authored and tok.pos_ in ("NOUN", "PROPN") \
            and not any(c.dep_ == "prep" and c.lower_ == "by" for c in tok.children):
        author = sponsor(tok, ctx.places.focus_country)
        if author is not None:
            return ActorMention(tok.i, tok.i + 1, author, "state_forces", None, "sponsor")
    return found


def _named_agent(ctx: Context, tok: Token, force: str | None = None) -> ActorMention | None:
    """`force`: the kind of state force a country named as the subject stands for ("Russia struck")."""
    node = tok
    for _ in range(6):
        for c in node.children:
            if c.dep_ == "nsubj":
                m = _first_actor(ctx, _np(c)) or _acted_by(ctx, c) or _member_of(ctx, c) \
                    or _country_acting(ctx, node, c, force)
                if m is not None:
                    return m
            if c.dep_ == "agent":
                m = _first_actor(ctx, list(c.subtree))
                if m is not None:
                    return m
            if c.dep_ in ("poss", "compound", "amod") and node.pos_ in ("NOUN", "PROPN", "AUX") and node is tok:
                m = _first_actor(ctx, list(c.subtree), ARMED | STATE)
                if m is not None:
                    return m
            if c.dep_ == "prep" and c.lower_ == "by" and node.pos_ in ("NOUN", "PROPN"):
                m = _first_actor(ctx, list(c.subtree))
                if m is not None:
                    return m
        if node is tok and node.pos_ in ("NOUN", "PROPN"):
            m = _acted_by(ctx, node)
            if m is not None:
                return m
        # "fell to the Taliban", "succumb to Taliban fighters"
        for c in node.children:
            if c.dep_ == "prep" and c.lower_ == "to" and node.lemma_ in ("fall", "succumb"):
                m = _first_actor(ctx, list(c.subtree))
                if m is not None:
                    return m
            if c.dep_ == "prep" and c.lower_ == "under" and node is tok:
                held = next((p for p in c.children if p.dep_ == "pobj" and p.lemma_ == "control"), None)
                m = _whose_control(ctx, held) if held is not None else None
                if m is not None:
                    return m
        if node.dep_ in ("conj", "xcomp", "advcl", "pcomp", "relcl", "acl", "pobj", "prep", "dobj", "nsubjpass", "attr",
                         "compound") \
                and node.head is not node:
            parent = node.head
            if ctx.sources.stance_of.get(parent.lemma_.lower()) and node.dep_ in ("ccomp", "xcomp"):
                if node.dep_ == "xcomp":
                    # "the rebels claimed to have pushed the troops out": who claims to have done it is its doer
                    subject = next((c for c in parent.children if c.dep_ == "nsubj"), None)
                    return _first_actor(ctx, _np(subject)) if subject is not None else None
                return None
            node = parent
            continue
        break
    return None


def _whose_control(ctx: Context, control: Token) -> ActorMention | None:
    """"under rebel control", "under the control of the army", "under its control": who holds it. A
    possessive pronoun is the last armed side or state its sentence named before it ("the army said
    the towns were under its control")."""
    for c in control.children:
        if c.dep_ in ("poss", "amod", "compound") and c.lower_ in ("its", "their"):
            named = [m for m in ctx.actors.in_tokens(list(control.sent)) if m.end <= c.i and m.kind in ARMED | STATE]
            return named[-1] if named else None
        if c.dep_ in ("poss", "amod", "compound"):
            m = _first_actor(ctx, list(c.subtree), ARMED | STATE)
            author = country_force(c, "military") if m is None else None
            if m is not None or author:
                return m or ActorMention(c.i, c.i + 1, author, "state_forces", None, "country")
        if c.dep_ == "prep" and c.lower_ == "of":
            m = _first_actor(ctx, list(c.subtree), ARMED | STATE)
            if m is not None:
                return m
    return None


def _country_acting(ctx: Context, verb: Token, subject: Token, force: str | None) -> ActorMention | None:
    if force is None or ctx.sources.stance_of.get(verb.lemma_.lower()) or verb.lemma_.lower() in ("accuse", "blame"):
        return None  # "Sudan accused the RSF of shelling": the speaker, not the author
    author = country_force(subject, force)
    return ActorMention(subject.i, subject.i + 1, author, "state_forces", None, "country") if author else None


def _member_of(ctx: Context, noun: Token) -> ActorMention | None:
    """"fighters of the Islamic State", "troops from the 5th brigade": the side the men belong to."""
    if noun.lower_ not in _members():
        return None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "from"):
            m = _first_actor(ctx, list(c.subtree), ARMED | STATE)
            if m is not None:
                return m
    return None


@lru_cache(maxsize=1)
def _members() -> frozenset[str]:
    return frozenset(actor_lexicon().get("members", []))


def _acted_by(ctx: Context, noun: Token) -> ActorMention | None:
    """"a rocket fired by the militia", "a drone used by the army", "an attack carried out by gunmen"."""
    for c in noun.children:
        if c.dep_ == "acl":
            by = next((a for a in c.children if a.dep_ == "agent"), None)
            m = _first_actor(ctx, list(by.subtree)) if by is not None else None
            if m is not None:
                return m
    return None


def _np(tok: Token) -> list[Token]:
    """A noun phrase without its clauses and prepositional phrases ("The Afghan government in Kabul")."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "prep", "ccomp"))
    return out


def _patient(ctx: Context, tok: Token, trig: Trigger) -> ActorMention | None:
    for o in trig.objects:
        m = _first_actor(ctx, _np(o))
        if m is None and (o.like_num or o.lower_ in ("some", "many", "several", "dozens", "most", "all")):
            # "killed 12 of its soldiers": whose they are follows the count
            m = _first_actor(ctx, [t for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "of"
                                   for t in prep.subtree])
        if m is not None:
            return m
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "against", "on", "with", "at"):
            m = _first_actor(ctx, list(c.subtree))
            if m is not None:
                return m
    if trig.family.direction in (DIR.regain, DIR.forward):
        # "retook the village of X in the Y region from Russian forces": the parse may hang "from" low
        for t in tok.subtree:
            if t.dep_ == "prep" and t.lower_ == "from":
                m = _first_actor(ctx, list(t.subtree), ARMED | STATE)
                if m is not None:
                    return m
    return None


# -- where -------------------------------------------------------------------------------------
def _place(ctx: Context, tok: Token, trig: Trigger, scope: list[Token], sent: Span) -> tuple[Place | None, str | None]:
    """Where: the finest place the reading gives. A country is where only when nothing finer is told:
    "killed in eastern Chad ... in the town of Bol" happened in Bol."""
    place, facility = _place_reading(ctx, tok, trig, scope, sent)
    if place is None or place.kind != "country":
        return place, facility
    finer = [ctx.places.place(ctx.places.by_token[t.i]) for t in sent
             if t.i in ctx.places.by_token and t.i not in ctx.places.dateline]
    finer = [p for p in finer if p is not None and p.resolved and p.kind != "country" and p.country == place.country]
    if finer:
        return next((p for p in finer if p.kind != "province"), finer[0]), facility
    for p in (ctx.focal, ctx.lead_place):
        if p is not None and p.country == place.country:
            return p, facility
    return place, facility


def _place_reading(ctx: Context, tok: Token, trig: Trigger, scope: list[Token], sent: Span) -> tuple[Place | None, str | None]:
    facility = _facility(ctx, scope)
    if facility is None and tok.dep_ == "relcl":
        # "the main prison building, where 500 inmates were freed"
        facility = _facility(ctx, [t for t in tok.head.subtree if t.i <= tok.head.i])
    if trig.family.direction == DIR.withdraw and not any(c.dep_ == "prep" and c.lower_ in ("from", "out") for c in tok.children):
        return None, facility  # "withdrew to the airport" moves troops inside a place, it hands nothing over
    # explicit toponyms in the trigger's own clause, objects first
    obj_tokens = [t for o in trig.objects for t in o.subtree]
    ordered = obj_tokens + [t for t in scope if t not in obj_tokens]
    subject_ids = {t.i for c in tok.children if c.dep_ == "nsubj" for t in c.subtree}
    if trig.family.direction == DIR.fall:
        # "Sheberghan fell to the Taliban despite the militia of ...": what fell is the subject
        ordered = [t for c in tok.children if c.dep_ == "nsubj" for t in c.subtree] + \
            [t for t in ordered if t.i not in subject_ids]
    # "M23 seized Kalehe", "junta forces shelled Mindat", "fighting in Kalehe": a name the tagger did
    # not take for a place, where only a place can be (what changes hands or is shelled, what is "in")
    objects = {o.i for o in trig.objects} if trig.family.resolver == RES.territory or \
        ACLED_TYPES.get(trig.family.sub_event_type or "") == TYPE.explosions else set()
    for t in ordered:
        if t.i in subject_ids and trig.family.direction != DIR.fall or t.i in ctx.places.dateline or attributive(t):
            continue
        pid = ctx.places.by_token.get(t.i)
        if pid is None and (t.i in objects or trig.family.direction == DIR.fall and t.i in subject_ids
                            or t.dep_ == "pobj" and t.head.lower_ in ("in", "near", "around", "outside")):
            held = _unlabelled_town(ctx, [t])
            if held is not None:
                return held, facility
        if pid is None:
            continue
        place = ctx.places.place(pid)
        if place is None or place.kind == "country" and (_has_city_noun(obj_tokens) or t.dep_ in ("compound", "amod", "poss")):
            continue  # "a major US air base" is not in the United States
        capital = _capital_of(ctx, t, place)
        if capital is not None:
            return capital, facility
        if place.kind == "district" and trig.family.resolver == RES.territory:
            place = _centre_of(ctx, t, place) or place
        if place.kind == "country" and trig.family.resolver == RES.territory:
            continue  # a country is not what falls in one day; look for the town
        return place, facility
    # "heavy fighting is underway in Herat", "clashes erupted in the town": a trigger noun that is the
    # subject of its clause happened where that clause says
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX", "ADJ", "ADV"):
        own = {t.i for t in tok.subtree}
        clause = [t for t in _scope(tok.head, []) if t.i not in own]
        for t in clause:
            pid = ctx.places.by_token.get(t.i)
            place = ctx.places.place(pid) if pid is not None and t.i not in ctx.places.dateline and not attributive(t) else None
            if place is not None and place.kind != "country":
                return _capital_of(ctx, t, place) or place, facility
    # "fell to": the place is the subject, named or anaphoric ("It was the fourth capital to fall")
    if trig.family.direction == DIR.fall:
        for c in tok.children:
            if c.dep_ == "nsubj":
                for t in c.subtree:
                    pid = ctx.places.by_token.get(t.i)
                    if pid:
                        return ctx.places.place(pid), facility
        if "gone" in trig.phrase:
            return None, facility  # "the old days are gone": only a named place that is gone has fallen
        # "an interceptor falling on the pitch", "prices fell": what fell is no place
        what = [c for c in tok.children if c.dep_ == "nsubj"] or ([tok.head] if tok.dep_ in ("acl", "relcl") else [])
        if any(w.pos_ in ("NOUN", "PROPN") and w.lower_ not in _PLACE_NOUNS and w.lemma_.lower() not in _PLACE_NOUNS
               and w.lower_ not in ctx.lex["objects"]["territory"] for w in what):
            return None, facility
        return ctx.focal, facility
    # a place noun with no name: unnamed ("another provincial capital") or anaphoric ("the city")
    for t in ordered:
        kind = _PLACE_NOUNS.get(t.lower_)
        if kind is None or t.dep_ == "compound" or t.i in subject_ids:
            continue
        dets = {c.lower_ for c in t.children if c.dep_ in ("det", "amod", "nummod")}
        if kind in ("city", "district", "province") and (dets & _INDEFINITE or "neighboring" in dets or "neighbouring" in dets):
            span = t.doc[t.left_edge.i:t.i + 1]
            return add_place(ctx.places, ctx.doc, span, kind=kind, country=ctx.places.focus_country), facility
        named = _antecedent(ctx, t, kind) if t.lower_ in ("city", "town", "village") else None
        if named is not None:
            return named, facility  # "withdrew from Hama, and the rebels walked into the city"
        if ctx.focal is not None and (kind == ctx.focal.kind or kind in ("region", "city")):
            return ctx.focal, facility
    if facility is not None and ctx.focal is not None:
        return ctx.focal, facility
    if trig.family.direction == DIR.withdraw:
        return None, facility  # "troops complete their pullout": from where is not said
    # toponyms elsewhere in the sentence, outside speakers' own descriptions
    speakers = {t.i for a in ctx.sources.attributions if a.verb is not None and a.verb.sent == sent
                for c in a.verb.children if c.dep_ in ("nsubj",) for t in c.subtree}
    for t in sent:
        pid = ctx.places.by_token.get(t.i)
        if pid and t.i not in speakers and t.i not in ctx.places.dateline:
            place = ctx.places.place(pid)
            if place is not None and place.kind != "country":
                if ctx.focal is not None and place.kind == "province" and ctx.focal.admin1_code == place.admin1_code:
                    return ctx.focal, facility  # the story's town is the more precise reading
                return place, facility
    if any(t.i in ctx.places.by_token and t.i not in ctx.places.dateline for t in sent):
        return ctx.focal, facility  # "their takeover of Afghanistan": the sentence says where, if only a country
    return ctx.focal or ctx.lead_place, facility


def _antecedent(ctx: Context, tok: Token, kind: str) -> Place | None:
    """The town "the city" refers back to: the last one named before it, in its sentence or the one
    before (a narrative moving from town to town), else None."""
    prev = [s for s in ctx.doc.sents if s.end <= tok.sent.start][-1:]
    start = prev[0].start_char if prev else tok.sent.start_char
    # a town inside its sentence's subject names who speaks or acts ("the government in Kabul denies
    # it has lost the city"), not the city
    subjects = {t.idx for t in tok.sent if t.dep_ in ("nsubj", "nsubjpass") for t in t.subtree}
    best, at = None, -1
    for p in ctx.places.places:
        if p.kind != kind or not p.resolved:
            continue
        for a, _ in p.spans:
            if max(start, ctx.body_start) <= a < tok.idx and a > at and a not in subjects:
                best, at = p, a
    return best


def _unlabelled_town(ctx: Context, held: list[Token]) -> Place | None:
    """What changes hands is a place, even when the tagger took its name for a person's."""
    for t in held:
        entry = ctx.unlabelled_town(t)
        if entry is not None:
            return _town_place(ctx, ctx.doc[t.i:t.i + 1], entry)
    return None


def _has_city_noun(tokens: list[Token]) -> bool:
    return any(t.lower_ in ("capital", "city", "town", "village") for t in tokens)


def _capital_of(ctx: Context, tok: Token, place: Place) -> Place | None:
    """"the capital of Kunduz province" is the city, not the province."""
    if place.kind not in ("province", "country"):
        return None
    node = tok
    while node.dep_ in ("compound", "poss", "amod", "case") and node.head is not node:
        node = node.head
    if not (node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lower_ == "capital"):
        return None
    if place.kind == "province":
        cands = [e for e in ctx.gaz.candidates(place.name or "", limit=20)
                 if e.kind == "city" and e.country == place.country and e.admin1_iso == place.admin1_code]
        if not cands:
            cands = _dominant_city(ctx, place)
    else:
        cands = [e for e in ctx.gaz.candidates(place.name or "", limit=5) if e.feature_code == "PPLC"]
    if not cands:
        return None
    best = max(cands, key=lambda e: e.population or 0)
    return _town_place(ctx, ctx.doc[node.head.head.left_edge.i:node.head.head.i + 1], best)


def _town_place(ctx: Context, span: Span, best) -> Place:
    """The story's place for a gazetteer town, registered on `span` when the story has none yet."""
    for p in ctx.places.places:
        if p.geonameid == best.geonameid:
            return p
    kind = "district" if best.kind == "admin2" else "city"
    new = add_place(ctx.places, ctx.doc, span, kind=kind, country=best.country, name=best.name)
    new.geonameid, new.admin1, new.admin1_code, new.admin2 = best.geonameid, best.admin1_name, best.admin1_iso, best.admin2_name
    new.lat, new.lon, new.precision, new.resolved = best.lat, best.lon, 1, True
    if best.lat is None and best.admin1_code and (state := ctx.gaz.admin1(best.country, best.admin1_code)) is not None:
        new.lat, new.lon, new.precision = state.lat, state.lon, 3  # a district with no point: its province's
    return new


def _centre_of(ctx: Context, tok: Token, district: Place) -> Place | None:
    """"rode into the district of Zaranj": a district taken is its centre, the town it is named for
    (ACLED places a district's capture at its centre); a district with no such town stays itself."""
    norm = normalize(district.name or "")
    cands = [e for e in ctx.gaz.candidates(district.name or "", limit=10) if e.kind == "city"
             and e.country == district.country and e.admin1_iso == district.admin1_code and normalize(e.name) == norm]
    if not cands:
        return None
    return _town_place(ctx, ctx.doc[tok.i:tok.i + 1], max(cands, key=lambda e: e.population or 0))


def _dominant_city(ctx: Context, province: Place) -> list:
    """A province's capital is usually its largest town; trust that only when the largest town is
    at least twice the size of the next, otherwise the capital stays unknown."""
    entry = ctx.gaz.get(province.geonameid) if province.geonameid else None
    if entry is None or not entry.admin1_code:
        return []
    towns = ctx.gaz.largest_cities(entry.admin1_code, limit=2)
    if towns and (len(towns) == 1 or towns[0].population >= 2 * max(towns[1].population, 1)):
        return towns[:1]
    return []


def _facility(ctx: Context, scope: list[Token]) -> str | None:
    if not scope:
        return None
    lo, hi = scope[0].idx, scope[-1].idx + len(scope[-1].text)
    ids = {t.idx for t in scope}
    for s, e, text in ctx.facilities:
        if lo <= s < hi and any(s <= i < e for i in ids):
            name = re.sub(r"^(the |city's |city’s )", "", text, flags=re.I)
            return name
    return None


# -- when --------------------------------------------------------------------------------------
def date_of(ctx: Context, tok: Token, scope: list[Token], sent: Span) -> tuple[dates_mod.ResolvedDate | None, bool]:
    scope_ids = {t.i for t in scope}
    m = re.search(r"\b(a|one|two|three|four|five) (day|week)s? (after|before)\b", sent.text, re.I)
    if m and tok.idx >= sent.start_char + m.end():
        ref = next((r for e in sent.ents if e.label_ == "DATE" and e.start_char < sent.start_char + m.start()
                    for r in [dates_mod.resolve(e.text, ctx.published)] if r), None)
        base = ref.date if ref else ctx.published
        if base is not None:
            n = dates_mod.parse_count(m.group(1)) * (7 if m.group(2).lower() == "week" else 1)
            sign = -1 if m.group(3).lower() == "after" else 1
            return dates_mod.ResolvedDate(base + dt.timedelta(days=sign * n), 1 if m.group(2).lower() == "day" else 2,
                                          m.group(0)), True
    ents = [e for e in sent.ents if e.label_ in ("DATE", "TIME") and e.start_char >= ctx.body_start and _date_reaches(e, tok)
            # "toward Tuesday's deadline", "after Thursday's attacks": the day of another thing
            and not (e.root.dep_ in ("poss", "nmod") and e.root.head.pos_ == "NOUN" and e.root.head.i != tok.i)]
    telling = _telling_verb(ctx, tok)
    # "ISAF confirmed today the arrest of a leader ... Friday": the day it was told comes last
    ents.sort(key=lambda e: (e.root.head == telling, not any(t.i in scope_ids for t in e), abs(e.start - tok.i)))
    for e in ents:
        if dates_mod.is_duration(e.text):
            # "for around two weeks in 2015": the year may sit in the same entity
            continue
        r = ctx.date_for(e)
        if r is not None:
            ctx.last_date = r
            if ctx.anchor is None and ctx.published and r.date >= ctx.published - dt.timedelta(days=60):
                ctx.anchor = r
            return r, True
    phrase = next((r for off, r in ctx.phrase_dates if sent.start_char <= off < sent.end_char), None)
    if phrase is not None:
        return phrase, True
    if ctx.published is not None and any(t.lower_ == "overnight" for t in scope):
        r = dates_mod.resolve("overnight", ctx.published)
        if r is not None:
            return r, True
    # a sentence with no date of its own tells of the last day its paragraph established ("On 5 May
    # the army withdrew. Rebels entered the town within hours.")
    day = ctx.narrative_day(tok.idx)
    if day is not None:
        return day, False
    # a sentence with no date of its own belongs to the last date named in this paragraph's story
    if ctx.last_date is not None and ctx.last_date.precision >= 3 and ctx.last_date.date.year < (ctx.published or dt.date.max).year \
            and _same_paragraph(ctx, tok):
        return ctx.last_date, False
    if ctx.anchor is not None:
        return ctx.anchor, False
    if ctx.published is not None:
        return dates_mod.ResolvedDate(ctx.published, 2, "publication date"), False
    return None, False


def _telling_verb(ctx: Context, tok: Token) -> Token | None:
    """The reporting verb a nominal trigger is the object of ("confirmed the capture", "announced
    the arrest"), else None."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_.lower() in ctx.sources.stance_of:
        return head
    return None


def _date_reaches(ent: Span, tok: Token) -> bool:
    """A date applies to a trigger unless one of them sits in a clause (relative, reported,
    adverbial) the other is outside of: "denies it has lost the city, which fell last week"."""
    for node in ent.root.ancestors:
        if node.dep_ in ("relcl", "ccomp", "advcl", "parataxis") and not (node == tok or node in tok.ancestors):
            if node.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in ("as", "while", "when")
                                            for c in node.children):
                continue  # "detained ... as they searched the village last night": one time
            return False
    for node in [tok, *tok.ancestors]:
        if node.dep_ in ("relcl", "acl") and not (node == ent.root or node in ent.root.ancestors):
            return False
        if node.dep_ == "advcl" and not (node == ent.root or node in ent.root.ancestors) and any(
                c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
            return False  # "Friday's assault was the fourth since the Taliban took Kabul": Friday is not then
    return True


def _same_paragraph(ctx: Context, tok: Token) -> bool:
    """True when the last historical date was set in this sentence or the one before."""
    if ctx.last_date is None:
        return False
    prev = [s for s in ctx.doc.sents if s.end <= tok.sent.start]
    window = prev[-1:] + [tok.sent]
    return any(ctx.last_date.text in s.text for s in window)


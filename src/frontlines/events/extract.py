"""Event extraction: triggers in context become typed, dated, placed and sourced events.

For each trigger the dependency parse gives who acted (subject, passive agent, "fell to X"), on
whom (object, "from X", "on X"), where (places in the trigger's own clause, "the capital of X
province", anaphora such as "the city" or an unnamed "another provincial capital"), when (DATE
spans resolved against the publication date), how many (counts on the patient nouns), and its
time status (negation, "would", "plans to", a past year). Candidates are then typed in ACLED's
taxonomy, merged inside the article, and ordered by salience.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .. import dates as dates_mod
from ..actors import ActorIndex, ActorMention
from ..claims import SourceIndex
from ..lexicons import countries, event_lexicon
from ..model import Article, Claim, Place
from ..places.gazetteer import Gazetteer
from ..places.resolve import PlaceIndex, add_place, facility_phrases
from .numbers import number_of, parse_number
from .triggers import Trigger, find_triggers

ARMED = {"state_forces", "non_state_armed_group", "militia", "foreign_state_forces"}
STATE = {"state_forces", "government"}
_PLACE_NOUNS = {"city": "city", "town": "city", "village": "city", "capital": "city", "district": "district",
                "province": "province", "region": "region", "areas": "region", "area": "region", "center": "city",
                "centre": "city", "villages": "city", "towns": "city", "locality": "city", "settlement": "city"}
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "latest", "last", "only", "next", "biggest",
             "largest"}
_INDEFINITE = {"another", "a", "an", "one", "several", "two", "three", "some", "other"}
_PARTIAL = re.compile(r"\b(most of|parts? of|half of|much of|largely|partially|partly|some areas|some parts|"
                      r"rest of|outskirts)\b", re.I)


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
    position: int = 0
    merged: list["Candidate"] = field(default_factory=list)
    confidence_cap: float = 1.0  # a sentence typed by the model is no surer than the model
    dead_told_before: bool = False  # its dead are named by pronoun or definite noun ("killing him")
    actor1_assumed: bool = False  # no one was named: actor1 is the type's usual actor (police for arrests)

    def folded(self) -> list["Candidate"]:
        """Every candidate folded into this one, at any depth."""
        out, todo = [], list(self.merged)
        while todo:
            c = todo.pop()
            out.append(c)
            todo.extend(c.merged)
        return out


class Context:
    """Everything one document's extraction needs, built once per article."""

    def __init__(self, doc: Doc, article: Article, places: PlaceIndex, actors: ActorIndex, sources: SourceIndex,
                 gaz: Gazetteer) -> None:
        self.doc, self.article, self.places, self.actors, self.sources, self.gaz = doc, article, places, actors, sources, gaz
        self.lex = event_lexicon()
        self.published = dt.date.fromisoformat(article.published) if article.published else None
        self.focal: Place | None = None
        self.last_date: dates_mod.ResolvedDate | None = None
        self.facilities = facility_phrases(doc.text)
        # set by the layout component (frontlines.nlp): dates before it are when the story was filed
        self.body_start: int = doc._.body_start if Doc.has_extension("body_start") else 0
        lead = next((s for s in doc.sents if s.start_char >= self.body_start and s.text.strip()), None)
        self.anchor: dates_mod.ResolvedDate | None = self._lead_date(lead)
        self.lead_place: Place | None = self._lead_place(lead)
        ts = self.lex["time_status"]
        self.hypo_aux = set(ts["hypothetical_aux"])
        self.future_heads = set(ts["future_heads"])
        self.future_aux = set(ts["future_aux"])
        self.brief = [b.lower() for b in ts["brief"]]
        self.focus = countries().get(places.focus_country or "")
        self.non_events: list = []  # model.NonEvent: news that is not political violence
        self.sentence_probs: dict[tuple[int, int], dict[str, float]] = {}  # the sentence model's readings

    def _lead_date(self, lead: Span | None) -> dates_mod.ResolvedDate | None:
        """The date the lead sentence gives ("In Kunduz last night, a force went to ..."): a story's
        later sentences without a date of their own tell of that day, whether or not the lead names an event."""
        if self.published is None or lead is None:
            return None
        for e in lead.ents:
            if e.label_ in ("DATE", "TIME") and not dates_mod.is_duration(e.text) and e.root.head.dep_ != "relcl":
                r = dates_mod.resolve(e.text, self.published)
                if r is not None and r.precision == 1 and self.published - dt.timedelta(days=60) <= r.date <= self.published:
                    return r
        return None

    def _lead_place(self, lead: Span | None) -> Place | None:
        """The finest place the lead names ("an operation in Maiwand district, Kandahar province"): where
        the story is, for a later sentence that names no place of its own."""
        if lead is None:
            return None
        named = [self.places.place(self.places.by_token[t.i]) for t in lead
                 if t.i in self.places.by_token and t.i not in self.places.dateline]
        named = [p for p in named if p is not None and p.resolved and p.kind != "country"]
        return next((p for p in named if p.kind != "province"), named[0] if named else None)

    # what an object token is, for the trigger lexicon's object_required
    def object_kind(self, tok: Token) -> set[str]:
        kinds: set[str] = set()
        objects = self.lex["objects"]
        words = {tok.lemma_.lower(), tok.lower_}
        for kind, vocab in objects.items():
            if words & vocab:
                kinds.add(kind)
        if self._names_place(tok):
            kinds.add("place")
        # "a Taliban facilitator", "an al-Shabaab commander": the group named before the noun arms it
        named = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod", "poss")]
        for m in self.actors.in_tokens(named):
            if m.kind in ARMED:
                kinds.add("armed")
            else:
                kinds.add("person")
        if tok.ent_type_ in ("GPE", "LOC"):
            kinds.add("place")  # a FAC (a named hotel or bridge) is a building, not territory
        if tok.ent_type_ == "PERSON" or tok.lower_ in ("him", "her", "them"):
            kinds.add("person")
        return kinds


    def _names_place(self, tok: Token, depth: int = 0) -> bool:
        """"Kunduz", "the village of X", "most of the capital of X province" name a place; "the Hayat
        Hotel in Mogadishu" names a building that is in one."""
        if any(t.i in self.places.by_token for t in [tok, *[c for c in tok.children if c.dep_ in ("compound", "appos")]]):
            return True
        if depth > 3 or not ({tok.lemma_.lower(), tok.lower_} & self.lex["objects"]["territory"]):
            return False
        return any(self._names_place(p, depth + 1) for prep in tok.children if prep.dep_ == "prep"
                   and prep.lower_ in ("of", "in") for p in prep.children if p.dep_ == "pobj")


def extract_events(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for sent in ctx.doc.sents:
        triggers = find_triggers(sent, ctx.object_kind)
        sent_cands: list[Candidate] = []
        for trig in triggers:
            cand = _candidate(ctx, trig, sent, triggers)
            if cand is not None:
                sent_cands.append(cand)
        _sentence_quantities(ctx, sent, sent_cands)
        _inherit_from_governing(sent_cands)
        sent_cands = _absorb_into_weapon(sent_cands)
        sent_cands = _absorb_nested(sent_cands)
        sent_cands = _absorb_outcomes(sent_cands)
        sent_cands = _absorb_generic_blasts(sent_cands)
        sent_cands = _absorb_anaphora(ctx, sent, sent_cands, out)
        _brief_changes(ctx, sent, sent_cands)
        for c in sent_cands:
            if c.place is not None and c.place.kind in ("city", "district") and c.place.resolved \
                    and c.time_status == "current" and ctx.focal is None:
                ctx.focal = c.place
        out.extend(sent_cands)
    return _absorb_retold_deaths(out)


# -- one trigger -----------------------------------------------------------------------------
def _candidate(ctx: Context, trig: Trigger, sent: Span, all_triggers: list[Trigger]) -> Candidate | None:
    tok = trig.token
    fam = trig.family
    if _negated(tok) or _background_cause(tok) or _habitual(tok):
        return None
    status = _modality(ctx, tok)
    if status == "hypothetical":
        return None
    if fam.requires_crowd and not re.search(r"\b(protest|crowd|mob|rioters|demonstrat|youths|angry)\w*", sent.text, re.I):
        return None
    scope = _scope(tok, all_triggers)
    agent = _agent(ctx, tok)
    if fam.name in ("attack", "looting") and (agent is None or agent.kind not in ARMED | STATE) and _not_political(ctx, sent):
        return None
    patient = _patient(ctx, tok, trig)
    if fam.requires_armed_subject and (agent is None or agent.kind not in ARMED):
        return None
    if fam.agent_nouns and tok.pos_ in ("VERB", "AUX"):
        subject = {t.lower_ for c in tok.children if c.dep_ in ("nsubj", "agent") for t in c.subtree}
        if not subject & fam.agent_nouns:
            return None
    place, facility = _place(ctx, tok, trig, scope, sent)
    date, explicit = _date(ctx, tok, scope, sent)
    if not explicit and _earlier_clause(tok):
        return None  # "since the Taliban took control", "the week after Kabul fell": told before, not new
    if date is not None and ctx.published is not None:
        if date.date < ctx.published - dt.timedelta(days=60) and status == "current":
            status = "historical"
    if status == "current" and _ongoing(tok):
        status = "ongoing"
    attribution = ctx.sources.attribution_for(tok)
    claim = _claim(ctx, attribution, sent)
    if trig.phrase.startswith(("claim ", "declare ")):
        # "Taliban claim victory in Panjshir": the claimant's own word, unverified
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        src = ctx.sources.source_for(subject) if subject is not None else None
        if src is not None:
            claim = Claim(src.id, "unverified", (sent.start_char, sent.end_char))
    extent = None
    if fam.resolver == "territory" or fam.name == "handover":
        obj_text = " ".join(" ".join(t.text for t in o.subtree) for o in trig.objects)
        extent = "partial" if _PARTIAL.search(obj_text) or re.search(r"\blargely\b", sent.text, re.I) else "full"
    cand = Candidate(
        trigger=trig, family=fam.name, sub_event_type=fam.sub_event_type,
        actor1=agent.actor if agent else None, actor2=patient.actor if patient else None,
        place=place, facility=facility, date=date, date_explicit=explicit, time_status=status,
        fatalities=None, quantities={}, extent=extent, claims=[claim],
        evidence=[(sent.start_char, sent.end_char)], state_only=(fam.direction == "state"), position=tok.i,
        focal_at_creation=ctx.focal,
        place_in_scope=place is not None and any(ctx.places.by_token.get(t.i) == place.id for t in scope),
    )
    return cand


def _background_cause(tok: Token) -> bool:
    """"in response to attacks on shipping": an earlier event given as a reason, told elsewhere."""
    return any(a.lemma_.lower() in ("response", "retaliation", "revenge", "reprisal", "reaction", "follow")
               for a in list(tok.ancestors)[:5])


def _earlier_clause(tok: Token) -> bool:
    """A verb in a clause opened by "since", "after", "once" or "when" recalls an earlier event."""
    node = tok
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


def _habitual(tok: Token) -> bool:
    """"al-Shabaab frequently targets security forces": a pattern, not an event."""
    return tok.tag_ in ("VBZ", "VBP") and any(c.lower_ in ("frequently", "often", "regularly", "routinely", "usually",
                                                           "repeatedly", "typically") for c in tok.children)


def _not_political(ctx: Context, sent: Span) -> bool:
    low = sent.text.lower()
    return any(re.search(rf"\b{re.escape(w)}", low) for words in ctx.lex["not_political"].values() for w in words)


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    # "no one was killed", "without capturing"
    return tok.head.lower_ == "without" and tok.dep_ == "pcomp"


def _modality(ctx: Context, tok: Token) -> str:
    """hypothetical ("would be a gain"), future ("plans to attack") or current, looking up the
    clause chain until a reporting verb (what a source says is judged by the source's words)."""
    if tok.dep_ in ("acl", "advcl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
            and not any(c.lower_ in _ORDINALS for c in tok.head.children):
        return "future"
    if tok.dep_ in ("relcl", "ccomp") and tok.head.dep_ in ("appos", "attr", "npadvmod") \
            and any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children):
        return "historical"
    node = tok
    for _ in range(8):
        aux = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if aux & ctx.hypo_aux:
            return "hypothetical"
        if aux & ctx.future_aux:
            return "future"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return "hypothetical"
        if node.lemma_.lower() in ctx.future_heads and node is not tok:
            return "future"
        if node.lemma_.lower() in ("ability", "capacity", "chance", "possibility", "risk", "threat", "fear", "bid",
                                   "attempt", "effort", "plan", "test", "failure", "goal", "aim"):
            return "hypothetical"
        if node.dep_ == "ROOT" or node.head is node:
            break
        if ctx.sources.stance_of.get(node.head.lemma_.lower()) and node.dep_ in ("ccomp", "xcomp"):
            break
        node = node.head
    return "current"


def _ongoing(tok: Token) -> bool:
    words = {tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children} | {tok.head.lemma_.lower()}
    return bool(words & {"campaign", "wage"})


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


def _agent(ctx: Context, tok: Token) -> ActorMention | None:
    node = tok
    for _ in range(6):
        for c in node.children:
            if c.dep_ == "nsubj":
                m = _first_actor(ctx, _np(c))
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
        # "fell to the Taliban", "succumb to Taliban fighters"
        for c in node.children:
            if c.dep_ == "prep" and c.lower_ == "to" and node.lemma_ in ("fall", "succumb"):
                m = _first_actor(ctx, list(c.subtree))
                if m is not None:
                    return m
        if node.dep_ in ("conj", "xcomp", "advcl", "pcomp", "relcl", "acl", "pobj", "prep", "dobj", "nsubjpass", "attr",
                         "compound") \
                and node.head is not node:
            parent = node.head
            if ctx.sources.stance_of.get(parent.lemma_.lower()) and node.dep_ in ("ccomp", "xcomp"):
                return None
            node = parent
            continue
        break
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
        if m is not None:
            return m
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "against", "on", "with", "at"):
            m = _first_actor(ctx, list(c.subtree))
            if m is not None:
                return m
    if trig.family.direction in ("regain", "forward"):
        # "retook the village of X in the Y region from Russian forces": the parse may hang "from" low
        for t in tok.subtree:
            if t.dep_ == "prep" and t.lower_ == "from":
                m = _first_actor(ctx, list(t.subtree), ARMED | STATE)
                if m is not None:
                    return m
    return None


# -- where -------------------------------------------------------------------------------------
def _place(ctx: Context, tok: Token, trig: Trigger, scope: list[Token], sent: Span) -> tuple[Place | None, str | None]:
    facility = _facility(ctx, scope)
    if facility is None and tok.dep_ == "relcl":
        # "the main prison building, where 500 inmates were freed"
        facility = _facility(ctx, [t for t in tok.head.subtree if t.i <= tok.head.i])
    if trig.family.direction == "withdraw" and not any(c.dep_ == "prep" and c.lower_ in ("from", "out") for c in tok.children):
        return None, facility  # "withdrew to the airport" moves troops inside a place, it hands nothing over
    # explicit toponyms in the trigger's own clause, objects first
    obj_tokens = [t for o in trig.objects for t in o.subtree]
    ordered = obj_tokens + [t for t in scope if t not in obj_tokens]
    subject_ids = {t.i for c in tok.children if c.dep_ == "nsubj" for t in c.subtree}
    for t in ordered:
        if t.i in subject_ids and trig.family.direction != "fall" or t.i in ctx.places.dateline:
            continue
        pid = ctx.places.by_token.get(t.i)
        if pid is None:
            continue
        place = ctx.places.place(pid)
        if place is None or place.kind == "country" and (_has_city_noun(obj_tokens) or t.dep_ in ("compound", "amod")):
            continue  # "a major US air base" is not in the United States
        capital = _capital_of(ctx, t, place)
        if capital is not None:
            return capital, facility
        if place.kind == "country" and trig.family.resolver == "territory":
            continue  # a country is not what falls in one day; look for the town
        return place, facility
    # "fell to": the place is the subject, named or anaphoric ("It was the fourth capital to fall")
    if trig.family.direction == "fall":
        for c in tok.children:
            if c.dep_ == "nsubj":
                for t in c.subtree:
                    pid = ctx.places.by_token.get(t.i)
                    if pid:
                        return ctx.places.place(pid), facility
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
        if ctx.focal is not None and (kind == ctx.focal.kind or kind in ("region", "city")):
            return ctx.focal, facility
    if facility is not None and ctx.focal is not None:
        return ctx.focal, facility
    if trig.family.direction == "withdraw":
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
    for p in ctx.places.places:
        if p.geonameid == best.geonameid:
            return p
    span = ctx.doc[node.head.head.left_edge.i:node.head.head.i + 1]
    new = add_place(ctx.places, ctx.doc, span, kind="city", country=best.country, name=best.name)
    new.geonameid, new.admin1, new.admin1_code, new.admin2 = best.geonameid, best.admin1_name, best.admin1_iso, best.admin2_name
    new.lat, new.lon, new.precision, new.resolved = best.lat, best.lon, 1, True
    return new


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
def _date(ctx: Context, tok: Token, scope: list[Token], sent: Span) -> tuple[dates_mod.ResolvedDate | None, bool]:
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
    ents = [e for e in sent.ents if e.label_ in ("DATE", "TIME") and e.start_char >= ctx.body_start and _date_reaches(e, tok)]
    telling = _telling_verb(ctx, tok)
    # "ISAF confirmed today the arrest of a leader ... Friday": the day it was told comes last
    ents.sort(key=lambda e: (e.root.head == telling, not any(t.i in scope_ids for t in e), abs(e.start - tok.i)))
    for e in ents:
        if dates_mod.is_duration(e.text):
            # "for around two weeks in 2015": the year may sit in the same entity
            continue
        anchor = ctx.last_date.date if ctx.last_date is not None and ctx.last_date.precision >= 3 else None
        r = dates_mod.resolve(e.text, ctx.published, anchor=anchor if "later" in e.text or "earlier" in e.text else None)
        if r is not None:
            ctx.last_date = r
            if ctx.anchor is None and ctx.published and r.date >= ctx.published - dt.timedelta(days=60):
                ctx.anchor = r
            return r, True
    if ctx.published is not None and any(t.lower_ == "overnight" for t in scope):
        r = dates_mod.resolve("overnight", ctx.published)
        if r is not None:
            return r, True
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
    return True


def _same_paragraph(ctx: Context, tok: Token) -> bool:
    """True when the last historical date was set in this sentence or the one before."""
    if ctx.last_date is None:
        return False
    prev = [s for s in ctx.doc.sents if s.end <= tok.sent.start]
    window = prev[-1:] + [tok.sent]
    return any(ctx.last_date.text in s.text for s in window)


# -- who says so -------------------------------------------------------------------------------
def _claim(ctx: Context, attribution, sent: Span) -> Claim:
    if attribution is not None:
        return Claim(attribution.source, attribution.stance, attribution.span)
    low = sent.text.lower()
    hedged = any(h in low for h in ctx.sources.hedges)
    src = ctx.sources.outlet_source(ctx.article.outlet, (sent.start_char, sent.end_char))
    return Claim(src.id, "unverified" if hedged else "asserted", (sent.start_char, sent.end_char))


# -- sentence-level passes ---------------------------------------------------------------------
_ADDITIVE = {"also", "another", "other", "others", "additional", "further", "more", "second", "third"}


def adds_to(c: Candidate) -> bool:
    """"the force also detained one other suspect": people beyond those already counted."""
    tok = c.trigger.token
    near = [*tok.children, *(t for o in c.trigger.objects for t in o.subtree)]
    return any(t.lower_ in _ADDITIVE for t in near)


def absorb(host: Candidate, c: Candidate, add: bool = False) -> None:
    """Fold a second report of the same event into the first: every claim and number is kept.
    Counts are the lowest told (ACLED's convention), or their sum when `add` (more of the same)."""
    host.merged.append(c)
    if host.actor1_assumed and c.actor1 and not c.actor1_assumed:
        host.actor1, host.actor1_assumed = c.actor1, False  # who was named beats who is usual
    host.actor1 = host.actor1 or c.actor1
    host.actor2 = host.actor2 or c.actor2
    if host.place is None or (c.place is not None and host.place.kind == "province" and c.place.kind != "province"
                              and c.place.resolved and c.place.admin1_code == host.place.admin1_code):
        host.place = c.place  # the town is the finer reading of its province
    if c.date_explicit and not host.date_explicit:
        host.date, host.date_explicit = c.date, True
    if c.fatalities is not None:
        host.fatalities = c.fatalities if host.fatalities is None else min(host.fatalities, c.fatalities)
    for k, v in c.quantities.items():
        host.quantities[k] = host.quantities.get(k, 0) + v if add else min(host.quantities.get(k, v), v)
    if c.extent == "partial":
        host.extent = "partial"
    host.claims.extend(c.claims)
    host.evidence.extend(c.evidence)


_NON_LETHAL = {"arrest", "agreement", "change", "base", "disrupted", "handover"}
_VIOLENT = {"attack", "air_strike", "shelling", "ied", "suicide", "grenade", "chemical", "abduction", "sexual", "clash",
            "capture", "regain", "looting", "riot", "mob"}


def _absorb_nested(cands: list[Candidate]) -> list[Candidate]:
    """"carried out air strikes", "arrested 23 suspects in raids": a trigger noun inside another
    trigger's arguments names the same event; so does a withdrawal beside the other side's gain."""
    by_token = {c.trigger.token.i: c for c in cands}
    out = []
    for c in cands:
        tok = c.trigger.token
        host = None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "nsubj"):
            host = next((by_token[a.i] for a in list(tok.ancestors)[:4] if a.i in by_token), None)
        if host is None and c.trigger.family.resolver == "territory" and c.family not in ("withdraw", "control") \
                and (c.place is None or c.place is c.focal_at_creation):
            host = next((h for h in cands if h is not c and h.trigger.family.resolver == "territory" and h.place is not None
                         and h.actor1 == c.actor1 and h.trigger.token.i < tok.i), None)
        if host is None and c.family == "withdraw":
            host = next((h for h in cands if h is not c and h.family in ("capture", "regain", "fall")
                         and h.actor1 != c.actor1), None)
        if host is not None and host.family == "arrest" and c.trigger.family.resolver == "protest":
            host = None  # "detained during protests": the arrests are how the protest was met (merge)
        if host is not None and host is not c:
            absorb(host, c)
            continue
        out.append(c)
    return out


def _absorb_anaphora(ctx: Context, sent: Span, cands: list[Candidate], earlier: list[Candidate]) -> list[Candidate]:
    """"Al-Shabaab claimed responsibility for the attack", "three people were killed": a definite
    event noun, or a bare outcome with no agent or place, continues the last event told."""
    prev = [c for c in earlier if c.family in _VIOLENT and c.time_status in ("current", "ongoing")]
    if not prev or prev[-1].trigger.token.sent.start < sent.start - 120:
        return cands
    host = prev[-1]
    out = []
    for c in cands:
        tok = c.trigger.token
        definite = tok.pos_ in ("NOUN", "PROPN") and any(
            d.dep_ in ("det", "poss") and d.lower_ in ("the", "this", "that", "its", "their") for d in tok.children)
        outcome = tok.lemma_.lower() in _OUTCOME and c.actor1 is None
        own_place = c.place_in_scope and c.place is not None and c.place is not ctx.focal and c.place is not host.place
        claim = _group_claim(ctx, c)
        if c.family in _VIOLENT and (definite or outcome or claim) and not own_place:
            if claim and (host.actor1 is None or host.actor1.startswith("Unidentified")):
                host.actor1 = c.actor1
            absorb(host, c)
            continue
        out.append(c)
    return out


def _group_claim(ctx: Context, c: Candidate) -> bool:
    """An armed group speaking of what its fighters did: "JNIM said its fighters had killed ..."."""
    src = next((s for s in ctx.sources.sources if s.id == c.claims[0].source), None) if c.claims else None
    return src is not None and src.kind == "group" and c.actor1 is not None and src.name == c.actor1


def _inherit_from_governing(cands: list[Candidate]) -> None:
    """"It seized Kunduz ... before withdrawing": a clause under another event's trigger shares its
    place when it names none."""
    by_token = {c.trigger.token.i: c for c in cands}
    for c in cands:
        if c.place is not None:
            continue
        for anc in c.trigger.token.ancestors:
            host = by_token.get(anc.i)
            if host is not None and host.place is not None:
                c.place = host.place
                if not c.date_explicit:
                    c.date, c.time_status = host.date, host.time_status if host.time_status == "historical" else c.time_status
                break


_OUTCOME = {"kill", "die", "dead", "murder", "slay"}


_GENERIC_BLAST = {"blast", "explosion", "bomb", "detonate", "explode", "device"}
_SPECIFIC_WEAPON = ("suicide", "grenade", "air_strike", "shelling", "chemical", "disrupted")


def _absorb_generic_blasts(cands: list[Candidate]) -> list[Candidate]:
    """"the bomber blew himself up; the blast killed six": when a sentence names the weapon, its
    "blast" or "bomb" is that weapon, not a second, roadside-bomb event."""
    specific = [c for c in cands if c.family in _SPECIFIC_WEAPON]
    if not specific:
        return cands
    out = []
    for c in cands:
        if c.family == "ied" and c.trigger.token.lemma_.lower() in _GENERIC_BLAST:
            host = min(specific, key=lambda h: abs(h.position - c.position))
            absorb(host, c)
            continue
        out.append(c)
    return out


# Weapons that name the ACLED type whatever else their sentence tells, strongest first, and the
# events of that sentence they take in.
_DEFINING_WEAPONS = ("chemical", "suicide")
_DELIVERY = {"air_strike", "shelling", "attack", "ied", "grenade", "clash", "suicide"}


def _absorb_into_weapon(cands: list[Candidate]) -> list[Candidate]:
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


def _absorb_outcomes(cands: list[Candidate]) -> list[Candidate]:
    """"killed in an air strike": the killing is the strike's outcome, not a second event."""
    # an arrest or an agreement has no dead of its own: "killed one and detained another" is two events
    hosts = [c for c in cands if (c.family not in ("attack", "control") or c.trigger.token.lemma_ not in _OUTCOME)
             and c.family not in _NON_LETHAL]
    out = []
    for c in cands:
        # "killed when they attempted to attack": a death has happened, it is no outcome of an attempt
        same_time = [h for h in hosts if h is not c and h.time_status == c.time_status]
        if c.family == "attack" and c.trigger.token.lemma_.lower() in _OUTCOME and same_time:
            host = min(same_time, key=lambda h: abs(h.position - c.position))
            host.actor2 = host.actor2 or c.actor2
            host.merged.append(c)
            continue
        out.append(c)
    return out


def _sentence_quantities(ctx: Context, sent: Span, cands: list[Candidate]) -> None:
    if not cands:
        return
    qverbs = ctx.lex["quantity_verbs"]
    freed_kinds = ctx.lex["freed_kinds"]
    found: dict[str, int] = {}
    anaphoric: dict[str, bool] = {}
    for tok in sent:
        lemma = tok.lemma_.lower()
        key = next((k for k, vs in qverbs.items() if lemma in vs), None)
        if key is None:
            continue
        if _negated(tok):
            continue
        nouns = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.dep_ in ("amod", "acomp") or tok.lower_ == "dead":
            nouns.append(tok.head)
        if lemma == "die":
            nouns += [c for c in tok.children if c.dep_ == "nsubj"]
        if not nouns and tok.dep_ == "conj" and tok.tag_ == "VBN":
            # "He was engaged and killed": the second verb shares the first one's passive subject
            nouns += [c for c in tok.head.children if c.dep_ == "nsubjpass"]
        for n in nouns:
            value = number_of(n)
            if value is None:
                continue
            name = key
            if key == "freed":
                name = freed_kinds.get(n.lemma_.lower(), "freed")
            found[name] = min(found.get(name, value), value)
            anaphoric[name] = anaphoric.get(name, True) and _names_known_people(n)
    low = sent.text.lower()
    if re.search(r"\bno (casualties|deaths|one was killed|fatalities)\b|\bno one was (killed|hurt)\b", low):
        found["fatalities"] = 0
    m = re.search(r"death toll\b[^.;]*?\b(?:rose|climbed|reached|stood|stands|jumped|increased|is|was)\s+(?:to\s+|at\s+)?"
                  r"((?:at least |more than |over |nearly |some )?[\w,-]+)", low)
    if m:
        v = parse_number(m.group(1))
        if v is not None:
            found["fatalities"] = min(found.get("fatalities", v), v)
            anaphoric["fatalities"] = False
    if not found:
        return
    # the dead belong to what has happened: not to arrests or agreements, nor to a planned attack
    violent = [c for c in cands if c.family not in _NON_LETHAL and c.time_status not in ("future", "hypothetical")]
    for c in cands:
        fam = c.trigger.family
        for k, v in found.items():
            if k == "fatalities":
                if c in violent or not violent:
                    c.fatalities = v if c.fatalities is None else min(c.fatalities, v)
                    c.dead_told_before = anaphoric.get(k, False)
            elif fam.quantity and (k == fam.quantity or k.endswith("_" + fam.quantity)):
                c.quantities[k] = v
        # a count with no family of its own goes to the sentence's first event
    leftovers = {k: v for k, v in found.items() if k != "fatalities" and not any(k in c.quantities for c in cands)}
    if leftovers:
        cands[0].quantities.update(leftovers)


def _names_known_people(noun: Token) -> bool:
    """"him", "both", "the insurgent", "the two men", "several of them": people the story has already
    introduced, unlike "one insurgent" or "two civilians"."""
    if noun.lower_ in ("him", "her", "he", "she", "them", "they", "both"):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "of" and any(p.lower_ in ("them", "those", "these") for p in c.children)
           for c in noun.children):
        return True
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that")
                                       for c in noun.children)


def _absorb_retold_deaths(cands: list[Candidate]) -> list[Candidate]:
    """"A force killed one insurgent in Now Zad ... The force engaged the insurgent, killing him": dead
    the story has already introduced were counted by an earlier event of the same day and area, so
    the later sentence retells that event (its count, lower or equal, is part of the earlier one)."""
    out: list[Candidate] = []
    for c in cands:
        if c.dead_told_before and c.fatalities:
            host = next((h for h in reversed(out) if h.fatalities is not None and h.fatalities >= c.fatalities
                         and h.family in _VIOLENT and h.time_status == c.time_status
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


def same_area(a: Place, b: Place) -> bool:
    """One place, or a town and the province it lies in ("Marjah district" and "Helmand province")."""
    if a.id == b.id:
        return True
    for inner, outer in ((a, b), (b, a)):
        if outer.kind == "province" and outer.resolved and inner.resolved and inner.kind != "province" \
                and inner.admin1_code and inner.admin1_code == outer.admin1_code:
            return True
    return False


def _brief_changes(ctx: Context, sent: Span, cands: list[Candidate]) -> None:
    """ACLED: territory held for less than a day is an armed clash, not a change of control."""
    low = sent.text.lower()
    if not any(b in low for b in ctx.brief):
        return
    terr = [c for c in cands if ctx.lex["families"][c.family].resolver == "territory"]
    if not terr:
        return
    keep = terr[0]
    keep.family, keep.sub_event_type, keep.state_only, keep.extent = "clash", "Armed clash", False, None
    for c in terr[1:]:
        keep.merged.append(c)
        cands.remove(c)

"""Actor recognition, normalisation to ACLED-style ids, and in-document coreference.

Named armed groups come from `data/actors.yaml`; state actors are built from any country's name
or adjective in `data/countries.csv` ("Sudanese army" -> Military Forces of Sudan); descriptors
("the insurgents", "the group") and subject pronouns point back to the last fitting actor.

Reads: the parsed `Doc` and the focus country the places stage found. Adds: an `ActorIndex` (each
mention's normalised actor id, kind and country, and the coreference chains behind them).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .lexicons import Country, actor_lexicon, countries
from .model import Actor

MILITARY_NOUNS = {"forces", "force", "defences", "defenses", "defence", "defense", "troops", "troop", "army", "military", "soldiers", "soldier", "offensive", "warplanes",
                  "warplane", "jets", "aircraft", "drones", "helicopters", "helicopter", "gunships", "artillery", "navy", "marines", "commandos", "units", "coalition",
                  "paratroopers", "servicemen", "battalion", "brigade", "division", "regiment", "airstrikes", "strikes",
                  "counteroffensive", "counter-offensive", "defenders", "garrison", "personnel", "military's", "army's"}
POLICE_NOUNS = {"police", "policemen", "policeman", "gendarmes", "gendarmerie", "officers", "constabulary"}
GOVERNMENT_NOUNS = {"government", "authorities", "officials", "ministry", "junta", "regime", "administration",
                    "president", "cabinet", "presidency", "state"}
GENERIC_STATE = {  # descriptors that mean the document's own state without a country word
    "government forces": "military", "security forces": "military", "government troops": "military",
    "pro-government forces": "military", "the army": "military", "the military": "military", "troops": "military",
    "soldiers": "military", "army": "military", "the police": "police", "police": "police", "riot police": "police",
    "policemen": "police", "police officers": "police", "the government": "government", "authorities": "government",
    "the authorities": "government", "officials": "government", "interior ministry": "government",
    "defense ministry": "government", "defence ministry": "government", "the junta": "government",
}
CIVILIAN_NOUNS = {"civilians", "civilian", "villagers", "residents", "worshippers", "worshipers", "students", "children",
                  "farmers", "herders", "passengers", "shoppers", "refugees", "mourners", "pilgrims", "aid workers",
                  "teachers", "journalists", "people", "families", "women", "displaced", "inhabitants", "miners",
                  "fishermen", "traders", "patients", "doctors", "humanitarian workers", "bystanders", "motorists",
                  "churchgoers", "congregants", "schoolchildren", "villager", "resident", "civilians'"}
PROTESTER_NOUNS = {"protesters", "protestors", "demonstrators", "marchers", "protester", "demonstrator", "strikers"}
RIOTER_NOUNS = {"rioters", "mob", "rioter", "crowd"}
UNIDENTIFIED = {"gunmen", "armed men", "unidentified gunmen", "unknown gunmen", "assailants", "attackers",
                "unidentified assailants", "suspected militants", "bandits", "armed bandits", "gunman"}
NSAG_DESCRIPTORS = {"militants", "insurgents", "militiamen", "rebels", "jihadists", "fighters", "extremists",
                    "terrorists", "militia", "militias", "group", "insurgency", "rebel", "militant", "jihadist",
                    "guerrillas", "separatists", "paramilitaries", "paramilitary", "gunmen"}
PRONOUNS = {"they", "it", "he", "she"}
_ARMED_MODIFIERS = {"rebel", "insurgent", "militant", "jihadist", "islamist", "separatist", "guerrilla", "guerilla",
                    "militia", "extremist", "terrorist"}
_THE_NAMES = ("United ", "Democratic Republic", "Republic of", "Central African", "Philippines", "Netherlands",
              "Gambia", "Comoros", "Maldives", "Bahamas", "Seychelles", "Solomon", "Marshall")


def state_actor_id(kind: str, country: Country) -> str:
    name = country.name
    if name.startswith(_THE_NAMES):
        name = "the " + name
    return {"military": f"Military Forces of {name}", "police": f"Police Forces of {name}",
            "government": f"Government of {name}"}[kind]


_UNKNOWN_STATE = {"military": "Military Forces (country unknown)", "police": "Police Forces (country unknown)",
                  "government": "Government (country unknown)"}


_SOCIAL_LABEL = {"civilians": "Civilians", "protesters": "Protesters", "rioters": "Rioters",
                 "unidentified": "Unidentified Armed Group"}


def _social_id(kind: str, country: Country | None) -> str:
    label = _SOCIAL_LABEL[kind]
    return f"{label} ({country.name})" if country else label


@dataclass
class ActorMention:
    start: int  # token offsets
    end: int
    actor: str
    kind: str
    country: str | None
    via: str  # name | state | social | descriptor | pronoun
    country_assumed: bool = False  # "people", "gunmen" with no country told: the story's country was assumed

    def span(self, doc: Doc) -> tuple[int, int]:
        return doc[self.start].idx, doc[self.end - 1].idx + len(doc[self.end - 1].text)


def relocated(m: ActorMention, iso2: str | None) -> str:
    """The actor of a social mention whose country was assumed, in the country where the event was:
    "killing three people" in Odesa are Ukraine's civilians whatever country the story named first."""
    country = countries().get(iso2 or "")
    if not m.country_assumed or country is None or m.kind not in _SOCIAL_KINDS or m.country == country.iso2:
        return m.actor
    return _social_id(m.kind, country)


_SOCIAL_KINDS = set(_SOCIAL_LABEL) - {"unidentified"}  # whose country is where they are


class ActorIndex:
    def __init__(self, mentions: list[ActorMention], doc: Doc) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.by_token: dict[int, ActorMention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        self.doc = doc

    def in_tokens(self, tokens) -> list[ActorMention]:
        seen: list[ActorMention] = []
        for t in tokens:
            m = self.by_token.get(t.i)
            if m is not None and m not in seen:
                seen.append(m)
        return seen

    def actors(self) -> list[Actor]:
        out: dict[str, Actor] = {}
        for m in self.mentions:
            a = out.setdefault(m.actor, Actor(m.actor, m.kind, m.country, []))
            a.spans.append(m.span(self.doc))
        return list(out.values())

    def kind_of(self, actor_id: str | None) -> str | None:
        found = next((m.kind for m in self.mentions if m.actor == actor_id), None)
        if found is None and actor_id:
            # an actor derived from a mention (a country's forces, civilians where the event was)
            found = next((kind for prefix, kind in _KIND_BY_PREFIX if actor_id.startswith(prefix)), None)
        return found


# what kind of actor an id names, read off the names state_actor_id and _social_id give
_KIND_BY_PREFIX = (("Military Forces", "state_forces"), ("Police Forces", "state_forces"), ("Government", "government"),
                   *((label, "non_state_armed_group" if kind == "unidentified" else kind)
                     for kind, label in _SOCIAL_LABEL.items()))


@lru_cache(maxsize=1)
def _group_table() -> tuple[dict[str, dict], dict[str, str], dict[str, str]]:
    groups = {g["id"]: g for g in actor_lexicon().get("groups", [])}
    lower: dict[str, str] = {}
    exact: dict[str, str] = {}
    for gid, g in groups.items():
        for alias in list(g.get("aliases", [])) + list(g.get("adjectives", [])) + list(g.get("members", [])) + [gid]:
            alias = str(alias)
            if alias.isupper() and len(alias) <= 6:
                exact[alias] = gid
            else:
                lower[alias.lower()] = gid
    return groups, lower, exact


@lru_cache(maxsize=4)
def _matchers(nlp: Language) -> tuple[PhraseMatcher, PhraseMatcher, dict[str, Country]]:
    _, lower, exact = _group_table()
    m_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    m_exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    tok = nlp.make_doc
    for alias, gid in lower.items():
        m_lower.add(gid, [tok(alias)])
    for alias, gid in exact.items():
        m_exact.add(gid, [tok(alias)])
    return m_lower, m_exact, _country_words()


@lru_cache(maxsize=1)
def _country_words() -> dict[str, Country]:
    """Every name, adjective and demonym of a country, lower-cased ("afghan", "sudan's" is "sudan")."""
    words: dict[str, Country] = {}
    for c in countries().values():
        for w in (c.name, *c.adjectives, *c.demonyms, *c.aliases):
            words.setdefault(w.lower(), c)
    for seat, iso in (actor_lexicon().get("seats") or {}).items():
        if iso in countries():
            words.setdefault(str(seat).lower(), countries()[iso])
    return words


def group_spans(doc: Doc, nlp: Language) -> list:
    """Named armed groups in the text, longest match first."""
    m_lower, m_exact, _ = _matchers(nlp)
    return filter_spans([doc[s:e] for _, s, e in list(m_lower(doc)) + list(m_exact(doc))])


def country_hints(spans: list) -> Counter:
    """A group active in a single country places the story there ("the Rapid Support Forces" -> SD);
    one active in several leans it, more weakly, to the first of them."""
    groups, lower, exact = _group_table()
    votes: Counter = Counter()
    for span in spans:
        gid = lower.get(span.text.lower()) or exact.get(span.text)
        countries_of = (groups.get(gid) or {}).get("countries") or []
        if len(countries_of) == 1:
            votes[countries_of[0]] += 1
        elif countries_of:
            votes[countries_of[0]] += 0.5  # listed first: where the group is at home (al-Shabaab: Somalia)
    return votes


def find_actors(doc: Doc, nlp: Language, focus_country: str | None) -> ActorIndex:
    groups, _, _ = _group_table()
    _, _, country_words = _matchers(nlp)
    cmap = countries()
    focus = cmap.get(focus_country or "")
    found: list[ActorMention] = []
    for span in group_spans(doc, nlp):
        gid = _group_table()[1].get(span.text.lower()) or _group_table()[2].get(span.text)
        if gid is None:
            continue
        # "Islamic State" in a story of Niger is its Sahel branch, as ACLED names it
        gid = (groups[gid].get("branches") or {}).get(focus_country or "", gid)
        g = groups[gid]
        found.append(ActorMention(span.start, span.end, gid, g.get("kind", "non_state_armed_group"),
                                  None, "name"))
    taken = {i for m in found for i in range(m.start, m.end)}
    for tok in doc:
        if tok.i in taken:
            continue
        m = _state_or_social(tok, doc, country_words, focus)
        if m is not None and not any(i in taken for i in range(m.start, m.end)):
            found.append(m)
            taken.update(range(m.start, m.end))
    index = ActorIndex(found, doc)
    _coreference(doc, index, focus)
    return index


def attributive(tok) -> bool:
    """"a Geneva-registered watchdog", "Iran-backed rebels", "a Turkey-supplied drone": a name before a hyphen and
    one of the participles of actors.yaml `attributive` qualifies a noun; it is neither that noun's
    actor nor where anything happened."""
    doc = tok.doc
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1  # the rest of a multi-word name ("New York-based")
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _attributive_words()


@lru_cache(maxsize=1)
def _attributive_words() -> frozenset[str]:
    return frozenset(actor_lexicon().get("attributive", ()))


def country_force(tok, kind: str = "military") -> str | None:
    """"Russia struck Kharkiv", "Israel resumed its bombardment": a country named as the one who acted
    is its state's forces (ACLED codes "Military Forces of Russia"). Only the country's own name:
    "Kyiv says" is its government speaking, and an adjective is read on the noun it qualifies."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    text = (ent.text if ent is not None and ent.label_ == "GPE" else tok.text if tok.ent_type_ == "GPE" else "").lower()
    text = re.sub(r"^the\s+", "", text)
    country = _country_words().get(text)
    if country is None or text not in {country.name.lower(), *(a.lower() for a in country.aliases)}:
        return None
    return state_actor_id(kind, country)


def _country_modifier(head, doc: Doc, country_words: dict[str, Country], owner_after: bool = True) -> tuple[Country | None, int]:
    """A country named in the noun phrase of `head`: "Afghan security forces", "Sudan's army"."""
    start = head.i
    for child in sorted(head.lefts, key=lambda t: t.i):
        if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod") and not any(attributive(t) for t in child.subtree):
            skip = {t.i for c2 in child.children if c2.dep_ in ("conj", "cc") for t in c2.subtree}
            words = [t for t in child.subtree if not t.is_punct and t.text not in ("'s", "’s") and t.i not in skip]
            text = " ".join(t.text for t in words).lower()
            for cand in (text, words[0].text.lower() if words else "", words[-1].text.lower() if words else ""):
                if cand in country_words:
                    return country_words[cand], min(start, child.left_edge.i)
    # "the army of Mali" (not "a bombardment of Gaza": the country after an event noun is its target)
    for child in (head.rights if owner_after else ()):
        if child.dep_ == "prep" and child.lower_ == "of":
            for p in child.children:
                if p.dep_ == "pobj" and p.text.lower() in country_words:
                    return country_words[p.text.lower()], start
    return None, start


_SPONSOR_WORDS = {"army", "military", "junta", "regime", "government", "navy", "air force", "coalition"}


def sponsor(event_noun, focus_country: str | None) -> str | None:
    """The state an event noun names as its author: "a Russian missile strike", "Russia's strike",
    "Israeli airstrikes", "a U.S. drone strike" (that country's military), "an army airstrike",
    "junta air strikes" (the story's own country's). None when the noun names no author."""
    country, _ = _country_modifier(event_noun, event_noun.doc, _country_words(), owner_after=False)
    if country is None:
        own = [c for c in event_noun.lefts if c.dep_ in ("compound", "amod", "poss") and c.lower_ in _SPONSOR_WORDS]
        country = countries().get(focus_country or "") if own else None
    return state_actor_id("military", country) if country is not None else None


def _left_edge(tok) -> int:
    i = tok.i
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "det", "nummod", "poss"):
            i = min(i, child.left_edge.i)
    return i


_STATE_MODIFIERS = {"army": "military", "military": "military", "government": "military", "security": "military",
                    "regime": "military", "pro-government": "military", "junta": "military", "police": "police"}


def _state_modified(tok, kind: str) -> str | None:
    """"army units", "government soldiers", "security personnel", "police commandos": a force noun a
    state word modifies is the state's, whatever the noun."""
    if kind == "government":
        return None
    mods = [_STATE_MODIFIERS[c.lower_] for c in tok.lefts if c.dep_ in ("compound", "amod") and c.lower_ in _STATE_MODIFIERS]
    return ("police" if kind == "police" or "police" in mods else "military") if mods else None


def _antecedent_country(tok, doc: Doc, country_words: dict[str, Country]) -> Country | None:
    """The country of the last earlier noun phrase with the same head ("Sudan's army ... the army")."""
    if not any(c.lower_ == "the" for c in tok.lefts):
        return None
    for prev in reversed(doc[:tok.i]):
        if prev.lemma_.lower() == tok.lemma_.lower() and prev.pos_ in ("NOUN", "PROPN"):
            country, _ = _country_modifier(prev, doc, country_words)
            if country is not None:
                return country
    return None


def _state_or_social(tok, doc: Doc, country_words: dict[str, Country], focus: Country | None) -> ActorMention | None:
    low = tok.lower_
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
        return None
    country, start = _country_modifier(tok, doc, country_words)
    counted = {t.i for c in tok.children if c.dep_ in ("nummod", "quantmod") for t in c.subtree}
    # "12 soldiers", "at least 30 policemen": the count says how many, not whose
    phrase = " ".join(t.text for t in doc[_left_edge(tok):tok.i + 1] if t.i not in counted).lower()
    for kind, nouns in (("military", MILITARY_NOUNS), ("police", POLICE_NOUNS), ("government", GOVERNMENT_NOUNS)):
        if low in nouns:
            if country is not None:
                return ActorMention(start, tok.i + 1, state_actor_id(kind, country),
                                    "state_forces" if kind != "government" else "government", country.iso2, "state")
            # "its forces": whose they are is for coreference to say (_coreference), not the story country
            possessor = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
            if possessor is not None and kind == "military":
                subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                owner = country_words.get(subject.text.lower()) if subject is not None else None
                if owner is not None:
                    return ActorMention(possessor.i, tok.i + 1, state_actor_id("military", owner), "state_forces",
                                        owner.iso2, "state")
                return ActorMention(possessor.i, tok.i + 1, "", "state_forces", None, "possessive")
            bare = re.sub(r"^(the|its|their|his|her|our)\s+", "", phrase)
            generic = bare if bare in GENERIC_STATE else ("the " + bare if "the " + bare in GENERIC_STATE else None)
            k = GENERIC_STATE[generic] if generic else _state_modified(tok, kind)
            if k or low == "ministry":
                # "Russia's defence ministry said ... The ministry said": the one named before, not the story's country
                focus = _antecedent_country(tok, doc, country_words) or focus
            if k:
                if low in ("officials", "authorities") and tok.head.lemma_ not in ("say", "tell", "claim", "deny", "announce", "report", "confirm"):
                    return None  # "officials" as a speaker, not as a party to events
                # "government forces" in a story that names no country: a state's forces, which state unknown
                actor = state_actor_id(k, focus) if focus is not None else _UNKNOWN_STATE[k]
                return ActorMention(_left_edge(tok), tok.i + 1, actor,
                                    "state_forces" if k != "government" else "government", focus.iso2 if focus else None, "state")
            if low == "ministry" and focus is not None:
                return ActorMention(_left_edge(tok), tok.i + 1, state_actor_id("government", focus), "government",
                                    focus.iso2, "state")
    for kind, nouns in (("civilians", CIVILIAN_NOUNS), ("protesters", PROTESTER_NOUNS), ("rioters", RIOTER_NOUNS)):
        if low in nouns:
            if low == "people" and not any(c.dep_ == "nummod" for c in tok.children):
                return None
            c = country or focus
            return ActorMention(_left_edge(tok), tok.i + 1, _social_id(kind, c), kind, c.iso2 if c else None, "social",
                                country_assumed=country is None)
    if low in {"gunmen", "assailants", "attackers", "bandits", "gunman"} or phrase in UNIDENTIFIED:
        c = country or focus
        return ActorMention(_left_edge(tok), tok.i + 1, _social_id("unidentified", c), "non_state_armed_group",
                            c.iso2 if c else None, "social")
    return None


def _country_before(doc: Doc, i: int) -> Country | None:
    """"The Russian general staff announced that its units ...": the country named earlier in the sentence, when
    no state actor is."""
    sent = doc[i].sent
    words = _country_words()
    return next((words[t.lower_] for t in reversed(doc[sent.start:i]) if t.ent_type_ in ("NORP", "GPE")
                 and t.lower_ in words), None)


def _coreference(doc: Doc, index: ActorIndex, focus: Country | None) -> None:
    """Descriptors and subject pronouns take the id of the last fitting actor before them."""
    for m in [m for m in index.mentions if m.via == "possessive"]:
        # "Russia's defence ministry said its forces...": the forces of the last state named
        owner = _last(index, m.start, lambda o: o.kind in ("government", "state_forces") and o.country is not None
                      and o.via != "possessive")
        country = countries()[owner.country] if owner is not None else None
        if owner is None or owner.start < doc[m.start].sent.start:
            # "The head of Ethiopia's defence staff said its forces...": the state named in the pronoun's
            # own sentence, even as a speaker's possessor, before one of an earlier sentence
            country = _country_before(doc, m.start) or country
        if country is None:
            index.mentions.remove(m)
            for i in range(m.start, m.end):
                index.by_token.pop(i, None)
            continue
        m.actor, m.country = state_actor_id("military", country), country.iso2
    added: list[ActorMention] = []
    for tok in doc:
        if tok.i in index.by_token:
            continue
        low = tok.lower_
        armed_mod = low in NSAG_DESCRIPTORS | {"units", "forces", "troops"} and \
            any(c.dep_ in ("compound", "amod") and c.lower_ in _ARMED_MODIFIERS for c in tok.lefts)
        if (low in NSAG_DESCRIPTORS or armed_mod) and tok.pos_ in ("NOUN", "PROPN"):
            if low == "group" and not any(c.lower_ == "the" for c in tok.lefts):
                continue
            prev = _last(index, tok.i, lambda m: m.kind in ("non_state_armed_group", "militia") and m.via != "social")
            if prev is None:
                # "rebel fighters seized Kidal": an armed group the story has not named
                # "under rebel control": the holder, an armed group the story has not named
                holder = tok.dep_ in ("compound", "amod") and tok.head.lemma_ == "control"
                # "rebel commander X said his fighters took the town": the men of an armed group's commander
                owned = any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in tok.children) and any(
                    t.lower_ in _ARMED_MODIFIERS and t.head.pos_ in ("NOUN", "PROPN") for t in doc[tok.sent.start:tok.i])
                if low in ("militants", "insurgents", "rebels", "jihadists", "militiamen") or armed_mod or holder or owned:
                    c = focus
                    m = ActorMention(_left_edge(tok), tok.i + 1, _social_id("unidentified", c), "non_state_armed_group",
                                     c.iso2 if c else None, "descriptor")
                    added.append(m)
                    _register(index, m)
                continue
            m = ActorMention(_left_edge(tok), tok.i + 1, prev.actor, prev.kind, prev.country, "descriptor")
        elif low in PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            # the nearest subject before the pronoun; when that is no known actor, nobody is guessed
            nearest = next((t for t in reversed(doc[max(tok.sent.start - 60, 0):tok.i])
                            if t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX")
                            and t.lower_ not in PRONOUNS), None)
            prev = index.by_token.get(nearest.i) if nearest is not None else None
            if prev is None and nearest is not None and nearest.pos_ in ("NOUN", "PROPN"):
                continue
            # "the army said it regained Marte": the subject just named is "it", a state's forces too
            direct = prev is not None
            if prev is None:
                prev = _last(index, tok.i, lambda m: doc[m.start].sent.start >= tok.sent.start - 80 and
                             any(doc[i].dep_ in ("nsubj", "nsubjpass", "compound") for i in range(m.start, m.end)))
            if prev is None or (low == "it" and prev.kind not in ("non_state_armed_group", "militia", "government")
                                and not (direct and prev.kind == "state_forces")):
                continue
            if low in ("he", "she"):
                continue  # people are sources, not parties to events
            m = ActorMention(tok.i, tok.i + 1, prev.actor, prev.kind, prev.country, "pronoun")
        else:
            continue
        added.append(m)
        _register(index, m)
    index.mentions = sorted(index.mentions, key=lambda m: m.start)


def _register(index: ActorIndex, m: ActorMention) -> None:
    index.mentions.append(m)
    for i in range(m.start, m.end):
        index.by_token.setdefault(i, m)


def _last(index: ActorIndex, before: int, pred) -> ActorMention | None:
    best = None
    for m in index.mentions:
        if m.start < before and pred(m) and (best is None or m.start > best.start):
            best = m
    return best

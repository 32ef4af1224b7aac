"""Trigger detection: which tokens start an event, and of which family (data/events.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..lexicons import Family, event_lexicon

# "an assassination campaign", "a bombing spree": the compound noun is the event
_SERIES = {"campaign", "spree", "wave", "series", "operation", "operations", "attack", "attacks"}
# "chlorine bombs", "sarin rockets", "mortar shells": the agent or weapon named before a munition is the event's kind
_MUNITIONS = {"bomb", "bombs", "shell", "shells", "rocket", "rockets", "missile", "missiles", "munition", "munitions",
              "canister", "canisters", "barrel", "barrels", "round", "rounds", "gas"}


# past forms of prefixed verbs the lemmatizer leaves alone
_IRREGULAR = {"retook": "retake", "retaken": "retake", "overran": "overrun", "overrun": "overrun",
              "undertook": "undertake", "shot": "shoot", "fought": "fight", "fled": "flee", "blew": "blow",
              "struck": "strike", "withdrew": "withdraw", "withdrawn": "withdraw", "overtook": "overtake",
              "gone": "gone"}  # "the town was gone": its own word, not "go"


_PAST_ONLY = {"overran", "retook", "withdrew", "overtook"}


_AUXILIARIES = {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought",
                "'s", "'re", "'ve", "'d", "'ll", "get"}


@dataclass
class Trigger:
    token: Token
    family: Family
    phrase: str
    objects: list[Token]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[tuple[tuple[str, ...], Family]]], dict[str, list[tuple[tuple[str, ...], Family]]]]:
    """Verb and noun entries keyed by their head lemma; multi-word entries keep their other words."""
    verbs: dict[str, list[tuple[tuple[str, ...], Family]]] = {}
    nouns: dict[str, list[tuple[tuple[str, ...], Family]]] = {}
    for fam in event_lexicon()["families"].values():
        for v in fam.verbs:
            head, *rest = v.split()
            verbs.setdefault(head, []).append((tuple(rest), fam))
        for n in fam.nouns:
            *mods, head = n.split()
            nouns.setdefault(head, []).append((tuple(mods), fam))
            if head.endswith("s"):
                nouns.setdefault(head[:-1], []).append((tuple(mods), fam))
    for table in (verbs, nouns):
        for key in table:  # longer phrases first, then lexicon order
            table[key].sort(key=lambda x: -len(x[0]))
    return verbs, nouns


# Heads that say how much of something: "most of the city", "dozens of rifles", "a cache of arms"; the
# thing itself is the "of" object
PARTITIVE = frozenset({"control", "most", "part", "rest", "half", "much", "parts", "charge", "possession", "dozen",
                       "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "number", "group",
                       "some", "several", "many", "all", "lot", "amount", "quantity", "total", "cache", "haul", "stash",
                       "consignment"})


def _objects(tok: Token) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            out.append(c)
            if c.lemma_ in PARTITIVE:
                out.extend(p for prep in c.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj")
        elif c.dep_ == "prep" and c.lower_ in ("into", "of", "on", "over", "through") and tok.pos_ in ("VERB", "NOUN", "PROPN"):
            out.extend(p for p in c.children if p.dep_ == "pobj")
        elif c.dep_ == "poss" and tok.pos_ in ("NOUN", "PROPN"):
            out.append(c)
    # "the town was captured": the passive subject is the object
    if tok.dep_ in ("amod", "compound") and tok.pos_ == "VERB" and (tok.tag_ == "VBD" or any(c.dep_ == "nsubj" for c in tok.children)):
        # "X captured Rastan, Talbiseh and Homs" misparsed as "captured Rastan": a past tense (or a verb with its
        # own subject) is no modifier, and what it seems to modify is its object ("the captured soldiers" stays)
        out.append(tok.head)
    return out


def _verb_match(tok: Token, rest: tuple[str, ...]) -> bool:
    if not rest:
        return True
    words = {c.lemma_.lower() for c in tok.children} | {c.lower_ for c in tok.children}
    for c in tok.children:
        if c.dep_ in ("dobj", "prep", "prt"):
            words |= {g.lemma_.lower() for g in c.children}
    return all(w in words for w in rest)


def _noun_match(tok: Token, mods: tuple[str, ...]) -> bool:
    if not mods:
        return True
    left = [t.lower_ for t in tok.doc[max(tok.i - len(mods), 0):tok.i]]
    return tuple(left[-len(mods):]) == mods or tuple(l.replace("-", "") for l in left[-len(mods):]) == mods


if not Doc.has_extension("trigger_scan"):
    Doc.set_extension("trigger_scan", default=None)


def find_triggers(sent: Span, object_kind) -> list[Trigger]:
    """`object_kind(token) -> set[str]` tells what an object is (place, territory, person, ...)."""
    found: list[Trigger] = []
    for tok, lemma, entries, objects in _scan(sent):
        kinds: set[str] = set()
        for o in [*objects, tok] if tok.pos_ in ("NOUN", "PROPN") else objects:
            kinds |= object_kind(o)  # a noun names its own kind: "a truce", "a weapons cache"
        if lemma == "take" and any(o.lower_ == "part" and not any(c.dep_ == "det" for c in o.children) for o in objects):
            continue  # "had taken part in the attack": an idiom, not a capture of part of a town
        for words, fam in entries:
            if fam.object_required and not (kinds & set(fam.object_required)) and not _phrasal_object(words, fam):
                continue
            if not words and other_verb(tok, fam):
                continue  # "took down eleven drones": a phrasal verb of its own, no capture
            if fam.noun_heads and tok.pos_ in ("NOUN", "PROPN") and not _governed_by(tok, fam.noun_heads):
                continue  # "despite the ceasefire", "the truce collapsed": no accord is made
            phrase = " ".join((lemma, *words)) if tok.pos_ != "NOUN" else " ".join((*words, lemma))
            found.append(Trigger(tok, fam, phrase, objects))
            break
    return found


def other_verb(tok: Token, fam: Family) -> bool:
    """The verb's particle makes it another verb than the family's ("took down", "took out")."""
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "prt" and c.lower_ in fam.not_with_particles for c in tok.children)


def phrasal_others(sent: Span) -> list[tuple[Token, Family]]:
    """The sentence's bare verb entries that a particle makes other verbs, with their families."""
    return [(tok, fam) for tok, _, entries, _ in _scan(sent) for words, fam in entries if not words and other_verb(tok, fam)]


_Scanned = tuple[Token, str, list[tuple[tuple[str, ...], Family]], list[Token]]  # word, its lemma, entries, objects


def _scan(sent: Span) -> list[_Scanned]:
    """The sentence's words that match a trigger entry, with their entries and objects: what does not
    depend on the caller's object kinds. Both the rules and the sentence model read every sentence,
    so the scan is kept on the Doc, once per sentence."""
    cache = sent.doc._.trigger_scan
    if cache is None:
        cache = sent.doc._.trigger_scan = {}
    key = (sent.start, sent.end)
    if key in cache:
        return cache[key]
    verbs, nouns = _tables()
    out: list[_Scanned] = []
    for tok in sent:
        if tok.ent_type_ in ("DATE", "TIME") or (tok.text == "March" and tok.i + 1 < len(tok.doc) and tok.nbor().like_num):
            continue  # "March 24" is a month, not a march
        lemma = tok.lemma_.lower()
        pos = tok.pos_
        if pos == "AUX" and lemma not in _AUXILIARIES and tok.lower_ in nouns:
            # the small parser sometimes calls a subject noun an auxiliary ("Russian shelling hit a school")
            entries = [(mods, fam) for mods, fam in nouns[tok.lower_] if _noun_match(tok, mods)]
        elif pos in ("VERB", "AUX") or (pos == "ADJ" and tok.tag_ == "VBN"):
            lemma = _IRREGULAR.get(tok.lower_, lemma)
            entries = [(rest, fam) for rest, fam in verbs.get(lemma, []) if _verb_match(tok, rest)]
        elif pos in ("NOUN", "PROPN") and tok.lower_ in _PAST_ONLY:
            # the small model tags rare past forms as nouns or names ("the RSF overran Sinja" -> "overran
            # Sinja" a name): no noun is spelled so; its objects are its own, else what it was read as naming
            entries = [(rest, fam) for rest, fam in verbs.get(_IRREGULAR[tok.lower_], []) if not rest]
            objects = _objects(tok) or ([tok.head] if tok.head.i != tok.i else [])
            if entries and objects:
                out.append((tok, _IRREGULAR[tok.lower_], entries, objects))
            continue
        elif pos in ("NOUN", "PROPN") and (tok.dep_ != "compound" or _names_the_series(tok, nouns)
                                           or tok.head.lower_ in _MUNITIONS):
            entries = [(mods, fam) for mods, fam in nouns.get(lemma, []) + nouns.get(tok.lower_, []) if _noun_match(tok, mods)]
        else:
            continue
        if entries:
            out.append((tok, lemma, entries, _objects(tok)))
    cache[key] = out
    return out


def _names_the_series(tok: Token, nouns: dict) -> bool:
    """"a bombing campaign", "suicide attack operations": the compound names what the series is of;
    in "mine clearance operations" the operations are of the word between, not of mines."""
    head = tok.head
    if head.lemma_ not in _SERIES or head.i < tok.i:
        return False
    between = tok.doc[tok.i + 1:head.i]
    return all(t.is_punct or t.lemma_.lower() in nouns or t.lower_ in nouns for t in between)


def _governed_by(tok: Token, heads: frozenset[str]) -> bool:
    """The noun is what one of `heads` acts on or starts: "signed a truce", "agreed to a ceasefire",
    "peace talks began", "a ceasefire took effect"; a headline with no verb ("Ceasefire in Tripoli") counts."""
    node = tok
    while node.pos_ not in ("VERB", "AUX") and node.dep_ in ("pobj", "prep", "compound", "conj", "appos", "dobj", "nsubj",
                                                            "nsubjpass", "attr") and node.head is not node:
        node = node.head
    if node.pos_ not in ("VERB", "AUX"):
        return node.dep_ == "ROOT"
    return node.lemma_.lower() in heads or _IRREGULAR.get(node.lower_, "") in heads


def _phrasal_object(words: tuple[str, ...], fam: Family) -> bool:
    """"take control", "plant flag", "agree to ceasefire": the phrase names its own object, a word of
    the required kind (data/events.yaml objects) or one of these."""
    if not words:
        return False
    objects = event_lexicon()["objects"]
    return words[-1] in ("control", "flag", "hostage", "fire", "responsibility", "victory", "prisoners") \
        or any(words[-1] in objects.get(kind, ()) for kind in fam.object_required)

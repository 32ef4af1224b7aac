"""Counts of one sentence (dead, arrested, freed, displaced) given to its events."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..claims import sentence_claim
from .arguments import negated
from .candidate import NON_LETHAL, Candidate
from .context import Context
from .numbers import number_of, parse_number


def sentence_quantities(ctx: Context, sent: Span, cands: list[Candidate]) -> None:
    if not cands:
        return
    qverbs = ctx.lex["quantity_verbs"]
    freed_kinds = ctx.lex["freed_kinds"]
    found: dict[str, int] = {}
    anaphoric: dict[str, bool] = {}
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in ("find", "discover", "dump") and tok.pos_ == "VERB":
            dead = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in ("body", "corpse")]
            n = number_of(dead[0]) if dead else None
            if n is None and dead:
                # "the bodies of three men were found"
                n = next((number_of(p) for prep in dead[0].children if prep.lower_ == "of" for p in prep.children
                          if p.dep_ == "pobj"), None)
            if n is not None:
                found["fatalities"] = min(found.get("fatalities", n), n)
            continue
        if lemma in ("claim", "take", "cost") and tok.pos_ == "VERB":
            lives = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() == "life"]
            n = number_of(lives[0]) if lives else None
            if n is not None:  # "the blast took nine lives"
                found["fatalities"] = min(found.get("fatalities", n), n)
            continue
        key = next((k for k, vs in qverbs.items() if lemma in vs), None)
        if key is None:
            continue
        if negated(tok):
            continue
        nouns = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma == "death" and tok.pos_ == "NOUN":
            # "caused the deaths of six herders", "eleven deaths"
            nouns = [p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children
                     if p.dep_ == "pobj"] or ([tok] if any(c.dep_ == "nummod" for c in tok.children) else [])
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
    v = told_toll(sent)
    if v is not None:
        found["fatalities"] = min(found.get("fatalities", v), v)
        anaphoric["fatalities"] = False
    if not found:
        return
    # the dead belong to what has happened: not to arrests or agreements, nor to a planned attack
    violent = [c for c in cands if c.family not in NON_LETHAL and c.time_status not in ("future", "hypothetical")]
    for c in cands:
        fam = c.trigger.family
        for k, v in found.items():
            if k == "fatalities":
                if c in violent or not violent:
                    c.fatalities = v if c.fatalities is None else min(c.fatalities, v)
                    told = (v, c.claims[0].source if c.claims else None)
                    if v > 0 and told not in c.tolls:
                        c.tolls.append(told)
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


# "the death toll rose to 31", "the number of people killed has reached 17", "the number of dead stood
# at 9", "the toll is thought to be between 40 and 45" (the lowest is the count)
_TOLL = re.compile(r"\b(?:(?:death )?toll|number of (?:the )?(?:dead|deaths|fatalities|people (?:who )?(?:died|killed|were killed)))"
                   r"\b[^.;]*?\b(?:rose|risen|climbed|reached|stood|stands|jumped|increased|is|was|at|to)\s+"
                   r"(?:(?:believed|thought|estimated|said|expected) to be\s+|estimated at\s+)?(?:to\s+|at\s+)?(?:between\s+)?"
                   r"((?:at least |more than |over |nearly |some )?[\w,-]+)")


def told_toll(sent: Span) -> int | None:
    """A death toll a sentence gives ("the death toll rose to 31", "the army put the toll at 11")."""
    m = _TOLL.search(sent.text.lower())
    return parse_number(m.group(1)) if m else None


def toll_of_earlier_event(ctx: Context, sent: Span, earlier: list[Candidate]) -> None:
    """"The army put the toll at 11": a toll told with no event of its own is another figure for the
    violent event just told, kept with its source beside the others (the lowest is the count)."""
    v = told_toll(sent)
    if v is None or v <= 0:
        return
    host = next((c for c in reversed(earlier) if c.family not in NON_LETHAL and c.time_status in ("current", "ongoing")
                 and c.trigger.token.sent.start >= sent.start - 150), None)
    if host is None:
        return
    claim = sentence_claim(ctx.sources, sent)
    source = claim.source
    if host.fatalities is not None and not host.tolls:
        host.tolls.append((host.fatalities, host.claims[0].source if host.claims else None))
    if (v, source) not in host.tolls:
        host.tolls.append((v, source))
    host.fatalities = v if host.fatalities is None else min(host.fatalities, v)
    host.claims.append(claim)
    host.evidence.append((sent.start_char, sent.end_char))

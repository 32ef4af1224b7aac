"""Counts in news text, with ACLED's conventions: the lowest figure, "dozens" = 12,
"hundreds" = 100, "several"/"many" = 10, word numbers, "at least"."""
from __future__ import annotations

import re

_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "several": 10, "many": 10,
          "a dozen": 12, "dozen": 12, "a few": 3, "few": 3, "a handful": 3, "handful": 3, "a couple": 2, "couple": 2,
          "no": 0, "none": 0, "nobody": 0, "tens": 10, "a score": 20}


def parse_number(text: str) -> int | None:
    """'500' -> 500, 'twenty-three' -> 23, 'dozens' -> 12, '1.2 million' -> 1200000, 'at least 5' -> 5."""
    t = text.lower().replace(",", "").strip()
    t = re.sub(r"^(at least|at most|more than|over|nearly|almost|about|around|some|roughly|up to|as many as|"
               r"an estimated|approximately|fewer than|less than|no fewer than|no less than)\s+", "", t)
    if t in _VAGUE:
        return _VAGUE[t]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(hundred|thousand|million)?", t)
    if m:
        value = float(m[1]) * _SCALES.get(m[2] or "", 1)
        return int(value)
    words = re.split(r"[\s-]+", t)
    total, current, seen = 0, 0, False
    for w in words:
        if w == "and":
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
        elif w in ("a", "an") and not seen:
            current = 1
            continue
        else:
            return None
        seen = True
    return total + current if seen else None


_PERSONS = {"insurgent", "militant", "fighter", "soldier", "civilian", "man", "woman", "child", "boy", "girl", "policeman",
            "officer", "attacker", "gunman", "bomber", "commander", "leader", "suspect", "driver", "villager", "guard",
            "rebel", "journalist", "student", "farmer", "worker", "resident", "individual", "person", "member", "shooter",
            "associate", "aide", "bodyguard", "deputy", "brother", "son", "companion", "facilitator", "courier"}


def number_of(token) -> int | None:
    """The count of a noun phrase and the phrases joined to it ("Rostum and his associate" = 2);
    None when any part of it is uncounted."""
    total = _count(token)
    for conj in (c for c in token.children if c.dep_ == "conj"):
        more = number_of(conj)
        if total is None or more is None:
            return None
        total += more
    return total


def _count(token) -> int | None:
    """The count attached to one noun token ("at least 23 villagers", "dozens of civilians")."""
    for child in token.children:
        if child.dep_ in ("nummod", "quantmod") or (child.dep_ == "amod" and child.lower_ in _VAGUE):
            phrase = " ".join(t.text for t in child.subtree)
            n = parse_number(phrase)
            if n is not None:
                return n
    if token.lower_ in _VAGUE:
        return _VAGUE[token.lower_]
    if token.tag_ in ("NN", "NNP") and any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in token.children):
        return 1
    if token.lower_ in ("him", "her", "he", "she") or token.ent_type_ == "PERSON":
        return 1  # "engaged the man, killing him", "Muhammad Yah ... was killed"
    if token.lower_ == "both":
        return 2
    if token.lower_ == "all" and any(c.like_num for c in token.children):
        return parse_number(next(c.text for c in token.children if c.like_num))  # "killing all three"
    if token.tag_ == "NN" and token.lemma_.lower() in _PERSONS and \
            any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "his", "her", "its") for c in token.children):
        return 1  # "killing the insurgent": one person, named singular
    if token.like_num:
        return parse_number(" ".join(t.text for t in token.subtree if t.dep_ in ("quantmod", "advmod") or t == token))
    # "dozens of civilians": the count is the head of the "of" phrase
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in _VAGUE:
        return _VAGUE[token.head.head.lower_]
    return None

"""Which word of an evidence sentence is the event's trigger, found again from the trigger lexicon
(data/events.yaml) for display: the stored report keeps the sentence span, not the trigger's. A
word counts when it is an inflection of a trigger verb or noun of a family that can give the
event's sub-event type (any family as a fallback); irregular forms come from data/irregular_forms.csv."""
from __future__ import annotations

import csv
import re
from functools import lru_cache

from .config import DATA_DIR
from .lexicons import event_lexicon

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ings", "ied", "ies")


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    with (DATA_DIR / "irregular_forms.csv").open(encoding="utf-8", newline="") as fh:
        return {r["form"].strip().lower(): r["lemma"].strip().lower() for r in csv.DictReader(fh)}


@lru_cache(maxsize=64)
def _entries(sub_event_type: str | None) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """(trigger entries of families giving this type, entries of every family), longest first; an
    entry is a word sequence ('air strike', 'take over')."""
    own, every = set(), set()
    for fam in event_lexicon()["families"].values():
        entries = {tuple(w.split()) for w in fam.verbs + fam.nouns if w}
        every |= entries
        if fam.sub_event_type == sub_event_type or sub_event_type in event_lexicon()["resolvers"].get(fam.resolver or "", ()):
            own |= entries
    def order(xs: set) -> tuple:
        return tuple(sorted(xs, key=lambda e: (-len(e), e)))
    return order(own), order(every)


def _inflects(word: str, lemma: str) -> bool:
    w = word.lower()
    if w == lemma or _irregular().get(w) == lemma:
        return True
    for suf in _SUFFIXES:
        if not suf or not w.endswith(suf):
            continue
        stem = w[: len(w) - len(suf)]
        if lemma in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "",
                     stem + "y" if suf in ("ied", "ies") else ""):
            return True
    return False


def find_trigger(sentence: str, sub_event_type: str | None) -> tuple[int, int] | None:
    """The offsets of the trigger words in `sentence`, or None when no lexicon entry is there."""
    words = list(_WORD.finditer(sentence))
    for entries in _entries(sub_event_type):
        for i in range(len(words)):  # the first trigger of the sentence, the longest entry there
            for entry in entries:
                n = len(entry)
                if i + n <= len(words) and all(_inflects(words[i + k].group(), entry[k]) for k in range(n)):
                    return words[i].start(), words[i + n - 1].end()
    return None


def marked(sentence: str, sub_event_type: str | None, left: str = "[", right: str = "]") -> str:
    """The sentence with its trigger between `left` and `right` (plain text views)."""
    span = find_trigger(sentence, sub_event_type)
    if span is None:
        return sentence
    a, b = span
    return f"{sentence[:a]}{left}{sentence[a:b]}{right}{sentence[b:]}"

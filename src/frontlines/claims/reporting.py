"""The reporting lexicon (`data/reporting.yaml`) compiled once into an immutable table.

Reads: the reporting lexicon as `lexicons.reporting_lexicon()` loads it (verbs by stance, hedges,
"according to" phrases, claims of responsibility, documents, roles, government roles, heads that are
never speakers, rebuttal forms).
Adds: `ReportingTable`, the frozen look-up tables every article's attribution, stance and rebuttal
reading share; `reporting_table()` builds it at first use and hands the same object to every
article afterwards (before, each article rebuilt its own copy of these tables).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from ..lexicons import LexiconError, reporting_lexicon

STANCES = ("asserted", "unverified", "denied")
# a lemma that only starts with a reporting verb still reports when the verb is this long
# ("disput" for dispute/disputed): shorter stems would catch unrelated words
_STEM_CHARS = 5


@dataclass(frozen=True)
class Rebuttals:
    """How a source answers what another said (`rebuttal:` in reporting.yaml)."""

    claim_nouns: frozenset[str]  # "denied the claim": objects that make a denial refer back
    phrases: tuple[str, ...]  # "not true", "baseless": in lexicon order, the first found wins
    still_holding: tuple[str, ...]  # "still control": the other side says it holds the place
    repelled: frozenset[str]  # "repel", "beat back": the attack was beaten back
    checks: tuple[str, ...]  # "could not be independently verified": flags what was said before


@dataclass(frozen=True)
class ReportingTable:
    stance_of: Mapping[str, str]  # verb lemma -> asserted | unverified | denied (read-only)
    stems: tuple[tuple[str, str], ...]  # (stem, stance) for verbs long enough to match as prefixes
    hedges: tuple[str, ...]
    according: tuple[str, ...]
    responsibility: tuple[str, ...]
    documents: frozenset[str]
    roles: tuple[str, ...]  # longest first
    gov_roles: tuple[str, ...]
    not_speakers: frozenset[str]
    rebuttal: Rebuttals

    def verb_stance(self, lemma: str) -> str | None:
        """The stance a reporting verb gives its content, or None when the lemma reports nothing."""
        lemma = lemma.lower()
        return self.stance_of.get(lemma) or next((s for v, s in self.stems if lemma.startswith(v)), None)

    def hedged(self, text: str) -> bool:
        """Whether a clause's words leave what it says unverified ("reportedly", "unconfirmed")."""
        low = text.lower()
        return any(h in low for h in self.hedges)

    def flags_doubt(self, text: str) -> bool:
        """Whether a sentence only flags what was said before it ("could not be verified")."""
        low = text.lower()
        return any(h in low for h in self.rebuttal.checks)


def _words(lex: Mapping[str, Any], key: str, *, where: str = "reporting.yaml") -> list[str]:
    value = lex.get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise LexiconError(f"{where}: {key} must be a list of words, got {value!r}")
    return [w.lower() for w in value]


def compile_table(lex: Mapping[str, Any]) -> ReportingTable:
    """One reporting lexicon as look-up tables; a malformed lexicon is a `LexiconError` naming the key."""
    verbs = lex.get("verbs")
    if not isinstance(verbs, dict) or set(verbs) - set(STANCES):
        raise LexiconError(f"reporting.yaml: verbs must map {'/'.join(STANCES)} to verbs, got {verbs!r}")
    stance_of: dict[str, str] = {}
    for stance, words in verbs.items():
        for v in _words(verbs, stance, where="reporting.yaml verbs"):
            stance_of[v] = stance
    reb = lex.get("rebuttal")
    if not isinstance(reb, dict):
        raise LexiconError("reporting.yaml: rebuttal must be a mapping")
    rebuttal = Rebuttals(
        claim_nouns=frozenset(_words(reb, "claim_nouns", where="reporting.yaml rebuttal")),
        phrases=tuple(_words(reb, "phrases", where="reporting.yaml rebuttal")),
        still_holding=tuple(_words(reb, "still_holding", where="reporting.yaml rebuttal")),
        repelled=frozenset(_words(reb, "repelled", where="reporting.yaml rebuttal")),
        checks=tuple(_words(reb, "checks", where="reporting.yaml rebuttal")),
    )
    return ReportingTable(
        stance_of=MappingProxyType(stance_of),
        stems=tuple((v, s) for v, s in stance_of.items() if len(v) > _STEM_CHARS),
        hedges=tuple(_words(lex, "hedges")),
        according=tuple(_words(lex, "according_to")),
        responsibility=tuple(_words(lex, "responsibility")),
        documents=frozenset(_words(lex, "documents")),
        roles=tuple(sorted(_words(lex, "roles"), key=len, reverse=True)),
        gov_roles=tuple(_words(lex, "government_roles")),
        not_speakers=frozenset(_words(lex, "not_speakers")) if "not_speakers" in lex else frozenset(),
        rebuttal=rebuttal,
    )


@lru_cache(maxsize=1)
def reporting_table() -> ReportingTable:
    """The shipped lexicon's table, compiled at first use and shared by every article after."""
    return compile_table(reporting_lexicon())

"""Stance: how sure a claim is (asserted / unverified / denied), and an event's `Claim` from it.

Reads: a reporting verb and its sentence against the compiled reporting table (verbs by stance,
hedges, claims of responsibility); for claims on events, the article's `SourceIndex`.
Adds: the stance an attribution gives its content (a hedge such as "reportedly" or "unconfirmed", or
a claim of responsibility, leaves an assertion unverified) and the `Claim`s the events stage gives
its events: the attribution governing a trigger, else the outlet's own voice; a claimant's own word;
a denial; a claim put in doubt by what follows it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ..model import Claim
from .reporting import ReportingTable

if TYPE_CHECKING:
    from .attribution import SourceIndex

SpanT = tuple[int, int]


def verb_stance(table: ReportingTable, tok: Token) -> str | None:
    """The stance a reporting verb gives what it reports, or None when `tok` reports nothing."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    stance = table.verb_stance(tok.lemma_)
    if stance is None:
        return None
    if tok.lemma_.lower() == "claim" and any(c.lemma_ == "responsibility" for c in tok.children):
        return "unverified"  # a group's own word for its act, whatever the lexicon says of "claim"
    return stance


def attributed_stance(table: ReportingTable, stance: str, sentence: str) -> str:
    """A verb's stance in its sentence: an assertion hedged ("reportedly", "could not be verified") or
    a claim of responsibility ("said it carried out") is unverified."""
    low = sentence.lower()
    if stance == "asserted" and (table.hedged(low) or any(r in low for r in table.responsibility)):
        return "unverified"
    return stance


def _chars(sent: Span) -> SpanT:
    return sent.start_char, sent.end_char


def claim_for(sources: "SourceIndex", sent: Span, token: Token | None = None) -> Claim:
    """Who says what `token` (a trigger) tells: the innermost attribution whose content holds it, else
    the outlet, unverified where the sentence hedges."""
    attribution = sources.attribution_for(token) if token is not None else None
    if attribution is not None:
        return Claim(attribution.source, attribution.stance, attribution.span)
    src = sources.outlet_source(_chars(sent))
    return Claim(src.id, "unverified" if sources.table.hedged(sent.text) else "asserted", _chars(sent))


def claimed_by(sources: "SourceIndex", speaker: Token | None, sent: Span) -> Claim | None:
    """"The rebels claim victory in X": the claimant's own word for its deed, unverified; None when
    the subject is no speaker."""
    src = sources.source_for(speaker) if speaker is not None else None
    return Claim(src.id, "unverified", _chars(sent)) if src is not None else None


def sentence_claim(sources: "SourceIndex", sent: Span) -> Claim:
    """What a sentence tells, asserted by its first speaker (or the outlet when it quotes none): a
    figure given for an event told earlier ("the army put the toll at 11")."""
    said = next((a for a in sources.attributions if a.verb is not None and a.verb.sent == sent and a.source), None)
    source = said.source if said else sources.outlet_source(_chars(sent)).id
    return Claim(source, "asserted", _chars(sent))


def deny(source: str | None, span: SpanT) -> Claim:
    """`source` denies the event in the words at `span`."""
    return Claim(source, "denied", span)


def doubt(claim: Claim) -> Claim:
    """A claim that what follows flags as unchecked ("this could not be verified"): an assertion
    becomes unverified; a denial or an unverified claim stays as it is."""
    return Claim(claim.source, "unverified", claim.span) if claim.stance == "asserted" else claim

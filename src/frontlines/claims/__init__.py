"""Who said what: speakers, stance and contradictions, behind one small interface.

Reads: one article's parse, actors and focus country, and the reporting lexicon (compiled once).
Adds: the article's `Source`s and attributions (`read_sources`), the `Claim` of each event
(`claim_for`, `claimed_by`, `sentence_claim`, `deny`, `doubt`: the events stage makes claims only
through these) and the contradictions of an event, for one article's events and for an event merged
across articles alike (`contradictions`, `contradictions_of`).

One job per module: `reporting.py` the lexicon table, `attribution.py` speakers on the parse,
`stance.py` the stance of a claim, `contradictions.py` disagreements between sources.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..actors import ActorIndex
from .attribution import Attribution, SourceIndex
from .contradictions import contradictions, contradictions_of
from .reporting import ReportingTable, compile_table, reporting_table
from .stance import claim_for, claimed_by, deny, doubt, sentence_claim


def read_sources(doc: Doc, actors: ActorIndex, focus_country: str | None, outlet: str | None = None,
                 table: ReportingTable | None = None) -> SourceIndex:
    """The article's speakers and attributions; `outlet` is the voice of what no speaker says."""
    return SourceIndex(doc, actors, focus_country, outlet=outlet, table=table)


__all__ = ["read_sources", "SourceIndex", "Attribution", "ReportingTable", "compile_table", "reporting_table", "claim_for",
           "claimed_by", "sentence_claim", "deny", "doubt", "contradictions", "contradictions_of"]

"""Event extraction: triggers in context become typed, dated, placed and sourced events.

For each trigger the dependency parse gives who acted (subject, passive agent, "fell to X"), on
whom (object, "from X", "on X"), where (places in the trigger's own clause, "the capital of X
province", anaphora such as "the city" or an unnamed "another provincial capital"), when (DATE
spans resolved against the publication date), how many (counts on the patient nouns), and its
time status (negation, "would", "plans to", a past year). Candidates are then typed in ACLED's
taxonomy, merged inside the article, and ordered by salience.
"""
from __future__ import annotations

from .arguments import candidate
from .candidate import Candidate
from .context import Context
from .counts import sentence_quantities, toll_of_earlier_event
from .discourse import absorb_anaphora, absorb_retold_deaths
from .sentence import (
    absorb_generic_blasts,
    absorb_into_weapon,
    absorb_fighting_of_change,
    absorb_nested,
    absorb_outcomes,
    brief_changes,
    inherit_from_governing,
    split_place_lists,
    typed_by_aircraft,
)
from .triggers import find_triggers


def extract_events(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for sent in ctx.doc.sents:
        triggers = find_triggers(sent, ctx.object_kind)
        sent_cands: list[Candidate] = []
        for trig in triggers:
            cand = candidate(ctx, trig, sent, triggers)
            if cand is not None:
                sent_cands.append(cand)
        sentence_quantities(ctx, sent, sent_cands)
        if not sent_cands:
            toll_of_earlier_event(ctx, sent, out)
        inherit_from_governing(sent_cands)
        typed_by_aircraft(ctx, sent_cands)
        sent_cands = absorb_into_weapon(sent_cands)
        sent_cands = absorb_nested(sent_cands)
        sent_cands = absorb_outcomes(sent_cands)
        sent_cands = absorb_fighting_of_change(sent_cands)
        sent_cands = absorb_generic_blasts(sent_cands)
        sent_cands = absorb_anaphora(ctx, sent, sent_cands, out)
        brief_changes(ctx, sent, sent_cands)
        sent_cands = split_place_lists(ctx, sent_cands)
        for c in sent_cands:
            if c.place is not None and c.place.kind in ("city", "district") and c.place.resolved \
                    and c.time_status == "current" and ctx.focal is None:
                ctx.focal = c.place
        out.extend(sent_cands)
    return absorb_retold_deaths(out)

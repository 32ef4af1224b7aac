"""Events stage: triggers -> candidates -> ACLED types -> merged, salience-ordered events.

Reads: the parsed `Doc` with the places, actors and attributions of the stages before it (`Context`).
Adds: the article's `Event`s (type, sides, place, date, counts, claims, evidence spans, confidence)
and the sentences judged to report no event (`ctx.non_events`)."""
from __future__ import annotations

from ..lexicons import RES
from ..model import Event
from .classify import retype, sentence_candidates, sentence_probabilities
from .context import Context
from .discourse import inherit_authors, join_retellings
from .extract import extract_events
from .merge import finalize, merge
from .reader import reader_types
from .rebuttals import attach_rebuttals, hedge_claims
from .typing import acled_sides, fill_unclaimed, type_candidate


def find_events(ctx: Context) -> list[Event]:
    cands, judged = [], []
    for c in extract_events(ctx):
        (cands if type_candidate(ctx, c) else judged).append(c)
    retype(ctx, cands)
    reader_types(ctx, cands, ctx.service.settings.reader_type_over)
    # a territorial trigger the rules judged no change of hands ("retreated towards the border") is
    # not the model's to make one of
    cands += sentence_candidates(ctx, cands, judged=[c for c in judged if c.trigger.family.resolver == RES.territory])
    for c in cands:
        acled_sides(c)
    merged = join_retellings(merge(cands, ctx.body_start), ctx.body_start)
    inherit_authors(merged)
    attach_rebuttals(ctx, merged)
    hedge_claims(ctx, merged)
    fill_unclaimed(ctx, merged)
    return finalize(merged, agree=lambda c: sentence_probabilities(ctx, c.trigger.token.sent).get(c.sub_event_type or "", 0.0),
                    lead_end=ctx.lead_end)


__all__ = ["Context", "find_events"]

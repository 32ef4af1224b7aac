"""Events stage: triggers -> candidates -> ACLED types -> merged, salience-ordered events."""
from __future__ import annotations

from ..model import Event
from .classify import retype, sentence_candidates
from .extract import Context, extract_events
from .merge import finalize, merge
from .typing import fill_unclaimed, type_candidate


def find_events(ctx: Context) -> list[Event]:
    cands = [c for c in extract_events(ctx) if type_candidate(ctx, c)]
    retype(cands)
    cands += sentence_candidates(ctx, cands)
    merged = merge(cands)
    fill_unclaimed(ctx, merged)
    return finalize(merged)


__all__ = ["Context", "find_events"]

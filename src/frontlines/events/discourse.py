"""The cross-sentence pass: later tellings of an event already told join it."""
from __future__ import annotations

from spacy.tokens import Span

from .candidate import VIOLENT, Candidate, absorb, same_area
from .context import Context
from .sentence import OUTCOME


def absorb_anaphora(ctx: Context, sent: Span, cands: list[Candidate], earlier: list[Candidate]) -> list[Candidate]:
    """"Al-Shabaab claimed responsibility for the attack", "three people were killed": a definite
    event noun, or a bare outcome with no agent or place, continues the last event told."""
    prev = [c for c in earlier if c.family in VIOLENT and c.time_status in ("current", "ongoing")]
    if not prev or prev[-1].trigger.token.sent.start < sent.start - 120:
        return cands
    host = prev[-1]
    out = []
    for c in cands:
        tok = c.trigger.token
        definite = tok.pos_ in ("NOUN", "PROPN") and any(
            d.dep_ in ("det", "poss") and d.lower_ in ("the", "this", "that", "its", "their") for d in tok.children)
        outcome = tok.lemma_.lower() in OUTCOME and c.actor1 is None
        own_place = c.place_in_scope and c.place is not None and c.place is not ctx.focal and c.place is not host.place
        claim = _group_claim(ctx, c)
        if c.family in VIOLENT and (definite or outcome or claim) and not own_place:
            if claim and (host.actor1 is None or host.actor1.startswith("Unidentified")):
                host.actor1 = c.actor1
            absorb(host, c)
            continue
        out.append(c)
    return out


def _group_claim(ctx: Context, c: Candidate) -> bool:
    """An armed group speaking of what its fighters did: "JNIM said its fighters had killed ..."."""
    src = next((s for s in ctx.sources.sources if s.id == c.claims[0].source), None) if c.claims else None
    return src is not None and src.kind == "group" and c.actor1 is not None and src.name == c.actor1


def absorb_retold_deaths(cands: list[Candidate]) -> list[Candidate]:
    """"A force killed one insurgent in Now Zad ... The force engaged the insurgent, killing him": dead
    the story has already introduced were counted by an earlier event of the same day and area, so
    the later sentence retells that event (its count, lower or equal, is part of the earlier one)."""
    out: list[Candidate] = []
    for c in cands:
        if c.dead_told_before and c.fatalities:
            host = next((h for h in reversed(out) if h.fatalities is not None and h.fatalities >= c.fatalities
                         and h.family in VIOLENT and h.time_status == c.time_status
                         and (c.date is None or h.date is None or c.date.iso == h.date.iso)
                         and (c.place is None or h.place is None or same_area(c.place, h.place))
                         and (c.actor1 is None or h.actor1 is None or c.actor1 in (h.actor1, h.actor2))), None)
            if host is not None:
                dead = host.fatalities
                absorb(host, c)
                host.fatalities = dead
                continue
        out.append(c)
    return out

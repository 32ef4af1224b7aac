"""The one rule of control, shared by the per-article view (`control.article`) and the merged
timeline (`frontlines.timeline`), so that both say the same of one article.

A voice is one claim about a change of hands: who says it (a source name, None for the outlet's own
voice), for which side the source speaks, with what stance, and when it was published.

- own side: the source is the winner itself or speaks for it (its affiliation, or its name for a
  group or government quoted as such);
- status: `contested` while the change is partial, denied or countered, or the place is still fought
  over on the day; `claimed` when every voice that asserts it is the winner's own side; else `held`;
- support: how strongly a change is told (an asserting voice 1, a hedged one 0.5, a denial 0);
- confirmation: a contested or claimed change becomes held on the day a voice outside the winner's
  side, published after the change and after the last denial, asserts it without reservation.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..lexicons import taxonomy

TERRITORIAL = taxonomy().tagged("territorial")


@dataclass(frozen=True)
class Voice:
    source: str | None  # the source's name; None = the outlet's own voice
    stance: str  # asserted | denied | unverified
    affiliation: str | None = None  # the side the source speaks for
    published: str | None = None  # ISO day the voice was published


def own_side(voice: Voice, holder: str | None) -> bool:
    return bool(holder) and holder in (voice.affiliation, voice.source)


def support(voices: list[Voice]) -> float:
    return sum(1.0 if v.stance == "asserted" else 0.5 for v in voices if v.stance != "denied")


def status(voices: list[Voice], holder: str | None, *, partial: bool = False, countered: bool = False,
           fought: bool = False) -> str:
    """The status of a change the day it is told, from its voices and the day's other reports."""
    asserting = [v for v in voices if v.stance != "denied"]
    if partial or countered or fought or len(asserting) < len(voices):
        return "contested"
    if asserting and all(own_side(v, holder) for v in asserting):
        return "claimed"
    return "held"


def confirmed_on(voices: list[Voice], holder: str | None, start: str | None, *, partial: bool = False) -> str | None:
    """The day a contested or claimed change becomes held, or None: the first voice outside the
    holder's side that asserts it, published after the change and after the last denial. A partial
    change is confirmed only by a report of the whole place, which is a change of its own."""
    if partial:
        return None
    last_denial = max((v.published or "" for v in voices if v.stance == "denied"), default="")
    after = max(last_denial, start or "")
    days = sorted(v.published for v in voices if v.stance == "asserted" and v.published
                  and not own_side(v, holder) and v.published > after)
    return days[0] if days else None

"""Rebuttals across sentences: a source that denies what another said ("The army dismissed the report
as baseless", "'This is not true,' a spokesman said", "insisted its troops still control the town",
"said it had repelled the attack") denies the event told before it. The denial becomes a `denied`
claim of that event, so the contradiction is reported, never silently resolved."""
from __future__ import annotations

import re

from spacy.tokens import Span

from ..claims import deny, doubt
from ..lexicons import ACLED_TYPES, RES, SUB
from .candidate import VIOLENT_TYPES, Candidate
from .context import Context


def _rebuttal(ctx: Context, sent: Span) -> tuple[str, str] | None:
    """(source id, kind) when `sent` rebuts something: kind is "claim" (a denial of what was said),
    "holding" (the other side still holds the place) or "repelled" (the attack was beaten back)."""
    lex = ctx.sources.table.rebuttal
    low = sent.text.lower()
    # the sentence's own speakers, or the one a quotation closing this sentence belongs to
    speakers = [a for a in ctx.sources.attributions if a.verb is not None and a.source
                and (a.verb.sent == sent or a.span == (sent.start_char, sent.end_char))]
    for a in speakers:
        verb = a.verb
        if a.stance == "denied":
            objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            said = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
            if any(o.lower_ in lex.claim_nouns or o.lemma_.lower() in lex.claim_nouns for o in objects) or not said:
                return a.source, "claim"
    if not speakers:
        return None

    def said_by(char: int) -> str | None:
        """Who says the words at `char`: "'... repelled the attack,' the spokesman said, minutes after
        the insurgents claimed the town" is the spokesman's, not the insurgents'."""
        tok = next((t for t in sent if t.idx >= char), None)
        inner = ctx.sources.attribution_for(tok) if tok is not None else None
        return inner.source if inner is not None and inner.source and inner in speakers else speakers[0].source

    for p in lex.phrases:
        m = re.search(rf"\b{re.escape(p)}\b", low)
        if m:
            return said_by(sent.start_char + m.start()), "claim"
    for p in lex.still_holding:
        at = low.find(p)
        if at >= 0:
            return said_by(sent.start_char + at), "holding"
    for t in sent:
        if t.pos_ == "VERB" and t.i + 1 < len(t.doc) and (
                t.lemma_.lower() in lex.repelled or f"{t.lemma_.lower()} {t.nbor(1).lower_}" in lex.repelled):
            return said_by(t.idx), "repelled"
    return None


def hedge_claims(ctx: Context, cands: list[Candidate]) -> None:
    """"The claim could not be independently verified": a sentence that only flags what was said makes
    the claims of the event told just before it unverified."""
    sents = list(ctx.doc.sents)
    for n, sent in enumerate(sents):
        if n == 0 or not ctx.sources.table.flags_doubt(sent.text):
            continue
        prev = sents[n - 1]
        for c in cands:
            for i, cl in enumerate(c.claims):
                if prev.start_char <= cl.span[0] < prev.end_char:
                    c.claims[i] = doubt(cl)


def attach_rebuttals(ctx: Context, cands: list[Candidate]) -> None:
    """Give each rebuttal to the event it answers: the latest told before it (within three sentences),
    and for a place still held or an attack repelled, the latest change of hands."""
    sents = list(ctx.doc.sents)
    media = {s.id for s in ctx.sources.sources if s.kind == "media"}
    for n, sent in enumerate(sents):
        if sent.start_char < ctx.body_start:
            continue
        found = _rebuttal(ctx, sent)
        if found is None:
            continue
        source, kind = found
        window_start = sents[max(0, n - 3)].start_char
        here = (sent.start_char, sent.end_char)
        live = [c for c in cands if c.time_status in ("current", "ongoing") and not c.state_only
                # what this source says itself elsewhere is no rebuttal of it; in the rebuttal's own
                # sentence ("repelled the attack, X said, after the rebels claimed the town") it is
                and not any(cl.source == source and cl.stance != "denied" and cl.span != here for cl in c.claims)]
        first = lambda c: min(s for s, _ in c.evidence)
        if kind in ("holding", "repelled"):
            # a capture that the other side says it beat back: told before the rebuttal or, in a story
            # that leads with the denial ("Kabul says it repelled ..."), after it
            taken = [c for c in live if c.trigger.family.resolver == RES.territory and c.sub_event_type != SUB.armed_clash]
            target = min(taken, key=lambda c: abs(first(c) - sent.start_char), default=None)
        elif (inside := [c for c in live if any(a <= sent.start_char < b or sent.start_char <= a < sent.end_char
                                                  for a, b in c.evidence)]):
            # "accuse the police of excessive force, a charge the ministry denies": what it names
            target = inside[0]
        else:
            # what was said just before; else, paragraphs later ("X denied the claim"), the last claim of
            # another source: the denial names what it answers, so distance does not unmake it
            before = [c for c in live if window_start <= first(c) < sent.start_char] or \
                [c for c in live if first(c) < sent.start_char and any(cl.source not in (None, source) and cl.source
                                                                        not in media for cl in c.claims)]
            target = max(before, key=lambda c: max(s for s, _ in c.evidence if s < sent.start_char), default=None)
        if target is not None:
            _deny(target, source, (sent.start_char, sent.end_char))
    for source, family, span in ctx.denied_acts:
        # "Hezbollah said it did not target the village": the denial of that act where it is told
        told = [c for c in cands if _same_kind(ctx, family, c)
                and not any(cl.source == source and cl.stance != "denied" and cl.span != span for cl in c.claims)]
        if told:
            _deny(min(told, key=lambda c: abs(min(s for s, _ in c.evidence) - span[0])), source, span)


def _same_kind(ctx: Context, family: str, c: Candidate) -> bool:
    """Could event c be the act a trigger of `family` names? An attack denied may be any violent event,
    a capture denied any change of hands; otherwise the same trigger family."""
    fam = ctx.lex["families"][family]
    if c.family == family:
        return True
    if fam.resolver == RES.territory:
        return c.trigger.family.resolver == RES.territory
    violent = fam.resolver == RES.attack or ACLED_TYPES.get(fam.sub_event_type or "") in VIOLENT_TYPES
    return violent and ACLED_TYPES.get(c.sub_event_type or "") in VIOLENT_TYPES


def _deny(target: Candidate, source: str, span: tuple[int, int]) -> None:
    if not any(cl.source == source and cl.stance == "denied" for cl in target.claims):
        # the denier's words in this sentence are its denial, not its support of the event
        target.claims = [cl for cl in target.claims if not (cl.source == source and cl.span == span)]
        target.claims.append(deny(source, span))
        if span not in target.evidence:
            target.evidence.append(span)

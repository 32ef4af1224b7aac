"""Attribution on the dependency parse: who says what.

Reads: one article's parse, its actors (`actors.ActorIndex`), its focus country and the compiled
reporting table (`reporting.py`).
Adds: `SourceIndex`, the article's speakers as `Source`s (name, kind, role, affiliation, spans) and
its `Attribution`s: reporting structures ("X said ...", "... , said X", "according to X", "a video
obtained by the AP showed ...") with the stance their verb gives and the tokens of what they report.
Turning an attribution into an event's `Claim` is `stance.py`'s.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from spacy.tokens import Doc, Span, Token

from ..actors import ActorIndex, state_actor_id
from ..lexicons import countries
from ..model import Source
from .reporting import ReportingTable, reporting_table
from .stance import attributed_stance, verb_stance

_DET = {"the", "a", "an", "another", "two", "three", "four", "several", "some", "one", "other"}


@dataclass
class Attribution:
    verb: Token | None
    source: str | None
    stance: str
    content: set[int]  # token indices the claim covers
    span: tuple[int, int]  # characters of the whole attribution sentence


class SourceIndex:
    """One article's speakers and attributions, found once when it is built."""

    def __init__(self, doc: Doc, actors: ActorIndex, focus_country: str | None, *, outlet: str | None = None,
                 table: ReportingTable | None = None) -> None:
        self.doc = doc
        self.actors = actors
        self.outlet = outlet
        self.focus = countries().get(focus_country or "")
        self.table = table or reporting_table()
        self.sources: list[Source] = []
        self.attributions: list[Attribution] = []
        self._last_person: Source | None = None
        sents = list(doc.sents)
        for sent in sents:
            self._sentence(sent)
        self._split_quotes(sents)

    # -- finding attributions -------------------------------------------------------------
    def _sentence(self, sent: Span) -> None:
        hedged = self.table.hedged(sent.text)
        for tok in sent:
            stance = verb_stance(self.table, tok)
            if stance is None:
                continue
            speaker = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not speaker and tok.dep_ in ("conj", "advcl", "xcomp"):
                speaker = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not speaker and self._claim_answered(sent, tok) is not None:
                continue
            if not speaker:
                continue
            content = {t.i for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj", "advcl", "conj", "parataxis")
                       for t in c.subtree if c.dep_ != "conj" or c.pos_ == "VERB"}
            if not content:
                # "..., said Ayubi": the quote is the rest of the sentence
                content = {t.i for t in sent if t.i not in {s.i for s in speaker[0].subtree} and t.i != tok.i}
            src = self.source_for(speaker[0])
            if src is None:
                continue
            stance = attributed_stance(self.table, stance, sent.text)
            self.attributions.append(Attribution(tok, src.id, stance, content, (sent.start_char, sent.end_char)))
        low = sent.text.lower()
        for phrase in self.table.according:
            for m in re.finditer(rf"\b{re.escape(phrase)}\b", low):
                start = sent.start_char + m.end()
                toks = [t for t in sent if t.idx >= start]
                if not toks:
                    continue
                head = next((t for t in toks if t.dep_ == "pobj"), toks[0])
                src = self.source_for(head)
                if src is None:
                    continue
                covered = {t.i for t in sent if not (head.left_edge.i <= t.i <= head.right_edge.i)}
                self.attributions.append(Attribution(None, src.id, "unverified" if hedged else "asserted", covered,
                                                     (sent.start_char, sent.end_char)))

    def _claim_answered(self, sent: Span, tok: Token) -> Attribution | None:
        """"... said they had seized the port, an account rejected by the navy": the agent of a verb on a claim
        noun set beside a clause says that clause, with the verb's stance."""
        noun = tok.head
        if tok.dep_ != "acl" or noun.lemma_.lower() not in self.table.rebuttal.claim_nouns:
            return None
        agent = next((p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
        src = self.source_for(agent) if agent is not None else None
        if src is None:
            return None
        # it governs nothing itself (the clause stays its first speaker's); the rebuttal pass gives its
        # stance to the event the clause tells
        stance = attributed_stance(self.table, verb_stance(self.table, tok) or "asserted", sent.text)
        found = Attribution(tok, src.id, stance, set(), (sent.start_char, sent.end_char))
        self.attributions.append(found)
        return found

    def _split_quotes(self, sents: list[Span]) -> None:
        """'"Our forces repelled the attack."' then 'army spokesman X told AFP ...': a quotation that
        closes its own sentence belongs to the speaker who opens the next one."""
        said_in = {a.verb.sent.start for a in self.attributions if a.verb is not None}
        for quote, nxt in zip(sents, sents[1:]):
            text = quote.text.rstrip()
            if quote.start in said_in or not text.endswith(('"', "”", ',"', ",”")):
                continue
            lead = next((a for a in self.attributions if a.verb is not None and a.verb.sent.start == nxt.start
                         and a.span == (nxt.start_char, nxt.end_char)), None)
            if lead is None:
                continue
            first = next(t for t in nxt if not t.is_punct)
            speaker = [c for c in lead.verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not speaker or speaker[0].left_edge.i != first.i:
                continue  # the next sentence opens with its own matter, not with who spoke
            self.attributions.append(Attribution(lead.verb, lead.source, lead.stance, {t.i for t in quote},
                                                 (quote.start_char, quote.end_char)))

    # -- sources --------------------------------------------------------------------------
    def source_for(self, head: Token) -> Source | None:
        doc = self.doc
        np = _speaker_tokens(head)
        if head.lower_ in ("he", "she"):
            if self._last_person is None:
                # "he said" before any quoted person: the last person the story has named
                earlier = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= head.i]
                self._last_person = self._named(earlier[-1]) if earlier else None
            return self._last_person
        if head.lower_ in ("they", "it", "we", "i", "you"):
            return None
        if head.lemma_.lower() in self.table.not_speakers or head.like_num or not any(ch.isalpha() for ch in head.text):
            return None  # "fighting", "the latter", "200 people" say nothing: the claim stays the outlet's
        person = next((e for e in doc.ents if e.label_ == "PERSON" and head.left_edge.i <= e.start and e.end <= head.right_edge.i + 1), None)
        if person is not None:
            src = self._named(person)
            role = self._role(np, exclude=set(range(person.start, person.end)))
            if role and not src.role:
                src.role = role
                src.affiliation = src.affiliation or self._affiliation(role, np)
            self._last_person = src
            return src
        # a surname alone: "said Ayubi"
        if head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
            for s in self.sources:
                if s.kind == "person" and head.text == s.name.split()[-1]:
                    s.spans.append((head.idx, head.idx + len(head.text)))
                    self._last_person = s
                    return s
        named = self._name_after_role(np)
        if named is not None:
            return named
        text = _phrase(np)
        if not text:
            return None
        country = _country_named(text)
        if country is not None:
            # "Russia said", "Israel says": a state speaking is its government, not a place
            gov = state_actor_id("government", country)
            return self._new(gov, kind="government", role=None, affiliation=gov, span=_chars(np), key=gov)
        low = head.lemma_.lower()
        if low in self.table.documents:
            org = next((e.text for e in doc.ents if e.label_ == "ORG" and head.left_edge.i <= e.start and e.end <= head.right_edge.i + 1), None)
            return self._new(text, kind="media" if org else "document", role=None, affiliation=org, span=_chars(np))
        actors = self.actors.in_tokens(np)
        armed_or_gov = [a for a in actors if a.kind in ("government", "state_forces", "non_state_armed_group", "militia")]
        role = self._role(np, exclude=set())
        if armed_or_gov and not role:
            a = armed_or_gov[0]
            return self._new(a.actor, kind="government" if a.kind in ("government", "state_forces") else "group",
                             role=None, affiliation=a.actor, span=_chars(np), key=a.actor)
        kind = "group" if head.tag_ in ("NNS", "NNPS") else ("organisation" if head.ent_type_ == "ORG" else "person")
        affiliation = self._affiliation(role or text, np)
        if armed_or_gov and affiliation is None:
            affiliation = armed_or_gov[0].actor
        return self._new(text, kind=kind, role=role, affiliation=affiliation, span=_chars(np))

    def _name_after_role(self, np: list[Token]) -> Source | None:
        """"Army spokesman Sylvain Ekenge", "a spokesman for the army, Sylvain Ekenge": a role and then a
        capitalised name the entity model did not mark as a person is that person, in that role."""
        words = [t for t in np if not t.is_punct]
        tail: list[Token] = []
        for t in reversed(words):
            if t.pos_ != "PROPN" or not t.is_title or t.ent_type_ in ("GPE", "NORP", "LOC", "FAC") \
                    or t.i in self.actors.by_token:
                break
            tail.insert(0, t)
        if len(tail) < 2 or len(tail) > 4 or len(tail) == len(words):
            return None
        before = self.doc[tail[0].i - 1]
        if before.pos_ == "ADP" or before.lower_ in ("the", "of"):
            return None  # "a spokesman for Human Rights Watch": an organisation the role belongs to
        role = self._role([t for t in np if t.i < tail[0].i], exclude=set())
        if role is None:
            return None
        src = self._named(self.doc[tail[0].i:tail[-1].i + 1])
        if not src.role:
            src.role = role
            src.affiliation = src.affiliation or self._affiliation(role, np)
        self._last_person = src
        return src

    def _named(self, person: Span) -> Source:
        for s in self.sources:
            if s.kind == "person" and (s.name == person.text or person.text.split()[-1] == s.name.split()[-1]):
                s.spans.append((person.start_char, person.end_char))
                return s
        return self._new(person.text, kind="person", role=None, affiliation=None,
                         span=(person.start_char, person.end_char))

    def _new(self, name: str, *, kind: str, role: str | None, affiliation: str | None, span: tuple[int, int],
             key: str | None = None) -> Source:
        for s in self.sources:
            if s.name == (key or name):
                s.spans.append(span)
                return s
        src = Source(f"s{len(self.sources) + 1}", key or name, role, affiliation, kind, [span])
        self.sources.append(src)
        return src

    def _role(self, np: list[Token], exclude: set[int]) -> str | None:
        words = [t for t in np if t.i not in exclude and not t.is_punct and t.lower_ not in _DET]
        while words and words[-1].pos_ in ("ADP", "CCONJ", "DET"):
            words.pop()
        text = _phrase(words)
        if not text:
            return None
        low = text.lower()
        return text if any(re.search(rf"\b{re.escape(r)}\b", low) for r in self.table.roles) else None

    def _affiliation(self, role: str, np: list[Token]) -> str | None:
        actors = self.actors.in_tokens(np)
        armed = [a for a in actors if a.kind in ("non_state_armed_group", "militia", "government", "state_forces")]
        if armed:
            a = armed[0]
            if a.kind == "state_forces" and a.country:
                return state_actor_id("government", countries()[a.country])
            return a.actor
        low = role.lower()
        if self.focus and any(re.search(rf"\b{re.escape(r)}\b", low) for r in self.table.gov_roles):
            return state_actor_id("government", self.focus)
        return None

    # -- claims on events -----------------------------------------------------------------
    def attribution_for(self, token: Token) -> Attribution | None:
        """The innermost attribution whose reported content holds this token."""
        best: Attribution | None = None
        for a in self.attributions:
            if token.i in a.content and (best is None or len(a.content) < len(best.content)):
                best = a
        return best

    def outlet_source(self, span: tuple[int, int]) -> Source:
        """The article's own voice (its outlet) as a source, for what no speaker in the text says."""
        return self._new(self.outlet or "the article", kind="media", role="reporting outlet", affiliation=None, span=span)

    @property
    def stance_of(self) -> Mapping[str, str]:
        """Reporting verb lemma -> the stance it gives what it reports (the shared, read-only table)."""
        return self.table.stance_of


def _country_named(text: str):
    """The country a speaker's whole name is ("Russia", "the United States"), or None."""
    low = text.lower().removeprefix("the ")
    return next((c for c in countries().values() if low == c.name.lower() or low in (a.lower() for a in c.aliases)), None)


def _speaker_tokens(head: Token) -> list[Token]:
    """The speaker's noun phrase without relative clauses or reported clauses hanging off it."""
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "ccomp"))
    return sorted(out, key=lambda t: t.i)


def _phrase(tokens: list[Token], strip: frozenset[str] = frozenset({"the", "a", "an"})) -> str:
    if not tokens:
        return ""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[0].lower_ in strip or toks[0].is_punct):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    return "".join(t.text_with_ws for t in toks).strip()


def _chars(tokens: list[Token]) -> tuple[int, int]:
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)

"""What one document's extraction needs, built once per article: the parse, the places, actors
and sources found before, the service's gazetteer, lexicon and models, the story's lead date and place."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from .. import dates as dates_mod
from ..actors import ActorIndex
from ..claims import SourceIndex
from ..model import Article, Place
from ..places.gazetteer import normalize
from ..places.resolve import PlaceIndex, facility_phrases
from .candidate import ARMED

if TYPE_CHECKING:
    from ..service import Service
    from .classify import TypeModel
    from .reader import Reader


class Context:
    """Everything one document's extraction needs, built once per article."""

    def __init__(self, doc: Doc, article: Article, places: PlaceIndex, actors: ActorIndex, sources: SourceIndex,
                 service: Service) -> None:
        self.doc, self.article, self.places, self.actors, self.sources = doc, article, places, actors, sources
        self.service = service
        self.gaz = service.gazetteer
        self.lex = service.lexicons.events
        self.published = dt.date.fromisoformat(article.published) if article.published else None
        self.focal: Place | None = None
        self.last_date: dates_mod.ResolvedDate | None = None
        self.facilities = facility_phrases(doc.text)
        # set by the layout component (frontlines.nlp): dates before it are when the story was filed
        self.body_start: int = doc._.body_start if Doc.has_extension("body_start") else 0
        body = [s for s in doc.sents if s.start_char >= self.body_start and s.text.strip()]
        lead = body[0] if body else None
        # the lead: the body's first two sentences, where a story says what happened
        self.lead_end: int = body[min(1, len(body) - 1)].end_char if body else 0
        self.anchor: dates_mod.ResolvedDate | None = self._lead_date(lead)
        self.lead_place: Place | None = self._lead_place(lead)
        # every date of the body resolved once, in text order, chained from the last date it established
        self.dates: dict[int, dates_mod.ResolvedDate] = {}
        self.established: list[tuple[int, dates_mod.ResolvedDate]] = []
        self._narrative()
        ts = self.lex["time_status"]
        self.hypo_aux = set(ts["hypothetical_aux"])
        self.future_heads = set(ts["future_heads"])
        self.future_aux = set(ts["future_aux"])
        self.brief = [b.lower() for b in ts["brief"]]
        self.focus = service.lexicons.countries.get(places.focus_country or "")
        self.non_events: list = []  # model.NonEvent: news that is not political violence
        self.declined: set[int] = set()  # sentences whose triggers the rules read as no happening (their start)
        # (source, family, span) of acts a source says did not happen ("said it did not target the village")
        self.denied_acts: list[tuple[str, str, tuple[int, int]]] = []
        self.sentence_probs: dict[tuple[int, int], dict[str, float]] = {}  # the sentence model's readings

    @property
    def type_model(self) -> TypeModel | None:
        """The sentence-level event-type model (events/classify.py), or None."""
        return self.service.type_model

    @property
    def reader(self) -> Reader | None:
        """The fine-tuned sentence reader (events/reader.py), or None."""
        return self.service.reader

    def _lead_date(self, lead: Span | None) -> dates_mod.ResolvedDate | None:
        """The date the lead sentence gives ("In Kunduz last night, a force went to ..."): a story's
        later sentences without a date of their own tell of that day, whether or not the lead names an event."""
        if self.published is None or lead is None:
            return None
        for e in lead.ents:
            if e.label_ in ("DATE", "TIME") and not dates_mod.is_duration(e.text) and e.root.head.dep_ != "relcl":
                r = dates_mod.resolve(e.text, self.published)
                if r is not None and r.precision == 1 and self.published - dt.timedelta(days=60) <= r.date <= self.published:
                    return r
        return None

    def _narrative(self) -> None:
        """Resolve the body's dates in text order: "the next day" and "two days later" count from the
        last date the text established, a month heading sets the year of the days named under it."""
        text = self.doc.text
        marks: list[tuple[int, object]] = [(e.start_char, e) for e in self.doc.ents
                                           if e.label_ in ("DATE", "TIME") and e.start_char >= self.body_start]
        phrases = dates_mod.chained_phrases(text, self.body_start)
        # a chained phrase wins over the parser's date inside it ("within [hours]")
        marks = [(o, e) for o, e in marks if not any(p <= o < p + len(t) or o <= p < e.end_char for p, t in phrases)]
        marks += [(off, t) for off, t in phrases]
        marks += [(off, (month, year)) for off, month, year in dates_mod.month_headings(text, self.body_start)]
        self.phrase_dates: list[tuple[int, dates_mod.ResolvedDate]] = []
        last = section = latest = None  # the last day established; the section's month; the last date of any kind
        for off, m in sorted(marks, key=lambda x: x[0]):
            if isinstance(m, tuple):
                section = dates_mod.section_date(m[0], m[1], self.published, section) or section
                last = section
                continue
            said = m if isinstance(m, str) else m.text
            if dates_mod.is_duration(said):
                continue
            # "a year later" counts from the last date named, whatever its precision ("in 2015")
            anchor = latest.date if latest is not None else None
            r = dates_mod.resolve(said, self.published, anchor=anchor, narrative=last, section=section)
            if r is None:
                continue
            self.dates[off] = latest = r
            if isinstance(m, str):
                self.phrase_dates.append((off, r))
            if r.precision <= 1:
                last = r
                self.established.append((off, r))

    def date_for(self, ent: Span) -> dates_mod.ResolvedDate | None:
        """A date entity as the narrative resolved it (a chained phrase over it wins)."""
        if ent.start_char in self.dates:
            return self.dates[ent.start_char]
        for off, r in self.phrase_dates:
            if off <= ent.start_char < off + len(r.text) or ent.start_char <= off < ent.end_char:
                return r
        return dates_mod.resolve(ent.text, self.published)

    def narrative_day(self, offset: int) -> dates_mod.ResolvedDate | None:
        """The last day the text established before `offset` in the same paragraph, if any."""
        before = [(o, r) for o, r in self.established if o < offset]
        if not before:
            return None
        o, r = before[-1]
        return None if "\n\n" in self.doc.text[o:offset] else r

    def _lead_place(self, lead: Span | None) -> Place | None:
        """The finest place the lead names ("an operation in Maiwand district, Kandahar province"): where
        the story is, for a later sentence that names no place of its own."""
        if lead is None:
            return None
        named = [self.places.place(self.places.by_token[t.i]) for t in lead
                 if t.i in self.places.by_token and t.i not in self.places.dateline]
        named = [p for p in named if p is not None and p.resolved and p.kind != "country"]
        return next((p for p in named if p.kind != "province"), named[0] if named else None)

    # what an object token is, for the trigger lexicon's object_required
    def object_kind(self, tok: Token) -> set[str]:
        kinds: set[str] = set()
        objects = self.lex["objects"]
        words = {tok.lemma_.lower(), tok.lower_}
        for kind, vocab in objects.items():
            if words & vocab:
                kinds.add(kind)
        if self._names_place(tok):
            kinds.add("place")
        # "a Taliban facilitator", "an al-Shabaab commander": the group named before the noun arms it
        named = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod", "poss")]
        for m in self.actors.in_tokens(named):
            if m.kind in ARMED:
                kinds.add("armed")
            else:
                kinds.add("person")
        if tok.ent_type_ in ("GPE", "LOC"):
            kinds.add("place")  # a FAC (a named hotel or bridge) is a building, not territory
        if self.unlabelled_town(tok) is not None:
            kinds.add("place")
        elif tok.ent_type_ == "PERSON" or tok.lower_ in ("him", "her", "them"):
            kinds.add("person")
        return kinds

    def unlabelled_town(self, tok: Token):
        """"M23 rebels seized Kalehe", with Kalehe tagged a person: a proper noun that is no actor and no
        place found, which the gazetteer knows by its own name in the story's country as one place (or
        namesakes in one state), is that place's gazetteer entry."""
        if self.places.focus_country is None or tok.pos_ != "PROPN" or not tok.is_title \
                or tok.i in self.places.by_token or self.actors.in_tokens([tok]) or tok.ent_type_ in ("DATE", "NORP"):
            return None
        if tok.ent_type_ and (tok.ent_iob_ == "I" or tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_iob_ == "I"):
            return None  # a word of a longer name ("Kalehe Mugisha") is that name's
        found = [e for e in self.gaz.candidates(tok.text, limit=10)
                 if e.country == self.places.focus_country and e.kind in ("city", "admin2")
                 and normalize(e.name) == normalize(tok.text)]
        if not found or len({e.admin1_code for e in found}) > 1:
            return None
        return max(found, key=lambda e: e.population or 0)


    def _names_place(self, tok: Token, depth: int = 0) -> bool:
        """"Kunduz", "the village of X", "most of the capital of X province" name a place; "the Hayat
        Hotel in Mogadishu" names a building that is in one."""
        if any(t.i in self.places.by_token for t in [tok, *[c for c in tok.children if c.dep_ in ("compound", "appos")]]):
            return True
        if depth > 3 or not ({tok.lemma_.lower(), tok.lower_} & self.lex["objects"]["territory"]):
            return False
        return any(self._names_place(p, depth + 1) for prep in tok.children if prep.dep_ == "prep"
                   and prep.lower_ in ("of", "in") for p in prep.children if p.dep_ == "pobj")

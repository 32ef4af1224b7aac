"""Builds the spaCy pipeline with frontlines' own components (`build`; `service.Service` owns the
one a process uses and the gazetteer it is built with).

The English model alone mislabels many toponyms ("Kunduz" as PERSON or ORG); the
`frontlines_gazetteer` component, fed by the gazetteer index, repairs those labels. Components get
their resources through their factories: the gazetteer and the common words reach the ruler as
config references (`resource_ref`) to the very objects the service holds, so the gazetteer that
labels places is the one that resolves them.

Reads: an article's text. Adds: the parsed `Doc` (tokens, sentences cut at parse units and head lines,
entities with the gazetteer's place labels, `Doc._.body_start`) that every later stage reads.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from . import layout
from .config import Settings
from .lexicons import common_capitalised_words
from .places.gazetteer import Gazetteer, normalize
from .segment import chunk_cuts, segment

_MAX_NGRAM = 5
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# words and marks inside a place name: "Pul-e ‘Alam", "Shigal wa Sheltan", "Dar es Salaam", "Ras al Ain"
_JOINERS = {"-", "e", "i", "al", "el", "of", "wa", "es", "ul", "ud", "‘", "’", "'"}
# Labels the English model puts on toponyms by mistake; a gazetteer hit may overrule them.
_OVERRULABLE = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"}


def open_gazetteer(path: str | None = None) -> Gazetteer:
    """The index at `path`, else the default one (built on first use)."""
    return Gazetteer(path) if path else Gazetteer.open_default()


# Live resources of this process by key: a spaCy config holds only JSON, so a factory receives an
# object (the service's gazetteer) through a registered function that looks its key up here.
_LIVE: dict[str, Any] = {}


def resource_ref(kind: str, resource: Any, **fallback: Any) -> dict[str, Any]:
    """A config reference that resolves to `resource` itself in this process; `fallback` (JSON
    values, e.g. the gazetteer's path) says how to rebuild it where the key is unknown."""
    key = f"{kind}:{id(resource):x}"
    _LIVE[key] = resource
    return {"@misc": f"frontlines.{kind}.v1", "key": key, **fallback}


@registry.misc("frontlines.gazetteer.v1")
def gazetteer_resource(key: str = "", path: str = "") -> Gazetteer:
    return _LIVE[key] if key in _LIVE else open_gazetteer(path or None)


@registry.misc("frontlines.common_words.v1")
def common_words_resource(key: str = "") -> frozenset[str]:
    return _LIVE[key] if key in _LIVE else common_capitalised_words()


@Language.factory("frontlines_gazetteer",
                  default_config={"min_population": 5000, "gazetteer": {"@misc": "frontlines.gazetteer.v1"},
                                  "common_words": {"@misc": "frontlines.common_words.v1"}},
                  # it reads `pos`, which the attribute ruler maps from the tagger's tag without declaring it
                  requires=["doc.sents", "doc.ents", "token.tag"],
                  assigns=["doc.ents", "token.ent_iob", "token.ent_type"])
def make_gazetteer_ruler(nlp: Language, name: str, min_population: int, gazetteer: Gazetteer,
                         common_words: frozenset[str]) -> "GazetteerRuler":
    return GazetteerRuler(gazetteer, min_population, common_words)


class GazetteerRuler:
    """An entity ruler whose patterns live in the gazetteer's SQLite index instead of memory.

    Capitalised token n-grams are looked up in one batched query. A hit becomes a GPE when it is
    prominent enough, or when the same string is a place elsewhere in the document (one sense per
    discourse), which is what fixes "Kunduz's capture" tagged as a person.
    """

    def __init__(self, gazetteer: Gazetteer, min_population: int, common_words: frozenset[str]) -> None:
        self.gazetteer = gazetteer
        self.min_population = min_population
        self.stop = common_words

    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gazetteer
        grams: dict[tuple[int, int], str] = {}
        for sent in doc.sents:
            toks = list(sent)
            for i, tok in enumerate(toks):
                if not tok.text[:1].isupper() or tok.lower_.rstrip(".") in self.stop:
                    continue
                for n in range(1, _MAX_NGRAM + 1):
                    if i + n > len(toks):
                        break
                    last = toks[i + n - 1]
                    if n > 1 and not (last.text[:1].isupper() or last.text in _JOINERS):
                        break
                    if last.text[:1].isupper():
                        grams[(toks[i].i, last.i + 1)] = normalize(doc[toks[i].i:last.i + 1].text)
        if not grams:
            return doc
        hits = gaz.lookup_many(set(grams.values()))
        # "Gordon Brown ... Brown said": a word that is part of a full name here is that person
        people = {normalize(t.text) for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2 for t in e}
        known_places = {normalize(e.text) for e in doc.ents if e.label_ in _PLACE_LABELS}
        known_places |= {normalize(e[:-1].text) for e in doc.ents if e.label_ in _PLACE_LABELS and len(e) > 1
                         and e[-1].lower_ in _CUE_NOUNS}
        new: list[Span] = []
        for (start, end), norm in grams.items():
            ids = hits.get(norm)
            if not ids:
                continue
            if norm not in known_places and not _cued(doc, start, end) and not self._prominent(gaz, ids):
                continue
            if (norm in people or (start > 0 and doc[start - 1].lower_.rstrip(".") in _TITLES)) \
                    and not _cued(doc, start, end):
                continue
            if end - start == 1 and gaz.demonym(doc[start].text) and not _cued(doc, start, end):
                continue  # "Somali forces": a people, not the Somali region
            if any(t.ent_type_ and t.ent_type_ not in _OVERRULABLE | _PLACE_LABELS for t in doc[start:end]):
                continue  # dates, numbers and the like are never toponyms
            if norm not in known_places and not _cued(doc, start, end) and doc[start].pos_ != "PROPN" \
                    and not doc[start].ent_type_:
                continue  # "Battle for Afghan holdout province": a common noun capitalised at the start
            new.append(Span(doc, start, end, label="GPE"))
        if not new:
            return doc
        # "Shigal" and "Sheltan" found apart are one "Shigal wa Sheltan district"
        whole = [n for n in new if _cued(doc, n.start, n.end)]
        kept = [e for e in doc.ents if not any(_overlaps(e, n) and self._should_replace(e, n) for n in new)
                and not any(n.start <= e.start and e.end <= n.end and len(n) > len(e) and e.label_ in _PLACE_LABELS
                            for n in whole)]
        candidates = [n for n in new if not any(_overlaps(n, e) for e in kept)]
        candidates = [n for n in candidates if not any(t.ent_iob_ == "I" and t.ent_type_ in _OVERRULABLE
                                                       and t.i == n.start for t in n)]
        doc.ents = filter_spans(kept + candidates)
        return doc

    def _prominent(self, gaz: Gazetteer, ids: list[int]) -> bool:
        for gid in ids[:20]:
            e = gaz.get(gid)
            if e and (e.kind in ("country", "admin1") or (e.population or 0) >= self.min_population):
                return True
        return False

    @staticmethod
    def _should_replace(old: Span, new: Span) -> bool:
        if old.label_ in _PLACE_LABELS or old.label_ not in _OVERRULABLE:
            return False
        # a longer name ("Rapid Support Forces", "Ghulam Rabani Rabani") is not overruled by a part of it
        return new.start <= old.start and old.end <= new.end


_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor", "president", "officer", "sgt",
           "sergeant", "capt", "captain", "gen", "general", "col", "colonel", "lt", "judge", "mayor", "minister", "prof",
           "rev", "father", "sheikh", "commander", "chief", "deputy", "detective", "trooper", "coach", "pastor", "saint"}
_CUE_NOUNS = {"village", "town", "city", "district", "province", "region", "county", "governorate", "oblast",
              "state", "municipality", "locality", "settlement", "commune", "prefecture", "port"}


def _cued(doc: Doc, start: int, end: int) -> bool:
    """"the village of Staromaiorske", "Chahar Dara district": the text itself says it is a place."""
    before = start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _CUE_NOUNS
    after = end < len(doc) and doc[end].lower_ in _CUE_NOUNS
    return before or after


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# where the story's body starts (0: no head); events never take a date from before it
if not Doc.has_extension("body_start"):
    Doc.set_extension("body_start", default=0)


@Language.component("frontlines_layout", assigns=["token.is_sent_start", "doc._.body_start"])
def mark_head_lines(doc: Doc) -> Doc:
    """Each line of a story's head (headline, boilerplate, dateline) and its body start a sentence,
    so that a headline is never parsed as the subject of the lead."""
    doc._.body_start, starts = layout.head(doc.text)
    if starts:
        offsets = [t.idx for t in doc]
        for start in starts:
            i = bisect_left(offsets, start)
            while i < len(doc) and doc[i].is_space:
                i += 1
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
    return doc


class UnitTokenizer:
    """spaCy's tokenizer, run on parse units where a text has stretches longer than the cap
    without a sentence end (segment.py): each piece is tokenized apart, so a 50,000-character run
    of quotes or brackets costs what its pieces cost (spaCy's tokenizer is quadratic in the length
    of a chunk without spaces: such chunks are cut every `max_chunk_chars`), and each parse unit
    starts a sentence, so no sentence outgrows the cap.
    The pieces are joined into one Doc whose text is the original text, character for character;
    a text without such stretches is tokenized as spaCy alone would."""

    def __init__(self, inner, max_chars: int, max_chunk_chars: int) -> None:
        self.inner = inner
        self.max_chars = max_chars
        self.max_chunk_chars = max_chunk_chars

    def __call__(self, text: str) -> Doc:
        forced = segment(text, self.max_chars).forced
        cuts = sorted({*forced, *chunk_cuts(text, self.max_chunk_chars)})
        if not cuts:
            return self.inner(text)
        bounds = [0, *cuts, len(text)]
        docs = [self.inner(text[a:b]) for a, b in zip(bounds, bounds[1:])]
        doc = Doc.from_docs([d for d in docs if len(d)], ensure_whitespace=False)
        if doc.text != text:  # never expected: keep offsets exact whatever happens
            return self.inner(text)
        starts = set(forced)  # a cut inside a long run of characters is no sentence start
        i = 0
        for cut, piece in zip(cuts, docs):
            i += len(piece)
            j = i
            while j < len(doc) and doc[j].is_space:
                j += 1
            if cut in starts and 0 < j < len(doc):
                doc[j].is_sent_start = True
        return doc

    def __getattr__(self, name: str):
        return getattr(self.inner, name)  # vocab, serialisation, explain: the wrapped tokenizer's


def build(settings: Settings, gazetteer: Gazetteer, common_words: frozenset[str]) -> Language:
    """The spaCy model of `settings` with frontlines' tokenizer and components; the gazetteer ruler
    labels places with `gazetteer`, skipping `common_words`."""
    nlp = spacy.load(settings.spacy_model)
    # "MOSCOW (Reuters) -Russia's defence ministry": a dash glued to the word after a dateline is a
    # dash, not part of the name
    prefixes = list(nlp.Defaults.prefixes or []) + [r"[-–—](?=[A-Z][a-z])"]
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    nlp.add_pipe("frontlines_layout", before="parser")
    nlp.tokenizer = UnitTokenizer(nlp.tokenizer, settings.parse_unit_chars, settings.token_chunk_chars)
    nlp.add_pipe("frontlines_gazetteer", after="ner", config={
        "min_population": settings.ruler_min_population,
        "gazetteer": resource_ref("gazetteer", gazetteer, path=str(gazetteer.path)),
        "common_words": resource_ref("common_words", common_words)})
    return nlp


def load() -> Language:
    """The default service's pipeline (`service.default_service()`)."""
    from .service import default_service

    return default_service().nlp


def gazetteer() -> Gazetteer:
    """The default service's gazetteer."""
    from .service import default_service

    return default_service().gazetteer

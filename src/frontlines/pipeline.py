"""Article -> Report: the one place the stages are wired, top to bottom. Pure: no I/O besides
the models loaded once per process, so it runs unchanged in worker processes."""
from __future__ import annotations

from spacy.language import Language

from . import nlp as nlp_mod
from .actors import find_actors
from .claims import SourceIndex, contradictions
from .control import control_states
from .events import Context, find_events
from .model import Article, Report
from .places.gazetteer import Gazetteer
from .places.resolve import find_places


def process(article: Article, nlp: Language | None = None, gaz: Gazetteer | None = None) -> Report:
    nlp = nlp or nlp_mod.load()
    gaz = gaz or nlp_mod.gazetteer()
    doc = nlp(article.text)
    places = find_places(doc, gaz)
    actors = find_actors(doc, nlp, places.focus_country)
    sources = SourceIndex(doc, actors, places.focus_country)
    events = find_events(Context(doc, article, places, actors, sources, gaz))
    return Report(
        article=article,
        places=places.places,
        actors=actors.actors(),
        sources=sources.sources,
        events=events,
        contradictions=contradictions(events),
        control=control_states(events, places.places, sources.sources),
    )

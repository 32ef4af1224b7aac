"""Article -> Report: the one place the stages are wired, top to bottom. Pure: no I/O besides
the models loaded once per process, so it runs unchanged in worker processes."""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as nlp_mod
from .actors import country_hints, find_actors, group_spans
from .claims import SourceIndex, contradictions
from .control import control_states
from .events import Context, find_events
from .model import Article, Report
from .places.gazetteer import Gazetteer
from .places.resolve import find_places


def process(article: Article, nlp: Language | None = None, gaz: Gazetteer | None = None) -> Report:
    nlp = nlp or nlp_mod.load()
    return report_from_doc(article, nlp(article.text), nlp, gaz or nlp_mod.gazetteer())


def process_many(articles: Iterable[Article], nlp: Language | None = None, gaz: Gazetteer | None = None,
                 batch_size: int = 32) -> Iterator[tuple[Article, Report | Exception]]:
    """Reports in input order; spaCy runs batched. A failing article yields its exception instead
    of a report, and the batch goes on."""
    nlp = nlp or nlp_mod.load()
    gaz = gaz or nlp_mod.gazetteer()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, nlp, gaz)
            batch = []
    if batch:
        yield from _run_batch(batch, nlp, gaz)


def _run_batch(batch: list[Article], nlp: Language, gaz: Gazetteer) -> Iterator[tuple[Article, Report | Exception]]:
    try:
        docs = list(nlp.pipe(a.text for a in batch))
    except Exception:  # one text broke spaCy: fall back to one at a time to find it
        docs = None
    for i, article in enumerate(batch):
        try:
            doc = docs[i] if docs is not None else nlp(article.text)
            yield article, report_from_doc(article, doc, nlp, gaz)
        except Exception as exc:
            yield article, exc


def report_from_doc(article: Article, doc: Doc, nlp: Language, gaz: Gazetteer) -> Report:
    groups = group_spans(doc, nlp)
    places = find_places(doc, gaz, exclude={t.i for span in groups for t in span}, hints=country_hints(groups))
    actors = find_actors(doc, nlp, places.focus_country)
    sources = SourceIndex(doc, actors, places.focus_country)
    ctx = Context(doc, article, places, actors, sources, gaz)
    events = find_events(ctx)
    return Report(
        article=article,
        places=places.places,
        actors=actors.actors(),
        sources=sources.sources,
        events=events,
        contradictions=contradictions(events),
        control=control_states(events, places.places, sources.sources),
        non_events=ctx.non_events,
    )

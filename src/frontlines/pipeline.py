"""Article -> Report: the one place the stages are wired, top to bottom. Pure: no I/O besides
the models the service (service.py) loads once, so it runs unchanged in worker processes. Every
stage gets its resources from the service it is given (the process's default one without)."""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.tokens import Doc

from .actors import country_hints, find_actors, group_spans
from .budget import time_budget
from .claims import contradictions, read_sources
from .control import control_states
from .events import Context, find_events
from .ingest.from_text import dated
from .model import Article, Report
from .places.resolve import find_places
from .service import Service, default_service
from .windowed import join, parts


def process(article: Article, service: Service | None = None) -> Report:
    service = (service or default_service()).prepare()  # models load (or train, once) outside the time budget
    nlp = service.nlp
    article = dated(article)
    with time_budget(service.settings.article_seconds):
        return join(article, [(off, report_from_doc(w, nlp(w.text), service)) for off, w in _parts(article, service)])


def _parts(article: Article, service: Service) -> list[tuple[int, Article]]:
    """The article itself when it fits in one window, else its windows (windowed.py)."""
    s = service.settings
    return parts(article, s.whole_chars, s.window_chars, s.parse_unit_chars)


def process_many(articles: Iterable[Article], service: Service | None = None,
                 batch_size: int = 32) -> Iterator[tuple[Article, Report | Exception]]:
    """Reports in input order; spaCy runs batched. A failing article, or one past its time budget
    (`budget.OverBudget`), yields its exception instead of a report, and the batch goes on."""
    service = (service or default_service()).prepare()
    batch: list[Article] = []
    chars = 0
    for article in articles:
        article = dated(article)  # an Article built by hand: its date from its own dateline
        batch.append(article)
        chars += len(article.text)
        if len(batch) >= batch_size or chars >= service.settings.batch_chars:
            yield from _run_batch(batch, service)
            batch, chars = [], 0
    if batch:
        yield from _run_batch(batch, service)


def _run_batch(batch: list[Article], service: Service) -> Iterator[tuple[Article, Report | Exception]]:
    """Texts that fit in one window are parsed together (`nlp.pipe`); a longer text is parsed
    window by window inside its own time budget, so its budget covers all of its work."""
    nlp = service.nlp
    seconds = service.settings.article_seconds
    windows = [_parts(a, service) for a in batch]
    whole = [a.text for a, ws in zip(batch, windows) if len(ws) == 1]
    try:
        with time_budget(seconds * len(whole)):
            docs: Iterator[Doc] | None = iter(list(nlp.pipe(whole)))
    except Exception:  # one text broke spaCy or took too long: fall back to one at a time to find it
        docs = None
    for article, ws in zip(batch, windows):
        doc = next(docs) if docs is not None and len(ws) == 1 else None
        try:
            with time_budget(seconds):
                result: Report | Exception = join(article, [
                    (off, report_from_doc(w, doc if doc is not None else nlp(w.text), service)) for off, w in ws])
        except Exception as exc:
            result = exc
        yield article, result


def report_from_doc(article: Article, doc: Doc, service: Service) -> Report:
    """One parsed text's report; `doc` is `service.nlp`'s parse of `article.text`."""
    nlp, gaz = service.nlp, service.gazetteer
    groups = group_spans(doc, nlp)
    places = find_places(doc, gaz, exclude={t.i for span in groups for t in span}, hints=country_hints(groups),
                         country=article.country, settings=service.settings)
    actors = find_actors(doc, nlp, places.focus_country)
    sources = read_sources(doc, actors, places.focus_country, article.outlet)
    ctx = Context(doc, article, places, actors, sources, service)
    events = find_events(ctx)
    return Report(
        article=article,
        places=places.places,
        actors=actors.actors(),
        sources=sources.sources,
        events=events,
        contradictions=contradictions(events),
        control=control_states(events, places.places, sources.sources, article.published),
        non_events=ctx.non_events,
    )

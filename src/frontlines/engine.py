"""Engines run the pure per-article function over many articles. The pipeline does not know which
engine runs it: a distributed engine only has to implement `Engine.run`."""
from __future__ import annotations

import multiprocessing as mp
import os
from itertools import islice
from typing import Any, Iterable, Iterator, Protocol

from .model import Article

Result = tuple[Article, "dict[str, Any] | str"]  # a report in contract form, or an error message


class Engine(Protocol):
    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Yield (article, report-or-error) in input order."""


def extract_batch(articles: list[Article]) -> list[Result]:
    """The per-article function every engine calls: models load once per process."""
    from .pipeline import process_many

    return [(a, r.to_dict() if not isinstance(r, Exception) else f"{type(r).__name__}: {r}")
            for a, r in process_many(articles)]


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def warm() -> None:
    """Prepare the default service (`service.Service.prepare`): load, and on a fresh machine build,
    spaCy, the gazetteer index, the event-type model and the lexicons. Called once in the parent
    before workers fork, so that they share them instead of each building them."""
    from .service import default_service

    default_service().prepare()


class LocalEngine:
    """stdlib multiprocessing: workers extract, the caller's process writes."""

    def __init__(self, workers: int | None = None, chunk: int = 16) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.chunk = chunk

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        if self.workers == 1:
            for batch in _chunks(articles, self.chunk):
                yield from extract_batch(batch)
            return
        warm()  # build the gazetteer and the event model once here, not racing in every worker
        ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
        with ctx.Pool(self.workers, initializer=warm) as pool:
            for results in pool.imap(extract_batch, _chunks(articles, self.chunk)):
                yield from results

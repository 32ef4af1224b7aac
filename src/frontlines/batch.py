"""Ingest many articles into the store: read, skip what is known, extract on an engine, write
through one writer, then merge events across articles."""
from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from .engine import Engine, LocalEngine
from .ingest import Skipped, read_paths
from .model import Article
from .store import Store

log = logging.getLogger("frontlines.ingest")


@dataclass
class Summary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    skipped: int = 0
    reasons: Counter = field(default_factory=Counter)
    events: int = 0
    seconds: float = 0.0

    def skip(self, reason: str) -> None:
        self.skipped += 1
        reason = re.sub(r"^line \d+: ", "", reason)
        self.reasons[reason.split(":")[0].split("(")[0].split("'")[0].strip()] += 1


def ingest(paths: list[str], store: Store, engine: Engine | None = None, *, published: str | None = None,
           outlet: str | None = None, country: str | None = None, progress=None) -> Summary:
    engine = engine or LocalEngine()
    summary = Summary()
    t0 = time.perf_counter()

    def fresh() -> Iterator[Article]:
        for item in read_paths(paths, published=published, outlet=outlet, country=country):
            summary.read += 1
            if isinstance(item, Skipped):
                summary.skip(item.reason)
                continue
            if store.known(item):
                summary.duplicate += 1
                continue
            yield item

    for article, report in engine.run(fresh()):
        if isinstance(report, str):
            log.warning("skipped %s: extraction failed: %s", article.id, report)
            summary.skip("over the time budget" if report.startswith("OverBudget") else "extraction failed")
        elif store.add(article, report).status == "new":
            summary.new += 1
        else:
            summary.duplicate += 1
        if progress is not None:
            progress(summary)
    summary.events = store.rebuild_events()
    summary.seconds = time.perf_counter() - t0
    return summary

"""frontlines: conflict news in, evidence-backed events and territorial control out.

    >>> import frontlines
    >>> report = frontlines.extract(text, published="2021-08-08", outlet="TIME")
    >>> report.to_dict()          # the JSON report contract
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .model import Article, Report

if TYPE_CHECKING:
    from .service import Service

__version__ = "0.1.0"


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def extract(text: str, *, published: str | None = None, outlet: str | None = None, id: str | None = None,
            url: str | None = None, title: str | None = None, country: str | None = None,
            service: Service | None = None) -> Report:
    """Extract the conflict picture of one article. `published` (YYYY-MM-DD) anchors relative dates
    (without it, the story's own dateline or release header when it gives one); `country` (AF, AFG or
    Afghanistan) says which country the story is about, weighing where its places are. `service`
    (`frontlines.service.Service`) gives the settings, models and data to use, the default ones without."""
    from .ingest import read_text
    from .pipeline import process

    article = read_text(text, id=id, published=published, outlet=outlet, url=url, title=title, country=country)
    return process(article, service)


__all__ = ["extract", "Article", "Report", "content_id", "__version__"]

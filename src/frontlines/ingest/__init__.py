"""Ingest: files, folders and stdin in; `Article`s (or `Skipped` with a reason) out.

Reads: bytes from files, folders, stdin and feeds (text, HTML, JSON, JSONL, CSV, RSS).
Adds: an `Article` per story (id, text, title, outlet, publication date and country from the metadata
or the text itself), or a `Skipped` naming why a file could not be read."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterator

from ..config import SETTINGS
from ..model import Article
from .dates import parse_country, parse_published
from .from_text import dated
from .guards import IngestError, check_text
from .readers import KNOWN_EXT, READERS, Skipped, _skip, content_id, read_stdin

__all__ = ["IngestError", "Skipped", "parse_country", "parse_published", "read_paths", "read_text", "content_id"]


def read_text(text: str, *, id: str | None = None, published: str | None = None, outlet: str | None = None,
              url: str | None = None, title: str | None = None, country: str | None = None) -> Article:
    """One article from a string, validated; raises `IngestError` with a one-line reason. Without
    `published` (or `outlet`), the story's own dateline or release header gives them when it can."""
    if not isinstance(text, str):
        raise IngestError(f"text must be a str, not {type(text).__name__}")
    reason = check_text(text, SETTINGS.max_article_bytes)
    if reason:
        raise IngestError(reason)
    return dated(Article(id=id or content_id(text), text=text,
                         published=parse_published(published) if published else None, outlet=outlet, url=url,
                         title=title, country=parse_country(country) if country else None))


def _files(path: Path) -> Iterator[Path]:
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix.lower() in KNOWN_EXT and not any(part.startswith(".") for part in p.relative_to(path).parts):
            yield p


def read_paths(paths: list[str], *, published: str | None = None, outlet: str | None = None,
               limit_bytes: int | None = None, country: str | None = None) -> Iterator[Article | Skipped]:
    """`country` (ISO alpha-2) is the hint for records whose own `country` field is empty."""
    for item in _read_paths(paths, published=published, outlet=outlet, limit_bytes=limit_bytes):
        if country and isinstance(item, Article) and not item.country:
            item = replace(item, country=country)
        yield item


def _read_paths(paths: list[str], *, published: str | None, outlet: str | None,
                limit_bytes: int | None) -> Iterator[Article | Skipped]:
    limit = limit_bytes or SETTINGS.max_article_bytes
    for raw in paths:
        if raw == "-":
            yield from read_stdin(published=published, outlet=outlet, limit_bytes=limit)
            continue
        path = Path(raw)
        if path.is_dir():
            files = list(_files(path))
        elif path.is_file():
            files = [path]
        else:
            yield _skip(raw, "no such file or folder")
            continue
        for f in files:
            reader = READERS.get(f.suffix.lower())
            if reader is None:
                yield _skip(str(f), f"unknown file type {f.suffix!r} (known: {', '.join(sorted(KNOWN_EXT))})")
                continue
            yield from reader(f, published=published, outlet=outlet, limit_bytes=limit)

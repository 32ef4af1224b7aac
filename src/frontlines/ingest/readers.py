"""One reader per input format. Each yields `Article` or `Skipped`; a bad record never stops the
batch. Texts are kept exactly as decoded: spans downstream are offsets into them."""
from __future__ import annotations

import csv
import hashlib
import html as html_mod
import io
import json
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..model import Article
from .dates import AmbiguousDate, parse_published
from .guards import IngestError, check_text, decode

log = logging.getLogger("frontlines.ingest")
TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
FEED_EXT = {".rss", ".atom", ".xml"}
PARQUET_EXT = {".parquet"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | CSV_EXT | FEED_EXT | PARQUET_EXT


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _skip(source: str, reason: str) -> Skipped:
    log.warning("skipped %s: %s", source, reason)
    return Skipped(source, reason)


def make_article(source: str, text: str, *, id: str | None, published: str | None, outlet: str | None,
                 url: str | None, title: str | None, limit_bytes: int) -> Article | Skipped:
    reason = check_text(text, limit_bytes)
    if reason:
        return _skip(source, reason)
    if published:
        try:
            published = parse_published(str(published), outlet=outlet)
        except AmbiguousDate as exc:  # the article is good; only its relative dates stay unresolved
            log.warning("kept %s with dates unresolved: %s", source, exc)
            published = None
        except IngestError as exc:
            return _skip(source, str(exc))
    return Article(id=str(id) if id else content_id(text), text=text, published=published or None,
                   outlet=outlet or None, url=url or None, title=title or None)


def _read_bytes(path: Path, limit_bytes: int, max_factor: int = 1) -> tuple[str | None, str | None]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    if size > limit_bytes * max_factor:
        return None, f"too large ({size / 1e6:.1f} MB > limit {limit_bytes * max_factor / 1e6:.1f} MB)"
    if size == 0:
        return None, "empty file"
    return decode(path.read_bytes())


def read_txt(path: Path, *, published, outlet, limit_bytes) -> Iterator[Article | Skipped]:
    text, reason = _read_bytes(path, limit_bytes)
    if reason:
        yield _skip(str(path), reason)
        return
    yield make_article(str(path), text, id=path.stem, published=published, outlet=outlet, url=None, title=None,
                       limit_bytes=limit_bytes)


def read_html(path: Path, *, published, outlet, limit_bytes) -> Iterator[Article | Skipped]:
    raw, reason = _read_bytes(path, limit_bytes, max_factor=4)  # markup is heavier than its text
    if reason:
        yield _skip(str(path), reason)
        return
    import trafilatura

    try:
        result = trafilatura.extract(raw, output_format="json", with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        yield _skip(str(path), f"HTML could not be parsed: {exc}")
        return
    if not result:
        yield _skip(str(path), "no main text found in HTML")
        return
    data = json.loads(result)
    yield make_article(str(path), data.get("text") or "", id=path.stem, published=data.get("date") or published,
                       outlet=outlet or data.get("sitename"), url=data.get("url"), title=data.get("title"),
                       limit_bytes=limit_bytes)


def _record(source: str, rec: object, *, published, outlet, limit_bytes) -> Article | Skipped:
    if not isinstance(rec, dict):
        return _skip(source, "record is not a JSON object")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        return _skip(source, "record has no non-empty 'text'")
    return make_article(source, text, id=rec.get("id"), published=rec.get("published") or published,
                        outlet=rec.get("outlet") or outlet, url=rec.get("url"), title=rec.get("title"),
                        limit_bytes=limit_bytes)


def read_jsonl(path: Path, *, published, outlet, limit_bytes, stream=None) -> Iterator[Article | Skipped]:
    try:
        fh = stream or path.open("rb")
    except OSError as exc:
        yield _skip(str(path), f"cannot read: {exc.strerror}")
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            source = f"{path}:{n}"
            if not raw.strip():
                continue
            if len(raw) > limit_bytes:
                yield _skip(source, f"too large ({len(raw) / 1e6:.1f} MB > limit {limit_bytes / 1e6:.1f} MB)")
                continue
            line, reason = decode(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
            if reason:
                yield _skip(source, reason)
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield _skip(source, f"line {n}: invalid JSON: {exc.msg}")
                continue
            yield _record(source, rec, published=published, outlet=outlet, limit_bytes=limit_bytes)


def read_csv(path: Path, *, published, outlet, limit_bytes, columns: dict[str, str] | None = None) -> Iterator[Article | Skipped]:
    text, reason = _read_bytes(path, limit_bytes, max_factor=1000)
    if reason:
        yield _skip(str(path), reason)
        return
    cols = {k: k for k in ("text", "id", "published", "outlet", "url", "title")} | (columns or {})
    csv.field_size_limit(limit_bytes)
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if path.suffix == ".tsv" else ",")
        for n, row in enumerate(reader, 2):
            rec = {k: row.get(v) for k, v in cols.items()}
            yield _record(f"{path}:{n}", rec, published=published, outlet=outlet, limit_bytes=limit_bytes)
    except csv.Error as exc:
        yield _skip(str(path), f"malformed CSV: {exc}")


def read_parquet(path: Path, *, published, outlet, limit_bytes) -> Iterator[Article | Skipped]:
    """Parquet with a `text` column (and optionally id, published, outlet, url, title), read in
    row batches so a large file never sits in memory whole."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        yield _skip(str(path), f"not a Parquet file: {exc}")
        return
    cols = [c for c in ("text", "id", "published", "outlet", "url", "title") if c in pf.schema_arrow.names]
    if "text" not in cols:
        yield _skip(str(path), "Parquet file has no 'text' column")
        return
    n = 0
    for batch in pf.iter_batches(batch_size=1000, columns=cols):
        for rec in batch.to_pylist():
            n += 1
            rec = {k: (str(v) if v is not None and k != "text" else v) for k, v in rec.items()}
            yield _record(f"{path}:{n}", rec, published=published, outlet=outlet, limit_bytes=limit_bytes)


_TAG = re.compile(r"<[^>]+>")


def read_feed(path: Path, *, published, outlet, limit_bytes) -> Iterator[Article | Skipped]:
    raw, reason = _read_bytes(path, limit_bytes, max_factor=100)
    if reason:
        yield _skip(str(path), reason)
        return
    import feedparser

    feed = feedparser.parse(raw)
    if not feed.entries:
        yield _skip(str(path), "not an RSS/Atom feed, or a feed with no items")
        return
    feed_outlet = outlet or feed.feed.get("title")
    for n, item in enumerate(feed.entries, 1):
        title = html_mod.unescape(_TAG.sub("", item.get("title", ""))).strip()
        desc = html_mod.unescape(_TAG.sub("", item.get("summary", "") or item.get("description", ""))).strip()
        text = f"{title}. {desc}" if title and desc else (title or desc)
        parsed = item.get("published_parsed") or item.get("updated_parsed")
        date = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else published
        yield make_article(f"{path}#{n}", text, id=item.get("id") or None, published=date, outlet=feed_outlet,
                           url=item.get("link"), title=title or None, limit_bytes=limit_bytes)


def read_stdin(*, published, outlet, limit_bytes) -> Iterator[Article | Skipped]:
    data = sys.stdin.buffer.read(limit_bytes + 1)
    if len(data) > limit_bytes:
        yield _skip("stdin", f"too large (> limit {limit_bytes / 1e6:.1f} MB)")
        return
    text, reason = decode(data)
    if reason:
        yield _skip("stdin", reason)
        return
    yield make_article("stdin", text, id="stdin", published=published, outlet=outlet, url=None, title=None,
                       limit_bytes=limit_bytes)


READERS = {**{e: read_txt for e in TEXT_EXT}, **{e: read_html for e in HTML_EXT},
           **{e: read_jsonl for e in JSONL_EXT}, **{e: read_csv for e in CSV_EXT}, **{e: read_feed for e in FEED_EXT},
           **{e: read_parquet for e in PARQUET_EXT}}

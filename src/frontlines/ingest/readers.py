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

from ..config import SETTINGS
from ..model import Article
from .dates import AmbiguousDate, parse_country, parse_published
from .from_text import dated
from .feeds import envelope, feed_items
from .guards import IngestError, check_text, decode, unpaired_surrogate

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


_META_CHARS = 10_000  # an id, outlet, url or title longer than this is not metadata


def _meta_problem(fields: dict[str, object]) -> str | None:
    """Why the record's metadata cannot be stored as given, or None."""
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return f"metadata not a string ({name} is a {type(value).__name__})"
        if isinstance(value, str):
            if len(value) > _META_CHARS:
                return f"metadata too long ({name}: {len(value):,} characters)"
            if unpaired_surrogate(value) is not None:
                return f"invalid Unicode (unpaired surrogate in {name})"
    return None


def make_article(source: str, text: str, *, id: str | None, published: str | None, outlet: str | None,
                 url: str | None, title: str | None, limit_bytes: int, country: str | None = None) -> Article | Skipped:
    reason = check_text(text, limit_bytes) or _meta_problem(
        {"id": id, "published": published, "outlet": outlet, "url": url, "title": title, "country": country})
    if reason:
        return _skip(source, reason)
    outlet, url, title = (str(v) if v is not None else None for v in (outlet, url, title))
    if published:
        try:
            published = parse_published(str(published), outlet=outlet)
        except AmbiguousDate as exc:  # the article is good; only its relative dates stay unresolved
            log.warning("kept %s with dates unresolved: %s", source, exc)
            published = None
        except IngestError as exc:
            return _skip(source, str(exc))
    if country:
        try:
            country = parse_country(str(country))
        except IngestError as exc:  # the article is good; only its country hint is lost
            log.warning("kept %s without its country hint: %s", source, exc)
            country = None
    return dated(Article(id=str(id) if id else content_id(text), text=text, published=published or None,
                         outlet=outlet or None, url=url or None, title=title or None, country=country or None))


def _read_bytes(path: Path, limit_bytes: int, max_factor: int = 1) -> tuple[str | None, str | None]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    if size > limit_bytes * max_factor:
        return None, f"too large ({size / 1e6:.1f} MB > limit {limit_bytes * max_factor / 1e6:.1f} MB)"
    if size == 0:
        return None, "empty file"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    return decode(data)


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
                        limit_bytes=limit_bytes, country=rec.get("country"))


def _lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) with at most `limit` bytes read per line: a longer line (a file with no
    line breaks at all) yields None and is skipped to its end without being held in memory."""
    n = 0
    while line := fh.readline(limit + 1):
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield n, None
        else:
            yield n, line


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(line: str) -> int:
    """How deeply brackets nest outside strings: the parser recurses once per level."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", line))
    depth = deepest = 0
    for ch in brackets:
        depth += 1 if ch in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json_record(line: str) -> tuple[object, str | None]:
    """(record, None) or (None, reason): malformed, nested too deep, numbers past Python's limits."""
    if line.count("[") + line.count("{") > SETTINGS.max_json_depth and json_depth(line) > SETTINGS.max_json_depth:
        return None, f"JSON nested deeper than {SETTINGS.max_json_depth} levels"
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg}"
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, a nesting the check missed
        return None, f"invalid JSON: {str(exc).split(';')[0]}"


def read_jsonl(path: Path, *, published, outlet, limit_bytes, stream=None) -> Iterator[Article | Skipped]:
    try:
        fh = stream or path.open("rb")
    except OSError as exc:
        yield _skip(str(path), f"cannot read: {exc.strerror}")
        return
    with fh:
        try:
            for n, raw in _lines(fh, limit_bytes):
                source = f"{path}:{n}"
                if raw is None:
                    yield _skip(source, f"too large (line over the limit of {limit_bytes / 1e6:.1f} MB)")
                    continue
                if not raw.strip():
                    continue
                line, reason = decode(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
                if reason:
                    yield _skip(source, reason)
                    continue
                rec, reason = parse_json_record(line)
                if reason:
                    yield _skip(source, f"line {n}: {reason}")
                    continue
                yield _record(source, rec, published=published, outlet=outlet, limit_bytes=limit_bytes)
        except OSError as exc:  # the file vanished or the disk failed mid-read
            yield _skip(str(path), f"read failed: {exc.strerror or exc}")


def _text_stream(fh) -> io.TextIOWrapper:
    """The file as text, streamed: UTF-8 (BOM skipped) or BOM-marked UTF-16; bytes that do not
    decode become lone surrogates, so the record holding them is skipped, not the whole file."""
    bom = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    encoding = "utf-16" if bom.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    return io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="")


def read_csv(path: Path, *, published, outlet, limit_bytes, columns: dict[str, str] | None = None) -> Iterator[Article | Skipped]:
    """CSV or TSV with a header row, read row by row; a bad row (a field over the size limit, a NUL
    byte, bytes that are not UTF-8) is skipped and the rows after it are read."""
    try:
        if path.stat().st_size == 0:
            yield _skip(str(path), "empty file")
            return
        fh = _text_stream(path.open("rb"))
    except OSError as exc:
        yield _skip(str(path), f"cannot read: {exc.strerror}")
        return
    cols = {k: k for k in ("text", "id", "published", "outlet", "url", "title", "country")} | (columns or {})
    csv.field_size_limit(limit_bytes)
    with fh:
        reader = csv.reader(fh, delimiter="\t" if path.suffix == ".tsv" else ",")
        try:
            header = next(reader)
        except StopIteration:
            header = []
        except (csv.Error, OSError, UnicodeError) as exc:
            yield _skip(str(path), f"malformed CSV header: {exc}")
            return
        index = {name: i for i, name in enumerate(header)}
        if cols["text"] not in index:
            yield _skip(str(path), f"CSV header without a text column ({cols['text']})")
            return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield _skip(f"{path}:{reader.line_num}", f"malformed CSV: {exc}")
                continue
            except (OSError, UnicodeError) as exc:
                yield _skip(str(path), f"read failed: {exc}")
                return
            if not row:
                continue
            rec = {k: row[index[v]] if index.get(v, len(row)) < len(row) else None for k, v in cols.items()}
            source = f"{path}:{reader.line_num}"
            bad = next((k for k, v in rec.items() if v is not None and unpaired_surrogate(v) is not None), None)
            if bad:
                yield _skip(source, f"not valid UTF-8 (in {bad})")
                continue
            yield _record(source, rec, published=published, outlet=outlet, limit_bytes=limit_bytes)


def read_parquet(path: Path, *, published, outlet, limit_bytes) -> Iterator[Article | Skipped]:
    """Parquet with a `text` column (and optionally id, published, outlet, url, title), read in
    small row batches, one row group at a time, so a large file never sits in memory whole; a
    corrupt or truncated row group is skipped with its reason and the next one is read."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
        groups = pf.metadata.num_row_groups
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        yield _skip(str(path), f"not a Parquet file: {str(exc)[:200]}")
        return
    cols = [c for c in ("text", "id", "published", "outlet", "url", "title", "country") if c in names]
    if "text" not in cols:
        yield _skip(str(path), "Parquet file has no 'text' column")
        return
    n = 0
    for g in range(groups):
        try:
            rows = pf.metadata.row_group(g).num_rows
            batches = pf.iter_batches(batch_size=64, columns=cols, row_groups=[g])
            done = 0
            for batch in batches:
                for rec in batch.to_pylist():
                    n += 1
                    done += 1
                    rec = {k: (str(v) if v is not None and k != "text" else v) for k, v in rec.items()}
                    yield _record(f"{path}:{n}", rec, published=published, outlet=outlet, limit_bytes=limit_bytes)
        except Exception as exc:  # a corrupt page, a truncated file: the rest of this row group is lost
            lost = max(rows - done, 0)
            n += lost
            yield _skip(f"{path}:row group {g}", f"corrupt Parquet data ({lost} rows lost): {str(exc)[:200]}")


_TAG = re.compile(r"<[^>]+>")


_FEED_GROUP_ITEMS = 100
_FEED_GROUP_BYTES = 1 << 20


def _parse_items(opening: bytes, closing: bytes, items: list[bytes]) -> list[object]:
    """feedparser's entry for each item, or the reason it has none. Items are parsed a group at a
    time (one parser call costs what a hundred items cost); a group that fails, or whose entries do
    not match its items one to one, is parsed again item by item, so a broken item costs itself."""
    import feedparser

    def parse(data: bytes) -> list | str:
        try:
            return feedparser.parse(opening + data + closing).entries
        except Exception as exc:  # feedparser's loose parser raises on some hostile markup
            return f"feed item could not be parsed: {type(exc).__name__}"

    if len(items) > 1:
        entries = parse(b"".join(items))
        if isinstance(entries, list) and len(entries) == len(items):
            return entries
    out: list[object] = []
    for item in items:
        entries = parse(item)
        out.append(entries if isinstance(entries, str) else entries[0] if entries else "feed item could not be parsed")
    return out


def _channel_title(data: bytes) -> str | None:
    import feedparser

    try:
        return feedparser.parse(data).feed.get("title") or None
    except Exception:  # noqa: BLE001 - a broken channel header only loses the outlet's name
        return None


def read_feed(path: Path, *, published, outlet, limit_bytes) -> Iterator[Article | Skipped]:
    """RSS, Atom or RDF, streamed item by item (ingest/feeds.py): title and description of each item
    become its text; a broken item is skipped and the next one read."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _skip(str(path), f"cannot read: {exc.strerror}")
        return
    opening = closing = b""
    feed_outlet = outlet
    group: list[bytes] = []
    n = 0

    def flush() -> Iterator[Article | Skipped]:
        first = n - len(group) + 1
        for k, entry in enumerate(_parse_items(opening, closing, group)):
            source = f"{path}#{first + k}"
            yield _skip(source, entry) if isinstance(entry, str) else _feed_item(
                source, entry, published=published, outlet=feed_outlet, limit_bytes=limit_bytes)
        group.clear()

    with fh:
        try:
            for kind, data in feed_items(fh, max_item_bytes=4 * limit_bytes):  # markup is heavier than its text
                if kind == "head":
                    opening, channel, closing = envelope(data)
                    if not outlet:
                        feed_outlet = _channel_title(opening + channel + closing)
                    continue
                if kind == "bad":
                    yield from flush()
                    n += 1
                    yield _skip(f"{path}#{n}", str(data))
                    continue
                n += 1
                group.append(data)
                if len(group) >= _FEED_GROUP_ITEMS or sum(map(len, group)) >= _FEED_GROUP_BYTES:
                    yield from flush()
            yield from flush()
        except OSError as exc:
            yield _skip(str(path), f"read failed: {exc.strerror or exc}")
            return
    if n == 0:
        yield _skip(str(path), "not an RSS/Atom feed, or a feed with no items")


def _feed_item(source: str, item, *, published, outlet, limit_bytes) -> Article | Skipped:
    title = html_mod.unescape(_TAG.sub("", item.get("title", ""))).strip()
    desc = html_mod.unescape(_TAG.sub("", item.get("summary", "") or item.get("description", ""))).strip()
    text = f"{title}. {desc}" if title and desc else (title or desc)
    parsed = item.get("published_parsed") or item.get("updated_parsed")
    date = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else published
    return make_article(source, text, id=item.get("id") or None, published=date, outlet=outlet,
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

"""The embedded store: SQLite in WAL mode, schema versioned with migrations.

Articles are keyed by a hash of their text, so re-ingesting is a no-op. Each article, its report
and its event mentions are written in one transaction: a process killed mid-ingest leaves whole
articles or none. Merged events are a deterministic function of all mentions (`rebuild_events`),
so an interrupted and resumed ingest ends in exactly the store an uninterrupted one builds.
Readers (CLI, web) use their own connections and see the last committed state while a writer works.

Several writers may run at once (two ingests on one store): the schema is created under the write
lock, the final merge reads and writes inside one write transaction, and a writer waits for the lock
(`Settings.store_busy_timeout`) or fails with one line. Every SQLite failure leaves this module as a
one-line `StoreError`; the transaction it interrupted is rolled back, so the store stays as it was.

Reads: articles and their `Report`s. Adds: the persisted picture (articles, reports, mentions, merged
events, review log) that the CLI, the exports, the timeline and the dashboard query.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sqlite3
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from .config import SETTINGS
from .merge import Mention, merge_mentions
from .model import Article
from .review import Correction, Events, Reviewed, ReviewError, apply, apply_one, correction_from_row, mention_key
from .review import now as utc_now
from .review import reviewed_from_json
from .simhash import MAX_DISTANCE, bands, distance, simhash

DEFAULT_DB = "frontlines.db"
log = logging.getLogger("frontlines.store")

MIGRATIONS: list[str] = [
    # 1: articles, reports, mentions, merged events
    """
    CREATE TABLE articles(
        id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, outlet TEXT, published TEXT, url TEXT, title TEXT,
        text TEXT NOT NULL, simhash INTEGER NOT NULL, wire_group TEXT NOT NULL, seq INTEGER NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
    CREATE TABLE simhash_bands(band INTEGER NOT NULL, article_id TEXT NOT NULL);
    CREATE INDEX simhash_bands_band ON simhash_bands(band);
    CREATE TABLE reports(article_id TEXT PRIMARY KEY REFERENCES articles(id), report TEXT NOT NULL);
    CREATE TABLE mentions(
        article_id TEXT NOT NULL REFERENCES articles(id), local_id TEXT NOT NULL, position INTEGER NOT NULL,
        sub_event_type TEXT, country TEXT, date TEXT, time_status TEXT, data TEXT NOT NULL,
        PRIMARY KEY(article_id, local_id));
    CREATE TABLE events(
        id TEXT PRIMARY KEY, sub_event_type TEXT, event_type TEXT, country TEXT, date TEXT, time_status TEXT,
        data TEXT NOT NULL);
    CREATE INDEX events_country_date ON events(country, date);
    CREATE TABLE event_members(event_id TEXT NOT NULL, article_id TEXT NOT NULL, local_id TEXT NOT NULL,
        reason TEXT NOT NULL, PRIMARY KEY(event_id, article_id, local_id));
    """,
    # 2: the analyst's review log (review.py), replayed over every rebuild of merged events; each
    # event's review status as a column; the store's own settings (the dashboard's review token)
    """
    CREATE TABLE reviews(
        seq INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, event_id TEXT NOT NULL, target TEXT,
        field TEXT, value TEXT, who TEXT NOT NULL, at TEXT NOT NULL, why TEXT NOT NULL DEFAULT '', anchor TEXT);
    CREATE INDEX reviews_event ON reviews(event_id);
    ALTER TABLE events ADD COLUMN review TEXT;
    CREATE TABLE store_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
]


class StoreError(RuntimeError):
    """A store that cannot be opened, read or written; the message is one line for people."""


# What SQLite says, and what it means for someone holding a store file.
_MEANINGS = (
    ("file is not a database", "{path} is not a frontlines store (not an SQLite database)"),
    ("malformed", "{path} is damaged (truncated or corrupt); restore it from a copy"),
    ("locked", "{path} is busy: another process held its write lock for more than {timeout:g} s; try again"),
    ("busy", "{path} is busy: another process held its write lock for more than {timeout:g} s; try again"),
    ("full", "no space left to write {path}; the interrupted write was rolled back"),
    ("readonly", "{path} is read-only here: it can be queried, not written"),
    ("disk i/o error", "disk I/O error writing {path} (is the disk full?); the interrupted write was rolled back"),
    ("unable to open", "cannot open {path} (a missing folder, or no permission)"),
)

F = TypeVar("F", bound=Callable[..., Any])


def _one_line(method: F) -> F:
    """Turn SQLite's exceptions into a StoreError saying what happened to which file."""

    @functools.wraps(method)
    def wrapper(self: "Store", *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self.error(exc) from exc

    return wrapper  # type: ignore[return-value]


def sqlite_uri(path: Path, **params: str) -> str:
    """A file: URI for any file name: '#', '?' and '%' are part of the name, not URI syntax."""
    uri = "file:" + urllib.parse.quote(str(path.absolute()))
    return uri + ("?" + urllib.parse.urlencode(params) if params else "")


@dataclass(frozen=True)
class AddResult:
    status: str  # new | duplicate
    article_id: str


def article_hash(text: str, outlet: str | None) -> str:
    """The same text from the same outlet is the same article; a wire copy under another masthead is
    another article (grouped with its original by SimHash)."""
    return hashlib.sha256(f"{outlet or ''}\n{text}".encode("utf-8")).hexdigest()


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.timeout = SETTINGS.store_busy_timeout
        if readonly and not self.path.is_file():
            raise StoreError(f"no store at {self.path} (run `frontlines ingest` first)")
        self.db = self._connect(readonly)
        try:
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
            else:
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    raise StoreError(f"{self.path} holds no frontlines store yet (run `frontlines ingest` first)")
                self._check_version(version)
            self.version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            self.db.close()
            raise self.error(exc) from exc
        except StoreError:
            self.db.close()
            raise

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        def connect(**params: str) -> sqlite3.Connection:
            db = sqlite3.connect(sqlite_uri(self.path, **params), uri=True, timeout=self.timeout,
                                 isolation_level=None, check_same_thread=False)
            db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            return db

        try:
            if not readonly:
                return connect()
            db = connect(mode="ro")
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.OperationalError as exc:
                db.close()
                if "unable to open" not in str(exc) and "readonly" not in str(exc):
                    raise
            # Read-only media: SQLite cannot create the WAL index beside the file. A store closed
            # cleanly has everything in the main file and opens as immutable; one whose write-ahead
            # log still holds commits would lose them that way, so it is an error, not a silent loss.
            wal = Path(f"{self.path}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise StoreError(f"{self.path} is on read-only media with unmerged changes in {wal.name}; "
                                 "copy both files to writable storage to read them")
            return connect(mode="ro", immutable="1")
        except sqlite3.Error as exc:
            raise self.error(exc) from exc

    def error(self, exc: sqlite3.Error) -> StoreError:
        said = str(exc).lower()
        if "unable to open" in said and self.path.exists() and not os.access(self.path.parent, os.W_OK):
            said = "readonly"  # the folder (or the medium) is read-only: SQLite cannot create its journal
        for needle, meaning in _MEANINGS:
            if needle in said:
                return StoreError(meaning.format(path=self.path, timeout=self.timeout))
        return StoreError(f"{self.path}: {exc}")

    def _check_version(self, version: int) -> None:
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema {version}, newer than this frontlines ({len(MIGRATIONS)})")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE): what it reads cannot change
        before it writes."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back already (a full disk)
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    @_one_line
    def migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        self._check_version(version)
        if version == len(MIGRATIONS):
            return
        with self.transaction() as db:
            # read again under the write lock: another process may have created the schema meanwhile
            version = db.execute("PRAGMA user_version").fetchone()[0]
            self._check_version(version)
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # -- writing ------------------------------------------------------------------------------
    @_one_line
    def known(self, article: Article) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE hash = ?",
                               (article_hash(article.text, article.outlet),)).fetchone() is not None

    @_one_line
    def add(self, article: Article, report: dict[str, Any]) -> AddResult:
        """Write one article with its report and event mentions, atomically."""
        h = article_hash(article.text, article.outlet)
        with self.transaction() as db:
            row = db.execute("SELECT id FROM articles WHERE hash = ?", (h,)).fetchone()
            if row:
                return AddResult("duplicate", row[0])
            article_id = article.id
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
                article_id = f"{article.id}~{h[:8]}"  # same id, different text: keep both
            sh = simhash(article.text)
            group = self._wire_group(db, sh) or article_id
            seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
            db.execute("INSERT INTO articles(id, hash, outlet, published, url, title, text, simhash, wire_group, seq) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (article_id, h, article.outlet, article.published, article.url, article.title, article.text,
                        sh, group, seq))
            db.executemany("INSERT INTO simhash_bands VALUES (?, ?)", [(b, article_id) for b in bands(sh)])
            report = dict(report)
            report["article"] = dict(report["article"], id=article_id)
            db.execute("INSERT INTO reports VALUES (?, ?)", (article_id, json.dumps(report, ensure_ascii=False)))
            places = {p["id"]: p for p in report["places"]}
            for pos, ev in enumerate(report["events"]):
                m = Mention.from_report(article_id, article, group, ev, places.get(ev["place"] or ""), report, pos)
                db.execute("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (article_id, ev["id"], pos, ev["sub_event_type"], m.country, m.date, m.time_status,
                            json.dumps(m.to_json(), ensure_ascii=False)))
        return AddResult("new", article_id)

    def _wire_group(self, db: sqlite3.Connection, sh: int) -> str | None:
        q = ",".join("?" * 4)
        rows = db.execute(f"SELECT DISTINCT a.id, a.simhash, a.wire_group FROM simhash_bands b JOIN articles a "
                          f"ON a.id = b.article_id WHERE b.band IN ({q}) ORDER BY a.seq", bands(sh)).fetchall()
        for _, other, group in rows:
            if distance(sh, other) <= MAX_DISTANCE:
                return group
        return None

    @_one_line
    def rebuild_events(self) -> int:
        """Merge every mention into events, deterministically, and replay the review log over them.
        The mentions are read inside the write transaction: a concurrent ingest cannot add mentions
        between the read and the write and leave them without an event."""
        with self.transaction() as db:
            rows = db.execute("SELECT m.data FROM mentions m JOIN articles a ON a.id = m.article_id "
                              "ORDER BY a.seq, m.position").fetchall()
            merged = merge_mentions([Mention.from_json(json.loads(r[0])) for r in rows])
            reviewed, passed_over = apply(merged, self._log(db))
            for line in passed_over:
                log.warning("%s", line)
            db.execute("DELETE FROM events")
            db.execute("DELETE FROM event_members")
            for r in reviewed:
                self._write_event(db, r)
        return len(reviewed)

    @staticmethod
    def _write_event(db: sqlite3.Connection, r: Reviewed) -> None:
        d = r.to_json()
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (r.id, d["sub_event_type"], d["event_type"], (d.get("place") or {}).get("country"), d["date"],
                    d["time_status"], json.dumps(d, ensure_ascii=False), r.column))
        db.executemany("INSERT INTO event_members VALUES (?, ?, ?, ?)",
                       [(r.id, m.article_id, m.local_id, reason) for m, reason in zip(r.event.members, r.event.reasons)])

    @staticmethod
    def _log(db: sqlite3.Connection, event_id: str | None = None) -> list[Correction]:
        sql = "SELECT seq, action, event_id, target, field, value, who, at, why, anchor FROM reviews"
        rows = db.execute(sql + (" WHERE event_id = ?" if event_id else "") + " ORDER BY seq",
                          (event_id,) if event_id else ()).fetchall()
        return [correction_from_row(r) for r in rows]

    # -- the review log ------------------------------------------------------------------------
    @_one_line
    def correct(self, action: str, event_id: str, *, who: str, why: str = "", target: str | None = None,
                field: str | None = None, value: Any = None) -> list[dict[str, Any]]:
        """Log one correction and apply it to the events it touches, in one transaction: the log and
        the events never disagree, whenever the process dies. Returns the changed events (a merged-away
        event as {"id": ..., "merged_into": ...}). ReviewError (nothing written) when it cannot apply."""
        with self.transaction() as db:
            ids = [event_id] + ([target] if action == "merge" and target else [])
            loaded = [self._load(db, i) for i in ids]
            missing = [i for i, r in zip(ids, loaded) if r is None]
            if missing:
                raise ReviewError(f"no event {missing[0]!r}" + self._merged_note(db, missing[0]))
            anchor = mention_key(loaded[0].event.members[0])
            cur = db.execute("INSERT INTO reviews(action, event_id, target, field, value, who, at, why, anchor) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (action, event_id, target, field, None if action != "set" else json.dumps(value),
                              who, utc_now(), why or "", anchor))
            c = correction_from_row(db.execute(
                "SELECT seq, action, event_id, target, field, value, who, at, why, anchor FROM reviews WHERE seq = ?",
                (cur.lastrowid,)).fetchone())
            events = Events([r for r in loaded if r is not None])
            taken = {r[0] for r in db.execute("SELECT id FROM events")} if action == "split" else None
            changed = apply_one(events, c, taken)
            out = []
            for i in changed:
                db.execute("DELETE FROM events WHERE id = ?", (i,))
                db.execute("DELETE FROM event_members WHERE event_id = ?", (i,))
                if i in events.by_id:
                    self._write_event(db, events.by_id[i])
                    out.append(events.by_id[i].to_json())
                else:
                    out.append({"id": i, "merged_into": changed[0]})
        return out

    def _load(self, db: sqlite3.Connection, event_id: str) -> Reviewed | None:
        row = db.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        d = json.loads(row[0])
        rows = db.execute("SELECT m.article_id, m.local_id, m.data FROM event_members em JOIN mentions m "
                          "ON m.article_id = em.article_id AND m.local_id = em.local_id WHERE em.event_id = ?",
                          (event_id,)).fetchall()
        return reviewed_from_json(d, {f"{a}/{l}": Mention.from_json(json.loads(data)) for a, l, data in rows})

    @staticmethod
    def _merged_note(db: sqlite3.Connection, event_id: str) -> str:
        row = db.execute("SELECT event_id FROM reviews WHERE action = 'merge' AND target = ? ORDER BY seq DESC",
                         (event_id,)).fetchone()
        return f" (it was merged into {row[0]})" if row else ""

    @_one_line
    def review_log(self, event_id: str | None = None) -> list[dict[str, Any]]:
        if self.version < 2:
            return []
        return [c.to_json() for c in self._log(self.db, event_id)]

    @_one_line
    def secret(self, key: str) -> str:
        """A per-store secret (the dashboard's review token), made once and kept in the store."""
        import secrets

        row = self.db.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO store_meta VALUES (?, ?)", (key, secrets.token_urlsafe(24)))
            return db.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()[0]

    # -- reading ------------------------------------------------------------------------------
    @_one_line
    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events")}

    @_one_line
    def events(self, country: str | None = None, since: str | None = None, until: str | None = None,
               sub_event_type: str | None = None, event_type: str | None = None,
               include_historical: bool = False, include_rejected: bool = False,
               reviewed_only: bool = False) -> list[dict[str, Any]]:
        """Merged events as corrected by the review log; rejected ones only when asked."""
        sql, args = "SELECT data FROM events WHERE 1=1", []
        if self.version < 2:  # a store of an older frontlines, read-only here: nothing reviewed yet
            if reviewed_only:
                return []
        elif not include_rejected:
            sql += " AND review IS NOT 'rejected'"
        if reviewed_only and self.version >= 2:
            sql += " AND review IS NOT NULL"
        if country:
            sql += " AND country = ?"
            args.append(country.upper())
        if since:
            sql += " AND date >= ?"
            args.append(since)
        if until:
            sql += " AND date <= ?"
            args.append(until + "~")
        if sub_event_type:
            sql += " AND sub_event_type = ?"
            args.append(sub_event_type)
        if event_type:
            sql += " AND event_type = ?"
            args.append(event_type)
        if not include_historical:
            sql += " AND time_status != 'historical'"
        sql += " ORDER BY date, id"
        return [json.loads(r[0]) for r in self.db.execute(sql, args)]

    @_one_line
    def event(self, event_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        return json.loads(row[0]) if row else None

    @_one_line
    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, outlet, published, url, title, text, wire_group FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        if row is None:
            return None
        keys = ("id", "outlet", "published", "url", "title", "text", "wire_group")
        return dict(zip(keys, row))

    def reports(self) -> Iterator[dict[str, Any]]:
        try:
            for (data,) in self.db.execute("SELECT r.report FROM reports r JOIN articles a ON a.id = r.article_id "
                                           "ORDER BY a.seq"):
                yield json.loads(data)
        except sqlite3.Error as exc:
            raise self.error(exc) from exc

    @_one_line
    def dump(self) -> dict[str, list]:
        """Everything that defines the store's content, in a stable order (for comparisons)."""
        return {
            "articles": self.db.execute("SELECT id, hash, outlet, published, wire_group FROM articles ORDER BY id").fetchall(),
            "mentions": self.db.execute("SELECT article_id, local_id, data FROM mentions ORDER BY article_id, local_id").fetchall(),
            "events": self.db.execute("SELECT id, data FROM events ORDER BY id").fetchall(),
            "members": self.db.execute("SELECT * FROM event_members ORDER BY event_id, article_id, local_id").fetchall(),
            "reviews": self.db.execute("SELECT * FROM reviews ORDER BY seq").fetchall(),
        }

    # -- queries for the analyst's views (filters, evidence, one article) -------------------
    @_one_line
    def event_mentions(self, event_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """Each merged event's member mentions (their evidence spans and confidence), in member order."""
        sql = ("SELECT em.event_id, m.data FROM event_members em JOIN mentions m "
               "ON m.article_id = em.article_id AND m.local_id = em.local_id "
               "JOIN articles a ON a.id = m.article_id")
        args: list[str] = []
        if event_ids is not None:
            if not event_ids:
                return {}
            sql += f" WHERE em.event_id IN ({','.join('?' * len(event_ids))})"
            args = list(event_ids)
        out: dict[str, list[dict[str, Any]]] = {}
        for event_id, data in self.db.execute(sql + " ORDER BY a.seq, m.position", args):
            out.setdefault(event_id, []).append(json.loads(data))
        return out

    @_one_line
    def article_texts(self, article_ids: list[str]) -> dict[str, str]:
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        rows = self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)
        return dict(rows.fetchall())

    @_one_line
    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq")]

    @_one_line
    def report(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT report FROM reports WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    @_one_line
    def reviewed_event_ids(self) -> set[str]:
        """Ids of the events a correction touched (rejected ones included)."""
        if self.version < 2:
            return set()
        return {r[0] for r in self.db.execute("SELECT id FROM events WHERE review IS NOT NULL")}

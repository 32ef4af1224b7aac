"""The embedded store: SQLite in WAL mode, schema versioned with migrations.

Articles are keyed by a hash of their text, so re-ingesting is a no-op. Each article, its report
and its event mentions are written in one transaction: a process killed mid-ingest leaves whole
articles or none. Merged events are a deterministic function of all mentions (`rebuild_events`),
so an interrupted and resumed ingest ends in exactly the store an uninterrupted one builds.
Readers (CLI, web) use their own connections and see the last committed state while a writer works.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .merge import Mention, merge_mentions
from .model import Article
from .simhash import MAX_DISTANCE, bands, distance, simhash

DEFAULT_DB = "frontlines.db"

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
]


class StoreError(RuntimeError):
    pass


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
        if readonly and not self.path.exists():
            raise StoreError(f"no store at {self.path} (run `frontlines ingest` first)")
        uri = f"file:{self.path}?mode=ro" if readonly else f"file:{self.path}"
        self.db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        else:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError(f"{self.path} has schema {version}, newer than this frontlines ({len(MIGRATIONS)})")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema {version}, newer than this frontlines ({len(MIGRATIONS)})")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as db:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # -- writing ------------------------------------------------------------------------------
    def known(self, article: Article) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE hash = ?",
                               (article_hash(article.text, article.outlet),)).fetchone() is not None

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

    def rebuild_events(self) -> int:
        """Merge every mention into events, deterministically, in one transaction."""
        rows = self.db.execute("SELECT m.data FROM mentions m JOIN articles a ON a.id = m.article_id "
                               "ORDER BY a.seq, m.position").fetchall()
        mentions = [Mention.from_json(json.loads(r[0])) for r in rows]
        merged = merge_mentions(mentions)
        with self.transaction() as db:
            db.execute("DELETE FROM events")
            db.execute("DELETE FROM event_members")
            for ev in merged:
                d = ev.to_json()
                db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (ev.id, ev.sub_event_type, ev.event_type, ev.country, ev.date, ev.time_status,
                            json.dumps(d, ensure_ascii=False)))
                db.executemany("INSERT INTO event_members VALUES (?, ?, ?, ?)",
                               [(ev.id, m.article_id, m.local_id, reason) for m, reason in zip(ev.members, ev.reasons)])
        return len(merged)

    # -- reading ------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events")}

    def events(self, country: str | None = None, since: str | None = None, until: str | None = None,
               sub_event_type: str | None = None, event_type: str | None = None,
               include_historical: bool = False) -> list[dict[str, Any]]:
        sql, args = "SELECT data FROM events WHERE 1=1", []
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

    def event(self, event_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, outlet, published, url, title, text, wire_group FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        if row is None:
            return None
        keys = ("id", "outlet", "published", "url", "title", "text", "wire_group")
        return dict(zip(keys, row))

    def reports(self) -> Iterator[dict[str, Any]]:
        for (data,) in self.db.execute("SELECT r.report FROM reports r JOIN articles a ON a.id = r.article_id ORDER BY a.seq"):
            yield json.loads(data)

    def dump(self) -> dict[str, list]:
        """Everything that defines the store's content, in a stable order (for comparisons)."""
        return {
            "articles": self.db.execute("SELECT id, hash, outlet, published, wire_group FROM articles ORDER BY id").fetchall(),
            "mentions": self.db.execute("SELECT article_id, local_id, data FROM mentions ORDER BY article_id, local_id").fetchall(),
            "events": self.db.execute("SELECT id, data FROM events ORDER BY id").fetchall(),
            "members": self.db.execute("SELECT * FROM event_members ORDER BY event_id, article_id, local_id").fetchall(),
        }

    # -- queries for the analyst's views (filters, evidence, one article) -------------------
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

    def article_texts(self, article_ids: list[str]) -> dict[str, str]:
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        rows = self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)
        return dict(rows.fetchall())

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq")]

    def report(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT report FROM reports WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def reviewed_event_ids(self) -> set[str] | None:
        """Ids of events an analyst has reviewed, from the review log (a `reviews` table with an
        `event_id` column); None while the store has no review log."""
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "reviews" not in tables:
            return None
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(reviews)")}
        if "event_id" not in columns:
            return None
        return {r[0] for r in self.db.execute("SELECT DISTINCT event_id FROM reviews")}

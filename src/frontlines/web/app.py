"""The local dashboard: a read-only FastAPI app over the store, and a static page.

Every response is computed from committed store content; the store is opened read-only, and merged
events, the timeline, the filter values and each filtered list are cached until the database file
changes. Query parameters are checked as the CLI checks its options (422 with the same message);
every list route pages with `limit`/`offset` and gives the full count in `X-Total-Count`. Answers
are gzipped, and `guard.Guard` stands in front of everything.

Reads: the store (merged events, timeline, reports, review log). Adds: nothing to the picture but the
analyst's reviews, written through `store.correct` with the store's review token.
"""
from __future__ import annotations

import gzip
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from fastapi import Body, FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from ..config import DATA_DIR
from ..lexicons import ACLED_TYPES
from ..ingest import IngestError, parse_published
from ..query import FilterError, fold, resolve_country, resolve_names, resolve_type
from ..review import FIELDS, ReviewError, analyst, check_value
from ..store import Store, StoreError
from ..timeline import build_timeline
from .guard import Access, Guard

STATIC = Path(__file__).parent / "static"
DEFAULT_LIMIT, MAX_LIMIT = 500, 5000


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else _dumps(content)


def _dumps(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=64)
def _basemap(country: str | None) -> bytes:
    fc = json.loads(gzip.decompress((DATA_DIR / "basemap" / "admin1.geojson.gz").read_bytes()))
    if country:
        wanted = {c.upper() for c in country.split(",")}
        fc = {"type": "FeatureCollection", "features": [f for f in fc["features"]
                                                        if f["properties"].get("country") in wanted]}
    return json.dumps(fc, separators=(",", ":")).encode()


def _compact(e: dict) -> dict:
    p = e.get("place") or {}
    return {"id": e["id"], "date": e.get("date"), "event_type": e.get("event_type"),
            "sub_event_type": e.get("sub_event_type"), "actor1": e.get("actor1"), "actor2": e.get("actor2"),
            "place": p.get("name"), "country": p.get("country"), "lat": p.get("lat"), "lon": p.get("lon"),
            "fatalities": e.get("fatalities"), "corroboration": e.get("corroboration"),
            "contradicted": e.get("contradicted"), "time_status": e.get("time_status")}


class _Data:
    """Events and timeline of one store, recomputed when the database (or its WAL) changes."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._stamp: tuple | None = None
        self.events: list[dict] = []
        self.compact: list[bytes] = []  # each event's list entry, serialised once per store version
        self.by_id: dict[str, dict] = {}
        self.states: list[dict] = []
        self.meta: dict[str, Any] = {}
        self.actors: set[str] = set()
        self.lists: dict[tuple, list[bytes]] = {}
        self.details: dict[str, bytes] = {}

    def _version(self) -> tuple:
        return tuple(os.stat(p).st_mtime_ns if os.path.exists(p) else 0 for p in (self.db, self.db + "-wal"))

    def refresh(self) -> "_Data":
        stamp = self._version()
        if stamp != self._stamp:
            try:
                store = Store(self.db, readonly=True)
                try:
                    every = store.events(include_historical=True, include_rejected=True)
                finally:
                    store.close()
            except StoreError as exc:
                raise HTTPException(503, str(exc)) from exc
            # rejected events are in no list, map or timeline, but their page still answers (to restore them)
            events = [e for e in every if (e.get("review") or {}).get("status") != "rejected"]
            self.events, self.compact = events, [_dumps(_compact(e)) for e in events]
            self.by_id = {e["id"]: e for e in every}
            self.states = [s.to_json() for s in build_timeline(events)]
            self.meta = _meta(events, self.states)
            self.actors = set(self.meta["actors"])
            self.lists, self.details = {}, {}
            self._stamp = stamp
        return self

    def detail(self, event_id: str) -> bytes | None:
        if event_id not in self.details and event_id in self.by_id:
            if len(self.details) > 2000:
                self.details.clear()
            self.details[event_id] = _dumps(self.by_id[event_id])
        return self.details.get(event_id)

    def filtered(self, key: tuple, keep: Callable[[dict], bool]) -> list[bytes]:
        """The compact events passing `keep`, computed once per store version and filter."""
        if key not in self.lists:
            if len(self.lists) > 256:
                self.lists.clear()
            self.lists[key] = [c for e, c in zip(self.events, self.compact) if keep(e)]
        return self.lists[key]


def _meta(events: list[dict], states: list[dict]) -> dict[str, Any]:
    dates = sorted(e["date"] for e in events if e.get("date") and len(e["date"]) == 10)
    return {"events": len(events), "states": len(states),
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
            "countries": sorted({e["place"]["country"] for e in events if (e.get("place") or {}).get("country")}),
            "actors": sorted({a for e in events for a in (e.get("actor1"), e.get("actor2")) if a}),
            "event_types": sorted({e["event_type"] for e in events if e.get("event_type")}),
            "sub_event_types": sorted(ACLED_TYPES), "review_fields": list(FIELDS),
            "reviewed": sum(bool(e.get("reviewed")) for e in events)}


# -- parameters, checked as the CLI checks its options (cli.py, query.py) ----------------------------
def _day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except IngestError:
        raise HTTPException(422, f"{name} must be a date such as 2021-08-08, not {value!r}") from None


def _checked(resolve: Callable[..., Any], *args: Any) -> Any:
    """A value resolved as the CLI resolves it; what names nothing is a 422 with the CLI's message."""
    try:
        return resolve(*args)
    except FilterError as exc:
        raise HTTPException(422, str(exc).removeprefix("error: ")) from None


def _country(value: str | None) -> str | None:
    return _checked(resolve_country, value) if value else None


LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
OFFSET = Query(0, ge=0, description="Items to skip.")


def _page(items: list, limit: int, offset: int) -> JSON:
    page = items[offset:offset + limit]
    body = b"[" + b",".join(page) + b"]" if page and isinstance(page[0], bytes) else _dumps(page)
    return JSON(body, headers={"X-Total-Count": str(len(items))})


def create_app(db: str = "frontlines.db", access: Access | None = None) -> FastAPI:
    app = FastAPI(title="frontlines", version="0.1.0", docs_url=None, redoc_url=None,
                  description="API over a frontlines store: events, places, control timeline, "
                              "control on a date, and article text with the spans behind every claim. "
                              f"List routes page with limit (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}) and "
                              "offset; X-Total-Count gives the number of matching items. Corrections (the "
                              "review routes, POST) answer only on loopback with the store's review token in an "
                              "X-Review-Token header, as `frontlines serve` prints it.")
    data = _Data(db)
    if Path(db).exists():
        try:
            data.refresh()  # build the cache now, not on the first visitor's request
        except HTTPException:
            pass
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html")  # Swagger UI started by a script file: no inline script

    @app.get("/api/meta", summary="Counts, date range and filter values", response_class=JSON)
    async def meta() -> JSON:
        return JSON(data.refresh().meta)

    @app.get("/api/events", summary="Merged events, filtered, one page", response_class=JSON)
    async def events(country: str | None = None, actor: str | None = None, type: str | None = None,
                     since: str | None = None, until: str | None = None, historical: bool = False,
                     limit: int = LIMIT, offset: int = OFFSET) -> JSON:
        since, until, country = _day(since, "since"), _day(until, "until"), _country(country)
        kind, type = _checked(resolve_type, type) if type else (None, None)
        d = data.refresh()
        actor = _checked(resolve_names, "actor", actor, d.actors) if actor else None

        def keep(e: dict) -> bool:
            date = e.get("date") or ""
            return ((historical or e.get("time_status") != "historical")
                    and (not country or (e.get("place") or {}).get("country") == country)
                    and (not actor or any(actor in fold(a) for a in (e.get("actor1"), e.get("actor2")) if a))
                    and (not type or e.get(kind) == type)
                    and (not since or date >= since) and (not until or date[:10] <= until))

        rows = d.filtered((country, actor, type, since, until, historical), keep)
        return _page(rows, limit, offset)

    @app.get("/api/events/{event_id}", summary="One event with its members, claims and why they merged",
             response_class=JSON)
    async def event(event_id: str) -> JSON:
        e = data.refresh().detail(event_id)
        if e is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return JSON(e)

    @app.get("/api/places", summary="Places with a control history, one page", response_class=JSON)
    async def places(country: str | None = None, limit: int = LIMIT, offset: int = OFFSET) -> JSON:
        seen: dict[tuple, dict] = {}
        country = _country(country)
        for s in data.refresh().states:
            p = s["place"]
            if country and p.get("country") != country:
                continue
            seen.setdefault((p.get("geonameid"), p.get("name"), p.get("kind")), p)
        return _page(list(seen.values()), limit, offset)

    @app.get("/api/timeline", summary="Control states per place, each citing its claims, one page",
             response_class=JSON)
    async def timeline(country: str | None = None, place: str | None = None, limit: int = LIMIT,
                       offset: int = OFFSET) -> JSON:
        country = _country(country)
        rows = [s for s in data.refresh().states
                if (not country or s["place"].get("country") == country)
                and (not place or s["place"].get("name") == place)]
        return _page(rows, limit, offset)

    @app.get("/api/control", summary="The control picture on one day, one page", response_class=JSON)
    async def control(on: str = Query(..., description="YYYY-MM-DD"), country: str | None = None,
                      limit: int = LIMIT, offset: int = OFFSET) -> JSON:
        day, country = _day(on, "on"), _country(country)
        rows = [s for s in data.refresh().states if (not country or s["place"].get("country") == country)
                and (s["start"] or "") <= day and (s["end"] is None or s["end"] > day)]
        return _page(rows, limit, offset)

    @app.get("/api/articles/{article_id:path}", summary="An article's text, for highlighting spans",
             response_class=JSON)
    def article(article_id: str) -> JSON:
        try:
            store = Store(db, readonly=True)
            try:
                a = store.article(article_id)
            finally:
                store.close()
        except StoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return JSON(a)

    # -- corrections: the review log (guard.Guard lets no write through without the review token) ---
    def correct(action: str, event_id: str, why: str, who: str | None, **kw: Any) -> JSON:
        if len(why) > 2000 or (who and len(who) > 200):
            raise HTTPException(422, "why is at most 2,000 characters, who at most 200")
        try:
            store = Store(db)
            try:
                changed = store.correct(action, event_id, who=who or analyst(), why=why, **kw)
                if action == "set" and kw.get("field") == "sub_event_type":
                    from ..corrections import record

                    record(store, event_id, kw["value"])
            finally:
                store.close()
        except ReviewError as exc:
            raise HTTPException(404 if str(exc).startswith("no event") else 422, str(exc)) from None
        except StoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        return JSON(changed)

    @app.post("/api/events/{event_id}/review", response_class=JSON,
              summary="Reject, restore, confirm or set a field of an event (needs the review token)")
    def review(event_id: str, action: str = Body(..., description="reject | restore | confirm | set"),
               field: str | None = Body(None, description=f"for set: one of {', '.join(FIELDS)}"),
               value: str | None = Body(None, description="for set: the new value (empty: unknown)"),
               why: str = Body("", description="why, kept in the review log"),
               who: str | None = Body(None, description="who (default: the user running serve)")) -> JSON:
        if action not in ("reject", "restore", "confirm", "set"):
            raise HTTPException(422, f"action must be reject, restore, confirm or set, not {action!r}")
        kw: dict[str, Any] = {}
        if action == "set":
            try:
                kw = {"field": field, "value": check_value(field or "", value or "")}
            except ReviewError as exc:
                raise HTTPException(422, str(exc)) from None
        return correct(action, event_id, why, who, **kw)

    @app.post("/api/events/{event_id}/merge", response_class=JSON,
              summary="Merge another event's reports into this one (needs the review token)")
    def merge(event_id: str, other: str = Body(..., embed=True), why: str = Body("", embed=True),
              who: str | None = Body(None, embed=True)) -> JSON:
        return correct("merge", event_id, why, who, target=other)

    @app.post("/api/events/{event_id}/split", response_class=JSON,
              summary="Take one report (ARTICLE/EVENT) out into an event of its own (needs the review token)")
    def split(event_id: str, mention: str = Body(..., embed=True), why: str = Body("", embed=True),
              who: str | None = Body(None, embed=True)) -> JSON:
        return correct("split", event_id, why, who, target=mention)

    @app.get("/api/basemap", summary="Province polygons (Natural Earth admin-1, simplified)")
    async def basemap(country: str | None = None) -> Response:
        return Response(_basemap(",".join(sorted({c.upper() for c in country.split(",")})) if country else None),
                        media_type="application/json")

    # level 1: a third of level 9's CPU per answer, and JSON still shrinks about fivefold
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=1)
    app.add_middleware(Guard, access=access or Access())  # added last: it runs first, for every request
    return app


__all__ = ["create_app"]

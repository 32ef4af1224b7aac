"""The local dashboard: a read-only FastAPI app over the store, and a static page.

Every response is computed from committed store content; the store is reopened read-only per
request, and merged events and the timeline are cached until the database file changes.
"""
from __future__ import annotations

import gzip
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from ..config import DATA_DIR
from ..store import Store, StoreError
from ..timeline import build_timeline

STATIC = Path(__file__).parent / "static"


@lru_cache(maxsize=1)
def _basemap() -> dict[str, Any]:
    return json.loads(gzip.decompress((DATA_DIR / "basemap" / "admin1.geojson.gz").read_bytes()))


class _Data:
    """Events and timeline of one store, recomputed when the database (or its WAL) changes."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._stamp: tuple | None = None
        self.events: list[dict] = []
        self.states: list[dict] = []

    def _version(self) -> tuple:
        return tuple(os.stat(p).st_mtime_ns if os.path.exists(p) else 0 for p in (self.db, self.db + "-wal"))

    def refresh(self) -> "_Data":
        stamp = self._version()
        if stamp != self._stamp:
            try:
                store = Store(self.db, readonly=True)
            except StoreError as exc:
                raise HTTPException(503, str(exc)) from exc
            try:
                self.events = store.events(include_historical=True)
                self.states = [s.to_json() for s in build_timeline(self.events)]
            finally:
                store.close()
            self._stamp = stamp
        return self


def _compact(e: dict) -> dict:
    p = e.get("place") or {}
    return {"id": e["id"], "date": e.get("date"), "event_type": e.get("event_type"),
            "sub_event_type": e.get("sub_event_type"), "actor1": e.get("actor1"), "actor2": e.get("actor2"),
            "place": p.get("name"), "country": p.get("country"), "lat": p.get("lat"), "lon": p.get("lon"),
            "fatalities": e.get("fatalities"), "corroboration": e.get("corroboration"),
            "contradicted": e.get("contradicted"), "time_status": e.get("time_status")}


def create_app(db: str = "frontlines.db") -> FastAPI:
    app = FastAPI(title="frontlines", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Read-only API over a frontlines store: events, places, control timeline, "
                              "control on a date, and article text with the spans behind every claim.")
    data = _Data(db)
    if Path(db).exists():
        try:
            data.refresh()  # build the cache now, not on the first visitor's request
        except HTTPException:
            pass
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="frontlines API",
                                   swagger_js_url="/static/vendor/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    @app.get("/api/meta", summary="Counts, date range and filter values")
    def meta() -> dict:
        d = data.refresh()
        dates = sorted(e["date"] for e in d.events if e.get("date") and len(e["date"]) == 10)
        return {"events": len(d.events), "states": len(d.states),
                "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
                "countries": sorted({e["place"]["country"] for e in d.events if (e.get("place") or {}).get("country")}),
                "actors": sorted({a for e in d.events for a in (e.get("actor1"), e.get("actor2")) if a}),
                "event_types": sorted({e["event_type"] for e in d.events if e.get("event_type")})}

    @app.get("/api/events", summary="Merged events, filtered")
    def events(country: str | None = None, actor: str | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None, historical: bool = False) -> list[dict]:
        out = []
        for e in data.refresh().events:
            if not historical and e.get("time_status") == "historical":
                continue
            if country and (e.get("place") or {}).get("country") != country.upper():
                continue
            if actor and actor not in (e.get("actor1"), e.get("actor2")):
                continue
            if type and type not in (e.get("event_type"), e.get("sub_event_type")):
                continue
            if since and (e.get("date") or "") < since or until and (e.get("date") or "") > until:
                continue
            out.append(_compact(e))
        return out

    @app.get("/api/events/{event_id}", summary="One event with its members, claims and why they merged")
    def event(event_id: str) -> dict:
        for e in data.refresh().events:
            if e["id"] == event_id:
                return e
        raise HTTPException(404, f"no event {event_id}")

    @app.get("/api/places", summary="Places with a control history")
    def places(country: str | None = None) -> list[dict]:
        seen: dict[tuple, dict] = {}
        for s in data.refresh().states:
            p = s["place"]
            if country and p.get("country") != country.upper():
                continue
            seen.setdefault((p.get("geonameid"), p.get("name"), p.get("kind")), p)
        return list(seen.values())

    @app.get("/api/timeline", summary="Control states per place, each citing its claims")
    def timeline(country: str | None = None, place: str | None = None) -> list[dict]:
        return [s for s in data.refresh().states
                if (not country or s["place"].get("country") == country.upper())
                and (not place or s["place"].get("name") == place)]

    @app.get("/api/control", summary="The control picture on one day")
    def control(on: str = Query(..., pattern=r"^\d{4}-\d{2}-\d{2}$"), country: str | None = None) -> list[dict]:
        states = [s for s in data.refresh().states if not country or s["place"].get("country") == country.upper()]
        return [s for s in states if (s["start"] or "") <= on and (s["end"] is None or s["end"] > on)]

    @app.get("/api/articles/{article_id:path}", summary="An article's text, for highlighting spans")
    def article(article_id: str) -> dict:
        try:
            store = Store(db, readonly=True)
        except StoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        try:
            a = store.article(article_id)
        finally:
            store.close()
        if a is None:
            raise HTTPException(404, f"no article {article_id}")
        return a

    @app.get("/api/basemap", summary="Province polygons (Natural Earth admin-1, simplified)")
    def basemap(country: str | None = None) -> dict:
        fc = _basemap()
        if not country:
            return fc
        wanted = {c.upper() for c in country.split(",")}
        return {"type": "FeatureCollection",
                "features": [f for f in fc["features"] if f["properties"].get("country") in wanted]}

    return app


__all__ = ["create_app"]

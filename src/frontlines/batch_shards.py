"""`frontlines batch`: archive-scale runs without a database. Inputs are cut into shards of a fixed
number of records; each shard's reports and events go to Parquet files written atomically and named
after the input and the shard number, so a re-run over the same input and output skips what is done."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .engine import Engine
from .ingest import Skipped, read_paths
from .ingest.readers import KNOWN_EXT


@dataclass
class BatchSummary:
    shards_done: int = 0
    shards_skipped: int = 0
    articles: int = 0
    skipped_records: int = 0
    failed: int = 0


def _inputs(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_EXT) if p.is_dir() else [p]
    return files


def _shard_name(path: Path, index: int) -> str:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    return f"{path.stem}-{digest}-{index:05d}"


def _event_rows(article_id: str, report: dict) -> list[dict]:
    places = {p["id"]: p for p in report["places"]}
    rows = []
    for ev in report["events"]:
        p = places.get(ev["place"] or "") or {}
        rows.append({"article_id": article_id, "event": ev["id"], "event_type": ev["event_type"],
                     "sub_event_type": ev["sub_event_type"], "actor1": ev["actor1"], "actor2": ev["actor2"],
                     "date": ev["date"], "time_precision": ev["time_precision"], "time_status": ev["time_status"],
                     "place": p.get("name"), "geonameid": p.get("geonameid"), "country": p.get("country"),
                     "admin1": p.get("admin1"), "latitude": p.get("lat"), "longitude": p.get("lon"),
                     "fatalities": ev["fatalities"], "quantities": json.dumps(ev["quantities"]),
                     "claims": json.dumps(ev["claims"]), "confidence": ev["confidence"]})
    return rows


def _write_atomic(table, path: Path) -> None:
    import pyarrow.parquet as pq

    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def run_batch(paths: list[str], out: Path, engine: Engine, shard_size: int = 1000) -> BatchSummary:
    import pyarrow as pa

    (out / "reports").mkdir(parents=True, exist_ok=True)
    (out / "events").mkdir(parents=True, exist_ok=True)
    summary = BatchSummary()
    for path in _inputs(paths):
        items = read_paths([str(path)])
        for index in range(10**6):
            chunk = list(islice(items, shard_size))
            if not chunk:
                break
            name = _shard_name(path, index)
            if (out / "events" / f"{name}.parquet").exists():
                summary.shards_skipped += 1
                continue
            articles = [a for a in chunk if not isinstance(a, Skipped)]
            summary.skipped_records += len(chunk) - len(articles)
            reports, events = [], []
            for article, report in engine.run(articles):
                if isinstance(report, str):
                    summary.failed += 1
                    continue
                reports.append({"article_id": article.id, "outlet": article.outlet, "published": article.published,
                                "report": json.dumps(report, ensure_ascii=False)})
                events += _event_rows(article.id, report)
            summary.articles += len(reports)
            _write_atomic(pa.Table.from_pylist(reports, schema=_REPORTS), out / "reports" / f"{name}.parquet")
            # the events shard is written last: its presence marks the shard as done
            _write_atomic(pa.Table.from_pylist(events, schema=_EVENTS), out / "events" / f"{name}.parquet")
            summary.shards_done += 1
    return summary


def _schemas():
    import pyarrow as pa

    reports = pa.schema([("article_id", pa.string()), ("outlet", pa.string()), ("published", pa.string()),
                         ("report", pa.string())])
    s, i, f = pa.string(), pa.int64(), pa.float64()
    events = pa.schema([("article_id", s), ("event", s), ("event_type", s), ("sub_event_type", s), ("actor1", s),
                        ("actor2", s), ("date", s), ("time_precision", i), ("time_status", s), ("place", s),
                        ("geonameid", i), ("country", s), ("admin1", s), ("latitude", f), ("longitude", f),
                        ("fatalities", i), ("quantities", s), ("claims", s), ("confidence", f)])
    return reports, events


_REPORTS, _EVENTS = _schemas()

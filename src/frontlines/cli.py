"""The `frontlines` command: a thin layer over the Python API."""
from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .ingest import IngestError, Skipped, parse_published, read_paths
from .safe_text import CleanStream, json_text, log_handler, markup

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Conflict news in, sourced events and control out.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="The embedded GeoNames gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")
log = logging.getLogger("frontlines")
err = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, status: int = 2) -> None:
    err.print(f"[bold red]error:[/] {markup(message)}", soft_wrap=True)
    raise typer.Exit(status)


def _checked_inputs(paths: list[str], published: Optional[str]) -> Optional[str]:
    """Logging for skipped records, then usage errors before anything heavy loads."""
    logging.basicConfig(level=logging.WARNING, handlers=[log_handler(sys.stderr, "%(levelname)s %(name)s: %(message)s")])
    if published is not None:
        try:
            published = parse_published(published)
        except IngestError as exc:
            _fail(str(exc))
    for p in paths:
        if p != "-" and not Path(p).exists():
            _fail(f"no such file or folder: {p}")
    return published


@app.command()
def extract(
    path: str = typer.Argument(..., help="A .txt, .html, .jsonl, .csv or feed file, a folder of them, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for texts that carry none."),
    outlet: Optional[str] = typer.Option(None, help="Outlet name for texts that carry none."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json or jsonl for tools."),
) -> None:
    """Extract events, places, sources and control from news articles."""
    published = _checked_inputs([path], published)
    from .pipeline import process_many  # loads spaCy: only once the arguments are known to be good

    reports = []
    skipped = 0

    def articles():
        nonlocal skipped
        for item in read_paths([path], published=published, outlet=outlet):
            if isinstance(item, Skipped):
                skipped += 1
            else:
                yield item

    for article, report in process_many(articles()):
        if isinstance(report, Exception):  # one bad article must not stop a batch
            log.warning("skipped %s: extraction failed: %s", article.id, report)
            skipped += 1
            continue
        if format is Format.jsonl:
            sys.stdout.write(json_text(json.dumps(report.to_dict(), ensure_ascii=False)) + "\n")
        elif format is Format.table:
            from .render import print_report
            print_report(report)
        else:
            reports.append(report.to_dict())
    if format is Format.json:
        out = reports[0] if len(reports) == 1 else reports
        sys.stdout.write(json_text(json.dumps(out, ensure_ascii=False, indent=2)) + "\n")
    if skipped:
        err.print(f"[yellow]{skipped} record(s) skipped[/] (reasons logged above)")
    if not reports and format is Format.json and skipped:
        raise typer.Exit(1)


class EventsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"


DB_OPTION = typer.Option("frontlines.db", "--db", help="The SQLite store.")


class EngineName(str, Enum):
    local = "local"
    ray = "ray"


def _engine(name: "EngineName", workers: Optional[int], address: Optional[str]):
    if name is EngineName.ray:
        try:
            from .ray_engine import RayEngine
        except ImportError:
            _fail("the Ray engine needs the extra: pip install 'frontlines[ray]'")
        try:
            import ray  # noqa: F401
        except ImportError:
            _fail("the Ray engine needs the extra: pip install 'frontlines[ray]'")
        return RayEngine(address=address, num_cpus=workers)
    from .engine import LocalEngine

    return LocalEngine(workers)


def _open_store(db: str, readonly: bool = True):
    from .store import Store, StoreError

    try:
        return Store(db, readonly=readonly)
    except StoreError as exc:
        _fail(str(exc), 1)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders: .txt .html .jsonl .csv .rss .atom .xml"),
    db: str = DB_OPTION,
    workers: Optional[int] = typer.Option(None, help="Extraction processes (default: the machine's cores)."),
    published: Optional[str] = typer.Option(None, help="Publication date for texts that carry none."),
    outlet: Optional[str] = typer.Option(None, help="Outlet for texts that carry none."),
    engine: EngineName = typer.Option(EngineName.local, help="local (multiprocessing) or ray."),
    address: Optional[str] = typer.Option(None, help="Ray cluster address (ray://HOST:10001); default RAY_ADDRESS."),
) -> None:
    """Read articles into the store, extract them in parallel, and merge events across articles."""
    published = _checked_inputs(paths, published)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .batch import ingest as run_ingest

    store = _open_store(db, readonly=False)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task("ingesting", total=None)
        t0 = __import__("time").perf_counter()

        def progress(s) -> None:
            rate = (s.new + s.duplicate) / max(__import__("time").perf_counter() - t0, 1e-6)
            bar.update(task, description=f"read {s.read}  new {s.new}  duplicate {s.duplicate}  "
                                         f"skipped {s.skipped}  ({rate:.1f} articles/s)")

        summary = run_ingest(paths, store, _engine(engine, workers, address), published=published, outlet=outlet,
                             progress=progress)
    rate = (summary.new + summary.duplicate) / max(summary.seconds, 1e-6)
    err.print(f"read {summary.read}, new {summary.new}, duplicate {summary.duplicate}, skipped {summary.skipped}"
              + (f" ({', '.join(f'{k}: {v}' for k, v in summary.reasons.items())})" if summary.reasons else "")
              + f"; {summary.events} merged events in {markup(db)}; {summary.seconds:.1f} s, {rate:.1f} articles/s")


@app.command()
def batch(
    paths: list[str] = typer.Argument(..., help="Input files or folders (JSONL, CSV, text, HTML, feeds)."),
    out: Path = typer.Option(..., "--out", help="Output folder for Parquet shards (reports/ and events/)."),
    engine: EngineName = typer.Option(EngineName.local, help="local (multiprocessing) or ray."),
    workers: Optional[int] = typer.Option(None, help="Local processes, or CPUs for a local Ray."),
    address: Optional[str] = typer.Option(None, help="Ray cluster address (ray://HOST:10001); default RAY_ADDRESS."),
    shard_size: int = typer.Option(1000, help="Records per shard."),
) -> None:
    """Archive-scale extraction to Parquet shards, without a database; re-runs skip finished shards."""
    _checked_inputs(paths, None)
    from .batch_shards import run_batch

    s = run_batch(paths, out, _engine(engine, workers, address), shard_size=shard_size)
    err.print(f"{s.shards_done} shard(s) written, {s.shards_skipped} already done; {s.articles} articles, "
              f"{s.skipped_records} bad records skipped, {s.failed} failed extraction; output in {out}")


@app.command()
def events(
    db: str = DB_OPTION,
    country: Optional[str] = typer.Option(None, help="ISO 3166-1 alpha-2 code."),
    since: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
    type: Optional[str] = typer.Option(None, "--type", help="An ACLED event type or sub-event type."),
    historical: bool = typer.Option(False, help="Include historical background events."),
    format: EventsFormat = typer.Option(EventsFormat.table, "--format", "-f"),
) -> None:
    """Query merged events."""
    from .lexicons import ACLED_TYPES

    for value, name in ((since, "--since"), (until, "--until")):
        if value is not None:
            try:
                parse_published(value)
            except IngestError:
                _fail(f"{name} must be YYYY-MM-DD, not {value!r}")
    if type is not None and type not in ACLED_TYPES and type not in set(ACLED_TYPES.values()):
        _fail(f"unknown event type {type!r}; see `frontlines events --help`")
    store = _open_store(db)
    rows = store.events(country, since, until, sub_event_type=type if type in ACLED_TYPES else None,
                        event_type=type if type in set(ACLED_TYPES.values()) else None, include_historical=historical)
    if format is EventsFormat.json:
        sys.stdout.write(json_text(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
    elif format is EventsFormat.csv:
        from .export import to_acled_csv
        CleanStream(sys.stdout).write(to_acled_csv(rows))
    else:
        from .render import print_events
        print_events(rows)


@app.command("event")
def event_detail(event_id: str = typer.Argument(...), db: str = DB_OPTION) -> None:
    """One merged event: its member reports, why they merged, and every claim."""
    store = _open_store(db)
    ev = store.event(event_id)
    if ev is None:
        _fail(f"no event {event_id!r} in {db}")
    from .render import print_event
    print_event(ev)


@app.command()
def export(
    format: ExportFormat = typer.Option(..., "--format", "-f"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: stdout; required for parquet)."),
    db: str = DB_OPTION,
    historical: bool = typer.Option(False, help="Include historical background events."),
) -> None:
    """Export merged events: ACLED-compatible CSV, GeoJSON, Parquet or JSONL."""
    from . import export as ex

    rows = _open_store(db).events(include_historical=historical)
    if format is ExportFormat.parquet:
        if out is None:
            _fail("--out FILE is required for parquet")
    text = {ExportFormat.acled_csv: lambda: ex.to_acled_csv(rows),
            ExportFormat.geojson: lambda: json.dumps(ex.to_geojson(rows), ensure_ascii=False),
            ExportFormat.jsonl: lambda: ex.to_jsonl(rows), ExportFormat.parquet: lambda: ""}[format]()
    if out is None:
        if format is ExportFormat.acled_csv:
            CleanStream(sys.stdout).write(text)
        else:
            sys.stdout.write(json_text(text))
        return
    try:  # a temporary file renamed over `out` on success: never a half-written or lost export
        if format is ExportFormat.parquet:
            ex.write_parquet(rows, str(out))
        else:
            with ex.atomic_file(out, encoding="utf-8") as fh:
                fh.write(text)
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror or exc}; any previous {out.name} is unchanged", 1)
    err.print(f"{len(rows)} events written to {markup(str(out))}")


def _states(db: str, place: Optional[str], country: Optional[str]):
    from .timeline import build_timeline

    rows = build_timeline(_open_store(db).events())
    if country:
        rows = [s for s in rows if (s.place.get("country") or "").upper() == country.upper()]
    if place:
        from .places.gazetteer import normalize

        rows = [s for s in rows if normalize(s.place.get("name") or "") == normalize(place)]
    return rows


def _print_states(states, fmt: "EventsFormat", title: str) -> None:
    data = [s.to_json() for s in states]
    if fmt is EventsFormat.json:
        sys.stdout.write(json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    elif fmt is EventsFormat.csv:
        import csv as csv_mod

        w = csv_mod.writer(CleanStream(sys.stdout))
        w.writerow(["place", "kind", "country", "admin1", "holder", "status", "start", "end", "events", "evidence"])
        for d in data:
            w.writerow([d["place"]["name"], d["place"]["kind"], d["place"]["country"], d["place"]["admin1"], d["holder"],
                        d["status"], d["start"], d["end"] or "", " ".join(d["events"]),
                        " | ".join(f'{e["article"]}[{e["span"][0]}:{e["span"][1]}] {e["source"]} ({e["stance"]})'
                                   for e in d["evidence"])])
    else:
        from .render import print_states
        print_states(data, title)


@app.command()
def timeline(
    db: str = DB_OPTION,
    place: Optional[str] = typer.Option(None, help="A place name."),
    country: Optional[str] = typer.Option(None, help="ISO 3166-1 alpha-2 code."),
    format: EventsFormat = typer.Option(EventsFormat.table, "--format", "-f"),
) -> None:
    """Who held each place, from when to when, with the claims behind every state."""
    _print_states(_states(db, place, country), format, "control timeline")


@app.command()
def control(
    on: str = typer.Option(..., "--on", help="YYYY-MM-DD"),
    db: str = DB_OPTION,
    country: Optional[str] = typer.Option(None, help="ISO 3166-1 alpha-2 code."),
    format: EventsFormat = typer.Option(EventsFormat.table, "--format", "-f"),
) -> None:
    """The control picture on one day."""
    from .timeline import control_on

    try:
        day = parse_published(on)
    except IngestError:
        _fail(f"--on must be YYYY-MM-DD, not {on!r}")
    _print_states(control_on(_states(db, None, country), day), format, f"control on {day}")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(8765, help="Port."),
    token: Optional[str] = typer.Option(None, envvar="FRONTLINES_TOKEN",
                                        help="Token every request must carry off loopback (default: a random one)."),
) -> None:
    """The local dashboard: map, date slider, events and their evidence (read-only)."""
    _open_store(db).close()  # a missing, damaged or foreign file is one line now, not a 503 per request
    from .web.assets import VENDOR

    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        _fail("the dashboard's browser code is not installed: run `python -m frontlines.web.assets` "
              "(a set-up step: it fetches Leaflet from the npm registry)")
    import uvicorn

    from .web.app import create_app
    from .web.guard import access_for

    access = access_for(host, token)
    if access.warning:
        err.print(f"[bold yellow]warning:[/] {markup(access.warning.replace('PORT', str(port)))}", soft_wrap=True)
    err.print(markup(f"frontlines dashboard on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)"))
    uvicorn.run(create_app(db, access), host=host, port=port, log_level="warning")


eval_app = typer.Typer(no_args_is_help=True, help="Measure agreement with human-coded data you hold.")
app.add_typer(eval_app, name="eval")


@eval_app.command("acled")
def eval_acled(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="An ACLED export (CSV) with notes.")) -> None:
    """Run the pipeline over each row's notes and report per-field agreement with ACLED's coding."""
    from rich.table import Table

    from .evaluate import FIELDS, evaluate_acled

    result = evaluate_acled(path)
    t = Table(title=f"agreement with {path.name}: {result.rows} rows, {result.skipped} skipped, "
                    f"{result.no_event} with no event found")
    t.add_column("field")
    t.add_column("agreement", justify="right")
    t.add_column("rows judged", justify="right")
    for f in FIELDS:
        r = result.rate(f)
        t.add_row(f, "-" if r is None else f"{r:.1%}", str(result.judged[f]))
    Console().print(t)


@gazetteer_app.command("build")
def gazetteer_build(
    geonames: Optional[Path] = typer.Option(None, exists=True, dir_okay=False,
                                            help="A GeoNames dump: allCountries.zip, cities500.zip or a country file."),
    path: Optional[Path] = typer.Option(None, help="Where to write the index (default: the user cache)."),
) -> None:
    """Build (or rebuild) the SQLite gazetteer index."""
    from .places.gazetteer import build, default_path

    counts = build(path or default_path(), geonames_file=geonames, progress=True)
    err.print(counts)


def main() -> None:
    from .store import StoreError

    try:
        app()
    except StoreError as exc:  # a store that cannot be read or written: one line and status 1
        err.print(f"[bold red]error:[/] {markup(str(exc))}", soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()

"""The `frontlines` command: a thin layer over the Python API.

Every view takes `--format table|json|jsonl|csv`; tables use the terminal's width (or `--width N`)
and become one line per item when piped. Filters name what the store holds, whatever the case or
accents; a value that matches nothing is an error listing the valid ones. Exit status: 0 done,
1 done but records were skipped (how many and why on stderr), 2 usage error.
"""
from __future__ import annotations

import functools
import inspect
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.console import Console

from .budget import OverBudget
from .config import SETTINGS
from .ingest import IngestError, Skipped, parse_country, parse_published, read_paths
from .safe_text import CleanStream, SafeConsole, json_text, log_handler

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Conflict news in, sourced events and control out.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="The embedded GeoNames gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")
log = logging.getLogger("frontlines")
err = SafeConsole(stderr=True, soft_wrap=True)  # messages stay one line; stored text in them is only text
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_STORE = 1  # a store that cannot be read or written, or an export that cannot be written


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Stance(str, Enum):
    asserted = "asserted"
    denied = "denied"
    unverified = "unverified"


class TimeStatus(str, Enum):
    current = "current"
    ongoing = "ongoing"
    future = "future"
    historical = "historical"


def _fail(message: str, status: int = EXIT_USAGE) -> None:
    message = message if message.startswith("error:") else f"error: {message}"
    err.print(message, style="bold red", markup=False, highlight=False)
    raise typer.Exit(status)


FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", help="table for people; json, jsonl or csv for tools.")
WIDTH_OPTION = typer.Option(None, "--width", min=40, help="Table width (default: the terminal's; piped: one line per item).")
DB_OPTION = typer.Option("frontlines.db", "--db", help="The SQLite store.")
WHY_OPTION = typer.Option("", "--why", help="Why (kept in the review log).")
WHO_OPTION = typer.Option(None, "--who", help="Who corrects (default: FRONTLINES_ANALYST, else your login name).")


def _view(width: Optional[int]):
    from .render import is_compact, make_console

    console = make_console(width)
    return console, is_compact(console, width)


def _write_json(data: Any, fmt: Format) -> None:
    if fmt is Format.jsonl:
        items = data if isinstance(data, list) else [data]
        sys.stdout.write("".join(json_text(json.dumps(x, ensure_ascii=False)) + "\n" for x in items))
    else:
        sys.stdout.write(json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


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


def _checked_country(country: Optional[str]) -> Optional[str]:
    """The --country hint as ISO alpha-2, or a usage error."""
    if country is None:
        return None
    try:
        return parse_country(country)
    except IngestError as exc:
        _fail(str(exc))


COUNTRY_HINT = typer.Option(None, "--country", "-c", help="The country the texts are about (AF, AFG or Afghanistan), "
                                                          "for records with no 'country' field: weighs where places are.")


def _exit_after_skips(skipped: int, reasons: dict[str, int], processed: int) -> None:
    """Done, but not everything: say how many records were skipped and why, and exit non-zero."""
    if not skipped:
        return
    why = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1]))
    err.print(f"{skipped} record(s) skipped ({why}); {processed} processed. Each skip is logged above.",
              style="yellow", markup=False, highlight=False)
    raise typer.Exit(EXIT_SKIPPED)


@app.command()
def extract(
    path: str = typer.Argument(..., help="A .txt, .html, .jsonl, .csv or feed file, a folder of them, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date (2021-08-08, 8 August 2021) for texts that carry none."),
    outlet: Optional[str] = typer.Option(None, help="Outlet name for texts that carry none."),
    country: Optional[str] = COUNTRY_HINT,
    format: Format = FORMAT_OPTION,
    width: Optional[int] = WIDTH_OPTION,
    evidence: bool = typer.Option(False, "--evidence", help="Show each event's sentence, trigger marked, and confidence."),
    min_confidence: float = typer.Option(SETTINGS.min_confidence, min=0.0, max=1.0,
                                         help="Tables and CSV show events at least this sure; 0 shows all. "
                                              "JSON and JSONL always hold every event with its confidence."),
) -> None:
    """Extract events, places, sources and control from news articles (nothing stored)."""
    published = _checked_inputs([path], published)
    country = _checked_country(country)
    from .batch import Summary
    from .pipeline import (
        process_many,  # loads spaCy: only once the arguments are known to be good
    )

    reports: list[dict] = []
    skips = Summary()
    console, compact = _view(width)
    csv_header = True

    def articles():
        for item in read_paths([path], published=published, outlet=outlet, country=country):
            if isinstance(item, Skipped):
                skips.skip(item.reason)
            else:
                yield item

    processed = 0
    for article, report in process_many(articles()):
        if isinstance(report, Exception):  # one bad article must not stop a batch
            log.warning("skipped %s: extraction failed: %s", article.id, report)
            skips.skip("over the time budget" if isinstance(report, OverBudget) else "extraction failed")
            continue
        processed += 1
        if format is Format.jsonl:
            sys.stdout.write(json_text(json.dumps(report.to_dict(), ensure_ascii=False)) + "\n")
        elif format is Format.table:
            from .render import print_report
            print_report(_sure(report, min_confidence), console, compact=compact, evidence=evidence)
        elif format is Format.csv:
            from .export import to_acled_csv
            from .render import contract_events
            text = to_acled_csv(contract_events(_sure(report, min_confidence).to_dict(), article.text))
            CleanStream(sys.stdout).write(text if csv_header else text.split("\n", 1)[1])
            csv_header = False
        else:
            reports.append(report.to_dict())
    if format is Format.json:
        out = reports[0] if len(reports) == 1 else reports
        sys.stdout.write(json_text(json.dumps(out, ensure_ascii=False, indent=2)) + "\n")
    _exit_after_skips(skips.skipped, dict(skips.reasons), processed)


def _sure(report, threshold: float):
    """The report with only the events at least `threshold` sure (what people read by default)."""
    from dataclasses import replace

    return replace(report, events=[e for e in report.events if e.confidence >= threshold])


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"


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
        _fail(str(exc), EXIT_STORE)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders: .txt .html .jsonl .csv .rss .atom .xml"),
    db: str = DB_OPTION,
    workers: Optional[int] = typer.Option(None, help="Extraction processes (default: the machine's cores)."),
    published: Optional[str] = typer.Option(None, help="Publication date for texts that carry none."),
    outlet: Optional[str] = typer.Option(None, help="Outlet for texts that carry none."),
    country: Optional[str] = COUNTRY_HINT,
    engine: EngineName = typer.Option(EngineName.local, help="local (multiprocessing) or ray."),
    address: Optional[str] = typer.Option(None, help="Ray cluster address (ray://HOST:10001); default RAY_ADDRESS."),
) -> None:
    """Read articles into the store, extract them in parallel, and merge events across articles."""
    published = _checked_inputs(paths, published)
    country = _checked_country(country)
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
                             country=country, progress=progress)
    rate = (summary.new + summary.duplicate) / max(summary.seconds, 1e-6)
    err.print(f"read {summary.read}, new {summary.new}, duplicate {summary.duplicate}, skipped {summary.skipped}"
              f"; {summary.events} merged events in {db}; {summary.seconds:.1f} s, {rate:.1f} articles/s",
              markup=False, highlight=False)
    _exit_after_skips(summary.skipped, dict(summary.reasons), summary.new + summary.duplicate)


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


# -- filters shared by events, summary and export ---------------------------------------------
_FILTERS: list[tuple[str, Any, Any]] = [
    ("country", Optional[list[str]], typer.Option(None, "--country", "-c", help="alpha-2 (AF), alpha-3 (AFG) or name; repeatable.")),
    ("since", Optional[str], typer.Option(None, help="From this day, YYYY-MM-DD.")),
    ("until", Optional[str], typer.Option(None, help="Up to this day, YYYY-MM-DD.")),
    ("type", Optional[list[str]], typer.Option(None, "--type", "-t", help="ACLED event type or sub-event type, any case ('explosions', 'air/drone strike'); repeatable.")),
    ("place", Optional[str], typer.Option(None, help="A place: its name, the text's spelling, or its province.")),
    ("near", Optional[str], typer.Option(None, help="LAT,LON: events within --radius km of this point.")),
    ("radius", float, typer.Option(25.0, help="Radius in km for --near.")),
    ("actor", Optional[str], typer.Option(None, help="An actor on either side (part of its name).")),
    ("outlet", Optional[str], typer.Option(None, help="An outlet that reported the event.")),
    ("source", Optional[str], typer.Option(None, help="A quoted source (person, group, ministry).")),
    ("article", Optional[str], typer.Option(None, help="A stored article's id.")),
    ("stance", Optional[Stance], typer.Option(None, help="Events with a claim of this stance.")),
    ("min_confidence", Optional[float], typer.Option(None, min=0.0, max=1.0,
                                                     help="Events at least this sure (0-1); the default is "
                                                          f"{SETTINGS.min_confidence}, 0 shows all.")),
    ("time_status", Optional[list[TimeStatus]], typer.Option(None, help="current|ongoing|future|historical; repeatable (default all but historical).")),
    ("historical", bool, typer.Option(False, help="Include historical background events.")),
    ("reviewed_only", bool, typer.Option(False, "--reviewed-only", help="Only events an analyst has reviewed (the review log).")),
    ("rejected", bool, typer.Option(False, "--rejected", help="Include events an analyst rejected.")),
]


def with_filters(fn: Callable[..., None]) -> Callable[..., None]:
    """Adds the event filter options to a command; the command gets them as one dict `filters`."""
    sig = inspect.signature(fn, eval_str=True)
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
             for name, kind, default in _FILTERS]

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> None:
        filters = {name: kwargs.pop(name) for name, _, _ in _FILTERS}
        fn(filters=filters, **kwargs)

    params = [p for p in sig.parameters.values() if p.name != "filters"]
    wrapper.__signature__ = sig.replace(parameters=[p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params] + extra)
    wrapper.__annotations__ = {p.name: p.annotation for p in params} | {n: k for n, k, _ in _FILTERS}
    return wrapper


def _day(value: Optional[str], name: str) -> Optional[str]:
    if value is None:
        return None
    try:
        return parse_published(value)
    except IngestError:
        _fail(f"{name} must be a date such as 2021-08-08, not {value!r}")


def _selected(store, filters: dict[str, Any], *, texts: bool = False) -> list[dict[str, Any]]:
    """The store's events that pass the filters, with confidence and evidence sentences."""
    from .query import (
        EventFilter,
        FilterError,
        keep,
        resolve_country,
        resolve_names,
        resolve_type,
        unknown_value,
        vocabulary,
        with_mentions,
    )

    f = EventFilter(since=_day(filters["since"], "--since"), until=_day(filters["until"], "--until"))
    events = store.events(include_historical=True, include_rejected=filters["rejected"],
                          reviewed_only=filters["reviewed_only"])
    try:
        f.countries = [resolve_country(c) for c in filters["country"] or []]
        for t in filters["type"] or []:
            kind, name = resolve_type(t)
            (f.event_types if kind == "event_type" else f.sub_event_types).append(name)
        vocab = vocabulary(events)
        for key in ("place", "actor", "outlet", "source"):
            if filters[key]:
                setattr(f, key, resolve_names(key, filters[key], vocab[key]))
        if filters["article"]:
            if filters["article"] not in set(store.article_ids()):
                raise unknown_value("article", filters["article"], store.article_ids())
            f.article = filters["article"]
    except FilterError as exc:
        _fail(str(exc))
    if filters["near"]:
        try:
            lat, lon = (float(x) for x in filters["near"].split(","))
        except ValueError:
            _fail(f"--near must be LAT,LON such as 36.67,65.75, not {filters['near']!r}")
        f.near, f.radius_km = (lat, lon), filters["radius"]
    f.stance = filters["stance"].value if filters["stance"] else None
    f.min_confidence = filters["min_confidence"] if filters["min_confidence"] is not None else SETTINGS.min_confidence
    if filters["time_status"]:
        f.time_statuses = [t.value for t in filters["time_status"]]
    elif filters["historical"]:
        f.time_statuses = [*f.time_statuses, "historical"]
    mentions = store.event_mentions()
    text_of = None
    if texts:
        text_of = store.article_texts([m["article_id"] for ms in mentions.values() for m in ms])
    rows = [e for e in with_mentions(events, mentions, text_of) if keep(e, f)]
    if not rows and events and f.countries:
        stored = sorted({(e.get("place") or {}).get("country") or "?" for e in events})
        err.print(f"no events match; countries in this store: {', '.join(stored)}", style="yellow", markup=False)
    return rows


def _write_events(rows: list[dict[str, Any]], fmt: Format, width: Optional[int], evidence: bool) -> None:
    if fmt in (Format.json, Format.jsonl):
        _write_json(rows, fmt)
    elif fmt is Format.csv:
        from .export import to_acled_csv
        CleanStream(sys.stdout).write(to_acled_csv(rows))
    else:
        from .render import print_events
        console, compact = _view(width)
        print_events(rows, console, compact=compact, evidence=evidence)


@app.command()
@with_filters
def events(
    filters: dict,
    db: str = DB_OPTION,
    format: Format = FORMAT_OPTION,
    width: Optional[int] = WIDTH_OPTION,
    evidence: bool = typer.Option(False, "--evidence", help="Show each event's sentence, trigger marked, and confidence."),
) -> None:
    """Query merged events, filtered by country, dates, type, place, actor, outlet, source, article,
    stance, confidence and time status."""
    store = _open_store(db)
    rows = _selected(store, filters, texts=evidence or format in (Format.json, Format.jsonl))
    if format is Format.csv and not filters["time_status"]:
        from .export import (
            exportable,  # an ACLED CSV holds what happened, as `export` writes it
        )

        rows = exportable(rows, include_historical=filters["historical"])
    _write_events(rows, format, width, evidence)


@app.command()
@with_filters
def summary(filters: dict, db: str = DB_OPTION, format: Format = FORMAT_OPTION, width: Optional[int] = WIDTH_OPTION,
            top: int = typer.Option(15, help="Rows per table (weeks are all shown).")) -> None:
    """Counts by event type, sub-event type, country, actor and week, for the store or a filter."""
    from .render import print_summary, summary_counts

    rows = _selected(_open_store(db), filters)
    counts = summary_counts(rows, top)
    if format in (Format.json, Format.jsonl):
        _write_json({"events": len(rows), **{k: dict(v) for k, v in counts.items()}}, format)
    elif format is Format.csv:
        import csv as csv_mod
        w = csv_mod.writer(CleanStream(sys.stdout))
        w.writerow(["by", "value", "events"])
        for k, items in counts.items():
            w.writerows([k, name, n] for name, n in items)
    else:
        console, compact = _view(width)
        print_summary(counts, len(rows), console, compact=compact)


@app.command("event")
def event_detail(event_id: str = typer.Argument(..., help="A merged event's id (see `frontlines events`)."),
                 db: str = DB_OPTION, format: Format = FORMAT_OPTION, width: Optional[int] = WIDTH_OPTION,
                 reject: bool = typer.Option(False, "--reject", help="Reject it: no view, export or timeline shows it."),
                 restore: bool = typer.Option(False, "--restore", help="Undo a rejection."),
                 confirm: bool = typer.Option(False, "--confirm", help="Confirm it as coded."),
                 set_: Optional[list[str]] = typer.Option(None, "--set", help="FIELD=VALUE: sub_event_type, actor1, "
                                                          "actor2, date, fatalities, time_status or facility; repeatable."),
                 why: str = WHY_OPTION, who: Optional[str] = WHO_OPTION) -> None:
    """One merged event: its member reports, why they merged, every claim with its quoted sentence,
    and the evidence sentences with their trigger and confidence. With --reject, --restore, --confirm
    or --set, first logs that correction (who, when, why) in the store's review log."""
    from .query import unknown_value, with_mentions

    actions = [a for a, on in (("reject", reject), ("restore", restore), ("confirm", confirm)) if on]
    if len(actions) > 1:
        _fail("give one of --reject, --restore, --confirm")
    sets = [_field_value(x) for x in set_ or []]
    if actions or sets:
        store = _open_store(db, readonly=False)
        for name, value in sets:
            _correct(store, "set", event_id, who, why, field=name, value=value)
        for action in actions:
            _correct(store, action, event_id, who, why)
    store = _open_store(db)
    ev = store.event(event_id)
    if ev is None:
        ids = [e["id"] for e in store.events(include_historical=True, include_rejected=True)]
        _fail(str(unknown_value("event id", event_id, ids, limit=10)))
    members = {m["article"] for m in ev.get("members") or []} | {c["article"] for c in ev.get("claims") or []}
    texts = store.article_texts(list(members))
    ev = with_mentions([ev], store.event_mentions([event_id]), texts)[0]
    for cl in ev.get("claims") or []:
        if cl["article"] in texts:
            cl["sentence"] = " ".join(texts[cl["article"]][cl["span"][0]:cl["span"][1]].split())
    if format in (Format.json, Format.jsonl):
        _write_json(ev, format)
    elif format is Format.csv:
        from .export import to_acled_csv
        CleanStream(sys.stdout).write(to_acled_csv([ev]))
    else:
        from .render import print_event
        console, compact = _view(width)
        print_event(ev, console, texts=texts, compact=compact)


def _field_value(raw: str) -> tuple[str, Any]:
    from .review import ReviewError, check_value

    name, eq, value = raw.partition("=")
    if not eq:
        _fail(f"--set takes FIELD=VALUE, not {raw!r}")
    try:
        return name.strip(), check_value(name.strip(), value)
    except ReviewError as exc:
        _fail(f"--set {raw!r}: {exc}")


def _correct(store, action: str, event_id: str, who: Optional[str], why: str, **kw: Any) -> list[dict]:
    """Log one correction; say what changed on stderr (one line per event)."""
    from .review import ReviewError, analyst

    try:
        changed = store.correct(action, event_id, who=who or analyst(), why=why, **kw)
    except ReviewError as exc:
        _fail(str(exc))
    if action == "set" and kw.get("field") == "sub_event_type":
        from .corrections import record

        record(store, event_id, kw["value"])
    for e in changed:
        if "merged_into" in e:
            err.print(f"{e['id']}: merged into {e['merged_into']}", markup=False, highlight=False)
        else:
            err.print(f"{e['id']}: {e['review']['status']} ({len(e['members'])} report(s); "
                      f"{e.get('sub_event_type')}, {e.get('date') or 'date unknown'})", markup=False, highlight=False)
    return changed


@app.command("merge")
def merge_events(event_id: str = typer.Argument(..., help="The event that stays."),
                 other: str = typer.Argument(..., help="The event whose reports join it."),
                 db: str = DB_OPTION, why: str = WHY_OPTION, who: Optional[str] = WHO_OPTION) -> None:
    """Merge two events an analyst knows to be one: OTHER's reports join EVENT_ID (logged; kept
    across re-ingest)."""
    _correct(_open_store(db, readonly=False), "merge", event_id, who, why, target=other)


@app.command("split")
def split_event(event_id: str = typer.Argument(..., help="A merged event's id."),
                mention: str = typer.Argument(..., help="The report to take out: ARTICLE/EVENT as `frontlines event` "
                                                        "lists it, or ARTICLE when the event has one report of it."),
                db: str = DB_OPTION, why: str = WHY_OPTION, who: Optional[str] = WHO_OPTION) -> None:
    """Take one report out of a merged event into an event of its own (logged; kept across re-ingest)."""
    store = _open_store(db, readonly=False)
    ev = store.event(event_id)
    if ev is not None and "/" not in mention:
        keys = [f'{m["article"]}/{m["event"]}' for m in ev["members"] if m["article"] == mention]
        if len(keys) == 1:
            mention = keys[0]
    _correct(store, "split", event_id, who, why, target=mention)


@app.command("review")
@with_filters
def review(filters: dict, db: str = DB_OPTION, who: Optional[str] = WHO_OPTION,
           most_sure_first: bool = typer.Option(False, "--most-sure-first", help="Most confident events first "
                                                "(default: least confident first, where errors are)."),
           width: Optional[int] = WIDTH_OPTION) -> None:
    """Review unreviewed events one at a time: each with its evidence sentence, trigger highlighted,
    and single keys to confirm, reject, retype or edit it. Every answer is in the store at once."""
    from .corrections import record
    from .review import analyst
    from .review_session import queue, run, terminal_answers

    store = _open_store(db, readonly=False)
    rows = queue(store, _selected(store, filters, texts=True), highest_first=most_sure_first)
    console, _ = _view(width)
    run(store, rows, console, terminal_answers(), who or analyst(), on_type=lambda e, label: record(store, e["id"], label))


@app.command("article")
def article_detail(article_id: str = typer.Argument(..., help="A stored article's id."), db: str = DB_OPTION,
                   format: Format = FORMAT_OPTION, width: Optional[int] = WIDTH_OPTION) -> None:
    """One stored article's report: its events with their sentences, places, sources and control."""
    from .query import unknown_value

    store = _open_store(db)
    report = store.report(article_id)
    if report is None:
        _fail(str(unknown_value("article", article_id, store.article_ids(), limit=10)))
    article = store.article(article_id) or {}
    from .render import contract_events, print_article

    rows = contract_events(report, article.get("text") or "")
    if format in (Format.json, Format.jsonl):
        _write_json(report, format)
    elif format is Format.csv:
        from .export import to_acled_csv
        CleanStream(sys.stdout).write(to_acled_csv(rows))
    else:
        console, compact = _view(width)
        print_article(article, report, rows, console, compact=compact)


@app.command()
@with_filters
def export(
    filters: dict,
    format: ExportFormat = typer.Option(..., "--format", "-f"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: stdout; required for parquet)."),
    db: str = DB_OPTION,
) -> None:
    """Export merged events that happened (never future or hypothetical ones): ACLED-compatible CSV
    with frontlines_id and article_ids, GeoJSON, Parquet or JSONL."""
    from . import export as ex

    store = _open_store(db)
    selected = _selected(store, filters)
    rows = ex.exportable(selected, include_historical=filters["historical"] or
                         "historical" in [t.value for t in filters["time_status"] or []])
    if len(rows) < len(selected):
        err.print(f"{len(selected) - len(rows)} future or hypothetical event(s) not exported", markup=False)
    if filters["reviewed_only"] and not store.reviewed_event_ids():
        _fail("--reviewed-only: nothing in this store has been reviewed yet (see `frontlines review`)")
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
        _fail(f"cannot write {out}: {exc.strerror or exc}; any previous {out.name} is unchanged", EXIT_STORE)
    err.print(f"{len(rows)} events written to {out}", markup=False, highlight=False)


def _states(db: str, place: Optional[str], country: Optional[str]):
    from .query import FilterError, fold, resolve_country, resolve_names
    from .timeline import build_timeline

    rows = build_timeline(_open_store(db).events(include_historical=True))  # recent background dates changes too
    try:
        if country:
            iso = resolve_country(country)
            rows = [s for s in rows if (s.place.get("country") or "").upper() == iso]
        if place:
            resolve_names("place", place, [s.place.get("name") or "" for s in rows])
            rows = [s for s in rows if fold(s.place.get("name") or "") == fold(place)
                    or fold(s.place.get("name") or "").startswith(fold(place) + " ")]
    except FilterError as exc:
        _fail(str(exc))
    return rows


def _print_states(states, fmt: Format, width: Optional[int], title: str) -> None:
    data = [s.to_json() for s in states]
    if fmt in (Format.json, Format.jsonl):
        _write_json(data, fmt)
    elif fmt is Format.csv:
        import csv as csv_mod

        w = csv_mod.writer(CleanStream(sys.stdout))
        w.writerow(["place", "kind", "country", "admin1", "holder", "status", "start", "end", "events",
                    "first_evidence", "evidence"])

        def cite(e: dict) -> str:
            return f'{e["article"]}[{e["span"][0]}:{e["span"][1]}] {e["source"]} ({e["stance"]})'

        for d in data:
            w.writerow([d["place"]["name"], d["place"]["kind"], d["place"]["country"], d["place"]["admin1"], d["holder"],
                        d["status"], d["start"], d["end"] or "", " ".join(d["events"]),
                        cite(d["first_evidence"]) if d["first_evidence"] else "",
                        " | ".join(cite(e) for e in d["evidence"])])
    else:
        from .render import print_states
        console, compact = _view(width)
        print_states(data, title, console, compact=compact)


@app.command()
def timeline(
    db: str = DB_OPTION,
    place: Optional[str] = typer.Option(None, help="A place name."),
    country: Optional[str] = typer.Option(None, "--country", "-c", help="alpha-2 (AF), alpha-3 (AFG) or name."),
    format: Format = FORMAT_OPTION,
    width: Optional[int] = WIDTH_OPTION,
) -> None:
    """Who held each place, from when to when, with the claims behind every state and the first of them."""
    _print_states(_states(db, place, country), format, width, "control timeline")


@app.command()
def control(
    on: str = typer.Option(..., "--on", help="YYYY-MM-DD"),
    db: str = DB_OPTION,
    country: Optional[str] = typer.Option(None, "--country", "-c", help="alpha-2 (AF), alpha-3 (AFG) or name."),
    format: Format = FORMAT_OPTION,
    width: Optional[int] = WIDTH_OPTION,
) -> None:
    """The control picture on one day: one state per place."""
    from .timeline import control_on

    day = _day(on, "--on")
    _print_states(control_on(_states(db, None, country), day), format, width, f"control on {day}")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(8765, help="Port."),
    token: Optional[str] = typer.Option(None, envvar="FRONTLINES_TOKEN",
                                        help="Token every request must carry off loopback (default: a random one)."),
) -> None:
    """The local dashboard: map, date slider, events and their evidence; on loopback, corrections
    from the evidence panel with the store's review token (printed here)."""
    _open_store(db).close()  # a missing, damaged or foreign file is one line now, not a 503 per request
    from .web.assets import VENDOR

    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        _fail("the dashboard's browser code is not installed: run `python -m frontlines.web.assets` "
              "(a set-up step: it fetches Leaflet from the npm registry)")
    import uvicorn

    from .web.app import create_app
    from .web.guard import access_for

    from .web.guard import is_loopback

    review_token = None
    if is_loopback(host):  # corrections from the dashboard: loopback only, with the store's own secret
        from .store import Store, StoreError

        try:
            writer = Store(db)
            review_token = writer.secret("review_token")
            writer.close()
        except StoreError as exc:
            err.print(f"the dashboard is read-only: {exc}", style="yellow", markup=False)
    access = access_for(host, token, review_token)
    if access.warning:
        err.print(f"warning: {access.warning.replace('PORT', str(port))}", style="bold yellow", markup=False)
    err.print(f"frontlines dashboard on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)", markup=False)
    if review_token:
        err.print(f"review token: {review_token}  (read-only without it; to review, open "
                  f"http://{host}:{port}/?review={review_token} )", markup=False, highlight=False)
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
        err.print(f"error: {exc}", style="bold red", markup=False, highlight=False)
        sys.exit(EXIT_STORE)


if __name__ == "__main__":
    main()
